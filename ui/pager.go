package ui

import (
	"bytes"
	"fmt"
	"iter"
	"sort"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hamta/align"
	"hamta/corpus"
	"hamta/internal/par"
	"hamta/ui/rtl"

	"github.com/charmbracelet/x/ansi"
)

// lowScore is the bead score below which a link is marked uncertain.
const lowScore = 0.5

// wheelLines is how far one turn of the mouse wheel scrolls.
const wheelLines = 3

// row is one row of the parallel view: a bead, or a paragraph of page
// furniture. a holds Persian paragraph indices, b English ones.
type row struct {
	a, b      []int
	bead      int // index in the pair's beads; -1 for furniture and unpaired text
	score     float64
	anchors   []align.Anchor
	furniture bool
	ord       int // for unpaired text: the paragraph's place among those counted (1-based)
	// moved marks a link out of order at its Persian place: its English
	// cell points to the English place. slot marks that English place: a
	// row of the same bead whose Persian cell points back.
	moved, slot bool

	// In the sentence view (see sentences.go): sentence marks a row of
	// one sentence bead, sent its index in the pager's sentence beads,
	// segs its text on each side. head marks the first row of a
	// paragraph bead's group, drawn under a rule naming the bead's
	// paragraphs; tight leaves out the blank line after a row the next
	// group's rule follows.
	sentence    bool
	sent        int
	segs        [2][]seg
	head, tight bool
}

func (r row) linked() bool { return len(r.a) > 0 && len(r.b) > 0 }

// side returns the row's paragraphs of one side (0 Persian, 1 English).
func (r row) side(s int) []int {
	if s == 0 {
		return r.a
	}
	return r.b
}

// renderedRow is a row drawn at some width: the lines of each pane.
type renderedRow struct {
	head        string // the rule over a group of the sentence view, or ""
	left, right []string
	height      int // lines: the rule, the panes' and the blank line after the row
}

// Parallel view layout, left to right: a cursor column, a mark column, the
// left pane, a separator, the right pane, a cursor column. The cursor
// mark stands in the cursor column on the focused pane's side. An
// unpaired document has one pane, as wide as the rest.
const (
	pagerHeader = 2 // the pair's line and the pane titles
	sepWidth    = 3 // " │ "
)

// pagerScreen is the parallel view of one pair (or one unpaired document).
type pagerScreen struct {
	c             *common
	keys          pagerKeys
	width, height int

	item   *libItem
	fa, en *corpus.Document
	counts [2]int // paragraphs of each side, furniture left out (see paraCount)
	rows   []row
	cursor int  // row
	offset int  // first line drawn
	swap   bool // Persian on the left
	focus  int  // 0 the Persian pane, 1 the English pane
	detail bool
	reveal bool              // scroll the cursor into view once laid out
	hl     map[[2]int][]span // (side, paragraph) → highlighted runes
	undo   [][]align.Bead    // the pair's beads before each correction
	hits   bool              // opened from a search hit
	word   *wordSel          // the word selected (w, b), for its concordance

	// The sentence level (sentences.go): rows holds prows, the rows of
	// the paragraph view, or srows, those of the sentence view.
	prows, srows []row
	sv           sentState

	// Paragraphs made ready for the screen, by side and index: sanitised,
	// measured and with their bidi levels, whatever the width.
	prep [2][]*prepared

	// Drawn rows, for the width, pane order and styles they were drawn
	// with.
	cacheWidth, cacheGen int
	cacheSwap            bool
	rendered             []renderedRow
	tops                 []int // first line of each row; tops[len(rows)] is the total
	detailLines          []string
}

func newPager(c *common, msg openPairMsg) *pagerScreen {
	it := msg.item
	p := &pagerScreen{c: c, keys: newPagerKeys(), item: it, fa: it.fa, en: it.en, hl: msg.hl, hits: msg.fromSearch}
	if p.hl == nil {
		p.hl = map[[2]int][]span{}
	}
	c.lastID++
	p.sv = sentState{id: c.lastID, lit: -1}
	p.prows = buildRows(it)
	p.rows = p.prows
	if p.fa != nil {
		p.prep[0] = make([]*prepared, len(p.fa.Paragraphs))
		p.counts[0] = paraCount(p.fa)
	}
	if p.en != nil {
		p.prep[1] = make([]*prepared, len(p.en.Paragraphs))
		p.counts[1] = paraCount(p.en)
	}
	if p.fa == nil {
		p.focus = 1
	}
	if msg.para >= 0 {
		p.goToPara(msg.side, msg.para)
	}
	return p
}

