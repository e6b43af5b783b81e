package align

import (
	"context"
	"math"
	"slices"
	"sync"
)

// Length-model mixture: most beads follow Gale & Church's normal law, a few
// (a translator's addition, a dropped clause) are far off it.
const (
	mixWide   = 0.1 // share of the wide component
	mixSpread = 4.0 // its standard deviation, in units of the narrow one
	// minLogSD bounds the spread of the marginal length law from below.
	minLogSD = 0.3
)

// model scores beads of one alignment problem. Every score is a log
// probability or a log-likelihood ratio against the segments being
// unrelated, so costs of different bead shapes compare fairly.
type model struct {
	a, b    side
	kinds   []AnchorKind
	weights []float64 // per feature: the evidence it may give, 0 to 1
	opt     Options
	base    Model // the model as given, before re-estimation
	cur     Model // the model as re-estimated
	win     *window

	logPrior [numShapes]float64
	c, s2    float64 // B characters per A character; variance per A character
	// Logs and roots kept at hand for the inner loop.
	logC, logS2, sqrtS2 float64
	// logA[k-1][e] and sqrtA[k-1][e] are the log and root of the total
	// length of the k segments of A ending with segment e; logB the log
	// for B.
	logA, sqrtA, logB [maxSpan][]float64
	// Anchors neighbouring segments share, per side: beads without such
	// sharing can sum pairwise anchor gains exactly, and 2-1 and 1-2 beads
	// can correct the sum cheaply.
	nbA, nbB neighbours

	preLenA, preLenB   []float64 // prefix sums of lengths
	preMargA, preMargB []float64 // prefix sums of log marginal length densities
	missA, missB       []float64 // per feature: log-ratio when absent from the other side
	preMissA, preMissB []float64 // prefix sums of the per-segment "missing" terms
	gainF              []float64 // per feature: log-ratio gained when shared
	// keep is, per anchor kind, the probability that an anchor of a
	// segment is found in its counterpart: the model's KeepProb, then
	// re-estimated on the links of a first pass (reestimateKeep).
	keep [numAnchorKinds]float64

	mix mixTable
	// stampA and stampB mark, per anchor, the last bead that saw it on
	// each side (see unionLex).
	stampA, stampB []uint32
	gen            uint32
	// approx scores beads of several segments by summing pairwise anchor
	// gains, which is faster; used on coarsened levels.
	approx bool
	// words holds the law of word matches through a learned lexicon
	// (nil without one).
	words *wordLaw
}

func newModel(a, b side, kinds []AnchorKind, weights []float64, base Model, opt Options) *model {
	md := &model{a: a, b: b, kinds: kinds, weights: weights, opt: opt, base: base, mix: mixTableOnce()}
	md.setPriors(base)
	md.preLenA, md.preLenB = prefix(a.lens), prefix(b.lens)
	spanA, spanB := 1, 1
	for t, s := range shapes {
		if !math.IsInf(md.logPrior[t], -1) {
			spanA, spanB = max(spanA, s.k), max(spanB, s.l)
		}
	}
	for k := 1; k <= spanA; k++ {
		md.logA[k-1], md.sqrtA[k-1] = spanRoots(a.lens, k)
	}
	for k := 1; k <= spanB; k++ {
		md.logB[k-1], _ = spanRoots(b.lens, k)
	}
	ratio := md.preLenB[b.len()] / md.preLenA[a.len()]
	if opt.Ratio > 0 {
		ratio = opt.Ratio
	}
	md.setLength(ratio, opt.Variance)

	md.preMargA = prefix(marginals(a.lens))
	md.preMargB = prefix(marginals(b.lens))
	md.keep = base.KeepProb
	md.anchorStats()
	md.nbA = newNeighbours(a.feats, md.missA)
	md.nbB = newNeighbours(b.feats, md.missB)
	md.stampA = make([]uint32, len(kinds))
	md.stampB = make([]uint32, len(kinds))
	md.words = newWordLaw(a, b, opt.Words, base.WordWeight)
	return md
}

