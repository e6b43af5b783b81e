package lexicon

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"hamta/corpus"
)

// goldSentencePairs reads the hand-written sentence gold of a translation
// fixture (testdata/align/NAME.sentences) and returns its sentence links
// as pairs to learn from.
func goldSentencePairs(tb testing.TB, g goldPair) []Pair {
	f, err := os.Open("../testdata/align/" + g.Name + ".sentences")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	text := func(d *corpus.Document, lang corpus.Lang, refs string) string {
		var parts []string
		for _, r := range strings.Split(strings.Trim(strings.TrimSpace(refs), "[]"), ",") {
			if r = strings.TrimSpace(r); r == "" {
				continue
			}
			ps, ss, _ := strings.Cut(r, ".")
			p, err1 := strconv.Atoi(ps)
			s, err2 := strconv.Atoi(ss)
			if err1 != nil || err2 != nil {
				tb.Fatalf("%s: bad reference %q", g.Name, r)
			}
			para := d.Paragraphs[p].Text
			parts = append(parts, corpus.SplitSentences(para, lang)[s].Text(para))
		}
		return strings.Join(parts, " ")
	}
	var out []Pair
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "bead ") {
			continue
		}
		l, r, _ := strings.Cut(line, ":")
		fa, en := text(g.FA, corpus.LangFA, l), text(g.EN, corpus.LangEN, r)
		if fa != "" && en != "" {
			out = append(out, Pair{FA: fa, EN: en, Weight: 1})
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestLearnFromSentences compares a lexicon learned from the sentence
// links of the six translation fixtures with one learned from their
// paragraph links, by spotting the 60 gold words in their beads: sentence
// pairs are what a workspace learns from.
func TestLearnFromSentences(t *testing.T) {
	var gold []goldPair
	for _, g := range loadGold(t) {
		if _, err := os.Stat("../testdata/align/" + g.Name + ".sentences"); err == nil {
			gold = append(gold, g)
		}
	}
	if len(gold) != 6 {
		t.Fatalf("%d fixtures with sentence gold, want 6", len(gold))
	}
	paras := goldPairs(gold)
	var sents []Pair
	for _, g := range gold {
		sents = append(sents, goldSentencePairs(t, g)...)
	}
	seen := faCounts(paras)
	lines := readSpotGold(t)
	results := map[string]spotResult{}
	for name, pairs := range map[string][]Pair{"paragraphs": paras, "sentences": sents} {
		lex, err := Learn(context.Background(), pairs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		r, _ := evalSpotting(t, lex, gold, lines, seen, 3, nil)
		results[name] = r
		t.Logf("learned from %d %s: %v; spotting P@1 %.3f (%d/%d), recall %.3f (%d/%d)", len(pairs), name, lex, r.precision(), r.correct, r.spotted, r.recall(), r.found, r.rendered)
	}
	if s, p := results["sentences"], results["paragraphs"]; s.precision() < p.precision()-0.02 || s.recall() < p.recall()-0.02 {
		t.Errorf("learned from sentences: P@1 %.3f recall %.3f; from paragraphs %.3f %.3f", s.precision(), s.recall(), p.precision(), p.recall())
	}
}
