package align

import (
	"context"
	"fmt"
	"iter"

	"hamta/corpus"
	"hamta/internal/par"
	"hamta/lexicon"
)

// MinLearnScore is the least score of a link a lexicon is learned from,
// unless a person confirmed or made it: a link's score is the chance that
// it is right.
const MinLearnScore = 0.7

// Alignment is two documents aligned at both levels.
type Alignment struct {
	// Kind is what the documents were aligned as.
	Kind PairKind
	// Beads are the paragraph beads, as AlignAs gives them.
	Beads []Bead
	// Sentences are the sentence beads inside them (AlignSentences).
	Sentences []SentenceBead
	// Lexicon is the lexicon whose words were evidence in the second
	// pass: the one given, or the one learned from the first pass; nil
	// when none could be learned.
	Lexicon *lexicon.Lexicon
}

// AlignBoth aligns two documents at both levels, in two passes. The first
// aligns their paragraphs as a pair of the given kind ("" to decide it
// from the text) and the sentences inside the paragraph beads, on
// lengths and anchors. Unless lex is given (a lexicon learned from a
// corpus), a lexicon is then learned from the pair's sentence links
// scoring at least MinLearnScore, as hunalign bootstraps its dictionary.
// The second pass aligns the paragraphs again near the first (Realign)
// and the sentences inside them, with the lexicon's words as evidence
// too. A pair too small to learn anything from keeps its first pass.
func (al *Aligner) AlignBoth(ctx context.Context, a, b *corpus.Document, kind PairKind, lex *lexicon.Lexicon) (Alignment, error) {
	// The anchors of paragraphs and sentences are found once for both
	// passes.
	sa, ia, sb, ib := al.pairSegments(a, b)
	beads, f, err := alignFit(ctx, sa, sb, al.pairOptions(a, b, kind))
	if err != nil {
		return Alignment{}, err
	}
	kind = f.kind
	mapBeads(beads, ia, ib)
	lines := a.Lines && b.Lines
	var set *sentenceSet
	sentences := func(beads []Bead, lex *lexicon.Lexicon) ([]SentenceBead, error) {
		if lines {
			return lineSentences(a, b, beads), nil
		}
		if set == nil {
			set = al.newSentenceSet(a, b)
		}
		if lex != nil {
			set.addWords(lex)
		}
		return al.alignSentenceSet(ctx, set, beads, kind, lex)
	}
	if lex == nil {
		first, err := sentences(beads, nil)
		if err != nil {
			return Alignment{}, err
		}
		lex, err = lexicon.Learn(ctx, SentencePairs(a, b, first, MinLearnScore), lexicon.Options{})
		if err != nil {
			return Alignment{}, fmt.Errorf("learn a lexicon from %s and %s: %w", a.ID, b.ID, err)
		}
		if lex.Len() == 0 {
			return Alignment{Kind: kind, Beads: beads, Sentences: first}, nil
		}
	}
	if beads, err = al.realignWith(ctx, a, b, sa, ia, sb, ib, beads, kind, lex); err != nil {
		return Alignment{}, err
	}
	sents, err := sentences(beads, lex)
	if err != nil {
		return Alignment{}, err
	}
	return Alignment{Kind: kind, Beads: beads, Sentences: sents, Lexicon: lex}, nil
}

// Realign aligns the paragraphs of two documents again, as a pair of the
// given kind, near an earlier alignment of them (beads, as AlignAs gave
// them), with the words of a learned lexicon as evidence besides lengths
// and anchors (see RealignSegments). Beads a person fixed are kept as
// they are: an alignment holding any is returned unchanged, as is the
// alignment of a translation memory, whose units are its beads, and that
// of two independent reports: words two reports of one event share by
// chance moved their links back and forth (same-event fixtures 0.864 in
// the first pass, 0.820 to 0.864 in a second by how the lexicon was
// learned), and a workspace shows them as pairing aligned them.
func (al *Aligner) Realign(ctx context.Context, a, b *corpus.Document, beads []Bead, kind PairKind, lex *lexicon.Lexicon) ([]Bead, error) {
	if lex == nil || lex.Len() == 0 || premadeOf(a, b) != nil {
		return beads, nil
	}
	sa, ia, sb, ib := al.pairSegments(a, b)
	return al.realignWith(ctx, a, b, sa, ia, sb, ib, beads, kind, lex)
}

