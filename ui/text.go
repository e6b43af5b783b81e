package ui

import (
	"sort"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"hamta/ui/rtl"
)

// BidiMode says who puts right-to-left text in visual order.
type BidiMode int

const (
	// BidiAuto chooses from the environment.
	BidiAuto BidiMode = iota
	// BidiTerminal leaves order and letter shapes to a terminal that
	// applies the bidi algorithm itself (VTE-based terminals, Konsole,
	// mlterm); hamta keeps each row left to right and right-aligns Persian.
	BidiTerminal
	// BidiApp reorders each wrapped line to visual order, joins Arabic
	// letters into their presentation forms and right-aligns Persian, for
	// terminals that print text as it comes.
	BidiApp
)

// String names the mode as the --bidi flag does.
func (m BidiMode) String() string {
	switch m {
	case BidiTerminal:
		return "terminal"
	case BidiApp:
		return "app"
	}
	return "auto"
}

// ParseBidiMode reads a --bidi value.
func ParseBidiMode(s string) (BidiMode, bool) {
	switch s {
	case "auto", "":
		return BidiAuto, true
	case "terminal":
		return BidiTerminal, true
	case "app":
		return BidiApp, true
	}
	return BidiAuto, false
}

// ResolveBidi turns auto into terminal or app from the environment:
// terminal only for terminals known to reorder and shape themselves (VTE,
// Konsole, mlterm) and never inside tmux or screen, which pass text on in
// logical order; app everywhere else (xterm, kitty, Alacritty, Windows
// Terminal).
func ResolveBidi(m BidiMode, getenv func(string) string) BidiMode {
	if m != BidiAuto {
		return m
	}
	term := getenv("TERM")
	if getenv("TMUX") != "" || getenv("STY") != "" || strings.HasPrefix(term, "screen") || strings.HasPrefix(term, "tmux") {
		return BidiApp
	}
	if getenv("VTE_VERSION") != "" || getenv("KONSOLE_VERSION") != "" || getenv("MLTERM") != "" || strings.HasPrefix(term, "mlterm") {
		return BidiTerminal
	}
	return BidiApp
}

// Marks written in terminal mode to keep a terminal's bidi algorithm from
// moving text across cells: a row starts left to right, and each cell
// begins and ends with the mark of its own direction.
const (
	lrm = '\u200e'
	rlm = '\u200f'
)

// span is a highlighted range of runes [start, end).
type span struct{ start, end int }

// piece is part of a line of chrome: text in one style (nil: plain).
type piece struct {
	text string
	st   *lipgloss.Style
}

// prepared is text made ready for the screen once, whatever the width:
// sanitised runes with the cells each takes, where each came from, and
// its resolved bidi levels.
type prepared struct {
	runes   []rune
	w       []int8            // cells of the grapheme cluster a rune starts; 0 inside one
	src     []int32           // index of the rune of the original text
	st      []*lipgloss.Style // style of each rune; nil for text in one style
	classes []rtl.Class       // bidi classes
	levels  []rtl.Level       // resolved levels, before rule L1
	para    rtl.Level         // paragraph level
}

// painter is the one text path: every string the browser draws goes
// through it. Text is sanitised (rtl.Sanitize), wrapped by cells in
// logical order, and each line is reordered by the Unicode bidi algorithm
// and its Arabic letters joined into presentation forms (app mode), or
// marked so the terminal keeps the row's layout (terminal mode), then
// padded or aligned. A painter keeps scratch space: one per goroutine.
type painter struct {
	mode BidiMode
	par  rtl.Paragraph

	lv     []rtl.Level
	order  []int
	shaped []rune
	vis    []cell
}

// cell is one rune of a drawn line, in the order it is written.
type cell struct {
	r   rune
	st  *lipgloss.Style
	w   int8
	odd bool // at a right-to-left level
}

func newPainter(mode BidiMode) *painter { return &painter{mode: mode} }

