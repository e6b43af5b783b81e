package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hamta/align"
	"hamta/corpus"
)

// Corrections in the parallel view: each one key, each undoable, each
// saved at once. Every bead an edit makes or touches is marked corrected,
// so realignment keeps it.

// editKey applies a correction key; handled reports whether k was one.
func (p *pagerScreen) editKey(k tea.KeyPressMsg) (cmd tea.Cmd, handled bool) {
	ek := p.keys
	var op func(beads []align.Bead, i, side int) ([]align.Bead, int, error)
	switch {
	case key.Matches(k, ek.Merge):
		op = mergeBead
	case key.Matches(k, ek.Split):
		op = splitBead
	case key.Matches(k, ek.MoveUp):
		op = moveUp
	case key.Matches(k, ek.MoveDown):
		op = moveDown
	case key.Matches(k, ek.Unlink):
		op = unlinkBead
	case key.Matches(k, ek.Link):
		op = linkBead
	case key.Matches(k, ek.Confirm):
		op = confirmBead
	case key.Matches(k, ek.ConfirmAbove):
		op = confirmAbove
	case key.Matches(k, ek.Undo):
		return p.undoEdit(), true
	default:
		return nil, false
	}
	if p.item.pair == nil {
		return p.c.fail("an unpaired document has no beads to correct"), true
	}
	if p.c.data.SaveCorrections == nil {
		why := "corrections cannot be saved here"
		if len(p.c.data.Notes) > 0 {
			why += ": " + strings.Join(p.c.data.Notes, "; ")
		}
		return p.c.fail(why), true
	}
	r := p.rows[p.cursor]
	if r.bead < 0 {
		return p.c.fail("page furniture takes no part in alignment"), true
	}
	before := slices.Clone(p.item.pair.Beads)
	beads, focus, err := op(slices.Clone(before), r.bead, p.focus)
	if err == nil {
		err = p.checkBeads(before, beads)
	}
	if err != nil {
		return p.c.fail(err.Error()), true
	}
	p.undo = append(p.undo, before)
	return p.applyBeads(beads, focus), true
}

// applyBeads puts new beads in the pair, redraws, and saves. The
// sentence beads of the beads an edit left as they were are kept; once
// the pair is saved, they are asked for again (see saved).
func (p *pagerScreen) applyBeads(beads []align.Bead, focusBead int) tea.Cmd {
	old := p.item.pair.Beads
	p.setLit(-1)
	p.item.pair.Beads = beads
	p.prows = buildRows(p.item)
	p.rows = p.prows
	p.sv.edits++
	if p.sv.sents != nil {
		p.setSentences(keepSentences(old, beads, p.sv.sents), false)
		if p.sv.on {
			p.rows = p.srows
		}
	}
	p.rendered = nil
	p.layout()
	for i, r := range p.rows {
		if r.bead == focusBead {
			p.cursor = i
			break
		}
	}
	p.cursor = min(p.cursor, len(p.rows)-1)
	p.refreshDetail()
	p.ensureVisible()
	pair, save := *p.item.pair, p.c.data.SaveCorrections
	id, edit := p.sv.id, p.sv.edits
	return func() tea.Msg {
		return savedMsg{pager: id, edit: edit, err: save(pair)}
	}
}

// savedMsg reports a correction saved, or why not.
type savedMsg struct {
	pager, edit int // the parallel view that made it, and its count of edits then
	err         error
}

// saved says whether a correction was saved and, when it was the last
// one made here, asks again for the sentence beads it may have changed,
// when there are some or a request for them is on its way. The data
// aligns the pair as it was saved: when saving failed, the request is
// dropped, and the sentence beads of the beads the correction left as
// they were stay.
func (p *pagerScreen) saved(msg savedMsg) tea.Cmd {
	sv := &p.sv
	last := msg.pager == sv.id && msg.edit == sv.edits
	if msg.pager == sv.id {
		sv.saved = max(sv.saved, msg.edit)
	}
	if msg.err != nil {
		if last && sv.asking != 0 {
			if sv.cancel != nil {
				sv.cancel()
			}
			if sv.want.toggle {
				p.c.sentenceView = false
			}
			sv.asking, sv.cancel, sv.want = 0, nil, sentWant{}
		}
		return p.c.send(noteMsg{text: "corrections not saved: " + oneLine(msg.err), kind: noteErr})
	}
	p.c.send(noteMsg{text: "saved", kind: noteOK, quiet: true})
	if last && (sv.sents != nil || sv.asking != 0) {
		return p.askSentences()
	}
	return nil
}

