package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"hamta/align"
	"hamta/corpus"
	"hamta/ui/rtl"
)

// The parallel view at the sentence level. v turns the view between the
// paragraph beads and the sentence beads aligned inside them; in the
// sentence view each row is a sentence bead, the rows of one paragraph
// bead under a rule naming its paragraphs. In the paragraph view ( and )
// light the sentences of the bead under the cursor one sentence bead at a
// time, each with its counterpart. The sentence beads are asked for from
// the data off the event loop, the status line saying so meanwhile, and
// asked for again after each correction, which acts on paragraph beads
// in both views.

// sentState is what the parallel view knows of the pair's sentences.
type sentState struct {
	id int  // the view's number (common.lastID), for the answers to its work
	on bool // the rows are the sentence view's

	// sents are the pair's sentence beads, in its beads as they are;
	// nil until asked for. fresh is false when some were kept across a
	// correction while new ones are asked for.
	sents []align.SentenceBead
	fresh bool
	// byBead are the sentence beads of each paragraph bead; order the
	// sentence beads in the order the sentence view shows them, and place
	// the place of each in order (-1 for none).
	byBead [][]int
	order  []int
	place  []int
	lit    int                // the sentence bead lit in the paragraph view; -1 none
	asking int                // the request in flight (common.lastID); 0 none
	cancel context.CancelFunc // cancels it
	want   sentWant           // what to do once it is answered
	edits  int                // corrections made in this view
	saved  int                // the last of them whose saving has answered
}

// sentWant is what a key asked for while the sentence beads were on their
// way: to turn to the sentence view, or to light the next (1) or previous
// (-1) sentence.
type sentWant struct {
	toggle bool
	step   int
}

// sentencesMsg answers a request for a pair's sentence beads.
type sentencesMsg struct {
	id  int
	sbs []align.SentenceBead
	err error
	// edit is the view's count of corrections when it asked; pending
	// says some were not saved yet, so that the data may have aligned
	// the beads before them; misfit that the sentence beads do not fit
	// the pair as it was asked for (err says how).
	edit            int
	pending, misfit bool
}

// seg is part of a paragraph: runes [from, to) of its text.
type seg struct{ para, from, to int }

// sentencesWhy says why the pair has no sentence view, or "".
func (p *pagerScreen) sentencesWhy() string {
	switch {
	case p.item.pair == nil:
		return "an unpaired document has no counterpart to align its sentences with"
	case p.c.data.Sentences == nil && p.c.quick != nil:
		return "sentences are aligned once the corpus is read: the status bar shows how far it is"
	case p.c.data.Sentences == nil:
		return "sentence alignment is not available here"
	}
	return ""
}

// sentenceKey handles v, ( and ); handled reports whether k was one.
func (p *pagerScreen) sentenceKey(k tea.KeyPressMsg) (cmd tea.Cmd, handled bool) {
	switch {
	case key.Matches(k, p.keys.Sentences):
		return p.toggleSentences(), true
	case key.Matches(k, p.keys.NextSent):
		return p.stepSentence(1), true
	case key.Matches(k, p.keys.PrevSent):
		return p.stepSentence(-1), true
	}
	return nil, false
}

// toggleSentences turns the view between paragraph and sentence beads,
// asking for the sentence beads first when it has none.
func (p *pagerScreen) toggleSentences() tea.Cmd {
	if p.sv.on {
		p.c.sentenceView = false
		p.showParagraphs()
		return nil
	}
	if why := p.sentencesWhy(); why != "" {
		return p.c.fail(why)
	}
	if p.sv.sents != nil {
		p.c.sentenceView = true
		p.showSentences()
		return nil
	}
	// A second v while they are on their way stays in the paragraph view.
	p.sv.want = sentWant{toggle: !p.sv.want.toggle}
	p.c.sentenceView = p.sv.want.toggle
	if p.sv.asking != 0 {
		return nil
	}
	return p.askSentences()
}

