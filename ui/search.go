package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hamta/corpus"
	"hamta/index"
	"hamta/ui/rtl"
)

// searchDelay is how long typing must pause before a search runs.
const searchDelay = 150 * time.Millisecond

// searchLimit is the most hits shown.
const searchLimit = 100

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

// searchModel is the search screen: a query line and live results.
type searchModel struct {
	input    textinput.Model
	seq      int // edits so far
	query    string
	hits     []index.Hit
	total    int
	err      string
	cursor   int
	offset   int
	cameFrom bool // the parallel view was opened from a hit
	current  int  // the hit shown in the parallel view, for n and N
}

func newSearchModel() searchModel {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "search Persian and English: words, \"phrases\", prefix*, fuzzy~, lang:fa, doc:ID"
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return searchModel{input: in}
}

func (s *searchModel) focus() tea.Cmd { return s.input.Focus() }

// searchKey handles a key on the search screen: list keys move through
// the hits, everything else edits the query.
func (m *Model) searchKey(k tea.KeyPressMsg) tea.Cmd {
	s := &m.search
	switch k.String() {
	case "esc":
		s.input.Blur()
		m.screen = m.back
		if m.screen == screenSearch || m.screen == screenHelp {
			m.screen = screenLibrary
		}
		if m.screen == screenPair && m.pager == nil {
			m.screen = screenLibrary
		}
		return nil
	case "up", "ctrl+p":
		s.cursor = max(0, s.cursor-1)
		return nil
	case "down", "ctrl+n":
		s.cursor = max(0, min(len(s.hits)-1, s.cursor+1))
		return nil
	case "pgup":
		s.cursor = max(0, s.cursor-10)
		return nil
	case "pgdown":
		s.cursor = max(0, min(len(s.hits)-1, s.cursor+10))
		return nil
	case "enter":
		if len(s.hits) == 0 {
			return nil
		}
		s.input.Blur()
		s.cameFrom = true
		return s.open(m, s.cursor)
	}
	var cmd tea.Cmd
	before := s.input.Value()
	s.input, cmd = s.input.Update(k)
	if s.input.Value() != before {
		s.seq++
		seq := s.seq
		cmd = tea.Batch(cmd, tea.Tick(searchDelay, func(time.Time) tea.Msg { return searchTickMsg{seq} }))
	}
	return cmd
}

// tick runs the search when typing has paused on the latest edit.
func (s *searchModel) tick(msg searchTickMsg, m *Model) tea.Cmd {
	if msg.seq != s.seq || m.data == nil || m.data.Search == nil {
		return nil
	}
	q := strings.TrimSpace(s.input.Value())
	if q == "" {
		s.hits, s.total, s.err, s.query = nil, 0, "", ""
		return nil
	}
	search, ctx := m.data.Search, m.ctx
	return func() tea.Msg {
		res, err := search(ctx, q, index.Options{Limit: searchLimit})
		return searchResultMsg{seq: msg.seq, query: q, res: res, err: err}
	}
}

// result shows the hits of the latest search.
func (s *searchModel) result(msg searchResultMsg) tea.Cmd {
	if msg.seq != s.seq {
		return nil // an older query: a newer one is on its way
	}
	s.query = msg.query
	if msg.err != nil {
		s.err = oneLine(msg.err)
		if errors.Is(msg.err, index.ErrBadQuery) {
			s.err = strings.TrimPrefix(s.err, "bad query: ")
		}
		return nil
	}
	s.err, s.hits, s.total, s.cursor, s.offset = "", msg.res.Hits, msg.res.Total, 0, 0
	return nil
}

// open shows hit i in the parallel view: the pair its counterpart belongs
// to (or any pair of its document), the cursor on its row, its words
// highlighted.
func (s *searchModel) open(m *Model, i int) tea.Cmd {
	if i < 0 || i >= len(s.hits) {
		return nil
	}
	h := s.hits[i]
	s.current = i
	it := m.itemFor(h)
	if it == nil {
		m.setStatus("document "+h.Doc+" is no longer in the corpus", false)
		return nil
	}
	side := 1
	if h.Lang == corpus.LangFA {
		side = 0
	}
	hl := make([]span, len(h.Highlights))
	for k, x := range h.Highlights {
		hl[k] = span{x.Start, x.End}
	}
	m.openItem(it, side, h.Para, hl)
	m.setStatus(fmt.Sprintf("hit %d/%d · n next · N previous", i+1, len(s.hits)), true)
	return nil
}

// step moves to the next (d=1) or previous (d=-1) hit.
func (s *searchModel) step(m *Model, d int) tea.Cmd {
	if len(s.hits) == 0 {
		m.setStatus("no search hits: / to search", false)
		return nil
	}
	i := (s.current + d + len(s.hits)) % len(s.hits)
	s.cursor = i
	return s.open(m, i)
}

// itemFor finds the library item to show a hit in.
func (m *Model) itemFor(h index.Hit) *libItem {
	var fallback *libItem
	for k := range m.lib.all {
		it := &m.lib.all[k]
		if it.pair == nil {
			if (it.fa != nil && it.fa.ID == h.Doc) || (it.en != nil && it.en.ID == h.Doc) {
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

// view draws the search screen: three lines a hit.
func (s *searchModel) view(m *Model, h int) []string {
	lines := []string{m.pt.input(&s.input, &m.st, m.width)}
	switch {
	case s.err != "":
		lines = append(lines, m.pt.text(m.width, styled(&m.st.warn, s.err)))
	case s.query == "":
		lines = append(lines, m.pt.text(m.width, styled(&m.st.dim, "type to search; ↑/↓ choose, enter opens, esc goes back")))
	case len(s.hits) == 0:
		lines = append(lines, m.pt.text(m.width, styled(&m.st.dim, "no hits for "+s.query)))
	default:
		lines = append(lines, m.pt.text(m.width, styled(&m.st.dim, fmt.Sprintf("%d hits for %s", len(s.hits), s.query))))
	}
	lines = append(lines, "")
	per := 4
	room := max(1, (h-len(lines))/per)
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+room {
		s.offset = s.cursor - room + 1
	}
	w := max(10, m.width-4)
	for i := s.offset; i < len(s.hits) && i < s.offset+room; i++ {
		hit := s.hits[i]
		marker := "  "
		if i == s.cursor {
			marker = m.st.cursor.Render("▌ ")
		}
		head := []piece{plain(fmt.Sprintf("%s ¶%d %s %.2f", hit.Doc, hit.Para+1, hit.Lang, hit.Score))}
		if hit.Via != "" {
			head = append(head, styled(&m.st.dim, "  via "+hit.Via))
		}
		if i == s.cursor {
			head[0].st = &m.st.selected
		}
		lines = append(lines, marker+m.pt.text(m.width-2, head...))
		lines = append(lines, "  "+snippetLine(m.pt, hit.Text, hit.Highlights, w, hit.Lang == corpus.LangFA, &m.st))
		cp := "  " + m.pt.text(m.width-2, styled(&m.st.dim, "↔ no counterpart"))
		if c := hit.Counterpart; c != nil {
			cp = "  ↔ " + snippetLine(m.pt, c.Text, c.Highlights, w-2, corpus.DetectLang(c.Text) == corpus.LangFA, &m.st)
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

func (s *searchModel) statusText() string {
	if len(s.hits) == 0 {
		return "search"
	}
	return fmt.Sprintf("search · hit %d/%d", s.cursor+1, len(s.hits))
}