// setPriors sets the probabilities of segments alone and of link shapes,
// and the log prior of each bead shape that follows: a segment alone pays
// log SkipA (or SkipB); a link pays log(1−SkipA) per segment of A,
// log(1−SkipB) per segment of B, and the log probability of its shape.
func (md *model) setPriors(m Model) {
	skipA, skipB := clampProb(m.SkipA), clampProb(m.SkipB)
	if m.Capped {
		// A segment absorbed into a link of several segments must not
		// cost less than the same segment alone: each segment beyond the
		// first on a side makes a shape at most SkipA/(1−SkipA) (or B)
		// times as likely as the 1-1 link. Without evidence, leaving a
		// paragraph alone is then never dearer than merging it into a
		// neighbour's link.
		oddsA, oddsB := skipA/(1-skipA), skipB/(1-skipB)
		rest := 1.0
		for t, s := range shapes {
			if ls := linkShape[t]; ls > 0 {
				capped := m.Shapes[0] * math.Pow(oddsA, float64(s.k-1)) * math.Pow(oddsB, float64(s.l-1))
				m.Shapes[ls] = math.Min(m.Shapes[ls], capped)
				rest -= m.Shapes[ls]
			}
		}
		m.Shapes[0] = rest
	}
	md.cur = m
	for t, s := range shapes {
		if ls := linkShape[t]; ls >= 0 && m.Shapes[ls] <= 0 {
			md.logPrior[t] = math.Inf(-1) // a shape the model never makes
		} else if ls >= 0 {
			md.logPrior[t] = float64(s.k)*math.Log1p(-skipA) + float64(s.l)*math.Log1p(-skipB) + math.Log(math.Max(m.Shapes[ls], 1e-9))
		} else if s.k == 1 {
			md.logPrior[t] = math.Log(skipA)
		} else {
			md.logPrior[t] = math.Log(skipB)
		}
	}
}

func clampProb(p float64) float64 { return math.Max(1e-6, math.Min(1-1e-6, p)) }

// shapePrior is the log prior of a bead of shape t ending at (i, j):
// segments that run on into the next count as one with it, so a link of a
// line ending with a colon and the quote it introduces costs what a link
// of one segment costs.
func (md *model) shapePrior(t, i, j int) float64 {
	s := shapes[t]
	if s.k == 0 || s.l == 0 {
		return md.logPrior[t]
	}
	k, l := s.k, s.l
	for x := i - s.k; x < i-1 && md.a.runs != nil; x++ {
		if md.a.runs[x] {
			k--
		}
	}
	for y := j - s.l; y < j-1 && md.b.runs != nil; y++ {
		if md.b.runs[y] {
			l--
		}
	}
	if k == s.k && l == s.l {
		return md.logPrior[t]
	}
	return md.logPrior[slices.Index(shapes[:], beadShape{k, l})]
}

// position is the log prior of a link's place, for a model with drift: a
// Laplace law of the difference between the link's relative places on the
// two sides, against the segments having no counterpart to pick among.
func (md *model) position(i, j int, s beadShape) float64 {
	b := md.base.Drift
	n, m := float64(md.a.len()), float64(md.b.len())
	d := math.Abs((float64(j)-float64(s.l)/2)/m - (float64(i)-float64(s.k)/2)/n)
	return -0.5*math.Log(n*m) - math.Log(2*b) - d/b
}

// fitted is what the model ended with.
func (md *model) fitted(kind PairKind) fit {
	return fit{kind: kind, model: md.cur, c: md.c, s2: md.s2}
}

// spanRoots returns, for every segment e, the log and square root of the
// total length of the k segments ending with e (zero where there are
// fewer than k).
func spanRoots(lens []float64, k int) (logs, roots []float64) {
	logs, roots = make([]float64, len(lens)), make([]float64, len(lens))
	for e := k - 1; e < len(lens); e++ {
		sum := 0.0
		for x := e - k + 1; x <= e; x++ {
			sum += lens[x]
		}
		logs[e], roots[e] = math.Log(sum), math.Sqrt(sum)
	}
	return logs, roots
}

// setLength sets the length ratio and variance.
func (md *model) setLength(c, s2 float64) {
	md.c, md.s2 = c, s2
	md.logC, md.logS2, md.sqrtS2 = math.Log(c), math.Log(s2), math.Sqrt(s2)
}

// neighbours records the anchors each segment shares with the next one
// (and their "missing" terms summed), and whether it shares any with the
// one after.
type neighbours struct {
	next     [][]int32
	missNext []float64
	second   []bool
}

