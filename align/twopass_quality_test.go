package align

import (
	"context"
	"testing"

	"hamta/lexicon"
)

// TestTwoPassQuality aligns every quality case again with a lexicon
// learned from the first pass's sentence links of all of them (as a
// corpus's lexicon), and in AlignBoth's two passes with a lexicon learned
// from the pair alone (as hamta align does), and checks that no group
// loses strict F1 against the first pass: words must add evidence, not
// merge paragraphs that only share a topic.
func TestTwoPassQuality(t *testing.T) {
	ctx := context.Background()
	al := NewAligner()
	cases := qualityCases(t)
	rarity := corpusRarity(t, al)
	aligner := func(c qualityCase) *Aligner {
		a := *al
		a.Rarity = rarity(c)
		return &a
	}
	first := runCases(t, al, cases)
	var pairs []lexicon.Pair
	for _, r := range first {
		sents, err := aligner(r.qualityCase).AlignSentences(ctx, r.fa, r.en, r.beads, caseKind(r.qualityCase), nil)
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, SentencePairs(r.fa, r.en, sents, MinLearnScore)...)
	}
	lex, err := lexicon.Learn(ctx, pairs, lexicon.Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	second := runCasesWith(t, cases, func(c qualityCase) ([]Bead, error) {
		r := first[k]
		k++
		return aligner(c).Realign(ctx, c.fa, c.en, r.beads, caseKind(c), lex)
	})
	both := runCasesWith(t, cases, func(c qualityCase) ([]Bead, error) {
		r, err := aligner(c).AlignBoth(ctx, c.fa, c.en, caseKind(c), nil)
		return r.Beads, err
	})
	for _, g := range []string{"translation", "pdf-broken", "moved", "comparable"} {
		one := groupScore(first, g)
		for _, two := range []struct {
			how   string
			score Score
		}{{"the corpus's lexicon", groupScore(second, g)}, {"the pair's lexicon", groupScore(both, g)}} {
			t.Logf("%s: strict F1 %.3f in the first pass, %.3f in the second with %s", g, one.F1Strict, two.score.F1Strict, two.how)
			if two.score.F1Strict < one.F1Strict-0.005 {
				t.Errorf("%s: strict F1 falls from %.3f to %.3f in the second pass with %s", g, one.F1Strict, two.score.F1Strict, two.how)
			}
		}
	}
}
