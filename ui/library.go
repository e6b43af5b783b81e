package ui

import (
	"fmt"
	"strings"
	"time"

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
	key    string           // folded text the filter matches, once asked for (see filterText)
}

// filterText is the folded text the filter matches, made the first time
// a filter asks: a library of tens of thousands of entries draws its
// first screen without folding them all.
func (it *libItem) filterText() string {
	if it.key == "" {
		if p := it.pair; p != nil {
			it.key = corpus.Fold(strings.Join([]string{p.FA, p.EN, it.fa.Title, it.en.Title, string(p.Kind)}, " "))
		} else if d := it.doc(); d != nil {
			it.key = corpus.Fold(d.ID + " " + d.Title + " unpaired")
		}
	}
	return it.key
}

// doc is the item's only document when it is unpaired.
func (it *libItem) doc() *corpus.Document {
	if it.fa != nil {
		return it.fa
	}
	return it.en
}

// libraryItems lists the pairs of the data, then the documents in no
// pair.
func libraryItems(d *Data) []libItem {
	var items []libItem
	paired := map[string]bool{}
	docs := make(map[string]*corpus.Document, len(d.Docs))
	for _, x := range d.Docs {
		if docs[x.ID] == nil {
			docs[x.ID] = x
		}
	}
	for i := range d.Pairs {
		p := &d.Pairs[i]
		it := libItem{pair: p, fa: docs[p.FA], en: docs[p.EN]}
		if it.fa == nil || it.en == nil {
			continue
		}
		paired[p.FA], paired[p.EN] = true, true
		items = append(items, it)
	}
	for _, doc := range d.Docs {
		if paired[doc.ID] {
			continue
		}
		var it libItem
		if doc.Lang == corpus.LangFA {
			it.fa = doc
		} else {
			it.en = doc
		}
		items = append(items, it)
	}
	return items
}

// paraCount is the number of paragraphs of a document that alignment
// takes part in (furniture left out): the count shown everywhere.
func paraCount(d *corpus.Document) int {
	n := 0
	for _, p := range d.Paragraphs {
		if p.Aligned() {
			n++
		}
	}
	return n
}

// Library layout: a header of three lines, then three lines an item.
const (
	libHeader  = 3
	libPerItem = 3
)

// doubleClick is the longest pause between the clicks of a double click.
const doubleClick = 500 * time.Millisecond

// clicks tells a double click on an item of a list from single ones.
type clicks struct {
	item int // the item clicked last, plus one; 0 for none
	at   time.Time
}

// click records a click on item i at now, and reports whether it ends a
// double click, which is then forgotten.
func (c *clicks) click(i int, now time.Time) bool {
	if c.item == i+1 && now.Sub(c.at) <= doubleClick {
		c.item = 0
		return true
	}
	c.item, c.at = i+1, now
	return false
}

// inView is the first of a list's n items to draw, room at a time, so
// that item cursor is drawn: offset moved as little as that takes.
func inView(cursor, offset, room, n int) int {
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+room {
		offset = cursor - room + 1
	}
	return max(0, min(offset, n-room))
}

// libraryScreen lists the pairs and unpaired documents.
type libraryScreen struct {
	c             *common
	keys          libraryKeys
	width, height int

	shown     []int // indices into c.items that pass the filter
	cursor    int   // index into shown
	offset    int   // first item drawn
	filter    textinput.Model
	filtering bool

	clicks clicks
}

func newLibrary(c *common) *libraryScreen {
	l := &libraryScreen{c: c, keys: newLibraryKeys(), filter: textinput.New()}
	l.filter.Prompt = "filter: "
	l.filter.Placeholder = "type, or press f, to filter by title or file"
	st := l.filter.Styles()
	st.Cursor.Blink = false
	l.filter.SetStyles(st)
	l.applyFilter()
	return l
}

