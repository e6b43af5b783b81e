package ui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hamta/align"
	"hamta/lexicon"
)

// The parallel view's keys that lead elsewhere from a word or a link: w
// and b select a word of the focused paragraph, o opens its concordance,
// and % jumps between the two places of a link out of order.

// wordSel is a word selected in the parallel view: rune offsets into one
// paragraph of one side.
type wordSel struct {
	side, para int
	start, end int
	row        int // the row it was selected in
}

// wordKey handles the word and jump keys; handled reports whether k was
// one.
func (p *pagerScreen) wordKey(k tea.KeyPressMsg) (cmd tea.Cmd, handled bool) {
	switch {
	case key.Matches(k, p.keys.NextWord):
		return p.stepWord(1), true
	case key.Matches(k, p.keys.PrevWord):
		return p.stepWord(-1), true
	case key.Matches(k, p.keys.Concord):
		return p.concord(), true
	case key.Matches(k, p.keys.Jump):
		return p.jump(), true
	}
	return nil, false
}

// rowWords are the words of the focused side of the cursor row that carry
// meaning, in reading order.
func (p *pagerScreen) rowWords() []wordSel {
	if len(p.rows) == 0 {
		return nil
	}
	r := p.rows[p.cursor]
	side := p.focus
	doc := p.doc(side)
	if doc == nil || (side == 1 && r.moved) || (side == 0 && r.slot) {
		return nil
	}
	var out []wordSel
	for _, sg := range p.textRanges(r, side) {
		if sg.para >= len(doc.Paragraphs) {
			continue
		}
		para := doc.Paragraphs[sg.para]
		for _, t := range lexicon.Tokens(para.Text, para.Lang) {
			if t.Content() && t.Start >= sg.from && t.End <= sg.to {
				out = append(out, wordSel{side: side, para: sg.para, start: t.Start, end: t.End, row: p.cursor})
			}
		}
	}
	return out
}

// stepWord selects the next (d=1) or previous (d=-1) word of the focused
// paragraph, around at either end.
func (p *pagerScreen) stepWord(d int) tea.Cmd {
	words := p.rowWords()
	if len(words) == 0 {
		return p.c.fail("no word to select here: the focused side of this row has no text (tab switches)")
	}
	at := -1
	if w := p.word; w != nil && w.row == p.cursor {
		at = slices.IndexFunc(words, func(x wordSel) bool { return x.side == w.side && x.para == w.para && x.start == w.start })
	}
	next := 0
	switch {
	case at >= 0:
		next = (at + d + len(words)) % len(words)
	case d < 0:
		next = len(words) - 1
	}
	p.selectWord(&words[next])
	return nil
}

// selectWord selects a word (nil: none) and draws the rows it leaves and
// enters again.
func (p *pagerScreen) selectWord(w *wordSel) {
	if old := p.word; old != nil {
		p.word = nil
		p.redraw(old.row)
	}
	if w != nil {
		sel := *w
		p.word = &sel
		p.redraw(sel.row)
	}
}

// dropStaleWord lets go of the selected word once the cursor has left its
// row or side.
func (p *pagerScreen) dropStaleWord() {
	if w := p.word; w != nil && (w.row != p.cursor || w.side != p.focus || w.row >= len(p.rows)) {
		p.selectWord(nil)
	}
}

// concord opens the concordance of the selected word, or of the word a
// search highlighted on the focused side of the cursor row; with neither,
// it selects the first word and says how to go on.
func (p *pagerScreen) concord() tea.Cmd {
	if w := p.word; w != nil && w.row == p.cursor {
		return p.c.send(openConcordMsg{word: p.wordText(w.side, w.para, w.start, w.end)})
	}
	if len(p.rows) > 0 {
		r := p.rows[p.cursor]
		for _, sg := range p.textRanges(r, p.focus) {
			if (p.focus == 1 && r.moved) || (p.focus == 0 && r.slot) {
				break
			}
			for _, h := range p.hl[[2]int{p.focus, sg.para}] {
				if h.start >= sg.from && h.end <= sg.to {
					return p.c.send(openConcordMsg{word: p.wordText(p.focus, sg.para, h.start, h.end)})
				}
			}
		}
	}
	if cmd := p.stepWord(1); cmd != nil {
		return cmd
	}
	return p.c.note(noteInfo, "w and b choose the word, o shows its concordance")
}

// wordText is runes [start, end) of a paragraph.
func (p *pagerScreen) wordText(side, para, start, end int) string {
	rs := []rune(p.doc(side).Paragraphs[para].Text)
	return string(rs[max(0, start):min(len(rs), end)])
}

// jump moves the cursor between the two places of a link out of order:
// the Persian place, where the view shows the bead, and the English
// place, where its English paragraphs stand.
func (p *pagerScreen) jump() tea.Cmd {
	if len(p.rows) == 0 {
		return nil
	}
	r := p.rows[p.cursor]
	if p.sv.on && r.bead >= 0 && p.item.pair.Beads[r.bead].Moved {
		return p.c.fail("in the sentence view a link out of order stands at its Persian place, its English sentences beside the Persian ones: v turns back to paragraphs, where % jumps to its English place")
	}
	if !r.moved && !r.slot {
		return p.c.fail("% jumps between the two places of a link out of order (↗ and ↙); this row is in order")
	}
	for i, o := range p.rows {
		if i != p.cursor && o.bead == r.bead && (o.moved || o.slot) {
			if o.slot {
				p.focus = 1
			} else if p.fa != nil {
				p.focus = 0
			}
			p.moveTo(i)
			where := "its English place"
			if o.moved {
				where = "its Persian place"
			}
			return p.c.note(noteInfo, "bead %d at %s · %% jumps back", r.bead+1, where)
		}
	}
	return nil
}

// movedNote says what a link out of order is, for the details line.
func movedNote(b align.Bead) string {
	if !b.Moved {
		return ""
	}
	return fmt.Sprintf("out of order: English ¶%s stands elsewhere (%% jumps there) · ", align.FormatParas(b.B))
}
