package align

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hamta/corpus"
)

// TestPremadePairs: each memory becomes one translation pair (per pair of
// documents it names) whose beads are its units; the memory's documents
// are paired with nothing else, and the plain documents still pair by
// evidence.
func TestPremadePairs(t *testing.T) {
	c, err := corpus.LoadDir(context.Background(), "../testdata/formats/memory", corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sample, err := corpus.LoadDir(context.Background(), "../testdata/corpus", corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs := append(append([]*corpus.Document{}, c.Docs...), sample.Docs...)
	pairs, err := NewAligner().Pair(context.Background(), docs, nil, DefaultPairOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	premade := 0
	for _, p := range pairs {
		fa := c.Doc(p.FA)
		if fa == nil {
			if strings.Contains(p.FA, "/") || strings.Contains(p.EN, "/") {
				t.Errorf("a memory's document paired by evidence: %s %s", p.FA, p.EN)
			}
			continue
		}
		premade++
		if fa.Premade == nil || p.EN != fa.Premade.EN || p.Kind != Translation || p.Score != 1 {
			t.Errorf("pair %s %s: %s %.2f", p.FA, p.EN, p.Kind, p.Score)
			continue
		}
		if len(p.Beads) != len(fa.Premade.Units) {
			t.Errorf("%s: %d beads for %d units", p.FA, len(p.Beads), len(fa.Premade.Units))
		}
		for i, u := range fa.Premade.Units {
			b := p.Beads[i]
			if fmt.Sprint(b.A, b.B) != fmt.Sprint(u.FA, u.EN) || b.Score != u.Score {
				t.Errorf("%s bead %d = %v, unit %+v", p.FA, i, b, u)
			}
		}
	}
	// diplomacy.tsv, economy.tmx, health.xlf, science.xliff, and two pairs
	// from each of hamta's exports.
	if premade != 8 {
		t.Errorf("%d pairs from memories, want 8", premade)
	}
	found := map[string]bool{}
	for _, p := range pairs {
		found[p.FA+" "+p.EN] = true
	}
	if !found["001_4458d8df9d782b8d.txt 000_b79e0ac07a66befb.txt"] {
		t.Errorf("the sample's translation is no longer paired: %v", found)
	}
	// A forbidden memory pair is not made; its documents pair like any.
	rules := []Rule{{Forbid: true, FA: "economy.tmx/fa", EN: "economy.tmx/en"}}
	pairs, err = NewAligner().Pair(context.Background(), c.Docs, rules, DefaultPairOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		if p.FA == "economy.tmx/fa" && p.EN == "economy.tmx/en" && len(p.Beads) == len(c.Doc(p.FA).Premade.Units) && p.Similarity == 1 {
			t.Errorf("forbidden memory pair made as declared")
		}
	}
}

// TestMemoryRoundTrip: the bundled corpus's pairs exported as TSV and as
// TMX and read back give the same beads: texts, scores and confirmations,
// in order; and exporting those again gives the same rows.
func TestMemoryRoundTrip(t *testing.T) {
	ctx := context.Background()
	sample, err := corpus.LoadDir(ctx, "../testdata/corpus", corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := NewAligner().Pair(ctx, sample.Docs, nil, DefaultPairOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) < 2 {
		t.Fatalf("%d pairs in the sample", len(pairs))
	}
	pairs[0].Beads[1].Confirmed = true
	var rows []Row
	for _, p := range pairs {
		rows = append(rows, Rows(sample.Doc(p.FA), sample.Doc(p.EN), p.Beads, RowOptions{Unaligned: true})...)
	}
	for _, format := range []string{"tsv", "tmx"} {
		var buf bytes.Buffer
		if format == "tsv" {
			err = WriteTSV(&buf, rows)
		} else {
			err = WriteTMX(&buf, rows, "hamta", Version)
		}
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "export."+format), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := corpus.LoadDir(ctx, dir, corpus.Options{})
		if err != nil || len(c.Problems) > 0 {
			t.Fatalf("%s: %v %v", format, err, c.Problems)
		}
		back, err := NewAligner().Pair(ctx, c.Docs, nil, DefaultPairOptions(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(back) != len(pairs) {
			t.Fatalf("%s: %d pairs back, want %d", format, len(back), len(pairs))
		}
		var again []Row
		for _, p := range back {
			again = append(again, Rows(c.Doc(p.FA), c.Doc(p.EN), p.Beads, RowOptions{Unaligned: true})...)
		}
		if len(again) != len(rows) {
			t.Fatalf("%s: %d rows back, want %d", format, len(again), len(rows))
		}
		// Pairs come back ordered by their new IDs; compare pair by pair.
		// A bead's paragraphs come back as one paragraph a side, joined
		// as the export joined them; TSV does not carry confirmation.
		byPair := func(rs []Row, name func(Row) string) map[string][]string {
			m := map[string][]string{}
			for _, r := range rs {
				confirmed := r.Confirmed && format == "tmx"
				m[name(r)] = append(m[name(r)], fmt.Sprintf("%q|%q|%.3f|%v|%v|%v", r.FAText, r.ENText, r.Score, confirmed, len(r.FAParas) > 0, len(r.ENParas) > 0))
			}
			return m
		}
		want := byPair(rows, func(r Row) string { return r.FADoc + " " + r.ENDoc })
		got := byPair(again, func(r Row) string {
			return strings.TrimPrefix(strings.TrimSuffix(c.Doc(r.FADoc).ID, "~2"), "export."+format+"/") + " " + strings.TrimPrefix(r.ENDoc, "export."+format+"/")
		})
		for k, w := range want {
			if strings.Join(got[k], "\n") != strings.Join(w, "\n") {
				t.Errorf("%s: pair %s came back as\n%s\nwant\n%s", format, k, strings.Join(got[k], "\n"), strings.Join(w, "\n"))
			}
		}
		if format == "tsv" {
			continue
		}
		var conf int
		for _, r := range again {
			if r.Confirmed {
				conf++
			}
		}
		if conf != 1 {
			t.Errorf("%s: %d confirmed rows back, want 1", format, conf)
		}
	}
}

// TestPremadeCorrections: a person's corrections of a memory's pair are
// kept and every other unit stays as the memory has it.
func TestPremadeCorrections(t *testing.T) {
	c, err := corpus.LoadDir(context.Background(), "../testdata/formats/memory", corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fa, en := c.Doc("economy.tmx/fa"), c.Doc("economy.tmx/en")
	// Units: fa 0-2 with en 0-2, then en 3 alone. Merge units 1 and 2,
	// and unlink unit 0.
	fixed := []Bead{
		{A: []int{0}, B: []int{}, Corrected: true},
		{A: []int{}, B: []int{0}, Corrected: true},
		{A: []int{1, 2}, B: []int{1, 2}, Corrected: true},
	}
	beads, err := NewAligner().AlignDocsFixed(context.Background(), fa, en, fixed)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range beads {
		got = append(got, b.String())
	}
	if want := "[0]:[] []:[0] [1, 2]:[1, 2] []:[3]"; strings.Join(got, " ") != want {
		t.Errorf("beads %s, want %s", strings.Join(got, " "), want)
	}
	// A correction that takes one side of a unit leaves the other alone.
	beads, err = NewAligner().AlignDocsFixed(context.Background(), fa, en, []Bead{{A: []int{1}, B: []int{1, 2}, Corrected: true}})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, b := range beads {
		got = append(got, b.String())
	}
	if want := "[0]:[0] [1]:[1, 2] [2]:[] []:[3]"; strings.Join(got, " ") != want {
		t.Errorf("beads %s, want %s", strings.Join(got, " "), want)
	}
}