// buildRows lays out a pair's beads in order, with each side's furniture
// paragraphs as rows of their own where they stand in the document.
func buildRows(it *libItem) []row {
	var rows []row
	if it.pair == nil {
		d, side := it.fa, 0
		if d == nil {
			d, side = it.en, 1
		}
		ord := 0
		for _, p := range d.Paragraphs {
			r := row{bead: -1, furniture: !p.Aligned()}
			if !r.furniture {
				ord++
				r.ord = ord
			}
			if side == 0 {
				r.a = []int{p.Index}
			} else {
				r.b = []int{p.Index}
			}
			rows = append(rows, r)
		}
		return rows
	}
	nextA, nextB := 0, 0
	furnitureUpTo := func(limitA, limitB int) {
		for ; nextA < limitA && nextA < len(it.fa.Paragraphs); nextA++ {
			if !it.fa.Paragraphs[nextA].Aligned() {
				rows = append(rows, row{a: []int{nextA}, bead: -1, furniture: true})
			}
		}
		for ; nextB < limitB && nextB < len(it.en.Paragraphs); nextB++ {
			if !it.en.Paragraphs[nextB].Aligned() {
				rows = append(rows, row{b: []int{nextB}, bead: -1, furniture: true})
			}
		}
	}
	beads := it.pair.Beads
	// The English places of the links out of order, by the bead they
	// stand before, in English order.
	slots := map[int][]int{}
	for i, b := range beads {
		if b.Moved && len(b.B) > 0 {
			at := align.SlotB(beads, i)
			slots[at] = append(slots[at], i)
		}
	}
	for _, s := range slots {
		sort.Slice(s, func(x, y int) bool { return beads[s[x]].B[0] < beads[s[y]].B[0] })
	}
	slotRows := func(at int) {
		for _, m := range slots[at] {
			b := beads[m]
			furnitureUpTo(nextA, b.B[0])
			rows = append(rows, row{a: b.A, b: b.B, bead: m, score: b.Score, anchors: b.Anchors, slot: true})
			nextB = max(nextB, b.B[len(b.B)-1]+1)
		}
	}
	for i, b := range beads {
		slotRows(i)
		la, lb := nextA, nextB
		if len(b.A) > 0 {
			la = b.A[0]
		}
		if len(b.B) > 0 && !b.Moved {
			lb = b.B[0]
		}
		furnitureUpTo(la, lb)
		rows = append(rows, row{a: b.A, b: b.B, bead: i, score: b.Score, anchors: b.Anchors, moved: b.Moved && len(b.B) > 0})
		if len(b.A) > 0 {
			nextA = b.A[len(b.A)-1] + 1
		}
		if len(b.B) > 0 && !b.Moved {
			nextB = max(nextB, b.B[len(b.B)-1]+1)
		}
	}
	slotRows(len(beads))
	furnitureUpTo(len(it.fa.Paragraphs), len(it.en.Paragraphs))
	return rows
}

// goToPara puts the cursor on the row holding a paragraph.
func (p *pagerScreen) goToPara(side, para int) {
	for i, r := range p.rows {
		if (side == 1 && r.moved) || (side == 0 && r.slot) {
			continue // the paragraph's text stands at its other place
		}
		for _, x := range r.side(side) {
			if x == para {
				p.cursor, p.reveal = i, true
				if (side == 0 && p.fa != nil) || (side == 1 && p.en != nil) {
					p.focus = side
				}
				return
			}
		}
	}
}

// single reports a view of one document.
func (p *pagerScreen) single() bool { return p.fa == nil || p.en == nil }

// paneWidths splits the window between the panes (rw 0 for one pane).
func (p *pagerScreen) paneWidths() (lw, rw int) {
	const gutters = 3 // the cursor and mark columns on the left, the cursor column on the right
	if p.single() {
		return max(1, p.width-gutters), 0
	}
	inner := max(2, p.width-gutters-sepWidth)
	lw = inner / 2
	return lw, inner - lw
}

