package align

import (
	"context"
	"math"
	"slices"
	"sort"
)

// maxPostings is the most candidate segments an anchor may lead to in the
// out-of-order pass; an anchor found in more says too little about which
// one is meant.
const maxPostings = 32

// minMovedAnchors is the fewest anchors a segment must hold on average,
// both sides shared, for the out-of-order pass to run. Linking out of
// order picks one counterpart among all of the other side's segments;
// segments with few anchors (sentences, or languages with no lexicon, as
// GenericFeatures gives them) cannot single one out, and stay in order.
const minMovedAnchors = 5

// anchorDensity is the mean number of anchors per segment, both sides.
func (md *model) anchorDensity() float64 {
	total := 0
	for _, fs := range md.a.feats {
		total += len(fs)
	}
	for _, fs := range md.b.feats {
		total += len(fs)
	}
	return float64(total) / float64(md.a.len()+md.b.len())
}

// movedMargin is how much likelier, in log odds, an out-of-order link must
// be than the next best link of either of its segments, and than leaving
// its segments where they are.
const movedMargin = 2.0

// attachMargin is the least a segment must add, in log odds, to the link
// of several segments it is in for the out-of-order pass to leave it
// there.
const attachMargin = 3.0

// crossMargin is how much more evidence, in log-likelihood ratio, the
// crossed pairs of a 2-2 link must have than its straight pairs for the
// link to be shown as two crossed links.
const crossMargin = 15.0

