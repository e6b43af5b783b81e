// Package index keeps a Bleve index of a corpus's paragraphs, in Persian
// and English fields with their own analysis, and searches both languages
// from one query, each hit with its aligned counterpart.
//
// The index lives in a folder of the workspace, as generations: complete
// indexes of which a manifest names the current one (see store.go). A
// change makes the next generation beside the current one and switches
// the manifest, so any number of processes can search while one writes,
// and a crash or an interrupt never leaves a broken or half-updated index.
// A damaged index is reported as ErrDamaged, for the caller to rebuild.
package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"

	"hamta/align"
	"hamta/corpus"
	"hamta/internal/par"
	"hamta/lexicon"
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
	fieldBParas = "bparas" // the bead's paragraphs on this paragraph's side
	fieldCScore = "cscore" // the counterpart bead's score
)

const (
	// version changes when the mapping or analysis changes; an index of
	// another version is rebuilt.
	version = 3
	// boltTimeout bounds the wait for a generation another process holds.
	boltTimeout = "2s"
	// batchSize is how many paragraphs go to Bleve in one batch, cut at
	// the end of a document. With two batches applied at once, 2,500
	// indexes as fast as 5,000 (BenchmarkIndexOnly at 100k, alternate
	// runs: 11,401 and 10,619 against 10,967 and 8,829 paragraphs/s)
	// with less held in memory: a 100k first build peaks at 0.95 GB
	// against 1.4 GB. 1,000 was 15% slower than 5,000 one at a time.
	batchSize = 2500
	// inFlight is how many batches Bleve applies at once: with two, one
	// is analysed and made a segment while the next is mapped and
	// analysed.
	inFlight = 2
	// checkpointEvery is how often a build records what it has done, so
	// an interrupted one can resume.
	checkpointEvery = 5 * time.Second
)

// Errors.
var (
	// ErrInUse says another process is writing the index.
	ErrInUse = errors.New("index in use by another hamta process")
	// ErrNotFound says there is no index in the folder yet (or only one
	// made by another version of hamta).
	ErrNotFound = errors.New("no index")
	// ErrDamaged says the index's files cannot be read; it can be rebuilt
	// from the corpus.
	ErrDamaged = errors.New("index damaged")

	errClosed = errors.New("index closed")
)

// Index is an open paragraph index. Its methods may be called from
// several goroutines.
type Index struct {
	dir string
	lex *align.Lexicon

	// mu is held for reading by searches and for writing while the index
	// switches to another generation.
	mu        sync.RWMutex
	fm        folderManifest // the manifest of the open generation
	bi        bleve.Index    // the open generation, read-only
	vocabOnce sync.Once
	vocab     *vocabulary
	learned   atomic.Pointer[lexicon.Lexicon]

	// docs is what the generation docsGen holds, kept by the last write
	// so the next one need not read docs.json again.
	docs    docsManifest
	docsGen string
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
	Resumed          bool  // a build cut short earlier was taken up again
	DiskBytes        int64 // size of the index generation
	// Generation names the generation current after the call.
	Generation string
	// Compacted is set when the update merged the index back to the
	// size of a fresh build.
	Compacted bool
	// Repaired says why the index was rebuilt when it was damaged.
	Repaired string
}

// newMapping describes an indexed paragraph: its text in the field of its
// language, stored with term vectors for highlighting; the document and
// language as keywords a query may name; and the paragraph number and
// counterpart, stored only, for showing a hit. Nothing is sorted or
// faceted by a field, so no field keeps doc values.
func newMapping() mapping.IndexMapping {
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = true, true, false, false
		return f
	}
	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = true, false, false, false
		return f
	}
	stored := func(f *mapping.FieldMapping) *mapping.FieldMapping {
		f.Store, f.Index, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = true, false, false, false, false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldFA, text(analyzerFA))
	dm.AddFieldMappingsAt(fieldEN, text(analyzerEN))
	dm.AddFieldMappingsAt(fieldDoc, keyword())
	dm.AddFieldMappingsAt(fieldLang, keyword())
	dm.AddFieldMappingsAt(fieldPair, stored(bleve.NewKeywordFieldMapping()))
	dm.AddFieldMappingsAt(fieldCParas, stored(bleve.NewKeywordFieldMapping()))
	dm.AddFieldMappingsAt(fieldBParas, stored(bleve.NewKeywordFieldMapping()))
	dm.AddFieldMappingsAt(fieldPara, stored(bleve.NewNumericFieldMapping()))
	dm.AddFieldMappingsAt(fieldCScore, stored(bleve.NewNumericFieldMapping()))
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
	BParas string  `json:"bparas,omitempty"`
	CScore float64 `json:"cscore,omitempty"`
}

