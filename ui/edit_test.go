package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hamta/align"
	"hamta/workspace"
)

func beadList(s ...string) []align.Bead {
	var out []align.Bead
	for _, x := range s {
		b, err := align.ParseBead(x)
		if err != nil {
			panic(err)
		}
		out = append(out, b)
	}
	return out
}

func beadStrings(beads []align.Bead) string {
	var s []string
	for _, b := range beads {
		mark := ""
		if b.Corrected {
			mark = "*"
		}
		if b.Confirmed {
			mark += "+"
		}
		s = append(s, b.String()+mark)
	}
	return strings.Join(s, " ")
}

func TestEditOperations(t *testing.T) {
	base := beadList("[0]:[0]", "[1]:[]", "[]:[1]", "[2, 3]:[2]", "[4]:[3, 4]", "[5]:[5]")
	tests := []struct {
		name    string
		op      func([]align.Bead, int, int) ([]align.Bead, int, error)
		bead    int
		side    int
		want    string
		wantErr bool
	}{
		{"merge", mergeBead, 0, 0, "[0, 1]:[0]* []:[1] [2, 3]:[2] [4]:[3, 4] [5]:[5]", false},
		{"merge last", mergeBead, 5, 0, "", true},
		{"split 2-1", splitBead, 3, 0, "[0]:[0] [1]:[] []:[1] [2]:[2]* [3]:[]* [4]:[3, 4] [5]:[5]", false},
		{"split 1-1", splitBead, 0, 0, "", true},
		{"move fa down", moveDown, 3, 0, "[0]:[0] [1]:[] []:[1] [2]:[2]* [3, 4]:[3, 4]* [5]:[5]", false},
		{"move en up", moveUp, 4, 1, "[0]:[0] [1]:[] []:[1] [2, 3]:[2, 3]* [4]:[4]* [5]:[5]", false},
		{"move empties bead", moveUp, 2, 1, "[0]:[0] [1]:[1]* [2, 3]:[2] [4]:[3, 4] [5]:[5]", false},
		{"move missing side", moveUp, 1, 1, "", true},
		{"unlink", unlinkBead, 0, 0, "[0]:[]* []:[0]* [1]:[] []:[1] [2, 3]:[2] [4]:[3, 4] [5]:[5]", false},
		{"unlink unlinked", unlinkBead, 1, 0, "", true},
		{"link below", linkBead, 1, 0, "[0]:[0] [1]:[1]* [2, 3]:[2] [4]:[3, 4] [5]:[5]", false},
		{"link above", linkBead, 2, 1, "[0]:[0] [1]:[1]* [2, 3]:[2] [4]:[3, 4] [5]:[5]", false},
		{"link linked", linkBead, 0, 0, "", true},
		{"confirm", confirmBead, 3, 0, "[0]:[0] [1]:[] []:[1] [2, 3]:[2]+ [4]:[3, 4] [5]:[5]", false},
		{"confirm above", confirmAbove, 2, 0, "[0]:[0]+ [1]:[]+ []:[1]+ [2, 3]:[2] [4]:[3, 4] [5]:[5]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := tt.op(slices.Clone(base), tt.bead, tt.side)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if err == nil && beadStrings(got) != tt.want {
				t.Errorf("got  %s\nwant %s", beadStrings(got), tt.want)
			}
		})
	}
}

// TestCorrectionsThroughModel drives every correction key through the
// browser on a real workspace, checks the file written after each, and
// checks that the beads survive a realignment in a new session.
func TestCorrectionsThroughModel(t *testing.T) {
	dir := t.TempDir()
	files, _ := filepath.Glob("../testdata/corpus/*.txt")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
	}
	ctx := context.Background()
	al := align.NewAligner()
	w, err := workspace.Open(ctx, workspace.Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := newModel(t, &Data{Name: dir, Docs: w.Corpus.Docs, Pairs: pairs, SaveCorrections: w.SaveCorrections}, 120, 40, BidiApp)
	press(m, "enter")
	p := pagerOf(t, m)
	file := w.Path(workspace.CorrectionsFile)
	do := func(keys ...string) {
		t.Helper()
		press(m, keys...)
		if strings.HasPrefix(m.note.text, "corrections not saved") {
			t.Fatalf("%v: %s", keys, m.note.text)
		}
	}
	goToBead := func(pred func(align.Bead) bool) {
		t.Helper()
		for i, r := range p.rows {
			if r.bead >= 0 && pred(p.item.pair.Beads[r.bead]) {
				p.cursor = i
				return
			}
		}
		t.Fatalf("no bead matches in %s", beadStrings(p.item.pair.Beads))
	}
	linked := func(b align.Bead) bool { return b.Linked() && !b.Fixed() }

	goToBead(linked)
	do("d") // unlink
	if !strings.Contains(readFile(t, file), "corrected fa:") {
		t.Fatalf("unlink not saved:\n%s", readFile(t, file))
	}
	do("l") // and link again
	goToBead(linked)
	do("c") // confirm
	if !strings.Contains(readFile(t, file), "\n  confirmed ") {
		t.Fatalf("confirm not saved:\n%s", readFile(t, file))
	}
	goToBead(func(b align.Bead) bool { return len(b.A) > 1 && !b.Fixed() })
	do("x") // split
	do("m") // merge back
	do("J") // move the Persian paragraph down
	do("K") // and up again
	before := beadStrings(p.item.pair.Beads)
	do("C")
	do("u") // undo the confirmations
	if got := beadStrings(p.item.pair.Beads); got != before {
		t.Errorf("undo: %s\nwant %s", got, before)
	}
	var want []string
	for _, b := range p.item.pair.Beads {
		if b.Fixed() {
			want = append(want, b.String())
		}
	}
	w.Close()

	// A new session realigns around the corrections.
	w2, err := workspace.Open(ctx, workspace.Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	again, err := w2.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range again[0].Beads {
		if b.Fixed() {
			got = append(got, b.String())
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") || len(w2.Stale()) != 0 {
		t.Errorf("after realignment fixed beads %v, want %v (stale %v)", got, want, w2.Stale())
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
