package align

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"hamta/corpus"
	"hamta/internal/par"
)

// Version identifies the aligner's model; stored alignments made by
// another version are recomputed.
const Version = "3"

// Aligner aligns the paragraphs of document pairs.
type Aligner struct {
	Options  Options
	Anchorer *Anchorer
	// Rarity, when not nil, weighs each anchor by how many documents of
	// the corpus hold it; Pair measures it over the documents it pairs
	// when it is nil.
	Rarity *Rarity
	// Memo, when not nil, holds alignments already computed, keyed by
	// MemoKey of the two documents and the kind; Pair reads and fills it.
	Memo map[string][]Bead
	// Alignments, when not nil, keeps alignments already computed beside
	// Memo, the same way, without holding them all in memory.
	Alignments AlignmentStore
	// Features, when not nil, holds the documents' features for pairing
	// (found with this aligner's Anchorer), keyed by document hash; Pair
	// reads and fills it.
	Features map[string]*DocFeatures
	// Scored, when not nil, holds the evaluations of candidate pairs
	// (kind, score, coverage and anchor shares, before any pin), keyed by
	// ScoredKey; Pair takes a pair's evaluation from it instead of judging
	// the pair again, and adds the ones it makes. An evaluation depends a
	// little on the rest of the corpus (the rarity of anchors): one kept
	// across changes of the corpus is that of the corpus it was made in.
	Scored map[string]DocPair
	// Lists, when not nil, holds the candidate lists of an earlier full
	// search: Pair then searches again only around the documents that
	// changed since, which finds the same candidates as a full search, and
	// after a full search replaces what Lists holds.
	Lists *CandidateLists
}

// AlignmentStore keeps alignments, keyed by MemoKey. Pair calls
// LoadBeads, LoadLinks and Keeps from several goroutines at once, and
// StoreBeads from one, never at the same time as the loads.
//
// The pairs Pair returns with a store hold their beads without anchors
// wherever the store can give them back (LoadBeads of the same key): a
// large corpus's anchors are most of its alignments' memory, and only a
// view of one pair or an export shows them. Bead.Anchors of such a bead
// is nil; whoever shows anchors reads them from the store.
type AlignmentStore interface {
	LoadBeads(key string) ([]Bead, bool)
	// LoadLinks is LoadBeads without the beads' anchors.
	LoadLinks(key string) ([]Bead, bool)
	StoreBeads(key string, beads []Bead)
	// Keeps reports whether beads stored now can be loaded again.
	Keeps() bool
}

// WithoutAnchors returns a copy of beads without their anchors.
func WithoutAnchors(beads []Bead) []Bead {
	out := make([]Bead, len(beads))
	for i, b := range beads {
		b.Anchors = nil
		out[i] = b
	}
	return out
}

// MemoKey keys the alignment of two documents as a pair of a kind by
// their contents.
func MemoKey(a, b *corpus.Document, kind PairKind) string {
	return HashMemoKey(a.Hash, b.Hash, kind)
}

// HashMemoKey is MemoKey of two documents given by their Hash alone.
func HashMemoKey(aHash, bHash string, kind PairKind) string {
	return aHash + ":" + bHash + ":" + string(kind)
}

// SplitMemoKey returns the two document hashes of a memo key.
func SplitMemoKey(k string) (a, b string, ok bool) {
	a, rest, ok := strings.Cut(k, ":")
	if !ok {
		return "", "", false
	}
	b, _, _ = strings.Cut(rest, ":")
	return a, b, true
}

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
	par.Strided(len(idx), 64, func(items iter.Seq[int]) {
		for k := range items {
			p := d.Paragraphs[idx[k]]
			lang := p.Lang
			if lang == corpus.LangUnknown {
				lang = d.Lang
			}
			segs[k] = Segment{
				Len:    utf8.RuneCountInString(p.Text),
				Feats:  al.Anchorer.FeaturesKeep(p.Text, lang, other, keep),
				RunsOn: !d.Lines && runsOn(p.Text),
			}
		}
	})
	return segs, idx
}

// runsOn reports whether a paragraph runs on into the next: it ends with
// a colon, as an attribution before a quote does. Sentences of a
// sentence-per-line file are not taken to run on: a sentence that ends
// with a colon is translated on its own as often as not.
func runsOn(text string) bool {
	t := strings.TrimRightFunc(text, unicode.IsSpace)
	return strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：")
}

