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

// shapes are the beads the aligner considers: those a model gives no
// probability (Model.Shapes) are never made. The last five, 3-2, 2-3,
// 4-1, 1-4 and 3-3, are sentence shapes (see SentenceShapes).
var shapes = [...]beadShape{{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}, {3, 1}, {1, 3}, {3, 2}, {2, 3}, {4, 1}, {1, 4}, {3, 3}}

const numShapes = len(shapes)

// Link shapes: the shapes of beads with segments on both sides, in the
// order of Model.Shapes.
const numLinkShapes = numShapes - 2

// linkShape maps a shape's index in shapes to its index in Model.Shapes,
// -1 for the two shapes of a segment alone.
var linkShape = [numShapes]int{0, -1, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}

// maxSpan is the most segments one side of a bead has.
const maxSpan = 4

// Model is what the aligner assumes about one kind of pair: how often a
// segment has no counterpart, what shapes links take, and how much length
// and anchors say.
type Model struct {
	// SkipA and SkipB are the probabilities that a segment of side A or B
	// has no counterpart. Each segment pays for its own fate: a link of k
	// and l segments costs k·log(1−SkipA) + l·log(1−SkipB) + log of its
	// shape, a segment alone log SkipA or log SkipB, so a bead of several
	// segments is not cheaper merely for being one bead.
	SkipA, SkipB float64
	// Shapes are the probabilities of the shapes a link takes, in the
	// order 1-1, 2-1, 1-2, 2-2, 3-1, 1-3, 3-2, 2-3, 4-1, 1-4, 3-3; they
	// sum to 1. A shape of probability 0 is never made, nor raised by
	// re-estimation.
	Shapes [numLinkShapes]float64
	// Capped keeps a segment absorbed into a link of several segments
	// from costing less than the segment alone: each extra segment makes
	// a shape at most Skip/(1−Skip) times as likely as 1-1. Independent
	// reports need it; a translation's lengths tell merged paragraphs
	// from unrelated ones, and its true 2-1 and 2-2 beads outnumber its
	// paragraphs alone.
	Capped bool
	// ShapeGrowth is the most re-estimation may multiply the probability
	// of a link of several segments by (1: never raise it).
	ShapeGrowth float64
	// LengthWeight and AnchorWeight scale the log-likelihood ratios of the
	// length and anchor models; WordWeight that of a learned lexicon's
	// word matches (see Options.Words).
	LengthWeight, AnchorWeight, WordWeight float64
	// KeepProb is, for each anchor kind, the probability that an anchor of
	// that kind in a segment appears in its counterpart.
	KeepProb [numAnchorKinds]float64
	// Sparse requires every segment of a link to share anchor evidence
	// (MinShared at least) with the other side: a link needs more than
	// lengths, and a paragraph is not absorbed into a neighbour's link for
	// free.
	Sparse    bool
	MinShared float64
	// Drift, when positive, is how far from the diagonal, as a share of
	// the documents, a segment's counterpart may wander: the prior of a
	// link is spread over the other side's segments by a Laplace law of
	// that scale around the segment's own relative place, instead of being
	// fixed by the order. Independent reports keep a rough order only; a
	// translation's order fixes the place (Drift 0). Spreading the prior
	// means a link needs evidence beyond chance: the best of many chance
	// pairings is not taken for one.
	Drift float64
	// PriorWeight is the weight, in segments (or links, for the shapes),
	// of these probabilities against the counts of a pass when they are
	// re-estimated. A light weight lets a pair show how much of it has a
	// counterpart: two reports of different events end with few links.
	PriorWeight float64
	// Moved is the probability that the counterpart of a segment the
	// in-order alignment left alone lies elsewhere, out of order; the
	// prior of an out-of-order link spreads it over every place of the
	// other side.
	Moved float64
	// EvidenceSlope, PriorSlope and Offset map a link's evidence and
	// prior log odds to its score, the estimated probability that it is
	// right: σ(EvidenceSlope·evidence + PriorSlope·prior + Offset), a
	// logistic calibration fitted on gold alignments
	// (TestCalibrationFit).
	EvidenceSlope, PriorSlope, Offset float64
}

