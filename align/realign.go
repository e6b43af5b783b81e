package align

import "context"

// RealignRadius is the half-width, in segments, of the band around a
// previous alignment that Realign searches.
const RealignRadius = 6

// RealignSegments aligns two sequences of segments again near a previous
// alignment of them (prev, as AlignSegments returned it): in order only
// within RealignRadius segments of its in-order beads, as a pair of the
// kind opt gives (a translation when it gives none: the first pass has
// judged the kind), then out of order and scored as AlignSegments does.
// A second pass with more evidence, such as the words of a lexicon
// learned from the first (Options.Words), so costs time linear in the
// segments.
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
	var path []rawBead
	for _, bd := range prev {
		if bd.Moved || len(bd.A) == 0 && len(bd.B) == 0 {
			continue
		}
		r := rawBead{}
		if len(bd.A) > 0 {
			r.a0, r.a1 = bd.A[0], bd.A[len(bd.A)-1]+1
		}
		if len(bd.B) > 0 {
			r.b0, r.b1 = bd.B[0], bd.B[len(bd.B)-1]+1
		}
		if len(bd.A) == 0 || len(bd.B) == 0 {
			// A segment alone stands at the place of the last bead.
			if len(path) > 0 {
				last := path[len(path)-1]
				if len(bd.A) == 0 {
					r.a0, r.a1 = last.a1, last.a1
				} else {
					r.b0, r.b1 = last.b1, last.b1
				}
			}
		}
		if r.a1 > n || r.b1 > m {
			return AlignSegments(ctx, a, b, opt)
		}
		path = append(path, r)
	}
	win := projectWindow(path, 1, 1, n, m, RealignRadius)
	md := newModel(p.a, p.b, p.kinds, p.weights, opt.model(kind), opt)
	md.win = win
	raw, _, err := md.run(ctx, win)
	if err != nil {
		return nil, err
	}
	if opt.OutOfOrder {
		if raw, err = md.reorder(ctx, raw); err != nil {
			return nil, err
		}
	}
	md.score(raw)
	beads := make([]Bead, len(raw))
	for i, r := range raw {
		beads[i] = Bead{A: seq(r.a0, r.a1), B: seq(r.b0, r.b1), Score: r.score, Moved: r.moved}
		if r.linked() {
			beads[i].Anchors = p.anchors(r)
		}
	}
	return beads, nil
}