// paraID is the index ID of a paragraph.
func paraID(doc string, para int) string { return doc + "#" + strconv.Itoa(para) }

// Open opens the index in dir for searching. ErrNotFound says there is
// none yet, ErrDamaged that its files cannot be read.
func Open(dir string) (*Index, error) {
	x := &Index{dir: dir, lex: align.DefaultLexicon()}
	if err := x.open(); err != nil {
		return nil, err
	}
	return x, nil
}

// open opens the current generation read-only, in place of the one open.
// A writer may switch the manifest, and remove the generation it named,
// between the reading of the manifest and the opening: then it tries
// again with the new one.
func (x *Index) open() error {
	var err error
	for range 3 {
		var fm folderManifest
		if fm, err = readFolderManifest(x.dir); err != nil {
			return err
		}
		var bi bleve.Index
		bi, err = openGeneration(filepath.Join(x.dir, fm.Current), true)
		if err == nil {
			if err = checkCount(bi, fm); err == nil {
				x.setGeneration(fm, bi)
				return nil
			}
			bi.Close()
			err = damaged(filepath.Join(x.dir, fm.Current), err)
		}
		if again, ferr := readFolderManifest(x.dir); ferr != nil || again.Current == fm.Current {
			break
		}
	}
	return fmt.Errorf("open index %s: %w", corpus.ShowName(x.dir), err)
}

// checkCount compares the paragraphs in a generation with its manifest:
// Bleve quietly falls back to an older snapshot when the newest cannot be
// read, which this catches.
func checkCount(bi bleve.Index, fm folderManifest) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (%v)", ErrDamaged, r)
		}
	}()
	n, err := bi.DocCount()
	if err != nil {
		return fmt.Errorf("%w (%s)", ErrDamaged, firstLine(err.Error()))
	}
	if int(n) != fm.Paragraphs {
		return fmt.Errorf("%w (%s holds %d paragraphs, its manifest %d)", ErrDamaged, fm.Current, n, fm.Paragraphs)
	}
	return nil
}

// setGeneration makes bi, opened from the generation fm names, the one
// searched, once no search is running, and closes the one before.
func (x *Index) setGeneration(fm folderManifest, bi bleve.Index) {
	x.mu.Lock()
	old := x.bi
	x.fm, x.bi = fm, bi
	x.vocabOnce = sync.Once{}
	x.vocab = nil
	x.mu.Unlock()
	if old != nil {
		old.Close()
	}
}

// endSearch is deferred by every search, which holds x.mu for reading: it
// releases it, and turns a panic in Bleve or bbolt reading damaged files
// into ErrDamaged.
func (x *Index) endSearch(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("search index %s: %w (%v)", corpus.ShowName(x.dir), ErrDamaged, r)
	}
	x.mu.RUnlock()
}

// Check reads the whole of the open generation: its paragraph count and
// every segment's checksum. It returns ErrDamaged when the index needs to
// be rebuilt; callers use it to tell a damaged index from another failure
// of a search.
func (x *Index) Check() error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.bi == nil {
		return fmt.Errorf("check index %s: closed", corpus.ShowName(x.dir))
	}
	if err := checkCount(x.bi, x.fm); err != nil {
		return fmt.Errorf("check index %s: %w", corpus.ShowName(x.dir), err)
	}
	if err := verifySegments(filepath.Join(x.dir, x.fm.Current)); err != nil {
		return fmt.Errorf("check index %s: %w (%v)", corpus.ShowName(x.dir), ErrDamaged, err)
	}
	return nil
}