// askSentences asks for the sentence beads of the pair's beads as they
// are, cancelling a request made before.
func (p *pagerScreen) askSentences() tea.Cmd {
	if p.sv.cancel != nil {
		p.sv.cancel()
	}
	p.c.lastID++
	id := p.c.lastID
	ctx, cancel := context.WithCancel(p.c.ctx)
	p.sv.asking, p.sv.cancel = id, cancel
	pair := *p.item.pair
	pair.Beads = slices.Clone(pair.Beads)
	f, fa, en := p.c.data.Sentences, p.fa, p.en
	msg := sentencesMsg{id: id, edit: p.sv.edits, pending: p.sv.saved != p.sv.edits}
	return func() tea.Msg {
		defer cancel()
		msg.sbs, msg.err = f(ctx, pair)
		if msg.err == nil {
			// Checked here, off the event loop: it splits every
			// paragraph of the pair into sentences again.
			if err := align.CheckSentenceBeads(fa, en, pair.Beads, msg.sbs); err != nil {
				msg.err, msg.misfit = err, true
			}
		}
		return msg
	}
}

// gotSentences takes the answer to the last request, then does what was
// asked for meanwhile.
func (p *pagerScreen) gotSentences(msg sentencesMsg) tea.Cmd {
	if msg.id != p.sv.asking {
		return nil // an earlier request, or another view's
	}
	if msg.edit != p.sv.edits || (msg.misfit && msg.pending) {
		// Aligned in the beads before a correction made since, or in
		// those saved before one not saved yet: once it is saved, saved
		// asks again. The request stays open until then.
		return nil
	}
	p.sv.asking, p.sv.cancel = 0, nil
	want := p.sv.want
	p.sv.want = sentWant{}
	if err := msg.err; err != nil {
		if errors.Is(err, context.Canceled) {
			return nil
		}
		if want.toggle {
			p.c.sentenceView = false
		}
		return p.c.fail("sentences not aligned: " + oneLine(err))
	}
	p.takeSentences(msg.sbs)
	switch {
	case want.toggle && !p.sv.on:
		p.showSentences()
	case want.step != 0:
		return p.stepSentence(want.step)
	}
	return nil
}

// takeSentences takes new sentence beads that fit the pair's beads. In
// the sentence view the cursor stays on the same paragraph bead, as near
// the sentence it was on as there is, and at the same line.
func (p *pagerScreen) takeSentences(sbs []align.SentenceBead) {
	p.setLit(-1)
	bead, nth := -1, 0 // where the cursor is in the sentence view
	if p.sv.on && p.cursor < len(p.rows) {
		bead = p.rows[p.cursor].bead
		for i := p.cursor - 1; i >= 0 && bead >= 0 && p.rows[i].bead == bead; i-- {
			nth++
		}
	}
	p.setSentences(sbs, true)
	if !p.sv.on {
		return
	}
	y := p.screenLine()
	p.rows, p.rendered, p.word = p.srows, nil, nil
	if bead >= 0 {
		for i, r := range p.rows {
			if r.bead == bead {
				p.cursor = i
				if nth == 0 || i+1 >= len(p.rows) || p.rows[i+1].bead != bead {
					break
				}
				nth--
			}
		}
	}
	p.settle(y)
}

// setSentences takes sentence beads that fit the pair's beads, and makes
// the rows of the sentence view again; fresh says they were aligned in
// the beads as they are.
func (p *pagerScreen) setSentences(sbs []align.SentenceBead, fresh bool) {
	sv := &p.sv
	sv.sents, sv.fresh = sbs, fresh
	sv.byBead = make([][]int, len(p.item.pair.Beads))
	for i, sb := range sbs {
		sv.byBead[sb.Bead] = append(sv.byBead[sb.Bead], i)
	}
	p.srows = p.sentenceRows()
	sv.order, sv.place = nil, make([]int, len(sbs))
	for i := range sv.place {
		sv.place[i] = -1
	}
	for _, r := range p.srows {
		if r.sentence {
			sv.place[r.sent] = len(sv.order)
			sv.order = append(sv.order, r.sent)
		}
	}
}

// keepSentences keeps, of sentence beads aligned in beads before, those
// of the beads a correction left as they were, renumbered into after.
func keepSentences(before, after []align.Bead, sbs []align.SentenceBead) []align.SentenceBead {
	at := make(map[string]int, len(after))
	for i, b := range after {
		at[b.String()] = i
	}
	out := []align.SentenceBead{}
	for _, sb := range sbs {
		if sb.Bead < len(before) {
			if j, ok := at[before[sb.Bead].String()]; ok {
				sb.Bead, sb.Moved = j, after[j].Moved
				out = append(out, sb)
			}
		}
	}
	return out
}