// AlignDocs aligns the paragraphs of two documents (in hamta, a is the
// Persian one and b the English one), deciding from the text whether they
// are a translation or independent reports of one event. Bead indices are
// paragraph indices of the documents; furniture paragraphs are in no bead.
func (al *Aligner) AlignDocs(ctx context.Context, a, b *corpus.Document) ([]Bead, error) {
	beads, _, err := al.AlignAs(ctx, a, b, "")
	return beads, err
}

// AlignAs aligns the paragraphs of two documents as a pair of the given
// kind (with "", the kind the text suggests) and returns the kind it
// aligned them as.
func (al *Aligner) AlignAs(ctx context.Context, a, b *corpus.Document, kind PairKind) ([]Bead, PairKind, error) {
	sa, ia, sb, ib := al.pairSegments(a, b)
	beads, f, err := alignFit(ctx, sa, sb, al.pairOptions(a, b, kind))
	if err != nil {
		return nil, "", err
	}
	mapBeads(beads, ia, ib)
	return beads, f.kind, nil
}

// options are the aligner's options for a kind of pair, with the corpus's
// rarity of anchors.
func (al *Aligner) options(kind PairKind) Options {
	opt := al.Options
	opt.Kind = kind
	if al.Rarity != nil {
		opt.Weight = al.Rarity.Weight
	}
	return opt
}

// pairOptions are the options for aligning two documents as a pair of a
// kind: those of options, with the shapes of sentence links
// (Options.SentenceShapes) when both documents hold a sentence a line.
func (al *Aligner) pairOptions(a, b *corpus.Document, kind PairKind) Options {
	opt := al.options(kind)
	if a.Lines && b.Lines {
		opt = opt.withSentenceShapes()
	}
	return opt
}