func newNeighbours(feats [][]int32, miss []float64) neighbours {
	nb := neighbours{next: make([][]int32, len(feats)), missNext: make([]float64, len(feats)), second: make([]bool, len(feats))}
	for i := range feats {
		if i+1 < len(feats) {
			nb.next[i] = intersect(feats[i], feats[i+1])
			for _, f := range nb.next[i] {
				nb.missNext[i] += miss[f]
			}
		}
		if i+2 < len(feats) {
			nb.second[i] = len(intersect(feats[i], feats[i+2])) > 0
		}
	}
	return nb
}

// shares reports whether any two segments of the span [from, to) share an
// anchor; for spans longer than three segments it does not know, and
// says they do.
func (nb *neighbours) shares(from, to int) bool {
	if to-from > 3 {
		return true
	}
	for i := from; i < to-1; i++ {
		if len(nb.next[i]) > 0 || (i+2 < to && nb.second[i]) {
			return true
		}
	}
	return false
}

// intersect returns the sorted intersection of two sorted lists, nil when
// empty.
func intersect(x, y []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			out = append(out, x[i])
			i++
			j++
		}
	}
	return out
}

// sharedGain sums the gains of the anchors of the sorted list x that the
// sorted list y holds.
func (md *model) sharedGain(x, y []int32) float64 {
	g := 0.0
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			g += md.gainF[x[i]]
			i++
			j++
		}
	}
	return g
}

func prefix(x []float64) []float64 {
	out := make([]float64, len(x)+1)
	for i, v := range x {
		out[i+1] = out[i] + v
	}
	return out
}

// marginals fits a log-normal law to a side's lengths and returns each
// segment's log density under it: the likelihood of a length when the
// segment has no counterpart.
func marginals(lens []float64) []float64 {
	var sum, sq float64
	for _, l := range lens {
		x := math.Log(l)
		sum += x
		sq += x * x
	}
	n := float64(len(lens))
	mu := sum / n
	sd := math.Max(minLogSD, math.Sqrt(math.Max(0, sq/n-mu*mu)))
	out := make([]float64, len(lens))
	for i, l := range lens {
		z := (math.Log(l) - mu) / sd
		out[i] = -0.5*z*z - math.Log(sd*l*math.Sqrt(2*math.Pi))
	}
	return out
}

// anchorStats derives, from how many segments of each side hold each
// anchor, what finding it (or not) on the other side of a bead is worth.
func (md *model) anchorStats() {
	nf := len(md.kinds)
	dfA, dfB := make([]float64, nf), make([]float64, nf)
	for _, fs := range md.a.feats {
		for _, f := range fs {
			dfA[f]++
		}
	}
	for _, fs := range md.b.feats {
		for _, f := range fs {
			dfB[f]++
		}
	}
	n, m := float64(md.a.len()), float64(md.b.len())
	md.missA, md.missB = make([]float64, nf), make([]float64, nf)
	md.gainF = make([]float64, nf)
	for f := 0; f < nf; f++ {
		p := md.keep[md.kinds[f]]
		w := 1.0
		if md.weights != nil {
			w = md.weights[f]
		}
		// Chance that a random segment of the other side holds the anchor.
		qB := (dfB[f] + 0.5) / (m + 1)
		qA := (dfA[f] + 0.5) / (n + 1)
		// An anchor found in many more segments of one side than of the
		// other cannot be kept in most of its translations: at most as
		// often as the other side has it.
		pAB := math.Min(p, (dfB[f]+0.5)/(dfA[f]+0.5))
		pBA := math.Min(p, (dfA[f]+0.5)/(dfB[f]+0.5))
		hitA, mA := math.Max(0, math.Log(pAB/qB)), math.Min(0, math.Log((1-pAB)/(1-qB)))
		hitB, mB := math.Max(0, math.Log(pBA/qA)), math.Min(0, math.Log((1-pBA)/(1-qA)))
		// A weight below 1 (an anchor common in the corpus) scales down
		// what finding it, or missing it, says.
		md.missA[f], md.missB[f] = w*mA, w*mB
		md.gainF[f] = w * ((hitA - mA) + (hitB - mB))
	}
	md.preMissA = prefix(segSums(md.a.feats, md.missA))
	md.preMissB = prefix(segSums(md.b.feats, md.missB))
}

func segSums(feats [][]int32, w []float64) []float64 {
	out := make([]float64, len(feats))
	for i, fs := range feats {
		for _, f := range fs {
			out[i] += w[f]
		}
	}
	return out
}

