package align

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hamta/corpus"
)

// synthPair makes a parallel text of n segments: side B translates side A
// with length ratio 1.2 and noise, with some segments merged, split,
// dropped or added, and anchors (numbers, names) mostly kept. It returns
// the gold beads.
func synthPair(n int, seed uint64) (a, b []Segment, gold []Bead) {
	r := rand.New(rand.NewPCG(seed, 7))
	feat := func() Feature {
		if r.IntN(2) == 0 {
			return Feature{Key: "#" + strconv.Itoa(r.IntN(5000)), Kind: AnchorNumber}
		}
		return Feature{Key: "~n" + strconv.Itoa(r.IntN(20000)), Kind: AnchorName}
	}
	para := func() Segment {
		s := Segment{Len: 40 + int(r.ExpFloat64()*200)}
		for range r.IntN(4) {
			s.Feats = append(s.Feats, feat())
		}
		return s
	}
	translate := func(src []Segment) Segment {
		t := Segment{}
		for _, s := range src {
			t.Len += int(float64(s.Len)*1.2 + r.NormFloat64()*3*float64(s.Len)/40)
			for _, f := range s.Feats {
				if r.Float64() < 0.85 {
					t.Feats = append(t.Feats, f)
				}
			}
		}
		t.Len = max(t.Len, 5)
		return t
	}
	for len(a) < n {
		switch x := r.Float64(); {
		case x < 0.80: // 1-1
			s := para()
			gold = append(gold, Bead{A: []int{len(a)}, B: []int{len(b)}})
			a, b = append(a, s), append(b, translate([]Segment{s}))
		case x < 0.86: // 2-1
			s1, s2 := para(), para()
			gold = append(gold, Bead{A: []int{len(a), len(a) + 1}, B: []int{len(b)}})
			a, b = append(a, s1, s2), append(b, translate([]Segment{s1, s2}))
		case x < 0.92: // 1-2: split the translation in two
			s := para()
			t := translate([]Segment{s})
			t1 := Segment{Len: max(1, t.Len/2), Feats: t.Feats[:len(t.Feats)/2]}
			t2 := Segment{Len: max(1, t.Len-t.Len/2), Feats: t.Feats[len(t.Feats)/2:]}
			gold = append(gold, Bead{A: []int{len(a)}, B: []int{len(b), len(b) + 1}})
			a, b = append(a, s), append(b, t1, t2)
		case x < 0.96: // 1-0
			gold = append(gold, Bead{A: []int{len(a)}, B: []int{}})
			a = append(a, para())
		default: // 0-1
			gold = append(gold, Bead{A: []int{}, B: []int{len(b)}})
			b = append(b, para())
		}
	}
	return a, b, gold
}

func TestSyntheticQuality(t *testing.T) {
	for _, n := range []int{200, 5000} {
		a, b, gold := synthPair(n, 1)
		beads, err := AlignSegments(context.Background(), a, b, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		checkCovers(t, beads, len(a), len(b))
		var sc Scorer
		sc.Add(gold, beads)
		r := sc.Result()
		t.Logf("synthetic %d: strict F1 %.3f lax %.3f", n, r.F1Strict, r.F1Lax)
		if r.F1Strict < 0.85 {
			t.Errorf("synthetic %d: strict F1 %.3f < 0.85", n, r.F1Strict)
		}
	}
}

// checkCovers fails unless the beads cover every segment of both sides
// exactly once, the beads not marked Moved in order on both sides and
// every bead in order on side A.
func checkCovers(t testing.TB, beads []Bead, n, m int) {
	t.Helper()
	seenA, seenB := make([]bool, n), make([]bool, m)
	i, j := 0, 0 // where the in-order beads so far end
	lastA := -1
	for _, b := range beads {
		for _, x := range b.A {
			if x < 0 || x >= n || seenA[x] {
				t.Fatalf("bead %s: A index %d out of range or seen before", b, x)
			}
			seenA[x] = true
		}
		for _, y := range b.B {
			if y < 0 || y >= m || seenB[y] {
				t.Fatalf("bead %s: B index %d out of range or seen before", b, y)
			}
			seenB[y] = true
		}
		if len(b.A) > 0 {
			if b.A[0] <= lastA {
				t.Fatalf("bead %s: not in order on side A", b)
			}
			lastA = b.A[len(b.A)-1]
		}
		if !b.Moved {
			if len(b.A) > 0 && b.A[0] < i || len(b.B) > 0 && b.B[0] < j {
				t.Fatalf("bead %s: not in order, and not marked moved", b)
			}
			if len(b.A) > 0 {
				i = b.A[len(b.A)-1] + 1
			}
			if len(b.B) > 0 {
				j = b.B[len(b.B)-1] + 1
			}
		} else if !b.Linked() {
			t.Fatalf("bead %s: moved but not a link", b)
		}
		if b.Score < 0 || b.Score > 1 {
			t.Fatalf("bead %s: score %v", b, b.Score)
		}
	}
	for x, ok := range seenA {
		if !ok {
			t.Fatalf("A segment %d in no bead", x)
		}
	}
	for y, ok := range seenB {
		if !ok {
			t.Fatalf("B segment %d in no bead", y)
		}
	}
}

func benchmarkAlign(b *testing.B, n int) { benchmarkAlignWith(b, n, DefaultOptions()) }

func benchmarkAlignWith(b *testing.B, n int, opt Options) {
	x, y, _ := synthPair(n, 2)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := AlignSegments(context.Background(), x, y, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(x)), "paragraphs")
}