// TranslationModel suits a translation: almost every segment has a
// counterpart, mostly one to one, and lengths agree. Shape probabilities
// after Gale & Church, with room for the 3-1 and 1-3 beads of preambles.
var TranslationModel = Model{
	SkipA:         0.05,
	SkipB:         0.05,
	Shapes:        [numLinkShapes]float64{0.882, 0.0451, 0.0451, 0.0113, 0.0082, 0.0082, 0, 0, 0, 0, 0},
	ShapeGrowth:   2,
	LengthWeight:  1,
	AnchorWeight:  0.5,
	WordWeight:    0.5,
	KeepProb:      [numAnchorKinds]float64{AnchorNumber: 0.85, AnchorEntity: 0.75, AnchorName: 0.75, AnchorWord: 0.55, AnchorCognate: 0.4, AnchorPunct: 0.6},
	PriorWeight:   20,
	Moved:         0.5,
	EvidenceSlope: 0,
	PriorSlope:    0,
	Offset:        4.266,
}

// ComparableModel suits independent reports of one event: many segments
// have no counterpart, lengths of those that do hardly agree, links are
// mostly one to one, need shared anchors, and keep the order only
// roughly.
var ComparableModel = Model{
	SkipA:         0.4,
	SkipB:         0.4,
	Shapes:        [numLinkShapes]float64{0.89, 0.05, 0.05, 0.004, 0.003, 0.003, 0, 0, 0, 0, 0},
	Capped:        true,
	ShapeGrowth:   1,
	LengthWeight:  0.2,
	AnchorWeight:  1,
	WordWeight:    0.5,
	KeepProb:      [numAnchorKinds]float64{AnchorNumber: 0.6, AnchorEntity: 0.5, AnchorName: 0.5, AnchorWord: 0.35, AnchorCognate: 0.25, AnchorPunct: 0.3},
	Sparse:        true,
	MinShared:     1,
	Drift:         0.15,
	PriorWeight:   2,
	Moved:         0.5,
	EvidenceSlope: 0.316,
	PriorSlope:    0.053,
	Offset:        1.458,
}

// numSentenceShapes is how many shapes only the sentence level makes:
// the last of shapes.
const numSentenceShapes = 5

// withShapes is the model with the shapes it never makes among the last
// numSentenceShapes given the probabilities p, taken from the 1-1 link's.
func (m Model) withShapes(p [numSentenceShapes]float64) Model {
	for k, q := range p {
		if x := numLinkShapes - numSentenceShapes + k; m.Shapes[x] == 0 {
			m.Shapes[x] = q
			m.Shapes[0] -= q
		}
	}
	return m
}

// Options tune the core aligner. The zero value is not useful; start from
// DefaultOptions.
type Options struct {
	// Kind says how the two sides relate: Translation, Comparable, or ""
	// to decide from the text (a translation's alignment is tried first
	// and kept when it looks like one).
	Kind PairKind
	// Translation and Comparable are the models of the two kinds.
	Translation, Comparable Model
	// Iterations is how many times the alignment is redone with the
	// probabilities of segments alone and of link shapes, length ratio and
	// variance re-estimated from the previous pass (at least 1).
	Iterations int
	// Variance is the initial variance per character of the length model
	// (Gale & Church's s²), before it is estimated from the pair.
	Variance float64
	// Radius is the half-width, in segments, of the window searched around
	// the projection of a coarse alignment.
	Radius int
	// FullLimit is the largest number of lattice cells searched in full;
	// larger inputs are coarsened first.
	FullLimit int
	// MaxCoarseFeatures caps the anchors kept per coarsened segment.
	MaxCoarseFeatures int
	// Ratio, when positive, is the length ratio (B characters per A
	// character) to start from instead of the ratio of the totals.
	Ratio float64
	// Weight, when not nil, scales the evidence an anchor gives, by its
	// key, from 0 (none) to 1: how rare the anchor is in a corpus, so that
	// words every document on the topic shares count for little.
	Weight func(key string) float64
	// OutOfOrder, after the in-order alignment, links segments left alone
	// or weakly linked to a counterpart elsewhere in the other side when
	// the evidence for it is strong.
	OutOfOrder bool
	// WeakEvidence is the evidence (log-likelihood ratio) below which a
	// link's segments are offered to the out-of-order pass.
	WeakEvidence float64
	// RelatedShare and RelatedSlope give the probability that the two
	// sides report the same event from the share of their anchors their
	// links match beyond chance: σ(RelatedSlope·(share − RelatedShare)).
	// A link's score is that probability times the link's own.
	RelatedShare, RelatedSlope float64
	// SentenceShapes are the probabilities the sentence level gives
	// links of more segments than a paragraph link takes: 3-2, 2-3, 4-1,
	// 1-4 and 3-3, in the order of Model.Shapes from the seventh. A
	// translator who cuts one long sentence into four, or recasts three
	// as two, leaves such beads; they are rare, and such a link must fit
	// its lengths, anchors and words better than its pieces do. The
	// models' own probabilities of those shapes are 0: paragraphs are
	// never linked so.
	SentenceShapes [numSentenceShapes]float64
	// Words, when not nil, matches the segments' words (Segment.Words)
	// through a learned lexicon: how many of a bead's terms find their
	// translation on the other side is evidence for it, weighed by the
	// model's WordWeight (see wordLLR).
	Words WordMatcher
}

