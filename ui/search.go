package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"hamta/corpus"
	"hamta/index"
	"hamta/ui/rtl"
)

// searchDelay is how long typing must pause before a search runs.
const searchDelay = 150 * time.Millisecond

// searchLimit is the most hits shown.
const searchLimit = 100

// searchPerHit is the lines a hit takes: its place, its text, its
// counterpart, a blank line.
const searchPerHit = 4

type (
	// searchTickMsg fires after a pause in typing; seq says which edit.
	searchTickMsg struct{ seq int }
	// searchResultMsg carries the hits of the query of edit seq.
	searchResultMsg struct {
		seq   int
		query string
		res   index.Result
		err   error
	}
)

// searchScreen is the search screen: a query line and live results.
type searchScreen struct {
	c             *common
	keys          searchKeys
	width, height int

	input   textinput.Model
	seq     int // edits so far
	query   string
	hits    []index.Hit
	total   int
	err     string
	cursor  int
	offset  int
	current int // the hit shown in the parallel view, for n and N

	clicks clicks
}

func newSearch(c *common) *searchScreen {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "words in either language, \"phrases\", prefix*, fuzzy~, lang:fa, doc:ID"
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return &searchScreen{c: c, keys: newSearchKeys(), input: in}
}

func (s *searchScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.scrollToCursor()
}

func (s *searchScreen) Shown() tea.Cmd { return s.input.Focus() }
func (s *searchScreen) Typing() bool   { return true }

// headLines are the lines above the hits: the query, what came of it
// (wrapped, never cut), a blank line.
func (s *searchScreen) headLines() []string {
	st, pt := s.c.st, s.c.pt
	lines := []string{pt.input(&s.input, st, s.width)}
	say := func(style *lipgloss.Style, text string) {
		lines = append(lines, pt.block(pt.prepare(rtl.Auto, styled(style, text)), s.width, look{})...)
	}
	switch {
	case s.c.data.Search == nil:
		why := "search is not available"
		if len(s.c.data.Notes) > 0 {
			why += ": " + strings.Join(s.c.data.Notes, "; ")
		}
		say(&st.warn, why)
	case s.err != "":
		say(&st.warn, s.err)
	case s.query == "":
		say(&st.dim, "type to search both languages; ↑/↓ choose, enter opens, esc goes back")
	case len(s.hits) == 0:
		say(&st.dim, "no hits for "+s.query)
	default:
		say(&st.dim, fmt.Sprintf("%d hits for %s", len(s.hits), s.query))
	}
	return append(lines, "")
}

// room is the number of hits that fit.
func (s *searchScreen) room() int {
	return max(1, (s.height-len(s.headLines()))/searchPerHit)
}

func (s *searchScreen) move(d int) {
	s.cursor = max(0, min(len(s.hits)-1, s.cursor+d))
	s.scrollToCursor()
}

func (s *searchScreen) scrollToCursor() {
	s.offset = inView(s.cursor, s.offset, s.room(), len(s.hits))
}

func (s *searchScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchTickMsg:
		return s.tick(msg)
	case searchResultMsg:
		s.result(msg)
	case stepHitMsg:
		return s.step(msg.delta)
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		return s.edit(msg)
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

// key handles a key: list keys move through the hits, everything else
// edits the query.
func (s *searchScreen) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, s.keys.Back):
		s.input.Blur()
		return s.c.send(backMsg{})
	case key.Matches(k, s.keys.Up):
		s.move(-1)
	case key.Matches(k, s.keys.Down):
		s.move(1)
	case key.Matches(k, s.keys.PageUp):
		s.move(-s.room())
	case key.Matches(k, s.keys.PageDown):
		s.move(s.room())
	case key.Matches(k, s.keys.Open):
		return s.open(s.cursor)
	case key.Matches(k, s.keys.Concord):
		return s.concord()
	default:
		return s.edit(k)
	}
	return nil
}

// edit gives a key or a paste to the query, and runs the search when
// typing pauses.
func (s *searchScreen) edit(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	before := s.input.Value()
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() != before {
		s.seq++
		seq := s.seq
		cmd = tea.Batch(cmd, tea.Tick(s.c.searchDelay, func(time.Time) tea.Msg { return searchTickMsg{seq} }))
	}
	s.scrollToCursor()
	return cmd
}

// click selects the hit under the mouse; a second click on it soon after
// opens it.
func (s *searchScreen) click(msg tea.MouseClickMsg) tea.Cmd {
	head := len(s.headLines())
	if msg.Button != tea.MouseLeft || msg.Y < head {
		return nil
	}
	i := s.offset + (msg.Y-head)/searchPerHit
	if i >= len(s.hits) || i >= s.offset+s.room() {
		return nil
	}
	s.cursor = i
	if s.clicks.click(i, s.c.now()) {
		return s.open(i)
	}
	return nil
}

