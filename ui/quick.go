package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"hamta/align"
	"hamta/corpus"
)

// Preview is a corpus as it was last opened, shown at once while Load
// reads the corpus in the background: the library from the workspace's
// stored metadata, without reading a document.
type Preview struct {
	// Data is the library: its Docs hold no paragraphs and its Pairs no
	// beads. Search may be set (an index opened without the corpus);
	// what needs the whole corpus (corrections, export, the
	// concordance) is nil, and Notes say why.
	Data *Data
	// Counts are the paragraphs of each document that take part in
	// alignment, by document ID: what the library shows as ¶.
	Counts map[string]int
	// OpenPair reads the two documents of a pair and its beads as saved.
	OpenPair func(ctx context.Context, p align.DocPair) (fa, en *corpus.Document, beads []align.Bead, err error)
	// OpenDoc reads one document.
	OpenDoc func(ctx context.Context, id string) (*corpus.Document, error)
	// Check tells, reading no document, what changed in the corpus since
	// it was last opened, in a few words ("" when nothing did). It runs
	// in the background before Load.
	Check func(ctx context.Context) (string, error)
}

// quickState is what the browser keeps while it shows a Preview and the
// corpus is read behind it.
type quickState struct {
	p *Preview
	// read are the library items whose documents have been read.
	read map[*libItem]bool
	// opening is the item being read, asked for by request seq.
	opening *libItem
	seq     int
	// The background load: its step, and what it gave (or why not).
	stage       string
	done, total int
	changed     string
	pending     *Data
	err         error
}

// Messages of the background load and of a pair read at once.
type (
	// checkedMsg says what changed since the library was saved.
	checkedMsg struct {
		changed string
		err     error
	}
	// quickPairMsg brings the documents of a library item read alone.
	quickPairMsg struct {
		seq    int
		from   state
		open   openPairMsg
		fa, en *corpus.Document
		beads  []align.Bead
		err    error
	}
)

// checking is the message shown while the corpus is checked.
const checking = "checking the corpus…"

// startPreview shows the preview's library at once.
func (m *Model) startPreview(p *Preview) {
	m.c.quick = &quickState{p: p, read: map[*libItem]bool{}}
	m.SetData(p.Data)
	m.note = noteMsg{text: checking, kind: noteInfo}
}

// quickInit checks the corpus and then reads it, in the background.
func (m *Model) quickInit() tea.Cmd {
	q := m.c.quick
	ctx := m.c.ctx
	m.loadCh = make(chan tea.Msg, 16)
	go func() {
		if q.p.Check != nil {
			changed, err := q.p.Check(ctx)
			m.loadCh <- checkedMsg{changed, err}
		}
		if m.load == nil {
			return
		}
		d, err := m.load(ctx, func(stage string, done, total int) {
			select {
			case m.loadCh <- loadProgressMsg{stage, done, total}:
			default:
			}
		})
		m.loadCh <- loadedMsg{d, err}
	}()
	return tea.Batch(m.waitLoad, tea.RequestBackgroundColor)
}

// quickUpdate handles what differs while a preview is shown: the
// background load's messages, and opening an item whose documents are
// not read yet. It reports whether it handled msg.
func (m *Model) quickUpdate(msg tea.Msg) (tea.Cmd, bool) {
	q := m.c.quick
	if q == nil {
		return nil, false
	}
	switch msg := msg.(type) {
	case checkedMsg:
		switch {
		case msg.err != nil:
			q.changed = "cannot check: " + oneLine(msg.err)
		case msg.changed != "":
			q.changed = msg.changed
			m.quietNote(fmt.Sprintf("the corpus changed since it was last read (%s): updating…", msg.changed), noteInfo)
			return tea.Batch(m.waitLoad, m.repaint()), true
		}
		return m.waitLoad, true
	case loadProgressMsg:
		q.stage, q.done, q.total = msg.stage, msg.done, msg.total
		return m.waitLoad, true
	case loadedMsg:
		if msg.err != nil {
			q.err = msg.err
			m.c.data.Notes = []string{"the corpus could not be read: " + oneLine(msg.err)}
			m.note = noteMsg{text: "the corpus could not be read: " + oneLine(msg.err) + " (the library is shown as last saved)", kind: noteErr}
			m.relayout()
			return m.repaint(), true
		}
		q.pending = msg.data
		if m.state != stateLibrary {
			m.quietNote("the corpus is read: back in the library, everything is ready", noteOK)
		}
		return nil, true
	case openPairMsg:
		it := msg.item
		if it == nil || q.read[it] {
			return nil, false
		}
		if it == q.opening {
			return nil, true
		}
		q.seq++
		q.opening = it
		seq, from, p, ctx := q.seq, m.state, q.p, m.c.ctx
		pair := it.pair
		var pv align.DocPair
		if pair != nil {
			pv = *pair
		}
		id := ""
		if pair == nil && it.doc() != nil {
			id = it.doc().ID
		}
		return func() tea.Msg {
			r := quickPairMsg{seq: seq, from: from, open: msg}
			switch {
			case pair != nil && p.OpenPair != nil:
				r.fa, r.en, r.beads, r.err = p.OpenPair(ctx, pv)
			case pair == nil && p.OpenDoc != nil:
				var d *corpus.Document
				if d, r.err = p.OpenDoc(ctx, id); d != nil && d.Lang == corpus.LangFA {
					r.fa = d
				} else {
					r.en = d
				}
			default:
				r.err = fmt.Errorf("the corpus is still being read")
			}
			return r
		}, true
	case quickPairMsg:
		it := msg.open.item
		if q.opening == it {
			q.opening = nil
		}
		if msg.err != nil {
			if msg.seq == q.seq {
				return m.c.fail("this opens once the corpus is read: " + oneLine(msg.err)), true
			}
			return nil, true
		}
		if it.pair != nil {
			it.fa, it.en = msg.fa, msg.en
			it.pair.Beads = msg.beads
		} else if msg.fa != nil {
			it.fa = msg.fa
		} else {
			it.en = msg.en
		}
		q.read[it] = true
		if msg.seq != q.seq || m.state != msg.from {
			return nil, true // the user went on meanwhile
		}
		if s, ok := m.screens[stateSearch].(*searchScreen); ok && msg.open.fromSearch {
			// Again, now that both documents are read: the counterpart's
			// highlights need its paragraphs.
			return tea.Batch(s.open(s.current), m.repaint()), true
		}
		cmd, _ := m.route(msg.open)
		return tea.Batch(cmd, m.repaint()), true
	}
	return nil, false
}

