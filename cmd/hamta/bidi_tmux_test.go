package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"hamta/corpus"
	"hamta/ui/rtl"
)

// tmuxSession is the built binary running in a tmux window of its own.
type tmuxSession struct {
	t      *testing.T
	tmux   string
	socket string
}

// startTmux builds hamta and runs it with args in a width×height tmux
// window, with a home and cache of its own. It skips where tmux is
// missing.
func startTmux(t *testing.T, width, height int, args ...string) *tmuxSession {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux not installed")
	}
	if testing.Short() {
		t.Skip("short mode")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hamta")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	s := &tmuxSession{t: t, tmux: tmux, socket: fmt.Sprintf("hamta-bidi-%d-%s", os.Getpid(), t.Name())}
	t.Cleanup(func() { s.run("kill-server") })
	cmdline := fmt.Sprintf("env HOME=%s XDG_CACHE_HOME=%s TERM=xterm-256color LANG=C.UTF-8 %s %s", dir, filepath.Join(dir, "cache"), bin, strings.Join(args, " "))
	if out, err := s.run("new-session", "-d", "-s", "t", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), cmdline); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	return s
}

func (s *tmuxSession) run(args ...string) (string, error) {
	out, err := exec.Command(s.tmux, append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	return string(out), err
}

// screen is the window's text; with escapes, its styles as SGR too.
func (s *tmuxSession) screen(escapes bool) string {
	args := []string{"capture-pane", "-p", "-t", "t"}
	if escapes {
		args = append(args, "-e")
	}
	out, _ := s.run(args...)
	return out
}

func (s *tmuxSession) keys(keys ...string) {
	s.run(append([]string{"send-keys", "-t", "t"}, keys...)...)
}

func (s *tmuxSession) typeText(text string) { s.run("send-keys", "-t", "t", "-l", text) }

func (s *tmuxSession) waitFor(what string) string {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if sc := s.screen(false); strings.Contains(sc, what) {
			return sc
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("waited for %q; screen:\n%s", what, s.screen(false))
	return ""
}

// readRTL reads a visual line right to left, as a Persian reader does:
// letters and marks right to left (brackets mirrored back), runs of
// left-to-right text (Latin, digits) left to right; then un-shapes it
// (NFKC) and drops joiners.
func readRTL(line string) string {
	type cl struct {
		rs  []rune
		ltr bool
	}
	var cls []cl
	for _, r := range line {
		if len(cls) > 0 && (unicode.Is(unicode.Mn, r) || r == '\u200c') {
			cls[len(cls)-1].rs = append(cls[len(cls)-1].rs, r)
			continue
		}
		c := rtl.ClassOf(r)
		cls = append(cls, cl{rs: []rune{r}, ltr: c == rtl.L || c == rtl.EN || c == rtl.AN})
	}
	slices.Reverse(cls)
	// Restore left-to-right runs: strong LTR clusters and the separators
	// and spaces between them.
	for i := 0; i < len(cls); i++ {
		if !cls[i].ltr {
			continue
		}
		j, end := i, i+1
		for j = i + 1; j < len(cls); j++ {
			c := rtl.ClassOf(cls[j].rs[0])
			if cls[j].ltr {
				end = j + 1
				continue
			}
			if c != rtl.WS && c != rtl.CS && c != rtl.ES && c != rtl.ET {
				break
			}
		}
		slices.Reverse(cls[i:end])
		i = end - 1
	}
	var b strings.Builder
	for _, c := range cls {
		for _, r := range c.rs {
			if !c.ltr {
				r = rtl.Mirror(r)
			}
			b.WriteRune(r)
		}
	}
	return comparableText(b.String())
}

// comparableText un-shapes text and drops what takes no cell.
func comparableText(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if r == '\u200c' || r == '\u200d' || r == '\u200e' || r == '\u200f' {
			return -1
		}
		return r
	}, s)
}

func isArabicLetter(r rune) bool {
	return unicode.IsLetter(r) && unicode.Is(unicode.Arabic, r)
}

func isPresentationForm(r rune) bool {
	return (r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFC)
}

