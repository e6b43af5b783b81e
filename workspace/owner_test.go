package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"hamta/align"
)

// userFiles writes files a person keeps in a folder, and returns a check
// that they are all still there, unchanged.
func userFiles(t *testing.T, dir string) func() {
	t.Helper()
	files := map[string]string{
		"thesis.txt":       "Chapter one. Months of work.",
		"index/thesis.txt": "The index of the thesis.",
		"lock":             "my own lock file",
		"alignments.json":  `{"mine": true}`,
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return func() {
		t.Helper()
		for name, text := range files {
			if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != text {
				t.Errorf("%s: %q, %v", name, b, err)
			}
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 4 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("folder now holds %v", names)
		}
	}
}

func TestForeignFolderRefused(t *testing.T) {
	for _, access := range []Access{Shared, Exclusive} {
		// Named with --workspace.
		corpusDir := sampleDir(t)
		foreign := t.TempDir()
		intact := userFiles(t, foreign)
		_, err := Load(context.Background(), Options{CorpusDir: corpusDir, Dir: foreign, Access: access}, nil)
		if !errors.Is(err, ErrNotWorkspace) || !strings.Contains(err.Error(), foreign) {
			t.Errorf("--workspace of a folder of the user's = %v", err)
		}
		intact()

		// A .hamta folder in the corpus that hamta did not make.
		intact = userFiles(t, filepath.Join(corpusDir, DirName))
		if _, err := Load(context.Background(), Options{CorpusDir: corpusDir, Access: access}, nil); !errors.Is(err, ErrNotWorkspace) {
			t.Errorf(".hamta of the user's = %v", err)
		}
		intact()
	}
	// A folder holding only a file named as one an earlier hamta wrote
	// (pairs.json) is the user's all the same.
	corpusDir := sampleDir(t)
	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, legacyCacheFile), []byte(`{"mine": true}`), 0o644)
	if _, err := Load(context.Background(), Options{CorpusDir: corpusDir, Dir: foreign}, nil); !errors.Is(err, ErrNotWorkspace) {
		t.Errorf("--workspace of a folder with the user's %s = %v", legacyCacheFile, err)
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, legacyCacheFile)); string(b) != `{"mine": true}` {
		t.Errorf("the user's %s changed: %q", legacyCacheFile, b)
	}

	// A .hamta that is a file.
	corpusDir = sampleDir(t)
	os.WriteFile(filepath.Join(corpusDir, DirName), []byte("notes"), 0o644)
	if _, err := Open(context.Background(), Options{CorpusDir: corpusDir}); !errors.Is(err, ErrNotWorkspace) {
		t.Errorf(".hamta file = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(corpusDir, DirName)); string(b) != "notes" {
		t.Error(".hamta file changed")
	}
}

