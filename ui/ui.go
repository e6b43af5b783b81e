// Package ui is hamta's terminal browser: a library of document pairs, a
// parallel view of a pair's aligned paragraphs side by side with Persian
// right to left, search across both languages, an export prompt, and
// help, and a concordance of a word with its translations. It is a Bubble Tea program whose top model routes between
// screens: each screen is a component with its own state, keys, help,
// Update and View, in a file of its own, and screens ask for another
// screen with a message (openPairMsg, backMsg, …), never by setting the
// top model's state.
package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"hamta/align"
	"hamta/ui/rtl"
)

// Smallest window the browser draws in; smaller ones get a message.
const (
	minWidth  = 50
	minHeight = 10
)

// Config is what the browser needs to start.
type Config struct {
	// Load produces the data, with progress.
	Load Loader
	// Bidi is how right-to-left text is drawn; auto is resolved from the
	// environment by New.
	Bidi BidiMode
	// Getenv reads the environment (os.Getenv when nil): TERM and the
	// terminal's own variables for Bidi, NO_COLOR for colours.
	Getenv func(string) string
	// Output is the terminal the browser draws on (os.Stdout when nil).
	Output io.Writer
	// Preview, when set, is shown at once while Load runs in the
	// background (see Preview); nil shows the loading screen until Load
	// is done.
	Preview *Preview
}

// Bidirectional support mode (ECMA-48 BDSM, mode 8): explicit tells a
// terminal that applies the bidi algorithm itself to leave the text as it
// is written, implicit gives it back its algorithm.
const (
	bdsmExplicit = "\x1b[8l"
	bdsmImplicit = "\x1b[8h"
)

// component is one screen of the browser. The top model gives it the
// size of the body (the window less the message and status lines), hands
// it the messages meant for it, and draws what View returns.
type component interface {
	help.KeyMap
	// Update handles a message while the screen is shown (and a few
	// addressed to it, such as stepHitMsg, while it is not). To show
	// another screen it returns a command that yields a navigation
	// message.
	Update(msg tea.Msg) tea.Cmd
	// View draws the body: at most the height given to SetSize lines, each
	// at most its width cells. It never changes the screen's state.
	View() []string
	// SetSize gives the screen the size of the body; scrolling that
	// depends on the size is settled here, not in View.
	SetSize(width, height int)
	// Shown is called each time the screen comes to the front.
	Shown() tea.Cmd
	// Status is the left part of the status bar.
	Status() string
	// Typing reports whether a text input has the keys: then no key but
	// ctrl+c and the screen's own control keys runs a command.
	Typing() bool
	// About is a line or two for the screen's help.
	About() []string
}

// state names the screen shown.
type state int

const (
	stateLoading state = iota
	stateLibrary
	statePair
	stateSearch
	stateHelp
	stateExport
	stateConcord
)

// Navigation messages: a screen returns one (as a command) to show
// another.
type (
	// openPairMsg shows an item in the parallel view.
	openPairMsg struct {
		item *libItem
		// side (0 Persian, 1 English) and para put the cursor on the row
		// holding that paragraph, when para ≥ 0.
		side, para int
		// hl are rune ranges to highlight, by side and paragraph.
		hl map[[2]int][]span
		// fromSearch says a search hit opened it, so n and N step
		// through the hits.
		fromSearch bool
	}
	// openSearchMsg shows the search screen.
	openSearchMsg struct{}
	// openHelpMsg shows the help of the screen in front.
	openHelpMsg struct{}
	// openExportMsg shows the export prompt for a pair: by sentence when
	// sentence is set, with the sentence beads the parallel view shows
	// (nil when it has none that fit the beads).
	openExportMsg struct {
		item     *libItem
		sentence bool
		sents    []align.SentenceBead
	}
	// openConcordMsg shows the concordance of a word.
	openConcordMsg struct{ word string }
	// backMsg goes back to the screen before.
	backMsg struct{}
	// stepHitMsg asks the search screen for the next (+1) or previous
	// (-1) hit, shown in the parallel view.
	stepHitMsg struct{ delta int }
)