// leftSide is the side drawn in the left (or only) pane.
func (p *pagerScreen) leftSide() int {
	switch {
	case p.fa == nil:
		return 1
	case p.en == nil:
		return 0
	case p.swap:
		return 0
	}
	return 1
}

// focusRight reports whether the cursor mark goes in the right column:
// the focused pane is on the right, or is the only pane and holds
// right-to-left text.
func (p *pagerScreen) focusRight() bool {
	if p.single() {
		return p.fa != nil
	}
	return p.focus != p.leftSide()
}

// layout draws every row at the current width, when the width, the pane
// order or the styles changed since the last time.
func (p *pagerScreen) layout() {
	if p.rendered != nil && p.cacheWidth == p.width && p.cacheSwap == p.swap && p.cacheGen == p.c.styleGen {
		return
	}
	lw, rw := p.paneWidths()
	left := p.leftSide()
	p.rendered = make([]renderedRow, len(p.rows))
	p.tops = make([]int, len(p.rows)+1)
	// Rows are independent: draw them on every core.
	par.Strided(len(p.rows), 200, func(items iter.Seq[int]) {
		pt := newPainter(p.c.bidi)
		for i := range items {
			p.rendered[i] = p.renderRow(pt, i, lw, rw, left)
		}
	})
	for i, rr := range p.rendered {
		p.tops[i+1] = p.tops[i] + rr.height
	}
	p.cacheWidth, p.cacheSwap, p.cacheGen = p.width, p.swap, p.c.styleGen
}

// renderRow draws row i at pane widths lw and rw, left the side in the
// left pane.
func (p *pagerScreen) renderRow(pt *painter, i, lw, rw, left int) renderedRow {
	r := p.rows[i]
	var rr renderedRow
	if r.head {
		rr.head = p.headLine(pt, r, lw, rw, left)
	}
	extra := boolInt(r.head) + 1 - boolInt(r.tight)
	l := p.sideLines(pt, left, r, lw)
	if p.single() {
		rr.left, rr.height = padLines(l, len(l), lw), len(l)+extra
		return rr
	}
	rt := p.sideLines(pt, 1-left, r, rw)
	h := max(len(l), len(rt))
	rr.left, rr.right, rr.height = padLines(l, h, lw), padLines(rt, h, rw), h+extra
	return rr
}

// redraw draws row i again, after its highlights changed: its height
// stays, as highlights do not change how text wraps.
func (p *pagerScreen) redraw(i int) {
	if p.rendered == nil || i < 0 || i >= len(p.rows) {
		return
	}
	lw, rw := p.paneWidths()
	p.rendered[i] = p.renderRow(p.c.pt, i, lw, rw, p.leftSide())
}

func padLines(lines []string, h, width int) []string {
	blank := strings.Repeat(" ", width)
	for len(lines) < h {
		lines = append(lines, blank)
	}
	return lines
}

// sideLines draws one side of a row: its paragraphs, each wrapped to the
// pane, Persian right to left, a dim ¶ between two paragraphs of one bead.
func (p *pagerScreen) sideLines(pt *painter, side int, r row, width int) []string {
	doc := p.doc(side)
	switch {
	case r.moved && side == 1:
		return []string{p.jumpMark(pt, "↗ ¶"+align.FormatParas(r.b), width, false)}
	case r.slot && side == 0:
		return []string{p.jumpMark(pt, "↙ ¶"+align.FormatParas(r.a), width, true)}
	}
	if r.sentence {
		return p.sentenceLines(pt, side, r, width)
	}
	var out []string
	for k, i := range r.side(side) {
		if doc == nil || i >= len(doc.Paragraphs) {
			continue
		}
		pp := p.paragraph(pt, side, i)
		if k > 0 {
			// A mark of the chrome, like the separator: at the side the
			// paragraph starts from, with no direction marks around it,
			// which a terminal that orders text itself would act on.
			mark, gap := p.c.st.dim.Render("¶"), strings.Repeat(" ", max(0, width-1))
			if pp.para%2 == 1 {
				out = append(out, gap+mark)
			} else {
				out = append(out, mark+gap)
			}
		}
		lk := p.look(side, i)
		lk.lit, lk.litSt = p.litSpans(r, side, i), &p.c.st.lit
		if r.furniture {
			lk.base = &p.c.st.faint
		}
		out = append(out, pt.block(pp, width, lk)...)
	}
	return out
}