// DamageReason returns what an ErrDamaged error says is damaged ("segment
// 000000000002.zap: checksum mismatch"), or the whole message when it
// says nothing more.
func DamageReason(err error) string {
	msg := firstLine(err.Error())
	i := strings.Index(msg, ErrDamaged.Error()+" (")
	if i < 0 || !strings.HasSuffix(msg, ")") {
		return msg
	}
	return msg[i+len(ErrDamaged.Error())+2 : len(msg)-1]
}

// Close closes the index.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.bi == nil {
		return nil
	}
	err := x.bi.Close()
	x.bi = nil
	return err
}

// Dir is the index folder.
func (x *Index) Dir() string { return x.dir }

// Sync brings the index in dir up to date with the documents and their
// pairs: it builds one if there is none (or one of another version, or a
// damaged one), resumes a build cut short, or updates the documents that
// changed, rebuilding from nothing when most of them did (which also
// compacts it). It returns the index open for searching. Only one process
// may write an index at a time: another gets ErrInUse at once.
func Sync(ctx context.Context, dir string, docs []*corpus.Document, pairs []align.DocPair, progress func(done, total int)) (*Index, Stats, error) {
	x := &Index{dir: dir, lex: align.DefaultLexicon()}
	st, err := x.sync(ctx, plan(docs, pairs), progress, true)
	if err != nil {
		x.Close()
		return nil, st, err
	}
	return x, st, nil
}

// Update brings an open index up to date with the documents and their
// pairs: only documents whose text or alignment changed are indexed
// again, into a new generation that searches see once it is complete. The
// browser calls it after a correction, so counterparts follow the edit.
func (x *Index) Update(ctx context.Context, docs []*corpus.Document, pairs []align.DocPair) (Stats, error) {
	return x.sync(ctx, plan(docs, pairs), nil, false)
}

// base is what a new generation starts from.
type base int

const (
	fromNothing  base = iota
	fromCurrent       // a clone of the current generation
	fromBuilding      // the generation an interrupted build left
)

// sync makes the index hold want, under the write lock, in three steps:
// read what the current generation holds (with verify, checking its
// segments), plan where the next generation starts from, and apply the
// plan: build the generation and publish it.
func (x *Index) sync(ctx context.Context, want map[string]*planned, progress func(done, total int), verify bool) (Stats, error) {
	var st Stats
	lock, err := lockWriter(x.dir)
	if err != nil {
		return st, err
	}
	defer lock.unlock()

	cur, err := x.current(verify)
	switch {
	case err == nil:
	case errors.Is(err, ErrNotFound):
		// Nothing usable, or an index of another version, which must not
		// be named in a manifest of this one.
		cur.fm.Current = ""
	case errors.Is(err, ErrDamaged):
		st.Repaired = DamageReason(err)
	default:
		return st, err
	}
	// A current generation that cannot be used stays until its
	// replacement is published: the repair is built beside it.
	removeUnused(x.dir, cur.fm)

	p := planSync(x.dir, cur, want)
	if p.upToDate {
		if cur.fm.Building != "" {
			cur.fm.Building = ""
			if err := writeFolderManifest(x.dir, cur.fm); err != nil {
				return st, err
			}
			removeUnused(x.dir, cur.fm)
		}
		return x.stats(st), nil
	}
	return x.apply(ctx, p, want, progress, st)
}

// currentState is what the current generation holds, as far as it can be
// used.
type currentState struct {
	fm   folderManifest
	docs docsManifest
	ok   bool // the generation can be built on
}