// TestPersianInTmux opens the sample pair 001↔000 with --bidi app in
// tmux, a terminal that neither reorders nor joins, and reads every page
// of the Persian pane: the letters must be in joined presentation forms,
// and every line, read right to left and un-shaped, must be a run of a
// paragraph of the source.
func TestPersianInTmux(t *testing.T) {
	const width, height = 120, 40
	s := startTmux(t, width, height, "--bidi app")
	s.waitFor("translation")
	s.keys("Enter")
	s.waitFor("bead 1/")

	d, err := corpus.ReadFile("../../testdata/corpus/001_4458d8df9d782b8d.txt", corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var source []string
	for _, p := range d.Paragraphs {
		source = append(source, comparableText(rtl.SanitizeString(p.Text)))
	}
	var letters, forms, joined, lines, bad int
	seen := map[string]bool{}
	start := time.Now()
	for page := 0; page < 12; page++ {
		sc := s.screen(false)
		rows := strings.Split(strings.TrimRight(sc, "\n"), "\n")
		if len(rows) != height {
			t.Fatalf("%d rows for height %d", len(rows), height)
		}
		for _, row := range rows[2 : height-1] { // below the header and pane titles, above the status bar
			_, fa, ok := strings.Cut(row, " │ ")
			// The cursor mark of the focused Persian pane stands at the
			// right edge; a ¶ alone parts two paragraphs of one bead.
			fa = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(fa), "▐"))
			if !ok || fa == "" || fa == "¶" || seen[fa] {
				continue
			}
			seen[fa] = true
			lines++
			for _, r := range fa {
				switch {
				case isPresentationForm(r):
					letters++
					forms++
					if n := norm.NFKC.String(string(r)); r < 0xFEF5 && PresentationFormIsJoined(r, n) {
						joined++
					}
				case isArabicLetter(r):
					letters++
				}
			}
			read := readRTL(fa)
			found := false
			for _, p := range source {
				found = found || strings.Contains(p, read)
			}
			if !found {
				bad++
				if bad <= 5 {
					t.Errorf("line %q reads %q, in no paragraph of the source", fa, read)
				}
			}
		}
		s.keys("PageDown")
		time.Sleep(300 * time.Millisecond)
	}
	t.Logf("read in %v", time.Since(start))
	if letters == 0 || lines < 20 {
		t.Fatalf("read %d Persian lines, %d letters", lines, letters)
	}
	pct := 100 * float64(forms) / float64(letters)
	t.Logf("%d Persian lines, %d Arabic-script letters: %.1f%% in presentation forms (%d), %d of them joined to a neighbour", lines, letters, pct, forms, joined)
	if pct < 95 {
		t.Errorf("only %.1f%% of Arabic-script letters are in presentation forms", pct)
	}
}

// PresentationFormIsJoined reports whether a presentation form is a
// final, initial or medial form (joined to a neighbour) rather than an
// isolated one, by comparing it with the letter's isolated form.
func PresentationFormIsJoined(form rune, base string) bool {
	rs := []rune(base)
	if len(rs) != 1 {
		return false
	}
	return rtl.PresentationForm(rs[0], rtl.Isolated) != form
}

// TestTypedQueryInTmux types a Persian query: the search box, the
// result count and the pane titles show it in visual order, shaped.
func TestTypedQueryInTmux(t *testing.T) {
	s := startTmux(t, 120, 40, "--bidi app")
	s.waitFor("translation")
	s.keys("/")
	s.waitFor("/ ")
	s.typeText("هنیه")
	sc := s.waitFor("hits for")
	rows := strings.Split(sc, "\n")
	want := comparableText("هنیه")
	box := strings.TrimPrefix(strings.TrimRight(rows[0], " "), "/ ")
	if got := readRTL(strings.TrimSpace(box)); got != want {
		t.Errorf("search box %q reads %q, want %q", rows[0], got, want)
	}
	if strings.Contains(rows[0], "هنیه") || !strings.Contains(rows[0], "ﻪﯿﻨﻫ") {
		t.Errorf("search box not in visual order and shaped: %q", rows[0])
	}
	count := strings.TrimSpace(rows[1])
	if !strings.HasSuffix(count, "hits for ﻪﯿﻨﻫ") {
		t.Errorf("result count %q", count)
	}
	s.keys("Escape")
	s.waitFor("translation")
	s.keys("Enter")
	sc = s.waitFor("bead 1/")
	if title := strings.Split(sc, "\n")[1]; !strings.Contains(title, "· ﯽﺳﺭﺎﻓ") {
		t.Errorf("Persian pane title not in visual order: %q", title)
	}
}