// look is how a paragraph's runes are styled: the search's highlights,
// or the word selected in it.
func (p *pagerScreen) look(side, para int) look {
	lk := look{hl: p.hl[[2]int{side, para}], hlSt: &p.c.st.hl}
	if w := p.word; w != nil && w.side == side && w.para == para {
		lk.hl, lk.hlSt = []span{{w.start, w.end}}, &p.c.st.wordSel
	}
	return lk
}

// anchorList says which anchors a link's sides share ("anchors: a, b = c"),
// or none when they share none.
func anchorList(anchors []align.Anchor, none string) string {
	if len(anchors) == 0 {
		return none
	}
	as := make([]string, len(anchors))
	for i, a := range anchors {
		as[i] = a.String()
	}
	return "anchors: " + strings.Join(as, ", ")
}

// jumpMark draws the mark of a link out of order in a cell: where its
// other part stands. It reads left to right; in the Persian pane it
// stands at the right, where the pane's text starts.
func (p *pagerScreen) jumpMark(pt *painter, text string, width int, right bool) string {
	s := pt.line(pt.prepare(rtl.LTR, styled(&p.c.st.jump, text)), width, false, look{})
	gap := strings.Repeat(" ", max(0, width-ansi.StringWidth(s)))
	if right {
		return gap + s
	}
	return s + gap
}

func (p *pagerScreen) doc(side int) *corpus.Document {
	if side == 0 {
		return p.fa
	}
	return p.en
}

// paragraph is a paragraph of one side made ready for the screen, once:
// Persian right to left, English left to right. Each slot is written by
// the one worker that draws its row.
func (p *pagerScreen) paragraph(pt *painter, side, i int) *prepared {
	if pp := p.prep[side][i]; pp != nil {
		return pp
	}
	para := p.doc(side).Paragraphs[i]
	dir := rtl.LTR
	if para.Lang == corpus.LangFA {
		dir = rtl.RTL
	}
	pp := pt.prepareText(para.Text, dir)
	p.prep[side][i] = pp
	return pp
}

// rowAt is the row drawn at a line.
func (p *pagerScreen) rowAt(lineNo int) int {
	i := sort.SearchInts(p.tops, lineNo+1) - 1
	return max(0, min(len(p.rows)-1, i))
}

// rowsHeight is the number of lines the rows get: the body less the
// header and the details.
func (p *pagerScreen) rowsHeight() int {
	return max(1, p.height-pagerHeader-len(p.detailLines))
}

// maxOffset is the last line the view may start at.
func (p *pagerScreen) maxOffset() int {
	if p.tops == nil {
		return 0
	}
	return max(0, p.tops[len(p.rows)]-p.rowsHeight())
}

// ensureVisible scrolls so the cursor row is in view.
func (p *pagerScreen) ensureVisible() {
	if len(p.rows) == 0 || p.tops == nil {
		p.offset = 0
		return
	}
	p.showLines(p.tops[p.cursor], p.tops[p.cursor+1]-1)
}

// showLines scrolls as little as it takes to show lines top to bottom, or
// as many of them from top as fit.
func (p *pagerScreen) showLines(top, bottom int) {
	h := p.rowsHeight()
	switch {
	case top < p.offset:
		p.offset = top
	case bottom >= p.offset+h:
		p.offset = min(top, bottom-h+1)
	}
	p.offset = max(0, min(p.offset, p.maxOffset()))
}

// scroll moves the view by n lines, the cursor following to a row in
// view. At either end it moves the cursor on to the first or last row, so
// the wheel reaches both.
func (p *pagerScreen) scroll(n int) {
	if p.tops == nil || len(p.rows) == 0 {
		return
	}
	before := p.offset
	p.offset = max(0, min(p.offset+n, p.maxOffset()))
	h := p.rowsHeight()
	switch {
	case p.offset == before && n > 0:
		p.cursor = len(p.rows) - 1
	case p.offset == before && n < 0:
		p.cursor = 0
	case p.tops[p.cursor] < p.offset || p.tops[p.cursor] >= p.offset+h:
		p.cursor = p.rowAt(p.offset)
		if p.tops[p.cursor] < p.offset && p.cursor+1 < len(p.rows) {
			p.cursor++
		}
	}
	p.refreshDetail()
}