// prepare sanitises pieces of text and resolves their bidi levels with
// base direction dir.
func (pt *painter) prepare(dir rtl.Direction, pieces ...piece) *prepared {
	p := &prepared{}
	styled, n := false, 0
	for _, pc := range pieces {
		styled = styled || pc.st != nil
		n += len(pc.text)
	}
	p.runes, p.src, p.w = make([]rune, 0, n), make([]int32, 0, n), make([]int8, 0, n)
	base := int32(0) // runes of the pieces before
	for _, pc := range pieces {
		rtl.Sanitize(pc.text, func(r rune, src int) {
			p.runes = append(p.runes, r)
			p.src = append(p.src, base+int32(src))
			if styled {
				p.st = append(p.st, pc.st)
			}
		})
		base += int32(utf8.RuneCountInString(pc.text))
	}
	p.w = clusterWidths(p.runes, p.w)
	levels, para := pt.par.Resolve(p.runes, dir)
	p.levels = append([]rtl.Level(nil), levels...)
	p.classes = append([]rtl.Class(nil), pt.par.Classes()...)
	p.para = para
	return p
}

// prepareText is prepare for text in one style.
func (pt *painter) prepareText(text string, dir rtl.Direction) *prepared {
	return pt.prepare(dir, piece{text: text})
}

// clusterWidths measures runes as the terminal renderer does: by grapheme
// cluster, the cluster's width on its first rune.
func clusterWidths(rs []rune, w []int8) []int8 {
	w = w[:0]
	var buf []byte
	for i := 0; i < len(rs); {
		// A simple rune followed by another (or by nothing) is a cluster
		// of one cell on its own.
		if simpleRune(rs[i]) && (i+1 == len(rs) || simpleRune(rs[i+1])) {
			w = append(w, 1)
			i++
			continue
		}
		buf = buf[:0]
		for j := i; j < len(rs) && j < i+32; j++ {
			buf = utf8.AppendRune(buf, rs[j])
		}
		cluster, cw := ansi.FirstGraphemeCluster(buf, ansi.GraphemeWidth)
		n := max(1, utf8.RuneCount(cluster))
		w = append(w, int8(cw))
		for k := 1; k < n; k++ {
			w = append(w, 0)
		}
		i += n
	}
	return w
}

// simpleRune reports runes that take one cell and neither extend the
// cluster before them nor join the one after: printable Latin, and the
// Arabic letters, digits and punctuation Persian text is made of.
func simpleRune(r rune) bool {
	switch {
	case r < 0x300:
		return (r >= 0x20 && r < 0x7f) || (r >= 0xa0 && r != 0xad)
	case r >= 0x0600 && r <= 0x06FF:
		return (r >= 0x0621 && r <= 0x064A) || (r >= 0x0660 && r <= 0x066F) ||
			(r >= 0x0671 && r <= 0x06D5) || (r >= 0x06EE && r <= 0x06FF) ||
			r == 0x060C || r == 0x061B || r == 0x061F
	}
	return r == '«' || r == '»' || r == '…' || (r >= 0x2010 && r <= 0x201F)
}

// width is the cells of runes [a, b).
func (p *prepared) width(a, b int) int {
	n := 0
	for _, x := range p.w[a:b] {
		n += int(x)
	}
	return n
}

// slice is the part of p from rune start to rune end of the original
// text (as src counts them), sharing p's arrays: its runes keep the bidi
// levels they have in the whole text, and their src offsets.
func (p *prepared) slice(start, end int) *prepared {
	a := sort.Search(len(p.src), func(i int) bool { return int(p.src[i]) >= start })
	b := sort.Search(len(p.src), func(i int) bool { return int(p.src[i]) >= end })
	b = max(a, b)
	// A cluster is never cut: its first rune starts the slice.
	for a > 0 && a < b && p.w[a] == 0 {
		a--
	}
	q := &prepared{runes: p.runes[a:b], w: p.w[a:b], src: p.src[a:b], classes: p.classes[a:b], levels: p.levels[a:b], para: p.para}
	if p.st != nil {
		q.st = p.st[a:b]
	}
	return q
}

// lineSpan is one wrapped line: runes [a, b) of a prepared text.
type lineSpan struct{ a, b int }

