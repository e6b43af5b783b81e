package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