// addressed is a message for one screen, delivered to it whether or not
// it is in front: the answer to work it started.
type addressed interface{ to() state }

func (searchTickMsg) to() state    { return stateSearch }
func (searchResultMsg) to() state  { return stateSearch }
func (exportDoneMsg) to() state    { return stateExport }
func (concordResultMsg) to() state { return stateConcord }
func (sentencesMsg) to() state     { return statePair }
func (savedMsg) to() state         { return statePair }

// noteKind says how a message is shown.
type noteKind int

const (
	noteInfo noteKind = iota
	noteOK
	noteErr
)

// noteMsg shows a message above the status bar until the next key.
// Messages are never cut: they wrap over as many lines as they need.
type noteMsg struct {
	text string
	kind noteKind
	// quiet notes do not replace a message already shown.
	quiet bool
}

// common is what every screen shares: the data, the styles and the one
// text path. The top model owns it; screens keep a pointer.
type common struct {
	ctx   context.Context
	bidi  BidiMode
	st    *styles
	pt    *painter // for drawing outside the parallel view's own workers
	data  *Data
	items []libItem // the library: pairs, then unpaired documents
	// styleGen changes whenever the styles do, so screens that keep
	// drawn text draw it again.
	styleGen int
	// now is the clock, for double clicks.
	now func() time.Time
	// searchDelay is how long typing must pause before a search runs.
	searchDelay time.Duration
	// sentenceView is set while the parallel view was last turned to
	// sentence beads: a pair opened next shows them too.
	sentenceView bool
	// lastID numbers the parallel views and their requests, so that an
	// answer finds the one that asked.
	lastID int
	// pending are messages for the top model, routed as soon as the
	// screen's Update returns (see send).
	pending []tea.Msg
	// quick is set while a preview is shown (see Preview).
	quick *quickState
}

// send hands a message to the top model, which routes it as soon as the
// screen's Update returns, before any other message. Screens ask for
// another screen (openPairMsg, backMsg, …) and show messages this way,
// not as commands, which the program runs later: keys typed right after
// "/" must reach the search screen, not the library.
func (c *common) send(msg tea.Msg) tea.Cmd {
	c.pending = append(c.pending, msg)
	return nil
}

// note shows a message above the status bar.
func (c *common) note(kind noteKind, format string, args ...any) tea.Cmd {
	return c.send(noteMsg{text: fmt.Sprintf(format, args...), kind: kind})
}

// fail shows a message saying why something cannot be done.
func (c *common) fail(text string) tea.Cmd { return c.send(noteMsg{text: text, kind: noteErr}) }

// Model is the browser's top model.
type Model struct {
	c      *common
	keys   globalKeys
	theme  theme
	styles styles
	width  int // the window, less the last column in terminal mode
	height int

	state   state
	screens map[state]component
	history []state // screens shown, the one in front last; each at most once

	note      noteMsg
	noteLines []string

	load   Loader
	loadCh chan tea.Msg
	cancel context.CancelFunc
}

// New returns the browser model for cfg.
func New(cfg Config) *Model {
	getenv := cfg.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	ctx, cancel := context.WithCancel(context.Background())
	mode := ResolveBidi(cfg.Bidi, getenv)
	m := &Model{
		keys:  newGlobalKeys(),
		theme: theme{dark: true, color: getenv("NO_COLOR") == ""},
		load:  cfg.Load, cancel: cancel,
	}
	m.styles = newStyles(m.theme)
	m.c = &common{
		ctx: ctx, bidi: mode, st: &m.styles, pt: newPainter(mode),
		now: time.Now, searchDelay: searchDelay,
	}
	m.screens = map[state]component{stateLoading: newLoading(m.c)}
	m.state, m.history = stateLoading, []state{stateLoading}
	if cfg.Preview != nil && cfg.Preview.Data != nil {
		m.startPreview(cfg.Preview)
	}
	return m
}

