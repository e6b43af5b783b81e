package lexicon

import (
	"context"
	"runtime"
)

// Pair is one aligned pair of segments to learn from: a sentence bead
// where sentences are aligned, a paragraph bead otherwise.
type Pair struct {
	FA, EN string
	// Weight is how much the pair counts, in (0,1]: the bead's
	// confidence. Zero counts as one.
	Weight float64
}

// Options tune Learn. The zero value gives the defaults.
type Options struct {
	// MinCount is the least number of segment pairs in which two terms
	// must occur together to be an entry, and the least number of
	// segments a term must occur in to be learned at all (default 2).
	MinCount int
	// MaxShare leaves out terms found in more than this share of the
	// segments on their side (default 0.5): they co-occur with
	// everything and would cost the most.
	MaxShare float64
	// Candidates is how many translation candidates each term keeps for
	// the Model 1 stage, chosen by Dice among those significant by
	// log-likelihood (default 8).
	Candidates int
	// MinG2 is the least log-likelihood ratio (G²) of a candidate pair
	// (default 10.83, p < 0.001 for one degree of freedom).
	MinG2 float64
	// Iterations of Model 1 EM in each direction (default 5), for words;
	// phrases, whose words' translations are known by then, take
	// PhraseIterations (default 2).
	Iterations, PhraseIterations int
	// Prior is the count, in segments, added to each term's total when
	// its translation probabilities are estimated (default 4): the mass
	// kept for translations not among its candidates. A pair seen
	// together in n segments scores at most about n/(n+Prior), so a
	// pair needs as many segments as Prior to reach one half, and rare
	// terms are not as sure of their translations as common ones.
	Prior float64
	// MinScore is the least score of an entry (default 0.05).
	MinScore float64
	// MaxTerms caps the distinct terms of a segment side; a longer
	// segment keeps its rarest terms (default 400).
	MaxTerms int
	// Workers is the number of goroutines (default GOMAXPROCS).
	Workers int
}

func (o Options) withDefaults() Options {
	if o.MinCount <= 0 {
		o.MinCount = 2
	}
	if o.MaxShare <= 0 {
		o.MaxShare = 0.5
	}
	if o.Candidates <= 0 {
		o.Candidates = 8
	}
	if o.MinG2 <= 0 {
		o.MinG2 = 10.83
	}
	if o.Iterations <= 0 {
		o.Iterations = 5
	}
	if o.PhraseIterations <= 0 {
		o.PhraseIterations = 2
	}
	if o.Prior <= 0 {
		o.Prior = 4
	}
	if o.MinScore <= 0 {
		o.MinScore = 0.05
	}
	if o.MaxTerms <= 0 {
		o.MaxTerms = 400
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// nullWeight is the weight of the empty word in Model 1: how much of a
// word's probability mass is left to "no translation in this segment".
const nullWeight = 0.1

// Learn builds a lexicon from aligned pairs of segments. It
//
//  1. tokenizes both sides (Tokens) and gives each content term, and
//     each pair of neighbouring content words (آتش بس, Gaza Strip), an
//     integer id;
//  2. drops terms seen in fewer than MinCount segments or in more than
//     MaxShare of them;
//  3. counts, for each Persian term, the English terms of the segments
//     it occurs in, and keeps as candidates the Candidates best by Dice
//     among those significant by log-likelihood (G² ≥ MinG2), in both
//     directions;
//  4. refines the candidates with IBM Model 1 EM, Persian to English and
//     English to Persian, over the candidates present in each segment;
//  5. keeps the pairs whose symmetric score, the geometric mean of the
//     two probabilities, reaches MinScore and that were each other's
//     best match in at least one segment, counting those segments.
//
// Cost is linear in the segments and in their terms times Candidates,
// with one pass over each segment's Persian × English terms for step 3.
// It stops with ctx's error when ctx is cancelled.
func Learn(ctx context.Context, pairs []Pair, opts Options) (*Lexicon, error) {
	o := opts.withDefaults()
	l := &learner{o: o, n: len(pairs)}
	if err := l.encode(ctx, pairs); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.prune()
	if err := l.candidates(ctx); err != nil {
		return nil, err
	}
	if err := l.present(ctx); err != nil {
		return nil, err
	}
	if err := l.em(ctx); err != nil {
		return nil, err
	}
	links, err := l.link(ctx)
	if err != nil {
		return nil, err
	}
	return l.build(links), nil
}

// learner holds the state of one Learn call.
type learner struct {
	o Options
	n int // segment pairs

	fa, en  termTable
	weights []float32
	// segs[side] holds each segment's distinct term ids.
	faSeg, enSeg flat

	// Candidate pairs, sorted by Persian term then English term.
	pf, pe   []int32   // the pair's terms
	pa       []int32   // segments in which both occur
	pdice    []float32 // Dice coefficient
	pStart   []int32   // pStart[f]:pStart[f+1] are f's pairs
	segPairs flat      // each segment's candidate pairs present in it
	segWords []int32   // how many of them, first, are pairs of two words
	tFE, tEF []float32 // Model 1 P(en|fa) and P(fa|en) per pair
	words    []bool    // whether a pair is of two single words
}

// flat holds a list of int32 lists end to end.
type flat struct {
	off []int32 // list i is ids[off[i]:off[i+1]]
	ids []int32
}

func (f *flat) list(i int) []int32 { return f.ids[f.off[i]:f.off[i+1]] }
