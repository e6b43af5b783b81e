package align

import (
	"context"
	"errors"
	"math"
	"slices"
	"sort"
)

// beadShape is one kind of bead: k segments of A with l segments of B.
type beadShape struct{ k, l int }

// shapes are the beads the aligner considers.
var shapes = [...]beadShape{{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}, {3, 1}, {1, 3}}

const numShapes = len(shapes)

// Priors are the probabilities of each bead shape, in the order 1-1, 1-0,
// 0-1, 2-1, 1-2, 2-2, 3-1, 1-3.
type Priors [numShapes]float64

// TranslationPriors suit a translation: mostly 1-1 beads. Gale & Church's
// values, with room for the 3-1 and 1-3 beads of preambles.
var TranslationPriors = Priors{0.86, 0.0099, 0.0099, 0.044, 0.044, 0.011, 0.008, 0.008}

// ComparablePriors suit independent reports of one event: long runs of
// paragraphs without a counterpart.
var ComparablePriors = Priors{0.5, 0.2, 0.2, 0.03, 0.03, 0.01, 0.015, 0.015}

// Options tune the core aligner. The zero value is not useful; start from
// DefaultOptions.
type Options struct {
	// Priors are the initial bead-shape probabilities.
	Priors Priors
	// Iterations is how many times the alignment is redone with bead-shape
	// probabilities, length ratio and variance re-estimated from the
	// previous pass (at least 1).
	Iterations int
	// PriorWeight is the weight, in beads, of Priors against the counts of
	// a pass when re-estimating.
	PriorWeight float64
	// Variance is the initial variance per character of the length model
	// (Gale & Church's s²), before it is estimated from the pair.
	Variance float64
	// LengthWeight and AnchorWeight scale the log-likelihood ratios of the
	// length and anchor models.
	LengthWeight, AnchorWeight float64
	// KeepProb is, for each anchor kind, the probability that an anchor of
	// that kind in a segment appears in its translation.
	KeepProb [numAnchorKinds]float64
	// Radius is the half-width, in segments, of the window searched around
	// the projection of a coarse alignment.
	Radius int
	// FullLimit is the largest number of lattice cells searched in full;
	// larger inputs are coarsened first.
	FullLimit int
	// MaxCoarseFeatures caps the anchors kept per coarsened segment.
	MaxCoarseFeatures int
	// TryComparable also aligns from ComparablePriors and keeps whichever
	// start gives the likelier alignment.
	TryComparable bool
	// Ratio, when positive, is the length ratio (B characters per A
	// character) to start from instead of the ratio of the totals.
	Ratio float64
}

// DefaultOptions returns the tuned defaults.
func DefaultOptions() Options {
	return Options{
		Priors:            TranslationPriors,
		Iterations:        3,
		PriorWeight:       20,
		Variance:          12,
		LengthWeight:      1,
		AnchorWeight:      0.5,
		KeepProb:          [numAnchorKinds]float64{AnchorNumber: 0.85, AnchorEntity: 0.75, AnchorName: 0.75, AnchorWord: 0.55, AnchorCognate: 0.4, AnchorPunct: 0.6},
		Radius:            4,
		FullLimit:         1 << 18,
		MaxCoarseFeatures: 48,
		TryComparable:     true,
	}
}

// side is one side of an alignment problem in the aligner's own form.
type side struct {
	lens  []float64 // characters, at least 1
	feats [][]int32 // per segment: sorted unique feature ids
}

func (s side) len() int { return len(s.lens) }

// problem is an alignment problem with its features interned.
type problem struct {
	a, b  side
	kinds []AnchorKind     // per feature id
	keys  []string         // per feature id
	segs  [2][]Segment     // the segments as given, for anchor texts
	ids   map[string]int32 // feature key → id
}

// AlignSegments aligns two sequences of segments and returns the beads in
// order; every segment of both sides is in exactly one bead.
func AlignSegments(ctx context.Context, a, b []Segment, opt Options) ([]Bead, error) {
	beads, _, err := alignFit(ctx, a, b, opt)
	return beads, err
}

