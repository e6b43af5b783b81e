package workspace

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"hamta/align"
	"hamta/corpus"
	"hamta/index"
)

// libraryFile holds what a browser shows of a corpus before reading it:
// its documents and pairs as the last complete opening found them, and
// the size and time of every file they were read from, in Go's gob
// encoding (several times quicker to read than JSON).
const libraryFile = "library.gob"

// libraryVersion changes when library.json does.
const libraryVersion = 1

// Library is a corpus as the last complete opening of its workspace
// (Load, by a process holding the workspace) left it, read without
// reading the corpus: enough to show the library at once, while Verify
// checks in the background that nothing changed since.
//
// A browser opens a corpus this way:
//
//	lib, err := workspace.Quick(opts)  // ErrNoLibrary: Load as before
//	// show lib.Docs and lib.Pairs; search with workspace.OpenIndex(opts)
//	go func() {
//		ch, err := lib.Verify(ctx, opts)   // the files' sizes and times
//		// ch.None(): all shown is current; otherwise offer to update.
//		s, err := workspace.Load(ctx, opts, progress) // does only what changed
//		// then hand over to s (corrections, export, every pair's beads)
//	}()
//	// a pair opened before Load is done:
//	fa, en, beads, err := lib.OpenPair(opts, p) // ErrNeedLoad: wait for Load
type Library struct {
	Version int `json:"version"`
	// Name is how the corpus is shown.
	Name string `json:"name"`
	// Docs are the documents, ordered by ID, without their paragraphs.
	Docs []LibraryDoc `json:"docs"`
	// Problems are the files that could not be read.
	Problems []LibraryProblem `json:"problems,omitempty"`
	// Pairs are the document pairs, without their beads (see
	// Workspace.PairBeads, or Load for all of them).
	Pairs []align.DocPair `json:"pairs"`
	// Files are the size and modification time of every file read, and
	// of the workspace's own rules and corrections, by path.
	Files map[string]FileStamp `json:"files"`
	// Aligner and Index are the versions and generation the pairs and the
	// index were made with.
	Aligner string `json:"aligner"`
	Index   string `json:"index"`
	// IndexFiles are the sizes of the index generation's files: one cut
	// short or replaced tells the index needs its full check.
	IndexFiles map[string]int64 `json:"index_files"`
	// Saved is when the library was written.
	Saved time.Time `json:"saved"`
}

// LibraryDoc is one document of a Library.
type LibraryDoc struct {
	ID       string            `json:"id"`
	Lang     corpus.Lang       `json:"lang"`
	Langs    []corpus.Lang     `json:"langs,omitempty"`
	Title    string            `json:"title"`
	Format   corpus.Format     `json:"format,omitempty"`
	Encoding string            `json:"encoding,omitempty"`
	Hash     string            `json:"hash"`
	Size     int64             `json:"size"`
	Meta     map[string]string `json:"meta,omitempty"`
	Warnings []string          `json:"warnings,omitempty"`
	// Paragraphs counts the document's paragraphs; Aligned those that
	// take part in alignment.
	Paragraphs int `json:"paragraphs"`
	Aligned    int `json:"aligned"`
}

// LibraryProblem is a file that could not be read.
type LibraryProblem struct {
	Path string `json:"path"`
	Err  string `json:"error"`
}

// FileStamp is what tells a file changed without reading it.
type FileStamp struct {
	Size    int64 `json:"size"`
	ModTime int64 `json:"mtime"` // Unix nanoseconds
}

// Changes are the files of a corpus that differ from a Library.
type Changes struct {
	Added, Changed, Removed []string
}

// None reports whether nothing changed.
func (c Changes) None() bool { return len(c.Added)+len(c.Changed)+len(c.Removed) == 0 }

// String says what changed, in a few words.
func (c Changes) String() string {
	if c.None() {
		return "nothing changed"
	}
	var parts []string
	for _, x := range []struct {
		n    int
		verb string
	}{{len(c.Added), "added"}, {len(c.Changed), "changed"}, {len(c.Removed), "removed"}} {
		if x.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", x.n, x.verb))
		}
	}
	return strings.Join(parts, ", ")
}

// ErrNoLibrary says a workspace holds no library yet: the corpus was
// never opened completely by a process that could save.
var ErrNoLibrary = errors.New("no library saved yet")

// Quick reads the library a workspace keeps, without reading the corpus
// or taking the lock: what a browser shows at once. It returns
// ErrNoLibrary when there is none (or one another version wrote); then
// Load is the way. Verify tells, in the background, whether the corpus
// changed since, and Load then brings everything up to date.
func Quick(opts Options) (*Library, error) {
	dir, err := existingWorkspace(opts, func(dir string) error {
		return fmt.Errorf("open workspace %s: %w", corpus.ShowName(dir), ErrNoLibrary)
	})
	if err != nil {
		return nil, err
	}
	return readLibrary(dir)
}