// reorder is the out-of-order pass. It first shows a 2-2 link whose
// paragraphs plainly correspond crosswise (two swapped paragraphs) as its
// two crossed links. Then every segment left alone, weakly linked, or
// adding little to a link of several segments is offered counterparts
// anywhere on the other side that share anchors with it, alone or with a
// neighbouring segment that is also on offer. A candidate is linked out of
// order when its log odds, with the prior of a counterpart that may lie
// anywhere, are positive, clearly better than any other choice for each
// of its segments, and plainly likelier right than where its segments
// are. The in-order alignment is then redone without the segments so
// linked, and the moved links are put among its beads by side A.
func (md *model) reorder(ctx context.Context, beads []rawBead) ([]rawBead, error) {
	if md.anchorDensity() < minMovedAnchors {
		return beads, nil
	}
	beads = md.uncross(beads)
	n, m := md.a.len(), md.b.len()
	// hold is, for every segment, the evidence that it is rightly placed
	// where it is: −∞ alone, its link's otherwise, or what it adds to a
	// link of several segments. offer marks the segments on offer: alone,
	// weakly linked, or adding little.
	holdA, holdB := make([]float64, n), make([]float64, m)
	offerA, offerB := make([]bool, n), make([]bool, m)
	for _, b := range beads {
		if b.moved {
			for i := b.a0; i < b.a1; i++ {
				holdA[i] = math.Inf(1)
			}
			for j := b.b0; j < b.b1; j++ {
				holdB[j] = math.Inf(1)
			}
			continue
		}
		if !b.linked() {
			for i := b.a0; i < b.a1; i++ {
				holdA[i], offerA[i] = math.Inf(-1), true
			}
			for j := b.b0; j < b.b1; j++ {
				holdB[j], offerB[j] = math.Inf(-1), true
			}
			continue
		}
		ev, prior := md.linkOdds(b)
		h := ev
		weak := ev < md.opt.WeakEvidence
		for i := b.a0; i < b.a1; i++ {
			holdA[i], offerA[i] = h, weak
		}
		for j := b.b0; j < b.b1; j++ {
			holdB[j], offerB[j] = h, weak
		}
		if weak || b.a1-b.a0+b.b1-b.b0 < 3 {
			continue
		}
		// A link of several segments: the segments its best part leaves
		// out, if that part is nearly as likely, are on offer for what
		// they add.
		lo := ev + prior
		sub, subLo := md.bestPart(b)
		if lo-subLo >= attachMargin {
			continue
		}
		for i := b.a0; i < b.a1; i++ {
			if i < sub.a0 || i >= sub.a1 {
				holdA[i], offerA[i] = lo-subLo, true
			}
		}
		for j := b.b0; j < b.b1; j++ {
			if j < sub.b0 || j >= sub.b1 {
				holdB[j], offerB[j] = lo-subLo, true
			}
		}
	}
	if !slices.Contains(offerA, true) && !slices.Contains(offerB, true) {
		return beads, nil
	}
	slotLo, slotHi := md.slots(beads)
	// Anchors lead from a segment on offer to the segments of the other
	// side that hold them.
	postA, postB := map[int32][]int{}, map[int32][]int{}
	for i, fs := range md.a.feats {
		for _, f := range fs {
			postA[f] = append(postA[f], i)
		}
	}
	for j, fs := range md.b.feats {
		for _, f := range fs {
			postB[f] = append(postB[f], j)
		}
	}
	type cand struct {
		r      rawBead
		lo, ev float64
	}
	var cands []cand
	seen := map[[2]int]bool{}
	prior := md.movedPrior()
	one := beadShape{1, 1}
	gainAt := func(i, j int) float64 { return md.gain(i-1, j-1) }
	freeA := func(i int) bool { return offerA[i] && !math.IsInf(holdA[i], 1) }
	freeB := func(j int) bool { return offerB[j] && !math.IsInf(holdB[j], 1) }
	consider := func(i, j int) {
		if seen[[2]int{i, j}] || math.IsInf(holdA[i], 1) || math.IsInf(holdB[j], 1) {
			return
		}
		seen[[2]int{i, j}] = true
		if j >= slotLo[i] && j < slotHi[i] {
			return // in order: the in-order pass weighed it
		}
		if md.base.Sparse && !md.sharesEnough(i+1, j+1, one, gainAt) {
			return
		}
		ev := md.evidence(i+1, j+1, one, gainAt)
		base := rawBead{a0: i, a1: i + 1, b0: j, b1: j + 1, moved: true}
		if ev+prior >= 0 {
			cands = append(cands, cand{base, ev + prior, ev})
		}
		// A neighbour joins only a candidate both of whose segments are on
		// offer: one taken from a confident link must win on its own.
		if !offerA[i] || !offerB[j] {
			return
		}
		if r, lo := md.extendMoved(base, ev+prior, freeA, freeB); r != base && lo >= 0 {
			cev, _ := md.linkOdds(r)
			cands = append(cands, cand{r, lo, cev})
		}
	}
	for i := range n {
		if i&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if !offerA[i] {
			continue
		}
		for _, f := range md.a.feats[i] {
			if ps := postB[f]; len(ps) <= maxPostings {
				for _, j := range ps {
					consider(i, j)
				}
			}
		}
	}
	for j := range m {
		if !offerB[j] {
			continue
		}
		for _, f := range md.b.feats[j] {
			if ps := postA[f]; len(ps) <= maxPostings {
				for _, i := range ps {
					consider(i, j)
				}
			}
		}
	}
	if len(cands) == 0 {
		return beads, nil
	}
	// The candidates of each segment, to weigh a choice against the
	// others: a candidate competes with those of its segments whose other
	// side does not overlap its own.
	byA, byB := map[int][]int{}, map[int][]int{}
	for x, c := range cands {
		for i := c.r.a0; i < c.r.a1; i++ {
			byA[i] = append(byA[i], x)
		}
		for j := c.r.b0; j < c.r.b1; j++ {
			byB[j] = append(byB[j], x)
		}
	}
	rival := func(x int) float64 {
		c := cands[x].r
		best := math.Inf(-1)
		for i := c.a0; i < c.a1; i++ {
			for _, y := range byA[i] {
				if o := cands[y].r; o.b1 <= c.b0 || o.b0 >= c.b1 {
					best = math.Max(best, cands[y].lo)
				}
			}
		}
		for j := c.b0; j < c.b1; j++ {
			for _, y := range byB[j] {
				if o := cands[y].r; o.a1 <= c.a0 || o.a0 >= c.a1 {
					best = math.Max(best, cands[y].lo)
				}
			}
		}
		return best
	}
	order := make([]int, len(cands))
	for x := range order {
		order[x] = x
	}
	sort.SliceStable(order, func(x, y int) bool { return cands[order[x]].lo > cands[order[y]].lo })
	usedA, usedB := map[int]bool{}, map[int]bool{}
	var moved []rawBead
	for _, x := range order {
		c := cands[x]
		free, holds := true, math.Inf(-1)
		for i := c.r.a0; i < c.r.a1; i++ {
			free = free && !usedA[i]
			holds = math.Max(holds, holdA[i])
		}
		for j := c.r.b0; j < c.r.b1; j++ {
			free = free && !usedB[j]
			holds = math.Max(holds, holdB[j])
		}
		if !free || c.lo-rival(x) < movedMargin {
			continue // taken, or another choice is nearly as good
		}
		if c.ev-holds < movedMargin {
			continue // not plainly better evidenced than where it is
		}
		for i := c.r.a0; i < c.r.a1; i++ {
			usedA[i] = true
		}
		for j := c.r.b0; j < c.r.b1; j++ {
			usedB[j] = true
		}
		moved = append(moved, c.r)
	}
	if len(moved) == 0 {
		return beads, nil
	}
	// Links already out of order stay so.
	for _, b := range beads {
		if b.moved {
			for i := b.a0; i < b.a1; i++ {
				usedA[i] = true
			}
			for j := b.b0; j < b.b1; j++ {
				usedB[j] = true
			}
			moved = append(moved, b)
		}
	}
	inOrder, err := md.realignWithout(ctx, beads, usedA, usedB)
	if err != nil {
		return nil, err
	}
	return mergeMoved(md.unlinkLeftovers(inOrder, usedA, usedB), moved), nil
}

