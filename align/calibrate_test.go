package align

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// calPoint is one link of an alignment of a case, with what its score is
// computed from and whether it is right (a gold bead).
type calPoint struct {
	kind      PairKind
	ev, prior float64
	right     bool
	name      string // the case it comes from
}

// calibrationPoints aligns every case as runCases does and returns its
// links.
func calibrationPoints(t testing.TB, al *Aligner) []calPoint {
	var out []calPoint
	rarity := corpusRarity(t, al)
	for _, c := range qualityCases(t) {
		a := *al
		a.Rarity = rarity(c)
		sa, ia, sb, ib := a.pairSegments(c.fa, c.en)
		opt := a.options(caseKind(c))
		p := newProblem(sa, sb, opt.Weight)
		raw, f, err := alignProblem(context.Background(), p, opt)
		if err != nil {
			t.Fatal(err)
		}
		gold := map[string]bool{}
		for _, g := range c.gold {
			gold[g.String()] = true
		}
		for _, r := range raw {
			if !r.linked() {
				continue
			}
			b := Bead{A: mapIndices(seq(r.a0, r.a1), ia), B: mapIndices(seq(r.b0, r.b1), ib)}
			out = append(out, calPoint{kind: f.kind, ev: math.Min(r.ev, evidenceCap), prior: r.prior, right: gold[b.String()], name: c.group + " " + c.name})
		}
	}
	return out
}

// fitLogistic fits P(right) = σ(w0·ev + w1·prior + w2) with neither slope
// negative: more evidence, or a likelier link a priori, never lowers a
// score. A slope the free fit makes negative is held at zero and the
// others refitted.
func fitLogistic(pts []calPoint) [3]float64 {
	w := fitLogistic3(pts)
	if w[1] < 0 {
		var ev []calPoint
		for _, p := range pts {
			ev = append(ev, calPoint{ev: p.ev, right: p.right})
		}
		w = fitLogistic3(ev)
		w[1] = 0
	}
	if w[0] < 0 {
		var pr []calPoint
		for _, p := range pts {
			pr = append(pr, calPoint{prior: p.prior, right: p.right})
		}
		w = fitLogistic3(pr)
		w[0] = 0
	}
	return w
}

// fitLogistic3 fits P(right) = σ(w0·ev + w1·prior + w2).
func fitLogistic3(pts []calPoint) [3]float64 {
	const ridge = 0.1
	loss := func(w [3]float64) float64 {
		l := 0.5 * ridge * (w[0]*w[0] + w[1]*w[1])
		for _, p := range pts {
			z := w[0]*p.ev + w[1]*p.prior + w[2]
			if p.right {
				l += math.Log1p(math.Exp(-z))
			} else {
				l += math.Log1p(math.Exp(z))
			}
		}
		return l
	}
	w := [3]float64{0.5, 0.5, 0}
	for iter := 0; iter < 200; iter++ {
		var g [3]float64
		var h [3][3]float64
		for _, p := range pts {
			x := [3]float64{p.ev, p.prior, 1}
			q := sigmoid(w[0]*x[0] + w[1]*x[1] + w[2])
			y := 0.0
			if p.right {
				y = 1
			}
			for a := range 3 {
				g[a] += (q - y) * x[a]
				for b := range 3 {
					h[a][b] += q * (1 - q) * x[a] * x[b]
				}
			}
		}
		for a := range 2 {
			g[a] += ridge * w[a]
			h[a][a] += ridge
		}
		h[2][2] += 1e-6
		d := solve3(h, g)
		l0 := loss(w)
		step := 1.0
		var next [3]float64
		for ; step > 1e-6; step /= 2 {
			for a := range 3 {
				next[a] = w[a] - step*d[a]
			}
			if loss(next) <= l0 {
				break
			}
		}
		moved := math.Abs(next[0]-w[0]) + math.Abs(next[1]-w[1]) + math.Abs(next[2]-w[2])
		w = next
		if moved < 1e-9 {
			break
		}
	}
	return w
}

// solve3 solves h·x = g by Cramer's rule.
func solve3(h [3][3]float64, g [3]float64) [3]float64 {
	det := func(m [3][3]float64) float64 {
		return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) - m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) + m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	}
	d := det(h)
	var x [3]float64
	for c := range 3 {
		m := h
		for r := range 3 {
			m[r][c] = g[r]
		}
		x[c] = det(m) / d
	}
	return x
}

// ece is the expected calibration error of scores against outcomes, over
// tenths.
func ece(scores []float64, right []bool) float64 {
	var n, sum, hit [10]float64
	for i, s := range scores {
		k := min(9, int(s*10))
		n[k]++
		sum[k] += s
		if right[i] {
			hit[k]++
		}
	}
	e := 0.0
	for k := range n {
		if n[k] > 0 {
			e += n[k] / float64(len(scores)) * math.Abs(sum[k]/n[k]-hit[k]/n[k])
		}
	}
	return e
}

// TestCalibrationFit fits, with HAMTA_FIT set, the logistic calibration of
// each kind's scores on the links of every case, and measures it by
// leaving each case out in turn: its links scored by a fit on the others.
func TestCalibrationFit(t *testing.T) {
	if os.Getenv("HAMTA_FIT") == "" {
		t.Skip("set HAMTA_FIT=1 to fit the calibration")
	}
	pts := calibrationPoints(t, NewAligner())
	for _, kind := range []PairKind{Translation, Comparable} {
		var mine []calPoint
		for _, p := range pts {
			if p.kind == kind {
				mine = append(mine, p)
			}
		}
		w := fitLogistic(mine)
		var in, out []float64
		var right []bool
		cases := map[string]bool{}
		for _, p := range mine {
			cases[p.name] = true
		}
		for _, p := range mine {
			in = append(in, sigmoid(w[0]*p.ev+w[1]*p.prior+w[2]))
			right = append(right, p.right)
		}
		for _, p := range mine {
			var rest []calPoint
			for _, q := range mine {
				if q.name != p.name {
					rest = append(rest, q)
				}
			}
			v := fitLogistic(rest)
			out = append(out, sigmoid(v[0]*p.ev+v[1]*p.prior+v[2]))
		}
		fmt.Printf("%s: %d links from %d cases: EvidenceSlope %.3f PriorSlope %.3f Offset %.3f; ECE in sample %.3f, leaving each case out %.3f\n",
			kind, len(mine), len(cases), w[0], w[1], w[2], ece(in, right), ece(out, right))
	}
}

// TestCalibration checks that each kind's scores mean what they say on
// the cases: the expected calibration error stays small.
func TestCalibration(t *testing.T) {
	results := runCases(t, NewAligner(), qualityCases(t))
	var scores []float64
	var right []bool
	for _, r := range results {
		gold := map[string]bool{}
		for _, g := range r.gold {
			gold[g.String()] = true
		}
		for _, b := range r.beads {
			if b.Linked() {
				scores = append(scores, b.Score)
				right = append(right, gold[b.String()])
			}
		}
	}
	e := ece(scores, right)
	t.Logf("expected calibration error %.3f over %d links", e, len(scores))
	if e > 0.1 {
		t.Errorf("expected calibration error %.3f > 0.1\n%s", e, strings.TrimSpace(calibrationTable(results)))
	}
}
