package ui

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hamta/align"
	"hamta/corpus"
	"hamta/ui/rtl"
)

// lowScore is the bead score below which a link is marked uncertain.
const lowScore = 0.5

// row is one row of the parallel view: a bead, or a paragraph of page
// furniture. a holds Persian paragraph indices, b English ones.
type row struct {
	a, b      []int
	bead      int // index in the pair's beads; -1 for furniture and unpaired text
	score     float64
	anchors   []align.Anchor
	furniture bool
}

func (r row) linked() bool { return len(r.a) > 0 && len(r.b) > 0 }

// renderedRow is a row drawn at some width: the lines of each pane.
type renderedRow struct {
	left, right []string
	height      int // lines, the blank line after the row included
}

// pager is the parallel view of one pair (or one unpaired document).
type pager struct {
	item   *libItem
	fa, en *corpus.Document
	rows   []row
	cursor int  // row
	offset int  // first line drawn
	swap   bool // Persian on the left
	focus  int  // 0 the Persian pane, 1 the English pane
	detail bool
	bidi   BidiMode
	hl     map[[2]int][]span // (side, paragraph) → highlighted runes
	undo   [][]align.Bead    // the pair's beads before each correction

	// Paragraphs made ready for the screen, by side and index: sanitised,
	// measured and with their bidi levels, whatever the width.
	prep [2][]*prepared

	// Drawn rows, for the width they were drawn at.
	cacheWidth int
	rendered   []renderedRow
	tops       []int // first line of each row; tops[len(rows)] is the total
}

func newPager(it *libItem, mode BidiMode) *pager {
	p := &pager{item: it, fa: it.fa, en: it.en, bidi: mode, hl: map[[2]int][]span{}}
	p.rows = buildRows(it)
	if p.fa != nil {
		p.prep[0] = make([]*prepared, len(p.fa.Paragraphs))
	}
	if p.en != nil {
		p.prep[1] = make([]*prepared, len(p.en.Paragraphs))
	}
	if p.fa == nil {
		p.focus = 1
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
		for _, p := range d.Paragraphs {
			r := row{bead: -1, furniture: p.Kind == corpus.Furniture}
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
			if it.fa.Paragraphs[nextA].Kind == corpus.Furniture {
				rows = append(rows, row{a: []int{nextA}, bead: -1, furniture: true})
			}
		}
		for ; nextB < limitB && nextB < len(it.en.Paragraphs); nextB++ {
			if it.en.Paragraphs[nextB].Kind == corpus.Furniture {
				rows = append(rows, row{b: []int{nextB}, bead: -1, furniture: true})
			}
		}
	}
	for i, b := range it.pair.Beads {
		la, lb := nextA, nextB
		if len(b.A) > 0 {
			la = b.A[0]
		}
		if len(b.B) > 0 {
			lb = b.B[0]
		}
		furnitureUpTo(la, lb)
		rows = append(rows, row{a: b.A, b: b.B, bead: i, score: b.Score, anchors: b.Anchors})
		if len(b.A) > 0 {
			nextA = b.A[len(b.A)-1] + 1
		}
		if len(b.B) > 0 {
			nextB = b.B[len(b.B)-1] + 1
		}
	}
	furnitureUpTo(len(it.fa.Paragraphs), len(it.en.Paragraphs))
	return rows
}

// highlight marks rune ranges of one paragraph (side 0 Persian, 1
// English).
func (p *pager) highlight(side, para int, hl []span) {
	p.hl = map[[2]int][]span{{side, para}: hl}
	p.cacheWidth = 0
}

// goToPara puts the cursor on the row holding a paragraph.
func (p *pager) goToPara(side, para int) {
	for i, r := range p.rows {
		idx := r.a
		if side == 1 {
			idx = r.b
		}
		for _, x := range idx {
			if x == para {
				p.cursor = i
				p.offset = -1 // scroll it into view when drawn
				return
			}
		}
	}
}

// paneWidths splits the window: a 2-cell margin, two panes, a 3-cell
// separator.
func paneWidths(width int) (left, right int) {
	inner := max(2, width-2-3)
	left = inner / 2
	return left, inner - left
}