// Run starts the browser and returns when the user quits. In app mode,
// where hamta puts text in visual order itself, it switches a bidi
// terminal's own reordering off for the session (BDSM explicit) and back
// on at exit. NO_COLOR in the environment turns colours off.
func Run(ctx context.Context, cfg Config, opts ...tea.ProgramOption) error {
	m := New(cfg)
	defer m.closeData()
	out := cfg.Output
	if out == nil {
		out = os.Stdout
	}
	base := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(out)}
	if !m.theme.color {
		base = append(base, tea.WithColorProfile(colorprofile.Ascii))
	}
	opts = append(base, opts...)
	if m.c.bidi == BidiApp {
		io.WriteString(out, bdsmExplicit)
		defer io.WriteString(out, bdsmImplicit)
	}
	_, err := tea.NewProgram(m, opts...).Run()
	return err
}

func (m *Model) closeData() {
	m.cancel()
	if m.c.data != nil && m.c.data.Close != nil {
		m.c.data.Close()
	}
	if q := m.c.quick; q != nil && q.pending != nil && q.pending.Close != nil {
		q.pending.Close()
	}
}

// Loading messages.
type (
	loadProgressMsg struct {
		stage       string
		done, total int
	}
	loadedMsg struct {
		data *Data
		err  error
	}
)

// Init starts loading the data and asks the terminal for its background
// colour, to choose a light or dark theme.
func (m *Model) Init() tea.Cmd {
	if m.c.quick != nil {
		return m.quickInit()
	}
	if m.load == nil {
		return tea.RequestBackgroundColor
	}
	m.loadCh = make(chan tea.Msg, 16)
	go func() {
		d, err := m.load(m.c.ctx, func(stage string, done, total int) {
			select {
			case m.loadCh <- loadProgressMsg{stage, done, total}:
			default: // the screen is behind: skip a step
			}
		})
		m.loadCh <- loadedMsg{d, err}
	}()
	return tea.Batch(m.waitLoad, tea.RequestBackgroundColor)
}

// waitLoad delivers the next loading message.
func (m *Model) waitLoad() tea.Msg { return <-m.loadCh }

// SetData shows data directly, as tests and embedders do.
func (m *Model) SetData(d *Data) {
	m.c.data = d
	m.c.items = libraryItems(d)
	m.screens = map[state]component{stateLibrary: newLibrary(m.c)}
	m.state, m.history = stateLibrary, []state{stateLibrary}
	m.note = noteMsg{}
	if len(d.Notes) > 0 {
		m.note = noteMsg{text: strings.Join(d.Notes, "\n"), kind: noteInfo}
	}
	m.relayout()
}

// active is the screen in front.
func (m *Model) active() component { return m.screens[m.state] }

// Update handles a message, then the messages the screens sent on the way
// (see common.send).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	for len(m.c.pending) > 0 {
		next := m.c.pending[0]
		m.c.pending = m.c.pending[1:]
		cmd = tea.Batch(cmd, m.update(next))
	}
	cmd = tea.Batch(cmd, m.quickSettle())
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, noteMsg, exportDoneMsg, searchResultMsg, concordResultMsg, sentencesMsg, savedMsg:
		cmd = tea.Batch(cmd, m.repaint())
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.quickUpdate(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		if m.c.bidi == BidiTerminal {
			// The last column stays free for the mark that keeps a row
			// left to right (see markRow).
			m.width = max(0, msg.Width-1)
		}
		m.relayout()
		return nil
	case tea.BackgroundColorMsg:
		if m.theme.dark != msg.IsDark() {
			m.theme.dark = msg.IsDark()
			m.styles = newStyles(m.theme)
			m.c.styleGen++
			m.relayout()
		}
		return nil
	case loadProgressMsg:
		return tea.Batch(m.active().Update(msg), m.waitLoad)
	case loadedMsg:
		if msg.err != nil {
			return m.screens[stateLoading].Update(msg)
		}
		m.SetData(msg.data)
		return nil
	case noteMsg:
		if !msg.quiet || m.note.text == "" {
			m.note = msg
			m.relayout()
		}
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.MouseMsg:
		// Only the body takes the mouse: the message and status lines
		// hold nothing to click.
		if mm := msg.Mouse(); mm.Y >= m.bodyHeight() || m.tooSmall() {
			return nil
		}
		if _, ok := msg.(tea.MouseClickMsg); ok && m.note.text != "" {
			// A click is an answer to a message, as a key is. The body
			// keeps its top, so the click still lands where it was aimed.
			m.note = noteMsg{}
			m.relayout()
		}
		return m.active().Update(msg)
	}
	if cmd, ok := m.route(msg); ok {
		return cmd
	}
	return m.active().Update(msg)
}