// DefaultOptions returns the tuned defaults.
func DefaultOptions() Options {
	return Options{
		Translation:       TranslationModel,
		Comparable:        ComparableModel,
		Iterations:        3,
		Variance:          12,
		Radius:            4,
		FullLimit:         1 << 18,
		MaxCoarseFeatures: 48,
		OutOfOrder:        true,
		RelatedShare:      0.303,
		RelatedSlope:      19.8,
		WeakEvidence:      1,
		SentenceShapes:    [numSentenceShapes]float64{0.002, 0.002, 0.002, 0.002, 0.002},
	}
}

// model returns the model of a kind.
func (o Options) model(kind PairKind) Model {
	if kind == Comparable {
		return o.Comparable
	}
	return o.Translation
}

// side is one side of an alignment problem in the aligner's own form.
type side struct {
	lens  []float64 // characters, at least 1
	feats [][]int32 // per segment: sorted unique feature ids
	// brk[i] is set when a segment was taken out between segments i-1
	// and i: no bead of several segments spans it. Nil when none was.
	brk []bool
	// runs[i] is set when segment i runs on into segment i+1 (see
	// Segment.RunsOn). Nil when none does.
	runs []bool
	// words are, per segment, the sorted term indices of a learned
	// lexicon (Segment.Words); nil when there is no lexicon.
	words [][]int32
	// blk[i] is the block segment i belongs to, when the problem is cut
	// into blocks that links never cross (the sentences of paragraph
	// beads); nil when it is not.
	blk []int32
}

func (s side) len() int { return len(s.lens) }

// problem is an alignment problem with its features interned.
type problem struct {
	a, b    side
	kinds   []AnchorKind     // per feature id
	keys    []string         // per feature id
	weights []float64        // per feature id: the evidence it may give, 0 to 1
	segs    [2][]Segment     // the segments as given, for anchor texts
	ids     map[string]int32 // feature key → id
}

// AlignSegments aligns two sequences of segments and returns the beads;
// every segment of both sides is in exactly one bead. The beads follow
// side A; all but those marked Moved are in order on side B too.
func AlignSegments(ctx context.Context, a, b []Segment, opt Options) ([]Bead, error) {
	beads, _, err := alignFit(ctx, a, b, opt)
	return beads, err
}

// alignFit is AlignSegments that also returns the model it fitted.
func alignFit(ctx context.Context, a, b []Segment, opt Options) ([]Bead, fit, error) {
	p := newProblem(a, b, opt.Weight)
	raw, f, err := alignProblem(ctx, p, opt)
	if err != nil {
		return nil, f, err
	}
	beads := make([]Bead, len(raw))
	for i, r := range raw {
		beads[i] = Bead{A: seq(r.a0, r.a1), B: seq(r.b0, r.b1), Score: r.score, Moved: r.moved}
		if r.a1 > r.a0 && r.b1 > r.b0 {
			beads[i].Anchors = p.anchors(r)
		}
	}
	return beads, f, nil
}

