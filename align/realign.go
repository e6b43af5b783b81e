package align

import (
	"context"
	"fmt"
)

// RealignRadius is the half-width, in segments, of the band around a
// previous alignment that RealignSegments searches.
const RealignRadius = 6

// RealignSegments aligns two sequences of segments again near a previous
// alignment of them (prev, as AlignSegments returned it): its links out
// of order are kept as they are, and the other segments aligned in order
// only within RealignRadius segments of its in-order beads, as a pair of
// the kind opt gives (a translation when it gives none: the first pass
// has judged the kind), and scored as AlignSegments does. A second pass
// with more evidence, such as the words of a lexicon learned from the
// first (Options.Words), so costs time linear in the segments.
func RealignSegments(ctx context.Context, a, b []Segment, prev []Bead, opt Options) ([]Bead, error) {
	p := newProblem(a, b, opt.Weight)
	kind := opt.Kind
	if kind == "" {
		kind = Translation
	}
	n, m := p.a.len(), p.b.len()
	if n == 0 || m == 0 {
		return AlignSegments(ctx, a, b, opt)
	}
	// The links out of order stay; the rest is aligned again without
	// them.
	outA, outB := map[int]bool{}, map[int]bool{}
	var moved []rawBead
	for _, bd := range prev {
		if !bd.Moved || !bd.Linked() {
			continue
		}
		r, err := spanOf(bd, n, m)
		if err != nil {
			return nil, err
		}
		r.moved, r.score = true, bd.Score
		for i := r.a0; i < r.a1; i++ {
			outA[i] = true
		}
		for j := r.b0; j < r.b1; j++ {
			outB[j] = true
		}
		moved = append(moved, r)
	}
	ka, brkA := keptSegments(n, outA)
	kb, brkB := keptSegments(m, outB)
	if len(ka) == 0 || len(kb) == 0 {
		return AlignSegments(ctx, a, b, opt)
	}
	posA, posB := reducedPositions(ka, n), reducedPositions(kb, m)
	var path []rawBead
	for _, bd := range prev {
		if bd.Moved && bd.Linked() || len(bd.A) == 0 && len(bd.B) == 0 {
			continue
		}
		r, err := spanOf(bd, n, m)
		if err != nil {
			return nil, err
		}
		if len(bd.A) == 0 || len(bd.B) == 0 {
			// A segment alone stands where the last bead ended.
			if len(path) > 0 {
				last := path[len(path)-1]
				if len(bd.A) == 0 {
					r.a0, r.a1 = ka[min(last.a1, len(ka)-1)], ka[min(last.a1, len(ka)-1)]
				} else {
					r.b0, r.b1 = kb[min(last.b1, len(kb)-1)], kb[min(last.b1, len(kb)-1)]
				}
			}
		}
		path = append(path, rawBead{a0: posA[r.a0], a1: posA[r.a1], b0: posB[r.b0], b1: posB[r.b1]})
	}
	sa, sb := keepSide(p.a, ka, brkA), keepSide(p.b, kb, brkB)
	win := projectWindow(path, 1, 1, len(ka), len(kb), RealignRadius)
	// The probabilities, the length law, the rate of word matches and
	// how often each kind of anchor is kept are estimated from the first
	// pass's beads, once: the second pass weighs more evidence, it does
	// not fit the model again. (Measuring the anchors' rates on every
	// iteration of a first pass can run away: a poor early alignment
	// finds few anchors kept, which makes them worth less.)
	one := opt
	one.Iterations = 1
	md := newModel(sa, sb, p.kinds, p.weights, opt.model(kind), one)
	md.win = win
	md.reestimate(path)
	md.reestimateKeep(path)
	raw, _, err := md.run(ctx, win)
	if err != nil {
		return nil, err
	}
	md.score(raw)
	inOrder := mapBack(raw, ka, kb, n, m)
	for i := range inOrder {
		inOrder[i].score = raw[i].score
	}
	all := mergeMoved(inOrder, moved)
	beads := make([]Bead, len(all))
	for i, r := range all {
		beads[i] = Bead{A: seq(r.a0, r.a1), B: seq(r.b0, r.b1), Score: r.score, Moved: r.moved}
		if r.linked() {
			beads[i].Anchors = p.anchors(r)
		}
	}
	return beads, nil
}

// spanOf is a bead of consecutive segments as half-open ranges.
func spanOf(bd Bead, n, m int) (rawBead, error) {
	var r rawBead
	if len(bd.A) > 0 {
		r.a0, r.a1 = bd.A[0], bd.A[len(bd.A)-1]+1
	}
	if len(bd.B) > 0 {
		r.b0, r.b1 = bd.B[0], bd.B[len(bd.B)-1]+1
	}
	if r.a0 < 0 || r.a1 > n || r.b0 < 0 || r.b1 > m || r.a1-r.a0 != len(bd.A) || r.b1-r.b0 != len(bd.B) {
		return r, fmt.Errorf("bead %s: not consecutive segments of %d and %d", bd, n, m)
	}
	return r, nil
}

// keepSide is the segments kept of a side, with the breaks where others
// were taken out.
func keepSide(s side, kept []int, brk []bool) side {
	out := side{lens: make([]float64, len(kept)), feats: make([][]int32, len(kept)), brk: brk}
	if s.words != nil {
		out.words = make([][]int32, len(kept))
	}
	for k, i := range kept {
		out.lens[k] = s.lens[i]
		out.feats[k] = s.feats[i]
		if s.words != nil {
			out.words[k] = s.words[i]
		}
		if s.runs != nil && s.runs[i] && k+1 < len(kept) && kept[k+1] == i+1 {
			if out.runs == nil {
				out.runs = make([]bool, len(kept))
			}
			out.runs[k] = true
		}
	}
	return out
}