// current reads the manifest and the current generation's documents,
// opening the generation for searching when it is not open yet; with
// verify, it checks the generation's segments too. An error says why the
// generation cannot be built on (ErrNotFound, ErrDamaged or another).
func (x *Index) current(verify bool) (currentState, error) {
	var cur currentState
	fm, err := readFolderManifest(x.dir)
	cur.fm = fm
	if err != nil {
		return cur, err
	}
	if x.bi == nil || x.fm.Current != fm.Current {
		if err := x.open(); err != nil {
			return cur, err
		}
	}
	if x.docsGen == fm.Current {
		cur.docs = x.docs
	} else if cur.docs, err = readDocs(filepath.Join(x.dir, fm.Current)); err != nil {
		return cur, fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	if cur.docs.paragraphs() != fm.Paragraphs || !cur.docs.Complete {
		return cur, fmt.Errorf("%w (%s does not match %s)", ErrDamaged, docsFile, manifestFile)
	}
	if verify {
		if err := verifySegments(filepath.Join(x.dir, fm.Current)); err != nil {
			return cur, fmt.Errorf("%w (%v)", ErrDamaged, err)
		}
	}
	cur.ok = true
	return cur, nil
}

// syncPlan is where the next generation starts from, and what it is.
type syncPlan struct {
	fm       folderManifest
	from     base
	cur      docsManifest // the current generation's documents, from it
	building docsManifest // the interrupted build's documents, from it
	// upToDate says the current generation holds want already.
	upToDate bool
}

// planSync chooses the cheapest start for the next generation: the
// current generation, the one an interrupted build left, or nothing; or
// nothing to do at all.
func planSync(dir string, cur currentState, want map[string]*planned) syncPlan {
	p := syncPlan{fm: cur.fm, from: fromNothing, cur: cur.docs}
	work := 0
	for _, pl := range want {
		work += len(pl.entry.Paras)
	}
	if cur.ok {
		w, changed := workFrom(cur.docs, want)
		if w == 0 && changed == 0 {
			p.upToDate = true
			return p
		}
		// When most documents changed, a build from nothing costs about
		// the same and leaves a compact index.
		mostChanged := changed*2 > len(want)+1 && len(want) > 8
		if !mostChanged {
			p.from, work = fromCurrent, w
		}
	}
	if cur.fm.Building != "" {
		// A build that completed but was not published is finished
		// rather than redone.
		if bm, err := readDocs(filepath.Join(dir, cur.fm.Building)); err == nil {
			if w, _ := workFrom(bm, want); w < work || (w == 0 && p.from == fromNothing) {
				p.from, p.building = fromBuilding, bm
			}
		}
	}
	return p
}

// apply carries out a plan: it names the generation being built in the
// manifest, starts it from its base, indexes what changed, and publishes
// it, the one step readers see.
func (x *Index) apply(ctx context.Context, p syncPlan, want map[string]*planned, progress func(done, total int), st Stats) (Stats, error) {
	fm := p.fm
	gen := fm.Building
	if p.from != fromBuilding {
		gen = nextGeneration(x.dir, fm)
	}
	genPath := filepath.Join(x.dir, gen)
	fm.Building = gen
	if err := writeFolderManifest(x.dir, fm); err != nil {
		return st, err
	}
	removeUnused(x.dir, fm)

	bi, man, from, resumed, err := x.openBase(genPath, gen, fm, p)
	if err != nil {
		return st, fmt.Errorf("build index %s: %w", corpus.ShowName(x.dir), err)
	}
	st.Resumed = resumed
	g := &genWriter{path: genPath, bi: bi, man: man, collect: from == fromCurrent}
	err = g.update(ctx, want, progress)
	st.Indexed, st.Removed = g.indexed, g.removed
	if err == nil {
		// What search needs beside the index, made now rather than on
		// a search's first query.
		vocabFrom := ""
		if from == fromCurrent {
			vocabFrom = filepath.Join(x.dir, fm.Current)
		}
		err = writeVocab(genPath, bi, vocabFrom, g.added)
	}
	if cerr := bi.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("build index %s: %w", corpus.ShowName(x.dir), cerr)
	}
	if err != nil {
		// The generation stays, named as building, with what it holds
		// recorded in its docs.json: the next sync resumes it.
		return st, err
	}

	// Publish: the one step readers see.
	next := folderManifest{Current: gen, Docs: len(g.man.Docs), Paragraphs: g.man.paragraphs(),
		FreshBytes: fm.FreshBytes, FreshParagraphs: fm.FreshParagraphs}
	size := dirSize(genPath)
	if from != fromCurrent || next.FreshParagraphs == 0 {
		next.FreshBytes, next.FreshParagraphs = size, next.Paragraphs
	} else if est := next.FreshBytes * int64(next.Paragraphs) / int64(next.FreshParagraphs); size > est*compactRatio/100 {
		// Updates leave the paragraphs they replaced in old segments:
		// once that is too much, merge the generation into one segment,
		// the size of a fresh build.
		if err := compactGeneration(ctx, genPath); err != nil {
			return st, err
		}
		st.Compacted = true
		next.FreshBytes, next.FreshParagraphs = dirSize(genPath), next.Paragraphs
	}
	if err := writeFolderManifest(x.dir, next); err != nil {
		return st, err
	}
	if err := x.open(); err != nil {
		return st, err
	}
	x.docs, x.docsGen = g.man, gen
	removeUnused(x.dir, next)
	st.Rebuilt = from != fromCurrent
	return x.stats(st), nil
}

