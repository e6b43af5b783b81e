package align

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hamta/corpus"
)

// fixture is a Persian–English pair with gold paragraph alignment.
type fixture struct {
	name   string
	fa, en string // file paths
	gold   string
	kind   string // translation or comparable
}

func fixtures(t testing.TB) []fixture {
	var out []fixture
	golds, err := filepath.Glob("../testdata/align/*.gold")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range golds {
		name := strings.TrimSuffix(filepath.Base(g), ".gold")
		base := strings.TrimSuffix(g, ".gold")
		out = append(out, fixture{name: name, fa: base + ".fa.txt", en: base + ".en.txt", gold: g, kind: goldKind(t, g)})
	}
	// Gold for the sample corpus names its files and kind in comments.
	samples, err := filepath.Glob("../testdata/gold/*.gold")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range samples {
		raw, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		fx := fixture{name: "sample " + strings.TrimSuffix(filepath.Base(g), ".gold"), gold: g}
		for _, line := range strings.Split(string(raw), "\n") {
			k, v, ok := strings.Cut(strings.TrimPrefix(line, "# "), ": ")
			if !ok || !strings.HasPrefix(line, "# ") {
				continue
			}
			v = strings.Fields(v)[0]
			switch k {
			case "fa":
				fx.fa = filepath.Join("..", "testdata", v)
			case "en":
				fx.en = filepath.Join("..", "testdata", v)
			case "kind":
				fx.kind = v
			}
		}
		if fx.fa == "" || fx.en == "" || fx.kind == "" {
			t.Fatalf("%s: header lacks fa, en or kind", g)
		}
		out = append(out, fx)
	}
	return out
}

// goldKind reads the kind of a written fixture from its gold file's
// "# kind: comparable" header; without one it is a translation.
func goldKind(t testing.TB, path string) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "# kind: "); ok {
			return strings.TrimSpace(v)
		}
	}
	return "translation"
}