// withSentenceShapes is the options with both models making the shapes
// of sentence links.
func (o Options) withSentenceShapes() Options {
	o.Translation = o.Translation.withShapes(o.SentenceShapes)
	o.Comparable = o.Comparable.withShapes(o.SentenceShapes)
	return o
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

// mapBeads maps the segment indices of beads, in place, to the paragraph
// indices ia and ib of the segments of each side.
func mapBeads(beads []Bead, ia, ib []int) {
	for k := range beads {
		beads[k].A = mapIndices(beads[k].A, ia)
		beads[k].B = mapIndices(beads[k].B, ib)
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
// (a person's decisions) and aligning only the paragraphs between them,
// deciding the kind from the text; see AlignFixedAs.
func (al *Aligner) AlignDocsFixed(ctx context.Context, a, b *corpus.Document, fixed []Bead) ([]Bead, error) {
	return al.AlignFixedAs(ctx, a, b, "", fixed)
}

// AlignFixedAs aligns two documents as a pair of the given kind keeping
// the given beads as they are (a person's decisions) and aligning only the
// paragraphs between them. Paragraphs are document paragraph indices; no
// paragraph may be in two fixed beads. Fixed beads may be out of order:
// the largest set of them in order on both sides anchors the alignment and
// the others are kept as moved links, as are the links the model itself
// places out of order away from the fixed beads. Fixed beads keep their
// flags and get score 1.
func (al *Aligner) AlignFixedAs(ctx context.Context, a, b *corpus.Document, kind PairKind, fixed []Bead) ([]Bead, error) {
	if beads, ok := premadeFixed(a, b, fixed); ok {
		return beads, nil // a translation memory's units, around the fixed beads
	}
	if len(fixed) == 0 {
		beads, _, err := al.AlignAs(ctx, a, b, kind)
		return beads, err
	}
	sa, ia, sb, ib := al.pairSegments(a, b)
	posA, posB := positions(ia), positions(ib)
	// Fixed beads in segment positions.
	type fixedBead struct {
		bead   Bead
		sa, sb []int
	}
	var fx []fixedBead
	inFixedA, inFixedB := map[int]bool{}, map[int]bool{}
	for _, f := range fixed {
		fb := fixedBead{bead: f}
		for _, p := range f.A {
			s, ok := posA[p]
			if !ok {
				return nil, fmt.Errorf("fixed bead %s: paragraph %d of %s takes no part in alignment", f, p+1, a.ID)
			}
			if inFixedA[s] {
				return nil, fmt.Errorf("fixed bead %s: paragraph %d of %s is in another fixed bead", f, p+1, a.ID)
			}
			inFixedA[s] = true
			fb.sa = append(fb.sa, s)
		}
		for _, p := range f.B {
			s, ok := posB[p]
			if !ok {
				return nil, fmt.Errorf("fixed bead %s: paragraph %d of %s takes no part in alignment", f, p+1, b.ID)
			}
			if inFixedB[s] {
				return nil, fmt.Errorf("fixed bead %s: paragraph %d of %s is in another fixed bead", f, p+1, b.ID)
			}
			inFixedB[s] = true
			fb.sb = append(fb.sb, s)
		}
		if len(fb.sa) == 0 && len(fb.sb) == 0 {
			continue
		}
		if !consecutive(fb.sa) || !consecutive(fb.sb) {
			return nil, fmt.Errorf("fixed bead %s: its paragraphs are not consecutive", f)
		}
		fx = append(fx, fb)
	}
	// The whole pair's alignment gives the model for the gaps (a short gap
	// says too little to estimate it) and the links it makes out of order.
	whole, f, err := alignFit(ctx, sa, sb, al.pairOptions(a, b, kind))
	if err != nil {
		return nil, err
	}
	// The fixed links that anchor the alignment: the most of them in order
	// on both sides. The rest, and the fixed beads with one side, are
	// taken out, as are the model's own moved links that no fixed bead
	// touches.
	var two []int
	for x, fb := range fx {
		if len(fb.sa) > 0 && len(fb.sb) > 0 {
			two = append(two, x)
		}
	}
	sort.Slice(two, func(x, y int) bool { return fx[two[x]].sa[0] < fx[two[y]].sa[0] })
	anchor := map[int]bool{}
	for _, x := range longestIncreasing(two, func(x int) int { return fx[x].sb[0] }) {
		anchor[x] = true
	}
	outA, outB := map[int]bool{}, map[int]bool{}
	type takenOut struct {
		bead   Bead // in segment positions
		sa, sb int  // where it sorts: first segment on each side, -1 for none
	}
	var taken []takenOut
	for x, fb := range fx {
		if anchor[x] {
			continue
		}
		bd := fb.bead
		bd.Score = 1
		bd.Moved = len(fb.sa) > 0 && len(fb.sb) > 0
		bd.A, bd.B = fb.sa, fb.sb
		to := takenOut{bead: bd, sa: -1, sb: -1}
		for _, s := range fb.sa {
			outA[s] = true
		}
		for _, s := range fb.sb {
			outB[s] = true
		}
		if len(fb.sa) > 0 {
			to.sa = fb.sa[0]
		}
		if len(fb.sb) > 0 {
			to.sb = fb.sb[0]
		}
		taken = append(taken, to)
	}
	for _, bd := range whole {
		if !bd.Moved || slices.ContainsFunc(bd.A, func(s int) bool { return inFixedA[s] }) ||
			slices.ContainsFunc(bd.B, func(s int) bool { return inFixedB[s] }) {
			continue
		}
		for _, s := range bd.A {
			outA[s] = true
		}
		for _, s := range bd.B {
			outB[s] = true
		}
		taken = append(taken, takenOut{bead: bd, sa: bd.A[0], sb: -1})
	}
	// The in-order problem: the segments not taken out, with breaks where
	// some were.
	ka, brkA := keptSegments(len(sa), outA)
	kb, brkB := keptSegments(len(sb), outB)
	redA, redB := reducedIndex(ka), reducedIndex(kb)
	gapOpt := al.pairOptions(a, b, f.kind)
	gapOpt.Iterations, gapOpt.OutOfOrder, gapOpt.Ratio, gapOpt.Variance = 1, false, f.c, f.s2
	if f.kind == Comparable {
		gapOpt.Comparable = f.model
	} else {
		gapOpt.Translation = f.model
	}
	var inOrder []Bead   // in segment positions
	nextA, nextB := 0, 0 // reduced positions not yet aligned
	alignTo := func(endA, endB int) error {
		if endA < nextA || endB < nextB {
			return fmt.Errorf("fixed beads overlap")
		}
		segA, segB := pick(sa, ka[nextA:endA]), pick(sb, kb[nextB:endB])
		beads, err := alignGap(ctx, segA, segB, brkA[nextA:endA], brkB[nextB:endB], gapOpt)
		if err != nil {
			return err
		}
		for _, bd := range beads {
			bd.A = mapIndices(shift(bd.A, nextA), ka)
			bd.B = mapIndices(shift(bd.B, nextB), kb)
			inOrder = append(inOrder, bd)
		}
		return nil
	}
	for _, x := range two {
		if !anchor[x] {
			continue
		}
		fb := fx[x]
		startA, startB := redA[fb.sa[0]], redB[fb.sb[0]]
		if err := alignTo(startA, startB); err != nil {
			return nil, fmt.Errorf("fixed bead %s: %w", fb.bead, err)
		}
		bd := fb.bead
		bd.Score = 1
		bd.A, bd.B = fb.sa, fb.sb
		inOrder = append(inOrder, bd)
		nextA, nextB = startA+len(fb.sa), startB+len(fb.sb)
	}
	if err := alignTo(len(ka), len(kb)); err != nil {
		return nil, err
	}
	// Put the beads taken out among the in-order ones: by side A where
	// they have one, else by side B.
	sort.SliceStable(taken, func(x, y int) bool {
		if (taken[x].sa < 0) != (taken[y].sa < 0) {
			return taken[x].sa >= 0
		}
		if taken[x].sa >= 0 {
			return taken[x].sa < taken[y].sa
		}
		return taken[x].sb < taken[y].sb
	})
	out := make([]Bead, 0, len(inOrder)+len(taken))
	k := 0
	posInA, posInB := 0, 0 // where the in-order beads so far end
	for _, bd := range inOrder {
		startA, startB := posInA, posInB
		if len(bd.A) > 0 {
			startA = bd.A[0]
		}
		if len(bd.B) > 0 {
			startB = bd.B[0]
		}
		for k < len(taken) && (taken[k].sa >= 0 && taken[k].sa < startA || taken[k].sa < 0 && taken[k].sb < startB) {
			out = append(out, taken[k].bead)
			k++
		}
		out = append(out, bd)
		if len(bd.A) > 0 {
			posInA = bd.A[len(bd.A)-1] + 1
		}
		if len(bd.B) > 0 {
			posInB = bd.B[len(bd.B)-1] + 1
		}
	}
	out = append(out, beadsOf(taken[k:], func(t takenOut) Bead { return t.bead })...)
	mapBeads(out, ia, ib)
	return out, nil
}

func beadsOf[T any](xs []T, f func(T) Bead) []Bead {
	out := make([]Bead, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// consecutive reports whether sorted positions follow each other.
func consecutive(idx []int) bool {
	for i := 1; i < len(idx); i++ {
		if idx[i] != idx[i-1]+1 {
			return false
		}
	}
	return true
}

// longestIncreasing returns the longest subsequence of xs whose keys
// increase.
func longestIncreasing(xs []int, key func(int) int) []int {
	if len(xs) == 0 {
		return nil
	}
	best := make([]int, len(xs)) // length of the longest run ending at each
	prev := make([]int, len(xs))
	end := 0
	for i := range xs {
		best[i], prev[i] = 1, -1
		for j := 0; j < i; j++ {
			if key(xs[j]) < key(xs[i]) && best[j]+1 > best[i] {
				best[i], prev[i] = best[j]+1, j
			}
		}
		if best[i] > best[end] {
			end = i
		}
	}
	var out []int
	for i := end; i >= 0; i = prev[i] {
		out = append(out, xs[i])
	}
	slices.Reverse(out)
	return out
}

// keptSegments lists the positions 0..n-1 not taken out, with a break flag
// for each: set when segments were taken out just before it.
func keptSegments(n int, out map[int]bool) (kept []int, brk []bool) {
	gap := false
	for i := 0; i < n; i++ {
		if out[i] {
			gap = true
			continue
		}
		brk = append(brk, gap && len(kept) > 0)
		kept = append(kept, i)
		gap = false
	}
	return kept, brk
}

// reducedIndex maps each kept position to its index among the kept ones.
func reducedIndex(kept []int) map[int]int {
	m := make(map[int]int, len(kept))
	for i, x := range kept {
		m[x] = i
	}
	return m
}

// pick returns the segments at the given positions.
func pick(segs []Segment, at []int) []Segment {
	out := make([]Segment, len(at))
	for i, x := range at {
		out[i] = segs[x]
	}
	return out
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