// openBase opens the generation being built at genPath from the plan's
// base: the interrupted build as it is (when it is whole), a clone of the
// current generation, or a new one. It returns what the generation holds
// and the base it really started from.
func (x *Index) openBase(genPath, gen string, fm folderManifest, p syncPlan) (bi bleve.Index, man docsManifest, from base, resumed bool, err error) {
	from = p.from
	switch from {
	case fromBuilding:
		if bi, err = openGeneration(genPath, false); err == nil {
			if !p.building.Complete {
				return bi, p.building, from, true, nil
			}
			if err = checkCount(bi, folderManifest{Current: gen, Paragraphs: p.building.paragraphs()}); err == nil {
				return bi, p.building, from, true, nil
			}
			bi.Close()
		}
		from = fromNothing // the interrupted build is damaged: start again
		fallthrough
	case fromNothing:
		bi, err = newGeneration(genPath)
		return bi, docsManifest{Docs: map[string]docEntry{}}, from, false, err
	}
	x.mu.RLock()
	err = cloneLive(x.bi, filepath.Join(x.dir, fm.Current), genPath)
	x.mu.RUnlock()
	if err == nil {
		bi, err = openGeneration(genPath, false)
	}
	return bi, docsManifest{Docs: maps.Clone(p.cur.Docs)}, from, false, err
}

// compactRatio is how large, in percent of a fresh build's size, a
// generation made by updates may grow before it is compacted.
const compactRatio = 130

// compactGeneration merges a generation's segments into one, leaving out
// the paragraphs deleted from them, and keeps only that segment: the
// merged index is copied (its current snapshot alone) beside the
// generation, which it then replaces. The generation is not published
// yet; a crash on the way leaves a building generation that the next
// sync finds damaged and builds again.
func compactGeneration(ctx context.Context, gen string) error {
	fail := func(err error) error { return fmt.Errorf("compact index %s: %w", corpus.ShowName(gen), err) }
	bi, err := openGeneration(gen, false)
	if err != nil {
		return fail(err)
	}
	tmp := gen + ".compact"
	os.RemoveAll(tmp)
	err = forceMerge(ctx, bi)
	if err == nil {
		if c, ok := bi.(bleve.IndexCopyable); ok {
			err = c.CopyTo(bleve.FileSystemDirectory(tmp))
		} else {
			err = errors.New("index cannot be copied")
		}
	}
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	for _, name := range []string{docsFile, vocabFile} {
		if err == nil {
			err = copyFile(filepath.Join(gen, name), filepath.Join(tmp, name))
		}
	}
	if err == nil {
		err = os.RemoveAll(gen)
	}
	if err == nil {
		err = os.Rename(tmp, gen)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fail(err)
	}
	syncDir(filepath.Dir(gen))
	return nil
}