// alignProblem aligns in order as the kind asks (deciding it when not
// given), links out of order what the evidence places elsewhere, and
// scores every bead.
func alignProblem(ctx context.Context, p *problem, opt Options) ([]rawBead, fit, error) {
	kind := opt.Kind
	if kind == "" {
		kind = Translation
	}
	raw, f, md, err := solve(ctx, p.a, p.b, p.kinds, p.weights, opt, kind, 0)
	if err != nil || md == nil {
		return raw, f, err
	}
	if opt.Kind == "" && !md.clearlyTranslated(raw) {
		cr, cf, cmd, err := judgeComparable(ctx, p, opt)
		if err != nil {
			return nil, f, err
		}
		if cmd != nil {
			raw, f, md = cr, cf, cmd
		}
	}
	if opt.OutOfOrder {
		if raw, err = md.reorder(ctx, raw); err != nil {
			return nil, f, err
		}
	}
	md.score(raw)
	return raw, f, nil
}

// TranslationCoverage is the least share of each side's text that a
// translation has in links scoring at least one half when it is aligned
// as independent reports, which link paragraphs only where the evidence
// is: a translation has counterparts for almost everything, a report of
// the same event for some of it.
const TranslationCoverage = 0.78

// translationShare is the least share of its anchors (see model.share) a
// translation matches beyond chance when aligned as independent reports;
// reports of one event, even when they cover much of each other, match
// less, each telling the facts in its own words.
const translationShare = 0.64

// judgeSegments is how many segments of the longer side the kind of a long
// pair is judged on.
const judgeSegments = 200

// clearlyTranslated reports whether an alignment made with the
// translation model plainly is one: nine tenths of the text in links with
// evidence for them, and lengths that follow each other closely (when
// there are links enough to tell).
func (md *model) clearlyTranslated(beads []rawBead) bool {
	links := 0
	for _, b := range beads {
		if b.linked() {
			links++
		}
	}
	return md.supported(beads) >= 0.9 && (md.s2 <= 10 || links < minLengthLinks)
}

// judgeComparable aligns a pair (or, when it is long, its first
// judgeSegments segments on the longer side and as much of the other) as
// independent reports, and returns that alignment of the whole pair when
// it does not look like a translation's (covering TranslationCoverage of
// both sides, matching translationShare of the anchors); nil otherwise.
func judgeComparable(ctx context.Context, p *problem, opt Options) ([]rawBead, fit, *model, error) {
	n, m := p.a.len(), p.b.len()
	a, b := p.a, p.b
	whole := max(n, m) <= judgeSegments
	if !whole {
		ka := min(n, judgeSegments*n/max(n, m)+1)
		kb := min(m, judgeSegments*m/max(n, m)+1)
		a = side{lens: p.a.lens[:ka], feats: p.a.feats[:ka], words: headWords(p.a.words, ka)}
		b = side{lens: p.b.lens[:kb], feats: p.b.feats[:kb], words: headWords(p.b.words, kb)}
	}
	raw, f, md, err := solve(ctx, a, b, p.kinds, p.weights, opt, Comparable, 0)
	if err != nil || md == nil {
		return nil, fit{}, nil, err
	}
	if opt.OutOfOrder {
		if raw, err = md.reorder(ctx, raw); err != nil {
			return nil, fit{}, nil, err
		}
	}
	md.score(raw)
	var ca, cb float64
	for _, r := range raw {
		if r.linked() && r.score >= 0.5 {
			ca += md.preLenA[r.a1] - md.preLenA[r.a0]
			cb += md.preLenB[r.b1] - md.preLenB[r.b0]
		}
	}
	if min(ca/md.preLenA[a.len()], cb/md.preLenB[b.len()]) >= TranslationCoverage && md.share(raw) >= translationShare {
		return nil, fit{}, nil, nil
	}
	if whole {
		// The out-of-order pass is done again by the caller; on links
		// already moved it changes nothing.
		return raw, f, md, nil
	}
	raw, f, md, err = solve(ctx, p.a, p.b, p.kinds, p.weights, opt, Comparable, 0)
	return raw, f, md, err
}

