package ui

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"hamta/align"
	"hamta/corpus"
)

// markMoved marks the links out of order of beads in Persian order: all
// but the most links whose English also comes in order.
func markMoved(beads []align.Bead) {
	var linked []int
	for i, b := range beads {
		if b.Linked() {
			linked = append(linked, i)
		}
	}
	// Longest increasing run of English starts, O(n²): a few dozen beads.
	best, prev := make([]int, len(linked)), make([]int, len(linked))
	end := -1
	for x := range linked {
		best[x], prev[x] = 1, -1
		for y := range x {
			if beads[linked[y]].B[0] < beads[linked[x]].B[0] && best[y]+1 > best[x] {
				best[x], prev[x] = best[y]+1, y
			}
		}
		if end < 0 || best[x] > best[end] {
			end = x
		}
	}
	keep := map[int]bool{}
	for x := end; x >= 0; x = prev[x] {
		keep[linked[x]] = true
	}
	for _, i := range linked {
		beads[i].Moved = !keep[i]
	}
}

// movedData is the sample data with a written pair of independent
// reports first, its gold beads as the alignment: some of its links
// cross, and are marked out of order.
func movedData(t testing.TB, name string) *Data {
	t.Helper()
	d, _ := testData(t)
	if err := addMovedPair(d, name); err != nil {
		t.Fatal(err)
	}
	return d
}

