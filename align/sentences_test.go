package align

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hamta/corpus"
	"hamta/lexicon"
)

// sentenceNumbers numbers the sentences of a document end to end, as the
// sentence gold is scored: first[p] is the number of paragraph p's first
// sentence.
func sentenceNumbers(d *corpus.Document) (first []int, total int) {
	first = make([]int, len(d.Paragraphs))
	for p := range d.Paragraphs {
		first[p] = total
		total += len(Sentences(d, p))
	}
	return first, total
}

// globalBeads turns sentence beads into beads of sentence numbers, for
// the Scorer.
func globalBeads(sbs []SentenceBead, fa, en *corpus.Document) []Bead {
	return NumberedBeads(fa, en, sbs)
}

// sentenceGold reads a NAME.sentences file (testdata/align/README.md):
// its paragraph beads, and its sentence beads in sentence numbers.
func sentenceGold(t testing.TB, path string, fa, en *corpus.Document) (paras []Bead, sents []Bead) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fA, _ := sentenceNumbers(fa)
	fB, _ := sentenceNumbers(en)
	refs := func(s string, first []int) ([]int, []int) {
		s = strings.Trim(strings.TrimSpace(s), "[]")
		sent, para := []int{}, []int{}
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x == "" {
				continue
			}
			ps, ss, dotted := strings.Cut(x, ".")
			p, err := strconv.Atoi(ps)
			if err != nil {
				t.Fatalf("%s: bad reference %q", path, x)
			}
			para = append(para, p)
			if dotted {
				n, err := strconv.Atoi(ss)
				if err != nil {
					t.Fatalf("%s: bad reference %q", path, x)
				}
				sent = append(sent, first[p]+n)
			}
		}
		return sent, para
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rest, isPara := strings.CutPrefix(line, "bead ")
		l, r, ok := strings.Cut(rest, ":")
		if !ok {
			t.Fatalf("%s: bad line %q", path, line)
		}
		sa, pa := refs(l, fA)
		sb, pb := refs(r, fB)
		if isPara {
			paras = append(paras, Bead{A: pa, B: pb, Score: 1})
		} else {
			sents = append(sents, Bead{A: sa, B: sb})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return paras, sents
}

// sentenceCase is a translation fixture with sentence gold.
type sentenceCase struct {
	name   string
	fa, en *corpus.Document
	paras  []Bead // gold paragraph beads
	gold   []Bead // gold sentence beads, in sentence numbers
}

func sentenceCases(t testing.TB) []sentenceCase {
	var out []sentenceCase
	for _, fx := range fixtures(t) {
		path := strings.TrimSuffix(fx.gold, ".gold") + ".sentences"
		if _, err := os.Stat(path); err != nil {
			continue
		}
		fa, en := readDoc(t, fx.fa), readDoc(t, fx.en)
		paras, gold := sentenceGold(t, path, fa, en)
		out = append(out, sentenceCase{name: fx.name, fa: fa, en: en, paras: paras, gold: gold})
	}
	if len(out) < 6 {
		t.Fatalf("%d fixtures with sentence gold, want 6", len(out))
	}
	return out
}

