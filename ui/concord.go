package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"hamta/concord"
	"hamta/corpus"
	"hamta/index"
	"hamta/ui/rtl"
)

// concordResultMsg carries the lines of a concordance.
type concordResultMsg struct {
	word  string
	lines []concord.Line
	err   error
}

// concordPerLine is the lines an occurrence takes: the keyword in
// context, and its counterpart.
const concordPerLine = 2

// concordHead is the lines above the occurrences: what is shown, and a
// blank line.
const concordHead = 2

// concordScreen is the concordance of a word: keyword-in-context lines,
// each with its counterpart and the spotted translation, and beside them
// the renderings with their counts, one of which may filter the lines.
type concordScreen struct {
	c             *common
	keys          concordKeys
	width, height int

	word    string
	started bool
	loading bool
	err     string

	all   []concord.Line // every line, in the order chosen
	lines []concord.Line // the lines shown: all, or one rendering's
	rends []concord.Rendering
	order concord.Sort

	filter  int // 0 every line; k the lines of rends[k-1]
	cursor  int // in lines
	offset  int
	table   bool // the renderings table has the keys
	tcursor int  // row of the table: 0 every line, k rends[k-1]
	toffset int

	clicks clicks
}

func newConcord(c *common, word string) *concordScreen {
	return &concordScreen{c: c, keys: newConcordKeys(), word: word, order: concord.ByDoc}
}

// Shown starts the concordance the first time the screen is shown.
func (s *concordScreen) Shown() tea.Cmd {
	if s.started {
		return nil
	}
	s.started = true
	if s.c.data.Concord == nil {
		s.err = "the concordance is not available"
		if len(s.c.data.Notes) > 0 {
			s.err += ": " + strings.Join(s.c.data.Notes, "; ")
		}
		return nil
	}
	s.loading = true
	find, ctx, word := s.c.data.Concord, s.c.ctx, s.word
	return func() tea.Msg {
		lines, err := find(ctx, word, concord.Options{Sort: concord.ByDoc})
		return concordResultMsg{word: word, lines: lines, err: err}
	}
}

func (s *concordScreen) Typing() bool { return false }

func (s *concordScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.scrollToCursor()
}

// room is the number of occurrences that fit.
func (s *concordScreen) room() int { return max(1, (s.height-concordHead)/concordPerLine) }

func (s *concordScreen) move(d int) {
	s.cursor = max(0, min(len(s.lines)-1, s.cursor+d))
	s.scrollToCursor()
}

func (s *concordScreen) scrollToCursor() {
	s.offset = inView(s.cursor, s.offset, s.room(), len(s.lines))
	// The table: its title, then one row for every line and one per
	// rendering.
	s.toffset = inView(s.tcursor, s.toffset, max(1, s.height-concordHead-1), len(s.rends)+1)
}

func (s *concordScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case concordResultMsg:
		s.result(msg)
	case tea.KeyPressMsg:
		if s.table {
			return s.tableKey(msg)
		}
		return s.key(msg)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			s.move(-1)
		case tea.MouseWheelDown:
			s.move(1)
		}
	case tea.MouseClickMsg:
		return s.click(msg)
	}
	return nil
}

// result shows the lines found.
func (s *concordScreen) result(msg concordResultMsg) {
	if msg.word != s.word {
		return
	}
	s.loading = false
	if msg.err != nil {
		s.err = oneLine(msg.err)
		return
	}
	s.all = msg.lines
	concord.SortLines(s.all, s.order)
	s.rends = concord.Renderings(s.all)
	s.filter, s.tcursor = 0, 0
	s.refilter()
}

// refilter shows the lines of the chosen rendering, the cursor on the
// first.
func (s *concordScreen) refilter() {
	s.lines = s.all
	if s.filter > 0 && s.filter <= len(s.rends) {
		r := s.rends[s.filter-1]
		s.lines = nil
		for _, l := range s.all {
			if l.Is(r) {
				s.lines = append(s.lines, l)
			}
		}
	}
	s.cursor, s.offset = 0, 0
	s.scrollToCursor()
}