// layout draws every row at a width, once per width.
func (p *pager) layout(m *Model) {
	if p.cacheWidth == m.width && p.rendered != nil {
		return
	}
	lw, rw := paneWidths(m.width)
	p.rendered = make([]renderedRow, len(p.rows))
	p.tops = make([]int, len(p.rows)+1)
	// Rows are independent: draw them on every core.
	workers := min(runtime.GOMAXPROCS(0), max(1, len(p.rows)/200))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pt := newPainter(m.bidi)
			for i := w; i < len(p.rows); i += workers {
				r := p.rows[i]
				fa := p.sideLines(m, pt, 0, r, pickWidth(p.swap, lw, rw))
				en := p.sideLines(m, pt, 1, r, pickWidth(!p.swap, lw, rw))
				left, right := en, fa
				if p.swap {
					left, right = fa, en
				}
				h := max(len(left), len(right))
				p.rendered[i] = renderedRow{left: padLines(left, h, lw), right: padLines(right, h, rw), height: h + 1}
			}
		}()
	}
	wg.Wait()
	for i, rr := range p.rendered {
		p.tops[i+1] = p.tops[i] + rr.height
	}
	p.cacheWidth = m.width
}

// pickWidth gives the Persian pane its width: the left one when swapped.
func pickWidth(left bool, lw, rw int) int {
	if left {
		return lw
	}
	return rw
}

func padLines(lines []string, h, width int) []string {
	blank := strings.Repeat(" ", width)
	for len(lines) < h {
		lines = append(lines, blank)
	}
	return lines
}

// sideLines draws one side of a row: its paragraphs, each wrapped to the
// pane, Persian right to left.
func (p *pager) sideLines(m *Model, pt *painter, side int, r row, width int) []string {
	doc, idx := p.fa, r.a
	if side == 1 {
		doc, idx = p.en, r.b
	}
	var out []string
	for _, i := range idx {
		if doc == nil || i >= len(doc.Paragraphs) {
			continue
		}
		lk := look{hl: p.hl[[2]int{side, i}], hlSt: &m.st.hl}
		if r.furniture {
			lk.base = &m.st.faint
		}
		out = append(out, pt.block(p.paragraph(pt, side, i), width, lk)...)
	}
	return out
}

// paragraph is a paragraph of one side made ready for the screen, once:
// Persian right to left, English left to right.
func (p *pager) paragraph(pt *painter, side, i int) *prepared {
	if pp := p.prep[side][i]; pp != nil {
		return pp
	}
	doc := p.fa
	if side == 1 {
		doc = p.en
	}
	para := doc.Paragraphs[i]
	dir := rtl.LTR
	if para.Lang == corpus.LangFA {
		dir = rtl.RTL
	}
	pp := pt.prepareText(para.Text, dir)
	p.prep[side][i] = pp
	return pp
}

// rowAt is the row drawn at a line.
func (p *pager) rowAt(lineNo int) int {
	i := sort.SearchInts(p.tops, lineNo+1) - 1
	return max(0, min(len(p.rows)-1, i))
}

// ensureVisible scrolls so the cursor row is in view.
func (p *pager) ensureVisible(h int) {
	if len(p.rows) == 0 {
		p.offset = 0
		return
	}
	top, bottom := p.tops[p.cursor], p.tops[p.cursor+1]-1
	switch {
	case p.offset < 0 || top < p.offset:
		p.offset = top
		if p.offset < 0 {
			p.offset = 0
		}
	case bottom >= p.offset+h:
		p.offset = min(top, bottom-h+1)
	}
	p.clampOffset(h)
}

func (p *pager) clampOffset(h int) {
	maxOff := max(0, p.tops[len(p.rows)]-h)
	p.offset = max(0, min(p.offset, maxOff))
}

// scroll moves the view by n lines, the cursor following to a row in view.
func (p *pager) scroll(n, h int) {
	if p.tops == nil {
		return
	}
	p.offset += n
	p.clampOffset(h)
	if p.tops[p.cursor] < p.offset || p.tops[p.cursor] >= p.offset+h {
		p.cursor = p.rowAt(p.offset)
		if p.tops[p.cursor] < p.offset && p.cursor+1 < len(p.rows) {
			p.cursor++
		}
	}
}