// moveTo puts the cursor on row i and scrolls it into view.
func (p *pagerScreen) moveTo(i int) {
	p.cursor = max(0, min(len(p.rows)-1, i))
	p.refreshDetail()
	p.ensureVisible()
}

func (p *pagerScreen) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
	p.refreshDetail()
	if p.reveal {
		p.reveal = false
		p.ensureVisible()
	}
	p.offset = max(0, min(p.offset, p.maxOffset()))
}

// Shown asks for the sentence beads when the sentence view was the last
// one chosen: the view turns to them once they come.
func (p *pagerScreen) Shown() tea.Cmd {
	if p.c.sentenceView && p.sv.sents == nil && p.sv.asking == 0 && p.sentencesWhy() == "" {
		p.sv.want = sentWant{toggle: true}
		return p.askSentences()
	}
	return nil
}

func (p *pagerScreen) Typing() bool { return false }

func (p *pagerScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case sentencesMsg:
		return p.gotSentences(msg)
	case savedMsg:
		return p.saved(msg)
	case tea.KeyPressMsg:
		return p.key(msg)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			p.scroll(-wheelLines)
		case tea.MouseWheelDown:
			p.scroll(wheelLines)
		}
	case tea.MouseClickMsg:
		p.click(msg)
	}
	p.dropStaleWord()
	p.dropStaleLit()
	return nil
}

// click focuses the pane under the mouse and puts the cursor on the row.
func (p *pagerScreen) click(msg tea.MouseClickMsg) {
	if msg.Button != tea.MouseLeft {
		return
	}
	if !p.single() {
		lw, _ := p.paneWidths()
		side := p.leftSide()
		if msg.X > 2+lw {
			side = 1 - side
		}
		p.focus = side
	}
	y := msg.Y - pagerHeader
	if y >= 0 && y < p.rowsHeight() && p.tops != nil {
		line := p.offset + y
		if line < p.tops[len(p.rows)] {
			p.cursor = p.rowAt(line)
		}
	}
	p.refreshDetail()
}

// key handles a key in the parallel view.
func (p *pagerScreen) key(k tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := p.wordKey(k); ok {
		return cmd
	}
	if cmd, ok := p.sentenceKey(k); ok {
		return cmd
	}
	defer p.dropStaleWord()
	defer p.dropStaleLit()
	if cmd, ok := p.editKey(k); ok {
		return cmd
	}
	h := p.rowsHeight()
	switch {
	case key.Matches(k, p.keys.Up):
		p.moveTo(p.cursor - 1)
	case key.Matches(k, p.keys.Down):
		p.moveTo(p.cursor + 1)
	case key.Matches(k, p.keys.PageUp):
		p.scroll(-h)
	case key.Matches(k, p.keys.PageDown):
		p.scroll(h)
	case key.Matches(k, p.keys.Top):
		p.cursor, p.offset = 0, 0
		p.refreshDetail()
	case key.Matches(k, p.keys.Bottom):
		p.moveTo(len(p.rows) - 1)
		p.offset = p.maxOffset()
	case key.Matches(k, p.keys.Focus):
		if !p.single() {
			p.focus = 1 - p.focus
		}
	case key.Matches(k, p.keys.Swap):
		p.swap = !p.swap
		p.layout()
		p.ensureVisible()
	case key.Matches(k, p.keys.Details):
		p.detail = !p.detail
		p.refreshDetail()
		p.ensureVisible()
	case key.Matches(k, p.keys.Back):
		return p.c.send(backMsg{})
	case key.Matches(k, p.keys.Search):
		return p.c.send(openSearchMsg{})
	case key.Matches(k, p.keys.NextHit):
		return p.c.send(stepHitMsg{1})
	case key.Matches(k, p.keys.PrevHit):
		return p.c.send(stepHitMsg{-1})
	case key.Matches(k, p.keys.Export):
		return p.export()
	case key.Matches(k, p.keys.Copy):
		return p.copySide()
	case key.Matches(k, p.keys.TSV):
		return p.copyTSV()
	}
	return nil
}

// export opens the export prompt for the pair.
func (p *pagerScreen) export() tea.Cmd {
	switch {
	case p.item.pair == nil:
		return p.c.fail("an unpaired document has nothing to export: export writes the beads of a pair")
	case p.c.data.Export == nil && p.c.quick != nil:
		return p.c.fail("export waits until the corpus is read: the status bar shows how far it is")
	case p.c.data.Export == nil:
		return p.c.fail("export is not available here")
	}
	return p.c.send(openExportMsg{item: p.item, sentence: p.sv.on, sents: p.exportSentences()})
}