// sortBy orders the lines, keeping the cursor on its line.
func (s *concordScreen) sortBy(by concord.Sort) tea.Cmd {
	if s.order == by {
		return nil
	}
	s.order = by
	var at *concord.Line
	if s.cursor < len(s.lines) {
		l := s.lines[s.cursor]
		at = &l
	}
	concord.SortLines(s.all, by)
	s.refilter()
	if at != nil {
		for i, l := range s.lines {
			if l.Doc == at.Doc && l.Para == at.Para && len(l.Left) == len(at.Left) {
				s.cursor = i
				break
			}
		}
		s.scrollToCursor()
	}
	return s.c.note(noteInfo, "sorted by %s", sortName(by))
}

func sortName(by concord.Sort) string {
	switch by {
	case concord.ByLeft:
		return "the words before the keyword"
	case concord.ByRight:
		return "the words after the keyword"
	}
	return "document"
}

func (s *concordScreen) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, s.keys.Back):
		return s.c.send(backMsg{})
	case key.Matches(k, s.keys.Search):
		return s.c.send(openSearchMsg{})
	case key.Matches(k, s.keys.Up):
		s.move(-1)
	case key.Matches(k, s.keys.Down):
		s.move(1)
	case key.Matches(k, s.keys.PageUp):
		s.move(-s.room())
	case key.Matches(k, s.keys.PageDown):
		s.move(s.room())
	case key.Matches(k, s.keys.Top):
		s.move(-len(s.lines))
	case key.Matches(k, s.keys.Bottom):
		s.move(len(s.lines))
	case key.Matches(k, s.keys.Open):
		return s.open(s.cursor)
	case key.Matches(k, s.keys.Table):
		if len(s.all) > 0 {
			s.table, s.tcursor = true, s.filter
			s.scrollToCursor()
		}
	case key.Matches(k, s.keys.ByLeft):
		return s.sortBy(concord.ByLeft)
	case key.Matches(k, s.keys.ByRight):
		return s.sortBy(concord.ByRight)
	case key.Matches(k, s.keys.ByDoc):
		return s.sortBy(concord.ByDoc)
	}
	return nil
}

// tableKey handles a key while the renderings table has the keys.
func (s *concordScreen) tableKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, s.keys.TableBack):
		s.table = false
	case key.Matches(k, s.keys.TableUp):
		s.tcursor = max(0, s.tcursor-1)
	case key.Matches(k, s.keys.TableDown):
		s.tcursor = min(len(s.rends), s.tcursor+1)
	case key.Matches(k, s.keys.Choose):
		s.filter, s.table = s.tcursor, false
		s.refilter()
		if s.filter == 0 {
			return s.c.note(noteInfo, "every line: %d", len(s.lines))
		}
		return s.c.note(noteInfo, "%d lines rendered %s", len(s.lines), renderingName(s.rends[s.filter-1]))
	}
	s.scrollToCursor()
	return nil
}

func renderingName(r concord.Rendering) string {
	if r.Text == "" {
		return "none spotted"
	}
	return r.Text
}

// click selects the line under the mouse; a second click on it soon after
// opens its bead. A click on the table chooses a rendering.
func (s *concordScreen) click(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft || msg.Y < concordHead {
		return nil
	}
	lw, tw := s.widths()
	if msg.X >= lw+sepWidth && tw > 0 {
		row := s.toffset + msg.Y - concordHead - 1
		if row >= 0 && row <= len(s.rends) {
			s.tcursor = row
			s.table = true
			return s.tableKey(tea.KeyPressMsg{Code: tea.KeyEnter})
		}
		return nil
	}
	i := s.offset + (msg.Y-concordHead)/concordPerLine
	if i >= len(s.lines) || i >= s.offset+s.room() {
		return nil
	}
	s.cursor = i
	if s.clicks.click(i, s.c.now()) {
		return s.open(i)
	}
	return nil
}

