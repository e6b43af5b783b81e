package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"hamta/align"
	"hamta/corpus"
	"hamta/lexicon"
)

// Files of the learned lexicon: the lexicon, and the key of the beads it
// was learned from, written after it.
const (
	LexiconFile    = "lexicon.bin"
	lexiconKeyFile = "lexicon.key"
)

// MinLexiconScore is the least score of a bead the lexicon learns from,
// unless a person confirmed or made it: a bead's score is the chance its
// link is right.
const MinLexiconScore = align.MinLearnScore

// lexiconVersion changes when what the lexicon is learned from changes.
const lexiconVersion = "2"

// LexiconPairs lists a pair's paragraph beads as segments to learn a
// lexicon from: every linked bead a person confirmed or made, and every
// other linked bead scoring at least MinLexiconScore, its paragraphs'
// texts joined. The workspace learns from sentences instead (see
// SentenceLexiconPairs); paragraphs suit a quick lexicon where sentences
// are not aligned.
func LexiconPairs(docs func(id string) *corpus.Document, pairs []align.DocPair) []lexicon.Pair {
	var out []lexicon.Pair
	for _, p := range pairs {
		fa, en := docs(p.FA), docs(p.EN)
		if fa == nil || en == nil {
			continue
		}
		for _, b := range p.Beads {
			if !b.Linked() || (!b.Fixed() && b.Score < MinLexiconScore) {
				continue
			}
			w := b.Score
			if b.Fixed() {
				w = 1
			}
			out = append(out, lexicon.Pair{FA: joinParas(fa, b.A), EN: joinParas(en, b.B), Weight: w})
		}
	}
	return out
}

func joinParas(d *corpus.Document, idx []int) string {
	parts := make([]string, 0, len(idx))
	for _, i := range idx {
		if i >= 0 && i < len(d.Paragraphs) {
			parts = append(parts, d.Paragraphs[i].Text)
		}
	}
	return strings.Join(parts, " ")
}

// SentenceLexiconPairs lists the segments the lexicon learns from: the
// sentences aligned inside each pair's paragraph beads (align.
// AlignSentences, on lengths and anchors), every sentence link scoring at
// least MinLexiconScore. A sentence link inside a paragraph bead a person
// confirmed or made scores by itself, its paragraph link being sure. The
// pairs are aligned on every core.
func SentenceLexiconPairs(ctx context.Context, al *align.Aligner, docs func(id string) *corpus.Document, pairs []align.DocPair) ([]lexicon.Pair, error) {
	// A sentence link scores at most its paragraph link's score, unless a
	// person confirmed or made the paragraph link: a pair with neither
	// kind of bead gives nothing, and its sentences are not aligned.
	pairs = slices.DeleteFunc(slices.Clone(pairs), func(p align.DocPair) bool {
		return !slices.ContainsFunc(p.Beads, func(b align.Bead) bool {
			return b.Linked() && (b.Fixed() || b.Score >= MinLexiconScore)
		})
	})
	sents, err := AlignSentences(ctx, al, docs, pairs, nil)
	if err != nil {
		return nil, err
	}
	var out []lexicon.Pair
	for i, p := range pairs {
		if fa, en := docs(p.FA), docs(p.EN); fa != nil && en != nil {
			out = append(out, align.SentencePairs(fa, en, sents[i], MinLexiconScore)...)
		}
	}
	return out, nil
}

// lexiconBudget is how many Persian paragraphs of linked beads the
// lexicon is learned from at most: about what a corpus of 150,000
// paragraphs links. Beyond it a word seen too rarely to be learned is
// also too rare to matter to the lexicon's users (search across
// languages, terms, the concordance's spotting), while the sentence
// alignment and the counts of a million paragraphs would take minutes and
// gigabytes.
const lexiconBudget = 150_000