// undoEdit restores the beads before the last correction.
func (p *pagerScreen) undoEdit() tea.Cmd {
	if len(p.undo) == 0 {
		return p.c.fail("nothing to undo")
	}
	last := p.undo[len(p.undo)-1]
	p.undo = p.undo[:len(p.undo)-1]
	focus := 0
	if r := p.rows[p.cursor]; r.bead >= 0 {
		focus = min(r.bead, len(last)-1)
	}
	p.c.note(noteOK, "undone")
	return p.applyBeads(last, focus)
}

func corrected(b align.Bead) align.Bead {
	b.Corrected, b.Confirmed, b.Score, b.Anchors = true, false, 1, nil
	return b
}

// side returns a bead's paragraphs on one side (0 Persian, 1 English).
func side(b *align.Bead, s int) *[]int {
	if s == 0 {
		return &b.A
	}
	return &b.B
}

// errMoved refuses an edit that would join a link out of order with
// another bead: its English stands elsewhere, so the bead would hold
// English paragraphs that are not next to each other.
func errMoved(what string) error {
	return fmt.Errorf("%s a link out of order (↗): its English stands elsewhere, so the bead would not hold consecutive paragraphs; d unlinks it, %% jumps to its English place", what)
}

func mergeBead(beads []align.Bead, i, _ int) ([]align.Bead, int, error) {
	if i+1 >= len(beads) {
		return nil, 0, fmt.Errorf("the last bead has nothing below to merge with")
	}
	switch {
	case beads[i].Moved:
		return nil, 0, errMoved("cannot merge: this bead is")
	case beads[i+1].Moved:
		return nil, 0, errMoved("cannot merge: the bead below is")
	}
	a, b := beads[i], beads[i+1]
	merged := corrected(align.Bead{A: append(slices.Clone(a.A), b.A...), B: append(slices.Clone(a.B), b.B...)})
	if len(merged.A) > 6 || len(merged.B) > 6 {
		return nil, 0, fmt.Errorf("a bead of more than six paragraphs a side is too large")
	}
	return slices.Replace(beads, i, i+2, merged), i, nil
}

func splitBead(beads []align.Bead, i, _ int) ([]align.Bead, int, error) {
	b := beads[i]
	if len(b.A) < 2 && len(b.B) < 2 {
		return nil, 0, fmt.Errorf("a bead of one paragraph a side cannot be split: d unlinks it")
	}
	first := corrected(align.Bead{A: head(b.A), B: head(b.B)})
	rest := corrected(align.Bead{A: tail(b.A), B: tail(b.B)})
	// The halves of a link out of order stay out of order.
	first.Moved, rest.Moved = b.Moved && first.Linked(), b.Moved && rest.Linked()
	return slices.Replace(beads, i, i+1, first, rest), i, nil
}

func head(x []int) []int {
	if len(x) == 0 {
		return []int{}
	}
	return []int{x[0]}
}

func tail(x []int) []int {
	if len(x) < 2 {
		return []int{}
	}
	return slices.Clone(x[1:])
}

// moveUp moves the first paragraph of the focused side into the bead
// above, the nearest one holding that side or none.
func moveUp(beads []align.Bead, i, s int) ([]align.Bead, int, error) {
	cur := side(&beads[i], s)
	if len(*cur) == 0 {
		return nil, 0, fmt.Errorf("this bead has no paragraph on the focused side (tab switches)")
	}
	if i == 0 {
		return nil, 0, fmt.Errorf("the first bead has no bead above")
	}
	if s == 1 && (beads[i].Moved || beads[i-1].Moved) {
		return nil, 0, errMoved("cannot move an English paragraph across")
	}
	para := (*cur)[0]
	*cur = slices.Clone((*cur)[1:])
	up := side(&beads[i-1], s)
	*up = append(slices.Clone(*up), para)
	beads[i-1], beads[i] = corrected(beads[i-1]), corrected(beads[i])
	return dropEmpty(beads), i - 1, nil
}