// open shows the bead of line i in the parallel view, the keyword and its
// spotted translation highlighted.
func (s *concordScreen) open(i int) tea.Cmd {
	if i < 0 || i >= len(s.lines) {
		return nil
	}
	l := s.lines[i]
	h := index.Hit{Doc: l.Doc, Lang: l.Lang, Para: l.Para}
	if c := l.Counterpart; c != nil {
		h.Counterpart = &index.Counterpart{Doc: c.Doc, Paras: c.Paras, Text: c.Text}
	}
	it := itemFor(s.c.items, h)
	if it == nil {
		return s.c.fail("document " + corpus.ShowName(l.Doc) + " is no longer in the corpus")
	}
	side := 1
	if l.Lang == corpus.LangFA {
		side = 0
	}
	start := utf8.RuneCountInString(l.Left)
	hl := map[[2]int][]span{{side, l.Para}: {{start, start + utf8.RuneCountInString(l.Key)}}}
	if c := l.Counterpart; c != nil {
		var spot []index.Span
		for _, x := range c.Spot {
			spot = append(spot, index.Span{Start: x.Start, End: x.End})
		}
		shareHighlights(hl, it, side, c.Doc, c.Paras, spot)
	}
	return s.c.send(openPairMsg{item: it, side: side, para: l.Para, hl: hl})
}

func (s *concordScreen) ShortHelp() []key.Binding {
	if s.table {
		return []key.Binding{s.keys.Choose, s.keys.TableDown, s.keys.TableBack}
	}
	return []key.Binding{s.keys.Open, s.keys.Table, s.keys.ByLeft, s.keys.ByRight, s.keys.ByDoc, s.keys.Back}
}

func (s *concordScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{
		k.moveKeys.list(),
		{k.Open, k.Back, k.Search},
		{k.ByLeft, k.ByRight, k.ByDoc},
		{k.Table, k.Choose, k.TableUp, k.TableDown, k.TableBack},
	}
}

func (s *concordScreen) About() []string {
	return []string{
		"The concordance: every occurrence of a word, in any of its forms, with the keyword in a column of its own (a Persian line reads from the right, the words before the keyword on its right). Under each line stands its counterpart, the words that translate the keyword highlighted. The table beside lists the renderings with how often each was used; tab goes to it and enter shows only the lines of one. Reach it with ctrl+o in search, or with w and o in the parallel view.",
	}
}

func (s *concordScreen) Status() string {
	if len(s.lines) == 0 {
		return "concordance"
	}
	l := s.lines[s.cursor]
	return fmt.Sprintf("concordance · %d/%d · %s ¶%d", s.cursor+1, len(s.lines), corpus.ShowName(l.Doc), l.Para+1)
}

// widths splits the window between the lines and the renderings table.
func (s *concordScreen) widths() (lines, table int) {
	table = max(14, min(32, s.width/4))
	return max(1, s.width-table-sepWidth), table
}

// View draws the head, the lines on the left and the renderings on the
// right.
func (s *concordScreen) View() []string {
	if s.width <= 0 {
		return nil
	}
	st, pt := s.c.st, s.c.pt
	lines := []string{s.head(), ""}
	lw, tw := s.widths()
	var left []string
	switch {
	case s.err != "":
		left = pt.block(pt.prepare(rtl.Auto, styled(&st.warn, s.err)), lw, look{})
	case s.loading:
		left = []string{pt.text(lw, styled(&st.dim, "looking for "+s.word+"…"))}
	case len(s.all) == 0:
		left = pt.block(pt.prepare(rtl.Auto, styled(&st.dim, "no occurrences of "+s.word+" in the corpus: the concordance looks for the word itself, in any of its forms, in its own language")), lw, look{})
	default:
		left = s.lineRows(lw)
	}
	right := s.tableRows(tw)
	sep := st.dim.Render(" │ ")
	for i := 0; i < s.height-concordHead; i++ {
		l, r := strings.Repeat(" ", lw), ""
		if i < len(left) {
			l = s.padCells(left[i], lw)
		}
		if i < len(right) {
			r = right[i]
		}
		lines = append(lines, l+sep+r)
	}
	return lines
}