func BenchmarkAlign1k(b *testing.B)   { benchmarkAlign(b, 1000) }
func BenchmarkAlign10k(b *testing.B)  { benchmarkAlign(b, 10000) }
func BenchmarkAlign45k(b *testing.B)  { benchmarkAlign(b, 45000) }
func BenchmarkAlign100k(b *testing.B) { benchmarkAlign(b, 100000) }

// BenchmarkAlignLines45k aligns as two sentence-per-line documents are
// aligned: with the shapes of sentence links too.
func BenchmarkAlignLines45k(b *testing.B) {
	benchmarkAlignWith(b, 45000, DefaultOptions().withSentenceShapes())
}

func ExampleAlignSegments() {
	a := []Segment{{Len: 100}, {Len: 40}, {Len: 200, Feats: []Feature{{Key: "#120", Kind: AnchorNumber}}}}
	b := []Segment{{Len: 120}, {Len: 50}, {Len: 240, Feats: []Feature{{Key: "#120", Kind: AnchorNumber}}}}
	beads, _ := AlignSegments(context.Background(), a, b, DefaultOptions())
	for _, bd := range beads {
		fmt.Println(bd)
	}
	// Output:
	// [0]:[0]
	// [1]:[1]
	// [2]:[2]
}

// realisticPair builds a Persian and an English document of about n
// paragraphs each by repeating the translation fixtures, numbers changed in
// each copy so that copies differ, as a long book-length pair. It returns
// the gold beads too.
func realisticPair(t testing.TB, n int) (fa, en *corpus.Document, gold []Bead) {
	return repeatedPair(t, n, "translation")
}

// repeatedPair repeats the fixtures of one kind to about n paragraphs.
func repeatedPair(t testing.TB, n int, kind string) (fa, en *corpus.Document, gold []Bead) {
	var faParas, enParas []corpus.Paragraph
	for copyNo := 0; len(faParas) < n; copyNo++ {
		for _, fx := range fixtures(t) {
			if fx.kind != kind || strings.HasPrefix(fx.name, "sample") {
				continue
			}
			a, b := readDoc(t, fx.fa), readDoc(t, fx.en)
			offA, offB := len(faParas), len(enParas)
			for _, g := range readGold(t, fx.gold) {
				bd := Bead{A: []int{}, B: []int{}}
				for _, x := range g.A {
					bd.A = append(bd.A, x+offA)
				}
				for _, y := range g.B {
					bd.B = append(bd.B, y+offB)
				}
				gold = append(gold, bd)
			}
			suffix := " " + strconv.Itoa(copyNo)
			for _, p := range a.Paragraphs {
				p.Index = len(faParas)
				p.Text += suffix
				faParas = append(faParas, p)
			}
			for _, p := range b.Paragraphs {
				p.Index = len(enParas)
				p.Text += suffix
				enParas = append(enParas, p)
			}
		}
	}
	fa = &corpus.Document{ID: "fa", Lang: corpus.LangFA, Paragraphs: faParas}
	en = &corpus.Document{ID: "en", Lang: corpus.LangEN, Paragraphs: enParas}
	return fa, en, gold
}