// slots returns, for each segment of A, the segments of B it could be
// linked to in order: between the B ends of the in-order links around it,
// widened to the reach of its own link.
func (md *model) slots(beads []rawBead) (lo, hi []int) {
	n, m := md.a.len(), md.b.len()
	lo, hi = make([]int, n), make([]int, n)
	end := 0
	for _, b := range beads {
		if b.moved {
			continue
		}
		for i := b.a0; i < b.a1; i++ {
			lo[i] = end
		}
		if b.linked() {
			end = b.b1
		}
	}
	start := m
	for x := len(beads) - 1; x >= 0; x-- {
		b := beads[x]
		if b.moved {
			continue
		}
		for i := b.a0; i < b.a1; i++ {
			hi[i] = start
		}
		if b.linked() {
			start = b.b0
		}
	}
	for _, b := range beads {
		if b.linked() && !b.moved {
			for i := b.a0; i < b.a1; i++ {
				lo[i], hi[i] = min(lo[i], b.b0), max(hi[i], b.b1)
			}
		}
	}
	return lo, hi
}

// unlinkLeftovers leaves alone the segments of each in-order link that the
// evidence argues against and that sits next to a
// segment moved out of order: moving a block brings together paragraphs
// that had nothing to do with each other, and the in-order prior alone
// would pair them.
func (md *model) unlinkLeftovers(beads []rawBead, outA, outB map[int]bool) []rawBead {
	out := beads[:0:0]
	for _, b := range beads {
		next := outA[b.a0-1] || outA[b.a1] || outB[b.b0-1] || outB[b.b1]
		if ev, _ := md.linkOdds(b); !b.linked() || !next || ev >= 0 {
			out = append(out, b)
			continue
		}
		for i := b.a0; i < b.a1; i++ {
			out = append(out, rawBead{a0: i, a1: i + 1, b0: b.b0, b1: b.b0})
		}
		for j := b.b0; j < b.b1; j++ {
			out = append(out, rawBead{a0: b.a1, a1: b.a1, b0: j, b1: j + 1})
		}
	}
	return out
}

// mergeMoved puts each moved link before the first in-order bead after it
// on side A.
func mergeMoved(inOrder, moved []rawBead) []rawBead {
	slices.SortFunc(moved, func(x, y rawBead) int { return x.a0 - y.a0 })
	out := make([]rawBead, 0, len(inOrder)+len(moved))
	k := 0
	for _, b := range inOrder {
		for k < len(moved) && moved[k].a0 < b.a0 {
			out = append(out, moved[k])
			k++
		}
		out = append(out, b)
	}
	return append(out, moved[k:]...)
}