// wrap breaks a prepared text into lines of at most width cells, in
// logical order: at spaces where it can, inside a word only when the word
// alone is wider. Spaces at a break are dropped.
func (p *prepared) wrap(width int) []lineSpan {
	width = max(1, width)
	var out []lineSpan
	n := len(p.runes)
	start, end, curW := -1, -1, 0 // the current line is runes [start, end)
	flush := func() {
		if start < 0 {
			return
		}
		for end > start && p.runes[end-1] == ' ' {
			end--
		}
		out = append(out, lineSpan{start, end})
		start, end, curW = -1, -1, 0
	}
	for i := 0; i < n; {
		if p.runes[i] == ' ' {
			if start >= 0 && curW+1 <= width {
				end, curW = i+1, curW+1
			} else if start >= 0 {
				flush()
			}
			i++
			continue
		}
		j := i
		w := 0
		for j < n && p.runes[j] != ' ' {
			w += int(p.w[j])
			j++
		}
		if start >= 0 && curW+w > width {
			flush()
		}
		if w <= width {
			if start < 0 {
				start = i
			}
			end, curW = j, curW+w
			i = j
			continue
		}
		// A word wider than the line: break it between clusters.
		for ; i < j; i++ {
			rw := int(p.w[i])
			if rw > 0 && start >= 0 && curW+rw > width {
				flush()
			}
			if start < 0 {
				start = i
			}
			end, curW = i+1, curW+rw
		}
	}
	flush()
	if len(out) == 0 {
		out = append(out, lineSpan{0, 0})
	}
	return out
}

// look says how runes are styled when drawn: highlighted runes (by their
// index in the original text), then lit ones, then each rune's own style,
// then base.
type look struct {
	base  *lipgloss.Style
	hl    []span
	hlSt  *lipgloss.Style
	lit   []span
	litSt *lipgloss.Style
}

func (lk look) style(p *prepared, i int) *lipgloss.Style {
	if len(lk.hl) > 0 || len(lk.lit) > 0 {
		s := int(p.src[i])
		for _, h := range lk.hl {
			if h.start <= s && s < h.end {
				return lk.hlSt
			}
		}
		for _, h := range lk.lit {
			if h.start <= s && s < h.end {
				return lk.litSt
			}
		}
	}
	if p.st != nil && p.st[i] != nil {
		return p.st[i]
	}
	return lk.base
}

// block draws a prepared text wrapped to width, every line exactly width
// cells: right-to-left paragraphs right-aligned.
func (pt *painter) block(p *prepared, width int, lk look) []string {
	spans := p.wrap(width - pt.markCells(p))
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = pt.draw(p, s, width, true, lk)
	}
	return out
}

// line draws a prepared text on one line of at most width cells, cut
// with "…" when longer; padded to width (right-to-left text aligned
// right) when pad is set.
func (pt *painter) line(p *prepared, width int, pad bool, lk look) string {
	width = max(0, width)
	n := len(p.runes)
	room := width - pt.markCells(p)
	if p.width(0, n) <= room {
		return pt.draw(p, lineSpan{0, n}, width, pad, lk)
	}
	if room <= 0 {
		return ""
	}
	// Keep what fits in room-1 cells, then the ellipsis.
	end, w := 0, 0
	for end < n {
		cw := int(p.w[end])
		if w+cw > room-1 {
			break
		}
		w += cw
		end++
		for end < n && p.w[end] == 0 { // the rest of the cluster
			end++
		}
	}
	cut := &prepared{
		runes: append(append([]rune(nil), p.runes[:end]...), '…'),
		w:     append(append([]int8(nil), p.w[:end]...), 1),
		src:   append(append([]int32(nil), p.src[:end]...), -1),
		para:  p.para,
	}
	if p.st != nil {
		cut.st = append(append([]*lipgloss.Style(nil), p.st[:end]...), nil)
	}
	// The ellipsis is a neutral: resolve it with its neighbours.
	dir := rtl.LTR
	if p.para == 1 {
		dir = rtl.RTL
	}
	levels, _ := pt.par.Resolve(cut.runes, dir)
	cut.levels = append([]rtl.Level(nil), levels...)
	cut.classes = append([]rtl.Class(nil), pt.par.Classes()...)
	return pt.draw(cut, lineSpan{0, len(cut.runes)}, width, pad, lk)
}

// text draws a string of chrome on one line, its direction from its first
// strong letter, cut to width.
func (pt *painter) text(width int, pieces ...piece) string {
	return pt.line(pt.prepare(rtl.Auto, pieces...), width, false, look{})
}