// pagerKey handles a key in the parallel view.
func (m *Model) pagerKey(k tea.KeyPressMsg) tea.Cmd {
	p := m.pager
	h := p.bodyRows(m)
	p.layout(m)
	if cmd, ok := m.editKey(k); ok {
		return cmd
	}
	switch {
	case key.Matches(k, m.keys.Up):
		p.cursor = max(0, p.cursor-1)
		p.ensureVisible(h)
	case key.Matches(k, m.keys.Down):
		p.cursor = min(len(p.rows)-1, p.cursor+1)
		p.ensureVisible(h)
	case key.Matches(k, m.keys.PageUp):
		p.scroll(-h, h)
	case key.Matches(k, m.keys.PageDown):
		p.scroll(h, h)
	case key.Matches(k, m.keys.Top):
		p.cursor, p.offset = 0, 0
	case key.Matches(k, m.keys.Bottom):
		p.cursor = max(0, len(p.rows)-1)
		p.ensureVisible(h)
	case key.Matches(k, m.keys.Focus):
		if p.fa != nil && p.en != nil {
			p.focus = 1 - p.focus
		}
	case key.Matches(k, m.keys.Swap):
		p.swap = !p.swap
		p.cacheWidth = 0
	case key.Matches(k, m.keys.Details):
		p.detail = !p.detail
	case key.Matches(k, m.keys.Back):
		m.screen = screenLibrary
		if m.search.cameFrom {
			m.screen = screenSearch
			return m.search.focus()
		}
	case key.Matches(k, m.keys.Search):
		return m.openSearch()
	case key.Matches(k, m.keys.NextHit):
		return m.search.step(m, 1)
	case key.Matches(k, m.keys.PrevHit):
		return m.search.step(m, -1)
	case key.Matches(k, m.keys.Export):
		return m.export()
	}
	return nil
}

// export writes the pair as TSV, off the event loop.
func (m *Model) export() tea.Cmd {
	it := m.pager.item
	if it.pair == nil {
		m.setStatus("an unpaired document has nothing to export", false)
		return nil
	}
	if m.data.Export == nil {
		m.setStatus("export is not available", false)
		return nil
	}
	pair, exp := *it.pair, m.data.Export
	return func() tea.Msg {
		path, err := exp(pair)
		if err != nil {
			return statusMsg{text: "export failed: " + oneLine(err)}
		}
		return statusMsg{text: "exported to " + path, ok: true}
	}
}

// bodyRows is the number of lines the rows get: the body minus the two
// header lines and the detail line.
func (p *pager) bodyRows(m *Model) int {
	h := m.bodyHeight() - 2
	if p.detail {
		h -= 2
	}
	return max(1, h)
}

// view draws the parallel view.
func (p *pager) view(m *Model, h int) []string {
	p.layout(m)
	rowsH := p.bodyRows(m)
	if p.offset < 0 {
		p.ensureVisible(rowsH)
	}
	p.clampOffset(rowsH)
	lw, rw := paneWidths(m.width)

	lines := []string{p.header(m), p.paneTitles(m, lw, rw)}
	sep := m.st.dim.Render(" │ ")
	first := p.rowAt(p.offset)
	for i := first; i < len(p.rows) && len(lines) < 2+rowsH; i++ {
		rr := p.rendered[i]
		for l := 0; l < rr.height && len(lines) < 2+rowsH; l++ {
			if p.tops[i]+l < p.offset {
				continue
			}
			if l == rr.height-1 {
				lines = append(lines, "")
				continue
			}
			lines = append(lines, p.gutter(m, i, l)+rr.left[l]+sep+rr.right[l])
		}
	}
	for len(lines) < 2+rowsH {
		lines = append(lines, "")
	}
	if p.detail {
		lines = append(lines, p.details(m)...)
	}
	return lines
}

