package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hamta/align"
)

// sampleDir copies the bundled corpus into a temporary folder.
func sampleDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob("../testdata/corpus/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("sample corpus: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestOpenAndLock(t *testing.T) {
	dir := sampleDir(t)
	w, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Dir != filepath.Join(dir, DirName) || !w.Writable() {
		t.Fatalf("dir %s writable %v", w.Dir, w.Writable())
	}
	if len(w.Corpus.Docs) != 5 {
		t.Errorf("%d documents", len(w.Corpus.Docs))
	}
	// A second opener (as another process would) is read-only and told who
	// holds the workspace, without waiting.
	w2, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	if w2.Writable() {
		t.Fatal("second open got the lock")
	}
	err = w2.NeedWrite()
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "hamta process") {
		t.Errorf("NeedWrite = %v", err)
	}
	// Once the first closes, the lock is free again.
	w.Close()
	w3, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w3.Close()
	if !w3.Writable() {
		t.Error("lock not released by Close")
	}
}

func TestWorkspaceFilesNotDocuments(t *testing.T) {
	dir := sampleDir(t)
	w, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.Path("notes.txt"), []byte("workspace text"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.Close()
	w, err = Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if len(w.Corpus.Docs) != 5 {
		t.Errorf("workspace file read as a document: %d documents", len(w.Corpus.Docs))
	}
}

func TestPairsCacheAndRules(t *testing.T) {
	dir := sampleDir(t)
	ctx := context.Background()
	w, err := Open(ctx, Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	al := align.NewAligner()
	pairs, err := w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 2 || pairs[0].Kind != align.Translation || len(pairs[0].Beads) == 0 {
		t.Fatalf("pairs = %+v", pairs)
	}
	if _, err := os.Stat(w.Path(cacheFile)); err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	// From the cache: the same pairs and beads.
	again, err := w.Pairs(ctx, al, func(int, int) { t.Error("aligned again despite the cache") })
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(pairs) || len(again[0].Beads) != len(pairs[0].Beads) {
		t.Errorf("cached pairs differ")
	}
	// A rule changes the answer: forbid the translation, pin another.
	rules := []align.Rule{
		{Forbid: true, FA: pairs[0].FA, EN: pairs[0].EN},
		{FA: pairs[0].FA, EN: "002_714cc25dd3f7c4d2.txt", Kind: align.Comparable},
	}
	if err := w.SetRules(rules); err != nil {
		t.Fatal(err)
	}
	got, err := w.Rules()
	if err != nil || len(got) != 2 {
		t.Fatalf("rules read back: %v %v", got, err)
	}
	pairs, err = w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]align.DocPair{}
	for _, p := range pairs {
		seen[p.EN] = p
	}
	if _, ok := seen["000_b79e0ac07a66befb.txt"]; ok {
		t.Error("forbidden pair still listed")
	}
	if p, ok := seen["002_714cc25dd3f7c4d2.txt"]; !ok || !p.Pinned || p.Kind != align.Comparable {
		t.Errorf("pinned pair: %+v", p)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A writer that fails half way leaves the old file whole and no
	// temporary file behind.
	err := WriteFileAtomic(path, func(f *os.File) error {
		f.WriteString("half of the new")
		return errors.New("disk full")
	})
	if err == nil {
		t.Fatal("no error from a failing writer")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file now %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := WriteFileAtomic(path, func(f *os.File) error { _, err := f.WriteString("new"); return err }); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(b) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("file %q mode %v", b, fi.Mode())
	}
}

func TestReadOnlyRules(t *testing.T) {
	dir := sampleDir(t)
	if err := os.MkdirAll(filepath.Join(dir, DirName), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, DirName, RulesFile), []byte("pin a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Rules(); err == nil || !strings.Contains(err.Error(), RulesFile) || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad rules file error = %v", err)
	}
}