// plain is a piece of unstyled text.
func plain(s string) piece { return piece{text: s} }

// styled is a piece of text in a style.
func styled(st *lipgloss.Style, s string) piece { return piece{text: s, st: st} }

// oneSpace folds runs of white space into one space, for titles.
func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// input draws a text input on one line of at most width cells: its
// prompt, then its value in visual order with the cursor on the rune it
// stands on (after the value when at its end), or its placeholder. A
// value too long for the line is shown around the cursor (its end when
// the input is not focused), what is left out marked with "…".
func (pt *painter) input(in *textinput.Model, st *styles, width int) string {
	prompt := pt.text(width, plain(in.Prompt))
	width -= ansi.StringWidth(prompt)
	focused := in.Focused()
	val := []rune(in.Value())
	if len(val) == 0 {
		ph := []rune(in.Placeholder)
		var pieces []piece
		if focused && len(ph) > 0 {
			pieces = append(pieces, styled(&st.inputCursor, string(ph[:1])), styled(&st.dim, string(ph[1:])))
		} else {
			pieces = append(pieces, styled(&st.dim, string(ph)))
		}
		return prompt + pt.line(pt.prepare(rtl.Auto, pieces...), width, false, look{})
	}
	pos := len(val)
	if focused {
		pos = max(0, min(in.Position(), len(val)))
	}
	// The window [from, to) of runes shown: all of them when they fit.
	from, to := 0, len(val)
	if w := clusterWidths(val, nil); width > 0 {
		cells := func(a, b int) int {
			n := 0
			for _, x := range w[a:b] {
				n += int(x)
			}
			return n
		}
		cursorCell := 0
		if focused && pos == len(val) {
			cursorCell = 1
		}
		if cells(0, len(val))+cursorCell > width {
			room := width - 1 // for the "…" at the start
			to = min(len(val), pos+1)
			from = to
			for from > 0 && cells(from-1, to)+cursorCell+boolInt(to < len(val)) <= room {
				from--
			}
			for to < len(val) && cells(from, to+1)+cursorCell+boolInt(to+1 < len(val)) <= room {
				to++
			}
		}
	}
	var pieces []piece
	if from > 0 {
		pieces = append(pieces, styled(&st.dim, "…"))
	}
	switch {
	case !focused:
		pieces = append(pieces, plain(string(val[from:to])))
	case pos < len(val):
		pieces = append(pieces, plain(string(val[from:pos])), styled(&st.inputCursor, string(val[pos:pos+1])), plain(string(val[pos+1:to])))
	default:
		pieces = append(pieces, plain(string(val[from:pos])), styled(&st.inputCursor, " "))
	}
	if to < len(val) {
		pieces = append(pieces, styled(&st.dim, "…"))
	}
	return prompt + pt.line(pt.prepare(rtl.Auto, pieces...), width, false, look{})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// markRow keeps a bidi terminal from reordering a row that holds
// right-to-left text as a whole: it writes LRM after the row's first cell
// (the renderer would move a mark at the very start onto the row before),
// so the row's first strong character is left to right. A row that starts
// with a right-to-left letter gets a space first. The mark takes a cell in
// mlterm: terminal mode keeps the last column free for it.
func markRow(row string) string {
	rtlRow := false
	for _, r := range row {
		if r >= 0x0590 {
			if c := rtl.ClassOf(r); c == rtl.R || c == rtl.AL {
				rtlRow = true
				break
			}
		}
	}
	if !rtlRow {
		return row
	}
	// The first printable rune, past any SGR sequences.
	i := 0
	for i < len(row) && row[i] == 0x1b {
		j := i + 2
		for j < len(row) && (row[j] < 0x40 || row[j] > 0x7e) {
			j++
		}
		i = j + 1
	}
	if i >= len(row) {
		return row
	}
	r, n := utf8.DecodeRuneInString(row[i:])
	if c := rtl.ClassOf(r); c == rtl.R || c == rtl.AL {
		return row[:i] + " " + string(lrm) + row[i:]
	}
	return row[:i+n] + string(lrm) + row[i+n:]
}

// draw writes runes [s.a, s.b) of p as one line: in app mode reordered,
// shaped and mirrored; in terminal mode in logical order between marks of
// its direction. With pad the line is filled to width cells, right-to-left
// lines aligned right.
func (pt *painter) draw(p *prepared, s lineSpan, width int, pad bool, lk look) string {
	rs := p.runes[s.a:s.b]
	pt.lv = rtl.Line(p.classes[s.a:s.b], p.levels[s.a:s.b], p.para, pt.lv)
	vis := pt.vis[:0]
	w := 0
	if pt.mode == BidiApp {
		pt.shaped = rtl.Shape(rs, pt.lv, pt.shaped)
		pt.order = rtl.Reorder(pt.lv, pt.order)
		for _, k := range pt.order {
			r := pt.shaped[k]
			if r == 0 || invisibleMark(rs[k]) {
				continue
			}
			if pt.lv[k]%2 == 1 {
				r = rtl.Mirror(r)
			}
			vis = append(vis, cell{r: r, st: lk.style(p, s.a+k), w: p.w[s.a+k], odd: pt.lv[k]%2 == 1})
			w += int(p.w[s.a+k])
		}
		marksAfterBase(vis)
	} else {
		for k, r := range rs {
			vis = append(vis, cell{r: r, st: lk.style(p, s.a+k), w: p.w[s.a+k]})
			w += int(p.w[s.a+k])
		}
	}
	pt.vis = vis[:0]
	rtlLine := p.para%2 == 1

	// In terminal mode a line that is or holds right-to-left text begins
	// and ends with the mark of its direction, so the terminal's bidi
	// algorithm keeps its neutrals and numbers inside the cell. mlterm
	// gives such a mark a cell of its own, so each counts as one.
	marked := pt.mode == BidiTerminal && len(vis) > 0 && (rtlLine || holdsRTL(p.classes[s.a:s.b]))
	if marked {
		w += 2
	}
	var sb strings.Builder
	gap := max(0, width-w)
	if pad && rtlLine {
		sb.WriteString(strings.Repeat(" ", gap))
	}
	mark := lrm
	if rtlLine {
		mark = rlm
	}
	if marked {
		sb.WriteRune(mark)
	}
	for i := 0; i < len(vis); {
		j := i
		var run strings.Builder
		for j < len(vis) && vis[j].st == vis[i].st {
			run.WriteRune(vis[j].r)
			j++
		}
		if vis[i].st != nil {
			sb.WriteString(vis[i].st.Render(run.String()))
		} else {
			sb.WriteString(run.String())
		}
		i = j
	}
	if marked {
		sb.WriteRune(mark)
	}
	if pad && !rtlLine {
		sb.WriteString(strings.Repeat(" ", gap))
	}
	return sb.String()
}

// markCells is the cells that direction marks around a line of p take in
// terminal mode (see draw).
func (pt *painter) markCells(p *prepared) int {
	if pt.mode == BidiTerminal && (p.para%2 == 1 || holdsRTL(p.classes)) {
		return 2
	}
	return 0
}

// holdsRTL reports whether any class is right to left.
func holdsRTL(cs []rtl.Class) bool {
	for _, c := range cs {
		if c == rtl.R || c == rtl.AL || c == rtl.AN {
			return true
		}
	}
	return false
}

// invisibleMark reports format characters that, once a line is in visual
// order and shaped, have done their work and take no cell: ZWNJ, ZWJ and
// the implicit direction marks.
func invisibleMark(r rune) bool {
	switch r {
	case '\u200c', '\u200d', lrm, rlm, '\u061c':
		return true
	}
	return false
}

// marksAfterBase puts combining marks of right-to-left runs, which
// reversal put before their letter, back after it (rule L3), so the
// terminal draws them on their letter.
func marksAfterBase(vis []cell) {
	for i := 0; i < len(vis); i++ {
		if vis[i].w != 0 || !vis[i].odd {
			continue
		}
		j := i
		for j < len(vis) && vis[j].w == 0 && vis[j].odd {
			j++
		}
		if j < len(vis) && vis[j].odd {
			base := vis[j]
			copy(vis[i+1:j+1], vis[i:j])
			vis[i] = base
		}
		i = j
	}
}