// gain is the anchor log-ratio gained by pairing segment i of A with
// segment j of B: the worth of their shared anchors.
func (md *model) gain(i, j int) float64 { return md.sharedGain(md.a.feats[i], md.b.feats[j]) }

// lengthLLR is the log-likelihood ratio of the lengths of a bead with k
// segments of total length la against l segments of total length lb, ending
// at A segment i and B segment j (exclusive), between "translations" and
// "unrelated". It averages both directions of conditioning.
func (md *model) lengthLLR(i, j, k, l int) float64 {
	la := md.preLenA[i] - md.preLenA[i-k]
	lb := md.preLenB[j] - md.preLenB[j-l]
	logLA, sqrtLA := md.logA[k-1][i-1], md.sqrtA[k-1][i-1]
	delta := (lb - md.c*la) / (sqrtLA * md.sqrtS2)
	mix := md.mix.logDensity(delta)
	halfLogV := 0.5 * (logLA + md.logS2)
	condB := mix - halfLogV
	condA := mix - halfLogV + md.logC
	if l > 1 {
		condB += splitDensity(l, md.logB[l-1][j-1])
	}
	if k > 1 {
		condA += splitDensity(k, logLA)
	}
	margA := md.preMargA[i] - md.preMargA[i-k]
	margB := md.preMargB[j] - md.preMargB[j-l]
	return 0.5 * ((condB - margB) + (condA - margA))
}

// splitDensity is the log density of one way of splitting a total length
// (given as its log) into k parts, all splits equally likely.
func splitDensity(k int, logTotal float64) float64 {
	switch k {
	case 1:
		return 0
	case 2:
		return -logTotal
	}
	return math.Log(float64(factorial(k-1))) - float64(k-1)*logTotal
}

func factorial(n int) int {
	f := 1
	for i := 2; i <= n; i++ {
		f *= i
	}
	return f
}

// evidence is the log-likelihood ratio, length and anchors weighted, that
// the bead ending at (i, j) with shape s links translations. gainAt gives
// the anchor gain of a pair of single segments, which 1-1 beads use.
func (md *model) evidence(i, j int, s beadShape, gainAt func(i, j int) float64) float64 {
	lex := 0.0
	pairwise := func() float64 {
		v := md.preMissA[i] - md.preMissA[i-s.k] + md.preMissB[j] - md.preMissB[j-s.l]
		for x := 0; x < s.k; x++ {
			for y := 0; y < s.l; y++ {
				v += gainAt(i-x, j-y)
			}
		}
		return v
	}
	switch {
	case s.k == 1 && s.l == 1 || md.approx:
		// Exact for 1-1 beads; on coarse levels an anchor held by two
		// segments of one side counts twice, which is good enough to
		// place the search window.
		lex = pairwise()
	case s.k == 2 && s.l == 1:
		// An anchor both A segments hold was counted twice: once less.
		lex = pairwise() - md.nbA.missNext[i-2] - md.sharedGain(md.nbA.next[i-2], md.b.feats[j-1])
	case s.k == 1 && s.l == 2:
		lex = pairwise() - md.nbB.missNext[j-2] - md.sharedGain(md.nbB.next[j-2], md.a.feats[i-1])
	case !md.nbA.shares(i-s.k, i) && !md.nbB.shares(j-s.l, j):
		lex = pairwise()
	default:
		lex = md.unionLex(i-s.k, i, j-s.l, j)
	}
	ev := md.base.LengthWeight*md.lengthLLR(i, j, s.k, s.l) + md.base.AnchorWeight*lex
	// Two reports of one event share many words by chance: there words
	// count for 1-1 links only, and whether segments merge is left to
	// lengths and anchors, as in the first pass. (A second pass over
	// their paragraphs that let words merge them absorbed paragraphs
	// alone into their neighbours' links: same-event fixtures 0.864 →
	// 0.832. Their paragraphs now keep the first pass (Realign); the
	// rule holds for their sentences.)
	if md.words != nil && (!md.base.Capped || s.k == 1 && s.l == 1) {
		ev += md.words.llr(i-s.k, i, j-s.l, j)
	}
	return ev
}