// tick runs the search when typing has paused on the latest edit.
func (s *searchScreen) tick(msg searchTickMsg) tea.Cmd {
	if msg.seq != s.seq || s.c.data.Search == nil {
		return nil
	}
	q := strings.TrimSpace(s.input.Value())
	if q == "" {
		s.hits, s.total, s.err, s.query = nil, 0, "", ""
		return nil
	}
	search, ctx := s.c.data.Search, s.c.ctx
	return func() tea.Msg {
		res, err := search(ctx, q, index.Options{Limit: searchLimit})
		return searchResultMsg{seq: msg.seq, query: q, res: res, err: err}
	}
}

// result shows the hits of the latest search.
func (s *searchScreen) result(msg searchResultMsg) {
	if msg.seq != s.seq {
		return // an older query: a newer one is on its way
	}
	s.query = msg.query
	if msg.err != nil {
		s.err = oneLine(msg.err)
		if errors.Is(msg.err, index.ErrBadQuery) {
			s.err = strings.TrimPrefix(s.err, "bad query: ")
		}
	} else {
		s.err, s.hits, s.total, s.cursor, s.offset = "", msg.res.Hits, msg.res.Total, 0, 0
	}
	s.scrollToCursor()
}

// open shows hit i in the parallel view: the pair its counterpart belongs
// to (or any pair of its document), the cursor on its row, its words and
// its counterpart's highlighted.
func (s *searchScreen) open(i int) tea.Cmd {
	if i < 0 || i >= len(s.hits) {
		return nil
	}
	h := s.hits[i]
	s.current = i
	it := itemFor(s.c.items, h)
	if it == nil {
		return s.c.fail("document " + corpus.ShowName(h.Doc) + " is no longer in the corpus")
	}
	side := 1
	if h.Lang == corpus.LangFA {
		side = 0
	}
	hl := map[[2]int][]span{{side, h.Para}: spans(h.Highlights, 0)}
	if c := h.Counterpart; c != nil {
		shareHighlights(hl, it, side, c.Doc, c.Paras, c.Highlights)
	}
	s.c.send(openPairMsg{item: it, side: side, para: h.Para, hl: hl, fromSearch: true})
	return s.c.note(noteOK, "hit %d of %d · n next · N previous", i+1, len(s.hits))
}

// shareHighlights gives each paragraph of a counterpart (doc's paras,
// on the side other than side) its share of highlights hl, rune offsets
// into the counterpart's text: its paragraphs joined with a space.
func shareHighlights(out map[[2]int][]span, it *libItem, side int, doc string, paras []int, hl []index.Span) {
	other := it.fa
	if side == 0 {
		other = it.en
	}
	if len(hl) == 0 || other == nil || other.ID != doc {
		return
	}
	at := 0
	for _, para := range paras {
		if para >= len(other.Paragraphs) {
			break
		}
		n := utf8.RuneCountInString(other.Paragraphs[para].Text)
		var own []index.Span
		for _, x := range hl {
			if x.Start >= at && x.End <= at+n {
				own = append(own, x)
			}
		}
		out[[2]int{1 - side, para}] = spans(own, at)
		at += n + 1
	}
}

// spans turns index spans into the view's, less an offset.
func spans(in []index.Span, less int) []span {
	out := make([]span, len(in))
	for i, x := range in {
		out[i] = span{x.Start - less, x.End - less}
	}
	return out
}

// concord opens the concordance of the word highlighted in the hit under
// the cursor, or, with no hits, of the query's words.
func (s *searchScreen) concord() tea.Cmd {
	word := ""
	// Hits of an older query, while the typed one is being searched, do
	// not say which word is meant.
	if s.cursor < len(s.hits) && s.query == strings.TrimSpace(s.input.Value()) {
		h := s.hits[s.cursor]
		if rs := []rune(h.Text); len(h.Highlights) > 0 && h.Highlights[0].End <= len(rs) {
			word = string(rs[h.Highlights[0].Start:h.Highlights[0].End])
		}
	}
	if word == "" {
		word = queryWords(s.input.Value())
	}
	if word == "" {
		return s.c.fail("type a word first: ctrl+o shows the concordance of the hit's word, or of the query")
	}
	s.input.Blur()
	return s.c.send(openConcordMsg{word: word})
}

