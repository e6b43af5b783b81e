package align

import "math"

// share is how much of the pair's anchor evidence its links match beyond
// chance, like Cohen's kappa: of the weight of every anchor of every
// segment (each counted on its side), the share found on the other side
// of the segment's link, less what pairing each segment with a random
// segment of the other side would find. Reports of the same event, and
// translations, match a good part; reports of different events on one
// topic share their anchors everywhere alike, and match little beyond
// chance.
func (md *model) share(beads []rawBead) float64 {
	weight := func(f int32) float64 {
		if md.weights != nil {
			return md.weights[f]
		}
		return 1
	}
	dfA := make([]float64, len(md.kinds))
	dfB := make([]float64, len(md.kinds))
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
	var total, hit, chance float64
	onA, onB := map[int32]bool{}, map[int32]bool{}
	for _, b := range beads {
		clear(onA)
		clear(onB)
		if b.linked() {
			for i := b.a0; i < b.a1; i++ {
				for _, f := range md.a.feats[i] {
					onA[f] = true
				}
			}
			for j := b.b0; j < b.b1; j++ {
				for _, f := range md.b.feats[j] {
					onB[f] = true
				}
			}
		}
		for i := b.a0; i < b.a1; i++ {
			for _, f := range md.a.feats[i] {
				w := weight(f)
				total += w
				chance += w * dfB[f] / m
				if onB[f] {
					hit += w
				}
			}
		}
		for j := b.b0; j < b.b1; j++ {
			for _, f := range md.b.feats[j] {
				w := weight(f)
				total += w
				chance += w * dfA[f] / n
				if onA[f] {
					hit += w
				}
			}
		}
	}
	if total <= chance {
		return 0
	}
	return (hit - chance) / (total - chance)
}

// related is the estimated probability that the two sides report the same
// event (or translate each other) given their share: a logistic law
// measured on gold pairs. A link is right only if they do.
func (md *model) related(share float64) float64 {
	return 1 / (1 + math.Exp(-md.opt.RelatedSlope*(share-md.opt.RelatedShare)))
}