// sharesEnough reports whether every segment of the bead ending at (i, j)
// with shape s shares at least MinShared of anchor evidence with the other
// side of the bead, as a sparse model requires of a link.
func (md *model) sharesEnough(i, j int, s beadShape, gainAt func(i, j int) float64) bool {
	need := md.base.MinShared
	for x := 0; x < s.k; x++ {
		g := 0.0
		for y := 0; y < s.l; y++ {
			g += gainAt(i-x, j-y)
		}
		if g < need {
			return false
		}
	}
	if s.l == 1 {
		return true // the one segment of B shares what A's segments share
	}
	for y := 0; y < s.l; y++ {
		g := 0.0
		for x := 0; x < s.k; x++ {
			g += gainAt(i-x, j-y)
		}
		if g < need {
			return false
		}
	}
	return true
}

// spansBreak reports whether a bead of several segments ending at (i, j)
// would span a segment taken out of the problem.
func (md *model) spansBreak(i, j int, s beadShape) bool {
	for x := i - s.k + 1; x < i && md.a.brk != nil; x++ {
		if md.a.brk[x] {
			return true
		}
	}
	for y := j - s.l + 1; y < j && md.b.brk != nil; y++ {
		if md.b.brk[y] {
			return true
		}
	}
	return false
}

// inOneBlock reports whether every segment of the link ending at (i, j)
// with shape s is in one block.
func (md *model) inOneBlock(i, j int, s beadShape) bool {
	blk := md.a.blk[i-1]
	return md.a.blk[i-s.k] == blk && md.b.blk[j-s.l] == blk && md.b.blk[j-1] == blk
}

// unionLex is the anchor log-ratio of a bead of several segments: each
// anchor counts once per side, however many of the bead's segments hold it.
// Stamps mark the anchors seen for the current bead without clearing.
func (md *model) unionLex(a0, a1, b0, b1 int) float64 {
	md.gen++
	if md.gen == 0 { // wrapped: old stamps could collide
		clear(md.stampA)
		clear(md.stampB)
		md.gen = 1
	}
	gen := md.gen
	lex := 0.0
	for i := a0; i < a1; i++ {
		for _, f := range md.a.feats[i] {
			if md.stampA[f] != gen {
				md.stampA[f] = gen
				lex += md.missA[f]
			}
		}
	}
	for j := b0; j < b1; j++ {
		for _, f := range md.b.feats[j] {
			if md.stampB[f] == gen {
				continue
			}
			md.stampB[f] = gen
			lex += md.missB[f]
			if md.stampA[f] == gen {
				lex += md.gainF[f]
			}
		}
	}
	return lex
}

// viterbi finds the cheapest path through the window and its cost.
func (md *model) viterbi(ctx context.Context, w *window) ([]rawBead, float64, error) {
	if md.words != nil {
		if err := md.words.cache(ctx, w); err != nil {
			return nil, 0, err
		}
	}
	cost := make([]float64, w.size)
	back := make([]uint8, w.size)
	gain := make([]float64, w.size) // gain[at(i,j)] = gain(i-1, j-1)
	gainAt := func(i, j int) float64 {
		if x := w.at(i, j); x >= 0 {
			return gain[x]
		}
		return md.gain(i-1, j-1)
	}
	inf := math.Inf(1)
	for i := 0; i <= w.n; i++ {
		if i&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		for j := w.lo[i]; j <= w.hi[i]; j++ {
			x := w.at(i, j)
			if i > 0 && j > 0 {
				gain[x] = md.gain(i-1, j-1)
			}
			if i == 0 && j == 0 {
				cost[x] = 0
				continue
			}
			best, bt := inf, uint8(0)
			for t, s := range shapes {
				pi, pj := i-s.k, j-s.l
				if pi < 0 || pj < 0 || md.logPrior[t] == -inf {
					continue
				}
				px := w.at(pi, pj)
				if px < 0 || cost[px] == inf {
					continue
				}
				c := cost[px] - md.logPrior[t]
				if t > 2 && (md.a.runs != nil || md.b.runs != nil) {
					c = cost[px] - md.shapePrior(t, i, j)
				}
				if s.k > 0 && s.l > 0 {
					if md.a.blk != nil && !md.inOneBlock(i, j, s) {
						continue
					}
					if t != 0 && (md.a.brk != nil || md.b.brk != nil) && md.spansBreak(i, j, s) {
						continue
					}
					if md.base.Sparse && !md.sharesEnough(i, j, s, gainAt) {
						continue
					}
					c -= md.evidence(i, j, s, gainAt)
					if md.base.Drift > 0 {
						c -= md.position(i, j, s)
					}
				}
				if c < best {
					best, bt = c, uint8(t)
				}
			}
			cost[x], back[x] = best, bt
		}
	}
	total := cost[w.at(w.n, w.m)]
	if total == inf {
		return nil, 0, errEmptyWindow
	}
	var beads []rawBead
	for i, j := w.n, w.m; i > 0 || j > 0; {
		s := shapes[back[w.at(i, j)]]
		beads = append(beads, rawBead{a0: i - s.k, a1: i, b0: j - s.l, b1: j})
		i, j = i-s.k, j-s.l
	}
	slices.Reverse(beads)
	return beads, total, nil
}