// sentenceRows lays out the sentence view: the paragraph view's rows
// with each bead's row replaced by the rows of its sentence beads, at the
// bead's Persian place for a link out of order (its English place left
// out: the English sentences stand beside the Persian ones). A bead with
// no sentence beads (yet: a correction changed it) keeps its paragraph
// row. Page furniture stays as it is.
func (p *pagerScreen) sentenceRows() []row {
	var out []row
	count := [2]runeCounter{{doc: p.fa, para: -1}, {doc: p.en, para: -1}}
	for _, r := range p.prows {
		switch {
		case r.slot:
			continue
		case r.bead < 0:
			out = append(out, r)
			continue
		case len(p.sv.byBead[r.bead]) == 0:
			r.head = true
			out = append(out, r)
			continue
		}
		for k, si := range p.sv.byBead[r.bead] {
			sb := p.sv.sents[si]
			out = append(out, row{
				a: align.Paras(sb.A), b: align.Paras(sb.B), bead: r.bead, score: sb.Score, anchors: sb.Anchors,
				sentence: true, sent: si, head: k == 0,
				segs: [2][]seg{count[0].segs(sb.A), count[1].segs(sb.B)},
			})
		}
	}
	for i := 0; i+1 < len(out); i++ {
		out[i].tight = out[i+1].head
	}
	return out
}

// runeCounter turns the byte offsets of sentences into rune offsets,
// counting on from the last offset asked for in the same paragraph.
type runeCounter struct {
	doc            *corpus.Document
	para, byt, run int
}

func (c *runeCounter) at(para, off int) int {
	if para != c.para || off < c.byt {
		c.para, c.byt, c.run = para, 0, 0
	}
	c.run += utf8.RuneCountInString(c.doc.Paragraphs[para].Text[c.byt:off])
	c.byt = off
	return c.run
}

// segs are the parts of paragraphs sentences cover, one for each
// paragraph: the sentences of a bead follow each other in a paragraph.
func (c *runeCounter) segs(ss []align.Sentence) []seg {
	var out []seg
	for _, s := range ss {
		from := c.at(s.Para, s.Start)
		to := c.at(s.Para, s.End)
		if n := len(out); n > 0 && out[n-1].para == s.Para {
			out[n-1].to = max(out[n-1].to, to)
			continue
		}
		out = append(out, seg{s.Para, from, to})
	}
	return out
}

// screenLine is where the cursor row's first line stands in the view,
// counted from its first line of rows (negative when above it).
func (p *pagerScreen) screenLine() int {
	if p.tops == nil || p.cursor >= len(p.tops) {
		return 0
	}
	return p.tops[p.cursor] - p.offset
}

// settle lays the rows out again, puts the cursor row's first line at
// line y of the view where it can, and keeps the cursor in view.
func (p *pagerScreen) settle(y int) {
	p.cursor = max(0, min(p.cursor, len(p.rows)-1))
	if p.width <= 0 {
		p.reveal = true
		return
	}
	p.layout()
	p.offset = max(0, min(p.tops[p.cursor]-y, p.maxOffset()))
	p.refreshDetail()
	p.ensureVisible()
}

// showSentences turns the view to the sentence beads, the cursor on the
// sentence lit, or the one a search hit is in, or the first of the
// cursor's bead.
func (p *pagerScreen) showSentences() {
	target := p.sentenceTarget()
	y := p.screenLine()
	p.setLit(-1)
	p.sv.on, p.rows, p.rendered, p.word = true, p.srows, nil, nil
	p.cursor = target
	p.settle(y)
}

// sentenceTarget is the row of the sentence view that stands for the
// cursor row of the paragraph view.
func (p *pagerScreen) sentenceTarget() int {
	if len(p.prows) == 0 {
		return 0
	}
	r := p.prows[p.cursor]
	si := -1
	if r.bead >= 0 {
		switch {
		case p.sv.lit >= 0 && p.sv.sents[p.sv.lit].Bead == r.bead:
			si = p.sv.lit
		default:
			si = p.hitSentence(r)
		}
		if si < 0 && len(p.sv.byBead[r.bead]) > 0 {
			si = p.sv.byBead[r.bead][0]
		}
	}
	for i, s := range p.srows {
		switch {
		case si >= 0 && s.sentence && s.sent == si,
			si < 0 && r.bead >= 0 && s.bead == r.bead,
			r.bead < 0 && s.furniture && slices.Equal(s.a, r.a) && slices.Equal(s.b, r.b):
			return i
		}
	}
	return 0
}

