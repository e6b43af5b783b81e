package workspace

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"hamta/align"
)

// TestSentenceBeadsCached checks a session's sentence beads: inside the
// pair's paragraph beads, kept between calls, and aligned again when a
// correction changes the pair.
func TestSentenceBeadsCached(t *testing.T) {
	ctx := context.Background()
	s, err := Load(ctx, Options{CorpusDir: sampleDir(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var p align.DocPair
	for _, q := range s.Pairs {
		if q.Kind == align.Translation {
			p = q
		}
	}
	if p.FA == "" {
		t.Fatal("no translation pair in the sample")
	}
	sbs, err := s.SentenceBeads(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, sb := range sbs {
		if sb.Bead < 0 || sb.Bead >= len(p.Beads) {
			t.Fatalf("sentence bead names paragraph bead %d of %d", sb.Bead, len(p.Beads))
		}
		for _, x := range sb.A {
			if !contains(p.Beads[sb.Bead].A, x.Para) {
				t.Fatalf("Persian sentence of paragraph %d outside its bead %s", x.Para, p.Beads[sb.Bead])
			}
		}
		for _, x := range sb.B {
			if !contains(p.Beads[sb.Bead].B, x.Para) {
				t.Fatalf("English sentence of paragraph %d outside its bead %s", x.Para, p.Beads[sb.Bead])
			}
		}
		if sb.Linked() {
			links++
		}
	}
	if links < len(p.Beads)/2 {
		t.Errorf("%d sentence links in a translation of %d paragraph beads", links, len(p.Beads))
	}
	again, err := s.SentenceBeads(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) == 0 || &again[0] != &sbs[0] {
		t.Error("sentence beads aligned again without a change")
	}

	// Unlink the first linked bead: its sentences are alone now.
	first := -1
	for i, b := range p.Beads {
		if b.Linked() {
			first = i
			break
		}
	}
	var beads []align.Bead
	for i, b := range p.Beads {
		if i == first {
			beads = append(beads, align.Bead{A: b.A, B: []int{}, Corrected: true, Score: 1}, align.Bead{A: []int{}, B: b.B, Corrected: true, Score: 1})
			continue
		}
		beads = append(beads, b)
	}
	p.Beads = beads
	if err := s.Correct(ctx, p); err != nil {
		t.Fatal(err)
	}
	after, err := s.SentenceBeads(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, sb := range after {
		if (sb.Bead == first || sb.Bead == first+1) && sb.Linked() {
			t.Fatalf("a sentence of the unlinked bead is still linked: %+v", sb)
		}
	}
}

// TestLexiconLearnsSentences checks that the lexicon learns from aligned
// sentences, not whole paragraphs.
func TestLexiconLearnsSentences(t *testing.T) {
	ctx := context.Background()
	s, err := Load(ctx, Options{CorpusDir: sampleDir(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	segs, err := SentenceLexiconPairs(ctx, align.NewAligner(), s.Corpus.Doc, s.Pairs)
	if err != nil {
		t.Fatal(err)
	}
	paras := LexiconPairs(s.Corpus.Doc, s.Pairs)
	if len(segs) <= len(paras) {
		t.Errorf("%d sentence pairs from %d paragraph pairs", len(segs), len(paras))
	}
	for _, seg := range segs {
		found := false
		for _, p := range paras {
			if strings.Contains(p.FA, seg.FA) && strings.Contains(p.EN, seg.EN) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("sentence pair %q = %q is in no confident paragraph bead", seg.FA, seg.EN)
		}
		if seg.Weight < MinLexiconScore || seg.Weight > 1 {
			t.Errorf("sentence pair weighs %v", seg.Weight)
		}
	}
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestSentenceBeadsConcurrent asks for sentence beads from several
// goroutines while a correction is made (run with -race).
func TestSentenceBeadsConcurrent(t *testing.T) {
	ctx := context.Background()
	s, err := Load(ctx, Options{CorpusDir: sampleDir(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pairs := slices.Clone(s.Pairs)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range pairs {
				if _, err := s.SentenceBeads(ctx, p); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	p := pairs[0]
	p.Beads = slices.Clone(p.Beads)
	p.Beads[0].Confirmed = true
	if err := s.Correct(ctx, p); err != nil {
		t.Error(err)
	}
	wg.Wait()
	sbs, err := s.SentenceBeads(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(sbs) == 0 {
		t.Error("no sentence beads after the correction")
	}
}
