package workspace

import (
	"context"
	"testing"

	"hamta/align"
)

// TestCrossingCorrectionsSurvive saves two corrections that cross each
// other (a person linking paragraphs out of order) and finds both again
// after the workspace is reopened and the pair realigned, one of them
// marked moved.
func TestCrossingCorrectionsSurvive(t *testing.T) {
	dir := sampleDir(t)
	ctx := context.Background()
	al := align.NewAligner()
	w, err := Open(ctx, Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := pairs[1] // 001 ↔ 004, independent reports
	// Persian 7 with English 11 and Persian 8 with English 10: crossed.
	p.Beads = []align.Bead{
		{A: []int{7}, B: []int{11}, Corrected: true},
		{A: []int{8}, B: []int{10}, Confirmed: true},
	}
	if err := w.SaveCorrections(p); err != nil {
		t.Fatal(err)
	}
	w.Close()

	w, err = Open(ctx, Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	pairs, err = w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Stale()) != 0 {
		t.Errorf("stale: %v", w.Stale())
	}
	got := map[string]align.Bead{}
	for _, b := range pairs[1].Beads {
		got[b.String()] = b
	}
	a, b := got["[7]:[11]"], got["[8]:[10]"]
	if !a.Corrected || !b.Confirmed {
		t.Fatalf("crossing corrections lost: %v", pairs[1].Beads)
	}
	if a.Moved == b.Moved {
		t.Errorf("moved flags %v and %v: want exactly one out of order", a.Moved, b.Moved)
	}
}
