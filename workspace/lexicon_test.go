package workspace

import (
	"context"
	"os"
	"testing"
	"time"

	"hamta/align"
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