// gutter is the 2-cell margin of a row's line: the cursor bar, and a mark
// for an uncertain link (?) or a paragraph with no counterpart (·).
func (p *pager) gutter(m *Model, i, l int) string {
	r := p.rows[i]
	c := " "
	if i == p.cursor {
		c = m.st.cursor.Render("▌")
	}
	mark := " "
	if l == 0 {
		var bead align.Bead
		if r.bead >= 0 && p.item.pair != nil {
			bead = p.item.pair.Beads[r.bead]
		}
		switch {
		case r.furniture:
		case bead.Confirmed:
			mark = m.st.ok.Render("✓")
		case bead.Corrected:
			mark = m.st.ok.Render("✎")
		case p.item.pair != nil && r.linked() && r.score < lowScore:
			mark = m.st.low.Render("?")
		case p.item.pair != nil && !r.linked():
			mark = m.st.dim.Render("·")
		}
	}
	return c + mark
}

func (p *pager) header(m *Model) string {
	it := p.item
	if it.pair == nil {
		d := p.fa
		if d == nil {
			d = p.en
		}
		return m.pt.text(m.width, styled(&m.st.header, d.ID), styled(&m.st.dim, "  unpaired · "+string(d.Lang)))
	}
	kind := styled(&m.st.kindTrans, string(it.pair.Kind))
	if it.pair.Kind == align.Comparable {
		kind.st = &m.st.kindComp
	}
	return m.pt.text(m.width, kind, plain(fmt.Sprintf(" %.2f  ", it.pair.Score)), styled(&m.st.header, it.fa.ID+" ↔ "+it.en.ID))
}

// paneTitles names each pane over it, the focused one marked.
func (p *pager) paneTitles(m *Model, lw, rw int) string {
	title := func(d *corpus.Document, side, width int) string {
		if d == nil {
			return strings.Repeat(" ", width)
		}
		name, dir := "English", rtl.LTR
		if side == 0 {
			name, dir = "فارسی", rtl.RTL
		}
		st := &m.st.paneTitle
		if p.focus == side {
			st = &m.st.paneTitleFocused
		}
		return m.pt.line(m.pt.prepareText(name+" · "+oneSpace(d.Title), dir), width, true, look{base: st})
	}
	left, right := title(p.en, 1, lw), title(p.fa, 0, rw)
	if p.swap {
		left, right = title(p.fa, 0, lw), title(p.en, 1, rw)
	}
	return "  " + left + "   " + right
}

// details shows the focused bead's shape, score and anchors.
func (p *pager) details(m *Model) []string {
	if len(p.rows) == 0 {
		return []string{"", ""}
	}
	r := p.rows[p.cursor]
	var s string
	switch {
	case r.furniture:
		s = "page furniture: not aligned or exported"
	case p.item.pair == nil:
		s = "unpaired document"
	case !r.linked():
		s = fmt.Sprintf("no counterpart · confidence %.2f that none is near", r.score)
	default:
		var as []string
		for _, a := range r.anchors {
			as = append(as, a.String())
		}
		anchors := "no shared anchors: matched by length and position"
		if len(as) > 0 {
			anchors = "anchors: " + strings.Join(as, ", ")
		}
		s = fmt.Sprintf("bead %d-%d · score %.2f · %s", len(r.a), len(r.b), r.score, anchors)
	}
	if r.bead >= 0 && p.item.pair != nil {
		if b := p.item.pair.Beads[r.bead]; b.Confirmed {
			s = "confirmed · " + s
		} else if b.Corrected {
			s = "corrected · " + s
		}
	}
	return []string{m.pt.text(m.width, styled(&m.st.dim, strings.Repeat("─", max(1, m.width)))), m.pt.text(m.width, plain(s))}
}

func (p *pager) statusText() string {
	name := "document"
	if p.item.pair != nil {
		name = shortID(p.fa.ID) + " ↔ " + shortID(p.en.ID)
	} else if p.fa != nil {
		name = shortID(p.fa.ID)
	} else {
		name = shortID(p.en.ID)
	}
	if len(p.rows) == 0 {
		return name
	}
	r := p.rows[p.cursor]
	switch {
	case r.furniture:
		return name + " · page furniture"
	case p.item.pair == nil:
		return fmt.Sprintf("%s · paragraph %d/%d", name, p.cursor+1, len(p.rows))
	}
	return fmt.Sprintf("%s · bead %d/%d", name, r.bead+1, len(p.item.pair.Beads))
}

// shortID keeps the start of a long document ID.
func shortID(id string) string {
	if len([]rune(id)) <= 24 {
		return id
	}
	return string([]rune(id)[:23]) + "…"
}