// addMovedPair puts a written pair first in d (see movedData).
func addMovedPair(d *Data, name string) error {
	var docs [2]*corpus.Document
	for i, lang := range []string{"fa", "en"} {
		doc, err := corpus.ReadFile("../testdata/align/"+name+"."+lang+".txt", corpus.Options{})
		if err != nil {
			return err
		}
		doc.ID = name + "." + lang + ".txt"
		docs[i] = doc
	}
	raw, err := os.ReadFile("../testdata/align/" + name + ".gold")
	if err != nil {
		return err
	}
	beads, err := align.ReadBeads(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	for i := range beads {
		beads[i].Score = 0.9
	}
	markMoved(beads)
	d.Docs = append(docs[:], d.Docs...)
	d.Pairs = append([]align.DocPair{{FA: docs[0].ID, EN: docs[1].ID, Kind: align.Comparable, Score: 0.9, Beads: beads}}, d.Pairs...)
	return nil
}

// rowOf finds the row of a bead shown at its Persian place (slot false)
// or its English place (slot true).
func rowOf(p *pagerScreen, bead int, slot bool) int {
	return slices.IndexFunc(p.rows, func(r row) bool { return r.bead == bead && r.slot == slot })
}

// TestMovedLinks: a link out of order shows at its Persian place with its
// English cell pointing to the English place, and at that place a mark
// points back; % jumps between them; every paragraph shows its text once.
func TestMovedLinks(t *testing.T) {
	for _, name := range []string{"flood", "summit"} {
		t.Run(name, func(t *testing.T) {
			d := movedData(t, name)
			m, _ := newModel(t, d, 120, 40, BidiApp)
			press(m, "enter")
			p := pagerOf(t, m)
			beads := p.item.pair.Beads
			moved := slices.IndexFunc(beads, func(b align.Bead) bool { return b.Moved })
			if moved < 0 {
				t.Fatal("no link marked out of order")
			}
			// Each paragraph's text stands once, in document order on each
			// side.
			for side, doc := range []*corpus.Document{p.fa, p.en} {
				var order []int
				for _, r := range p.rows {
					if (side == 1 && r.moved) || (side == 0 && r.slot) {
						continue
					}
					order = append(order, r.side(side)...)
				}
				want := make([]int, len(doc.Paragraphs))
				for i := range want {
					want[i] = i
				}
				if !slices.Equal(order, want) {
					t.Errorf("side %d shows paragraphs %v", side, order)
				}
			}
			at, slot := rowOf(p, moved, false), rowOf(p, moved, true)
			if at < 0 || slot < 0 || !p.rows[at].moved || !p.rows[slot].slot {
				t.Fatalf("moved bead %d: rows %d and %d", moved, at, slot)
			}
			// The marks, at both places.
			wantTo := "↗ ¶" + align.FormatParas(beads[moved].B)
			wantBack := "↙ ¶" + align.FormatParas(beads[moved].A)
			p.moveTo(at)
			if !strings.Contains(frameText(m), wantTo) {
				t.Errorf("no %q at the Persian place:\n%s", wantTo, frameText(m))
			}
			press(m, "%")
			if p.cursor != slot || p.focus != 1 {
				t.Errorf("%% went to row %d focus %d, want %d focus 1", p.cursor, p.focus, slot)
			}
			if !strings.Contains(frameText(m), wantBack) || !strings.Contains(m.Status(), "English place") {
				t.Errorf("no %q at the English place:\n%s", wantBack, frameText(m))
			}
			press(m, "%")
			if p.cursor != at {
				t.Errorf("%% back went to row %d, want %d", p.cursor, at)
			}
			// An in-order row has no other place.
			press(m, "g", "%")
			if !strings.Contains(m.note.text, "in order") {
				t.Errorf("%% on an in-order row: %q", m.note.text)
			}
		})
	}
}

// Status is the status bar's left part, for the tests.
func (m *Model) Status() string { return m.active().Status() }

// TestEditsKeepMovedLinks: the editing keys never merge across a link out
// of order nor make a bead of paragraphs that are not consecutive; they
// say why instead, and change nothing.
func TestEditsKeepMovedLinks(t *testing.T) {
	d := movedData(t, "flood")
	m, _ := newModel(t, d, 120, 40, BidiApp)
	d.SaveCorrections = func(align.DocPair) error { return nil }
	press(m, "enter")
	p := pagerOf(t, m)
	beads := p.item.pair.Beads
	moved := slices.IndexFunc(beads, func(b align.Bead) bool { return b.Moved })
	before := beadStrings(beads)

	refused := func(what string, keys ...string) {
		t.Helper()
		press(m, keys...)
		if got := beadStrings(p.item.pair.Beads); got != before {
			t.Errorf("%s changed the beads:\n%s\nwas\n%s", what, got, before)
		}
		if m.note.kind != noteErr || m.note.text == "" {
			t.Errorf("%s: no refusal, note %q", what, m.note.text)
		}
		t.Logf("%s: %s", what, m.note.text)
	}
	// Merge the bead above with the moved bead, and the moved bead with
	// the one below.
	p.moveTo(rowOf(p, moved-1, false))
	refused("merge into a moved bead", "m")
	p.moveTo(rowOf(p, moved, false))
	refused("merge a moved bead", "m")
	// Move English paragraphs into and out of the moved bead.
	p.focus = 1
	p.moveTo(rowOf(p, moved, true))
	refused("English paragraph up out of a moved bead", "K")
	refused("English paragraph down out of a moved bead", "J")
	p.moveTo(rowOf(p, moved-1, false))
	refused("English paragraph down into a moved bead", "J")

	// A merge of two beads in order across the English of a moved link:
	// [1]:[6] and [2]:[8] with English 7 linked out of order elsewhere.
	p.item.pair.Beads = beadList("[0]:[0]", "[1]:[6]", "[2]:[8]", "[3]:[7]")
	p.item.pair.Beads[3].Moved = true
	p.rows = buildRows(p.item)
	p.rendered = nil
	p.layout()
	before = beadStrings(p.item.pair.Beads)
	p.focus = 0
	p.moveTo(rowOf(p, 1, false))
	refused("merge across the English of a moved link", "m")
	if !strings.Contains(m.note.text, "not next to each other") || !strings.Contains(m.note.text, "out of order (bead 4)") {
		t.Errorf("merge across: %q", m.note.text)
	}

	// What is allowed: a Persian paragraph into the moved bead; unlinking
	// it sends its English back to its English place; splitting keeps
	// both halves out of order.
	bs := beadList("[0]:[0]", "[1]:[]", "[2]:[5]", "[3]:[1]")
	bs[2].Moved = true
	if got, _, err := moveDown(bs, 1, 0); err != nil || beadStrings(got) != "[0]:[0] [1, 2]:[5]* [3]:[1]" || !got[1].Moved {
		t.Errorf("Persian into a moved bead: %v %v", beadStrings(got), err)
	}
	bs = beadList("[0]:[0]", "[1]:[3]", "[2]:[1]", "[3]:[2]")
	bs[1].Moved = true
	got, focus, err := unlinkBead(bs, 1, 0)
	if err != nil || beadStrings(got) != "[0]:[0] [1]:[]* [2]:[1] [3]:[2] []:[3]*" || focus != 1 {
		t.Errorf("unlink moved: %s focus %d %v", beadStrings(got), focus, err)
	}
	bs = beadList("[0]:[0]", "[1, 2]:[4, 5]", "[3]:[1]", "[4]:[2]")
	bs[1].Moved = true
	got, _, err = splitBead(bs, 1, 0)
	if err != nil || !got[1].Moved || !got[2].Moved || beadStrings(got) != "[0]:[0] [1]:[4]* [2]:[5]* [3]:[1] [4]:[2]" {
		t.Errorf("split moved: %s %v", beadStrings(got), err)
	}
}