// alignGap aligns, in order and with the kind and model options give, two
// runs of segments between beads a person fixed; brkA and brkB (nil or
// one flag per segment) mark where segments were taken out.
func alignGap(ctx context.Context, a, b []Segment, brkA, brkB []bool, opt Options) ([]Bead, error) {
	p := newProblem(a, b, opt.Weight)
	p.a.brk, p.b.brk = brkA, brkB
	raw, _, md, err := solve(ctx, p.a, p.b, p.kinds, p.weights, opt, opt.Kind, 0)
	if err != nil {
		return nil, err
	}
	if md != nil {
		md.score(raw)
	}
	beads := make([]Bead, len(raw))
	for i, r := range raw {
		beads[i] = Bead{A: seq(r.a0, r.a1), B: seq(r.b0, r.b1), Score: r.score}
		if r.linked() {
			beads[i].Anchors = p.anchors(r)
		}
	}
	return beads, nil
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
// the others can never match. weight, when not nil, gives each key's
// weight.
func newProblem(a, b []Segment, weight func(string) float64) *problem {
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
				w := 1.0
				if weight != nil {
					w = math.Max(0, math.Min(1, weight(f.Key)))
				}
				p.weights = append(p.weights, w)
			}
		}
	}
	build := func(segs []Segment) side {
		s := side{lens: make([]float64, len(segs)), feats: make([][]int32, len(segs))}
		for i, seg := range segs {
			s.lens[i] = math.Max(1, float64(seg.Len))
			if seg.RunsOn && i+1 < len(segs) {
				if s.runs == nil {
					s.runs = make([]bool, len(segs))
				}
				s.runs[i] = true
			}
			for _, f := range seg.Feats {
				if id, ok := ids[f.Key]; ok {
					s.feats[i] = append(s.feats[i], id)
				}
			}
			slices.Sort(s.feats[i])
			s.feats[i] = slices.Compact(s.feats[i])
			if len(seg.Words) > 0 {
				if s.words == nil {
					s.words = make([][]int32, len(segs))
				}
				s.words[i] = seg.Words
			}
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
	moved          bool    // linked out of order
	ev, prior      float64 // a link's evidence and prior log odds, once scored
}

func (r rawBead) linked() bool { return r.a1 > r.a0 && r.b1 > r.b0 }

// fit is what a coarse level tells the finer one, and what an alignment
// found: the kind of pair, the model re-estimated from it, and the length
// ratio and variance (per character, so they hold at every level).
type fit struct {
	kind  PairKind
	model Model   // with the re-estimated probabilities
	c, s2 float64 // the length law
}

// minCoarsen is the shortest side that is coarsened; shorter sides keep
// their segments at every level.
const minCoarsen = 64

// errEmptyWindow should never happen: the lattice always holds a path.
var errEmptyWindow = errors.New("align: no path through the search window")

// solve aligns two sides in order with the model of a kind, coarsening
// first when the full lattice is too big. depth counts the levels of
// coarsening. It returns the beads, what it fitted, and the model (nil when
// a side is empty).
func solve(ctx context.Context, a, b side, kinds []AnchorKind, weights []float64, opt Options, kind PairKind, depth int) ([]rawBead, fit, *model, error) {
	n, m := a.len(), b.len()
	base := opt.model(kind)
	if n == 0 || m == 0 {
		return trivial(n, m), fit{kind: kind, model: base}, nil, nil
	}
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
	} else {
		ca, cb := coarsen(a, fa, opt.MaxCoarseFeatures), coarsen(b, fb, opt.MaxCoarseFeatures)
		copt := opt
		copt.Iterations = max(1, opt.Iterations-1)
		coarse, chosen, _, err := solve(ctx, ca, cb, kinds, weights, copt, kind, depth+1)
		if err != nil {
			return nil, fit{}, nil, err
		}
		length = chosen
		win = projectWindow(coarse, fa, fb, n, m, opt.Radius)
		// The coarse pass has placed the window; two passes refine it.
		opt.Iterations = min(opt.Iterations, 2)
	}
	mdl := newModel(a, b, kinds, weights, base, opt)
	if length.c > 0 {
		mdl.setLength(length.c, length.s2)
	}
	mdl.approx = depth > 0
	mdl.win = win
	beads, _, err := mdl.run(ctx, win)
	if err != nil {
		return nil, fit{}, nil, err
	}
	return beads, mdl.fitted(kind), mdl, nil
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
	if s.words != nil {
		out.words = make([][]int32, n)
	}
	for i := 0; i < s.len(); i++ {
		c := i / f
		out.lens[c] += s.lens[i]
		out.feats[c] = append(out.feats[c], s.feats[i]...)
		if s.words != nil {
			out.words[c] = append(out.words[c], s.words[i]...)
		}
	}
	for c := range out.words {
		slices.Sort(out.words[c])
		out.words[c] = slices.Compact(out.words[c])
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