// hitSentence is the sentence bead of row r's bead holding the first
// search highlight of the focused side, or -1.
func (p *pagerScreen) hitSentence(r row) int {
	side := p.focus
	doc := p.doc(side)
	for _, para := range r.side(side) {
		hl := p.hl[[2]int{side, para}]
		if len(hl) == 0 || doc == nil {
			continue
		}
		for _, si := range p.sv.byBead[r.bead] {
			sb := p.sv.sents[si]
			ss := sb.A
			if side == 1 {
				ss = sb.B
			}
			for _, s := range ss {
				if s.Para != para {
					continue
				}
				if a, b := s.Runes(doc); a <= hl[0].start && hl[0].start < b {
					return si
				}
			}
		}
	}
	return -1
}

// showParagraphs turns the view back to paragraph beads, the cursor on
// the bead of the sentence it was on, that sentence lit.
func (p *pagerScreen) showParagraphs() {
	r := p.srows[min(p.cursor, len(p.srows)-1)]
	y := p.screenLine()
	p.sv.on, p.rows, p.rendered, p.word = false, p.prows, nil, nil
	p.cursor = 0
	for i, pr := range p.prows {
		if (r.bead >= 0 && pr.bead == r.bead && !pr.slot) ||
			(r.bead < 0 && pr.furniture && slices.Equal(pr.a, r.a) && slices.Equal(pr.b, r.b)) {
			p.cursor = i
			break
		}
	}
	if r.sentence {
		p.sv.lit = r.sent
	}
	p.settle(y)
	p.revealLit()
}

// stepSentence lights the next (d=1) or previous (d=-1) sentence bead in
// the paragraph view, moving the cursor to its paragraph bead when it is
// in another; in the sentence view it moves to the next or previous
// sentence row.
func (p *pagerScreen) stepSentence(d int) tea.Cmd {
	if why := p.sentencesWhy(); why != "" {
		return p.c.fail(why)
	}
	if p.sv.on {
		for i := p.cursor + d; i >= 0 && i < len(p.rows); i += d {
			if p.rows[i].sentence {
				p.moveTo(i)
				return nil
			}
		}
		return p.c.note(noteInfo, "no sentence %s this one", map[int]string{1: "after", -1: "before"}[d])
	}
	if p.sv.sents == nil || !p.sv.fresh {
		p.sv.want.step = d
		if p.sv.asking != 0 {
			return nil
		}
		return p.askSentences()
	}
	sv := &p.sv
	r := p.rows[p.cursor]
	pos := -1
	if sv.lit >= 0 && r.bead >= 0 && sv.sents[sv.lit].Bead == r.bead {
		pos = sv.place[sv.lit] + d
	} else {
		for i := p.cursor; i >= 0 && i < len(p.rows); i += d {
			if b := p.rows[i].bead; b >= 0 && len(sv.byBead[b]) > 0 {
				in := sv.byBead[b]
				pos = sv.place[in[0]]
				if d < 0 {
					pos = sv.place[in[len(in)-1]]
				}
				break
			}
		}
	}
	if pos < 0 || pos >= len(sv.order) {
		return p.c.note(noteInfo, "no sentence %s this one", map[int]string{1: "after", -1: "before"}[d])
	}
	si := sv.order[pos]
	if b := sv.sents[si].Bead; b != r.bead {
		for i, pr := range p.rows {
			if pr.bead == b && !pr.slot {
				p.cursor = i
				break
			}
		}
	}
	p.setLit(si)
	p.refreshDetail()
	p.ensureVisible()
	p.revealLit()
	return nil
}

// setLit lights sentence bead si (-1: none) in the paragraph view and
// draws the rows it leaves and enters again.
func (p *pagerScreen) setLit(si int) {
	old := p.sv.lit
	p.sv.lit = si
	for i, r := range p.rows {
		if r.bead < 0 || r.sentence {
			continue
		}
		if (old >= 0 && old < len(p.sv.sents) && p.sv.sents[old].Bead == r.bead) || (si >= 0 && p.sv.sents[si].Bead == r.bead) {
			p.redraw(i)
		}
	}
}

// dropStaleLit puts the light out once the cursor has left the lit
// sentence's bead.
func (p *pagerScreen) dropStaleLit() {
	if sv := &p.sv; !sv.on && sv.lit >= 0 && (len(p.rows) == 0 || p.rows[p.cursor].bead != sv.sents[sv.lit].Bead) {
		p.setLit(-1)
	}
}