// moveDown moves the last paragraph of the focused side into the bead
// below.
func moveDown(beads []align.Bead, i, s int) ([]align.Bead, int, error) {
	cur := side(&beads[i], s)
	if len(*cur) == 0 {
		return nil, 0, fmt.Errorf("this bead has no paragraph on the focused side (tab switches)")
	}
	if i+1 >= len(beads) {
		return nil, 0, fmt.Errorf("the last bead has no bead below")
	}
	if s == 1 && (beads[i].Moved || beads[i+1].Moved) {
		return nil, 0, errMoved("cannot move an English paragraph across")
	}
	para := (*cur)[len(*cur)-1]
	*cur = slices.Clone((*cur)[:len(*cur)-1])
	down := side(&beads[i+1], s)
	*down = append([]int{para}, *down...)
	beads[i], beads[i+1] = corrected(beads[i]), corrected(beads[i+1])
	focus := i + 1
	if len(beads[i].A) == 0 && len(beads[i].B) == 0 {
		focus = i
	}
	return dropEmpty(beads), focus, nil
}

func dropEmpty(beads []align.Bead) []align.Bead {
	return slices.DeleteFunc(beads, func(b align.Bead) bool { return len(b.A) == 0 && len(b.B) == 0 })
}

func unlinkBead(beads []align.Bead, i, _ int) ([]align.Bead, int, error) {
	b := beads[i]
	if !b.Linked() {
		return nil, 0, fmt.Errorf("this bead is not linked")
	}
	a := corrected(align.Bead{A: b.A, B: []int{}})
	e := corrected(align.Bead{A: []int{}, B: b.B})
	if b.Moved {
		// The English goes back to its English place.
		slot := align.SlotB(beads, i)
		beads[i] = a
		focus := i
		if slot <= i {
			focus++
		}
		return slices.Insert(beads, slot, e), focus, nil
	}
	return slices.Replace(beads, i, i+1, a, e), i, nil
}

// linkBead links an unaligned bead with its unaligned neighbour of the
// other side, below first, then above.
func linkBead(beads []align.Bead, i, _ int) ([]align.Bead, int, error) {
	b := beads[i]
	if b.Linked() {
		return nil, 0, fmt.Errorf("this bead is linked already")
	}
	other := func(j int) bool {
		if j < 0 || j >= len(beads) || beads[j].Linked() {
			return false
		}
		return (len(b.A) > 0) != (len(beads[j].A) > 0)
	}
	j := i + 1
	if !other(j) {
		j = i - 1
	}
	if !other(j) {
		return nil, 0, fmt.Errorf("no unaligned paragraph of the other language next to this one")
	}
	lo := min(i, j)
	x, y := beads[lo], beads[lo+1]
	linked := corrected(align.Bead{A: append(slices.Clone(x.A), y.A...), B: append(slices.Clone(x.B), y.B...)})
	return slices.Replace(beads, lo, lo+2, linked), lo, nil
}

// checkBeads refuses beads an edit made (those not in before) that hold
// paragraphs of one side that are not next to each other, page furniture
// aside: the aligner could not keep them.
func (p *pagerScreen) checkBeads(before, after []align.Bead) error {
	old := map[string]bool{}
	for _, b := range before {
		old[b.String()] = true
	}
	for _, b := range after {
		if old[b.String()] {
			continue
		}
		for side, d := range []*corpus.Document{p.fa, p.en} {
			idx := b.A
			if side == 1 {
				idx = b.B
			}
			for k := 1; k < len(idx); k++ {
				if nextAligned(d, idx[k-1], idx[k]) {
					continue
				}
				lang := "Persian"
				if side == 1 {
					lang = "English"
				}
				why := ""
				for x, o := range before {
					if o.Moved && side == 1 && len(o.B) > 0 && o.B[0] > idx[k-1] && o.B[0] < idx[k] {
						why = fmt.Sprintf(": English ¶%s between them is linked out of order (bead %d)", align.FormatParas(o.B), x+1)
						break
					}
				}
				return fmt.Errorf("cannot make a bead of %s ¶%d and ¶%d, which are not next to each other%s; a bead holds consecutive paragraphs", lang, idx[k-1]+1, idx[k]+1, why)
			}
		}
	}
	return nil
}

// nextAligned reports whether paragraph b follows paragraph a in d, page
// furniture between them aside.
func nextAligned(d *corpus.Document, a, b int) bool {
	if d == nil || b <= a || b >= len(d.Paragraphs) {
		return false
	}
	for x := a + 1; x < b; x++ {
		if d.Paragraphs[x].Aligned() {
			return false
		}
	}
	return true
}

func confirmBead(beads []align.Bead, i, _ int) ([]align.Bead, int, error) {
	beads[i].Confirmed = !beads[i].Confirmed
	return beads, i, nil
}

func confirmAbove(beads []align.Bead, i, _ int) ([]align.Bead, int, error) {
	for j := 0; j <= i; j++ {
		beads[j].Confirmed = true
	}
	return beads, i, nil
}
