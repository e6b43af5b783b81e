package corpus

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSymlinksWarned(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(p, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "real.txt"), "A real article about floods.")
	write(filepath.Join(outside, "elsewhere.txt"), "An article outside the corpus.")
	write(filepath.Join(outside, "sub", "more.txt"), "More text outside.")
	write(filepath.Join(outside, "photo.jpg"), "not text")
	for link, target := range map[string]string{
		"linked.txt":   filepath.Join(outside, "elsewhere.txt"),
		"linked-dir":   filepath.Join(outside, "sub"),
		"dangling.txt": filepath.Join(outside, "gone.txt"),
		"photo.jpg":    filepath.Join(outside, "photo.jpg"), // not a file hamta reads: quiet
		".hidden.txt":  filepath.Join(outside, "elsewhere.txt"),
		"loop":         filepath.Join(dir, "loop"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	c, err := LoadDir(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 1 || c.Docs[0].ID != "real.txt" {
		t.Errorf("documents: %v", c.Docs)
	}
	var got []string
	for _, p := range c.Problems {
		if !errors.Is(p.Err, ErrSymlink) {
			t.Errorf("%s: %v", p.Path, p.Err)
		}
		got = append(got, p.Path)
	}
	if strings.Join(got, " ") != "dangling.txt linked-dir linked.txt loop" {
		t.Errorf("warned about %q", got)
	}
}

func TestShowName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"001.txt", "001.txt"},
		{"گزارش سیل.txt", "گزارش سیل.txt"},
		{"می‌رود.txt", "می‌رود.txt"}, // ZWNJ is part of Persian words
		{"a\nb.txt", `"a\nb.txt"`},
		{"tab\there", `"tab\there"`},
		{"esc\x1b[31mred", `"esc\x1b[31mred"`},
		{"bell\a\"q\"\\", `"bell\x07\"q\"\\"`},
		{"evil\u202etxt.exe", `"evil\u202etxt.exe"`},
		{"c1\u0085", `"c1\u0085"`},
		{"bad\xffutf8", `"bad\xffutf8"`},
	}
	for _, tt := range tests {
		if got := ShowName(tt.in); got != tt.want {
			t.Errorf("ShowName(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if strings.ContainsAny(ShowName(tt.in), "\n\r\t\x1b\u202e") {
			t.Errorf("ShowName(%q) keeps a control character", tt.in)
		}
	}
	p := Problem{Path: "x\ny.txt", Err: ErrEmpty}
	if got := p.Error(); got != `"x\ny.txt": empty file` {
		t.Errorf("Problem.Error = %q", got)
	}
}
