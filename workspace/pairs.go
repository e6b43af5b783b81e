package workspace

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"sort"
	"sync"
	"time"

	"hamta/align"
	"hamta/corpus"
	"hamta/internal/par"
)

// Files of the pairs and their alignments.
const (
	// cacheFile holds the pairs found for one state of the corpus and
	// rules, without their alignments, and the evaluations of every
	// candidate pair (a pairCache, in gob).
	cacheFile = "pairs.gob"
	// legacyCacheFile is where earlier versions kept it, in JSON: read
	// when there is no cacheFile, and replaced by one.
	legacyCacheFile = "pairs.json"
	// alignmentsFile holds every alignment computed, one record per pair
	// of document contents and kind (see pack).
	alignmentsFile = "alignments.pack"
	// featuresFile holds every document's features for pairing, one
	// record per content.
	featuresFile = "features.pack"
)

// Files earlier versions kept the pairs and alignments in.
var legacyPairFiles = []string{"alignments.json", "alignments.journal"}

// checkpointEvery is how often the alignments appended during a run are
// flushed to disk; an interrupted run flushes them before it stops.
const checkpointEvery = 5 * time.Second

// rescoreShare is the share of the corpus's documents that may change
// before every candidate pair is judged again: an evaluation depends a
// little on the rest of the corpus (the rarity of anchors), so unchanged
// pairs keep theirs across small changes, which makes an edit cheap.
const rescoreShare = 0.1

// pairCache is what the pairs file holds.
type pairCache struct {
	Version string          `json:"version"`
	Key     string          `json:"key"`
	Pairs   []align.DocPair `json:"pairs"`
	// Docs are the documents (ID → hash) the pairs were found among.
	Docs map[string]string `json:"docs"`
	// Scored are the evaluations of the candidate pairs (align.Scored).
	Scored map[string]align.DocPair `json:"scored"`
	// Changed counts the documents changed since every candidate pair
	// was last judged.
	Changed int `json:"changed"`
	// PackSize is the size of the alignments pack when the run that
	// wrote this finished: records past it are an interrupted run's.
	PackSize int64 `json:"pack_size"`

	// legacy is set when the cache was read from legacyCacheFile.
	legacy bool
}

// alignmentStore is the alignments pack as an align.AlignmentStore.
type alignmentStore struct {
	p    *pack
	mu   sync.Mutex
	err  error // the first failure to write; the run goes on without saving
	last time.Time
}

func (s *alignmentStore) LoadBeads(key string) ([]align.Bead, bool) {
	beads, ok, err := readBeads(s.p, key, decodeBeads)
	return beads, ok && err == nil
}

func (s *alignmentStore) LoadLinks(key string) ([]align.Bead, bool) {
	beads, ok, err := readBeads(s.p, key, decodeLinks)
	return beads, ok && err == nil
}

// readBeads reads one alignment from the alignments pack with decode
// (decodeBeads, or decodeLinks without anchors), reporting whether the
// pack holds it.
func readBeads(p *pack, key string, decode func([]byte) ([]align.Bead, error)) ([]align.Bead, bool, error) {
	var beads []align.Bead
	var derr error
	ok, err := p.read(key, func(b []byte) error {
		beads, derr = decode(b)
		return nil
	})
	if err != nil || !ok {
		return nil, false, err
	}
	if derr != nil {
		return nil, false, fmt.Errorf("read %s: %w", p.path, derr)
	}
	return beads, true, nil
}

func (s *alignmentStore) Keeps() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err == nil && s.p.write
}

func (s *alignmentStore) StoreBeads(key string, beads []align.Bead) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil || !s.p.write {
		return
	}
	s.err = s.p.put(key, encodeBeads(beads))
}

// checkpoint flushes the alignments appended to disk now and then.
func (s *alignmentStore) checkpoint(force bool) {
	if !force && time.Since(s.last) < checkpointEvery {
		return
	}
	s.last = time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = s.p.sync()
	}
}

// openAlignments opens the alignments pack, for writing when this
// process holds the workspace.
func (w *Workspace) openAlignments() (*alignmentStore, error) {
	p, err := openPack(w.Path(alignmentsFile), "alignments", align.Version, w.Writable())
	if err != nil {
		return nil, err
	}
	return &alignmentStore{p: p, last: time.Now()}, nil
}

