package align

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"hamta/corpus"
	"hamta/lexicon"
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

// scoreTextbergTwoPass aligns Text+Berg documents at the sentence level in
// two passes, as a workspace would the folder: lengths and anchors
// first; then, with a lexicon learned from the first pass's confident
// links (of all the documents read, as a corpus, or of each document
// alone), again near the first pass with its words as evidence. No gold
// is read before scoring. It returns the scores of both passes over the
// documents named in score.
func scoreTextbergTwoPass(t testing.TB, read, score []string, corpusWide bool) (first, second Score) {
	ctx := context.Background()
	al := NewAligner()
	de, fr, gold := textbergDocs(t, read)
	scored := map[string]bool{}
	for _, n := range score {
		scored[n] = true
	}
	type pass1 struct {
		beads []Bead
		kind  PairKind
	}
	firsts := make([]pass1, len(de))
	pairs := make([][]lexicon.Pair, len(de))
	var s1 Scorer
	for i := range de {
		beads, kind, err := al.AlignAs(ctx, de[i], fr[i], "")
		if err != nil {
			t.Fatal(err)
		}
		sents, err := al.AlignSentences(ctx, de[i], fr[i], beads, kind, nil)
		if err != nil {
			t.Fatal(err)
		}
		firsts[i] = pass1{beads, kind}
		pairs[i] = SentencePairs(de[i], fr[i], sents, MinLearnScore)
		if scored[read[i]] {
			s1.Add(gold[i], NumberedBeads(de[i], fr[i], sents))
		}
	}
	learn := func(ps []lexicon.Pair) *lexicon.Lexicon {
		l, err := lexicon.Learn(ctx, ps, lexicon.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	var all []lexicon.Pair
	for _, ps := range pairs {
		all = append(all, ps...)
	}
	shared := learn(all)
	var s2 Scorer
	for i := range de {
		if !scored[read[i]] {
			continue
		}
		lex := shared
		if !corpusWide {
			lex = learn(pairs[i])
		}
		beads, err := al.Realign(ctx, de[i], fr[i], firsts[i].beads, firsts[i].kind, lex)
		if err != nil {
			t.Fatal(err)
		}
		sents, err := al.AlignSentences(ctx, de[i], fr[i], beads, firsts[i].kind, lex)
		if err != nil {
			t.Fatal(err)
		}
		test := NumberedBeads(de[i], fr[i], sents)
		s2.Add(gold[i], test)
		if os.Getenv("HAMTA_VERBOSE") != "" {
			var one Scorer
			one.Add(gold[i], test)
			fmt.Printf("%s: strict F1 %.3f lax %.3f\n", read[i], one.Result().F1Strict, one.Result().F1Lax)
		}
	}
	return s1.Result(), s2.Result()
}

// TestTextbergSentences measures the sentence level on Text+Berg in two
// passes, with one lexicon learned from the whole bench folder (dev and
// test0–6, unlabelled, as a workspace learns from its corpus), from the
// set measured alone, and from each document alone. The target is strict
// F1 ≥ 0.90 on test0–6 (Vecalign with LASER: 0.902) with the folder's
// lexicon, not reached: 0.892 (0.878 in one pass); the test holds what
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