// queryWords are a query's plain words: no field (lang:, doc:), excluded
// word, quote, prefix or fuzzy mark.
func queryWords(q string) string {
	var out []string
	for _, f := range strings.Fields(q) {
		if strings.HasPrefix(f, "-") || strings.Contains(f, ":") {
			continue
		}
		f = strings.Trim(f, `"*`)
		if i := strings.IndexByte(f, '~'); i >= 0 {
			f = f[:i]
		}
		if f != "" {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}

// step opens the next (d=1) or previous (d=-1) hit.
func (s *searchScreen) step(d int) tea.Cmd {
	if len(s.hits) == 0 {
		return s.c.fail("no search hits: / to search")
	}
	i := (s.current + d + len(s.hits)) % len(s.hits)
	s.cursor = i
	s.scrollToCursor()
	return s.open(i)
}

// itemFor finds the library item to show a hit in: the pair holding its
// counterpart, else any pair of its document, else the document alone.
func itemFor(items []libItem, h index.Hit) *libItem {
	var fallback *libItem
	for k := range items {
		it := &items[k]
		if it.pair == nil {
			if d := it.doc(); d.ID == h.Doc && fallback == nil {
				fallback = it
			}
			continue
		}
		if it.pair.FA != h.Doc && it.pair.EN != h.Doc {
			continue
		}
		if h.Counterpart != nil && (it.pair.FA == h.Counterpart.Doc || it.pair.EN == h.Counterpart.Doc) {
			return it
		}
		if fallback == nil || fallback.pair == nil {
			fallback = it
		}
	}
	return fallback
}

func (s *searchScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Open, s.keys.Down, s.keys.Concord, s.keys.Back}
}

func (s *searchScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.Up, s.keys.Down, s.keys.PageUp, s.keys.PageDown}, {s.keys.Open, s.keys.Concord, s.keys.Back}}
}

func (s *searchScreen) About() []string {
	return []string{
		"Search: results as you type, in both languages, each with its counterpart. A query is words (all must match), \"phrases\", prefix*, fuzzy~, lang:fa or lang:en, doc:ID, and -word to leave out. Every other key edits the query. In the parallel view, n and N step through the hits. The wheel moves through the hits; a double click opens one. ctrl+o shows the concordance of the hit's highlighted word (of the query when there are no hits): every occurrence, with how it was translated.",
	}
}

func (s *searchScreen) Status() string {
	if len(s.hits) == 0 {
		return "search"
	}
	return fmt.Sprintf("search · hit %d/%d", s.cursor+1, len(s.hits))
}

// View draws the search screen: the query, then three lines a hit.
func (s *searchScreen) View() []string {
	st, pt := s.c.st, s.c.pt
	lines := s.headLines()
	w := max(10, s.width-4)
	for i := s.offset; i < len(s.hits) && i < s.offset+s.room(); i++ {
		hit := s.hits[i]
		marker := "  "
		if i == s.cursor {
			marker = st.cursor.Render("▌ ")
		}
		head := []piece{plain(fmt.Sprintf("%s ¶%d %s %.2f", hit.Doc, hit.Para+1, hit.Lang, hit.Score))}
		if hit.Via != "" {
			head = append(head, styled(&st.dim, "  via "+hit.Via))
		}
		if i == s.cursor {
			head[0].st = &st.selected
		}
		lines = append(lines, marker+pt.text(s.width-2, head...))
		lines = append(lines, "  "+snippetLine(pt, hit.Text, hit.Highlights, w, hit.Lang == corpus.LangFA, st))
		cp := "  " + pt.text(s.width-2, styled(&st.dim, "↔ no counterpart"))
		if c := hit.Counterpart; c != nil {
			cp = "  ↔ " + snippetLine(pt, c.Text, c.Highlights, w-2, corpus.DetectLang(c.Text) == corpus.LangFA, st)
		}
		lines = append(lines, cp, "")
	}
	return lines
}

// snippetLine is one line of a paragraph around its first highlight, in
// the paragraph's direction.
func snippetLine(pt *painter, text string, hl []index.Span, width int, rtlText bool, st *styles) string {
	rs := []rune(text)
	from := 0
	if len(hl) > 0 && hl[0].Start > width/3 {
		from = min(len(rs), hl[0].Start-width/3)
	}
	var sp []span
	for _, x := range hl {
		if x.End > from {
			sp = append(sp, span{max(0, x.Start-from), x.End - from})
		}
	}
	prefix := ""
	if from > 0 {
		prefix = "…"
	}
	dir := rtl.LTR
	if rtlText {
		dir = rtl.RTL
	}
	p := pt.prepareText(prefix+string(rs[from:]), dir)
	return pt.line(p, width, false, look{hl: shift(sp, len([]rune(prefix))), hlSt: &st.hl})
}

func shift(sp []span, n int) []span {
	for i := range sp {
		sp[i].start += n
		sp[i].end += n
	}
	return sp
}