// sgrParams are the attributes set by the SGR sequences in s, colour
// arguments left out.
func sgrParams(s string) []int {
	var out []int
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			return out
		}
		s = s[i+2:]
		j := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > ';' })
		if j < 0 || s[j] != 'm' {
			continue
		}
		var ps []int
		for _, f := range strings.Split(s[:j], ";") {
			n := 0
			fmt.Sscan(f, &n)
			ps = append(ps, n)
		}
		for k := 0; k < len(ps); k++ {
			switch ps[k] {
			case 38, 48, 58:
				if k+1 < len(ps) && ps[k+1] == 5 {
					k += 2
				} else if k+1 < len(ps) && ps[k+1] == 2 {
					k += 4
				}
				continue
			}
			out = append(out, ps[k])
		}
		s = s[j:]
	}
}

// TestEscapeInjectionInTmux browses a corpus whose files hold escape
// sequences, C1 controls and bidi overrides: none may reach the
// terminal, the window title stays, and the panes stay in their columns.
func TestEscapeInjectionInTmux(t *testing.T) {
	dir := t.TempDir()
	evil := "\x1b[5m\x1b[41mBLINK\x1b[0m \x1b]0;pwned\x07\x1b]2;pwned\x1b\\ \u009b9mstrike \x1bP1$qm\x1b\\ \u202eوزیر امور خارجه\u202c"
	fa := "وزیر امور خارجه ایران " + evil + " با هنیه دیدار کرد.\n\nاو گفت که آتش‌بس ۱۲۰ روز ادامه دارد.\n"
	en := "The foreign minister of Iran " + evil + " met Haniyeh.\n\nHe said the ceasefire has lasted 120 days.\n"
	for name, text := range map[string]string{"a.fa.txt": fa, "a.en.txt": en, "b\x1b[41m.txt": "\x1b]0;pwned\x07" + en} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Two paragraphs are too little evidence to pair on: pin the pair.
	if err := os.MkdirAll(filepath.Join(dir, ".hamta"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".hamta", "pairs.txt"), []byte("pin a.fa.txt a.en.txt translation\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const width = 100
	s := startTmux(t, width, 30, "--bidi app", dir)
	s.waitFor("documents")
	check := func(where string) {
		t.Helper()
		raw := s.screen(true)
		for _, p := range sgrParams(raw) {
			if p == 5 || p == 9 || p == 41 {
				t.Errorf("%s: SGR %d reached the terminal:\n%q", where, p, raw)
			}
		}
		for _, seq := range []string{"pwned", "\x1bP", "\x1b]"} {
			if strings.Contains(raw, seq) {
				t.Errorf("%s: %q reached the terminal:\n%q", where, seq, raw)
			}
		}
		if title, _ := s.run("display-message", "-p", "-t", "t", "#{pane_title}"); strings.Contains(title, "pwned") {
			t.Errorf("%s: window title %q", where, title)
		}
		for i, row := range strings.Split(s.screen(false), "\n") {
			if n := len([]rune(row)); n > width {
				t.Errorf("%s: row %d is %d runes wide", where, i, n)
			}
		}
	}
	check("library")
	s.keys("Enter")
	sc := s.waitFor("bead 1/")
	check("parallel view")
	col := -1
	for _, row := range strings.Split(sc, "\n")[2:] {
		i := strings.Index(row, "│")
		if i < 0 {
			continue
		}
		c := len([]rune(row[:i]))
		if col < 0 {
			col = c
		}
		if c != col {
			t.Errorf("separator at column %d, not %d: %q", c, col, row)
		}
	}
	if col < 0 {
		t.Errorf("no pane separator:\n%s", sc)
	}
}