// litSpans are the runes of paragraph para of a side that the lit
// sentence bead covers, when row r shows it.
func (p *pagerScreen) litSpans(r row, side, para int) []span {
	sv := &p.sv
	if sv.on || sv.lit < 0 || r.sentence || r.bead < 0 || sv.sents[sv.lit].Bead != r.bead {
		return nil
	}
	sb := sv.sents[sv.lit]
	ss, doc := sb.A, p.fa
	if side == 1 {
		ss, doc = sb.B, p.en
	}
	// The sentences of a bead in one paragraph follow each other: one
	// span, the space between them lit too.
	var out []span
	for _, s := range ss {
		if s.Para == para {
			a, b := s.Runes(doc)
			if len(out) == 0 {
				out = append(out, span{a, b})
				continue
			}
			out[0] = span{min(out[0].start, a), max(out[0].end, b)}
		}
	}
	return out
}

// revealLit scrolls so that the lit sentences of the cursor row are in
// view, on both sides, where they fit.
func (p *pagerScreen) revealLit() {
	if p.sv.lit < 0 || p.tops == nil || len(p.rows) == 0 {
		return
	}
	first, last := -1, -1
	r := p.rows[p.cursor]
	lw, rw := p.paneWidths()
	left := p.leftSide()
	for _, sw := range [2][2]int{{left, lw}, {1 - left, rw}} {
		side, width := sw[0], sw[1]
		if p.doc(side) == nil || (side == 1 && r.moved) || (side == 0 && r.slot) {
			continue
		}
		line := 0
		for k, para := range r.side(side) {
			line += boolInt(k > 0) // the ¶ between two paragraphs
			pp := p.paragraph(p.c.pt, side, para)
			lit := p.litSpans(r, side, para)
			for j, ls := range pp.wrap(width - p.c.pt.markCells(pp)) {
				for _, sp := range lit {
					if ls.b > ls.a && int(pp.src[ls.a]) < sp.end && int(pp.src[ls.b-1]) >= sp.start {
						if first < 0 || line+j < first {
							first = line + j
						}
						last = max(last, line+j)
					}
				}
			}
			line += len(pp.wrap(width - p.c.pt.markCells(pp)))
		}
	}
	if first < 0 {
		return
	}
	p.showLines(p.tops[p.cursor]+first, p.tops[p.cursor]+last)
}

// sentenceLines draws one side of a sentence row: its sentences, a dim ¶
// between the parts of two paragraphs.
func (p *pagerScreen) sentenceLines(pt *painter, side int, r row, width int) []string {
	var out []string
	for k, sg := range r.segs[side] {
		pp := p.paragraph(pt, side, sg.para).slice(sg.from, sg.to)
		if k > 0 {
			out = append(out, p.paraMark(pp, width))
		}
		out = append(out, pt.block(pp, width, p.look(side, sg.para))...)
	}
	return out
}

// paraMark is the dim ¶ between two paragraphs of a cell: a mark of the
// chrome, like the separator, at the side the paragraph starts from, with
// no direction marks around it, which a terminal that orders text itself
// would act on.
func (p *pagerScreen) paraMark(pp *prepared, width int) string {
	mark, gap := p.c.st.dim.Render("¶"), strings.Repeat(" ", max(0, width-1))
	if pp.para%2 == 1 {
		return gap + mark
	}
	return mark + gap
}

// headLine is the rule over a paragraph bead's group in the sentence
// view: each pane's part names the bead's paragraphs of that side, at the
// side its text starts from, and says where a link out of order has its
// English.
func (p *pagerScreen) headLine(pt *painter, r row, lw, rw, left int) string {
	b := p.item.pair.Beads[r.bead]
	part := func(side, width int) string {
		paras := b.A
		if side == 1 {
			paras = b.B
		}
		label := ""
		if len(paras) > 0 {
			label = " ¶" + align.FormatParas(paras) + " "
		}
		if side == 1 && b.Moved && len(paras) > 0 {
			label = " ¶" + align.FormatParas(paras) + " · out of order "
		}
		fill := strings.Repeat("─", max(0, width-2-ansi.StringWidth(label)))
		s := "──" + label + fill
		if side == 0 {
			s = fill + label + "──"
		}
		return pt.line(pt.prepare(rtl.LTR, styled(&p.c.st.dim, s)), width, true, look{})
	}
	return part(left, lw) + p.c.st.dim.Render("─┼─") + part(1-left, rw)
}

