package align

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hamta/corpus"
)

// qualityCase is one document pair measured against gold: a written
// fixture, a sample pair, or a pair derived from a fixture (Persian
// damaged as by PDF extraction, English blocks moved, or a Persian and an
// English document that report different events).
type qualityCase struct {
	group  string // translation, pdf-broken, moved, comparable, unrelated
	name   string
	fa, en *corpus.Document
	gold   []Bead
}

// movedShare is the share of a translation's article blocks that a moved
// case moves elsewhere in the English; each translation gives
// movedVariants cases, moved at random in different ways.
const (
	movedShare    = 0.3
	movedVariants = 3
)

// unrelatedPairs are Persian and English fixtures that report different
// events, most on a shared topic: the English of one diplomatic visit
// against the Persian of another, one disaster against another.
var unrelatedPairs = [][2]string{
	{"corpus/001_4458d8df9d782b8d.txt", "corpus/002_714cc25dd3f7c4d2.txt"},
	{"corpus/001_4458d8df9d782b8d.txt", "corpus/003_632861df6ad09d70.txt"},
	{"align/baghdad.fa.txt", "align/diplomacy.en.txt"},
	{"align/diplomacy.fa.txt", "align/baghdad.en.txt"},
	{"align/visit.fa.txt", "align/summit.en.txt"},
	{"align/summit.fa.txt", "align/visit.en.txt"},
	{"align/mine.fa.txt", "align/earthquake.en.txt"},
	{"align/earthquake.fa.txt", "align/mine.en.txt"},
	{"align/wildfire.fa.txt", "align/flood.en.txt"},
	{"align/flood.fa.txt", "align/wildfire.en.txt"},
}

// qualityCases builds every measured case.
func qualityCases(t testing.TB) []qualityCase {
	var out []qualityCase
	for _, fx := range fixtures(t) {
		fa, en, gold := readDoc(t, fx.fa), readDoc(t, fx.en), readGold(t, fx.gold)
		out = append(out, qualityCase{group: fx.kind, name: fx.name, fa: fa, en: en, gold: gold})
		if fx.kind != "translation" || strings.HasPrefix(fx.name, "sample") {
			continue
		}
		raw, err := os.ReadFile(fx.fa)
		if err != nil {
			t.Fatal(err)
		}
		broken, err := corpus.Parse(fx.fa, []byte(pdfBroken(string(raw))))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, qualityCase{group: "pdf-broken", name: fx.name, fa: broken, en: en, gold: gold})
		for v := 1; v <= movedVariants; v++ {
			name := fmt.Sprintf("%s/%d", fx.name, v)
			moved, movedGold := moveBlocks(t, en, gold, name)
			out = append(out, qualityCase{group: "moved", name: name, fa: fa, en: moved, gold: movedGold})
		}
	}
	for _, u := range unrelatedPairs {
		fa := readDoc(t, filepath.Join("..", "testdata", u[0]))
		en := readDoc(t, filepath.Join("..", "testdata", u[1]))
		var gold []Bead
		for _, p := range fa.AlignedParagraphs() {
			gold = append(gold, Bead{A: []int{p.Index}, B: []int{}})
		}
		for _, p := range en.AlignedParagraphs() {
			gold = append(gold, Bead{A: []int{}, B: []int{p.Index}})
		}
		name := strings.TrimSuffix(filepath.Base(u[0]), ".txt") + " × " + strings.TrimSuffix(filepath.Base(u[1]), ".txt")
		out = append(out, qualityCase{group: "unrelated", name: name, fa: fa, en: en, gold: gold})
	}
	return out
}

