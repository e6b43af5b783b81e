// Package index keeps a Bleve index of a corpus's paragraphs, in Persian
// and English fields with their own analysis, and searches both languages
// from one query, each hit with its aligned counterpart.
//
// The index lives in a folder of the workspace. It is updated in place,
// document by document, when documents or their alignments change, and
// rebuilt beside the old one and swapped in when most of it would change,
// so an interrupted build never leaves a broken index. A manifest in the
// folder records what each document was indexed from; it is written last,
// so an update cut short is simply redone.
package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bolterrors "go.etcd.io/bbolt/errors"

	"hamta/align"
	"hamta/corpus"
)

// Field names of an indexed paragraph.
const (
	fieldFA     = "text_fa"
	fieldEN     = "text_en"
	fieldDoc    = "doc"
	fieldLang   = "lang"
	fieldPara   = "para"
	fieldPair   = "pair"   // the document aligned with this one
	fieldCParas = "cparas" // the counterpart's paragraphs, as align.FormatParas writes them
	fieldCScore = "cscore" // the counterpart bead's score
)

const (
	// version changes when the mapping or analysis changes; an index of
	// another version is rebuilt.
	version      = 1
	manifestFile = "hamta-manifest.json"
	// boltTimeout bounds the wait for an index another process holds.
	boltTimeout = "2s"
	batchSize   = 1000
)

// Errors.
var (
	// ErrInUse says another process holds the index.
	ErrInUse = errors.New("index in use by another hamta process")
	// ErrNotFound says there is no index in the folder yet.
	ErrNotFound = errors.New("no index")
)

// Index is an open paragraph index.
type Index struct {
	dir      string
	bi       bleve.Index
	readOnly bool
	man      manifest
	lex      *align.Lexicon

	vocabOnce sync.Once
	vocab     *vocabulary
}

// manifest records what the index holds.
type manifest struct {
	Version int                 `json:"version"`
	Docs    map[string]docEntry `json:"docs"`
}

type docEntry struct {
	Sig   string `json:"sig"`   // signature of the text and alignments indexed
	Paras []int  `json:"paras"` // indices of the paragraphs indexed
}

// Stats describe an index build or update.
type Stats struct {
	Docs, Paragraphs int   // in the index
	Indexed          int   // paragraphs indexed by this call
	Removed          int   // paragraphs removed by this call
	Rebuilt          bool  // built anew rather than updated
	DiskBytes        int64 // size of the index folder
}

// newMapping describes an indexed paragraph: its text in the field of its
// language, stored with term vectors for highlighting, and keyword fields.
func newMapping() mapping.IndexMapping {
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store, f.IncludeTermVectors, f.IncludeInAll = true, true, false
		return f
	}
	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.IncludeInAll, f.IncludeTermVectors = true, false, false
		return f
	}
	number := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store, f.IncludeInAll = true, false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldFA, text(analyzerFA))
	dm.AddFieldMappingsAt(fieldEN, text(analyzerEN))
	dm.AddFieldMappingsAt(fieldDoc, keyword())
	dm.AddFieldMappingsAt(fieldLang, keyword())
	dm.AddFieldMappingsAt(fieldPair, keyword())
	dm.AddFieldMappingsAt(fieldCParas, keyword())
	dm.AddFieldMappingsAt(fieldPara, number())
	dm.AddFieldMappingsAt(fieldCScore, number())
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m := bleve.NewIndexMapping()
	m.DefaultMapping = dm
	m.DefaultField = fieldEN
	m.DefaultAnalyzer = analyzerEN
	return m
}

// paragraphDoc is what is indexed for one paragraph.
type paragraphDoc struct {
	TextFA string  `json:"text_fa,omitempty"`
	TextEN string  `json:"text_en,omitempty"`
	Doc    string  `json:"doc"`
	Lang   string  `json:"lang"`
	Para   float64 `json:"para"`
	Pair   string  `json:"pair,omitempty"`
	CParas string  `json:"cparas,omitempty"`
	CScore float64 `json:"cscore,omitempty"`
}

// paraID is the index ID of a paragraph.
func paraID(doc string, para int) string { return doc + "#" + strconv.Itoa(para) }

// Open opens the index in dir. A read-only index can be searched while
// nothing writes; ErrInUse says another process holds it, ErrNotFound that
// there is none.
func Open(dir string, readOnly bool) (*Index, error) {
	man, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	cfg := map[string]interface{}{"bolt_timeout": boltTimeout}
	if readOnly {
		cfg["read_only"] = true
	}
	bi, err := bleve.OpenUsing(dir, cfg)
	if err != nil {
		return nil, openError(dir, err)
	}
	return &Index{dir: dir, bi: bi, readOnly: readOnly, man: man, lex: align.DefaultLexicon()}, nil
}

