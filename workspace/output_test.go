//go:build unix

package workspace

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func writeText(text string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, text); return err }
}

func TestWriteOutputRefusals(t *testing.T) {
	corpusDir := sampleDir(t)
	w, err := Open(context.Background(), Options{CorpusDir: corpusDir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	out := t.TempDir()
	source := filepath.Join(corpusDir, "000_b79e0ac07a66befb.txt")
	sourceText, _ := os.ReadFile(source)
	os.WriteFile(w.Path(CorrectionsFile), []byte("# mine\n"), 0o644)

	target := filepath.Join(out, "target.tsv")
	os.WriteFile(target, []byte("target"), 0o644)
	symlink := filepath.Join(out, "link.tsv")
	os.Symlink(target, symlink)
	fifo := filepath.Join(out, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(out, "linked.tsv")
	os.WriteFile(linked, []byte("linked"), 0o644)
	second := filepath.Join(out, "second-name.tsv")
	os.Link(linked, second)
	sourceLink := filepath.Join(out, "hard-link-to-a-source.txt")
	os.Link(source, sourceLink)
	symlinkToSource := filepath.Join(out, "symlink-to-a-source.txt")
	os.Symlink(source, symlinkToSource)

	tests := []struct {
		name, path string
		force      bool
		want       string // in the refusal
	}{
		{"corpus file", source, true, "corpus file 000_b79e0ac07a66befb.txt"},
		{"corpus file by another path", filepath.Join(corpusDir, ".", "sub", "..", "000_b79e0ac07a66befb.txt"), true, "corpus file"},
		{"corpus file through a hard link", sourceLink, true, "corpus file"},
		{"corpus file through a symbolic link", symlinkToSource, true, "corpus file"},
		{"workspace file", w.Path(CorrectionsFile), true, "inside hamta's workspace"},
		{"new file in the workspace", w.Path("export.tsv"), true, "inside hamta's workspace"},
		{"symbolic link", symlink, false, "symbolic link"},
		{"special file", fifo, false, "named pipe"},
		{"hard links", linked, false, "2 hard links"},
		{"folder", out, true, "is a folder"},
	}
	os.MkdirAll(filepath.Join(corpusDir, "sub"), 0o755)
	for _, tt := range tests {
		err := w.WriteOutput(tt.path, tt.force, writeText("export"))
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if err := w.CheckOutput(tt.path, tt.force); !errors.Is(err, ErrRefused) {
			t.Errorf("%s: CheckOutput = %v", tt.name, err)
		}
	}
	if b, _ := os.ReadFile(source); string(b) != string(sourceText) {
		t.Error("corpus file changed")
	}
	if b, _ := os.ReadFile(w.Path(CorrectionsFile)); string(b) != "# mine\n" {
		t.Error("corrections changed")
	}
	if fi, err := os.Lstat(symlink); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("symbolic link replaced")
	}
	if b, _ := os.ReadFile(target); string(b) != "target" {
		t.Error("link target changed")
	}
	if b, _ := os.ReadFile(second); string(b) != "linked" {
		t.Error("hard-linked file changed")
	}

	// With --force: through the link to its target, keeping the link;
	// into the hard-linked file, keeping its links.
	if err := w.WriteOutput(symlink, true, writeText("through the link")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(symlink); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("--force replaced the link")
	}
	if b, _ := os.ReadFile(target); string(b) != "through the link" {
		t.Errorf("link target holds %q", b)
	}
	if err := w.WriteOutput(linked, true, writeText("both names")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(second); string(b) != "both names" {
		t.Errorf("other name holds %q", b)
	}
	// A plain file is replaced whole, and keeps its permissions.
	os.Chmod(target, 0o640)
	os.Remove(symlink)
	if err := w.WriteOutput(target, false, writeText("replaced")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o640 {
		t.Errorf("replaced file's mode %v", fi.Mode().Perm())
	}
	// A failed write leaves the old file whole and nothing else.
	err = w.WriteOutput(target, false, func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("interrupted")
	})
	if err == nil {
		t.Error("failed write reported no error")
	}
	if b, _ := os.ReadFile(target); string(b) != "replaced" {
		t.Errorf("after a failed write: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".*tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// The workspace's exports folder is the user's.
	if err := w.MakeExportsDir(); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteOutput(filepath.Join(w.ExportsPath(), "pair.tsv"), false, writeText("x")); err != nil {
		t.Error(err)
	}
	if err := w.WriteOutput(filepath.Join(w.ExportsPath(), "..", "pair.tsv"), false, writeText("x")); !errors.Is(err, ErrRefused) {
		t.Errorf("beside the exports folder: %v", err)
	}
	// A new file in the corpus folder is fine.
	if err := w.WriteOutput(filepath.Join(corpusDir, "export.tsv"), false, writeText("x")); err != nil {
		t.Error(err)
	}
}

func TestWriteOutputUmask(t *testing.T) {
	w := &Workspace{Dir: filepath.Join(t.TempDir(), DirName)}
	out := t.TempDir()
	for _, tt := range []struct {
		umask int
		want  os.FileMode
	}{{0o077, 0o600}, {0o022, 0o644}, {0o002, 0o664}} {
		old := syscall.Umask(tt.umask)
		path := filepath.Join(out, "export.tsv")
		os.Remove(path)
		err := w.WriteOutput(path, false, writeText("x"))
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != tt.want {
			t.Errorf("umask %03o: mode %v, want %v", tt.umask, fi.Mode().Perm(), tt.want)
		}
	}
}
