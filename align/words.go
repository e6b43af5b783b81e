package align

import (
	"context"
	"math"
	"runtime"
	"sync"
)

// WordMatcher tells how well the words of two sides of a bead translate
// each other; a lexicon learned from the corpus (*lexicon.Lexicon) is
// one.
type WordMatcher interface {
	// Match takes the sorted term indices (Segment.Words) of one or
	// more segments of side A and of side B, and returns for each side
	// the sum, over its terms, of how surely each finds its translation
	// on the other side (each in [0,1]), and its number of terms.
	Match(a, b [][]int32) (sumA float64, termsA int, sumB float64, termsB int)
}

// maxWordSpan is the most segments one side of a bead has.
const maxWordSpan = maxSpan

// wordLaw is the evidence of word matches. A term of one side of a link
// finds its translation among the l segments of the other side with
// probability p = 1−(1−hit)(1−chance)^(l−1): in its counterpart, or by
// chance in the others; when the sides are unrelated, with probability
// q = 1−(1−chance)^l. Each match (a term's translation score, summed by
// Match) counts log(p/q), times the model's WordWeight (terms are not
// independent). A term whose translation is not found counts nothing: a
// lexicon learned from one corpus knows only part of its words, and how
// much of a sentence it covers varies too much from one sentence to the
// next to tell links from chance. chance is measured on pairs of
// segments drawn at random, hit on the 1-1 links of each pass.
type wordLaw struct {
	wm          WordMatcher
	weight      float64
	hit, chance float64
	// logHit[l-1] is log(p/q) for a term facing l segments.
	logHit [maxWordSpan]float64
	// a and b are the segments' term indices.
	a, b [][]int32
	// sumA and sumB hold, for each cell (i, j) of the window win, the
	// sums Match gives for segments i−1 and j−1: the aligner looks each
	// pair up many times.
	win        *window
	sumA, sumB []float32
}

// Bounds of the estimated probabilities.
const (
	minWordChance = 0.005
	maxWordChance = 0.5
	maxWordHit    = 0.95
)

// wordSamples is how many pairs of segments drawn at random measure the
// chance rate of matches.
const wordSamples = 2000

// newWordLaw measures the chance rate of word matches between the two
// sides and guesses the rate of links; nil when there is no lexicon or a
// side has no words.
func newWordLaw(a, b side, wm WordMatcher, weight float64) *wordLaw {
	if wm == nil || weight <= 0 || a.words == nil || b.words == nil {
		return nil
	}
	w := &wordLaw{wm: wm, weight: weight, a: a.words, b: b.words}
	n, m := a.len(), b.len()
	// Chance: pairs drawn at random, deterministically (xorshift).
	var sum float64
	var terms int
	x := uint64(0x9e3779b97f4a7c15)
	for range wordSamples {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		i, j := int(x%uint64(n)), int((x>>32)%uint64(m))
		sa, ta, sb, tb := wm.Match(a.words[i:i+1], b.words[j:j+1])
		sum += sa + sb
		terms += ta + tb
	}
	chance := minWordChance
	if terms > 0 {
		chance = sum / float64(terms)
	}
	// Links, until a pass has found some: the best match of each
	// segment of A near the diagonal.
	sum, terms = 0, 0
	for i := 0; i < n; i++ {
		if len(a.words[i]) == 0 {
			continue
		}
		c := i * m / n
		bs, bt, best := 0.0, 0, -1.0
		for j := max(0, c-2); j <= min(m-1, c+2); j++ {
			sa, ta, sb, tb := wm.Match(a.words[i:i+1], b.words[j:j+1])
			if t := ta + tb; t > 0 && (sa+sb)/float64(t) > best {
				bs, bt, best = sa+sb, t, (sa+sb)/float64(t)
			}
		}
		sum += bs
		terms += bt
	}
	hit := 2 * chance
	if terms > 0 {
		hit = sum / float64(terms)
	}
	w.set(hit, chance)
	return w
}

// withSides is the law with the same rates for other sides.
func (w *wordLaw) withSides(a, b [][]int32) *wordLaw {
	if w == nil || a == nil || b == nil {
		return nil
	}
	return &wordLaw{wm: w.wm, weight: w.weight, hit: w.hit, chance: w.chance, logHit: w.logHit, a: a, b: b}
}

// set sets the two rates, keeping hit above chance.
func (w *wordLaw) set(hit, chance float64) {
	chance = math.Max(minWordChance, math.Min(chance, maxWordChance))
	hit = math.Min(maxWordHit, math.Max(hit, chance*1.5))
	w.hit, w.chance = hit, chance
	for l := 1; l <= maxWordSpan; l++ {
		miss := math.Pow(1-chance, float64(l-1))
		p := 1 - (1-hit)*miss
		q := 1 - (1-chance)*miss
		w.logHit[l-1] = math.Log(p / q)
	}
}

// pair returns the sums of matches of segment i of A and segment j of B,
// from the cache when the window holds them.
func (w *wordLaw) pair(i, j int) (sa, sb float64) {
	if w.win != nil {
		if x := w.win.at(i+1, j+1); x >= 0 {
			return float64(w.sumA[x]), float64(w.sumB[x])
		}
	}
	sa, _, sb, _ = w.wm.Match(w.a[i:i+1], w.b[j:j+1])
	return sa, sb
}

// llr is the weighted log-likelihood ratio of the word matches of the
// bead of segments a0..a1 of A and b0..b1 of B. A term of a side of
// several segments is taken to find its translation in one of the other
// side's segments at most, so the matches of the pairs of segments are
// summed.
func (w *wordLaw) llr(a0, a1, b0, b1 int) float64 {
	var sa, sb float64
	for i := a0; i < a1; i++ {
		for j := b0; j < b1; j++ {
			x, y := w.pair(i, j)
			sa += x
			sb += y
		}
	}
	k, l := min(a1-a0, maxWordSpan), min(b1-b0, maxWordSpan)
	return w.weight * (sa*w.logHit[l-1] + sb*w.logHit[k-1])
}

// cache computes the sums of matches of every cell of a window, on
// every core.
func (w *wordLaw) cache(ctx context.Context, win *window) error {
	if w.win == win {
		return nil
	}
	w.win = nil
	sumA, sumB := make([]float32, win.size), make([]float32, win.size)
	workers := min(runtime.GOMAXPROCS(0), max(1, win.size/4096))
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1 + k; i <= win.n; i += workers {
				if i&255 == 0 && ctx.Err() != nil {
					return
				}
				for j := max(1, win.lo[i]); j <= win.hi[i]; j++ {
					sa, _, sb, _ := w.wm.Match(w.a[i-1:i], w.b[j-1:j])
					x := win.at(i, j)
					sumA[x], sumB[x] = float32(sa), float32(sb)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	w.win, w.sumA, w.sumB = win, sumA, sumB
	return nil
}

// reestimate measures the rate of word matches on the 1-1 links of a
// pass, whose terms face one segment.
func (w *wordLaw) reestimate(links []rawBead) {
	var sum float64
	var terms int
	for _, r := range links {
		if r.a1-r.a0 != 1 || r.b1-r.b0 != 1 {
			continue
		}
		sa, ta, sb, tb := w.wm.Match(w.a[r.a0:r.a1], w.b[r.b0:r.b1])
		sum += sa + sb
		terms += ta + tb
	}
	if terms > 0 {
		w.set(sum/float64(terms), w.chance)
	}
}

// headWords is words[:k], or nil when words is.
func headWords(words [][]int32, k int) [][]int32 {
	if words == nil {
		return nil
	}
	return words[:k]
}
