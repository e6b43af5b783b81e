package workspace

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"hamta/align"
	"hamta/corpus"
)

// TestLexiconSavedAndRelearned checks that the learned lexicon is saved,
// reused while the beads stay the same, and learned again when a
// correction changes them; and that a search process finds it.
func TestLexiconSavedAndRelearned(t *testing.T) {
	dir := sampleDir(t)
	ctx := context.Background()
	s, err := Load(ctx, Options{CorpusDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Lexicon == nil || s.Lexicon.Len() == 0 {
		t.Fatalf("no lexicon learned: %v", s.Lexicon)
	}
	if s.Index == nil || s.Index.Learned() != s.Lexicon {
		t.Error("the index searches without the learned lexicon")
	}
	path := s.Path(LexiconFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	n := s.Lexicon.Len()
	s.Close()

	// The same beads: the saved lexicon is read back, not learned again.
	time.Sleep(10 * time.Millisecond)
	s, err = Load(ctx, Options{CorpusDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fi2, _ := os.Stat(path); !fi2.ModTime().Equal(fi.ModTime()) || s.Lexicon.Len() != n {
		t.Errorf("lexicon rewritten or changed without a change of beads (%d entries, was %d)", s.Lexicon.Len(), n)
	}

	// A correction unlinks every bead of the translation pair: the
	// lexicon is learned again from what is left.
	var p align.DocPair
	for _, q := range s.Pairs {
		if q.Kind == align.Translation {
			p = q
		}
	}
	if p.FA == "" {
		t.Fatal("no translation pair in the sample")
	}
	var unlinked []align.Bead
	for _, b := range p.Beads {
		if len(b.A) > 0 {
			unlinked = append(unlinked, align.Bead{A: b.A, B: []int{}, Corrected: true, Score: 1})
		}
		if len(b.B) > 0 {
			unlinked = append(unlinked, align.Bead{A: []int{}, B: b.B, Corrected: true, Score: 1})
		}
	}
	p.Beads = unlinked
	if err := s.Correct(ctx, p); err != nil {
		t.Fatal(err)
	}
	l, err := s.LearnedLexicon(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() >= n {
		t.Errorf("after unlinking the translation the lexicon has %d entries, before %d", l.Len(), n)
	}
	if s.Index.Learned() != l {
		t.Error("the index kept the old lexicon")
	}
	s.Close()

	// A search process opens the index with the saved lexicon.
	x, err := OpenIndex(Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if x.Learned() == nil || x.Learned().Len() != l.Len() {
		t.Errorf("OpenIndex: lexicon %v, want %d entries", x.Learned(), l.Len())
	}
}

// TestLexiconSample checks which pairs a lexicon is learned from: all of
// them within the budget; beyond it every pair a person corrected, then
// a sample fixed by the pairs' IDs, which keeps its members when another
// pair comes.
func TestLexiconSample(t *testing.T) {
	pair := func(id string, paras int, fixed bool) align.DocPair {
		p := align.DocPair{FA: id + ".fa", EN: id + ".en"}
		for i := range paras {
			p.Beads = append(p.Beads, align.Bead{A: []int{i}, B: []int{i}, Score: 0.9, Confirmed: fixed && i == 0})
		}
		p.Beads = append(p.Beads, align.Bead{A: []int{paras}, B: []int{}}) // unlinked: not counted
		return p
	}
	var many []align.DocPair
	for i := range 100 {
		many = append(many, pair(fmt.Sprintf("d%03d", i), 10, i == 97))
	}
	ids := func(ps []align.DocPair) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.FA)
		}
		return out
	}
	tests := []struct {
		name   string
		pairs  []align.DocPair
		budget int
		want   func(t *testing.T, got []align.DocPair)
	}{
		{"within the budget, all", many[:5], 50, func(t *testing.T, got []align.DocPair) {
			if len(got) != 5 {
				t.Errorf("%d pairs, want 5", len(got))
			}
		}},
		{"beyond it, the budget's worth in corpus order", many, 200, func(t *testing.T, got []align.DocPair) {
			if len(got) != 20 {
				t.Errorf("%d pairs, want 20 of 10 paragraphs for a budget of 200", len(got))
			}
			if !slices.IsSortedFunc(got, func(a, b align.DocPair) int { return strings.Compare(a.FA, b.FA) }) {
				t.Errorf("not in the corpus's order: %v", ids(got))
			}
		}},
		{"a corrected pair is always in", many, 10, func(t *testing.T, got []align.DocPair) {
			if !slices.Contains(ids(got), "d097.fa") {
				t.Errorf("the confirmed pair is left out: %v", ids(got))
			}
		}},
		{"the sample spreads over the corpus", many, 300, func(t *testing.T, got []align.DocPair) {
			if first, last := got[0].FA, got[len(got)-1].FA; first > "d030.fa" || last < "d070.fa" {
				t.Errorf("sample from %s to %s: bunched at one end", first, last)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.want(t, lexiconSample(tt.pairs, tt.budget)) })
	}
	// A pair added keeps the others of the sample where they were: at
	// most the one it pushed out changes.
	before := ids(lexiconSample(many, 200))
	after := ids(lexiconSample(append(slices.Clone(many), pair("new", 10, false)), 200))
	lost := 0
	for _, id := range before {
		if !slices.Contains(after, id) {
			lost++
		}
	}
	if lost > 1 {
		t.Errorf("one pair added changed %d of the sample's pairs", lost)
	}
}

// TestLexiconKeyServes checks when a saved lexicon serves for pairs that
// changed since: always when nothing changed, never after a correction,
// and after other changes while they touch at most a tenth of the pairs.
func TestLexiconKeyServes(t *testing.T) {
	docs := map[string]*corpus.Document{}
	pairs := func(n, changed int, fixed bool) []align.DocPair {
		var out []align.DocPair
		for i := range n {
			fa, en := fmt.Sprintf("d%03d.fa", i), fmt.Sprintf("d%03d.en", i)
			hash := "h"
			if i < changed {
				hash = "edited"
			}
			docs[fa+hash] = &corpus.Document{ID: fa, Hash: fa + hash}
			docs[en] = &corpus.Document{ID: en, Hash: en}
			p := align.DocPair{FA: fa + hash, EN: en, Beads: []align.Bead{{A: []int{0}, B: []int{0}, Score: 0.9}}}
			if fixed && i == n-1 {
				p.Beads[0].Confirmed = true
			}
			out = append(out, p)
		}
		return out
	}
	doc := func(id string) *corpus.Document { return docs[id] }
	tests := []struct {
		name       string
		saved, now []align.DocPair
		want       bool
	}{
		{"nothing changed", pairs(5, 0, false), pairs(5, 0, false), true},
		{"one of five changed", pairs(5, 0, false), pairs(5, 1, false), false},
		{"ten of a hundred changed", pairs(100, 0, false), pairs(100, 10, false), true},
		{"eleven of a hundred changed", pairs(100, 0, false), pairs(100, 11, false), false},
		{"a pair added to a hundred", pairs(100, 0, false), pairs(101, 0, false), true},
		{"a bead confirmed", pairs(100, 0, false), pairs(100, 0, true), false},
		{"no pairs", nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			saved := newLexiconKey(doc, tt.saved).String()
			if got := newLexiconKey(doc, tt.now).serves(saved); got != tt.want {
				t.Errorf("serves = %v, want %v", got, tt.want)
			}
		})
	}
	if newLexiconKey(doc, pairs(3, 0, false)).serves("lexicon 1 aligner old\n") {
		t.Error("a key of another version serves")
	}
}
