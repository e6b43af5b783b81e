package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"hamta/align"
	"hamta/corpus"
	"hamta/ui/rtl"
)

// libItem is one entry of the library: a pair, or a document with no
// counterpart.
type libItem struct {
	pair   *align.DocPair
	fa, en *corpus.Document // en is nil for an unpaired document in fa, and the other way round
	key    string           // folded text the filter matches
}

// library lists the pairs and unpaired documents.
type library struct {
	all       []libItem
	shown     []int // indices into all that pass the filter
	cursor    int   // index into shown
	offset    int   // first item drawn
	filter    textinput.Model
	filtering bool
}

func newLibrary(d *Data) library {
	l := library{filter: textinput.New()}
	l.filter.Prompt = "filter: "
	l.filter.Placeholder = "type to filter by title or file"
	st := l.filter.Styles()
	st.Cursor.Blink = false
	l.filter.SetStyles(st)
	paired := map[string]bool{}
	for i := range d.Pairs {
		p := &d.Pairs[i]
		it := libItem{pair: p, fa: d.doc(p.FA), en: d.doc(p.EN)}
		if it.fa == nil || it.en == nil {
			continue
		}
		paired[p.FA], paired[p.EN] = true, true
		it.key = corpus.Fold(strings.Join([]string{p.FA, p.EN, it.fa.Title, it.en.Title, string(p.Kind)}, " "))
		l.all = append(l.all, it)
	}
	for _, doc := range d.Docs {
		if paired[doc.ID] {
			continue
		}
		it := libItem{key: corpus.Fold(doc.ID + " " + doc.Title + " unpaired")}
		if doc.Lang == corpus.LangFA {
			it.fa = doc
		} else {
			it.en = doc
		}
		l.all = append(l.all, it)
	}
	l.applyFilter()
	return l
}

// applyFilter keeps the items whose text holds every word of the filter.
func (l *library) applyFilter() {
	words := strings.Fields(corpus.Fold(l.filter.Value()))
	l.shown = l.shown[:0]
	for i, it := range l.all {
		ok := true
		for _, w := range words {
			if !strings.Contains(it.key, w) {
				ok = false
				break
			}
		}
		if ok {
			l.shown = append(l.shown, i)
		}
	}
	l.cursor = min(l.cursor, max(0, len(l.shown)-1))
}

func (l *library) current() *libItem {
	if len(l.shown) == 0 {
		return nil
	}
	return &l.all[l.shown[l.cursor]]
}

// libraryKey handles a key on the library screen.
func (m *Model) libraryKey(k tea.KeyPressMsg) tea.Cmd {
	l := &m.lib
	if l.filtering {
		switch {
		case k.String() == "esc":
			l.filter.SetValue("")
			l.filtering = false
			l.filter.Blur()
			l.applyFilter()
			return nil
		case k.String() == "enter":
			l.filtering = false
			l.filter.Blur()
			return nil
		case k.String() == "up" || k.String() == "down":
			l.move(map[string]int{"up": -1, "down": 1}[k.String()])
			return nil
		}
		var cmd tea.Cmd
		l.filter, cmd = l.filter.Update(k)
		l.applyFilter()
		return cmd
	}
	switch {
	case key.Matches(k, m.keys.Up):
		l.move(-1)
	case key.Matches(k, m.keys.Down):
		l.move(1)
	case key.Matches(k, m.keys.PageUp):
		l.move(-10)
	case key.Matches(k, m.keys.PageDown):
		l.move(10)
	case key.Matches(k, m.keys.Top):
		l.cursor = 0
	case key.Matches(k, m.keys.Bottom):
		l.cursor = max(0, len(l.shown)-1)
	case key.Matches(k, m.keys.Open):
		if it := l.current(); it != nil {
			m.openItem(it, -1, -1, nil)
		}
	case key.Matches(k, m.keys.Search):
		return m.openSearch()
	case key.Matches(k, m.keys.Back):
		if l.filter.Value() != "" {
			l.filter.SetValue("")
			l.applyFilter()
		}
	case key.Matches(k, m.keys.Filter):
		l.filtering = true
		return l.filter.Focus()
	default:
		// Typing a letter that is not a command starts a filter with it.
		if t := k.Text; t != "" && t != " " && hasLetterOrDigit(t) {
			l.filtering = true
			cmd := l.filter.Focus()
			l.filter.SetValue(l.filter.Value() + t)
			l.filter.CursorEnd()
			l.applyFilter()
			return cmd
		}
	}
	return nil
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f {
			return true
		}
	}
	return false
}