func openError(dir string, err error) error {
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return fmt.Errorf("open index %s: %w (close the other hamta or wait for it)", dir, ErrInUse)
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist), errors.Is(err, bleve.ErrorIndexMetaMissing):
		return fmt.Errorf("open index %s: %w", dir, ErrNotFound)
	}
	return fmt.Errorf("open index %s: %w", dir, err)
}

// readManifest reads the manifest; an index without one (or of another
// version) counts as missing, to be rebuilt.
func readManifest(dir string) (manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return manifest{}, fmt.Errorf("open index %s: %w", dir, ErrNotFound)
	}
	if err != nil {
		return manifest{}, fmt.Errorf("open index %s: %w", dir, err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Version != version {
		return manifest{}, fmt.Errorf("open index %s: %w (made by another version)", dir, ErrNotFound)
	}
	return m, nil
}

// Close closes the index.
func (x *Index) Close() error { return x.bi.Close() }

// Dir is the index folder.
func (x *Index) Dir() string { return x.dir }

// Sync brings the index in dir up to date with the documents and their
// pairs: it builds one if there is none (or one of another version),
// updates the documents that changed, and rebuilds beside and swaps when
// most of them did. It returns the open index.
func Sync(ctx context.Context, dir string, docs []*corpus.Document, pairs []align.DocPair, progress func(done, total int)) (*Index, Stats, error) {
	// Builds cut short by a crash or a kill leave their folders behind;
	// the caller holds the workspace, so no other build is running.
	if old, err := filepath.Glob(dir + ".new-*"); err == nil {
		for _, o := range old {
			os.RemoveAll(o)
		}
	}
	want := plan(docs, pairs)
	x, err := Open(dir, false)
	if errors.Is(err, ErrNotFound) {
		return build(ctx, dir, want, progress)
	}
	if err != nil {
		return nil, Stats{}, err
	}
	changed := 0
	for id, p := range want {
		if x.man.Docs[id].Sig != p.entry.Sig {
			changed++
		}
	}
	for id := range x.man.Docs {
		if _, ok := want[id]; !ok {
			changed++
		}
	}
	if changed > 0 && changed*2 > len(want)+1 && len(want) > 8 {
		x.Close()
		return build(ctx, dir, want, progress)
	}
	st, err := x.update(ctx, want, progress)
	if err != nil {
		x.Close()
		return nil, st, err
	}
	return x, st, nil
}

// planned is one document as it should be indexed.
type planned struct {
	doc   *corpus.Document
	entry docEntry
	paras []paragraphDoc
}

// plan works out what every document's paragraphs should be indexed as:
// its text and, for each paragraph, its counterpart in the best pair it
// belongs to (a translation before a comparable report, then by score).
func plan(docs []*corpus.Document, pairs []align.DocPair) map[string]*planned {
	sorted := append([]align.DocPair(nil), pairs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if (sorted[i].Kind == align.Translation) != (sorted[j].Kind == align.Translation) {
			return sorted[i].Kind == align.Translation
		}
		return sorted[i].Score > sorted[j].Score
	})
	type counterpart struct {
		pair  string
		paras []int
		score float64
	}
	cps := map[string]map[int]counterpart{}
	set := func(doc string, para int, c counterpart) {
		if cps[doc] == nil {
			cps[doc] = map[int]counterpart{}
		}
		if _, done := cps[doc][para]; !done {
			cps[doc][para] = c
		}
	}
	for _, p := range sorted {
		for _, b := range p.Beads {
			if !b.Linked() {
				continue
			}
			for _, i := range b.A {
				set(p.FA, i, counterpart{p.EN, b.B, b.Score})
			}
			for _, j := range b.B {
				set(p.EN, j, counterpart{p.FA, b.A, b.Score})
			}
		}
	}
	out := map[string]*planned{}
	for _, d := range docs {
		pl := &planned{doc: d}
		h := sha256.New()
		fmt.Fprintf(h, "v%d %s %s\n", version, d.Hash, d.Lang)
		for _, p := range d.Paragraphs {
			if !p.Aligned() || p.Text == "" {
				continue
			}
			pd := paragraphDoc{Doc: d.ID, Lang: string(p.Lang), Para: float64(p.Index)}
			if p.Lang.ArabicScript() {
				pd.TextFA = p.Text
			} else {
				pd.TextEN = p.Text
				pd.Lang = string(corpus.LangEN)
			}
			if c, ok := cps[d.ID][p.Index]; ok {
				pd.Pair, pd.CParas, pd.CScore = c.pair, align.FormatParas(c.paras), c.score
				fmt.Fprintf(h, "%d %s %s %.3f\n", p.Index, c.pair, pd.CParas, c.score)
			}
			pl.paras = append(pl.paras, pd)
			pl.entry.Paras = append(pl.entry.Paras, p.Index)
		}
		pl.entry.Sig = hex.EncodeToString(h.Sum(nil))
		out[d.ID] = pl
	}
	return out
}

