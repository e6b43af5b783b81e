package align

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
)

// sameWords is a WordMatcher whose terms translate themselves, surely.
type sameWords struct{}

func (sameWords) Match(a, b [][]int32) (sa float64, ta int, sb float64, tb int) {
	in := func(lists [][]int32, x int32) bool {
		for _, l := range lists {
			if slices.Contains(l, x) {
				return true
			}
		}
		return false
	}
	for _, l := range a {
		for _, x := range l {
			ta++
			if in(b, x) {
				sa++
			}
		}
	}
	for _, l := range b {
		for _, x := range l {
			tb++
			if in(a, x) {
				sb++
			}
		}
	}
	return sa, ta, sb, tb
}

// wordPair makes a translation of n segments of equal lengths, with
// nothing but their words to tell them apart: side B drops segment
// drop of A and splits segment split in two. Each segment of A has six
// terms of its own; a segment of B has its counterpart's terms, and a
// few drawn at random (chance matches).
func wordPair(n, drop, split int, seed uint64) (a, b []Segment, gold []Bead) {
	r := rand.New(rand.NewPCG(seed, 3))
	terms := func(i int) []int32 {
		out := make([]int32, 6)
		for k := range out {
			out[k] = int32(6*i + k)
		}
		return out
	}
	noise := func(ts []int32) []int32 {
		out := slices.Clone(ts)
		for range 2 {
			out = append(out, int32(r.IntN(6*n)))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	for i := 0; i < n; i++ {
		a = append(a, Segment{Len: 100, Words: terms(i)})
		switch i {
		case drop:
			gold = append(gold, Bead{A: []int{i}, B: []int{}})
		case split:
			ts := terms(i)
			gold = append(gold, Bead{A: []int{i}, B: []int{len(b), len(b) + 1}})
			b = append(b, Segment{Len: 60, Words: noise(ts[:3])}, Segment{Len: 60, Words: noise(ts[3:])})
		default:
			gold = append(gold, Bead{A: []int{i}, B: []int{len(b)}})
			b = append(b, Segment{Len: 120, Words: noise(terms(i))})
		}
	}
	return a, b, gold
}

// TestWordEvidence checks that a lexicon's word matches place what
// lengths cannot: a segment dropped among segments of equal length.
func TestWordEvidence(t *testing.T) {
	ctx := context.Background()
	a, b, gold := wordPair(40, 17, 29, 1)
	opt := DefaultOptions()
	opt.Kind = Translation
	score := func(beads []Bead) float64 {
		checkCovers(t, beads, len(a), len(b))
		var sc Scorer
		sc.Add(gold, beads)
		return sc.Result().F1Strict
	}
	blind, err := AlignSegments(ctx, a, b, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Words = sameWords{}
	seen, err := AlignSegments(ctx, a, b, opt)
	if err != nil {
		t.Fatal(err)
	}
	again, err := RealignSegments(ctx, a, b, blind, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("strict F1: lengths only %.3f, with words %.3f, realigned with words %.3f", score(blind), score(seen), score(again))
	if score(seen) != 1 || score(again) != 1 {
		t.Errorf("with words: strict F1 %.3f, realigned %.3f; want 1", score(seen), score(again))
	}
	// Without a lexicon, words change nothing.
	opt.Words = nil
	if same, _ := AlignSegments(ctx, a, b, opt); !slices.EqualFunc(same, blind, func(x, y Bead) bool { return x.String() == y.String() }) {
		t.Error("segments' words changed the alignment without a lexicon")
	}
}

// TestRealignNear checks that realigning near an alignment with the same
// evidence finds it again, and that it stays in the band around it.
func TestRealignNear(t *testing.T) {
	ctx := context.Background()
	a, b, _ := synthPair(3000, 5)
	opt := DefaultOptions()
	first, err := AlignSegments(ctx, a, b, opt)
	if err != nil {
		t.Fatal(err)
	}
	again, err := RealignSegments(ctx, a, b, first, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkCovers(t, again, len(a), len(b))
	var sc Scorer
	sc.Add(first, again)
	if r := sc.Result(); r.F1Strict < 0.99 {
		t.Errorf("realigned with the same evidence: strict F1 %.3f against the first pass", r.F1Strict)
	}
}