// quickSettle swaps the full data in for the preview once the load is
// done and the library is in front, keeping the user's place: the item
// under the cursor, its row on the screen, and the filter.
func (m *Model) quickSettle() tea.Cmd {
	q := m.c.quick
	if q == nil || q.pending == nil || m.state != stateLibrary {
		return nil
	}
	d, old := q.pending, m.c.data
	lib, _ := m.screens[stateLibrary].(*libraryScreen)
	var keep string
	row := 0
	if lib != nil {
		if it := lib.current(); it != nil {
			keep = itemID(it)
		}
		row = lib.cursor - lib.offset
	}
	m.c.quick = nil
	m.c.data = d
	m.c.items = libraryItems(d)
	next := newLibrary(m.c)
	if lib != nil {
		next.filter, next.filtering = lib.filter, lib.filtering
		next.applyFilter()
		for i, x := range next.shown {
			if itemID(&m.c.items[x]) == keep {
				next.cursor = i
				break
			}
		}
		next.offset = max(0, next.cursor-row)
	}
	// The search screen keeps its query; screens that held the preview's
	// items go.
	search := m.screens[stateSearch]
	m.screens = map[state]component{stateLibrary: next}
	if search != nil {
		m.screens[stateSearch] = search
	}
	m.history = []state{stateLibrary}
	switch {
	case len(d.Notes) > 0:
		m.note = noteMsg{text: strings.Join(d.Notes, "\n"), kind: noteInfo}
	case m.note.text == "" || m.note.text == checking || q.changed != "":
		m.note = noteMsg{text: "the corpus is read: everything is ready", kind: noteOK}
	}
	m.relayout()
	if old.Close != nil {
		go old.Close()
	}
	return m.repaint()
}

// quietNote shows a message unless another one is shown (the note the
// preview started with aside).
func (m *Model) quietNote(text string, kind noteKind) {
	if m.note.text == "" || m.note.text == checking {
		m.note = noteMsg{text: text, kind: kind}
		m.relayout()
	}
}

// itemID names a library item across two loads of the same corpus.
func itemID(it *libItem) string {
	if it.pair != nil {
		return it.pair.FA + "\x00" + it.pair.EN
	}
	if d := it.doc(); d != nil {
		return d.ID
	}
	return ""
}

// paraCount is the count shown for a document: its paragraphs taking
// part in alignment, from the preview's counts while it is not read.
func (c *common) paraCount(d *corpus.Document) int {
	if q := c.quick; q != nil && d.Paragraphs == nil {
		if n, ok := q.p.Counts[d.ID]; ok {
			return n
		}
	}
	return paraCount(d)
}

// backgroundStatus is what the status bar says of the background load.
func (c *common) backgroundStatus() string {
	q := c.quick
	switch {
	case q == nil:
		return ""
	case q.err != nil:
		return " · as last saved"
	case q.pending != nil:
		return " · corpus read"
	case q.stage == "":
		return " · checking the corpus"
	case q.total > 0:
		return fmt.Sprintf(" · %s %d/%d", q.stage, q.done, q.total)
	}
	return " · " + q.stage
}
