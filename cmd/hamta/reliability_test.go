package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"hamta/align"
	"hamta/workspace"
)

// tmuxServer starts a tmux server of its own for a test, and returns a
// function to run tmux commands on it; it skips the test where tmux is
// missing.
func tmuxServer(t *testing.T) func(args ...string) (string, error) {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux not installed")
	}
	socket := fmt.Sprintf("hamta-test-%d-%d", os.Getpid(), time.Now().UnixNano())
	run := func(args ...string) (string, error) {
		out, err := exec.Command(tmux, append([]string{"-L", socket}, args...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { run("kill-server") })
	return run
}

// waitFor polls until check holds, failing the test after a while with
// what describe says.
func waitFor(t *testing.T, what string, check func() bool, describe func() string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if check() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("waited for %s:\n%s", what, describe())
}

// TestBrowserAndOtherProcesses opens the browser in a real terminal and,
// while it is open, runs from another shell a search (which must succeed),
// an index (which must say at once who holds the workspace), a second
// browser (which must search), and, after a correction in the first
// browser, an export and a search again.
func TestBrowserAndOtherProcesses(t *testing.T) {
	tmux := tmuxServer(t)
	bin := hamtaBinary(t)
	dir := corpusCopy(t)
	out := t.TempDir()
	env := fmt.Sprintf("env HOME=%s XDG_CACHE_HOME=%s TERM=xterm-256color", out, filepath.Join(out, "cache"))
	if o, err := tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", env+" "+bin+" --bidi app "+dir); err != nil {
		t.Fatalf("tmux: %v\n%s", err, o)
	}
	screen := func(target string) func() string {
		return func() string { s, _ := tmux("capture-pane", "-p", "-t", target); return s }
	}
	shows := func(target, what string) func() bool {
		return func() bool { return strings.Contains(screen(target)(), what) }
	}
	waitFor(t, "the library", shows("t:0", "translation"), screen("t:0"))

	// A command in another shell: its exit status and output go to files.
	shell := func(name string, args ...string) (code int, stdout, stderr string) {
		t.Helper()
		base := filepath.Join(out, name)
		cmd := fmt.Sprintf("%s %s %s >%s.out 2>%s.err; echo $? >%s.code", env, bin, strings.Join(args, " "), base, base, base)
		if o, err := tmux("new-window", "-d", "-n", name, "sh", "-c", cmd); err != nil {
			t.Fatalf("tmux: %v\n%s", err, o)
		}
		start := time.Now()
		waitFor(t, name+" to finish", func() bool {
			b, err := os.ReadFile(base + ".code")
			return err == nil && strings.HasSuffix(string(b), "\n")
		}, func() string { return "" })
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s took %v", name, d)
		}
		b, _ := os.ReadFile(base + ".code")
		fmt.Sscan(string(b), &code)
		o, _ := os.ReadFile(base + ".out")
		e, _ := os.ReadFile(base + ".err")
		return code, string(o), string(e)
	}

	code, stdout, stderr := shell("search", "search", "--corpus", dir, "--limit", "3", "Haniyeh")
	if code != 0 || !strings.Contains(stdout, "of") || !strings.Contains(stdout, "001_4458d8df9d782b8d.txt") {
		t.Errorf("search while the browser is open: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = shell("index", "index", dir)
	if code != exitFail || !strings.Contains(stderr, "the hamta browser (process") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("index while the browser is open: exit %d %q", code, stderr)
	}

	// A second browser searches.
	if o, err := tmux("new-window", "-d", "-n", "second", env+" "+bin+" --bidi app "+dir); err != nil {
		t.Fatalf("tmux: %v\n%s", err, o)
	}
	waitFor(t, "the second browser", shows("t:second", "translation"), screen("t:second"))
	tmux("send-keys", "-t", "t:second", "/")
	waitFor(t, "the search screen", shows("t:second", "/ "), screen("t:second"))
	tmux("send-keys", "-t", "t:second", "-l", "Haniyeh")
	waitFor(t, "the second browser's hits", shows("t:second", "hits for Haniyeh"), screen("t:second"))
	if strings.Contains(screen("t:second")(), "search unavailable") {
		t.Errorf("second browser cannot search:\n%s", screen("t:second")())
	}
	tmux("send-keys", "-t", "t:second", "Escape")
	waitFor(t, "the second browser's library", shows("t:second", "library"), screen("t:second"))
	tmux("send-keys", "-t", "t:second", "q")

	// A correction in the first browser: the index changes under the
	// readers.
	tmux("send-keys", "-t", "t:0", "Enter")
	waitFor(t, "the parallel view", shows("t:0", "bead "), screen("t:0"))
	tmux("send-keys", "-t", "t:0", "c")
	corrections := filepath.Join(dir, workspace.DirName, workspace.CorrectionsFile)
	waitFor(t, "the correction saved", func() bool {
		b, _ := os.ReadFile(corrections)
		return strings.Contains(string(b), "\n  confirmed ")
	}, screen("t:0"))
	code, stdout, stderr = shell("export", "export", "--corpus", dir, "--confirmed", "--unaligned", "--format", "jsonl")
	if code != 0 || strings.Count(stdout, "\n") != 1 || !strings.Contains(stdout, `"confirmed":true`) {
		t.Errorf("export after a correction: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = shell("search2", "search", "--corpus", dir, "--limit", "3", "Haniyeh")
	if code != 0 || !strings.Contains(stdout, "001_4458d8df9d782b8d.txt") {
		t.Errorf("search after a correction: exit %d\n%s\n%s", code, stdout, stderr)
	}
	tmux("send-keys", "-t", "t:0", "Escape")
	waitFor(t, "the library", shows("t:0", "library"), screen("t:0"))
	tmux("send-keys", "-t", "t:0", "q")
	waitFor(t, "the browser to quit", func() bool {
		_, err := tmux("has-session", "-t", "t")
		return err != nil
	}, screen("t:0"))
}

// generatedCorpus writes a corpus of the fixture pairs, copied n times
// with a line of their own, whose pairing takes a few seconds.
func generatedCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob("../../testdata/align/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for k := 1; k <= n; k++ {
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(filepath.Base(f), ".txt") // name.fa
			name := strings.Replace(base, ".", fmt.Sprintf("-%d.", k), 1) + ".txt"
			b = append(b, fmt.Sprintf("\n\nReport %d.\n", k)...)
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// TestInterruptedFirstRunResumes sends SIGINT to a first "hamta index"
// while it pairs, and checks that the next run keeps every alignment the
// first had saved. (That a resumed run finds the same pairs as one never
// interrupted is checked in the workspace package, on a corpus whose
// pairing has no ties.)
func TestInterruptedFirstRunResumes(t *testing.T) {
	bin := hamtaBinary(t)
	dir := generatedCorpus(t, 40)
	packPath := filepath.Join(dir, workspace.DirName, "alignments.pack")
	cmd := exec.Command(bin, "index", dir)
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the first alignments are saved: the pack holds a
	// record after its header line.
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var err error
wait:
	for {
		select {
		case err = <-exited:
			t.Fatalf("hamta index ended before it saved an alignment could be interrupted: %v\n%s", err, stderr.String())
		case <-time.After(5 * time.Millisecond):
			if b, _ := os.ReadFile(packPath); bytes.IndexByte(b, '\n') >= 0 && len(b) > bytes.IndexByte(b, '\n')+1 {
				cmd.Process.Signal(syscall.SIGINT)
				err = <-exited
				break wait
			}
		}
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitFail || !strings.Contains(stderr.String(), "interrupted") {
		t.Fatalf("interrupted index: %v\n%s", err, stderr.String())
	}
	before := readPack(t, packPath)
	if len(before) == 0 {
		t.Fatalf("nothing saved")
	}

	code, stdout, errs := runBinary(t, "index", dir)
	if code != exitOK || !strings.Contains(errs, "took up an interrupted run:") || !strings.Contains(stdout, "index built") {
		t.Fatalf("resumed index: exit %d\n%s\n%s", code, stdout, errs)
	}
	var kept int
	fmt.Sscanf(errs[strings.Index(errs, "took up an interrupted run:"):], "took up an interrupted run: %d", &kept)
	if kept == 0 {
		t.Errorf("no alignment kept: %s", errs)
	}
	// Every alignment the interrupted run saved was kept as it was.
	after := readPack(t, packPath)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("alignment %s: saved %q, kept %q", k, v, after[k])
		}
	}
	if len(before) != kept {
		t.Errorf("%d alignments saved, %d kept", len(before), kept)
	}
}

// readPack reads the records of a workspace pack (one header line, then
// records of the key's and the value's lengths as varints, the key, the
// value and a CRC-32), the last of each key.
func readPack(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		t.Fatalf("%s: no header", path)
	}
	out := map[string]string{}
	for r := b[nl+1:]; len(r) > 0; {
		kn, n1 := binary.Uvarint(r)
		vn, n2 := binary.Uvarint(r[n1:])
		at := n1 + n2
		if n1 <= 0 || n2 <= 0 || len(r) < at+int(kn+vn)+4 {
			break // a record cut short
		}
		out[string(r[at:at+int(kn)])] = string(r[at+int(kn) : at+int(kn+vn)])
		r = r[at+int(kn+vn)+4:]
	}
	return out
}

// TestDamagedIndexRepaired damages the index's segment and its root.bolt
// and checks that search and index say so in one line, rebuild it, and
// let none of Bleve's own logging through.
func TestDamagedIndexRepaired(t *testing.T) {
	for _, damage := range []string{"segment", "root.bolt"} {
		t.Run(damage, func(t *testing.T) {
			dir := corpusCopy(t)
			if code, _, errs := runBinary(t, "index", dir); code != exitOK {
				t.Fatal(errs)
			}
			gens, _ := filepath.Glob(filepath.Join(dir, workspace.DirName, workspace.IndexDir, "gen-*"))
			if len(gens) != 1 {
				t.Fatalf("generations %v", gens)
			}
			switch damage {
			case "segment":
				zaps, _ := filepath.Glob(filepath.Join(gens[0], "store", "*.zap"))
				fi, _ := os.Stat(zaps[0])
				os.Truncate(zaps[0], fi.Size()/2)
			case "root.bolt":
				p := filepath.Join(gens[0], "store", "root.bolt")
				b, _ := os.ReadFile(p)
				for i := 4096; i < len(b); i += 5 {
					b[i] ^= 0xa5
				}
				os.WriteFile(p, b, 0o600)
			}
			code, stdout, errs := runBinary(t, "search", "--corpus", dir, "Haniyeh")
			if code != exitOK || !strings.Contains(stdout, "001_4458d8df9d782b8d.txt") {
				t.Errorf("search of a damaged index: exit %d\n%s\n%s", code, stdout, errs)
			}
			if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "the search index was damaged") || !strings.Contains(errs, "it was rebuilt") {
				t.Errorf("want one line saying the index was rebuilt; stderr:\n%s", errs)
			}
			if code, _, errs := runBinary(t, "index", dir); code != exitOK || errs != "" {
				t.Errorf("index after the repair: exit %d %q", code, errs)
			}
		})
	}
}

