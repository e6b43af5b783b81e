package index

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hamta/align"
	"hamta/corpus"
)

// buildDocs indexes documents parsed from text, one paragraph a line,
// with no pairs.
func buildDocs(t *testing.T, docs map[string][]string) *Index {
	t.Helper()
	var ds []*corpus.Document
	for id, paras := range docs {
		d, err := corpus.ParseLines(id, []byte(strings.Join(paras, "\n")))
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	x, _, err := Sync(context.Background(), filepath.Join(t.TempDir(), "index"), ds, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// TestPersianInflections checks that every way of writing a word's
// inflections is found by every other, and that the form asked for ranks
// first.
func TestPersianInflections(t *testing.T) {
	x := buildDocs(t, map[string][]string{"fa.txt": {
		"این کتاب تازه است.",             // 0: the stem
		"کتاب‌ها روی میز بود.",           // 1: plural with a non-joiner
		"کتابهای او را خواندم.",          // 2: plural joined, with ezafe
		"کتاب ها را آوردند.",             // 3: plural after a space
		"کتاب‌هایشان گم شد.",             // 4: plural and clitic
		"دانشجویان به دانشگاه رفتند.",    // 5
		"دانشجوی دکتری گفت.",             // 6
		"خانه‌ای در شهر خریدند.",         // 7
		"خانه بزرگ بود.",                 // 8
		"بانک برای هیئت دولت گزارش داد.", // 9
		"هیات مدیره جلسه داشت.",          // 10
		"این هیأت به تهران آمد.",         // 11
	}})
	tests := []struct {
		q     string
		want  []int
		first []int // the paragraphs one of which must rank first (exact forms)
	}{
		{"کتاب", []int{0, 1, 2, 3, 4}, []int{0, 3}},
		{"کتاب‌ها", []int{0, 1, 2, 3, 4}, []int{1, 3}},
		{"کتابها", []int{0, 1, 2, 3, 4}, []int{1, 3}},
		{"کتاب ها", []int{0, 1, 2, 3, 4}, []int{1, 3}},
		{"کتابهای", []int{0, 1, 2, 3, 4}, []int{2}},
		{"دانشجو", []int{5, 6}, nil},
		{"دانشجویان", []int{5, 6}, []int{5}},
		{"خانه", []int{7, 8}, []int{8}},
		{"هیئت", []int{9, 10, 11}, nil},
		{"هیات", []int{9, 10, 11}, nil},
		{"هیأت", []int{9, 10, 11}, nil},
	}
	for _, tt := range tests {
		r := find(t, x, tt.q, Options{})
		var got []int
		for _, h := range r.Hits {
			got = append(got, h.Para)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q finds paragraphs %v, want %v", tt.q, got, tt.want)
			continue
		}
		if tt.first != nil && !slices.Contains(tt.first, r.Hits[0].Para) {
			t.Errorf("%q ranks paragraph %d first, want one of %v (the exact form)", tt.q, r.Hits[0].Para, tt.first)
		}
	}
	// Highlights cover the inflected word, whole.
	for _, h := range find(t, x, "کتاب", Options{}).Hits {
		if len(h.Highlights) == 0 {
			t.Errorf("paragraph %d: no highlight", h.Para)
			continue
		}
		w := string([]rune(h.Text)[h.Highlights[0].Start:h.Highlights[0].End])
		if !strings.HasPrefix(corpus.Fold(w), "کتاب") {
			t.Errorf("paragraph %d: highlight %q", h.Para, w)
		}
	}
}

// TestEnglishExactFirst checks that English inflections meet through their
// stem, the exact form first, and that a hyphenated name matches its
// joined spelling.
func TestEnglishExactFirst(t *testing.T) {
	x := buildDocs(t, map[string][]string{"en.txt": {
		"The negotiations ended.",          // 0
		"They will negotiate again.",       // 1
		"A negotiation is planned.",        // 2
		"Amir-Abdollahian met Haniyeh.",    // 3
		"Amirabdollahian spoke in Doha.",   // 4
		"The talks were about the border.", // 5
	}})
	r := find(t, x, "negotiations", Options{})
	if len(r.Hits) != 3 || r.Hits[0].Para != 0 {
		t.Errorf("negotiations: %d hits, first %d", len(r.Hits), r.Hits[0].Para)
	}
	for _, q := range []string{"Amirabdollahian", "Amir-Abdollahian"} {
		r := find(t, x, q, Options{})
		var got []int
		for _, h := range r.Hits {
			got = append(got, h.Para)
		}
		slices.Sort(got)
		if !slices.Equal(got, []int{3, 4}) {
			t.Errorf("%q finds %v, want [3 4]", q, got)
		}
	}
	_, err := x.Search(context.Background(), "the of and", Options{})
	if !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), "common words") {
		t.Errorf("a query of stopwords: %v", err)
	}
	if r := find(t, x, "the border", Options{}); len(r.Hits) != 1 {
		t.Errorf("the border: %d hits, want 1 (the stopword is ignored)", len(r.Hits))
	}
}

// TestDirectHitsFirst checks that a query's own words rank above hits
// found through a translation, and that hits of one bead make one row.
func TestDirectHitsFirst(t *testing.T) {
	x := buildSample(t)
	for _, tt := range []struct {
		q    string
		lang corpus.Lang
	}{{"هنیه", corpus.LangFA}, {"Haniyeh", corpus.LangEN}} {
		r := find(t, x, tt.q, Options{})
		viaSeen := false
		for i, h := range r.Hits {
			if h.Via != "" {
				viaSeen = true
				continue
			}
			if viaSeen {
				t.Errorf("%q: row %d matches directly after a row found through a translation", tt.q, i)
			}
			if h.Lang != tt.lang {
				t.Errorf("%q: direct row %d in %s", tt.q, i, h.Lang)
			}
		}
		if r.Hits[0].Lang != tt.lang || r.Hits[0].Via != "" {
			t.Errorf("%q: first row %s via %q", tt.q, r.Hits[0].Lang, r.Hits[0].Via)
		}
		// One row per bead; a counterpart that matched is highlighted.
		beads := map[string]bool{}
		lit := 0
		named := false
		for _, h := range r.Hits {
			if beads[h.bead] {
				t.Errorf("%q: two rows for bead %s", tt.q, h.bead)
			}
			beads[h.bead] = true
			if c := h.Counterpart; c != nil && len(c.Highlights) > 0 {
				lit++
				rs := []rune(c.Text)
				for _, sp := range c.Highlights {
					if sp.Start < 0 || sp.End > len(rs) || sp.Start >= sp.End {
						t.Fatalf("%q: counterpart highlight %v out of %d runes", tt.q, sp, len(rs))
					}
					w := corpus.Fold(string(rs[sp.Start:sp.End]))
					if strings.TrimSpace(w) != w || w == "" {
						t.Errorf("%q: counterpart highlight %q is not a word", tt.q, w)
					}
					named = named || strings.Contains(w, "هنیه") || strings.Contains(w, "haniy")
				}
			}
		}
		if lit == 0 || !named {
			t.Errorf("%q: no row shows its counterpart's match (%d rows lit)", tt.q, lit)
		}
	}
}

// TestCompoundsAcrossLanguages checks that the spaced, joined and
// non-joiner forms of a compound find the same rows, the English ones
// through translation included.
func TestCompoundsAcrossLanguages(t *testing.T) {
	x := buildSample(t)
	rows := func(q string) []string {
		var out []string
		for _, h := range find(t, x, q, Options{}).Hits {
			out = append(out, h.bead)
		}
		slices.Sort(out)
		return out
	}
	want := rows("آتشبس")
	en := 0
	for _, h := range find(t, x, "آتشبس", Options{Lang: corpus.LangEN}).Hits {
		if h.Via != "" {
			en++
		}
	}
	if en == 0 {
		t.Fatal("آتشبس finds no English paragraph through its translation")
	}
	for _, q := range []string{"آتش بس", "آتش‌بس", "آتش بس"} {
		if got := rows(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %d rows, آتشبس %d", q, len(got), len(want))
		}
	}
}

// TestBeadParas checks that a hit names its side of the bead.
func TestBeadParas(t *testing.T) {
	x := buildSample(t)
	_, pairs := sample()
	own := map[string][]int{}
	for _, p := range pairs {
		for _, b := range p.Beads {
			for _, i := range b.A {
				if _, ok := own[paraID(p.FA, i)]; !ok && b.Linked() && p.Kind == align.Translation {
					own[paraID(p.FA, i)] = b.A
				}
			}
		}
	}
	for _, h := range find(t, x, "حماس", Options{Lang: corpus.LangFA}).Hits {
		if want, ok := own[paraID(h.Doc, h.Para)]; ok && !slices.Equal(h.BeadParas, want) {
			t.Errorf("%s#%d: bead paragraphs %v, want %v", h.Doc, h.Para, h.BeadParas, want)
		}
	}
}