// Pairs returns the corpus's document pairs with their alignments, from the
// workspace's cache when neither the corpus, the rules nor the aligner has
// changed, and computes (and, holding the lock, saves) them otherwise.
// Only what changed is computed again: each document's anchors are kept
// by content, each alignment by the contents of its two documents, and
// each candidate pair's evaluation while few documents changed. Alignments
// are saved as they are done, so a run cut short resumes where it stopped
// (Resumed says how many it found). The pairs a person corrected are
// realigned around their corrections; Stale then lists the corrections
// that no longer fit, and Problems the lines of the rules and corrections
// files that were skipped.
func (w *Workspace) Pairs(ctx context.Context, al *align.Aligner, progress func(done, total int)) ([]align.DocPair, error) {
	rules, err := w.Rules()
	if err != nil {
		return nil, err
	}
	key := w.fingerprint(rules)
	w.resumed = 0
	c := w.readPairCache()
	store, err := w.openAlignments()
	if err != nil {
		return nil, err
	}
	defer store.p.close()
	run := *al
	if c.Key == key {
		if pairs, ok := w.cachedPairs(c, store); ok {
			if c.legacy && w.Writable() {
				// Moved to the file this version reads first.
				if err := w.writePairCache(c); err != nil {
					return nil, err
				}
				os.Remove(w.Path(legacyCacheFile))
			}
			// Realigning around corrections weighs anchors by their rarity
			// in the corpus: from the features kept, not found again.
			if b, err := w.readOptional(CorrectionsFile); err == nil && len(b) > 0 && run.Rarity == nil {
				if feats, err := w.openFeatures(); err == nil {
					run.Features = feats.m
					feats.p.close()
				}
			}
			return w.applyCorrections(ctx, &run, pairs)
		}
	}
	if w.Writable() {
		for _, f := range append(legacyPairFiles, legacyCacheFile) {
			os.Remove(w.Path(f))
		}
	}
	w.resumed = store.p.appendedAfter(c.PackSize)
	feats, err := w.openFeatures()
	if err != nil {
		return nil, err
	}
	defer feats.p.close()

	// Evaluations of unchanged pairs are kept while few documents changed.
	docs := map[string]string{}
	for _, d := range w.Corpus.Docs {
		docs[d.ID] = d.Hash
	}
	changed := c.Changed
	for id, h := range docs {
		if c.Docs[id] != h {
			changed++
		}
	}
	for id := range c.Docs {
		if _, ok := docs[id]; !ok {
			changed++
		}
	}
	// So are the candidate lists of the last full search: an edit
	// searches only around what changed since.
	lists := &align.CandidateLists{}
	if c.Scored == nil || c.Version != align.Version || float64(changed) > rescoreShare*float64(len(docs)) {
		c.Scored, changed = map[string]align.DocPair{}, 0
	} else {
		lists = w.readLists()
	}

	run.Memo = nil
	run.Alignments = store
	run.Features = feats.m
	run.Scored = c.Scored
	run.Lists = lists
	pairs, err := run.Pair(ctx, w.Corpus.Docs, rules, align.DefaultPairOptions(), func(done, total int) {
		store.checkpoint(false)
		if progress != nil {
			progress(done, total)
		}
	})
	store.checkpoint(true)
	if err != nil {
		return nil, err
	}
	if w.Writable() {
		if store.err != nil {
			return nil, store.err
		}
		if lists.Searched {
			if err := w.writeLists(lists); err != nil {
				return nil, err
			}
		}
		if err := w.savePairs(c, key, pairs, docs, changed, store, feats); err != nil {
			return nil, err
		}
	}
	return w.applyCorrections(ctx, &run, pairs)
}

// savePairs writes the pairs file and the features found, and compacts the
// packs once most of what they hold is of documents no longer in the
// corpus or superseded.
func (w *Workspace) savePairs(c pairCache, key string, pairs []align.DocPair, docs map[string]string, changed int, store *alignmentStore, feats *featureStore) error {
	live := map[string]bool{}
	for _, h := range docs {
		live[h] = true
	}
	if err := feats.save(live); err != nil {
		return err
	}
	// Keep only alignments and evaluations of documents still in the
	// corpus.
	liveKey := func(k string) bool {
		a, b, ok := align.SplitMemoKey(k)
		return ok && live[a] && live[b]
	}
	if err := store.p.compact(liveKey); err != nil {
		return err
	}
	for k := range c.Scored {
		if !liveKey(k) {
			delete(c.Scored, k)
		}
	}
	// The pairs without their beads, which the alignments pack holds.
	bare := make([]align.DocPair, len(pairs))
	for i, p := range pairs {
		p.Beads = nil
		bare[i] = p
	}
	return w.writePairCache(pairCache{Version: align.Version, Key: key, Pairs: bare, Docs: docs, Scored: c.Scored, Changed: changed, PackSize: store.p.size})
}