// minLengthLinks is the fewest links the length ratio and variance are
// estimated from.
const minLengthLinks = 3

// reestimate updates the probabilities of segments alone and of link
// shapes, the length ratio and the variance from an alignment, smoothed
// towards the model's values. A link of several segments is made at most
// ShapeGrowth times as likely as the model has it: an alignment that
// merged paragraphs would otherwise vote for merging more.
func (md *model) reestimate(beads []rawBead) {
	var counts [numLinkShapes]float64
	var aloneA, aloneB, links float64
	for _, b := range beads {
		k, l := b.a1-b.a0, b.b1-b.b0
		switch {
		case k > 0 && l > 0:
			for t, s := range shapes {
				if s.k == k && s.l == l {
					counts[linkShape[t]]++
				}
			}
			links++
		case k > 0:
			aloneA += float64(k)
		default:
			aloneB += float64(l)
		}
	}
	w := md.base.PriorWeight
	m := md.base
	n, mm := float64(md.a.len()), float64(md.b.len())
	m.SkipA = (aloneA + w*md.base.SkipA) / (n + w)
	m.SkipB = (aloneB + w*md.base.SkipB) / (mm + w)
	rest := 1.0
	for s := 1; s < numLinkShapes; s++ {
		p := (counts[s] + w*md.base.Shapes[s]) / (links + w)
		m.Shapes[s] = math.Min(p, math.Max(1, md.base.ShapeGrowth)*md.base.Shapes[s])
		rest -= m.Shapes[s]
	}
	m.Shapes[0] = rest
	md.setPriors(m)

	var sumA, sumB float64
	var linked []rawBead
	for _, b := range beads {
		if b.a1 > b.a0 && b.b1 > b.b0 {
			linked = append(linked, b)
			sumA += md.preLenA[b.a1] - md.preLenA[b.a0]
			sumB += md.preLenB[b.b1] - md.preLenB[b.b0]
		}
	}
	if md.words != nil {
		md.words.reestimate(linked)
	}
	if len(linked) < minLengthLinks || sumA == 0 {
		return
	}
	c := sumB / sumA
	dev := make([]float64, len(linked))
	for x, b := range linked {
		la := md.preLenA[b.a1] - md.preLenA[b.a0]
		lb := md.preLenB[b.b1] - md.preLenB[b.b0]
		d := lb - c*la
		dev[x] = d * d / la
	}
	slices.Sort(dev)
	// The median of a squared standard normal is 0.455; the median is not
	// thrown off by the few beads far from the law.
	s2 := dev[len(dev)/2] / 0.455
	// Smooth towards the initial variance when there are few beads.
	wt := float64(len(linked)) / (float64(len(linked)) + 5)
	md.setLength(c, math.Max(0.5, wt*s2+(1-wt)*md.opt.Variance))
}

// keepWeight is the weight, in anchors, of the model's KeepProb against
// the counts of a pass when reestimateKeep measures them.
const keepWeight = 20