func readLibrary(dir string) (*Library, error) {
	b, err := os.ReadFile(filepath.Join(dir, libraryFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open workspace %s: %w", corpus.ShowName(dir), ErrNoLibrary)
	}
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", corpus.ShowName(dir), err)
	}
	var l Library
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&l); err != nil || l.Version != libraryVersion || l.Aligner != align.Version {
		return nil, fmt.Errorf("open workspace %s: %w", corpus.ShowName(dir), ErrNoLibrary)
	}
	return &l, nil
}

// Verify compares the corpus's files, by size and modification time,
// and the workspace's rules and corrections, with the library, reading
// no file: what changed since the library was saved.
func (l *Library) Verify(ctx context.Context, opts Options) (Changes, error) {
	now, err := stampFiles(ctx, opts)
	if err != nil {
		return Changes{}, err
	}
	var c Changes
	for p, st := range now {
		old, ok := l.Files[p]
		switch {
		case !ok:
			c.Added = append(c.Added, p)
		case old != st:
			c.Changed = append(c.Changed, p)
		}
	}
	for p := range l.Files {
		if _, ok := now[p]; !ok {
			c.Removed = append(c.Removed, p)
		}
	}
	for _, s := range []*[]string{&c.Added, &c.Changed, &c.Removed} {
		sort.Strings(*s)
	}
	return c, nil
}

// workspaceStamp names the workspace's own files in Library.Files.
const workspaceStamp = "\x00workspace/"

// stampFiles finds every file a Load would read, as corpus.Load chooses
// them, and the workspace's rules and corrections, with their stamps.
func stampFiles(ctx context.Context, opts Options) (map[string]FileStamp, error) {
	fsys := opts.FS
	if fsys == nil {
		fsys = os.DirFS(opts.CorpusDir)
	}
	skip := map[string]bool{DirName: true}
	for _, d := range opts.Corpus.SkipDirs {
		skip[d] = true
	}
	out := map[string]FileStamp{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || skip[d.Name()]) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && corpus.IsTextFile(d.Name()) {
			if fi, err := d.Info(); err == nil {
				out[p] = FileStamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	dir, err := resolveDir(opts)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{RulesFile, CorrectionsFile} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil {
			out[workspaceStamp+name] = FileStamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
		}
	}
	return out, nil
}

// saveLibrary writes the library of a session just opened, with the
// stamps the files had before they were read: a file changed while it
// was read leaves the library out of date, which the next Verify finds.
func (s *Session) saveLibrary(files map[string]FileStamp) error {
	l := Library{Version: libraryVersion, Name: s.Name(), Aligner: align.Version, Index: s.IndexStats.Generation, Saved: time.Now(), Files: map[string]FileStamp{},
		IndexFiles: fileSizes(filepath.Join(IndexPath(s.Dir), s.IndexStats.Generation))}
	read := map[string]bool{}
	for _, d := range s.Corpus.Docs {
		ld := LibraryDoc{ID: d.ID, Lang: d.Lang, Langs: d.Langs, Title: d.Title, Format: d.Format, Encoding: d.Encoding,
			Hash: d.Hash, Size: d.Size, Meta: d.Meta, Warnings: d.Warnings, Paragraphs: len(d.Paragraphs)}
		for _, p := range d.Paragraphs {
			if p.Aligned() {
				ld.Aligned++
			}
		}
		l.Docs = append(l.Docs, ld)
		file := d.ID
		if m := d.Meta["memory"]; m != "" {
			file = m
		}
		read[file] = true
	}
	for _, p := range s.Corpus.Problems {
		l.Problems = append(l.Problems, LibraryProblem{Path: p.Path, Err: p.Err.Error()})
		read[p.Path] = true
	}
	for p, st := range files {
		if read[p] || strings.HasPrefix(p, workspaceStamp) {
			l.Files[p] = st
		}
	}
	l.Pairs = make([]align.DocPair, len(s.Pairs))
	for i, p := range s.Pairs {
		p.Beads = nil
		l.Pairs[i] = p
	}
	return WriteFileAtomic(s.Path(libraryFile), func(f *os.File) error {
		w := bufio.NewWriterSize(f, 1<<20)
		if err := gob.NewEncoder(w).Encode(l); err != nil {
			return err
		}
		return w.Flush()
	})
}

// UpToDate reports whether a corpus's workspace is current: its library
// matches the corpus's files and the workspace's rules and corrections,
// and its index is the one the library was saved with. It reads no file
// of the corpus, so that "hamta index" with nothing to do is quick. It
// takes the workspace lock as Load would with opts.Access, and releases
// it.
func UpToDate(ctx context.Context, opts Options) (*Library, index.Stats, bool, error) {
	w, err := open(opts)
	if err != nil {
		return nil, index.Stats{}, false, err
	}
	defer w.Close()
	l, err := readLibrary(w.Dir)
	if err != nil {
		return nil, index.Stats{}, false, nil
	}
	st, ok := l.indexCurrent(w.Dir)
	if !ok {
		return l, st, false, nil
	}
	ch, err := l.Verify(ctx, opts)
	if err != nil {
		return l, st, false, err
	}
	return l, st, ch.None(), nil
}

// IndexCurrent reports whether the workspace still holds what the
// library was saved with: the same index generation, its files whole,
// and the saved pairs, alignments and lexicon. It reads no file of the
// corpus (Verify checks those) and takes no lock: a browser asks it
// before showing the library at once.
func (l *Library) IndexCurrent(opts Options) bool {
	dir, err := resolveDir(opts)
	if err != nil {
		return false
	}
	_, ok := l.indexCurrent(dir)
	return ok
}

func (l *Library) indexCurrent(dir string) (index.Stats, bool) {
	st, err := index.Peek(IndexPath(dir))
	if err != nil || st.Generation != l.Index || l.Index == "" {
		return st, false
	}
	for _, name := range []string{LexiconFile, cacheFile, alignmentsFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return st, false
		}
	}
	if sizes := fileSizes(filepath.Join(IndexPath(dir), st.Generation)); len(sizes) == 0 || !maps.Equal(sizes, l.IndexFiles) {
		return st, false
	}
	return st, true
}

