package index

import (
	"context"
	"strings"
	"testing"

	"hamta/corpus"
	"hamta/lexicon"
)

// TestLearnedTranslations checks that a word the hand-written lexicon does
// not hold finds the other language through the learned one, and that
// the hit says so.
func TestLearnedTranslations(t *testing.T) {
	x := buildDocs(t, map[string][]string{
		"fa.txt": {"باغ پر از گلابی بود.", "هوا سرد بود."},
		"en.txt": {"The weather was cold."},
	})
	if r := find(t, x, "pear", Options{Lang: corpus.LangFA}); len(r.Hits) != 0 {
		t.Fatalf("pear finds %d Persian paragraphs with no learned lexicon", len(r.Hits))
	}
	var segs []lexicon.Pair
	for _, s := range []struct{ fa, en string }{
		{"گلابی رسیده است", "the pear is ripe"},
		{"او گلابی خرید", "she bought a pear"},
		{"گلابی شیرین بود", "the pear was sweet"},
		{"سیب رسیده است", "the apple is ripe"},
		{"او سیب خرید", "she bought an apple"},
		{"باران بارید", "rain fell"},
		{"باران شدید بود", "the rain was heavy"},
		{"قطار دیر رسید", "the train arrived late"},
		{"قطار پر بود", "the train was full"},
	} {
		segs = append(segs, lexicon.Pair{FA: s.fa, EN: s.en, Weight: 1})
	}
	l, err := lexicon.Learn(context.Background(), segs, lexicon.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x.SetLearned(l)
	r := find(t, x, "pear", Options{Lang: corpus.LangFA})
	if len(r.Hits) != 1 || r.Hits[0].Para != 0 || !strings.Contains(r.Hits[0].Via, "(learned)") {
		t.Fatalf("pear: %+v", r.Hits)
	}
	x.SetLearned(nil)
	if r := find(t, x, "pear", Options{Lang: corpus.LangFA}); len(r.Hits) != 0 {
		t.Errorf("pear still finds %d Persian paragraphs after the lexicon is taken away", len(r.Hits))
	}
}