// copySide copies the focused side of the row under the cursor, in the
// order it is written (never reordered or shaped for the screen), through
// the terminal's clipboard (OSC 52).
func (p *pagerScreen) copySide() tea.Cmd {
	if len(p.rows) == 0 {
		return nil
	}
	r := p.rows[p.cursor]
	if r.sentence {
		return p.copySentences(r)
	}
	side := p.focus
	doc, idx := p.doc(side), r.side(side)
	lang := "English"
	if side == 0 {
		lang = "Persian"
	}
	if doc == nil || len(idx) == 0 {
		return p.c.fail(fmt.Sprintf("this row has no %s paragraph: tab switches to the other side", lang))
	}
	parts := make([]string, len(idx))
	for i, x := range idx {
		parts[i] = doc.Paragraphs[x].Text
	}
	return p.copyParts(parts, "\n\n", lang, "paragraph")
}

// copyParts copies the parts of one side, joined by sep, and says how many
// of what (paragraph, sentence) in which language went to the clipboard.
func (p *pagerScreen) copyParts(parts []string, sep, lang, unit string) tea.Cmd {
	text := strings.Join(parts, sep)
	what := "the " + lang + " " + unit
	if len(parts) > 1 {
		what = fmt.Sprintf("%d %s %ss", len(parts), lang, unit)
	}
	p.c.note(noteOK, "copied %s (%d characters) to the clipboard", what, utf8.RuneCountInString(text))
	return tea.SetClipboard(text)
}

// copyTSV copies the bead under the cursor, both sides, as hamta's TSV: a
// header row and the bead's row.
func (p *pagerScreen) copyTSV() tea.Cmd {
	if len(p.rows) == 0 {
		return nil
	}
	r := p.rows[p.cursor]
	switch {
	case p.item.pair == nil:
		return p.c.fail("an unpaired document has one side: y copies it")
	case r.bead < 0:
		return p.c.fail("page furniture belongs to no bead: y copies it")
	case r.sentence:
		return p.copySentenceTSV(r)
	}
	var buf bytes.Buffer
	rows := align.Rows(p.fa, p.en, []align.Bead{p.item.pair.Beads[r.bead]}, align.RowOptions{Unaligned: true})
	if err := align.WriteTSV(&buf, rows); err != nil {
		return p.c.fail("copy: " + oneLine(err))
	}
	p.c.note(noteOK, "copied bead %d as TSV (header and one row, %d characters) to the clipboard", r.bead+1, utf8.RuneCount(buf.Bytes()))
	return tea.SetClipboard(buf.String())
}

func (p *pagerScreen) ShortHelp() []key.Binding {
	k := p.helpKeys()
	return []key.Binding{k.Back, k.Focus, k.Sentences, k.Copy, k.Export, k.Search}
}

// helpKeys are the keys as help shows them: v says which view it turns
// to.
func (p *pagerScreen) helpKeys() pagerKeys {
	k := p.keys
	if p.sv.on {
		k.Sentences.SetHelp("v", "paragraphs")
	}
	return k
}

func (p *pagerScreen) FullHelp() [][]key.Binding {
	k := p.helpKeys()
	return [][]key.Binding{
		k.moveKeys.list(),
		{k.Back, k.Search, k.NextHit, k.PrevHit, k.Focus, k.Swap},
		{k.Details, k.Copy, k.TSV, k.Export},
		{k.Sentences, k.NextSent, k.PrevSent},
		{k.NextWord, k.PrevWord, k.Concord, k.Jump},
		{k.Merge, k.Split, k.MoveUp, k.MoveDown, k.Unlink},
		{k.Link, k.Confirm, k.ConfirmAbove, k.Undo},
	}
}