func TestSymlinkedWorkspaceRefused(t *testing.T) {
	corpusDir := sampleDir(t)
	foreign := t.TempDir()
	intact := userFiles(t, foreign)
	link := filepath.Join(corpusDir, DirName)
	if err := os.Symlink(foreign, link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	for _, access := range []Access{Shared, Exclusive} {
		_, err := Load(context.Background(), Options{CorpusDir: corpusDir, Access: access}, nil)
		if err == nil || !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), "--workspace "+foreign) {
			t.Errorf("symlinked .hamta = %v", err)
		}
	}
	if _, err := OpenIndex(Options{CorpusDir: corpusDir}); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("OpenIndex through a symlinked .hamta = %v", err)
	}
	intact()

	// The same link to an empty folder, named by the user, is used.
	empty := t.TempDir()
	os.Remove(link)
	os.Symlink(empty, link)
	if _, err := Open(context.Background(), Options{CorpusDir: corpusDir}); err == nil {
		t.Error("symlinked .hamta to an empty folder accepted without --workspace")
	}
	s, err := Load(context.Background(), Options{CorpusDir: corpusDir, Dir: link}, nil)
	if err != nil {
		t.Fatalf("named with --workspace: %v", err)
	}
	defer s.Close()
	if s.Index == nil {
		t.Errorf("no index: %v", s.IndexErr)
	}
	if _, err := os.Stat(filepath.Join(empty, markerFile)); err != nil {
		t.Errorf("workspace not marked: %v", err)
	}

	// A link inside a workspace is refused too.
	other := sampleDir(t)
	w, err := Open(context.Background(), Options{CorpusDir: other})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	idx := t.TempDir()
	intactIdx := userFiles(t, idx)
	os.RemoveAll(filepath.Join(other, DirName, IndexDir))
	os.Symlink(idx, filepath.Join(other, DirName, IndexDir))
	if _, err := Load(context.Background(), Options{CorpusDir: other}, nil); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("workspace with a symlinked index = %v", err)
	}
	intactIdx()
	os.Remove(filepath.Join(other, DirName, IndexDir))

	// So is a link in place of a pack, which is written in place.
	for _, name := range []string{alignmentsFile, featuresFile, parsedFile} {
		target := filepath.Join(t.TempDir(), "kept")
		os.WriteFile(target, []byte("a file of the user's"), 0o644)
		path := filepath.Join(other, DirName, name)
		os.Remove(path)
		os.Symlink(target, path)
		if _, err := Load(context.Background(), Options{CorpusDir: other}, nil); err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("workspace with a symlinked %s = %v", name, err)
		}
		if b, _ := os.ReadFile(target); string(b) != "a file of the user's" {
			t.Errorf("the file %s linked to was changed: %.60q", name, b)
		}
		os.Remove(path)
	}
}

func TestWorkspaceMarker(t *testing.T) {
	corpusDir := sampleDir(t)
	w, err := Open(context.Background(), Options{CorpusDir: corpusDir})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	marker := filepath.Join(corpusDir, DirName, markerFile)
	b, err := os.ReadFile(marker)
	if err != nil || !strings.HasPrefix(string(b), "hamta workspace format 1\n") {
		t.Fatalf("marker %q, %v", b, err)
	}
	// A workspace of a newer format is refused, not misread.
	os.WriteFile(marker, []byte("hamta workspace format 9\n"), 0o644)
	if _, err := Open(context.Background(), Options{CorpusDir: corpusDir}); err == nil || !strings.Contains(err.Error(), "newer hamta") {
		t.Errorf("newer workspace = %v", err)
	}
	os.WriteFile(marker, []byte("whatever\n"), 0o644)
	if _, err := Open(context.Background(), Options{CorpusDir: corpusDir}); !errors.Is(err, ErrNotWorkspace) {
		t.Errorf("damaged marker = %v", err)
	}

	// A workspace from before markers (or one a person started with a
	// pairs.txt) is taken on and marked.
	for _, files := range [][]string{
		{"lock", "alignments.json", "corrections.txt", "index/hamta-manifest.json", "index/index_meta.json"},
		{"pairs.txt"},
	} {
		corpusDir := sampleDir(t)
		for _, f := range files {
			p := filepath.Join(corpusDir, DirName, f)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte("{}"), 0o644)
		}
		w, err := Open(context.Background(), Options{CorpusDir: corpusDir})
		if err != nil {
			t.Errorf("workspace of %v: %v", files, err)
			continue
		}
		w.Close()
		if _, err := os.Stat(filepath.Join(corpusDir, DirName, markerFile)); err != nil {
			t.Errorf("not marked: %v", err)
		}
	}
}

