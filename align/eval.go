package align

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Score is the quality of an alignment against gold, as in Vecalign's
// score.py (after Sennrich & Volk 2011).
type Score struct {
	PrecisionStrict, RecallStrict, F1Strict float64
	PrecisionLax, RecallLax, F1Lax          float64
	// Counts behind the rates: test beads (precision) and gold links
	// (recall), strict and lax true positives among them.
	TestBeads, TestStrict, TestLax int
	GoldLinks, GoldStrict, GoldLax int
}

// Scorer accumulates counts over several documents; rates are computed from
// the sums, as the published scores are.
type Scorer struct {
	tp, fp, tpLax, fpLax     int // precision: over test beads
	rtp, rfp, rtpLax, rfpLax int // recall: over gold links
}

// Add scores one document's test beads against its gold beads. Beads empty
// on both sides are ignored. A test bead is a strict true positive when the
// identical bead is in the gold, a lax one when it shares a segment on
// both sides with some gold bead. Precision counts every test bead; recall
// counts gold links only (beads with both sides), against test links.
func (s *Scorer) Add(gold, test []Bead) {
	tp, fp, tpl, fpl := precisionCounts(gold, test)
	s.tp, s.fp, s.tpLax, s.fpLax = s.tp+tp, s.fp+fp, s.tpLax+tpl, s.fpLax+fpl
	tp, fp, tpl, fpl = precisionCounts(links(test), links(gold))
	s.rtp, s.rfp, s.rtpLax, s.rfpLax = s.rtp+tp, s.rfp+fp, s.rtpLax+tpl, s.rfpLax+fpl
}

func links(beads []Bead) []Bead {
	var out []Bead
	for _, b := range beads {
		if b.Linked() {
			out = append(out, b)
		}
	}
	return out
}

func beadKey(b Bead) string { return formatIndices(b.A) + ":" + formatIndices(b.B) }

// precisionCounts counts strict and lax true and false positives of test
// against gold.
func precisionCounts(gold, test []Bead) (tp, fp, tpLax, fpLax int) {
	inGold := map[string]bool{}
	goldTargets := map[int]map[int]bool{} // A index → B indices linked in gold
	for _, g := range gold {
		if len(g.A) == 0 && len(g.B) == 0 {
			continue
		}
		inGold[beadKey(g)] = true
		for _, a := range g.A {
			if goldTargets[a] == nil {
				goldTargets[a] = map[int]bool{}
			}
			for _, b := range g.B {
				goldTargets[a][b] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, t := range test {
		key := beadKey(t)
		if (len(t.A) == 0 && len(t.B) == 0) || seen[key] {
			continue
		}
		seen[key] = true
		if inGold[key] {
			tp++
			tpLax++
			continue
		}
		fp++
		lax := false
		for _, a := range t.A {
			for _, b := range t.B {
				if goldTargets[a][b] {
					lax = true
				}
			}
		}
		if lax {
			tpLax++
		} else {
			fpLax++
		}
	}
	return tp, fp, tpLax, fpLax
}

// Result computes the rates from the counts so far.
func (s *Scorer) Result() Score {
	r := Score{
		TestBeads: s.tp + s.fp, TestStrict: s.tp, TestLax: s.tpLax,
		GoldLinks: s.rtp + s.rfp, GoldStrict: s.rtp, GoldLax: s.rtpLax,
	}
	r.PrecisionStrict = ratio(s.tp, s.tp+s.fp)
	r.PrecisionLax = ratio(s.tpLax, s.tpLax+s.fpLax)
	r.RecallStrict = ratio(s.rtp, s.rtp+s.rfp)
	r.RecallLax = ratio(s.rtpLax, s.rtpLax+s.rfpLax)
	r.F1Strict = f1(r.PrecisionStrict, r.RecallStrict)
	r.F1Lax = f1(r.PrecisionLax, r.RecallLax)
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// String formats the score as a small table.
func (r Score) String() string {
	return fmt.Sprintf("            strict   lax\nprecision   %.3f    %.3f\nrecall      %.3f    %.3f\nF1          %.3f    %.3f\n",
		r.PrecisionStrict, r.PrecisionLax, r.RecallStrict, r.RecallLax, r.F1Strict, r.F1Lax)
}

// ReadBeads reads beads in the gold-file form, one a line: "[0]:[0, 1]",
// "[3]:[]". Blank lines and lines starting with '#' are skipped.
func ReadBeads(r io.Reader) ([]Bead, error) {
	var out []Bead
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		b, err := ParseBead(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, b)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ParseBead parses one bead written as "[1, 2]:[3]".
func ParseBead(s string) (Bead, error) {
	left, right, ok := strings.Cut(s, ":")
	if !ok {
		return Bead{}, fmt.Errorf("bead %q: want [a indices]:[b indices]", s)
	}
	a, err := parseIndices(left)
	if err != nil {
		return Bead{}, fmt.Errorf("bead %q: %w", s, err)
	}
	b, err := parseIndices(right)
	if err != nil {
		return Bead{}, fmt.Errorf("bead %q: %w", s, err)
	}
	return Bead{A: a, B: b}, nil
}

func parseIndices(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("indices %q not in brackets", s)
	}
	s = strings.TrimSpace(s[1 : len(s)-1])
	out := []int{}
	if s == "" {
		return out, nil
	}
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 0 {
			return nil, fmt.Errorf("bad index %q", strings.TrimSpace(f))
		}
		out = append(out, v)
	}
	return out, nil
}

// WriteBeads writes beads in the gold-file form, one a line.
func WriteBeads(w io.Writer, beads []Bead) error {
	bw := bufio.NewWriter(w)
	for _, b := range beads {
		if _, err := fmt.Fprintln(bw, b.String()); err != nil {
			return err
		}
	}
	return bw.Flush()
}