// applyFilter keeps the items whose text holds every word of the filter.
func (l *libraryScreen) applyFilter() {
	words := strings.Fields(corpus.Fold(l.filter.Value()))
	l.shown = l.shown[:0]
	for i := range l.c.items {
		ok := true
		for _, w := range words {
			if !strings.Contains(l.c.items[i].filterText(), w) {
				ok = false
				break
			}
		}
		if ok {
			l.shown = append(l.shown, i)
		}
	}
	l.cursor = min(l.cursor, max(0, len(l.shown)-1))
	l.scrollToCursor()
}

func (l *libraryScreen) current() *libItem {
	if len(l.shown) == 0 {
		return nil
	}
	return &l.c.items[l.shown[l.cursor]]
}

// room is the number of items that fit.
func (l *libraryScreen) room() int { return max(1, (l.height-libHeader)/libPerItem) }

func (l *libraryScreen) move(d int) {
	l.cursor = max(0, min(len(l.shown)-1, l.cursor+d))
	l.scrollToCursor()
}

// scrollToCursor keeps the cursor's item in view.
func (l *libraryScreen) scrollToCursor() {
	l.offset = inView(l.cursor, l.offset, l.room(), len(l.shown))
}

func (l *libraryScreen) open() tea.Cmd {
	it := l.current()
	if it == nil {
		return nil
	}
	return l.c.send(openPairMsg{item: it, para: -1})
}

func (l *libraryScreen) SetSize(w, h int) {
	l.width, l.height = w, h
	l.scrollToCursor()
}

func (l *libraryScreen) Shown() tea.Cmd {
	if l.filtering {
		return l.filter.Focus()
	}
	return nil
}

func (l *libraryScreen) Typing() bool { return l.filtering }

func (l *libraryScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if l.filtering {
			return l.filterKey(msg)
		}
		return l.key(msg)
	case tea.PasteMsg:
		if !l.filtering {
			l.filtering = true
			l.filter.Focus()
		}
		var cmd tea.Cmd
		l.filter, cmd = l.filter.Update(msg)
		l.applyFilter()
		return cmd
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			l.move(-1)
		case tea.MouseWheelDown:
			l.move(1)
		}
	case tea.MouseClickMsg:
		return l.click(msg)
	}
	return nil
}

// click selects the item under the mouse; a second click on it soon
// after opens it.
func (l *libraryScreen) click(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft || msg.Y < libHeader {
		return nil
	}
	i := l.offset + (msg.Y-libHeader)/libPerItem
	if i >= len(l.shown) || i >= l.offset+l.room() {
		return nil
	}
	l.cursor = i
	if l.clicks.click(i, l.c.now()) {
		return l.open()
	}
	return nil
}

// filterKey handles a key while the filter has the keys: every key but
// enter, esc and the arrows edits it.
func (l *libraryScreen) filterKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, l.keys.FilterOpen):
		l.filtering = false
		l.filter.Blur()
		return l.open()
	case key.Matches(k, l.keys.FilterDone):
		l.filter.SetValue("")
		l.filtering = false
		l.filter.Blur()
		l.applyFilter()
		return nil
	case key.Matches(k, l.keys.FilterUp):
		l.move(-1)
		return nil
	case key.Matches(k, l.keys.FilterDown):
		l.move(1)
		return nil
	}
	var cmd tea.Cmd
	l.filter, cmd = l.filter.Update(k)
	l.applyFilter()
	return cmd
}

// key handles a key of the library.
func (l *libraryScreen) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, l.keys.Up):
		l.move(-1)
	case key.Matches(k, l.keys.Down):
		l.move(1)
	case key.Matches(k, l.keys.PageUp):
		l.move(-l.room())
	case key.Matches(k, l.keys.PageDown):
		l.move(l.room())
	case key.Matches(k, l.keys.Top):
		l.move(-len(l.shown))
	case key.Matches(k, l.keys.Bottom):
		l.move(len(l.shown))
	case key.Matches(k, l.keys.Open):
		return l.open()
	case key.Matches(k, l.keys.Search):
		return l.c.send(openSearchMsg{})
	case key.Matches(k, l.keys.Clear):
		if l.filter.Value() != "" {
			l.filter.SetValue("")
			l.applyFilter()
		}
	case key.Matches(k, l.keys.Filter):
		l.filtering = true
		l.filter.CursorEnd()
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