func readDoc(t testing.TB, path string) *corpus.Document {
	t.Helper()
	d, err := corpus.ReadFile(path, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func readGold(t testing.TB, path string) []Bead {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := ReadBeads(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return g
}

// scoreFixtures aligns every fixture whose kind matches and returns the
// summed score.
func scoreFixtures(t testing.TB, al *Aligner, kind string, transform func(string) string) Score {
	var sc Scorer
	for _, fx := range fixtures(t) {
		// The sample Persian is already PDF text: damaging it again is no
		// test of anything.
		if fx.kind != kind || transform != nil && strings.HasPrefix(fx.name, "sample") {
			continue
		}
		fa, en := readDoc(t, fx.fa), readDoc(t, fx.en)
		if transform != nil {
			raw, err := os.ReadFile(fx.fa)
			if err != nil {
				t.Fatal(err)
			}
			if fa, err = corpus.Parse(fx.fa, []byte(transform(string(raw)))); err != nil {
				t.Fatal(err)
			}
		}
		beads, err := al.AlignDocs(context.Background(), fa, en)
		if err != nil {
			t.Fatal(err)
		}
		gold := readGold(t, fx.gold)
		sc.Add(gold, beads)
		if os.Getenv("HAMTA_VERBOSE") != "" {
			var one Scorer
			one.Add(gold, beads)
			r := one.Result()
			fmt.Printf("%-12s strict F1 %.3f lax %.3f\n", fx.name, r.F1Strict, r.F1Lax)
			g := map[string]bool{}
			for _, b := range gold {
				g[b.String()] = true
			}
			for _, b := range beads {
				if !g[b.String()] {
					fmt.Printf("    wrong %-14s score %.2f anchors %v\n", b, b.Score, b.Anchors)
				}
			}
		}
	}
	return sc.Result()
}

func TestFixturesTranslation(t *testing.T) {
	r := scoreFixtures(t, NewAligner(), "translation", nil)
	t.Logf("translations:\n%s", r)
	if r.F1Strict < 0.90 {
		t.Errorf("strict F1 %.3f < 0.90", r.F1Strict)
	}
}

// TestFixturesComparable aligns the same-event pairs as hamta align does
// (kind found from the text, no corpus to weigh anchors by; see
// TestTargets for the pairs as pairing aligns them).
func TestFixturesComparable(t *testing.T) {
	r := scoreFixtures(t, NewAligner(), "comparable", nil)
	t.Logf("comparable:\n%s", r)
	if r.F1Strict < 0.80 {
		t.Errorf("strict F1 %.3f < 0.80", r.F1Strict)
	}
}

// pdfBroken damages Persian text the way PDF extraction and legacy
// keyboards do: no ZWNJ, Arabic yeh and kaf, Arabic-Indic digits, lines
// hard-wrapped near 100 characters and blank lines inside sentences.
func pdfBroken(text string) string {
	text = strings.NewReplacer("\u200c", "", "ی", "ي", "ک", "ك", "۱", "١", "۲", "٢", "۵", "٥").Replace(text)
	var b strings.Builder
	for pi, para := range strings.Split(text, "\n\n") {
		lines := wrapWords(strings.TrimSpace(para), 98)
		for li, l := range lines {
			b.WriteString(l + "\n")
			if li < len(lines)-1 && (pi+li)%3 == 1 && !strings.ContainsAny(lastRune(l), ".:!?؟»)\"") {
				b.WriteString("\n")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func lastRune(s string) string {
	r := []rune(s)
	return string(r[len(r)-1:])
}

func wrapWords(s string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && len([]rune(cur))+1+len([]rune(w)) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// TestFixturesPDFBroken aligns the translations with their Persian side
// damaged as by PDF extraction; the target is strict F1 ≥ 0.98.
func TestFixturesPDFBroken(t *testing.T) {
	r := scoreFixtures(t, NewAligner(), "translation", pdfBroken)
	t.Logf("translations, Persian PDF-broken:\n%s", r)
	if r.F1Strict < 0.98 {
		t.Errorf("strict F1 %.3f < 0.98", r.F1Strict)
	}
}

// TestAlignDocsFixed keeps a person's beads, even against the model, and
// aligns around them.
func TestAlignDocsFixed(t *testing.T) {
	fa := readDoc(t, "../testdata/align/diplomacy.fa.txt")
	en := readDoc(t, "../testdata/align/diplomacy.en.txt")
	gold := readGold(t, "../testdata/align/diplomacy.gold")
	fixed := []Bead{
		{A: []int{1}, B: []int{}, Corrected: true}, // an unlink the model would not make
		{A: []int{}, B: []int{1}, Corrected: true},
		{A: []int{6}, B: []int{7}, Confirmed: true},
	}
	beads, err := NewAligner().AlignDocsFixed(context.Background(), fa, en, fixed)
	if err != nil {
		t.Fatal(err)
	}
	checkCovers(t, beads, len(fa.Paragraphs), len(en.Paragraphs))
	keep := map[string]bool{}
	for _, b := range beads {
		if b.Fixed() {
			keep[b.String()] = true
		}
	}
	for _, f := range fixed {
		if !keep[f.String()] {
			t.Errorf("fixed bead %s lost: %v", f, beads)
		}
	}
	// Away from the edits the alignment is still right.
	var sc Scorer
	sc.Add(gold[2:], beads[3:])
	if r := sc.Result(); r.F1Strict < 0.9 {
		t.Errorf("alignment around fixed beads: F1 %.3f\n%v", r.F1Strict, beads)
	}
	if _, err := NewAligner().AlignDocsFixed(context.Background(), fa, en, []Bead{{A: []int{5}, B: []int{5}}, {A: []int{5}, B: []int{6}}}); err == nil {
		t.Error("fixed beads sharing a paragraph accepted")
	}
}

// TestAlignDocsFixedOutOfOrder keeps fixed beads that cross each other:
// the most of them in order anchor the alignment, the others stay as
// moved links; and the links the model itself moves stay too.
func TestAlignDocsFixedOutOfOrder(t *testing.T) {
	var moved qualityCase
	for _, c := range qualityCases(t) {
		if c.group == "moved" && c.name == "economy/1" {
			moved = c
		}
	}
	if moved.fa == nil {
		t.Fatal("no moved case economy/1")
	}
	// A person links paragraphs 2 and 3 of the Persian crosswise with 3
	// and 2 of the English, and confirms the link before them.
	fixed := []Bead{
		{A: []int{2}, B: []int{3}, Corrected: true},
		{A: []int{3}, B: []int{2}, Corrected: true},
		{A: []int{1}, B: []int{1}, Confirmed: true},
	}
	al := NewAligner()
	beads, err := al.AlignDocsFixed(context.Background(), moved.fa, moved.en, fixed)
	if err != nil {
		t.Fatal(err)
	}
	checkCovers(t, beads, len(moved.fa.Paragraphs), len(moved.en.Paragraphs))
	got := map[string]Bead{}
	for _, b := range beads {
		got[b.String()] = b
	}
	for _, f := range fixed {
		b, ok := got[f.String()]
		if !ok || b.Confirmed != f.Confirmed || b.Corrected != f.Corrected || b.Score != 1 {
			t.Errorf("fixed bead %s lost or changed: %+v", f, b)
		}
	}
	movedFixed := 0
	for _, f := range fixed {
		if got[f.String()].Moved {
			movedFixed++
		}
	}
	if movedFixed != 1 {
		t.Errorf("%d of the crossing fixed beads marked moved, want 1", movedFixed)
	}
	// The model's own out-of-order links away from the edits survive.
	plain, err := al.AlignDocs(context.Background(), moved.fa, moved.en)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range plain {
		if !b.Moved || b.A[0] <= 3 || b.B[0] <= 3 {
			continue
		}
		if g, ok := got[b.String()]; !ok || !g.Moved {
			t.Errorf("moved link %s lost around the fixed beads", b)
		}
	}
}

// TestGoldCoversEveryParagraph checks the written gold: every paragraph of
// both sides that takes part in alignment is in exactly one bead, and the
// paragraphs of a bead are consecutive.
func TestGoldCoversEveryParagraph(t *testing.T) {
	for _, fx := range fixtures(t) {
		fa, en := readDoc(t, fx.fa), readDoc(t, fx.en)
		seen := [2]map[int]int{{}, {}}
		for _, b := range readGold(t, fx.gold) {
			for s, idx := range [][]int{b.A, b.B} {
				for k, x := range idx {
					seen[s][x]++
					if k > 0 && x != idx[k-1]+1 {
						t.Errorf("%s: bead %s not consecutive", fx.name, b)
					}
				}
			}
		}
		for s, d := range []*corpus.Document{fa, en} {
			for _, p := range d.Paragraphs {
				if n := seen[s][p.Index]; p.Aligned() && n != 1 || !p.Aligned() && n != 0 {
					t.Errorf("%s: %s paragraph %d in %d gold beads", fx.name, d.ID, p.Index, n)
				}
			}
		}
	}
}