func (l *library) move(d int) {
	l.cursor = max(0, min(len(l.shown)-1, l.cursor+d))
}

// openItem opens a library item (or a hit's document) in the parallel
// view, with the cursor on the row holding paragraph para of side
// (0 Persian, 1 English) when para ≥ 0, and hl highlighted there.
func (m *Model) openItem(it *libItem, side, para int, hl []span) {
	p := newPager(it, m.bidi)
	if para >= 0 {
		p.highlight(side, para, hl)
		p.goToPara(side, para)
	}
	m.pager = p
	m.screen = screenPair
}

// itemLines are the two lines that show a library item.
func (l *library) itemLines(m *Model, it *libItem, width int, selected bool) []string {
	marker := "  "
	if selected {
		marker = m.st.cursor.Render("▌ ")
	}
	var head []piece
	switch {
	case it.pair != nil:
		kind := styled(&m.st.kindTrans, string(it.pair.Kind))
		if it.pair.Kind == align.Comparable {
			kind.st = &m.st.kindComp
		}
		pin := ""
		if it.pair.Pinned {
			pin = " pinned"
		}
		head = []piece{kind, plain(fmt.Sprintf(" %.2f%s  %s (%d¶) ↔ %s (%d¶)", it.pair.Score, pin,
			it.fa.ID, len(it.fa.AlignedParagraphs()), it.en.ID, len(it.en.AlignedParagraphs())))}
	default:
		d := it.fa
		if d == nil {
			d = it.en
		}
		head = []piece{styled(&m.st.dim, "unpaired"), plain(fmt.Sprintf("  %s (%s, %d¶)", d.ID, d.Lang, len(d.AlignedParagraphs())))}
	}
	if selected {
		for i := range head {
			head[i].st = &m.st.selected
		}
	}
	// Titles: Persian and English, each drawn in its own direction.
	half := max(10, (width-4-3)/2)
	title := func(d *corpus.Document) string {
		if d == nil {
			return strings.Repeat(" ", half)
		}
		dir := rtl.LTR
		if d.Lang == corpus.LangFA {
			dir = rtl.RTL
		}
		return m.pt.line(m.pt.prepareText(oneSpace(d.Title), dir), half, true, look{})
	}
	titles := title(it.en) + " │ " + title(it.fa)
	return []string{marker + m.pt.text(width-2, head...), "    " + titles}
}

// view draws the library.
func (l *library) view(m *Model, h int) []string {
	lines := []string{
		m.pt.text(m.width, styled(&m.st.header, "hamta"), plain("  "+m.data.Name), styled(&m.st.dim, fmt.Sprintf("  %d documents, %d pairs", len(m.data.Docs), len(m.data.Pairs)))),
	}
	if l.filtering || l.filter.Value() != "" {
		lines = append(lines, m.pt.input(&l.filter, &m.st, m.width))
	} else {
		lines = append(lines, m.pt.text(m.width, styled(&m.st.dim, "enter open · / search · type to filter · ? help")))
	}
	lines = append(lines, "")
	if len(l.shown) == 0 {
		return append(lines, m.pt.text(m.width, styled(&m.st.dim, "nothing matches the filter")))
	}
	per := 3 // lines per item
	room := max(1, (h-len(lines))/per)
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+room {
		l.offset = l.cursor - room + 1
	}
	for i := l.offset; i < len(l.shown) && i < l.offset+room; i++ {
		it := &l.all[l.shown[i]]
		lines = append(lines, l.itemLines(m, it, m.width, i == l.cursor)...)
		lines = append(lines, "")
	}
	return lines
}

func (l *library) statusText(m *Model) string {
	if len(l.shown) == 0 {
		return "library"
	}
	s := fmt.Sprintf("library %d/%d", l.cursor+1, len(l.shown))
	if n := len(m.data.Problems); n > 0 {
		s += fmt.Sprintf(" · %d files skipped", n)
	}
	return s
}
