package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hamta/corpus"
)

// TestBrowserInTmux starts the built binary in a real terminal (tmux),
// searches, and quits. It is skipped where tmux is missing.
func TestBrowserInTmux(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux not installed")
	}
	if testing.Short() {
		t.Skip("short mode")
	}
	dir := t.TempDir()
	bin := hamtaBinary(t)
	socket := fmt.Sprintf("hamta-test-%d", os.Getpid())
	run := func(args ...string) (string, error) {
		out, err := exec.Command(tmux, append([]string{"-L", socket}, args...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { run("kill-server") })
	// A home of its own, so the workspace of the bundled corpus is fresh.
	cmdline := fmt.Sprintf("env HOME=%s XDG_CACHE_HOME=%s TERM=xterm-256color %s --bidi app", dir, filepath.Join(dir, "cache"), bin)
	if out, err := run("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", cmdline); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	screen := func() string {
		out, _ := run("capture-pane", "-p", "-t", "t")
		return out
	}
	waitFor := func(what string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if strings.Contains(screen(), what) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("waited for %q; screen:\n%s", what, screen())
	}
	waitFor("translation")
	run("send-keys", "-t", "t", "/")
	waitFor("/ ")
	run("send-keys", "-t", "t", "-l", "Haniyeh")
	waitFor("hits for Haniyeh")
	run("send-keys", "-t", "t", "Enter")
	waitFor("bead ")
	run("send-keys", "-t", "t", "Escape")
	waitFor("hits for Haniyeh")
	run("send-keys", "-t", "t", "Escape")
	waitFor("library")
	run("send-keys", "-t", "t", "q")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := run("has-session", "-t", "t"); err != nil {
			return // the program quit and took its session with it
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("q did not quit; screen:\n%s", screen())
}

// TestCopyAndWheelInTmux copies a Persian bead with y in a real terminal,
// where tmux takes the OSC 52 sequence into a paste buffer: the buffer
// holds the text as written, in reading order and unshaped. Then the
// wheel, sent as the terminal sends it (SGR mouse reports), scrolls to
// the last bead and back to the first.
func TestCopyAndWheelInTmux(t *testing.T) {
	s := startTmux(t, 80, 24, "--bidi app")
	if out, err := s.run("set-option", "-s", "set-clipboard", "on"); err != nil {
		t.Fatalf("tmux set-clipboard: %v %s", err, out)
	}
	s.waitFor("translation")
	s.keys("Enter")
	first := regexp.MustCompile(`bead 1/(\d+)`).FindStringSubmatch(s.waitFor("bead 1/"))
	if first == nil {
		t.Fatal("no bead count in the status bar")
	}
	s.keys("j")
	s.waitFor("bead 2/")
	s.keys("j")
	s.waitFor("bead 3/")
	s.keys("y")
	s.waitFor("copied")
	buf, err := s.run("show-buffer")
	if err != nil {
		t.Fatalf("no paste buffer: the OSC 52 sequence did not arrive: %v %s", err, buf)
	}
	d, err := corpus.ReadFile("../../testdata/corpus/001_4458d8df9d782b8d.txt", corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range d.Paragraphs {
		found = found || strings.HasPrefix(buf, p.Text)
	}
	if !found {
		t.Errorf("the clipboard holds %q, which starts no paragraph of the Persian source", buf)
	}
	for _, r := range buf {
		if isPresentationForm(r) {
			t.Fatalf("the clipboard holds a presentation form %U: copied as drawn, not as written", r)
		}
	}
	// The wheel, as the terminal reports it: button 64 up, 65 down.
	wheel := func(button, times int) {
		hex := strings.Fields(fmt.Sprintf("% x", fmt.Sprintf("\x1b[<%d;20;10M", button)))
		for range times {
			s.run(append([]string{"send-keys", "-t", "t", "-H"}, hex...)...)
		}
	}
	wheel(65, 80)
	sc := s.waitFor("bead " + first[1] + "/" + first[1])
	// The last words of the English text, at the foot of its pane.
	if !strings.Contains(sc, "complete victory over the Zionist") || !strings.Contains(sc, "  enemy.  ") {
		t.Errorf("the wheel did not reach the end of the pair:\n%s", sc)
	}
	wheel(64, 80)
	s.waitFor("bead 1/")
}