// realignWith is Realign with the documents' segments already made
// (pairSegments); it gives them their words.
func (al *Aligner) realignWith(ctx context.Context, a, b *corpus.Document, sa []Segment, ia []int, sb []Segment, ib []int, beads []Bead, kind PairKind, lex *lexicon.Lexicon) ([]Bead, error) {
	if lex == nil || lex.Len() == 0 || premadeOf(a, b) != nil || kind == Comparable {
		return beads, nil
	}
	for _, bd := range beads {
		if bd.Fixed() {
			return beads, nil
		}
	}
	addWords(a, sa, ia, lex, corpus.LangFA)
	addWords(b, sb, ib, lex, corpus.LangEN)
	posA, posB := positions(ia), positions(ib)
	prev := make([]Bead, 0, len(beads))
	for _, bd := range beads {
		p := Bead{A: make([]int, 0, len(bd.A)), B: make([]int, 0, len(bd.B)), Moved: bd.Moved, Score: bd.Score}
		for _, x := range bd.A {
			s, ok := posA[x]
			if !ok {
				return nil, fmt.Errorf("realign %s: paragraph %d takes no part in alignment", a.ID, x+1)
			}
			p.A = append(p.A, s)
		}
		for _, y := range bd.B {
			s, ok := posB[y]
			if !ok {
				return nil, fmt.Errorf("realign %s: paragraph %d takes no part in alignment", b.ID, y+1)
			}
			p.B = append(p.B, s)
		}
		prev = append(prev, p)
	}
	opt := al.pairOptions(a, b, kind)
	if opt.Kind == "" {
		opt.Kind = Translation
	}
	opt.Words = lex
	out, err := RealignSegments(ctx, sa, sb, prev, opt)
	if err != nil {
		return nil, err
	}
	mapBeads(out, ia, ib)
	return out, nil
}

// addWords gives each segment (paragraph idx[k] of d) the term indices
// of its words on the lexicon's side lexSide, on every core.
func addWords(d *corpus.Document, segs []Segment, idx []int, lex *lexicon.Lexicon, lexSide corpus.Lang) {
	addWordsOf(segs, func(k int) string { return d.Paragraphs[idx[k]].Text }, lex, lexSide)
}

// addWordsOf gives segment k the term indices of the words of text(k) on
// the lexicon's side lexSide, on every core.
func addWordsOf(segs []Segment, text func(k int) string, lex *lexicon.Lexicon, lexSide corpus.Lang) {
	par.Strided(len(segs), 256, func(items iter.Seq[int]) {
		terms := lex.NewTermer(lexSide)
		for k := range items {
			segs[k].Words = terms.IDs(text(k))
		}
	})
}

// CorpusPasses are the two passes of AlignCorpus over pairs of documents.
type CorpusPasses struct {
	// First and Second are each pair's paragraph beads in the first
	// pass and the second, in the order of the pairs.
	First, Second [][]Bead
	// Lexicon is the lexicon learned between them; nil when none could
	// be learned (the second pass is then the first).
	Lexicon *lexicon.Lexicon
}

// AlignCorpus aligns pairs of documents (a[i] with b[i]) as one corpus,
// in two passes, as a workspace does: each pair's paragraphs as the kind
// the text suggests, and the sentences inside them, on lengths and
// anchors; one lexicon learned from every pair's sentence links scoring
// at least MinLearnScore, no gold read; then each pair's paragraphs
// again near its first pass with the lexicon's words as evidence
// (Realign). A pair alone is aligned with its own lexicon, as AlignBoth
// does.
func (al *Aligner) AlignCorpus(ctx context.Context, a, b []*corpus.Document) (CorpusPasses, error) {
	if len(a) != len(b) {
		return CorpusPasses{}, fmt.Errorf("align a corpus: %d documents against %d", len(a), len(b))
	}
	out := CorpusPasses{First: make([][]Bead, len(a)), Second: make([][]Bead, len(a))}
	kinds := make([]PairKind, len(a))
	var pairs []lexicon.Pair
	for i := range a {
		beads, kind, err := al.AlignAs(ctx, a[i], b[i], "")
		if err != nil {
			return CorpusPasses{}, fmt.Errorf("align %s with %s: %w", a[i].ID, b[i].ID, err)
		}
		sents, err := al.AlignSentences(ctx, a[i], b[i], beads, kind, nil)
		if err != nil {
			return CorpusPasses{}, fmt.Errorf("align the sentences of %s with %s: %w", a[i].ID, b[i].ID, err)
		}
		out.First[i], kinds[i] = beads, kind
		pairs = append(pairs, SentencePairs(a[i], b[i], sents, MinLearnScore)...)
	}
	lex, err := lexicon.Learn(ctx, pairs, lexicon.Options{})
	if err != nil {
		return CorpusPasses{}, fmt.Errorf("learn a lexicon from %d pairs: %w", len(a), err)
	}
	if lex.Len() > 0 {
		out.Lexicon = lex
	}
	for i := range a {
		if out.Second[i], err = al.Realign(ctx, a[i], b[i], out.First[i], kinds[i], out.Lexicon); err != nil {
			return CorpusPasses{}, fmt.Errorf("realign %s with %s: %w", a[i].ID, b[i].ID, err)
		}
	}
	return out, nil
}