// forceMerge merges a scorch index into one segment.
func forceMerge(ctx context.Context, bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("not a scorch index")
	}
	return sc.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions)
}

// workFrom counts the paragraphs to index, and the documents to change,
// to make a generation holding m hold want.
func workFrom(m docsManifest, want map[string]*planned) (paras, docs int) {
	for id, p := range want {
		if m.Docs[id].Sig != p.entry.Sig || m.Docs[id].Sig == "" {
			paras += len(p.entry.Paras)
			docs++
		}
	}
	for id := range m.Docs {
		if _, ok := want[id]; !ok {
			docs++
		}
	}
	return paras, docs
}

// stats fills in the size of the open generation.
func (x *Index) stats(st Stats) Stats {
	x.mu.RLock()
	defer x.mu.RUnlock()
	st.Docs, st.Paragraphs, st.Generation = x.fm.Docs, x.fm.Paragraphs, x.fm.Current
	st.DiskBytes = dirSize(filepath.Join(x.dir, x.fm.Current))
	return st
}

// Peek describes the index in dir from its manifest, without opening
// it: its current generation (which never changes once current, so the
// same name means the same index), documents, paragraphs and size.
func Peek(dir string) (Stats, error) {
	fm, err := readFolderManifest(dir)
	if err != nil {
		return Stats{}, err
	}
	return Stats{Generation: fm.Current, Docs: fm.Docs, Paragraphs: fm.Paragraphs, DiskBytes: dirSize(filepath.Join(dir, fm.Current))}, nil
}

// Stats returns the size of the index.
func (x *Index) Stats() Stats { return x.stats(Stats{}) }

// planned is one document as it should be indexed.
type planned struct {
	doc   *corpus.Document
	entry docEntry
	// cps are the counterparts of the document's paragraphs, by index;
	// an empty pair says a paragraph has none.
	cps []counterpart
}

// counterpart is a paragraph's counterpart in the best pair it belongs
// to: the document, the bead's paragraphs on each side (as
// align.FormatParas writes them) and its score.
type counterpart struct {
	pair  string
	paras string // the counterpart's
	own   string // the bead's on this side
	score float64
}

// at returns the counterpart of paragraph i, if it has one.
func (pl *planned) at(i int) (counterpart, bool) {
	if i < 0 || i >= len(pl.cps) || pl.cps[i].pair == "" {
		return counterpart{}, false
	}
	return pl.cps[i], true
}

// plan works out what every document's paragraphs should be indexed as:
// its text and, for each paragraph, its counterpart in the best pair it
// belongs to (a translation before a comparable report, then by score).
// Only the signatures are computed for all; the paragraphs to index are
// made (paras) for the documents that changed.
func plan(docs []*corpus.Document, pairs []align.DocPair) map[string]*planned {
	sorted := append([]align.DocPair(nil), pairs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if (sorted[i].Kind == align.Translation) != (sorted[j].Kind == align.Translation) {
			return sorted[i].Kind == align.Translation
		}
		return sorted[i].Score > sorted[j].Score
	})
	pls := make([]*planned, len(docs))
	byID := make(map[string]*planned, len(docs))
	for k, d := range docs {
		n := 0
		for _, p := range d.Paragraphs {
			n = max(n, p.Index+1)
		}
		pls[k] = &planned{doc: d, cps: make([]counterpart, n)}
		byID[d.ID] = pls[k]
	}
	// set gives the paragraphs of one side of a bead their counterpart,
	// unless a better pair gave them one.
	set := func(pl *planned, idx []int, c counterpart) {
		if pl == nil {
			return
		}
		for _, i := range idx {
			if i >= 0 && i < len(pl.cps) && pl.cps[i].pair == "" {
				pl.cps[i] = c
			}
		}
	}
	for _, p := range sorted {
		fa, en := byID[p.FA], byID[p.EN]
		for _, b := range p.Beads {
			if !b.Linked() {
				continue
			}
			a, bb := align.FormatParas(b.A), align.FormatParas(b.B)
			set(fa, b.A, counterpart{p.EN, bb, a, b.Score})
			set(en, b.B, counterpart{p.FA, a, bb, b.Score})
		}
	}
	// The signatures, on every core.
	par.Strided(len(pls), 64, func(items iter.Seq[int]) {
		var buf []byte
		for k := range items {
			buf = pls[k].sign(buf[:0])
		}
	})
	return byID
}

