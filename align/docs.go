package align

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"hamta/corpus"
)

// Version identifies the aligner's model; stored alignments made by
// another version are recomputed.
const Version = "2"

// Aligner aligns the paragraphs of document pairs.
type Aligner struct {
	Options  Options
	Anchorer *Anchorer
	// Memo, when not nil, holds alignments already computed, keyed by
	// MemoKey of the two documents; Pair reads and fills it.
	Memo map[string][]Bead
}

// MemoKey keys the alignment of two documents by their contents.
func MemoKey(a, b *corpus.Document) string { return a.Hash + ":" + b.Hash }

// SplitMemoKey returns the two document hashes of a memo key.
func SplitMemoKey(k string) (a, b string, ok bool) { return strings.Cut(k, ":") }

// NewAligner returns an Aligner with the default options and lexicon.
func NewAligner() *Aligner {
	return &Aligner{Options: DefaultOptions(), Anchorer: NewAnchorer(nil)}
}

// Segments turns the paragraphs of a document that take part in alignment
// (all but furniture) into segments, for alignment with a document in
// other, and returns the paragraph index of each segment.
func (al *Aligner) Segments(d *corpus.Document, other corpus.Lang) ([]Segment, []int) {
	return al.segments(d, other, nil)
}

// segments is Segments keeping only the anchors keep accepts.
func (al *Aligner) segments(d *corpus.Document, other corpus.Lang, keep func(string) bool) ([]Segment, []int) {
	var idx []int
	for _, p := range d.Paragraphs {
		if p.Aligned() {
			idx = append(idx, p.Index)
		}
	}
	segs := make([]Segment, len(idx))
	// Paragraphs are independent: find their anchors on every core.
	workers := min(runtime.GOMAXPROCS(0), max(1, len(idx)/64))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := w; k < len(idx); k += workers {
				p := d.Paragraphs[idx[k]]
				lang := p.Lang
				if lang == corpus.LangUnknown {
					lang = d.Lang
				}
				segs[k] = Segment{
					Len:   utf8.RuneCountInString(p.Text),
					Feats: al.Anchorer.FeaturesKeep(p.Text, lang, other, keep),
				}
			}
		}()
	}
	wg.Wait()
	return segs, idx
}

// AlignDocs aligns the paragraphs of two documents (in hamta, a is the
// Persian one and b the English one). Bead indices are paragraph indices
// of the documents; furniture paragraphs are in no bead.
func (al *Aligner) AlignDocs(ctx context.Context, a, b *corpus.Document) ([]Bead, error) {
	return al.AlignDocsWith(ctx, a, b, al.Options)
}

// AlignDocsWith is AlignDocs with other options.
func (al *Aligner) AlignDocsWith(ctx context.Context, a, b *corpus.Document, opt Options) ([]Bead, error) {
	sa, ia, sb, ib := al.pairSegments(a, b)
	beads, err := AlignSegments(ctx, sa, sb, opt)
	if err != nil {
		return nil, err
	}
	for k := range beads {
		beads[k].A = mapIndices(beads[k].A, ia)
		beads[k].B = mapIndices(beads[k].B, ib)
	}
	return beads, nil
}

// pairSegments makes the segments of two documents for aligning them with
// each other, with the paragraph index of each. Anchors only one side has
// can never match: the second side keeps only those the first has, then
// the first only those the second kept, so that no more than one side's
// anchors are ever held whole.
func (al *Aligner) pairSegments(a, b *corpus.Document) (sa []Segment, ia []int, sb []Segment, ib []int) {
	sb, ib = al.segments(b, a.Lang, nil)
	onB := keySet(sb)
	sa, ia = al.segments(a, b.Lang, func(k string) bool { return onB[k] })
	filterFeatures(sb, keySet(sa))
	return sa, ia, sb, ib
}

// keySet returns the keys of every feature of the segments.
func keySet(segs []Segment) map[string]bool {
	m := map[string]bool{}
	for _, s := range segs {
		for _, f := range s.Feats {
			m[f.Key] = true
		}
	}
	return m
}

