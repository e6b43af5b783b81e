package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runHamta runs one command line and returns its exit status and output.
func runHamta(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestLsBundled(t *testing.T) {
	code, out, errs := runHamta(t, "ls")
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{
		"000_b79e0ac07a66befb.txt  text    en",
		"001_4458d8df9d782b8d.txt  text    fa",
		"امیرعبداللهیان در دیدار با رئیس دفتر سیاسی جنبش حماس",
		"Israel Obliged to Negotiate Truce after Military Failure in Gaza: Amirabdollahian",
		"5 documents in bundled sample corpus",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ls output lacks %q:\n%s", want, out)
		}
	}
}

// TestLsJSONFullTitles: JSON carries whole titles; the table shortens
// long ones.
func TestLsJSONFullTitles(t *testing.T) {
	_, out, _ := runHamta(t, "ls", "--format", "json")
	var titles []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var e struct{ Title string }
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(e.Title, "…") {
			t.Errorf("title cut: %q", e.Title)
		}
		titles = append(titles, e.Title)
	}
	if !strings.HasSuffix(titles[0], "to the detriment of the usurping, aggressor and criminal Zionist regime.") {
		t.Errorf("title %q", titles[0])
	}
}

func TestLsFolderWithBadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("en/report.txt", []byte("Floods in the North\n\nHeavy rain flooded three provinces on Monday."))
	write("fa/گزارش.txt", []byte("سیل در شمال\n\nباران شدید سه استان را در روز دوشنبه فرا گرفت."))
	write("broken.txt", []byte("\x00\x01\x02\x03"))
	write(".hamta/cache.txt", []byte("workspace files are not documents"))

	code, out, errs := runHamta(t, "ls", dir)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "en/report.txt") || !strings.Contains(out, "fa/گزارش.txt") || !strings.Contains(out, "2 documents") {
		t.Errorf("output:\n%s", out)
	}
	if strings.Contains(out, "cache.txt") {
		t.Errorf("workspace file listed:\n%s", out)
	}
	if !strings.Contains(errs, "broken.txt: skipped: binary file") {
		t.Errorf("stderr does not name the bad file: %q", errs)
	}

	code, out, _ = runHamta(t, "ls", "--format", "json", "--corpus", dir)
	if code != exitOK || strings.Count(out, "\n") != 2 || !strings.Contains(out, `"lang":"fa"`) {
		t.Errorf("json ls: exit %d\n%s", code, out)
	}
}

func TestExitStatus(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		stderr  string // substring of the one-line error
		stdout  string // substring of the output
		noError bool
		lines   bool // the error is followed by the list of commands
	}{
		{name: "help", args: []string{"--help"}, code: exitOK, stdout: "Commands:"},
		{name: "help command", args: []string{"help", "ls"}, code: exitOK, stdout: "--max-size"},
		{name: "command help", args: []string{"ls", "--help"}, code: exitOK, stdout: "--format"},
		{name: "unknown flag", args: []string{"ls", "--bogus"}, code: exitUsage, stderr: "-bogus"},
		{name: "bad format", args: []string{"ls", "--format", "xml"}, code: exitUsage, stderr: `invalid value "xml" for flag --format: want text or json`},
		{name: "bad lang", args: []string{"search", "--lang", "de", "x"}, code: exitUsage, stderr: "want fa or en"},
		{name: "bad bidi", args: []string{"--bidi", "rtl"}, code: exitUsage, stderr: "want auto, terminal or app"},
		{name: "bad unit", args: []string{"export", "--unit", "word"}, code: exitUsage, stderr: "--unit: want paragraph"},
		{name: "unknown command", args: []string{"frobnicate"}, code: exitUsage, stderr: "unknown command frobnicate\n", lines: true},
		{name: "help on unknown command", args: []string{"help", "frobnicate"}, code: exitUsage, stderr: "unknown command frobnicate", lines: true},
		{name: "missing corpus path", args: []string{"./no/such/folder"}, code: exitFail, stderr: "not a readable folder"},
		{name: "bad size", args: []string{"ls", "--max-size", "lots"}, code: exitUsage, stderr: `"lots"`},
		{name: "two corpora", args: []string{"ls", "--corpus", "a", "b"}, code: exitUsage, stderr: "corpus given twice"},
		{name: "missing folder", args: []string{"ls", "/no/such/folder"}, code: exitFail, stderr: "/no/such/folder"},
		{name: "excluded word", args: []string{"search", "Hamas", "-ceasefire", "--lang", "en"}, code: exitOK, stdout: "rows"},
		{name: "stopwords only", args: []string{"search", "the", "of"}, code: exitUsage, stderr: "only common words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runHamta(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if !strings.Contains(errs, tt.stderr) || !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q\nstderr %q", out, errs)
			}
			if tt.code != exitOK && !tt.lines && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
				t.Errorf("error is not one line: %q", errs)
			}
			if tt.lines && !strings.Contains(errs, "Commands:") {
				t.Errorf("no list of commands: %q", errs)
			}
		})
	}
}

// TestRootHelp: "hamta --help" lists every command and every flag of the
// browser, one-letter flags with one dash.
func TestRootHelp(t *testing.T) {
	_, out, _ := runHamta(t, "--help")
	for _, want := range []string{"ls ", "pairs ", "align ", "export ", "--corpus folder", "--workspace folder", "--max-size size", "--bidi mode", "auto, terminal or app"} {
		if !strings.Contains(out, want) {
			t.Errorf("hamta --help lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = runHamta(t, "export", "--help")
	if !strings.Contains(out, "\n  -o file") || strings.Contains(out, "--o ") || !strings.Contains(out, "--format format") || !strings.Contains(out, "tsv, tmx or jsonl") {
		t.Errorf("hamta export --help:\n%s", out)
	}
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"a", "--format", "json", "b"}, "a b|json"},
		{[]string{"--format", "json", "--", "-x", "--format"}, "-x --format|json"},
		{[]string{"a", "--", "--format"}, "a --format|text"},
		{[]string{"rights", "-freedom", "--format=json"}, "rights -freedom|json"},
		{[]string{"-format", "json", "-5", "x"}, "-5 x|json"},
	}
	for _, tt := range tests {
		o := &lsOptions{}
		fs := newFlagSetForTest(o)
		rest, err := parseInterspersed(fs, tt.args)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(rest, " ") + "|" + o.format; got != tt.want {
			t.Errorf("parse %q = %q, want %q", tt.args, got, tt.want)
		}
	}
	// An unknown flag with two dashes is still a mistake.
	if _, err := parseInterspersed(newFlagSetForTest(&lsOptions{}), []string{"--formt", "json"}); !isFlagError(err) {
		t.Errorf("--formt = %v", err)
	}
}

func newFlagSetForTest(o *lsOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.StringVar(&o.format, "format", "text", "")
	return fs
}

// TestMain gives the tests a cache folder of their own, so the bundled
// corpus's workspace is fresh for every run and never shared with a
// hamta the user runs, or with another test run on the same machine.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hamta-cmd-test-cache-")
	if err != nil {
		panic(err)
	}
	// The go command keeps its build cache under the user's cache folder
	// too: keep it where it was, so building the binary stays quick.
	if os.Getenv("GOCACHE") == "" {
		if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	binDir = filepath.Join(dir, "bin")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