// head says what is shown. Numbers follow words of the chrome, never the
// word itself, which may be Persian: the bidi algorithm would take them
// into its run.
func (s *concordScreen) head() string {
	st, pt := s.c.st, s.c.pt
	pieces := []piece{styled(&st.header, "concordance of "), styled(&st.keyword, s.word)}
	if len(s.all) > 0 {
		order := map[concord.Sort]string{concord.ByDoc: "document", concord.ByLeft: "left", concord.ByRight: "right"}[s.order]
		pieces = append(pieces, styled(&st.dim, fmt.Sprintf(" · sorted by %s · %d lines", order, len(s.all))))
		if s.filter > 0 {
			pieces = append(pieces, styled(&st.dim, fmt.Sprintf(" · showing %d rendered ", len(s.lines))), styled(&st.hl, renderingName(s.rends[s.filter-1])))
		}
	}
	return pt.line(pt.prepare(rtl.LTR, pieces...), s.width, false, look{})
}

// lineRows draws the occurrences in view: the keyword in context, then
// the counterpart with the spotted translation highlighted.
func (s *concordScreen) lineRows(width int) []string {
	st, pt := s.c.st, s.c.pt
	// The keyword column is as wide as the widest keyword shown, so it
	// stays put while the lines scroll.
	keyW := 0
	for _, l := range s.lines {
		keyW = max(keyW, cellsOf(rtl.SanitizeString(oneSpace(l.Key))))
	}
	inner := max(1, width-2)
	keyW = min(keyW, inner/3)
	var out []string
	for i := s.offset; i < len(s.lines) && i < s.offset+s.room(); i++ {
		l := s.lines[i]
		marker := "  "
		if i == s.cursor {
			marker = st.cursor.Render("▌ ")
		}
		out = append(out, marker+s.kwic(l, inner, keyW))
		cp := "  " + pt.text(inner, styled(&st.dim, "↳ no counterpart"))
		if c := l.Counterpart; c != nil {
			var spot []index.Span
			for _, x := range c.Spot {
				spot = append(spot, index.Span{Start: x.Start, End: x.End})
			}
			cp = "  " + pt.text(2, styled(&st.dim, "↳ ")) + snippetLine(pt, c.Text, spot, max(1, inner-2), corpus.DetectLang(c.Text) == corpus.LangFA, st)
		}
		out = append(out, cp)
	}
	return out
}

// kwic draws one keyword-in-context line of width cells: the keyword
// starts the same distance from the line's start in every line (from the
// left in English, from the right in Persian), the words before it
// before it in the line's own direction, and those after it after. The
// line is written in logical order and drawn through the one text path:
// in app mode the bidi algorithm puts it in visual order, in terminal
// mode the terminal does.
func (s *concordScreen) kwic(l concord.Line, width, keyW int) string {
	st, pt := s.c.st, s.c.pt
	dir := rtl.LTR
	if l.Lang == corpus.LangFA {
		dir = rtl.RTL
	}
	room := width
	if pt.mode == BidiTerminal {
		room -= 2 // the direction marks around the line
	}
	leftW := max(0, (room-keyW)/2)
	key := fitHead(rtl.SanitizeString(oneSpace(l.Key)), max(1, min(keyW, room-leftW)))
	before := fitTail(rtl.SanitizeString(strings.ReplaceAll(l.Left, "\n", " ")), leftW)
	rightW := max(0, room-leftW-cellsOf(key))
	after := fitHead(rtl.SanitizeString(strings.ReplaceAll(l.Right, "\n", " ")), rightW)
	beforeW := cellsOf(before)
	if pt.mode == BidiApp {
		beforeW -= ligatures(before) // drawn as one cell each, not two
	}
	before = strings.Repeat(" ", max(0, leftW-beforeW)) + before
	p := pt.prepare(dir, plain(before), styled(&st.keyword, key), plain(after))
	return pt.line(p, width, true, look{})
}

