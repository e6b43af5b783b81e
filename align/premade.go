package align

import (
	"sort"

	"hamta/corpus"
)

// Documents read from a translation memory come aligned: each declares its
// counterpart and the units they share (corpus.Premade). Pairing honours
// the declaration instead of looking for evidence, and their beads are
// the units, so they are browsed, searched, exported and corrected like
// any pair.

// premadePairs returns the pairs that documents declare, with the units as
// beads, and the documents left to pair by evidence: all but those in a
// declared pair. A pair that a rule forbids is not made, and its documents
// are paired like any others.
func premadePairs(docs []*corpus.Document, rules []Rule, opt PairOptions) ([]DocPair, []*corpus.Document) {
	byID := map[string]*corpus.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	forbidden := map[[2]string]bool{}
	for _, r := range rules {
		if r.Forbid {
			forbidden[[2]string{r.FA, r.EN}] = true
		}
	}
	paired := map[string]bool{}
	var pairs []DocPair
	for _, d := range docs {
		pm := d.Premade
		if pm == nil || d.ID != pm.FA || forbidden[[2]string{pm.FA, pm.EN}] {
			continue
		}
		en := byID[pm.EN]
		if en == nil || en.Premade != pm {
			continue
		}
		beads := PremadeBeads(pm)
		p := DocPair{FA: d.ID, EN: en.ID, Kind: Translation, Score: 1, Beads: beads, Similarity: 1}
		p.CoverageFA = coverage(d, beads, opt.LinkScore, true)
		p.CoverageEN = coverage(en, beads, opt.LinkScore, false)
		pairs = append(pairs, p)
		paired[d.ID], paired[en.ID] = true, true
	}
	if len(pairs) == 0 {
		return nil, docs
	}
	rest := make([]*corpus.Document, 0, len(docs)-len(paired))
	for _, d := range docs {
		if !paired[d.ID] {
			rest = append(rest, d)
		}
	}
	return pairs, rest
}

// mergePairs puts declared pairs and found pairs in one list ordered by
// document IDs, as Pair returns them.
func mergePairs(premade, found []DocPair) []DocPair {
	if len(premade) == 0 {
		return found
	}
	out := append(premade, found...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].FA != out[j].FA {
			return out[i].FA < out[j].FA
		}
		return out[i].EN < out[j].EN
	})
	return out
}

// PremadeBeads returns a premade alignment's units as beads.
func PremadeBeads(pm *corpus.Premade) []Bead {
	beads := make([]Bead, len(pm.Units))
	for i, u := range pm.Units {
		beads[i] = Bead{A: append([]int{}, u.FA...), B: append([]int{}, u.EN...), Score: u.Score, Confirmed: u.Confirmed}
	}
	return beads
}

// premadeOf returns the alignment two documents declare between them, or
// nil.
func premadeOf(a, b *corpus.Document) *corpus.Premade {
	if a.Premade != nil && a.Premade == b.Premade && a.Premade.FA == a.ID && a.Premade.EN == b.ID {
		return a.Premade
	}
	return nil
}

// premadeFixed aligns two documents that declare their alignment, keeping
// a person's fixed beads: the units are the beads, less the paragraphs the
// fixed beads hold, which stay as the person made them. ok is false when
// the documents declare nothing.
func premadeFixed(a, b *corpus.Document, fixed []Bead) (beads []Bead, ok bool) {
	pm := premadeOf(a, b)
	if pm == nil {
		return nil, false
	}
	takenA, takenB := map[int]bool{}, map[int]bool{}
	for _, f := range fixed {
		for _, i := range f.A {
			takenA[i] = true
		}
		for _, j := range f.B {
			takenB[j] = true
		}
	}
	// Each paragraph's unit orders the beads: units are in order on both
	// sides.
	unitA, unitB := map[int]int{}, map[int]int{}
	for k, u := range pm.Units {
		for _, i := range u.FA {
			unitA[i] = k
		}
		for _, j := range u.EN {
			unitB[j] = k
		}
	}
	order := func(b Bead) int {
		switch {
		case len(b.A) > 0 && len(b.B) > 0:
			return 2 * min(unitA[b.A[0]], unitB[b.B[0]])
		case len(b.A) > 0:
			return 2 * unitA[b.A[0]]
		case len(b.B) > 0:
			return 2*unitB[b.B[0]] + 1
		}
		return 0
	}
	var out []Bead
	for _, bd := range PremadeBeads(pm) {
		var ka, kb []int
		for _, i := range bd.A {
			if !takenA[i] {
				ka = append(ka, i)
			}
		}
		for _, j := range bd.B {
			if !takenB[j] {
				kb = append(kb, j)
			}
		}
		if len(ka) == 0 && len(kb) == 0 {
			continue
		}
		if len(ka) != len(bd.A) || len(kb) != len(bd.B) {
			// What is left of a unit a person took apart has no
			// counterpart of its own any more.
			bd.Score = 0
		}
		bd.A, bd.B = orEmpty(ka), orEmpty(kb)
		out = append(out, bd)
	}
	for _, f := range fixed {
		f.Score = 1
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return order(out[i]) < order(out[j]) })
	return splitCrossing(out), true
}

func orEmpty(x []int) []int {
	if x == nil {
		return []int{}
	}
	return x
}

// splitCrossing keeps beads in order on both sides: a unit left over after
// corrections that would cross a fixed bead loses its link, each side
// standing alone, so that the result is a monotone alignment.
func splitCrossing(beads []Bead) []Bead {
	var out []Bead
	lastA, lastB := -1, -1
	for _, b := range beads {
		okA := len(b.A) == 0 || b.A[0] > lastA
		okB := len(b.B) == 0 || b.B[0] > lastB
		if !okA || !okB {
			if b.Fixed() {
				out = append(out, b) // a person's bead stays as made
			} else {
				if len(b.A) > 0 {
					out = append(out, Bead{A: b.A, B: []int{}})
				}
				if len(b.B) > 0 {
					out = append(out, Bead{A: []int{}, B: b.B})
				}
			}
		} else {
			out = append(out, b)
		}
		if len(b.A) > 0 {
			lastA = max(lastA, b.A[len(b.A)-1])
		}
		if len(b.B) > 0 {
			lastB = max(lastB, b.B[len(b.B)-1])
		}
	}
	return out
}
