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
const crossMargin = 6.0

// reorder is the out-of-order pass. It first shows a 2-2 link whose
// paragraphs plainly correspond crosswise (two swapped paragraphs) as its
// two crossed links. Then segments left alone, weakly linked, or adding
// little to a link of several segments are offered counterparts anywhere
// on the other side that share anchors with them: a pair is linked out of
// order when its log odds, with the prior of a counterpart that may lie
// anywhere, are positive and clearly better than any other choice for
// either segment and than where they are; a neighbouring candidate joins
// the link when that makes it likelier. The in-order alignment is then
// redone without the segments so linked, and the moved links are put
// among its beads by side A.
func (md *model) reorder(ctx context.Context, beads []rawBead) ([]rawBead, error) {
	beads = md.uncross(beads)
	n, m := md.a.len(), md.b.len()
	var candA, candB []int
	// current is what a candidate would give up, in log odds: the whole
	// link it is in, or what it adds to a link of several segments.
	current := map[[2]int]float64{}
	addA := func(i int, lo float64) {
		candA = append(candA, i)
		current[[2]int{0, i}] = lo
	}
	addB := func(j int, lo float64) {
		candB = append(candB, j)
		current[[2]int{1, j}] = lo
	}
	for _, b := range beads {
		if b.moved {
			continue
		}
		if !b.linked() {
			for i := b.a0; i < b.a1; i++ {
				addA(i, math.Inf(-1))
			}
			for j := b.b0; j < b.b1; j++ {
				addB(j, math.Inf(-1))
			}
			continue
		}
		ev, prior := md.linkOdds(b)
		lo := ev + prior
		if md.calibrate(ev, prior) < md.opt.WeakScore {
			for i := b.a0; i < b.a1; i++ {
				addA(i, lo)
			}
			for j := b.b0; j < b.b1; j++ {
				addB(j, lo)
			}
			continue
		}
		if b.a1-b.a0+b.b1-b.b0 < 3 {
			continue
		}
		// A link of several segments: the segments its best part leaves
		// out, if that part is nearly as likely.
		sub, subLo := md.bestPart(b)
		if lo-subLo >= attachMargin {
			continue
		}
		for i := b.a0; i < b.a1; i++ {
			if i < sub.a0 || i >= sub.a1 {
				addA(i, lo-subLo)
			}
		}
		for j := b.b0; j < b.b1; j++ {
			if j < sub.b0 || j >= sub.b1 {
				addB(j, lo-subLo)
			}
		}
	}
	if len(candA) == 0 || len(candB) == 0 {
		return beads, nil
	}
	isCandA, isCandB := map[int]bool{}, map[int]bool{}
	for _, i := range candA {
		isCandA[i] = true
	}
	for _, j := range candB {
		isCandB[j] = true
	}
	// Where each segment of A could be linked in order: between the B
	// ends of the links around it.
	slotLo, slotHi := make([]int, n), make([]int, n)
	{
		end := 0
		for _, b := range beads {
			if b.moved {
				continue
			}
			for i := b.a0; i < b.a1; i++ {
				slotLo[i] = end
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
				slotHi[i] = start
			}
			if b.linked() {
				start = b.b0
			}
		}
		// A segment in a link may move within its own link's reach.
		for _, b := range beads {
			if b.linked() && !b.moved {
				for i := b.a0; i < b.a1; i++ {
					slotLo[i], slotHi[i] = min(slotLo[i], b.b0), max(slotHi[i], b.b1)
				}
			}
		}
	}

	postings := map[int32][]int{}
	for _, j := range candB {
		for _, f := range md.b.feats[j] {
			postings[f] = append(postings[f], j)
		}
	}
	type link struct {
		i, j   int
		lo, ev float64
	}
	var links []link
	prior := md.movedPrior()
	one := beadShape{1, 1}
	gainAt := func(i, j int) float64 { return md.gain(i-1, j-1) }
	stamp := make([]int, m)
	for x := range stamp {
		stamp[x] = -1
	}
	for x, i := range candA {
		if x&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for _, f := range md.a.feats[i] {
			ps := postings[f]
			if len(ps) > maxPostings {
				continue
			}
			for _, j := range ps {
				if stamp[j] == i {
					continue
				}
				stamp[j] = i
				if j >= slotLo[i] && j < slotHi[i] {
					continue // in order: the in-order pass weighed it
				}
				if md.base.Sparse && !md.sharesEnough(i+1, j+1, one, gainAt) {
					continue
				}
				ev := md.evidence(i+1, j+1, one, gainAt)
				links = append(links, link{i, j, ev + prior, ev})
			}
		}
	}
	if len(links) == 0 {
		return beads, nil
	}
	// The best and second-best log odds of each segment's choices.
	type top2 struct{ first, second float64 }
	bestA, bestB := map[int]*top2{}, map[int]*top2{}
	note := func(t map[int]*top2, k int, lo float64) {
		b := t[k]
		if b == nil {
			b = &top2{math.Inf(-1), math.Inf(-1)}
			t[k] = b
		}
		switch {
		case lo > b.first:
			b.first, b.second = lo, b.first
		case lo > b.second:
			b.second = lo
		}
	}
	for _, l := range links {
		note(bestA, l.i, l.lo)
		note(bestB, l.j, l.lo)
	}
	sort.Slice(links, func(x, y int) bool { return links[x].lo > links[y].lo })
	usedA, usedB := map[int]bool{}, map[int]bool{}
	var moved []rawBead
	for _, l := range links {
		if l.lo < 0 {
			continue // less likely than both segments alone
		}
		if usedA[l.i] || usedB[l.j] {
			continue
		}
		if l.lo < bestA[l.i].first || l.lo < bestB[l.j].first {
			continue // not the best choice of one of its segments
		}
		if l.lo-bestA[l.i].second < movedMargin || l.lo-bestB[l.j].second < movedMargin {
			continue // another choice is nearly as good
		}
		if l.lo-current[[2]int{0, l.i}] < movedMargin || l.lo-current[[2]int{1, l.j}] < movedMargin {
			continue // no better than where it is
		}
		r := md.extendMoved(rawBead{a0: l.i, a1: l.i + 1, b0: l.j, b1: l.j + 1, moved: true}, l.lo,
			func(i int) bool { return isCandA[i] && !usedA[i] }, func(j int) bool { return isCandB[j] && !usedB[j] })
		for i := r.a0; i < r.a1; i++ {
			usedA[i] = true
		}
		for j := r.b0; j < r.b1; j++ {
			usedB[j] = true
		}
		moved = append(moved, r)
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
	return mergeMoved(inOrder, moved), nil
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

// extendMoved grows an out-of-order 1-1 link by a neighbouring candidate
// segment on either side (a moved paragraph often went with the one next
// to it) when the link of two segments with it is likelier.
func (md *model) extendMoved(r rawBead, lo float64, freeA, freeB func(int) bool) rawBead {
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
		t := slices.Index(shapes[:], s)
		// The extra segment is no longer alone, and the shape is rarer
		// than a 1-1 link.
		extra := md.shapePrior(t, c.a1, c.b1) - md.logPrior[0]
		if s.k > 1 {
			extra -= md.logPrior[1]
		} else {
			extra -= md.logPrior[2]
		}
		c.moved = true
		if l := md.evidence(c.a1, c.b1, s, gainAt) + md.movedPrior() + extra; l > bestLo {
			best, bestLo = c, l
		}
	}
	try(rawBead{a0: r.a0 - 1, a1: r.a1, b0: r.b0, b1: r.b1})
	try(rawBead{a0: r.a0, a1: r.a1 + 1, b0: r.b0, b1: r.b1})
	try(rawBead{a0: r.a0, a1: r.a1, b0: r.b0 - 1, b1: r.b1})
	try(rawBead{a0: r.a0, a1: r.a1, b0: r.b0, b1: r.b1 + 1})
	return best
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
		if md.evidence(b.a1, b.b1, s, gainAt) > 0 {
			supported += md.preLenA[b.a1] - md.preLenA[b.a0] + md.preLenB[b.b1] - md.preLenB[b.b0]
		}
	}
	return supported / (md.preLenA[md.a.len()] + md.preLenB[md.b.len()])
}
