package align

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
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

// calibrationPoints aligns every case of related documents as runCases
// does and returns its links; the links of unrelated documents are the
// business of the relatedness law (see relatedPoints).
func calibrationPoints(t testing.TB, al *Aligner) []calPoint {
	var out []calPoint
	rarity := corpusRarity(t, al)
	for _, c := range qualityCases(t) {
		if c.group == "unrelated" {
			continue
		}
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

// textbergPoints aligns a Text+Berg document and returns its links.
func textbergPoints(t testing.TB, name string) []calPoint {
	base := filepath.Join(benchDir(), name)
	gf, err := os.Open(base + ".defr")
	if err != nil {
		t.Fatal(err)
	}
	gold, err := ReadBeads(gf)
	gf.Close()
	if err != nil {
		t.Fatal(err)
	}
	inGold := map[string]bool{}
	for _, g := range gold {
		inGold[g.String()] = true
	}
	opt := DefaultOptions()
	p := newProblem(lineSegments(readLines(t, base+".de")), lineSegments(readLines(t, base+".fr")), nil)
	raw, f, err := alignProblem(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []calPoint
	for _, r := range raw {
		if r.linked() {
			b := Bead{A: seq(r.a0, r.a1), B: seq(r.b0, r.b1)}
			out = append(out, calPoint{kind: f.kind, ev: math.Min(r.ev, evidenceCap), prior: r.prior, right: inGold[b.String()], name: "textberg " + name})
		}
	}
	return out
}

// relatedPoints aligns every case as runCases does and returns its share
// (in ev) and whether its documents are related: a translation or reports
// of the same event.
func relatedPoints(t testing.TB, al *Aligner) []calPoint {
	var out []calPoint
	rarity := corpusRarity(t, al)
	for _, c := range qualityCases(t) {
		a := *al
		a.Rarity = rarity(c)
		sa, _, sb, _ := a.pairSegments(c.fa, c.en)
		opt := a.options(caseKind(c))
		p := newProblem(sa, sb, opt.Weight)
		raw, f, err := alignProblem(context.Background(), p, opt)
		if err != nil {
			t.Fatal(err)
		}
		md := newModel(p.a, p.b, p.kinds, p.weights, f.model, opt)
		out = append(out, calPoint{ev: md.share(raw), right: c.group != "unrelated", name: c.group + " " + c.name})
	}
	return out
}

// fitLogistic fits P(right) = σ(w0·ev + w1·prior + w2) with neither slope
// negative: more evidence, or a likelier link a priori, never lowers a
// score. When the free fit makes a slope negative, the best fit with that
// slope (or both) held at zero is taken.
func fitLogistic(pts []calPoint) [3]float64 {
	w := fitLogistic3(pts, true, true)
	if w[0] >= 0 && w[1] >= 0 {
		return w
	}
	best, bestLoss := [3]float64{}, math.Inf(1)
	for _, free := range [][2]bool{{true, false}, {false, true}, {false, false}} {
		v := fitLogistic3(pts, free[0], free[1])
		if v[0] < 0 || v[1] < 0 {
			continue
		}
		if l := logLoss(pts, v); l < bestLoss {
			best, bestLoss = v, l
		}
	}
	return best
}

// logLoss is the negative log-likelihood of the outcomes under w.
func logLoss(pts []calPoint, w [3]float64) float64 {
	l := 0.0
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

// fitLogistic3 fits P(right) = σ(w0·ev + w1·prior + w2), the slopes
// marked not free held at zero, by Newton's method with backtracking and a
// ridge penalty on the slopes, which keeps the fit finite when the points
// separate.
func fitLogistic3(pts []calPoint, freeEv, freePrior bool) [3]float64 {
	const ridge = 1.0
	free := [3]bool{freeEv, freePrior, true}
	loss := func(w [3]float64) float64 {
		return 0.5*ridge*(w[0]*w[0]+w[1]*w[1]) + logLoss(pts, w)
	}
	var w [3]float64
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
		// A slope held at zero takes no step.
		for a := range 3 {
			if !free[a] {
				g[a] = 0
				for b := range 3 {
					h[a][b], h[b][a] = 0, 0
				}
				h[a][a] = 1
			}
		}
		h[2][2] += 1e-6
		d := solve3(h, g)
		l0 := loss(w)
		var next [3]float64
		for step := 1.0; step > 1e-6; step /= 2 {
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
	rel := relatedPoints(t, NewAligner())
	w := fitLogistic(rel)
	lowest, highest := 1.0, -1.0
	for _, p := range rel {
		if p.right {
			lowest = math.Min(lowest, p.ev)
		} else {
			highest = math.Max(highest, p.ev)
		}
	}
	fmt.Printf("related: %d pairs: logistic fit RelatedSlope %.1f RelatedShare %.3f; shares of unrelated pairs up to %.3f, of related ones from %.3f\n",
		len(rel), w[0], -w[2]/w[0], highest, lowest)
	if lowest > highest {
		// Separable: the fit is held back only by its ridge. Put the middle
		// of the law in the middle of the gap, and its edges at 1 in 10
		// and 9 in 10.
		fmt.Printf("related: separable; gap rule RelatedSlope %.1f RelatedShare %.3f\n", 2*math.Log(9)/(lowest-highest), (lowest+highest)/2)
	}
	pts := calibrationPoints(t, NewAligner())
	// The Text+Berg development document (German–French, generic anchors
	// only), when at hand, widens the translations' evidence.
	if _, err := os.Stat(benchDir()); err == nil {
		pts = append(pts, textbergPoints(t, "dev")...)
	}
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