// moveBlocks moves a share of a translation's article blocks (the English
// side of gold beads, the title excepted) to other places in the English,
// as an editor who reorders a translation does, and returns the new
// English document with its gold. The moves are drawn from a generator
// seeded by the name, so a case is the same on every run.
func moveBlocks(t testing.TB, en *corpus.Document, gold []Bead, name string) (*corpus.Document, []Bead) {
	// Blocks of English paragraphs in gold order; each gold bead with
	// English paragraphs is one.
	var blocks [][]int
	for _, g := range gold {
		if len(g.B) > 0 {
			blocks = append(blocks, g.B)
		}
	}
	var seed uint64
	for _, r := range name {
		seed = seed*31 + uint64(r)
	}
	rng := rand.New(rand.NewPCG(seed, 11))
	n := int(movedShare*float64(len(blocks)) + 0.5)
	// Never move the title (block 0).
	pick := rng.Perm(len(blocks) - 1)[:n]
	moving := map[int]bool{}
	for _, p := range pick {
		moving[p+1] = true
	}
	var order []int
	var moved []int
	for i := range blocks {
		if moving[i] {
			moved = append(moved, i)
		} else {
			order = append(order, i)
		}
	}
	for _, m := range moved {
		// Put the block anywhere after the title but not back where it was.
		for {
			at := 1 + rng.IntN(len(order))
			prev := order[at-1]
			if prev != m-1 {
				order = append(order[:at], append([]int{m}, order[at:]...)...)
				break
			}
		}
	}
	newIndex := map[int]int{}
	var texts []string
	for _, bi := range order {
		for _, p := range blocks[bi] {
			newIndex[p] = len(texts)
			texts = append(texts, en.Paragraphs[p].Text)
		}
	}
	doc, err := corpus.Parse(en.ID+" (moved)", []byte(strings.Join(texts, "\n\n")+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Paragraphs) != len(texts) {
		t.Fatalf("%s: moved English has %d paragraphs, want %d", name, len(doc.Paragraphs), len(texts))
	}
	out := make([]Bead, len(gold))
	for i, g := range gold {
		out[i] = Bead{A: g.A, B: make([]int, len(g.B))}
		for k, p := range g.B {
			out[i].B[k] = newIndex[p]
		}
	}
	return doc, out
}

// caseResult is one case's scores.
type caseResult struct {
	qualityCase
	score     Score
	beads     []Bead
	confident int // links scoring at least 0.5
}

// corpusRarity measures the rarity of anchors over the corpus a case's
// documents come from, as Pair measures it over the corpus it pairs: the
// written fixtures (testdata/align) or the sample corpus
// (testdata/corpus). It returns a function giving the rarity for a case.
func corpusRarity(t testing.TB, al *Aligner) func(qualityCase) *Rarity {
	byDir := map[string]*Rarity{}
	for _, dir := range []string{"../testdata/align", "../testdata/corpus"} {
		c, err := corpus.LoadDir(context.Background(), dir, corpus.Options{})
		if err != nil {
			t.Fatal(err)
		}
		byDir[dir] = al.NewRarity(c.Docs)
	}
	return func(c qualityCase) *Rarity {
		if strings.HasPrefix(c.en.ID, "../testdata/align") || strings.HasPrefix(c.fa.ID, "../testdata/align") {
			return byDir["../testdata/align"]
		}
		return byDir["../testdata/corpus"]
	}
}

// caseKind is the kind a case is aligned as: that of its gold, unrelated
// pairs as independent reports.
func caseKind(c qualityCase) PairKind {
	if c.group == "comparable" || c.group == "unrelated" {
		return Comparable
	}
	return Translation
}

// runCases aligns every case as its kind with the rarity of its corpus,
// the way Pair aligns a pair of that kind.
func runCases(t testing.TB, al *Aligner, cases []qualityCase) []caseResult {
	rarity := corpusRarity(t, al)
	return runCasesWith(t, cases, func(c qualityCase) ([]Bead, error) {
		a := *al
		a.Rarity = rarity(c)
		beads, _, err := a.AlignAs(context.Background(), c.fa, c.en, caseKind(c))
		return beads, err
	})
}

// runCasesWith aligns every case with align.
func runCasesWith(t testing.TB, cases []qualityCase, align func(qualityCase) ([]Bead, error)) []caseResult {
	var out []caseResult
	for _, c := range cases {
		beads, err := align(c)
		if err != nil {
			t.Fatalf("%s %s: %v", c.group, c.name, err)
		}
		var sc Scorer
		sc.Add(c.gold, beads)
		r := caseResult{qualityCase: c, score: sc.Result(), beads: beads}
		for _, b := range beads {
			if b.Linked() && b.Score >= 0.5 {
				r.confident++
			}
		}
		out = append(out, r)
	}
	return out
}

// groupScore sums the counts of every case of a group.
func groupScore(results []caseResult, group string) Score {
	var sc Scorer
	for _, r := range results {
		if r.group == group {
			sc.Add(r.gold, r.beads)
		}
	}
	return sc.Result()
}

// TestQualityTable prints, with HAMTA_TABLE set, the per-case table of the
// README and the report: strict and lax precision, recall and F1, and the
// links scoring at least 0.5.
func TestQualityTable(t *testing.T) {
	if os.Getenv("HAMTA_TABLE") == "" {
		t.Skip("set HAMTA_TABLE=1 to print the quality table")
	}
	results := runCases(t, NewAligner(), qualityCases(t))
	if os.Getenv("HAMTA_TABLE") == "auto" {
		// As "hamta align" does: no corpus, the kind decided from the text.
		results = runCasesWith(t, qualityCases(t), func(c qualityCase) ([]Bead, error) {
			return NewAligner().AlignDocs(context.Background(), c.fa, c.en)
		})
	}
	var b strings.Builder
	fmt.Fprintln(&b, "| group | case | P strict | R strict | F1 strict | P lax | R lax | F1 lax | links ≥ 0.5 |")
	fmt.Fprintln(&b, "|---|---|---|---|---|---|---|---|---|")
	groups := []string{"translation", "pdf-broken", "moved", "comparable", "unrelated"}
	for _, g := range groups {
		for _, r := range results {
			if r.group != g {
				continue
			}
			s := r.score
			fmt.Fprintf(&b, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %d |\n", g, r.name,
				s.PrecisionStrict, s.RecallStrict, s.F1Strict, s.PrecisionLax, s.RecallLax, s.F1Lax, r.confident)
		}
		s := groupScore(results, g)
		fmt.Fprintf(&b, "| **%s** | all | %.3f | %.3f | **%.3f** | %.3f | %.3f | %.3f | |\n", g,
			s.PrecisionStrict, s.RecallStrict, s.F1Strict, s.PrecisionLax, s.RecallLax, s.F1Lax)
	}
	fmt.Println(b.String())
	fmt.Println(calibrationTable(results))
}

// calibrationTable bins the scores of every link by tenths and compares
// each bin's mean score with the share of its links that are right
// (strictly, a gold bead), and sums the expected calibration error.
func calibrationTable(results []caseResult) string {
	type bin struct {
		n       int
		sum     float64
		correct int
	}
	var bins [10]bin
	total := 0
	for _, r := range results {
		inGold := map[string]bool{}
		for _, g := range r.gold {
			inGold[g.String()] = true
		}
		for _, b := range r.beads {
			if !b.Linked() {
				continue
			}
			k := min(9, int(b.Score*10))
			bins[k].n++
			bins[k].sum += b.Score
			if inGold[b.String()] {
				bins[k].correct++
			}
			total++
		}
	}
	var sb strings.Builder
	fmt.Fprintln(&sb, "| score | links | mean score | right |")
	fmt.Fprintln(&sb, "|---|---|---|---|")
	ece := 0.0
	for k, bn := range bins {
		if bn.n == 0 {
			continue
		}
		conf, acc := bn.sum/float64(bn.n), float64(bn.correct)/float64(bn.n)
		fmt.Fprintf(&sb, "| %.1f–%.1f | %d | %.3f | %.3f |\n", float64(k)/10, float64(k+1)/10, bn.n, conf, acc)
		d := conf - acc
		if d < 0 {
			d = -d
		}
		ece += float64(bn.n) / float64(total) * d
	}
	fmt.Fprintf(&sb, "\nexpected calibration error %.3f over %d links\n", ece, total)
	return sb.String()
}

// TestTargets checks the quality the product promises, on the cases as
// pairing aligns them (each as its kind, anchors weighed by their rarity
// in the case's corpus).
func TestTargets(t *testing.T) {
	results := runCases(t, NewAligner(), qualityCases(t))
	var written, broken, comparable, sample, moved Scorer
	for _, r := range results {
		switch {
		case r.group == "translation" && !strings.HasPrefix(r.name, "sample"):
			written.Add(r.gold, r.beads)
		case r.group == "pdf-broken":
			broken.Add(r.gold, r.beads)
		case r.group == "moved":
			moved.Add(r.gold, r.beads)
		case r.group == "comparable":
			comparable.Add(r.gold, r.beads)
			if strings.HasPrefix(r.name, "sample") {
				sample.Add(r.gold, r.beads)
			}
		case r.group == "unrelated":
			// At most one link a reader would trust between reports of
			// different events.
			if r.confident > 1 {
				t.Errorf("unrelated %s: %d links score 0.5 or more", r.name, r.confident)
			}
		}
	}
	for _, c := range []struct {
		what string
		got  float64
		min  float64
	}{
		{"translations, strict F1", written.Result().F1Strict, 0.99},
		{"translations with PDF-broken Persian, strict F1", broken.Result().F1Strict, 0.98},
		{"translations with 30% of blocks moved, strict precision", moved.Result().PrecisionStrict, 0.95},
		{"same-event reports, strict F1", comparable.Result().F1Strict, 0.85},
		{"the sample same-event pair 001-004, strict F1", sample.Result().F1Strict, 0.85},
	} {
		t.Logf("%s: %.3f", c.what, c.got)
		if c.got < c.min {
			t.Errorf("%s %.3f < %.2f", c.what, c.got, c.min)
		}
	}
}