// checkSentenceBeads fails unless the sentence beads hold every sentence
// of every paragraph bead exactly once, inside its own bead.
func checkSentenceBeads(t testing.TB, name string, sbs []SentenceBead, beads []Bead, fa, en *corpus.Document) {
	t.Helper()
	type key struct{ para, index int }
	seen := [2]map[key]int{{}, {}}
	for _, sb := range sbs {
		if sb.Bead < 0 || sb.Bead >= len(beads) {
			t.Fatalf("%s: sentence bead names paragraph bead %d of %d", name, sb.Bead, len(beads))
		}
		bd := beads[sb.Bead]
		for side, ss := range [2][]Sentence{sb.A, sb.B} {
			paras := bd.A
			d := fa
			if side == 1 {
				paras, d = bd.B, en
			}
			for _, s := range ss {
				if !containsInt(paras, s.Para) {
					t.Fatalf("%s: sentence %d.%d is not in its paragraph bead %s", name, s.Para, s.Index, bd)
				}
				if s.Start < 0 || s.End > len(d.Paragraphs[s.Para].Text) || s.Start >= s.End {
					t.Fatalf("%s: sentence %d.%d has span %d:%d", name, s.Para, s.Index, s.Start, s.End)
				}
				k := key{s.Para, s.Index}
				if _, dup := seen[side][k]; dup {
					t.Fatalf("%s: sentence %d.%d in two beads", name, s.Para, s.Index)
				}
				seen[side][k] = sb.Bead
			}
		}
		if sb.Score < 0 || sb.Score > 1 {
			t.Fatalf("%s: score %v", name, sb.Score)
		}
	}
	for bi, bd := range beads {
		for side, paras := range [2][]int{bd.A, bd.B} {
			d := fa
			if side == 1 {
				d = en
			}
			for _, p := range paras {
				for _, s := range Sentences(d, p) {
					if got, ok := seen[side][key{p, s.Index}]; !ok || got != bi {
						t.Fatalf("%s: sentence %d.%d of bead %s is in no bead of its own", name, p, s.Index, bd)
					}
				}
			}
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// learnFixtures learns a lexicon from the confident sentence beads of the
// written translation fixtures, aligned without one, as a workspace
// learns from its corpus.
func learnFixtures(t testing.TB, al *Aligner, cases []sentenceCase) *lexicon.Lexicon {
	t.Helper()
	ctx := context.Background()
	var pairs []lexicon.Pair
	for _, c := range cases {
		beads, kind, err := al.AlignAs(ctx, c.fa, c.en, "")
		if err != nil {
			t.Fatal(err)
		}
		sbs, err := al.AlignSentences(ctx, c.fa, c.en, beads, kind, nil)
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, SentencePairs(c.fa, c.en, sbs, 0.7)...)
	}
	l, err := lexicon.Learn(ctx, pairs, lexicon.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSentenceFixtures measures the sentence aligner against the hand-
// written sentence gold of the six translation fixtures: inside the gold
// paragraph beads (the sentence level alone) and inside the aligner's own
// (end to end), without and with a lexicon learned from the fixtures.
// The target is strict F1 ≥ 0.95.
func TestSentenceFixtures(t *testing.T) {
	ctx := context.Background()
	al := NewAligner()
	cases := sentenceCases(t)
	lex := learnFixtures(t, al, cases)
	for _, tt := range []struct {
		name string
		own  bool // the aligner's paragraph beads, not the gold's
		lex  *lexicon.Lexicon
	}{
		{"gold paragraphs", false, nil},
		{"gold paragraphs, learned lexicon", false, lex},
		{"own paragraphs", true, nil},
		{"own paragraphs, learned lexicon", true, lex},
	} {
		var sc Scorer
		for _, c := range cases {
			beads, kind := c.paras, Translation
			if tt.own {
				var err error
				if beads, kind, err = al.AlignAs(ctx, c.fa, c.en, ""); err != nil {
					t.Fatal(err)
				}
			}
			sbs, err := al.AlignSentences(ctx, c.fa, c.en, beads, kind, tt.lex)
			if err != nil {
				t.Fatal(err)
			}
			checkSentenceBeads(t, c.name, sbs, beads, c.fa, c.en)
			test := globalBeads(sbs, c.fa, c.en)
			sc.Add(c.gold, test)
			if testing.Verbose() {
				var one Scorer
				one.Add(c.gold, test)
				r := one.Result()
				t.Logf("%s, %s: strict F1 %.3f lax %.3f", tt.name, c.name, r.F1Strict, r.F1Lax)
			}
		}
		r := sc.Result()
		t.Logf("%s: strict P %.3f R %.3f F1 %.3f, lax F1 %.3f", tt.name, r.PrecisionStrict, r.RecallStrict, r.F1Strict, r.F1Lax)
		if r.F1Strict < 0.95 {
			t.Errorf("%s: strict F1 %.3f < 0.95", tt.name, r.F1Strict)
		}
	}
}

// ExampleSentences shows the sentences of a paragraph.
func ExampleSentences() {
	d, _ := corpus.Parse("a.txt", []byte("Dr. Rahimi arrived on Monday. He met the minister.\n"))
	for _, s := range Sentences(d, 0) {
		fmt.Printf("%d.%d %q\n", s.Para, s.Index, s.Text(d))
	}
	// Output:
	// 0.0 "Dr. Rahimi arrived on Monday."
	// 0.1 "He met the minister."
}

// joinCases makes one document pair of every case, copies times over,
// with the sentence gold and the gold paragraph beads renumbered.
func joinCases(cases []sentenceCase, copies int) (fa, en *corpus.Document, paras, gold []Bead) {
	fa = &corpus.Document{ID: "fa", Lang: corpus.LangFA}
	en = &corpus.Document{ID: "en", Lang: corpus.LangEN}
	var sentA, sentB int
	for range copies {
		for _, c := range cases {
			pa, pb := len(fa.Paragraphs), len(en.Paragraphs)
			for _, p := range c.fa.Paragraphs {
				p.Index = len(fa.Paragraphs)
				fa.Paragraphs = append(fa.Paragraphs, p)
			}
			for _, p := range c.en.Paragraphs {
				p.Index = len(en.Paragraphs)
				en.Paragraphs = append(en.Paragraphs, p)
			}
			for _, b := range c.paras {
				paras = append(paras, Bead{A: shift(b.A, pa), B: shift(b.B, pb), Score: 1})
			}
			for _, g := range c.gold {
				gold = append(gold, Bead{A: shift(g.A, sentA), B: shift(g.B, sentB)})
			}
			_, na := sentenceNumbers(c.fa)
			_, nb := sentenceNumbers(c.en)
			sentA += na
			sentB += nb
		}
	}
	return fa, en, paras, gold
}

// TestSentencesLongBead aligns the sentences of the fixtures, repeated,
// as one paragraph bead too big to search whole: it takes the coarse-to-
// fine path and must do about as well as inside the gold paragraphs.
func TestSentencesLongBead(t *testing.T) {
	ctx := context.Background()
	al := NewAligner()
	fa, en, paras, gold := joinCases(sentenceCases(t), 3)
	var all Bead
	for _, p := range fa.Paragraphs {
		all.A = append(all.A, p.Index)
	}
	for _, p := range en.Paragraphs {
		all.B = append(all.B, p.Index)
	}
	all.Score = 1
	_, na := sentenceNumbers(fa)
	_, nb := sentenceNumbers(en)
	if (na+1)*(nb+1) <= blockLimit {
		t.Fatalf("%d×%d sentences fit in one block; the test needs more", na, nb)
	}
	f1 := func(beads []Bead) float64 {
		sbs, err := al.AlignSentences(ctx, fa, en, beads, Translation, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSentenceBeads(t, "joined", sbs, beads, fa, en)
		var sc Scorer
		sc.Add(gold, globalBeads(sbs, fa, en))
		return sc.Result().F1Strict
	}
	one, many := f1([]Bead{all}), f1(paras)
	t.Logf("%d×%d sentences: one bead strict F1 %.3f, inside the gold paragraph beads %.3f", na, nb, one, many)
	if one < 0.9 || one < many-0.08 {
		t.Errorf("one long bead: strict F1 %.3f, want ≥ 0.9 and near %.3f", one, many)
	}
}

// TestSentencesOfLines checks that two sentence-per-line documents keep
// their paragraph beads as sentence beads, and that beads out of order
// and fixed beads are aligned inside like any other.
func TestSentencesOfLines(t *testing.T) {
	ctx := context.Background()
	al := NewAligner()
	a, err := corpus.ParseLines("a", []byte("One. Two.\nThree.\n\nFour.\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := corpus.ParseLines("b", []byte("Un. Deux.\nTrois.\n\nQuatre.\n"))
	if err != nil {
		t.Fatal(err)
	}
	beads := []Bead{{A: []int{0, 1}, B: []int{0}, Score: 0.8}, {A: []int{3}, B: []int{1, 3}, Score: 0.9, Moved: true}}
	sbs, err := al.AlignSentences(ctx, a, b, beads, Translation, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sbs) != 2 || len(sbs[0].A) != 2 || len(sbs[0].B) != 1 || sbs[0].A[0].Text(a) != "One. Two." || sbs[1].Score != 0.9 || !sbs[1].Moved {
		t.Errorf("sentence beads of lines: %+v", sbs)
	}

	c := sentenceCases(t)[0]
	beads = slices.Clone(c.paras)
	for i := range beads {
		if beads[i].Linked() {
			beads[i].Moved, beads[i].Corrected = true, true
			break
		}
	}
	sbs, err = al.AlignSentences(ctx, c.fa, c.en, beads, Translation, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkSentenceBeads(t, c.name, sbs, beads, c.fa, c.en)
	var sc Scorer
	sc.Add(c.gold, globalBeads(sbs, c.fa, c.en))
	if r := sc.Result(); r.F1Strict < 0.95 {
		t.Errorf("%s with a moved, corrected bead: strict F1 %.3f", c.name, r.F1Strict)
	}
	if !sbs[0].Moved && beads[sbs[0].Bead].Moved {
		t.Error("a sentence bead of a moved paragraph bead is not marked moved")
	}
}

// TestSentenceCalibration measures how well sentence links' scores (their
// paragraph link's score times their own) say how often they are right,
// over the translation fixtures aligned end to end with a learned
// lexicon.
func TestSentenceCalibration(t *testing.T) {
	ctx := context.Background()
	al := NewAligner()
	cases := sentenceCases(t)
	lex := learnFixtures(t, al, cases)
	var scores []float64
	var right []bool
	for _, c := range cases {
		beads, kind, err := al.AlignAs(ctx, c.fa, c.en, "")
		if err != nil {
			t.Fatal(err)
		}
		sbs, err := al.AlignSentences(ctx, c.fa, c.en, beads, kind, lex)
		if err != nil {
			t.Fatal(err)
		}
		gold := map[string]bool{}
		for _, g := range c.gold {
			gold[g.String()] = true
		}
		for _, b := range globalBeads(sbs, c.fa, c.en) {
			if b.Linked() {
				scores = append(scores, b.Score)
				right = append(right, gold[b.String()])
			}
		}
	}
	mean, hits := 0.0, 0
	for i, s := range scores {
		mean += s
		if right[i] {
			hits++
		}
	}
	e := ece(scores, right)
	t.Logf("%d sentence links: mean score %.3f, right %.3f; expected calibration error %.3f", len(scores), mean/float64(len(scores)), float64(hits)/float64(len(scores)), e)
	if e > 0.05 {
		t.Errorf("expected calibration error %.3f > 0.05", e)
	}
}

// TestAlignBoth checks that AlignBoth, which finds anchors once for both
// passes, aligns as its steps do one by one.
func TestAlignBoth(t *testing.T) {
	ctx := context.Background()
	al := NewAligner()
	for _, c := range sentenceCases(t)[:3] {
		got, err := al.AlignBoth(ctx, c.fa, c.en, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		beads, kind, err := al.AlignAs(ctx, c.fa, c.en, "")
		if err != nil {
			t.Fatal(err)
		}
		first, err := al.AlignSentences(ctx, c.fa, c.en, beads, kind, nil)
		if err != nil {
			t.Fatal(err)
		}
		lex, err := lexicon.Learn(ctx, SentencePairs(c.fa, c.en, first, MinLearnScore), lexicon.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if lex.Len() == 0 || got.Lexicon == nil || got.Lexicon.Len() != lex.Len() {
			t.Fatalf("%s: lexicon of %d entries, one by one %d", c.name, got.Lexicon.Len(), lex.Len())
		}
		if beads, err = al.Realign(ctx, c.fa, c.en, beads, kind, lex); err != nil {
			t.Fatal(err)
		}
		want, err := al.AlignSentences(ctx, c.fa, c.en, beads, kind, lex)
		if err != nil {
			t.Fatal(err)
		}
		g, w := globalBeads(got.Sentences, c.fa, c.en), globalBeads(want, c.fa, c.en)
		if !slices.EqualFunc(g, w, func(x, y Bead) bool { return x.String() == y.String() && math.Abs(x.Score-y.Score) < 1e-9 }) {
			t.Errorf("%s: AlignBoth %v, one by one %v", c.name, g, w)
		}
		if got.Kind != kind || !slices.EqualFunc(got.Beads, beads, func(x, y Bead) bool { return x.String() == y.String() }) {
			t.Errorf("%s: AlignBoth's paragraph beads differ", c.name)
		}
	}
}

// FuzzAlignSentences aligns the sentences of two texts of any content,
// as one paragraph bead or as their paragraphs one to one, and checks
// that every sentence is in exactly one bead of its own paragraph bead.
func FuzzAlignSentences(f *testing.F) {
	f.Add("وزیر وارد شد. او گفت: «۱۲۰ کشور.» پایان!\n\nدوم.", "The minister arrived. He said: \"120 countries.\" End!\n\nSecond.")
	f.Add("Dr. A. B. went... on. U.S. No. 5.", "…!!??. ..")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, fa, en string) {
		a, err := corpus.Parse("fa.txt", []byte(fa))
		if err != nil {
			return
		}
		b, err := corpus.Parse("en.txt", []byte(en))
		if err != nil {
			return
		}
		var all Bead
		for _, p := range a.AlignedParagraphs() {
			all.A = append(all.A, p.Index)
		}
		for _, p := range b.AlignedParagraphs() {
			all.B = append(all.B, p.Index)
		}
		all.Score = 1
		var pairs []Bead
		for i := 0; i < max(len(all.A), len(all.B)); i++ {
			bd := Bead{A: []int{}, B: []int{}, Score: 0.9}
			if i < len(all.A) {
				bd.A = []int{all.A[i]}
			}
			if i < len(all.B) {
				bd.B = []int{all.B[i]}
			}
			pairs = append(pairs, bd)
		}
		al := NewAligner()
		for _, beads := range [][]Bead{{all}, pairs} {
			sbs, err := al.AlignSentences(context.Background(), a, b, beads, Translation, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkSentenceBeads(t, "fuzz", sbs, beads, a, b)
		}
	})
}