// alignFit is AlignSegments that also returns the model it fitted.
func alignFit(ctx context.Context, a, b []Segment, opt Options) ([]Bead, fit, error) {
	p := newProblem(a, b)
	raw, f, err := solve(ctx, p.a, p.b, p.kinds, opt, 0)
	if err != nil {
		return nil, f, err
	}
	beads := make([]Bead, len(raw))
	for i, r := range raw {
		beads[i] = Bead{A: seq(r.a0, r.a1), B: seq(r.b0, r.b1), Score: r.score}
		if r.a1 > r.a0 && r.b1 > r.b0 {
			beads[i].Anchors = p.anchors(r)
		}
	}
	return beads, f, nil
}

func seq(from, to int) []int {
	if to <= from {
		return []int{}
	}
	out := make([]int, to-from)
	for i := range out {
		out[i] = from + i
	}
	return out
}

// newProblem interns the features, keeping only those found on both sides:
// the others can never match.
func newProblem(a, b []Segment) *problem {
	onA := map[string]bool{}
	for _, s := range a {
		for _, f := range s.Feats {
			onA[f.Key] = true
		}
	}
	ids := map[string]int32{}
	p := &problem{}
	for _, s := range b {
		for _, f := range s.Feats {
			if _, ok := ids[f.Key]; !ok && onA[f.Key] {
				ids[f.Key] = int32(len(p.keys))
				p.keys = append(p.keys, f.Key)
				p.kinds = append(p.kinds, f.Kind)
			}
		}
	}
	build := func(segs []Segment) side {
		s := side{lens: make([]float64, len(segs)), feats: make([][]int32, len(segs))}
		for i, seg := range segs {
			s.lens[i] = math.Max(1, float64(seg.Len))
			for _, f := range seg.Feats {
				if id, ok := ids[f.Key]; ok {
					s.feats[i] = append(s.feats[i], id)
				}
			}
			slices.Sort(s.feats[i])
			s.feats[i] = slices.Compact(s.feats[i])
		}
		return s
	}
	p.a = build(a)
	p.b = build(b)
	p.segs = [2][]Segment{a, b}
	p.ids = ids
	return p
}