// extendMoved grows an out-of-order 1-1 link by a neighbouring segment
// on offer on either side (a moved paragraph often went with the one next
// to it) when the link of two segments with it is likelier, and returns
// the link with its log odds.
func (md *model) extendMoved(r rawBead, lo float64, freeA, freeB func(int) bool) (rawBead, float64) {
	gainAt := func(i, j int) float64 { return md.gain(i-1, j-1) }
	best, bestLo := r, lo
	try := func(c rawBead) {
		if c.a0 < 0 || c.b0 < 0 || c.a1 > md.a.len() || c.b1 > md.b.len() {
			return
		}
		for i := c.a0; i < c.a1; i++ {
			if (i < r.a0 || i >= r.a1) && !freeA(i) {
				return
			}
		}
		for j := c.b0; j < c.b1; j++ {
			if (j < r.b0 || j >= r.b1) && !freeB(j) {
				return
			}
		}
		s := beadShape{c.a1 - c.a0, c.b1 - c.b0}
		if md.base.Sparse && !md.sharesEnough(c.a1, c.b1, s, gainAt) {
			return
		}
		c.moved = true
		ev, prior := md.linkOdds(c)
		if l := ev + prior; l > bestLo {
			best, bestLo = c, l
		}
	}
	try(rawBead{a0: r.a0 - 1, a1: r.a1, b0: r.b0, b1: r.b1})
	try(rawBead{a0: r.a0, a1: r.a1 + 1, b0: r.b0, b1: r.b1})
	try(rawBead{a0: r.a0, a1: r.a1, b0: r.b0 - 1, b1: r.b1})
	try(rawBead{a0: r.a0, a1: r.a1, b0: r.b0, b1: r.b1 + 1})
	return best, bestLo
}

// bestPart returns the likeliest smaller link inside a link of several
// segments (the rest of its segments alone), with its log odds.
func (md *model) bestPart(b rawBead) (rawBead, float64) {
	best, bestLo := rawBead{}, math.Inf(-1)
	for a0 := b.a0; a0 < b.a1; a0++ {
		for a1 := a0 + 1; a1 <= b.a1; a1++ {
			for b0 := b.b0; b0 < b.b1; b0++ {
				for b1 := b0 + 1; b1 <= b.b1; b1++ {
					c := rawBead{a0: a0, a1: a1, b0: b0, b1: b1}
					if c == (rawBead{a0: b.a0, a1: b.a1, b0: b.b0, b1: b.b1}) || slices.Index(shapes[:], beadShape{a1 - a0, b1 - b0}) < 0 {
						continue
					}
					if lo := md.logOdds(c); lo > bestLo {
						best, bestLo = c, lo
					}
				}
			}
		}
	}
	return best, bestLo
}

// uncross shows each 2-2 link whose crossed pairs of paragraphs translate
// each other, and whose straight pairs do not, as two links: the first
// segment of A with the second of B in order, the second of A with the
// first of B out of order.
func (md *model) uncross(beads []rawBead) []rawBead {
	gainAt := func(i, j int) float64 { return md.gain(i-1, j-1) }
	one := beadShape{1, 1}
	e := func(i, j int) float64 { return md.evidence(i+1, j+1, one, gainAt) }
	var out []rawBead
	for _, b := range beads {
		if b.moved || b.a1-b.a0 != 2 || b.b1-b.b0 != 2 {
			out = append(out, b)
			continue
		}
		x1, x2 := e(b.a0, b.b0+1), e(b.a0+1, b.b0)
		straight := e(b.a0, b.b0) + e(b.a0+1, b.b0+1)
		if x1 <= 0 || x2 <= 0 || x1+x2-straight < crossMargin {
			out = append(out, b)
			continue
		}
		out = append(out, rawBead{a0: b.a0, a1: b.a0 + 1, b0: b.b0 + 1, b1: b.b1},
			rawBead{a0: b.a0 + 1, a1: b.a1, b0: b.b0, b1: b.b0 + 1, moved: true})
	}
	return out
}