// writePairCache writes the pairs file. Gob, not JSON: at a million
// paragraphs it writes and reads in 0.8 s rather than 1.7 s.
func (w *Workspace) writePairCache(c pairCache) error {
	return WriteFileAtomic(w.Path(cacheFile), func(f *os.File) error {
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := gob.NewEncoder(bw).Encode(c); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// readPairCache reads the pairs file, or the one an earlier version
// wrote; a missing or unreadable one is empty.
func (w *Workspace) readPairCache() pairCache {
	var c pairCache
	if b, err := w.readOptional(cacheFile); err == nil && b != nil {
		if gob.NewDecoder(bytes.NewReader(b)).Decode(&c) != nil || c.Version != align.Version {
			c = pairCache{}
		}
		return c
	}
	if b, err := w.readOptional(legacyCacheFile); err == nil && b != nil {
		if json.Unmarshal(b, &c) != nil || c.Version != align.Version {
			return pairCache{}
		}
		c.legacy = true
	}
	return c
}

// cachedPairs returns the pairs of the pairs file with their alignments from
// the pack, or false when one is missing.
func (w *Workspace) cachedPairs(c pairCache, store *alignmentStore) ([]align.DocPair, bool) {
	pairs := make([]align.DocPair, len(c.Pairs))
	for i, p := range c.Pairs {
		pairs[i] = p
		fa, en := w.Corpus.Doc(p.FA), w.Corpus.Doc(p.EN)
		if fa == nil || en == nil {
			return nil, false
		}
		beads, ok := store.LoadLinks(align.MemoKey(fa, en, p.Kind))
		if !ok {
			return nil, false
		}
		pairs[i].Beads = beads
	}
	return pairs, true
}

// PairBeads reads the alignment of one pair, as last saved, from the
// workspace's store without reading any other: for a view of one pair
// in a large corpus. The documents are given by their contents' hashes.
func (w *Workspace) PairBeads(faHash, enHash string, kind align.PairKind) ([]align.Bead, bool, error) {
	p, err := openPack(w.Path(alignmentsFile), "alignments", align.Version, false)
	if err != nil {
		return nil, false, err
	}
	defer p.close()
	return readBeads(p, align.HashMemoKey(faHash, enHash, kind), decodeBeads)
}

// featureStore is the features pack, read whole into memory.
type featureStore struct {
	p   *pack
	m   map[string]*align.DocFeatures
	had map[string]bool // hashes the pack held when opened
}

// openFeatures reads every document's features the workspace keeps.
func (w *Workspace) openFeatures() (*featureStore, error) {
	p, err := openPack(w.Path(featuresFile), "features", align.FeaturesVersion, w.Writable())
	if err != nil {
		return nil, err
	}
	fs := &featureStore{p: p, m: map[string]*align.DocFeatures{}, had: map[string]bool{}}
	// Read on every core, each sharing the key strings it reads (pairing
	// shares them across the corpus after).
	keys := p.keys()
	feats := make([]*align.DocFeatures, len(keys))
	par.Strided(len(keys), 256, func(items iter.Seq[int]) {
		intern := map[string]string{}
		for i := range items {
			p.read(keys[i], func(b []byte) error {
				if f, err := decodeFeatures(b, intern); err == nil && f.Hash == keys[i] {
					feats[i] = f
				}
				return nil
			})
		}
	})
	for i, f := range feats {
		if f != nil {
			fs.m[keys[i]] = f
			fs.had[keys[i]] = true
		}
	}
	return fs, nil
}

// save appends the features found in this run and compacts the pack.
func (fs *featureStore) save(live map[string]bool) error {
	if !fs.p.write {
		return nil
	}
	var keys []string
	for k := range fs.m {
		if !fs.had[k] && live[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := fs.p.put(k, encodeFeatures(fs.m[k])); err != nil {
			return err
		}
	}
	if err := fs.p.sync(); err != nil {
		return err
	}
	return fs.p.compact(func(k string) bool { return live[k] })
}

// Resumed returns how many alignments the last call of Pairs found saved
// by an earlier run that was cut short.
func (w *Workspace) Resumed() int { return w.resumed }

// fingerprint identifies the state of the corpus and rules that pairs are
// computed from.
func (w *Workspace) fingerprint(rules []align.Rule) string {
	return pairsKey(w.Corpus.Docs, rules)
}

// pairsKey identifies a state of a corpus's documents and rules.
func pairsKey(docs []*corpus.Document, rules []align.Rule) string {
	h := sha256.New()
	fmt.Fprintf(h, "aligner %s\n", align.Version)
	docs = append(docs[:0:0], docs...)
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	for _, d := range docs {
		fmt.Fprintf(h, "doc %q %s\n", d.ID, d.Hash)
	}
	for _, r := range rules {
		fmt.Fprintf(h, "rule %v %q %q %s\n", r.Forbid, r.FA, r.EN, r.Kind)
	}
	return hex.EncodeToString(h.Sum(nil))
}