// build makes a new index beside dir and swaps it in.
func build(ctx context.Context, dir string, want map[string]*planned, progress func(done, total int)) (*Index, Stats, error) {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, Stats{}, fmt.Errorf("build index %s: %w", dir, err)
	}

	tmp, err := os.MkdirTemp(parent, filepath.Base(dir)+".new-")
	if err != nil {
		return nil, Stats{}, fmt.Errorf("build index %s: %w", dir, err)
	}
	// MkdirTemp made the folder; bleve wants to create it.
	os.Remove(tmp)
	cleanup := func() { os.RemoveAll(tmp) }
	bi, err := bleve.NewUsing(tmp, newMapping(), scorch.Name, scorch.Name, map[string]interface{}{"bolt_timeout": boltTimeout})
	if err != nil {
		cleanup()
		return nil, Stats{}, fmt.Errorf("build index %s: %w", dir, err)
	}
	x := &Index{dir: tmp, bi: bi, man: manifest{Version: version, Docs: map[string]docEntry{}}, lex: align.DefaultLexicon()}
	st, err := x.update(ctx, want, progress)
	if cerr := bi.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		return nil, st, err
	}
	// Swap: the old index goes aside, the new one takes its place, the
	// old one is removed. A crash in between leaves either index whole.
	old := dir + ".old"
	os.RemoveAll(old)
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		cleanup()
		return nil, st, fmt.Errorf("replace index %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		cleanup()
		return nil, st, fmt.Errorf("replace index %s: %w", dir, err)
	}
	os.RemoveAll(old)
	nx, err := Open(dir, false)
	if err != nil {
		return nil, st, err
	}
	st.Rebuilt = true
	st.DiskBytes = dirSize(dir)
	return nx, st, nil
}

// update indexes the documents whose signature changed and removes those
// no longer wanted, in batches, then writes the manifest.
func (x *Index) update(ctx context.Context, want map[string]*planned, progress func(done, total int)) (Stats, error) {
	if x.readOnly {
		return Stats{}, fmt.Errorf("update index %s: opened read-only", x.dir)
	}
	var st Stats
	var ids []string
	for id, p := range want {
		if x.man.Docs[id].Sig != p.entry.Sig {
			ids = append(ids, id)
		}
	}
	var gone []string
	for id := range x.man.Docs {
		if _, ok := want[id]; !ok {
			gone = append(gone, id)
		}
	}
	sort.Strings(ids)
	sort.Strings(gone)
	total := 0
	for _, id := range ids {
		total += len(want[id].paras)
	}
	b := x.bi.NewBatch()
	flush := func() error {
		if b.Size() == 0 {
			return nil
		}
		if err := x.bi.Batch(b); err != nil {
			return fmt.Errorf("update index %s: %w", x.dir, err)
		}
		// A fresh batch, not Reset: scorch may still be reading the old
		// one's operations when Batch returns.
		b = x.bi.NewBatch()
		return nil
	}
	remove := func(id string) {
		for _, i := range x.man.Docs[id].Paras {
			b.Delete(paraID(id, i))
			st.Removed++
		}
	}
	for _, id := range gone {
		remove(id)
	}
	done := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		remove(id)
		p := want[id]
		for _, pd := range p.paras {
			if err := b.Index(paraID(id, int(pd.Para)), pd); err != nil {
				return st, fmt.Errorf("index %s: %w", id, err)
			}
			st.Indexed++
			done++
			if b.Size() >= batchSize {
				if err := flush(); err != nil {
					return st, err
				}
				if progress != nil {
					progress(done, total)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return st, err
	}
	if progress != nil && total > 0 {
		progress(total, total)
	}
	man := manifest{Version: version, Docs: map[string]docEntry{}}
	for id, p := range want {
		man.Docs[id] = p.entry
		st.Docs++
		st.Paragraphs += len(p.entry.Paras)
	}
	if err := writeManifest(x.dir, man); err != nil {
		return st, err
	}
	x.man = man
	x.vocabOnce = sync.Once{}
	x.vocab = nil
	st.DiskBytes = dirSize(x.dir)
	return st, nil
}

func writeManifest(dir string, m manifest) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, manifestFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write index manifest: %w", err)
	}
	if f, err := os.Open(tmp); err == nil {
		f.Sync()
		f.Close()
	}
	if err := os.Rename(tmp, filepath.Join(dir, manifestFile)); err != nil {
		return fmt.Errorf("write index manifest: %w", err)
	}
	return nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// Stats returns the size of the index.
func (x *Index) Stats() Stats {
	st := Stats{Docs: len(x.man.Docs), DiskBytes: dirSize(x.dir)}
	for _, d := range x.man.Docs {
		st.Paragraphs += len(d.Paras)
	}
	return st
}

// Update brings an open index up to date with the documents and their
// pairs, in place: only documents whose text or alignment changed are
// indexed again. The browser calls it after a correction, so counterparts
// follow the edit.
func (x *Index) Update(ctx context.Context, docs []*corpus.Document, pairs []align.DocPair) (Stats, error) {
	return x.update(ctx, plan(docs, pairs), nil)
}
