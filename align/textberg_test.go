package align

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"hamta/corpus"
)

// textbergDocs reads the German and French of Text+Berg documents as
// sentence-per-line documents, with their gold.
func textbergDocs(t testing.TB, names []string) (de, fr []*corpus.Document, gold [][]Bead) {
	for _, name := range names {
		base := filepath.Join(benchDir(), name)
		a, err := corpus.ReadFileLines(base+".de", corpus.Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := corpus.ReadFileLines(base+".fr", corpus.Options{})
		if err != nil {
			t.Fatal(err)
		}
		de, fr, gold = append(de, a), append(fr, b), append(gold, readGold(t, base+".defr"))
	}
	return de, fr, gold
}

// scoreTextbergTwoPass aligns Text+Berg documents in two passes
// (AlignCorpus), as a workspace would the folder: lengths and anchors
// first; then, with a lexicon learned from the first pass's confident
// links (of all the documents read, as a corpus, or of each document
// alone), again near the first pass with its words as evidence. No gold
// is read before scoring. It returns the scores of both passes over the
// documents named in score.
func scoreTextbergTwoPass(t testing.TB, read, score []string, corpusWide bool) (first, second Score) {
	ctx := context.Background()
	al := NewAligner()
	de, fr, gold := textbergDocs(t, read)
	var s1, s2 Scorer
	add := func(i int, one, two []Bead) {
		s1.Add(gold[i], one)
		s2.Add(gold[i], two)
		if os.Getenv("HAMTA_VERBOSE") != "" {
			var sc Scorer
			sc.Add(gold[i], two)
			fmt.Printf("%s: strict F1 %.3f lax %.3f\n", read[i], sc.Result().F1Strict, sc.Result().F1Lax)
		}
	}
	scored := func(i int) bool { return slices.Contains(score, read[i]) }
	if corpusWide {
		passes, err := al.AlignCorpus(ctx, de, fr)
		if err != nil {
			t.Fatal(err)
		}
		for i := range de {
			if scored(i) {
				add(i, passes.First[i], passes.Second[i])
			}
		}
		return s1.Result(), s2.Result()
	}
	for i := range de {
		if !scored(i) {
			continue
		}
		passes, err := al.AlignCorpus(ctx, de[i:i+1], fr[i:i+1])
		if err != nil {
			t.Fatal(err)
		}
		add(i, passes.First[0], passes.Second[0])
	}
	return s1.Result(), s2.Result()
}

// TestTextbergSentences measures the sentence level on Text+Berg in two
// passes, with one lexicon learned from the whole bench folder (dev and
// test0–6, unlabelled, as a workspace learns from its corpus), from the
// set measured alone, and from each document alone. The target is strict
// F1 ≥ 0.90 on test0–6 (Vecalign with LASER: 0.902) with the folder's
// lexicon, not reached: 0.893 (0.878 in one pass); the test holds what
// is reached. Only dev was looked at to choose how; test0–6 is measured.
func TestTextbergSentences(t *testing.T) {
	if _, err := os.Stat(benchDir()); err != nil {
		t.Skipf("bench set not found at %s", benchDir())
	}
	folder := append([]string{"dev"}, textbergTest...)
	for _, set := range []struct {
		name  string
		score []string
	}{{"dev", []string{"dev"}}, {"test0-6", textbergTest}} {
		for _, how := range []struct {
			name       string
			read       []string
			corpusWide bool
		}{
			{"the folder's lexicon", folder, true},
			{"the set's own lexicon", set.score, true},
			{"each document's own lexicon", set.score, false},
		} {
			if set.name == "dev" && how.name == "the set's own lexicon" {
				continue // one document: its own
			}
			first, second := scoreTextbergTwoPass(t, how.read, set.score, how.corpusWide)
			t.Logf("textberg %s, %s: first pass strict P %.3f R %.3f F1 %.3f lax %.3f; second pass strict P %.3f R %.3f F1 %.3f lax %.3f",
				set.name, how.name, first.PrecisionStrict, first.RecallStrict, first.F1Strict, first.F1Lax,
				second.PrecisionStrict, second.RecallStrict, second.F1Strict, second.F1Lax)
			if set.name == "test0-6" && how.name == "the folder's lexicon" && (second.F1Strict < 0.885 || second.F1Strict < first.F1Strict+0.005) {
				t.Errorf("textberg test0-6: strict F1 %.3f in the second pass, %.3f in the first; want at least 0.885, and 0.005 better", second.F1Strict, first.F1Strict)
			}
		}
	}
}