// beadMark is the margin mark of a paragraph bead on its rule in the
// sentence view: confirmed (✓), corrected (✎), out of order (↗).
func (p *pagerScreen) beadMark(bead int) string {
	if bead < 0 || p.item.pair == nil {
		return " "
	}
	st, b := p.c.st, p.item.pair.Beads[bead]
	switch {
	case b.Confirmed:
		return st.ok.Render("✓")
	case b.Corrected:
		return st.ok.Render("✎")
	case b.Moved && len(b.B) > 0:
		return st.jump.Render("↗")
	}
	return " "
}

// sentenceStatus is the status of the cursor row at the sentence level:
// the sentence bead's place in the sentence view, or the lit one's in the
// paragraph view, and whether sentence beads are on their way.
func (p *pagerScreen) sentenceStatus(r row) string {
	sv := &p.sv
	s := ""
	switch {
	case r.sentence:
		s = fmt.Sprintf(" · sentence %d/%d", sv.place[r.sent]+1, len(sv.order))
	case !sv.on && sv.lit >= 0 && sv.place[sv.lit] >= 0 && r.bead == sv.sents[sv.lit].Bead:
		s = fmt.Sprintf(" · sentence %d/%d", sv.place[sv.lit]+1, len(sv.order))
	}
	if sv.asking != 0 {
		s += " · aligning sentences…"
	}
	return s
}

// sentenceDetail is the details line of a sentence row: the sentence
// bead's shape, score and anchors, and its paragraph bead.
func (p *pagerScreen) sentenceDetail(r row) string {
	sb := p.sv.sents[r.sent]
	b := p.item.pair.Beads[r.bead]
	var s string
	if !sb.Linked() {
		s = fmt.Sprintf("sentence with no counterpart · confidence %.2f that none is near", sb.Score)
	} else {
		anchors := anchorList(sb.Anchors, "no shared anchors")
		s = fmt.Sprintf("sentence bead %s · score %.2f · %s", sb.Type(), sb.Score, anchors)
	}
	what := ""
	switch {
	case b.Confirmed:
		what = ", confirmed"
	case b.Corrected:
		what = ", corrected"
	}
	if b.Moved {
		what += ", out of order"
	}
	return fmt.Sprintf("%s · in bead %d (¶%s ↔ ¶%s%s)", s, r.bead+1, orDash(align.FormatParas(b.A)), orDash(align.FormatParas(b.B)), what)
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// copySentences copies the focused side of a sentence row, as it is
// written.
func (p *pagerScreen) copySentences(r row) tea.Cmd {
	side := p.focus
	sb := p.sv.sents[r.sent]
	ss, doc, lang := sb.A, p.fa, "Persian"
	if side == 1 {
		ss, doc, lang = sb.B, p.en, "English"
	}
	if len(ss) == 0 {
		return p.c.fail(fmt.Sprintf("this sentence bead has no %s sentence: tab switches to the other side", lang))
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.Text(doc)
	}
	return p.copyParts(parts, " ", lang, "sentence")
}

// copySentenceTSV copies a sentence bead as hamta export --unit sentence
// writes it: a header row and the bead's row.
func (p *pagerScreen) copySentenceTSV(r row) tea.Cmd {
	var buf bytes.Buffer
	rows := align.SentenceRows(p.fa, p.en, p.item.pair.Beads, []align.SentenceBead{p.sv.sents[r.sent]}, align.RowOptions{Unaligned: true})
	if err := align.WriteTSV(&buf, rows); err != nil {
		return p.c.fail("copy: " + oneLine(err))
	}
	p.c.note(noteOK, "copied sentence %d as TSV (header and one row, %d characters) to the clipboard", p.sv.place[r.sent]+1, utf8.RuneCount(buf.Bytes()))
	return tea.SetClipboard(buf.String())
}

// textRanges are the parts of paragraphs a row shows on a side: whole
// paragraphs, or a sentence row's sentences.
func (p *pagerScreen) textRanges(r row, side int) []seg {
	if r.sentence {
		return r.segs[side]
	}
	out := make([]seg, 0, len(r.side(side)))
	for _, i := range r.side(side) {
		out = append(out, seg{i, 0, int(^uint(0) >> 1)})
	}
	return out
}

// exportSentences are the sentence beads the export prompt is given: the
// ones shown, when they were aligned in the beads as they are.
func (p *pagerScreen) exportSentences() []align.SentenceBead {
	if p.sv.sents == nil || !p.sv.fresh {
		return nil
	}
	return p.sv.sents
}
