package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"hamta/corpus"
)

// formatsCorpus copies a few files of every format the corpus reads
// (text, web pages, Word, PDF, a translation memory, sentence-per-line)
// into a folder.
func formatsCorpus(t *testing.T) string {
	t.Helper()
	dir := sampleDir(t)
	for _, glob := range []string{
		"../testdata/formats/html/*", "../testdata/formats/docx/0*", "../testdata/formats/pdf/*",
		"../testdata/formats/memory/*", "../testdata/formats/edge/*", "../testdata/formats/reversed/*",
	} {
		copyFiles(t, glob, filepath.Join(dir, filepath.Base(filepath.Dir(glob))))
	}
	return dir
}

// loadCorpus opens a workspace on dir and returns its corpus.
func loadCorpus(t *testing.T, dir, ws string) *corpus.Corpus {
	t.Helper()
	w, err := Open(context.Background(), Options{CorpusDir: dir, Dir: ws})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	return w.Corpus
}

// TestParsedKept reads a corpus of every format three times: the second
// reading takes the documents from the workspace, and gets exactly what
// parsing gets; a file changed since is parsed again, never served as it
// was.
func TestParsedKept(t *testing.T) {
	dir := formatsCorpus(t)
	want, err := corpus.LoadDir(context.Background(), dir, corpus.Options{SkipDirs: []string{DirName}})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Docs) < 20 {
		t.Fatalf("%d documents", len(want.Docs))
	}
	ws := filepath.Join(t.TempDir(), "ws")
	first := loadCorpus(t, dir, ws)
	version, err := parsedVersion(0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := openPack(filepath.Join(ws, parsedFile), "parsed", version, true)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.keys()); n < len(want.Docs)/2 {
		t.Errorf("%d files kept for %d documents", n, len(want.Docs))
	}
	p.close()
	second := loadCorpus(t, dir, ws)
	for _, c := range []*corpus.Corpus{first, second} {
		if !reflect.DeepEqual(c.Docs, want.Docs) {
			for i := range min(len(c.Docs), len(want.Docs)) {
				if !reflect.DeepEqual(c.Docs[i], want.Docs[i]) {
					t.Errorf("%s: read from the workspace\n%+v\nparsed\n%+v", want.Docs[i].ID, c.Docs[i], want.Docs[i])
					break
				}
			}
			t.Fatalf("documents differ from those parsed (%d, %d)", len(c.Docs), len(want.Docs))
		}
	}

	// What the workspace holds is what is read: a record made to differ
	// from its file shows.
	raw, err := os.ReadFile(filepath.Join(dir, "001_4458d8df9d782b8d.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if p, err = openPack(filepath.Join(ws, parsedFile), "parsed", version, true); err != nil {
		t.Fatal(err)
	}
	forged := *second.Doc("001_4458d8df9d782b8d.txt")
	forged.Title = "kept, not parsed"
	sum := sha256.Sum256(raw)
	if err := p.put(parsedKey(forged.ID, hex.EncodeToString(sum[:])), encodeDocs([]*corpus.Document{&forged})); err != nil {
		t.Fatal(err)
	}
	p.close()
	if d := loadCorpus(t, dir, ws).Doc(forged.ID); d == nil || d.Title != forged.Title {
		t.Errorf("the document kept was not the one read")
	}

	// The same file, new contents of the same size.
	path := filepath.Join(dir, "000_b79e0ac07a66befb.txt")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	changed := []byte(string(b))
	copy(changed[len(changed)-6:], "Hamta.")
	if err := os.WriteFile(path, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	third := loadCorpus(t, dir, ws)
	d := third.Doc("000_b79e0ac07a66befb.txt")
	if d == nil {
		t.Fatal("edited document missing")
	}
	last := d.Paragraphs[len(d.Paragraphs)-1].Text
	if len(last) < 6 || last[len(last)-6:] != "Hamta." {
		t.Errorf("edited document read as it was: last paragraph %q", last)
	}
}

// FuzzDecodeDocs reads arbitrary bytes as kept documents: never a panic,
// and what reads back writes back the same.
func FuzzDecodeDocs(f *testing.F) {
	doc := &corpus.Document{ID: "a.txt", Lang: corpus.LangFA, Langs: []corpus.Lang{corpus.LangFA}, Title: "t",
		Meta: map[string]string{"date": "2024"}, Encoding: "utf-8", Format: corpus.FormatText, Hash: "ab", Size: 3,
		Paragraphs: []corpus.Paragraph{{Index: 0, Text: "سلام", Lang: corpus.LangFA, Kind: corpus.Heading, Line: 1}},
		Warnings:   []string{"w"}, Lines: true}
	f.Add(encodeDocs([]*corpus.Document{doc}))
	f.Add(encodeDocs([]*corpus.Document{{ID: "b"}}))
	f.Add([]byte{1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, err := decodeDocs(b)
		if err != nil {
			return
		}
		again, err := decodeDocs(encodeDocs(docs))
		if err != nil || !reflect.DeepEqual(again, docs) {
			t.Fatalf("read back %+v (%v), want %+v", again, err, docs)
		}
	})
}

// TestUnchangedFilesUnread loads a corpus twice: a file whose size and
// time are those the library recorded is taken from the workspace unread
// (as the library tells nothing changed), so a change that kept both
// shows only once the time moves.
func TestUnchangedFilesUnread(t *testing.T) {
	dir := sampleDir(t)
	ctx := context.Background()
	opts := Options{CorpusDir: dir, Dir: filepath.Join(t.TempDir(), "ws")}
	load := func() *corpus.Document {
		t.Helper()
		s, err := Load(ctx, opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return s.Corpus.Doc("003_632861df6ad09d70.txt")
	}
	before := load()
	path := filepath.Join(dir, "003_632861df6ad09d70.txt")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copy(b[len(b)-6:], "Hamta.")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if d := load(); d == nil || d.Hash != before.Hash {
		t.Errorf("a file of the same size and time was read again")
	}
	// A library read already (Options.Library, as hamta index passes
	// UpToDate's) is the one taken: with the file gone, it still says the
	// file is unchanged.
	lib, err := readLibrary(opts.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(opts.Dir, libraryFile)); err != nil {
		t.Fatal(err)
	}
	opts.Library = lib
	if d := load(); d == nil || d.Hash != before.Hash {
		t.Errorf("the library given was not taken")
	}
	opts.Library = nil
	later := fi.ModTime().Add(2 * time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	d := load()
	if d == nil || d.Hash == before.Hash {
		t.Fatalf("a file with a new time was not read again")
	}
	if last := d.Paragraphs[len(d.Paragraphs)-1].Text; !strings.HasSuffix(last, "Hamta.") {
		t.Errorf("last paragraph %q", last)
	}
}