// sign sets a document's signature, of its text and the counterparts of
// its paragraphs, and the paragraphs to index; buf is scratch space.
func (pl *planned) sign(buf []byte) []byte {
	d := pl.doc
	buf = append(buf, 'v')
	buf = strconv.AppendInt(buf, version, 10)
	buf = append(append(append(append(append(buf, ' '), d.Hash...), ' '), d.Lang...), '\n')
	for _, p := range d.Paragraphs {
		if !indexed(p) {
			continue
		}
		if c, ok := pl.at(p.Index); ok {
			buf = strconv.AppendInt(buf, int64(p.Index), 10)
			buf = append(append(append(append(append(append(append(buf, ' '), c.pair...), ' '), c.paras...), ' '), c.own...), ' ')
			buf = strconv.AppendFloat(buf, c.score, 'f', 3, 64)
			buf = append(buf, '\n')
		}
		pl.entry.Paras = append(pl.entry.Paras, p.Index)
	}
	sum := sha256.Sum256(buf)
	pl.entry.Sig = hex.EncodeToString(sum[:])
	return buf
}

// indexed reports whether a paragraph is indexed: it takes part in
// alignment.
func indexed(p corpus.Paragraph) bool { return p.Aligned() && p.Text != "" }

// paras makes the index documents of a document's paragraphs.
func (pl *planned) paras() []paragraphDoc {
	d := pl.doc
	out := make([]paragraphDoc, 0, len(pl.entry.Paras))
	for _, p := range d.Paragraphs {
		if !indexed(p) {
			continue
		}
		pd := paragraphDoc{Doc: d.ID, Lang: string(p.Lang), Para: float64(p.Index)}
		if p.Lang.ArabicScript() {
			pd.TextFA = p.Text
		} else {
			pd.TextEN = p.Text
			pd.Lang = string(corpus.LangEN)
		}
		if c, ok := pl.at(p.Index); ok {
			pd.Pair, pd.CParas, pd.BParas, pd.CScore = c.pair, c.paras, c.own, c.score
		}
		out = append(out, pd)
	}
	return out
}

// genWriter indexes into a generation being built.
type genWriter struct {
	path string
	bi   bleve.Index
	// man is what the generation holds: documents being changed have an
	// empty Sig and list every paragraph they may hold.
	man              docsManifest
	indexed, removed int
	// collect keeps the paragraphs indexed in added.
	collect bool
	added   []paragraphDoc
}