// OpenDoc reads one document of the library from its file, without the
// rest of the corpus: what a browser shows when a document no pair holds
// is opened before Load has finished. It returns ErrNeedLoad when the
// document changed since the library was saved.
func (l *Library) OpenDoc(opts Options, id string) (*corpus.Document, error) {
	return l.readDoc(opts, id)
}

// fileSizes lists the size of every file under dir, by path.
func fileSizes(dir string) map[string]int64 {
	out := map[string]int64{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				out[p] = fi.Size()
			}
		}
		return nil
	})
	return out
}

// ErrNeedLoad says what was asked of a Library needs Load: a document
// changed since the library was saved, or a person corrected the pair,
// which Load realigns around the corrections.
var ErrNeedLoad = errors.New("the corpus must be opened first")

// OpenPair reads the two documents of one of the library's pairs and the
// pair's alignment as saved, without reading the rest of the corpus: what
// a browser shows when a pair is opened before Load has finished. It
// returns ErrNeedLoad when either document changed since the library was
// saved, or the pair has corrections.
func (l *Library) OpenPair(opts Options, p align.DocPair) (fa, en *corpus.Document, beads []align.Bead, err error) {
	dir, err := resolveDir(opts)
	if err != nil {
		return nil, nil, nil, err
	}
	if fa, err = l.readDoc(opts, p.FA); err == nil {
		en, err = l.readDoc(opts, p.EN)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	w := &Workspace{Dir: dir}
	cf, err := w.readCorrections()
	if err != nil {
		return nil, nil, nil, err
	}
	for _, pc := range cf.pairs {
		if pc.fa == p.FA && pc.en == p.EN && len(pc.beads) > 0 {
			return nil, nil, nil, fmt.Errorf("open %s ↔ %s: %w (it has corrections)", corpus.ShowName(p.FA), corpus.ShowName(p.EN), ErrNeedLoad)
		}
	}
	beads, ok, err := w.PairBeads(fa.Hash, en.Hash, p.Kind)
	if err != nil {
		return nil, nil, nil, err
	}
	if !ok {
		return nil, nil, nil, fmt.Errorf("open %s ↔ %s: %w (its alignment is not saved)", corpus.ShowName(p.FA), corpus.ShowName(p.EN), ErrNeedLoad)
	}
	return fa, en, beads, nil
}

// readDoc reads one document of the library from its file, checking it
// is as the library saw it.
func (l *Library) readDoc(opts Options, id string) (*corpus.Document, error) {
	i := sort.Search(len(l.Docs), func(i int) bool { return l.Docs[i].ID >= id })
	if i == len(l.Docs) || l.Docs[i].ID != id {
		return nil, fmt.Errorf("open %s: not in the library", corpus.ShowName(id))
	}
	ld := l.Docs[i]
	file := ld.ID
	if m := ld.Meta["memory"]; m != "" {
		file = m
	}
	fsys := opts.FS
	if fsys == nil {
		fsys = os.DirFS(opts.CorpusDir)
	}
	raw, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", corpus.ShowName(file), err)
	}
	docs, err := corpus.ParseFile(file, raw, opts.Corpus)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", corpus.ShowName(file), err)
	}
	for _, d := range docs {
		if d.ID == id {
			if d.Hash != ld.Hash {
				return nil, fmt.Errorf("open %s: %w (it changed)", corpus.ShowName(id), ErrNeedLoad)
			}
			return d, nil
		}
	}
	return nil, fmt.Errorf("open %s: %w (it is gone)", corpus.ShowName(id), ErrNeedLoad)
}