// lexiconSample returns the pairs to learn the lexicon from, in their
// order: all of them when their linked beads hold at most budget Persian
// paragraphs; otherwise every pair holding a bead a person confirmed or
// made, then pairs in an order fixed by their documents' IDs (a hash, so
// that the sample spreads over the corpus and a pair keeps its place when
// others come and go) until the budget is spent.
func lexiconSample(pairs []align.DocPair, budget int) []align.DocPair {
	size := func(p align.DocPair) (n int, fixed bool) {
		for _, b := range p.Beads {
			if b.Linked() {
				n += len(b.A)
				fixed = fixed || b.Fixed()
			}
		}
		return n, fixed
	}
	total := 0
	for _, p := range pairs {
		n, _ := size(p)
		total += n
	}
	if total <= budget {
		return pairs
	}
	type ranked struct {
		i     int
		fixed bool
		h     uint64
	}
	order := make([]ranked, len(pairs))
	for i, p := range pairs {
		_, fixed := size(p)
		h := fnv.New64a()
		h.Write([]byte(p.FA + "\x00" + p.EN))
		order[i] = ranked{i, fixed, h.Sum64()}
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := order[a], order[b]
		if x.fixed != y.fixed {
			return x.fixed
		}
		if x.h != y.h {
			return x.h < y.h
		}
		return x.i < y.i
	})
	keep := make([]bool, len(pairs))
	spent := 0
	for _, r := range order {
		n, _ := size(pairs[r.i])
		if spent >= budget && !r.fixed {
			break
		}
		keep[r.i], spent = true, spent+n
	}
	out := make([]align.DocPair, 0, len(pairs))
	for i, p := range pairs {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

// lexiconKey names what a lexicon is learned from, so that a saved
// lexicon is found without aligning a sentence: a head line naming the
// versions and every pair holding a bead a person confirmed or made, then
// a line for each pair, a hash of its documents' contents and its linked
// paragraph beads (which determine the sentence beads).
type lexiconKey struct {
	head  string
	pairs []string
}

func newLexiconKey(docs func(id string) *corpus.Document, pairs []align.DocPair) lexiconKey {
	fixed := sha256.New()
	k := lexiconKey{}
	for _, p := range pairs {
		fa, en := docs(p.FA), docs(p.EN)
		if fa == nil || en == nil {
			continue
		}
		h := sha256.New()
		fmt.Fprintf(h, "pair %s %s %s\n", fa.Hash, en.Hash, p.Kind)
		isFixed := false
		for _, b := range p.Beads {
			if b.Linked() {
				fmt.Fprintf(h, "%v:%v %.3f %t\n", b.A, b.B, b.Score, b.Fixed())
			}
			isFixed = isFixed || b.Fixed()
		}
		sum := hex.EncodeToString(h.Sum(nil)[:16])
		k.pairs = append(k.pairs, sum)
		if isFixed {
			// Unlinked beads a person made count too: they took links away.
			fmt.Fprintf(fixed, "%s", sum)
			for _, b := range p.Beads {
				if b.Fixed() {
					fmt.Fprintf(fixed, " %v:%v", b.A, b.B)
				}
			}
			fmt.Fprintln(fixed)
		}
	}
	k.head = fmt.Sprintf("lexicon %s aligner %s fixed %x", lexiconVersion, align.Version, fixed.Sum(nil)[:16])
	return k
}

func (k lexiconKey) String() string { return k.head + "\n" + strings.Join(k.pairs, "\n") + "\n" }

// lexiconStale is the share of a lexicon's pairs that may have changed,
// come or gone, none of them corrected by a person, before it is learned
// again: a lexicon learned from nine tenths of the same sentences is as
// good, and an edit to a large corpus does not pay for learning it anew.
const lexiconStale = 0.1

// serves reports whether a lexicon saved with key saved serves for k:
// the same versions and corrections, and at most lexiconStale of the
// pairs different.
func (k lexiconKey) serves(saved string) bool {
	lines := strings.Split(strings.TrimSpace(saved), "\n")
	if len(lines) == 0 || lines[0] != k.head {
		return false
	}
	old := make(map[string]bool, len(lines)-1)
	for _, l := range lines[1:] {
		old[l] = true
	}
	// A pair changed is one new line and one gone.
	added := 0
	for _, p := range k.pairs {
		if old[p] {
			delete(old, p)
		} else {
			added++
		}
	}
	return float64(max(added, len(old))) <= lexiconStale*float64(len(k.pairs))
}

// Lexicon returns the bilingual lexicon learned from the sentences of the
// pairs' paragraph beads (see SentenceLexiconPairs): the saved one when it
// was learned from the same documents and beads, or from nearly the same
// with the same corrections (see lexiconKey.serves), else a new one, saved
// when this process holds the workspace.
//
// A large corpus is learned from a sample of its pairs (see lexiconSample),
// so that learning costs what it costs on a corpus of lexiconBudget
// paragraphs, and an edit outside the sample leaves the lexicon as it is.
func (w *Workspace) Lexicon(ctx context.Context, pairs []align.DocPair) (*lexicon.Lexicon, error) {
	pairs = lexiconSample(pairs, lexiconBudget)
	key := newLexiconKey(w.Corpus.Doc, pairs)
	if b, err := w.readOptional(lexiconKeyFile); err == nil && key.serves(string(b)) {
		if l, err := lexicon.Load(w.Path(LexiconFile)); err == nil {
			return l, nil
		}
	}
	segs, err := SentenceLexiconPairs(ctx, align.NewAligner(), w.Corpus.Doc, pairs)
	if err != nil {
		return nil, fmt.Errorf("learn the lexicon: %w", err)
	}
	l, err := lexicon.Learn(ctx, segs, lexicon.Options{})
	if err != nil {
		return nil, fmt.Errorf("learn the lexicon: %w", err)
	}
	if !w.Writable() {
		return l, nil
	}
	if err := WriteFileAtomic(w.Path(LexiconFile), func(f *os.File) error {
		_, err := l.WriteTo(f)
		return err
	}); err != nil {
		return nil, err
	}
	if err := WriteFileAtomic(w.Path(lexiconKeyFile), func(f *os.File) error {
		_, err := f.WriteString(key.String())
		return err
	}); err != nil {
		return nil, err
	}
	return l, nil
}

// OpenLexicon reads the lexicon saved in a workspace folder, as it is,
// without reading the corpus: for a quick search or terms lookup. It
// returns nil and no error when none was saved yet.
func OpenLexicon(dir string) (*lexicon.Lexicon, error) {
	l, err := lexicon.Load(lexiconPath(dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return l, err
}

func lexiconPath(dir string) string { return filepath.Join(dir, LexiconFile) }