// TestRealisticLong aligns a long pair of real Persian and English text,
// which takes the coarse-to-fine path, and checks it against gold: the
// long pair must be aligned about as well as its fixtures one by one, with
// its kind found from the text.
func TestRealisticLong(t *testing.T) {
	for _, tt := range []struct {
		kind PairKind
		min  float64 // least strict F1
		loss float64 // most strict F1 lost against the fixtures one by one
	}{
		{Translation, 0.95, 0.02},
		// An out-of-order link among thousands of paragraphs needs more
		// evidence than among a dozen: the long pair loses some of the
		// fixtures' crossing links.
		{Comparable, 0.65, 0.15},
	} {
		fa, en, gold := repeatedPair(t, 3000, string(tt.kind))
		al := NewAligner()
		beads, kind, err := al.AlignAs(context.Background(), fa, en, "")
		if err != nil {
			t.Fatal(err)
		}
		var sc, one Scorer
		sc.Add(gold, beads)
		r := sc.Result()
		for _, fx := range fixtures(t) {
			if fx.kind != string(tt.kind) || strings.HasPrefix(fx.name, "sample") {
				continue
			}
			b, _, err := al.AlignAs(context.Background(), readDoc(t, fx.fa), readDoc(t, fx.en), "")
			if err != nil {
				t.Fatal(err)
			}
			one.Add(readGold(t, fx.gold), b)
		}
		o := one.Result()
		t.Logf("%s %d×%d paragraphs, aligned as %s: strict F1 %.3f lax %.3f (fixtures one by one: %.3f)", tt.kind, len(fa.Paragraphs), len(en.Paragraphs), kind, r.F1Strict, r.F1Lax, o.F1Strict)
		if kind != tt.kind {
			t.Errorf("%s pair aligned as %s", tt.kind, kind)
		}
		if r.F1Strict < tt.min || r.F1Strict < o.F1Strict-tt.loss {
			t.Errorf("%s: strict F1 %.3f, want at least %.2f and %.3f", tt.kind, r.F1Strict, tt.min, o.F1Strict-tt.loss)
		}
	}
}

func benchmarkAlignDocs(b *testing.B, n int) {
	fa, en, _ := realisticPair(b, n)
	al := NewAligner()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := al.AlignDocs(context.Background(), fa, en); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(fa.Paragraphs)), "fa-paragraphs")
	b.ReportMetric(float64(len(en.Paragraphs)), "en-paragraphs")
}

// BenchmarkAlignDocs* align real Persian and English text end to end:
// anchor extraction and alignment.
func BenchmarkAlignDocs1k(b *testing.B)  { benchmarkAlignDocs(b, 1000) }
func BenchmarkAlignDocs10k(b *testing.B) { benchmarkAlignDocs(b, 10000) }
func BenchmarkAlignDocs45k(b *testing.B) { benchmarkAlignDocs(b, 45000) }

// TestWriteLongPair writes, with HAMTA_WRITE_LONG=DIR, the 45,000-paragraph
// pair of real text that the README's speed figures for "hamta align" are
// measured on: DIR/long.fa.txt and DIR/long.en.txt.
func TestWriteLongPair(t *testing.T) {
	dir := os.Getenv("HAMTA_WRITE_LONG")
	if dir == "" {
		t.Skip("set HAMTA_WRITE_LONG=DIR to write the long pair")
	}
	fa, en, _ := realisticPair(t, 45000)
	for _, d := range []*corpus.Document{fa, en} {
		var sb strings.Builder
		for _, p := range d.Paragraphs {
			sb.WriteString(p.Text + "\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, "long."+string(d.Lang)+".txt"), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkAlignDocs45kMoved aligns the 45,000-paragraph pair with 30% of
// its English blocks moved elsewhere, so that the out-of-order pass links
// thousands of paragraphs and realigns the rest around them.
func BenchmarkAlignDocs45kMoved(b *testing.B) {
	fa, en, gold := realisticPair(b, 45000)
	en, _ = moveBlocks(b, en, gold, "long")
	al := NewAligner()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := al.AlignDocs(context.Background(), fa, en); err != nil {
			b.Fatal(err)
		}
	}
}