// anchors lists the features shared by the two sides of a bead, with the
// words they were found in.
func (p *problem) anchors(r rawBead) []Anchor {
	textA := map[int32]string{}
	for i := r.a0; i < r.a1; i++ {
		for _, f := range p.segs[0][i].Feats {
			if id, ok := p.ids[f.Key]; ok {
				if _, seen := textA[id]; !seen {
					textA[id] = f.Text
				}
			}
		}
	}
	var out []Anchor
	seen := map[int32]bool{}
	for j := r.b0; j < r.b1; j++ {
		for _, f := range p.segs[1][j].Feats {
			id, ok := p.ids[f.Key]
			if !ok || seen[id] {
				continue
			}
			ta, ok := textA[id]
			if !ok {
				continue
			}
			seen[id] = true
			out = append(out, Anchor{Kind: p.kinds[id], Key: p.keys[id], A: ta, B: f.Text})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}

// rawBead is a bead as half-open ranges of segment indices.
type rawBead struct {
	a0, a1, b0, b1 int
	score          float64
}

// fit is what a coarse level tells the finer one: the initial bead-shape
// probabilities that won, and the length ratio and variance it estimated
// (per character, so they hold at every level).
type fit struct {
	priors    Priors  // the start that won
	estimated Priors  // the bead-shape probabilities estimated from it
	c, s2     float64 // the length law
}

// minCoarsen is the shortest side that is coarsened; shorter sides keep
// their segments at every level.
const minCoarsen = 64

// errEmptyWindow should never happen: the lattice always holds a path.
var errEmptyWindow = errors.New("align: no path through the search window")

// solve aligns two sides, coarsening first when the full lattice is too
// big. depth counts the levels of coarsening. It returns the beads and the
// initial priors that led to them.
func solve(ctx context.Context, a, b side, kinds []AnchorKind, opt Options, depth int) ([]rawBead, fit, error) {
	n, m := a.len(), b.len()
	if n == 0 || m == 0 {
		return trivial(n, m), fit{priors: opt.Priors}, nil
	}
	starts := []Priors{opt.Priors}
	var length fit // length law from a coarser level, if any
	fa, fb := 1, 1
	if n >= minCoarsen {
		fa = 2
	}
	if m >= minCoarsen {
		fb = 2
	}
	var win *window
	if float64(n+1)*float64(m+1) <= float64(opt.FullLimit) || fa == 1 && fb == 1 {
		win = fullWindow(n, m)
		// Small enough to try twice: from a translation's bead shapes and
		// from an independent report's, keeping the likelier result.
		if opt.TryComparable {
			starts = append(starts, ComparablePriors)
		}
	} else {
		ca, cb := coarsen(a, fa, opt.MaxCoarseFeatures), coarsen(b, fb, opt.MaxCoarseFeatures)
		copt := opt
		copt.Iterations = max(1, opt.Iterations-1)
		coarse, chosen, err := solve(ctx, ca, cb, kinds, copt, depth+1)
		if err != nil {
			return nil, fit{}, err
		}
		starts = []Priors{chosen.priors}
		length = chosen
		win = projectWindow(coarse, fa, fb, n, m, opt.Radius)
		// The coarse pass has placed the window; two passes refine it.
		opt.Iterations = min(opt.Iterations, 2)
	}
	var (
		best      []rawBead
		bestCost  = math.Inf(1)
		bestStart Priors
		bestModel *model
	)
	for _, start := range starts {
		o := opt
		o.Priors = start
		mdl := newModel(a, b, kinds, o)
		if length.c > 0 {
			mdl.setLength(length.c, length.s2)
		}
		mdl.approx = depth > 0
		beads, cost, err := mdl.run(ctx, win)
		if err != nil {
			return nil, fit{}, err
		}
		if cost < bestCost {
			best, bestCost, bestStart, bestModel = beads, cost, start, mdl
		}
	}
	bestModel.score(best, win)
	f := fit{priors: bestStart, c: bestModel.c, s2: bestModel.s2}
	for t, lp := range bestModel.logPrior {
		f.estimated[t] = math.Exp(lp)
	}
	return best, f, nil
}

// run aligns within the window, re-estimating the model between passes,
// and returns the beads and their total cost.
func (md *model) run(ctx context.Context, win *window) ([]rawBead, float64, error) {
	var beads []rawBead
	var cost float64
	for it := 0; it < max(1, md.opt.Iterations); it++ {
		next, c, err := md.viterbi(ctx, win)
		if err != nil {
			return nil, 0, err
		}
		if beads != nil && sameBeads(beads, next) {
			break
		}
		beads, cost = next, c
		if it+1 < md.opt.Iterations {
			md.reestimate(beads)
		}
	}
	return beads, cost, nil
}

func sameBeads(x, y []rawBead) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i].a0 != y[i].a0 || x[i].a1 != y[i].a1 || x[i].b0 != y[i].b0 || x[i].b1 != y[i].b1 {
			return false
		}
	}
	return true
}

// trivial aligns a side against an empty side: every segment alone.
func trivial(n, m int) []rawBead {
	var out []rawBead
	for i := 0; i < n; i++ {
		out = append(out, rawBead{a0: i, a1: i + 1, b0: 0, b1: 0, score: 1})
	}
	for j := 0; j < m; j++ {
		out = append(out, rawBead{a0: n, a1: n, b0: j, b1: j + 1, score: 1})
	}
	return out
}

func maxFeature(feats [][]int32) int32 {
	m := int32(-1)
	for _, fs := range feats {
		for _, f := range fs {
			m = max(m, f)
		}
	}
	return m
}

// coarsen merges every f consecutive segments into one, keeping at most
// maxFeats features per merged segment (the ones in fewest segments).
func coarsen(s side, f, maxFeats int) side {
	if f == 1 {
		return s
	}
	df := make([]int, maxFeature(s.feats)+1)
	for _, fs := range s.feats {
		for _, id := range fs {
			df[id]++
		}
	}
	n := (s.len() + f - 1) / f
	out := side{lens: make([]float64, n), feats: make([][]int32, n)}
	for i := 0; i < s.len(); i++ {
		c := i / f
		out.lens[c] += s.lens[i]
		out.feats[c] = append(out.feats[c], s.feats[i]...)
	}
	for c := range out.feats {
		fs := out.feats[c]
		slices.Sort(fs)
		fs = slices.Compact(fs)
		if len(fs) > maxFeats {
			slices.SortFunc(fs, func(x, y int32) int {
				if d := df[x] - df[y]; d != 0 {
					return d
				}
				return int(x - y)
			})
			fs = fs[:maxFeats]
			slices.Sort(fs)
		}
		out.feats[c] = fs
	}
	return out
}
