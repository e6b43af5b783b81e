package align

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"hamta/corpus"
)

// Version identifies the aligner's model; stored alignments made by
// another version are recomputed.
const Version = "1"

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
	// Anchors only one side has can never match: the second side keeps
	// only those the first has, then the first only those the second
	// kept, so that no more than one side's anchors are ever held whole.
	sb, ib := al.segments(b, a.Lang, nil)
	onB := keySet(sb)
	sa, ia := al.segments(a, b.Lang, func(k string) bool { return onB[k] })
	onA := keySet(sa)
	filterFeatures(sb, onA)
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