// reestimateKeep measures, per anchor kind, how often an anchor of a
// segment of a 1-1 link of beads is found in the other segment, smoothed
// towards the model's KeepProb, and derives the anchors' worth again:
// between two languages the numbers of a translation may be kept nine
// times in ten and its cognates one time in two. A sparse model keeps its
// rates.
func (md *model) reestimateKeep(beads []rawBead) {
	if md.base.Sparse {
		// A sparse model links only segments that share anchors: its
		// links would say anchors are kept more often than they are.
		return
	}
	var found, total [numAnchorKinds]float64
	count := func(x, y []int32) {
		for _, f := range x {
			total[md.kinds[f]]++
			if _, ok := slices.BinarySearch(y, f); ok {
				found[md.kinds[f]]++
			}
		}
	}
	for _, r := range beads {
		if r.a1-r.a0 != 1 || r.b1-r.b0 != 1 {
			continue
		}
		x, y := md.a.feats[r.a0], md.b.feats[r.b0]
		count(x, y)
		count(y, x)
	}
	for k := range md.keep {
		p := md.base.KeepProb[k]
		if p <= 0 {
			continue
		}
		md.keep[k] = math.Min(0.97, math.Max(0.05, (found[k]+keepWeight*p)/(total[k]+keepWeight)))
	}
	md.anchorStats()
	md.nbA = newNeighbours(md.a.feats, md.missA)
	md.nbB = newNeighbours(md.b.feats, md.missB)
}

// logOdds is the log odds that a link bead is right rather than its
// segments being alone: its evidence plus its prior log odds.
func (md *model) logOdds(b rawBead) float64 {
	ev, prior := md.linkOdds(b)
	return ev + prior
}

// linkOdds returns a link bead's evidence (the log-likelihood ratio of its
// segments being counterparts rather than unrelated) and its prior log
// odds against its segments being alone. An out-of-order link has the
// prior of a counterpart that may lie anywhere on the other side.
func (md *model) linkOdds(b rawBead) (ev, prior float64) {
	k, l := b.a1-b.a0, b.b1-b.b0
	s := beadShape{k, l}
	gainAt := func(i, j int) float64 { return md.gain(i-1, j-1) }
	t := slices.Index(shapes[:], s)
	if t < 0 || k == 0 || l == 0 || md.base.Sparse && !md.sharesEnough(b.a1, b.b1, s, gainAt) {
		return math.Inf(-1), 0
	}
	ev = md.evidence(b.a1, b.b1, s, gainAt)
	if b.moved {
		// The first segment of each side is moved; any others go with it
		// as in a link of that shape.
		return ev, md.movedPrior() + md.shapePrior(t, b.a1, b.b1) - md.logPrior[0] - float64(k-1)*md.logPrior[1] - float64(l-1)*md.logPrior[2]
	}
	prior = md.shapePrior(t, b.a1, b.b1) - float64(k)*md.logPrior[1] - float64(l)*md.logPrior[2]
	if md.base.Drift > 0 {
		prior += md.position(b.a1, b.b1, s)
	}
	return ev, prior
}

// scoreOdds returns what a link's score is computed from: its evidence
// and prior log odds as linkOdds gives them, except that a link out of
// order has the prior of a link of its shape in order. The out-of-order
// prior decides whether to move a link; once the evidence has moved it,
// it is no less likely right than a link in order (as measured on gold).
func (md *model) scoreOdds(b rawBead) (ev, prior float64) {
	if !b.moved {
		return md.linkOdds(b)
	}
	ev, _ = md.linkOdds(b)
	t := slices.Index(shapes[:], beadShape{b.a1 - b.a0, b.b1 - b.b0})
	if t < 0 {
		return math.Inf(-1), 0
	}
	return ev, md.shapePrior(t, b.a1, b.b1) - float64(b.a1-b.a0)*md.logPrior[1] - float64(b.b1-b.b0)*md.logPrior[2]
}

// movedPrior is the log prior odds of a 1-1 link out of order against
// both segments alone: the chance that a lone segment's counterpart lies
// elsewhere, spread over every place of the other side it could lie in.
func (md *model) movedPrior() float64 {
	places := float64(max(md.a.len(), md.b.len()))
	return math.Log(clampProb(md.base.Moved) / places)
}

// calibrate maps a link's evidence and prior log odds (see scoreOdds) to
// its score, the estimated probability that it is right if the two sides
// report the same event, by the model's logistic calibration.
func (md *model) calibrate(ev, prior float64) float64 {
	return sigmoid(md.calibratedLogit(ev, prior))
}

// calibratedLogit is the log odds of the score calibrate gives.
func (md *model) calibratedLogit(ev, prior float64) float64 {
	if math.IsInf(ev, -1) {
		return math.Inf(-1)
	}
	return md.base.EvidenceSlope*math.Min(ev, evidenceCap) + md.base.PriorSlope*prior + md.base.Offset
}

// evidenceCap is where more evidence stops making a link's score higher:
// the links with that much evidence that are wrong are wrong in their
// extent (a paragraph too many), not in the counterpart, and no more
// evidence makes that less likely.
const evidenceCap = 8