// realignWithout redoes the in-order alignment with the fitted model,
// without the segments taken out, and returns its beads in the original
// indices. A bead of several segments never spans a segment taken out.
func (md *model) realignWithout(ctx context.Context, beads []rawBead, outA, outB map[int]bool) ([]rawBead, error) {
	keep := func(s side, out map[int]bool) (side, []int, []bool) {
		var r side
		var idx []int
		var brk []bool
		gap := false
		for i := 0; i < s.len(); i++ {
			if out[i] {
				gap = true
				continue
			}
			r.lens = append(r.lens, s.lens[i])
			r.feats = append(r.feats, s.feats[i])
			if s.words != nil {
				r.words = append(r.words, s.words[i])
			}
			if s.runs != nil {
				r.runs = append(r.runs, s.runs[i] && i+1 < s.len() && !out[i+1])
			}
			idx = append(idx, i)
			brk = append(brk, gap && len(idx) > 1)
			gap = false
		}
		r.brk = brk
		return r, idx, brk
	}
	ra, ia, _ := keep(md.a, outA)
	rb, ib, _ := keep(md.b, outB)
	if ra.len() == 0 || rb.len() == 0 {
		raw := trivial(ra.len(), rb.len())
		return mapBack(raw, ia, ib, md.a.len(), md.b.len()), nil
	}
	sub := newModel(ra, rb, md.kinds, md.weights, md.base, md.opt)
	sub.setPriors(md.cur)
	sub.setLength(md.c, md.s2)
	sub.words = md.words.withSides(ra.words, rb.words)
	var win *window
	if float64(ra.len()+1)*float64(rb.len()+1) <= float64(md.opt.FullLimit) {
		win = fullWindow(ra.len(), rb.len())
	} else {
		// The old path, in the new indices, places the window.
		posA, posB := reducedPositions(ia, md.a.len()), reducedPositions(ib, md.b.len())
		path := make([]rawBead, 0, len(beads))
		for _, b := range beads {
			path = append(path, rawBead{a0: posA[b.a0], a1: posA[b.a1], b0: posB[b.b0], b1: posB[b.b1]})
		}
		win = projectWindow(path, 1, 1, ra.len(), rb.len(), md.opt.Radius)
	}
	raw, _, err := sub.viterbi(ctx, win)
	if err != nil {
		return nil, err
	}
	return mapBack(raw, ia, ib, md.a.len(), md.b.len()), nil
}

// reducedPositions maps every position 0..n of a side to the number of
// kept segments before it.
func reducedPositions(kept []int, n int) []int {
	pos := make([]int, n+1)
	k := 0
	for i := 0; i <= n; i++ {
		for k < len(kept) && kept[k] < i {
			k++
		}
		pos[i] = k
	}
	return pos
}

// mapBack turns beads of a problem with segments taken out into beads of
// the whole one; ia and ib give the original index of each kept segment.
func mapBack(raw []rawBead, ia, ib []int, n, m int) []rawBead {
	at := func(idx []int, x, end int) int {
		if x < len(idx) {
			return idx[x]
		}
		return end
	}
	out := make([]rawBead, len(raw))
	for x, r := range raw {
		b := rawBead{a0: at(ia, r.a0, n), b0: at(ib, r.b0, m)}
		b.a1, b.b1 = b.a0, b.b0
		if r.a1 > r.a0 {
			b.a1 = ia[r.a1-1] + 1
		}
		if r.b1 > r.b0 {
			b.b1 = ib[r.b1-1] + 1
		}
		out[x] = b
	}
	return out
}

// supported is the share of both sides' characters in links whose
// evidence is for them.
func (md *model) supported(beads []rawBead) float64 {
	gainAt := func(i, j int) float64 { return md.gain(i-1, j-1) }
	var supported float64
	for _, b := range beads {
		if !b.linked() {
			continue
		}
		s := beadShape{b.a1 - b.a0, b.b1 - b.b0}
		ev := md.evidence(b.a1, b.b1, s, gainAt)
		if md.words != nil {
			// The kind of pair is judged as without a learned lexicon:
			// a link whose words match less than most still links
			// translations.
			ev -= md.words.llr(b.a0, b.a1, b.b0, b.b1)
		}
		if ev > 0 {
			supported += md.preLenA[b.a1] - md.preLenA[b.a0] + md.preLenB[b.b1] - md.preLenB[b.b0]
		}
	}
	return supported / (md.preLenA[md.a.len()] + md.preLenB[md.b.len()])
}