// route handles a navigation message: it makes or finds the screen the
// message asks for and brings it to the front. A new screen is one file
// (its component and the message that opens it) and one case here.
func (m *Model) route(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case openPairMsg:
		if it := msg.item; it.pair != nil && m.c.data != nil && m.c.data.Anchors != nil {
			// One record read: the pair's beads as pairing saved them.
			p, err := m.c.data.Anchors(*it.pair)
			if err == nil {
				*it.pair = p
			} else {
				// The pair opens all the same, without its anchors.
				m.c.fail("anchors unavailable: " + oneLine(err))
			}
		}
		return m.show(statePair, newPager(m.c, msg)), true
	case openSearchMsg:
		s := m.screens[stateSearch]
		if s == nil {
			s = newSearch(m.c)
		}
		return m.show(stateSearch, s), true
	case openHelpMsg:
		return m.show(stateHelp, newHelpScreen(m.c, m.active(), m.keys)), true
	case openExportMsg:
		return m.show(stateExport, newExportPrompt(m.c, msg)), true
	case openConcordMsg:
		return m.show(stateConcord, newConcord(m.c, msg.word)), true
	case backMsg:
		return m.back(), true
	case addressed:
		// Results come back to the screen that asked, even when it is no
		// longer in front.
		if s := m.screens[msg.to()]; s != nil {
			return s.Update(msg), true
		}
		return nil, true
	case stepHitMsg:
		if s := m.screens[stateSearch]; s != nil {
			return s.Update(msg), true
		}
		return m.c.fail("no search hits: / to search"), true
	}
	return nil, false
}

// show brings a screen to the front.
func (m *Model) show(s state, c component) tea.Cmd {
	m.screens[s] = c
	m.history = append(slices.DeleteFunc(m.history, func(x state) bool { return x == s }), s)
	m.state = s
	m.relayout()
	return c.Shown()
}

// repaint has the whole window drawn again, in terminal mode, after
// anything that may change it. The renderer writes only the cells that
// changed and moves to them by counting cells, while a terminal that
// orders text itself may give a direction mark a cell of its own (mlterm
// does): a partial update there lands in the wrong cells.
func (m *Model) repaint() tea.Cmd {
	if m.c.bidi != BidiTerminal {
		return nil
	}
	return func() tea.Msg { return tea.ClearScreen() }
}

// back shows the screen before the one in front; the library when there
// is none.
func (m *Model) back() tea.Cmd {
	if len(m.history) > 1 {
		m.history = m.history[:len(m.history)-1]
	}
	m.state = m.history[len(m.history)-1]
	m.relayout()
	return m.active().Shown()
}

// key handles a key press: ctrl+c always quits; q and ? work unless a
// text input has the keys; the rest belong to the screen in front.
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, m.keys.Interrupt) {
		return tea.Quit
	}
	if m.note.text != "" {
		m.note = noteMsg{}
		m.relayout()
	}
	if !m.active().Typing() {
		switch {
		case key.Matches(k, m.keys.Quit):
			return tea.Quit
		case key.Matches(k, m.keys.Help) && m.state == stateHelp:
			return m.back()
		case key.Matches(k, m.keys.Help) && m.state != stateLoading:
			m.route(openHelpMsg{})
			return nil
		}
	}
	return m.active().Update(k)
}