// score sets each bead's confidence: for a link, the estimated probability
// that it is right; for a segment alone, the probability that no segment
// of the other side near it is its counterpart.
func (md *model) score(beads []rawBead) {
	// A link is right only if the two sides report the same event.
	related := 1.0
	if md.opt.RelatedSlope > 0 {
		related = md.related(md.share(beads))
	}
	pair := func(i, j int) float64 { // posterior of an in-order 1-1 link
		return related * md.calibrate(md.linkOdds(rawBead{a0: i - 1, a1: i, b0: j - 1, b1: j}))
	}
	// The other side's segments a segment alone could have been linked to
	// in order: those between the links before and after it.
	prevB, prevA := 0, 0
	next := make([]rawBead, len(beads)) // the next in-order link after each bead
	var last rawBead
	last.a0, last.a1, last.b0, last.b1 = md.a.len(), md.a.len(), md.b.len(), md.b.len()
	for x := len(beads) - 1; x >= 0; x-- {
		next[x] = last
		if beads[x].linked() && !beads[x].moved {
			last = beads[x]
		}
	}
	const reach = 8 // segments looked at beyond the neighbouring links
	for x := range beads {
		b := &beads[x]
		k, l := b.a1-b.a0, b.b1-b.b0
		switch {
		case k > 0 && l > 0:
			b.ev, b.prior = md.scoreOdds(*b)
			b.score = related * md.calibrate(b.ev, b.prior)
		case k > 0:
			best := 0.0
			lo, hi := around(b.a0, prevA, next[x].a0, prevB, next[x].b0, reach, md.b.len())
			for j := lo; j < hi; j++ {
				best = math.Max(best, pair(b.a1, j+1))
			}
			b.score = 1 - best
		default:
			best := 0.0
			lo, hi := around(b.b0, prevB, next[x].b0, prevA, next[x].a0, reach, md.a.len())
			for i := lo; i < hi; i++ {
				best = math.Max(best, pair(i+1, b.b1))
			}
			b.score = 1 - best
		}
		if b.linked() && !b.moved {
			prevA, prevB = b.a1, b.b1
		}
	}
}

// around returns the segments of the other side that a segment alone at
// pos, between links ending at from and starting at to on its side
// (oFrom and oTo on the other), could have been linked to in order: the
// other side's segments between those links and reach beyond, at most
// 4·reach of them centred on where pos falls proportionally.
func around(pos, from, to, oFrom, oTo, reach, n int) (lo, hi int) {
	lo, hi = max(0, oFrom-reach), min(n, oTo+reach)
	if hi-lo > 4*reach {
		centre := oFrom + (pos-from)*(oTo-oFrom)/max(1, to-from)
		lo, hi = max(0, centre-2*reach), min(n, centre+2*reach)
	}
	return lo, hi
}

func sigmoid(x float64) float64 {
	if math.IsInf(x, -1) {
		return 0
	}
	return 1 / (1 + math.Exp(-x))
}

// mixTable tabulates the log density of the length-deviation mixture.
type mixTable struct{ t []float64 }

const (
	mixStep = 1.0 / 64
	mixMax  = 64.0
)

// mixTableOnce is the table, made once: it never changes.
var mixTableOnce = sync.OnceValue(newMixTable)

func newMixTable() mixTable {
	t := make([]float64, int(mixMax/mixStep)+2)
	for i := range t {
		t[i] = mixLogDensity(float64(i) * mixStep)
	}
	return mixTable{t}
}

func mixLogDensity(d float64) float64 {
	narrow := math.Exp(-0.5*d*d) / math.Sqrt(2*math.Pi)
	w := d / mixSpread
	wide := math.Exp(-0.5*w*w) / (mixSpread * math.Sqrt(2*math.Pi))
	return math.Log((1-mixWide)*narrow + mixWide*wide)
}

func (m mixTable) logDensity(d float64) float64 {
	d = math.Abs(d)
	if d >= mixMax || math.IsNaN(d) {
		w := math.Min(d, 1e6) / mixSpread
		return math.Log(mixWide/(mixSpread*math.Sqrt(2*math.Pi))) - 0.5*w*w
	}
	pos := d / mixStep
	i := int(pos)
	f := pos - float64(i)
	return m.t[i]*(1-f) + m.t[i+1]*f
}