func (p *pagerScreen) About() []string {
	return []string{
		"The parallel view: one row per bead, Persian and English level. The cursor mark (▌ or ▐) stands on the focused pane's side. In the margin ? marks an uncertain link, · a paragraph with no counterpart, ✎ a corrected bead and ✓ a confirmed one; a dim ¶ separates two paragraphs of one bead; dim rows are page furniture. A link out of order stands at its Persian place, its English cell saying where its English is (↗ ¶12); at that English place, ↙ ¶5 says where its Persian is, and % jumps between the two.",
		"v turns the view to sentence beads, the sentences aligned inside each paragraph bead: one row per sentence bead, the rows of a paragraph bead under a rule naming its paragraphs (✓ ✎ on the rule are the paragraph bead's; ↗ marks a link out of order, shown with its English sentences beside the Persian ones); ? and · in the margin are the sentences' own. v again turns back, the sentence the cursor was on lit with its counterpart. In the paragraph view ) and ( light the next and previous sentence bead, the sentence and its counterpart together.",
		"w and b select a word of the focused paragraph, and o shows its concordance: every occurrence of the word in the corpus, with how it was translated (o alone takes the word a search highlighted).",
		"Corrections act on paragraph beads, in the sentence view on the paragraph bead of the sentence under the cursor, on the focused side, and are saved at once; the sentences of the beads a correction changed are aligned again. y copies the text as it is written (Persian in reading order, its letters unjoined) through the terminal's clipboard (OSC 52). The wheel scrolls; a click focuses a pane and selects a bead.",
	}
}

// Status says where the cursor is; the header names the pair.
func (p *pagerScreen) Status() string {
	if len(p.rows) == 0 {
		return "empty"
	}
	r := p.rows[p.cursor]
	switch {
	case r.furniture:
		return "page furniture" + p.sentenceStatus(r)
	case p.item.pair == nil:
		return fmt.Sprintf("¶ %d/%d", r.ord, p.counts[0]+p.counts[1])
	case r.sentence:
		return fmt.Sprintf("%s · bead %d/%d", strings.TrimPrefix(p.sentenceStatus(r), " · "), r.bead+1, len(p.item.pair.Beads))
	}
	where := ""
	switch {
	case r.moved:
		where = " · out of order, % to its English"
	case r.slot:
		where = " · English place, % to its Persian"
	}
	return fmt.Sprintf("bead %d/%d%s%s", r.bead+1, len(p.item.pair.Beads), where, p.sentenceStatus(r))
}

// refreshDetail draws the details of the bead under the cursor, when
// they are shown: a rule, then the shape, score and anchors, wrapped to
// at most three lines.
func (p *pagerScreen) refreshDetail() {
	if !p.detail || p.width <= 0 {
		p.detailLines = nil
		return
	}
	st, pt := p.c.st, p.c.pt
	text := pt.block(pt.prepareText(p.detailText(), rtl.Auto), p.width, look{})
	if len(text) > 3 {
		text = text[:3]
	}
	p.detailLines = append([]string{pt.text(p.width, styled(&st.dim, strings.Repeat("─", p.width)))}, text...)
}

func (p *pagerScreen) detailText() string {
	if len(p.rows) == 0 {
		return ""
	}
	r := p.rows[p.cursor]
	if r.sentence {
		return p.sentenceDetail(r)
	}
	var s string
	switch {
	case r.furniture:
		s = "page furniture: not aligned or exported"
	case p.item.pair == nil:
		s = "unpaired document"
	case !r.linked():
		s = fmt.Sprintf("no counterpart · confidence %.2f that none is near", r.score)
	default:
		anchors := anchorList(r.anchors, "no shared anchors: matched by length and position")
		s = fmt.Sprintf("bead %d-%d · score %.2f · %s", len(r.a), len(r.b), r.score, anchors)
	}
	if r.bead >= 0 && p.item.pair != nil {
		s = movedNote(p.item.pair.Beads[r.bead]) + s
		if b := p.item.pair.Beads[r.bead]; b.Confirmed {
			s = "confirmed · " + s
		} else if b.Corrected {
			s = "corrected · " + s
		}
	}
	return s
}