// TestCheckpointResume cuts a first run short during pairing, as Ctrl-C
// does, and checks that the next run keeps what was aligned and finishes
// with the pairs an uninterrupted run finds.
func TestCheckpointResume(t *testing.T) {
	corpusDir := sampleDir(t)
	for _, f := range []string{"earthquake", "flood", "summit"} {
		for _, lang := range []string{"fa", "en"} {
			b, err := os.ReadFile(filepath.Join("../testdata/align", f+"."+lang+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(corpusDir, f+"."+lang+".txt"), b, 0o644)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := Open(ctx, Options{CorpusDir: corpusDir})
	if err != nil {
		t.Fatal(err)
	}
	done := 0
	_, err = w.Pairs(ctx, align.NewAligner(), func(d, total int) {
		if done = d; d == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted pairing = %v", err)
	}
	w.Close()
	if fi, err := os.Stat(filepath.Join(corpusDir, DirName, alignmentsFile)); err != nil || fi.Size() < 100 {
		t.Fatalf("nothing saved: %v", err)
	}

	w, err = Open(context.Background(), Options{CorpusDir: corpusDir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	aligned := 0
	memo := map[string][]align.Bead{}
	al := align.NewAligner()
	pairs, err := w.Pairs(context.Background(), al, func(d, total int) { aligned = total })
	if err != nil {
		t.Fatal(err)
	}
	// A candidate pair may take two alignments (one for each kind it may
	// be); at least those done before the interrupt are kept.
	if w.Resumed() < 3 || w.Resumed() > 2*done {
		t.Errorf("resumed %d alignments; %d candidate pairs were done", w.Resumed(), done)
	}
	// A finished run's alignments are its own: the next run resumes
	// nothing.
	if _, err := w.Pairs(context.Background(), al, nil); err != nil || w.Resumed() != 0 {
		t.Errorf("after a finished run: resumed %d, %v", w.Resumed(), err)
	}
	// The same pairs as a run never interrupted.
	fresh := *al
	fresh.Memo = memo
	c := w.Corpus
	want, err := fresh.Pair(context.Background(), c.Docs, nil, align.DefaultPairOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != len(want) || aligned == 0 {
		t.Fatalf("%d pairs, want %d", len(pairs), len(want))
	}
	for i := range want {
		if pairs[i].FA != want[i].FA || pairs[i].EN != want[i].EN || pairs[i].Kind != want[i].Kind || len(pairs[i].Beads) != len(want[i].Beads) {
			t.Errorf("pair %d: %s↔%s %s, want %s↔%s %s", i, pairs[i].FA, pairs[i].EN, pairs[i].Kind, want[i].FA, want[i].EN, want[i].Kind)
		}
	}
}

// TestPackTornRecord leaves an alignments pack whose last record a crash
// cut short: what was whole is kept, and what is appended after reads
// back, also through the index written on closing.
func TestPackTornRecord(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, alignmentsFile)
	p, err := openPack(path, "alignments", align.Version, true)
	if err != nil {
		t.Fatal(err)
	}
	ab := []align.Bead{{A: []int{0}, B: []int{0}, Score: 0.5, Anchors: []align.Anchor{{Kind: align.AnchorName, Key: "~hnh", A: "هنیه", B: "Haniyeh"}}}}
	p.put("a-b", encodeBeads(ab))
	p.f.Close() // a crash: no index written
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.Write(record("c-d", encodeBeads(ab))[:9])
	f.Close()
	p, err = openPack(path, "alignments", align.Version, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.keys(); len(got) != 1 || got[0] != "a-b" {
		t.Fatalf("keys of a torn pack = %v", got)
	}
	b, ok, err := p.get("a-b")
	if beads, derr := decodeBeads(b); !ok || err != nil || derr != nil || !reflect.DeepEqual(beads, ab) {
		t.Fatalf("a-b = %v %v %v %v", beads, ok, err, derr)
	}
	p.put("e-f", encodeBeads(nil))
	p.put("a-b", encodeBeads(append(ab, align.Bead{A: []int{1}})))
	if err := p.close(); err != nil {
		t.Fatal(err)
	}
	p, err = openPack(path, "alignments", align.Version, false)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	if got := p.keys(); len(got) != 2 || p.indexed != p.size {
		t.Errorf("after appending: keys %v, index covers %d of %d", got, p.indexed, p.size)
	}
	b, _, _ = p.get("a-b")
	if beads, _ := decodeBeads(b); len(beads) != 2 {
		t.Errorf("a-b written again reads %v", beads)
	}
}

// countingFS counts the files opened through it.
type countingFS struct {
	fs.FS
	opened *atomic.Int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.opened.Add(1)
	return c.FS.Open(name)
}

// TestLockBeforeWork checks that a process needing the workspace learns
// that another holds it before it reads a single file of the corpus, and
// who the other is.
func TestLockBeforeWork(t *testing.T) {
	cache := t.TempDir()
	opts := Options{FS: os.DirFS("../testdata/corpus"), Name: "sample", CacheName: "x", Dir: cache, Purpose: "the hamta browser"}
	holder, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	var opened atomic.Int64
	opts.FS, opts.Access, opts.Purpose = countingFS{opts.FS, &opened}, Exclusive, "hamta index"
	_, err = Open(context.Background(), opts)
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), fmt.Sprintf("the hamta browser (process %d)", os.Getpid())) {
		t.Errorf("exclusive open while held = %v", err)
	}
	if opened.Load() != 0 {
		t.Errorf("%d files of the corpus read before the lock was tried", opened.Load())
	}
	// Shared access reads on, without the lock.
	opts.Access = Shared
	w, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Writable() || opened.Load() == 0 || !errors.Is(w.NeedWrite(), ErrInUse) {
		t.Errorf("shared open: writable %v, %d files read, %v", w.Writable(), opened.Load(), w.NeedWrite())
	}
}

// TestPackMappedReads reads a writable pack, whose records of when it
// was opened come from its mapped memory, in every state a run leaves
// it in: records appended after the mapping, a key written again, the
// pack compacted (and its mapping dropped), and read-only beside it.
func TestPackMappedReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), alignmentsFile)
	p, err := openPack(path, "alignments", align.Version, true)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	put := func(p *pack, k, v string) {
		t.Helper()
		if err := p.put(k, []byte(v)); err != nil {
			t.Fatal(err)
		}
		want[k] = v
	}
	for i := range 50 {
		put(p, fmt.Sprintf("old-%d", i), strings.Repeat(fmt.Sprint(i), 1000+i))
	}
	if err := p.close(); err != nil {
		t.Fatal(err)
	}
	check := func(p *pack, state string) {
		t.Helper()
		for k, v := range want {
			b, ok, err := p.get(k)
			if !ok || err != nil || string(b) != v {
				t.Fatalf("%s: %s = %.20q %v %v, want %.20q", state, k, b, ok, err, v)
			}
			var seen string
			if ok, err := p.read(k, func(b []byte) error { seen = string(b); return nil }); !ok || err != nil || seen != v {
				t.Fatalf("%s: read %s = %.20q %v %v", state, k, seen, ok, err)
			}
		}
		if _, ok, _ := p.get("missing"); ok {
			t.Fatalf("%s: a missing key has a record", state)
		}
	}
	if p, err = openPack(path, "alignments", align.Version, true); err != nil {
		t.Fatal(err)
	}
	if len(p.view) == 0 {
		t.Fatal("a writable pack is not mapped")
	}
	check(p, "mapped")
	for i := range 50 {
		put(p, fmt.Sprintf("new-%d", i), strings.Repeat("n", 3000+i))
	}
	for i := range 40 {
		put(p, fmt.Sprintf("old-%d", i), fmt.Sprint("again ", i))
	}
	check(p, "appended past the mapping")
	ro, err := openPack(path, "alignments", align.Version, false)
	if err != nil {
		t.Fatal(err)
	}
	if ro.view != nil {
		t.Error("a read-only pack is mapped")
	}
	ro.close()
	before := p.size
	if err := p.compact(func(k string) bool { return !strings.HasPrefix(k, "new-") }); err != nil {
		t.Fatal(err)
	}
	if p.size*2 > before || p.view != nil {
		t.Fatalf("compaction left %d of %d bytes, mapped %v", p.size, before, p.view != nil)
	}
	for k := range want {
		if strings.HasPrefix(k, "new-") {
			delete(want, k)
		}
	}
	check(p, "compacted")
	if err := p.close(); err != nil {
		t.Fatal(err)
	}
	if p, err = openPack(path, "alignments", align.Version, false); err != nil {
		t.Fatal(err)
	}
	defer p.close()
	check(p, "read-only after compaction")
}