func (l *libraryScreen) ShortHelp() []key.Binding {
	if l.filtering {
		return []key.Binding{l.keys.FilterOpen, l.keys.FilterDown, l.keys.FilterDone}
	}
	return []key.Binding{l.keys.Open, l.keys.Search, l.keys.Filter}
}

func (l *libraryScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		l.keys.moveKeys.list(),
		{l.keys.Open, l.keys.Filter, l.keys.Clear, l.keys.Search},
		{l.keys.FilterOpen, l.keys.FilterUp, l.keys.FilterDown, l.keys.FilterDone},
	}
}

func (l *libraryScreen) About() []string {
	return []string{
		"The library: a pair of documents an entry, translation or comparable (an independent report of the same event), with its score and paragraph counts (¶, page furniture left out), then the documents no pair holds. The mouse wheel scrolls; a click selects.",
	}
}

func (l *libraryScreen) Status() string {
	if len(l.shown) == 0 {
		return "library"
	}
	s := fmt.Sprintf("library %d/%d", l.cursor+1, len(l.shown))
	if n := len(l.c.data.Problems); n > 0 {
		s += fmt.Sprintf(" · %d files skipped", n)
	}
	return s
}

// itemLines are the two lines that show a library item.
func (l *libraryScreen) itemLines(it *libItem, selected bool) []string {
	st, pt, width := l.c.st, l.c.pt, l.width
	marker := "  "
	if selected {
		marker = st.cursor.Render("▌ ")
	}
	var head []piece
	switch {
	case it.pair != nil:
		kind := styled(&st.kindTrans, string(it.pair.Kind))
		if it.pair.Kind == align.Comparable {
			kind.st = &st.kindComp
		}
		pin := ""
		if it.pair.Pinned {
			pin = " pinned"
		}
		// Counts first: a long file name may be cut, they may not.
		head = []piece{kind, plain(fmt.Sprintf(" %.2f%s  %d¶ ↔ %d¶  %s ↔ %s", it.pair.Score, pin,
			l.c.paraCount(it.fa), l.c.paraCount(it.en), it.fa.ID, it.en.ID))}
	default:
		d := it.doc()
		head = []piece{styled(&st.dim, "unpaired"), plain(fmt.Sprintf("  %d¶ %s  %s", l.c.paraCount(d), d.Lang, d.ID))}
	}
	if selected {
		for i := range head {
			head[i].st = &st.selected
		}
	}
	// Titles: English on the left, Persian on the right, each in its own
	// direction; an unpaired document's title takes the whole line.
	title := func(d *corpus.Document, w int) string {
		if d == nil {
			return strings.Repeat(" ", w)
		}
		dir := rtl.LTR
		if d.Lang == corpus.LangFA {
			dir = rtl.RTL
		}
		return pt.line(pt.prepareText(oneSpace(d.Title), dir), w, true, look{})
	}
	var titles string
	if it.pair == nil {
		titles = title(it.doc(), max(10, width-4))
	} else {
		half := max(10, (width-4-3)/2)
		titles = title(it.en, half) + " │ " + title(it.fa, half)
	}
	return []string{marker + pt.text(width-2, head...), "    " + titles}
}

func (l *libraryScreen) View() []string {
	st, pt, d := l.c.st, l.c.pt, l.c.data
	lines := []string{
		pt.text(l.width, styled(&st.header, "hamta"), plain("  "+d.Name), styled(&st.dim, fmt.Sprintf("  %d documents, %d pairs", len(d.Docs), len(d.Pairs)))),
		pt.input(&l.filter, st, l.width),
		"",
	}
	if len(l.shown) == 0 {
		return append(lines, pt.text(l.width, styled(&st.dim, "nothing matches the filter")))
	}
	for i := l.offset; i < len(l.shown) && i < l.offset+l.room(); i++ {
		lines = append(lines, l.itemLines(&l.c.items[l.shown[i]], i == l.cursor)...)
		lines = append(lines, "")
	}
	return lines
}