// TestAwkwardNames runs a pair of files whose names hold '#', quotes, a
// tab and a newline through confirming a bead, a restart, and export.
func TestAwkwardNames(t *testing.T) {
	dir := t.TempDir()
	faName, enName := "fa #1 \"quoted\"\tand\nnewline.txt", "en #2 'x'\t.txt"
	for src, dst := range map[string]string{"001_4458d8df9d782b8d.txt": faName, "000_b79e0ac07a66befb.txt": enName} {
		b, err := os.ReadFile(filepath.Join("../../testdata/corpus", src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o644); err != nil {
			t.Skipf("file names with a newline: %v", err)
		}
	}
	// Confirm a bead, as the browser does.
	ctx := context.Background()
	s, err := workspace.Load(ctx, workspace.Options{CorpusDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pairs) != 1 || s.Pairs[0].FA != faName || s.Pairs[0].EN != enName {
		t.Fatalf("pairs %+v", s.Pairs)
	}
	p := s.Pairs[0]
	p.Beads = append([]align.Bead(nil), p.Beads...)
	for i := range p.Beads {
		if p.Beads[i].Linked() {
			p.Beads[i].Confirmed = true
			break
		}
	}
	if err := s.Correct(ctx, p); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// A restart: the corrections file reads back; export has the bead.
	code, out, errs := runBinary(t, "export", "--confirmed", "--format", "jsonl", dir)
	if code != exitOK || errs != "" || strings.Count(out, "\n") != 1 {
		t.Fatalf("export: exit %d %q\n%s", code, errs, out)
	}
	var row struct {
		FA string `json:"fa_doc"`
		EN string `json:"en_doc"`
	}
	if err := json.Unmarshal([]byte(out), &row); err != nil || row.FA != faName || row.EN != enName {
		t.Errorf("exported row %+v, %v", row, err)
	}
	code, out, errs = runBinary(t, "pairs", dir)
	if code != exitOK || errs != "" || strings.Count(out, "\n") != 2 || !strings.Contains(out, `"fa #1 \"quoted\"\tand\nnewline.txt"`) {
		t.Errorf("pairs: exit %d %q\n%s", code, errs, out)
	}
	code, out, _ = runBinary(t, "ls", dir)
	if code != exitOK || strings.Count(out, "\n") != 4 || !strings.Contains(out, `\n`) {
		t.Errorf("ls: the table breaks:\n%s", out)
	}
	code, out, errs = runBinary(t, "search", "--corpus", dir, "--limit", "1", "Haniyeh")
	if code != exitOK || !strings.Contains(out, `"fa #1`) {
		t.Errorf("search: exit %d %q\n%s", code, errs, out)
	}
}

func TestExportOutput(t *testing.T) {
	dir := corpusCopy(t)
	out := t.TempDir()
	wd, _ := os.Getwd()
	os.Chdir(out)
	defer os.Chdir(wd)
	code, stdout, errs := runHamta(t, "export", "-o", "-", dir)
	if code != exitOK || !strings.HasPrefix(stdout, "fa_doc\ten_doc") {
		t.Errorf("-o -: exit %d %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "-")); err == nil {
		t.Error("-o - made a file named -")
	}
	source := filepath.Join(dir, "000_b79e0ac07a66befb.txt")
	before, _ := os.ReadFile(source)
	code, _, errs = runHamta(t, "export", "-o", source, dir)
	if code != exitFail || !strings.Contains(errs, "refused to write") || !strings.Contains(errs, "corpus file") {
		t.Errorf("export over a corpus file: exit %d %q", code, errs)
	}
	if after, _ := os.ReadFile(source); string(after) != string(before) {
		t.Error("corpus file changed")
	}
	code, _, errs = runHamta(t, "export", "-o", filepath.Join(dir, workspace.DirName, workspace.CorrectionsFile), dir)
	if code != exitFail || !strings.Contains(errs, "workspace") {
		t.Errorf("export into the workspace: exit %d %q", code, errs)
	}
	_, help, _ := runHamta(t, "export", "--help")
	if !strings.Contains(help, "\n  -o file") || strings.Contains(help, "--o ") || !strings.Contains(help, "--force") {
		t.Errorf("help:\n%s", help)
	}
}