// cellsOf is the cells a sanitised text takes.
func cellsOf(s string) int {
	n := 0
	for _, w := range clusterWidths([]rune(s), nil) {
		n += int(w)
	}
	return n
}

// ligatures counts the lam-alef pairs of s that app mode draws as one
// ligature, one cell instead of two.
func ligatures(s string) int {
	rs := []rune(s)
	if !strings.ContainsRune(s, 0x0644) {
		return 0
	}
	lv := make([]rtl.Level, len(rs))
	for i := range lv {
		lv[i] = 1
	}
	n := 0
	for i, r := range rtl.Shape(rs, lv, nil) {
		if r == 0 && rs[i] != 0 {
			n++
		}
	}
	return n
}

// cellsFit returns the runes of s and the cells of each (clusterWidths),
// and whether s fits in width cells whole.
func cellsFit(s string, width int) (rs []rune, w []int8, fits bool) {
	rs = []rune(s)
	w = clusterWidths(rs, nil)
	total := 0
	for _, x := range w {
		total += int(x)
	}
	return rs, w, total <= width
}

// fitTail is the end of s that fits in width cells, "…" in front when cut.
func fitTail(s string, width int) string {
	rs, w, fits := cellsFit(s, width)
	if fits {
		return s
	}
	if width <= 0 {
		return ""
	}
	from, used := len(rs), 0
	for from > 0 && used+int(w[from-1]) <= width-1 {
		from--
		used += int(w[from])
	}
	// Not inside a cluster: start at a rune that starts one.
	for from < len(rs) && w[from] == 0 {
		from++
	}
	return "…" + string(rs[from:])
}

// fitHead is the start of s that fits in width cells, "…" after when cut.
func fitHead(s string, width int) string {
	rs, w, fits := cellsFit(s, width)
	if fits {
		return s
	}
	if width <= 0 {
		return ""
	}
	to, used := 0, 0
	for to < len(rs) && used+int(w[to]) <= width-1 {
		used += int(w[to])
		to++
		for to < len(rs) && w[to] == 0 {
			to++
		}
	}
	return string(rs[:to]) + "…"
}

// padCells pads a drawn line with spaces to width cells; in terminal
// mode a direction mark takes a cell (see draw).
func (s *concordScreen) padCells(line string, width int) string {
	w := ansi.StringWidth(line)
	if s.c.bidi == BidiTerminal {
		w += strings.Count(line, string(lrm)) + strings.Count(line, string(rlm))
	}
	return line + strings.Repeat(" ", max(0, width-w))
}

// tableRows draws the renderings table: its title, every line, then each
// rendering with its count; the chosen one marked, the table's cursor
// lit when it has the keys.
func (s *concordScreen) tableRows(width int) []string {
	st, pt := s.c.st, s.c.pt
	if width <= 0 {
		return nil
	}
	titleSt := &st.paneTitle
	if s.table {
		titleSt = &st.paneTitleFocused
	}
	out := []string{pt.text(width, styled(titleSt, "renderings"))}
	if len(s.all) == 0 {
		return out
	}
	trows := max(1, s.height-concordHead-1)
	for k := s.toffset; k <= len(s.rends) && k < s.toffset+trows; k++ {
		name, n := "every line", len(s.all)
		if k > 0 {
			name, n = renderingName(s.rends[k-1]), s.rends[k-1].Count
		}
		mark := "  "
		if k == s.filter {
			mark = "• "
		}
		var nameSt *lipgloss.Style
		if k == 0 || s.rends[k-1].Text == "" {
			nameSt = &st.dim
		}
		if s.table && k == s.tcursor {
			mark = "▌ "
			nameSt = &st.selected
		}
		count := fmt.Sprintf(" %d", n)
		nameW := max(1, width-2-len(count))
		cell := pt.line(pt.prepare(rtl.Auto, piece{text: name, st: nameSt}), nameW, false, look{})
		markSt := &st.cursor
		if k != s.tcursor || !s.table {
			markSt = &st.ok
		}
		out = append(out, markSt.Render(mark)+s.padCells(cell, nameW)+st.dim.Render(count))
	}
	return out
}