// relayout wraps the message to the window and gives the screen in front
// the room that is left.
func (m *Model) relayout() {
	m.noteLines = nil
	if m.note.text != "" && m.width > 0 {
		st := &m.styles.msgInfo
		switch m.note.kind {
		case noteOK:
			st = &m.styles.msgOK
		case noteErr:
			st = &m.styles.msgErr
		}
		for _, para := range strings.Split(m.note.text, "\n") {
			p := m.c.pt.prepare(rtl.Auto, styled(st, para))
			m.noteLines = append(m.noteLines, m.c.pt.block(p, m.width, look{})...)
		}
		// A message may take all but the status bar and two lines.
		if room := max(1, m.height-3); len(m.noteLines) > room {
			m.noteLines = m.noteLines[:room]
		}
	}
	if m.width > 0 && m.height > 0 {
		m.active().SetSize(m.width, m.bodyHeight())
	}
}

// bodyHeight is the height left for a screen: all but the message and
// the status bar.
func (m *Model) bodyHeight() int { return max(1, m.height-1-len(m.noteLines)) }

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// View draws the window.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "hamta"
	return v
}

// render draws the whole window: every line at most m.width cells, exactly
// m.height lines. In terminal mode each row is marked to stay left to
// right.
func (m *Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var lines []string
	if m.tooSmall() {
		lines = fitLines([]string{
			m.c.pt.text(m.width, plain("hamta: window too small")),
			m.c.pt.text(m.width, plain(fmt.Sprintf("%d×%d, need %d×%d", m.width, m.height, minWidth, minHeight))),
		}, m.width, m.height)
	} else {
		lines = fitLines(m.active().View(), m.width, m.bodyHeight())
		lines = append(lines, m.noteLines...)
		lines = append(lines, m.statusBar())
	}
	if m.c.bidi == BidiTerminal {
		for i, l := range lines {
			lines[i] = markRow(l)
		}
	}
	return strings.Join(lines, "\n")
}

// fitLines pads or cuts lines to exactly height lines of at most width
// cells. Screens draw within their size; the cut is a last guard.
func fitLines(lines []string, width, height int) []string {
	out := make([]string, height)
	for i := range out {
		if i < len(lines) {
			l := lines[i]
			if ansi.StringWidth(l) > width {
				l = ansi.Truncate(l, width, "")
			}
			out[i] = l
		}
	}
	return out
}

func oneLine(err error) string {
	if err == nil {
		return ""
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}

// statusBar is the bottom line: where we are on the left, the screen's
// keys on the right, as many as fit.
func (m *Model) statusBar() string {
	st := &m.styles.status
	left := m.c.pt.text(m.width, styled(st, " "+m.active().Status()+m.c.backgroundStatus()+" · bidi "+m.c.bidi.String()+" "))
	room := m.width - ansi.StringWidth(left) - 1
	var keys []key.Binding
	if !m.active().Typing() && m.state != stateLoading && m.state != stateHelp {
		keys = append(keys, m.keys.Help)
	}
	keys = append(keys, m.active().ShortHelp()...)
	if !m.active().Typing() && m.state != stateLoading {
		keys = append(keys, m.keys.Quit)
	}
	var pieces []piece
	used := 0
	for _, b := range keys {
		if !b.Enabled() {
			continue
		}
		sep := ""
		if len(pieces) > 0 {
			sep = " · "
		}
		w := ansi.StringWidth(sep + b.Help().Key + " " + b.Help().Desc)
		if used+w+1 > room {
			break
		}
		if sep != "" {
			pieces = append(pieces, styled(st, sep))
		}
		pieces = append(pieces, styled(&m.styles.statusKey, b.Help().Key), styled(st, " "+b.Help().Desc))
		used += w
	}
	right := ""
	if len(pieces) > 0 {
		right = m.c.pt.text(room+1, append(pieces, styled(st, " "))...)
	}
	space := max(0, m.width-ansi.StringWidth(left)-ansi.StringWidth(right))
	return left + st.Render(strings.Repeat(" ", space)) + right
}