func (p *pagerScreen) View() []string {
	if p.rendered == nil || p.width <= 0 {
		return nil
	}
	lw, rw := p.paneWidths()
	rowsH := p.rowsHeight()
	lines := []string{p.header(), p.paneTitles(lw, rw)}
	sep := p.c.st.dim.Render(" │ ")
	for i := p.rowAt(p.offset); i < len(p.rows) && len(lines) < pagerHeader+rowsH; i++ {
		rr := p.rendered[i]
		for l := 0; l < rr.height && len(lines) < pagerHeader+rowsH; l++ {
			if p.tops[i]+l < p.offset {
				continue
			}
			k := l // the line of the panes
			if rr.head != "" {
				if l == 0 {
					left, _ := p.gutter(i, -1)
					lines = append(lines, left+rr.head)
					continue
				}
				k--
			}
			if k >= len(rr.left) {
				lines = append(lines, "")
				continue
			}
			l := k
			left, right := p.gutter(i, l)
			if p.single() {
				lines = append(lines, left+rr.left[l]+right)
			} else {
				lines = append(lines, left+rr.left[l]+sep+rr.right[l]+right)
			}
		}
	}
	for len(lines) < pagerHeader+rowsH {
		lines = append(lines, "")
	}
	return append(lines, p.detailLines...)
}

// gutter is what stands left and right of a row's line l (-1 for the
// rule over a group of the sentence view): the cursor mark on the focused
// pane's side, and in the left margin a mark for an uncertain link (?), a
// paragraph or sentence with no counterpart (·), a corrected bead (✎) or
// a confirmed one (✓). In the sentence view the paragraph bead's marks
// (✓, ✎, and ↗ for a link out of order) stand on its rule, the
// sentences' (?, ·) on their rows.
func (p *pagerScreen) gutter(i, l int) (left, right string) {
	st := p.c.st
	r := p.rows[i]
	if l < 0 {
		return " " + p.beadMark(r.bead), ""
	}
	cl, cr := " ", " "
	if i == p.cursor {
		switch {
		case !p.focusRight():
			cl = st.cursor.Render("▌")
		case p.c.bidi == BidiTerminal:
			// A terminal that orders text itself moves a mark drawn after
			// Persian text, and may give direction marks cells of their
			// own: in terminal mode the mark stays in the first column,
			// its right half lit for the right pane.
			cl = st.cursor.Render("▐")
		default:
			cr = st.cursor.Render("▐")
		}
	}
	mark := " "
	if l == 0 {
		var bead align.Bead
		if r.bead >= 0 && p.item.pair != nil {
			bead = p.item.pair.Beads[r.bead]
		}
		switch {
		case r.furniture:
		case r.head || r.sentence:
			// The bead's own marks stand on its rule.
			if r.linked() && r.score < lowScore {
				mark = st.low.Render("?")
			} else if !r.linked() {
				mark = st.dim.Render("·")
			}
		case bead.Confirmed:
			mark = st.ok.Render("✓")
		case bead.Corrected:
			mark = st.ok.Render("✎")
		case p.item.pair != nil && r.linked() && r.score < lowScore:
			mark = st.low.Render("?")
		case p.item.pair != nil && !r.linked():
			mark = st.dim.Render("·")
		}
	}
	return cl + mark, cr
}

func (p *pagerScreen) header() string {
	st, pt := p.c.st, p.c.pt
	it := p.item
	if it.pair == nil {
		d := it.doc()
		return pt.text(p.width, styled(&st.header, d.ID), styled(&st.dim, fmt.Sprintf("  unpaired · %s · %d¶", d.Lang, p.counts[0]+p.counts[1])))
	}
	kind := styled(&st.kindTrans, string(it.pair.Kind))
	if it.pair.Kind == align.Comparable {
		kind.st = &st.kindComp
	}
	return pt.text(p.width, kind, plain(fmt.Sprintf(" %.2f  ", it.pair.Score)),
		styled(&st.header, fmt.Sprintf("%s (%d¶) ↔ %s (%d¶)", it.fa.ID, p.counts[0], it.en.ID, p.counts[1])))
}

// paneTitles names each pane over it, the focused one marked.
func (p *pagerScreen) paneTitles(lw, rw int) string {
	st, pt := p.c.st, p.c.pt
	title := func(side, width int) string {
		d := p.doc(side)
		if d == nil || width <= 0 {
			return ""
		}
		name, dir := "English", rtl.LTR
		if side == 0 {
			name, dir = "فارسی", rtl.RTL
		}
		s := &st.paneTitle
		if p.focus == side {
			s = &st.paneTitleFocused
		}
		return pt.line(pt.prepareText(name+" · "+oneSpace(d.Title), dir), width, true, look{base: s})
	}
	left := p.leftSide()
	if p.single() {
		return "  " + title(left, lw)
	}
	return "  " + title(left, lw) + "   " + title(1-left, rw)
}