// update indexes the documents whose signature changed and removes those
// no longer wanted, in batches. Now and then, and when it stops short, it
// records in docs.json the documents complete so far; at the end it
// records them all as complete.
//
// A batch holds whole documents, so each can go in on its own: while
// Bleve analyses one and builds its segment, this goroutine maps the
// paragraphs of the next (up to inFlight batches are applied at once).
func (g *genWriter) update(ctx context.Context, want map[string]*planned, progress func(done, total int)) error {
	var ids, gone []string
	for id, p := range want {
		if e := g.man.Docs[id]; e.Sig != p.entry.Sig || e.Sig == "" {
			ids = append(ids, id)
		}
	}
	for id := range g.man.Docs {
		if _, ok := want[id]; !ok {
			gone = append(gone, id)
		}
	}
	sort.Strings(ids)
	sort.Strings(gone)
	total := 0
	for _, id := range ids {
		total += len(want[id].entry.Paras)
	}

	type applied struct {
		finished []string // documents whose last change was in the batch
		paras    int
		err      error
	}
	results := make(chan applied, inFlight)
	pending := 0
	var failed error
	b := g.bi.NewBatch()
	var finished []string // documents whose last change is in b
	batched, done := 0, 0 // paragraphs in b, and in batches applied
	lastCheckpoint := time.Now()
	checkpoint := func() error {
		return writeDocs(g.path, docsManifest{Docs: g.man.Docs})
	}
	// collect takes in one applied batch: its documents are complete.
	collect := func(r applied) {
		pending--
		if r.err != nil {
			if failed == nil {
				failed = fmt.Errorf("update index %s: %w", corpus.ShowName(g.path), r.err)
			}
			return
		}
		for _, id := range r.finished {
			if p, ok := want[id]; ok {
				g.man.Docs[id] = p.entry
			} else {
				delete(g.man.Docs, id)
			}
		}
		done += r.paras
		if progress != nil && r.paras > 0 {
			progress(done, total)
		}
	}
	// wait takes in applied batches until at most n are pending.
	wait := func(n int) {
		for pending > n {
			collect(<-results)
		}
	}
	flush := func() error {
		if b.Size() > 0 || len(finished) > 0 {
			wait(inFlight - 1)
			batch, fin, n := b, finished, batched
			pending++
			go func() {
				var err error
				if batch.Size() > 0 {
					err = g.bi.Batch(batch)
				}
				results <- applied{finished: fin, paras: n, err: err}
			}()
			// A fresh batch, not Reset: scorch may still be reading the
			// old one's operations when Batch returns.
			b, finished, batched = g.bi.NewBatch(), nil, 0
		}
		for len(results) > 0 {
			collect(<-results)
		}
		if failed != nil {
			return failed
		}
		if time.Since(lastCheckpoint) > checkpointEvery {
			lastCheckpoint = time.Now()
			return checkpoint()
		}
		return nil
	}
	// start marks a document as being changed: until its batch is in, the
	// generation may hold any of its old or new paragraphs.
	start := func(id string) {
		old := g.man.Docs[id]
		paras := old.Paras
		if p, ok := want[id]; ok {
			paras = union(paras, p.entry.Paras)
		}
		g.man.Docs[id] = docEntry{Paras: paras}
		for _, i := range old.Paras {
			b.Delete(paraID(id, i))
			g.removed++
		}
	}
	stop := func(err error) error {
		// Keep what is done for the next run to resume from.
		wait(0)
		checkpoint()
		if failed != nil {
			return failed
		}
		return err
	}
	for _, id := range gone {
		start(id)
		finished = append(finished, id)
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return stop(err)
		}
		start(id)
		for _, pd := range want[id].paras() {
			if err := b.Index(paraID(id, int(pd.Para)), pd); err != nil {
				return stop(fmt.Errorf("index %s: %w", corpus.ShowName(id), err))
			}
			g.indexed++
			batched++
			if g.collect {
				g.added = append(g.added, pd)
			}
		}
		finished = append(finished, id)
		if b.Size() >= batchSize {
			if err := flush(); err != nil {
				return stop(err)
			}
		}
	}
	if err := flush(); err != nil {
		return stop(err)
	}
	wait(0)
	if failed != nil {
		return stop(failed)
	}
	if progress != nil && total > 0 {
		progress(total, total)
	}
	g.man.Complete = true
	return writeDocs(g.path, g.man)
}

// union merges two sorted lists of paragraph indices.
func union(a, b []int) []int {
	out := append(append([]int(nil), a...), b...)
	sort.Ints(out)
	return slices.Compact(out)
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

// SetLearned gives search the lexicon learned from the corpus's beads,
// beside the hand-written one: a word also finds paragraphs through its
// learned translations (Via says "learned"). Nil takes it away.
func (x *Index) SetLearned(l *lexicon.Lexicon) { x.learned.Store(l) }

// Learned is the lexicon given by SetLearned, or nil.
func (x *Index) Learned() *lexicon.Lexicon { return x.learned.Load() }