// filterFeatures keeps in each segment only the features whose key keep
// holds, in new exact-size slices so the old ones can be collected.
func filterFeatures(segs []Segment, keep map[string]bool) {
	for i := range segs {
		n := 0
		for _, f := range segs[i].Feats {
			if keep[f.Key] {
				n++
			}
		}
		fs := make([]Feature, 0, n)
		for _, f := range segs[i].Feats {
			if keep[f.Key] {
				fs = append(fs, f)
			}
		}
		segs[i].Feats = fs
	}
}

func mapIndices(idx, to []int) []int {
	out := make([]int, len(idx))
	for i, x := range idx {
		out[i] = to[x]
	}
	return out
}

// AlignDocsFixed aligns two documents keeping the given beads as they are
// (a person's decisions) and aligning only the paragraphs between them.
// The fixed beads must be in order and must not overlap; paragraphs are
// document paragraph indices. Fixed beads keep their flags and get score 1.
func (al *Aligner) AlignDocsFixed(ctx context.Context, a, b *corpus.Document, fixed []Bead) ([]Bead, error) {
	if beads, ok := premadeFixed(a, b, fixed); ok {
		return beads, nil // a translation memory's units, around the fixed beads
	}
	if len(fixed) == 0 {
		return al.AlignDocs(ctx, a, b)
	}
	sa, ia, sb, ib := al.pairSegments(a, b)
	posA, posB := positions(ia), positions(ib)
	// The gaps between fixed beads are aligned with the model fitted on
	// the whole pair: a short gap says too little to estimate it.
	_, f, err := alignFit(ctx, sa, sb, al.Options)
	if err != nil {
		return nil, err
	}
	gapOpt := al.Options
	gapOpt.Priors, gapOpt.Ratio, gapOpt.Variance = f.estimated, f.c, f.s2
	gapOpt.Iterations, gapOpt.TryComparable = 1, false
	var out []Bead
	nextA, nextB := 0, 0 // segment positions not yet aligned
	alignGap := func(endA, endB int) error {
		if endA < nextA || endB < nextB {
			return fmt.Errorf("fixed beads overlap or are out of order")
		}
		beads, err := AlignSegments(ctx, sa[nextA:endA], sb[nextB:endB], gapOpt)
		if err != nil {
			return err
		}
		for _, bd := range beads {
			bd.A = mapIndices(shift(bd.A, nextA), ia)
			bd.B = mapIndices(shift(bd.B, nextB), ib)
			out = append(out, bd)
		}
		return nil
	}
	for _, f := range fixed {
		startA, startB := nextA, nextB
		if len(f.A) > 0 {
			p, ok := posA[f.A[0]]
			if !ok {
				return nil, fmt.Errorf("fixed bead %s: paragraph %d of %s takes no part in alignment", f, f.A[0]+1, a.ID)
			}
			startA = p
		}
		if len(f.B) > 0 {
			p, ok := posB[f.B[0]]
			if !ok {
				return nil, fmt.Errorf("fixed bead %s: paragraph %d of %s takes no part in alignment", f, f.B[0]+1, b.ID)
			}
			startB = p
		}
		if err := alignGap(startA, startB); err != nil {
			return nil, fmt.Errorf("fixed bead %s: %w", f, err)
		}
		bd := f
		bd.Score = 1
		out = append(out, bd)
		nextA, nextB = startA+len(f.A), startB+len(f.B)
	}
	if err := alignGap(len(sa), len(sb)); err != nil {
		return nil, err
	}
	return out, nil
}

func positions(idx []int) map[int]int {
	m := make(map[int]int, len(idx))
	for i, x := range idx {
		m[x] = i
	}
	return m
}

func shift(idx []int, by int) []int {
	out := make([]int, len(idx))
	for i, x := range idx {
		out[i] = x + by
	}
	return out
}
