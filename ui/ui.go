// Package ui is hamta's terminal browser: a library of document pairs, a
// parallel view of a pair's aligned paragraphs side by side with Persian
// right to left, search across both languages, and help. It is a Bubble
// Tea program whose top model routes between one small state per screen.
package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"hamta/ui/rtl"
)

// Smallest window the browser draws in; smaller ones get a message.
const (
	minWidth  = 50
	minHeight = 10
)

// screen is what the browser shows.
type screen int

const (
	screenLoading screen = iota
	screenLibrary
	screenPair
	screenSearch
	screenHelp
	screenError
)

// Config is what the browser needs to start.
type Config struct {
	// Load produces the data, with progress.
	Load Loader
	// Bidi is how right-to-left text is drawn; auto is resolved from the
	// environment by New.
	Bidi BidiMode
	// Getenv reads the environment (os.Getenv when nil).
	Getenv func(string) string
	// Output is the terminal the browser draws on (os.Stdout when nil).
	Output io.Writer
}

// Bidirectional support mode (ECMA-48 BDSM, mode 8): explicit tells a
// terminal that applies the bidi algorithm itself to leave the text as it
// is written, implicit gives it back its algorithm.
const (
	bdsmExplicit = "\x1b[8l"
	bdsmImplicit = "\x1b[8h"
)

// Model is the browser's top model.
type Model struct {
	keys   keyMap
	st     styles
	pt     *painter // draws the chrome; the parallel view has its own
	bidi   BidiMode
	width  int
	height int

	screen, back screen

	load     Loader
	loadCh   chan tea.Msg
	stage    string
	done     int
	total    int
	bar      progress.Model
	loadErr  error
	data     *Data
	ctx      context.Context
	cancel   context.CancelFunc
	status   string // a message for the status bar
	statusOK bool

	lib    library
	pager  *pager
	search searchModel
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
		keys: newKeyMap(), st: newStyles(), pt: newPainter(mode),
		bidi: mode, screen: screenLoading,
		load: cfg.Load, ctx: ctx, cancel: cancel,
		bar: progress.New(progress.WithWidth(40), progress.WithoutPercentage()),
	}
	m.search = newSearchModel()
	return m
}

// Run starts the browser and returns when the user quits. In app mode,
// where hamta puts text in visual order itself, it switches a bidi
// terminal's own reordering off for the session (BDSM explicit) and back
// on at exit.
func Run(ctx context.Context, cfg Config, opts ...tea.ProgramOption) error {
	m := New(cfg)
	defer m.closeData()
	out := cfg.Output
	if out == nil {
		out = os.Stdout
	}
	opts = append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(out)}, opts...)
	if m.bidi == BidiApp {
		io.WriteString(out, bdsmExplicit)
		defer io.WriteString(out, bdsmImplicit)
	}
	_, err := tea.NewProgram(m, opts...).Run()
	return err
}

func (m *Model) closeData() {
	m.cancel()
	if m.data != nil && m.data.Close != nil {
		m.data.Close()
	}
}

// Messages.
type (
	loadProgressMsg struct {
		stage       string
		done, total int
	}
	loadedMsg struct {
		data *Data
		err  error
	}
	statusMsg struct {
		text string
		ok   bool
	}
)

// Init starts loading the data.
func (m *Model) Init() tea.Cmd {
	if m.load == nil {
		return nil
	}
	m.loadCh = make(chan tea.Msg, 16)
	go func() {
		d, err := m.load(m.ctx, func(stage string, done, total int) {
			select {
			case m.loadCh <- loadProgressMsg{stage, done, total}:
			default: // the screen is behind: skip a step
			}
		})
		m.loadCh <- loadedMsg{d, err}
	}()
	return m.waitLoad
}

// waitLoad delivers the next loading message.
func (m *Model) waitLoad() tea.Msg { return <-m.loadCh }

// SetData shows data directly, as tests and embedders do.
func (m *Model) SetData(d *Data) {
	m.data = d
	m.lib = newLibrary(d)
	m.screen = screenLibrary
	if d.Note != "" {
		m.setStatus(d.Note, false)
	}
}

func (m *Model) setStatus(s string, ok bool) { m.status, m.statusOK = s, ok }

// Update handles a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		if m.bidi == BidiTerminal {
			// The last column stays free for the mark that keeps a row
			// left to right (see markRow).
			m.width = max(0, msg.Width-1)
		}
		return m, nil
	case loadProgressMsg:
		m.stage, m.done, m.total = msg.stage, msg.done, msg.total
		return m, m.waitLoad
	case loadedMsg:
		if msg.err != nil {
			m.loadErr, m.screen = msg.err, screenError
			return m, nil
		}
		m.SetData(msg.data)
		return m, nil
	case statusMsg:
		m.setStatus(msg.text, msg.ok)
		return m, nil
	case savedMsg:
		if msg.err != nil {
			m.setStatus("corrections not saved: "+oneLine(msg.err), false)
		} else if m.status == "" {
			m.setStatus("saved", true)
		}
		return m, nil
	case searchResultMsg:
		return m, m.search.result(msg)
	case searchTickMsg:
		return m, m.search.tick(msg, m)
	case tea.MouseWheelMsg:
		if m.screen == screenPair && m.pager != nil {
			switch msg.Button {
			case tea.MouseWheelUp:
				m.pager.scroll(-3, m.bodyHeight())
			case tea.MouseWheelDown:
				m.pager.scroll(3, m.bodyHeight())
			}
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

// key routes a key press: keys that mean the same everywhere first, then
// the screen's own.
func (m *Model) key(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if k.String() == "ctrl+c" {
		return m, tea.Quit
	}
	typing := m.screen == screenSearch || (m.screen == screenLibrary && m.lib.filtering)
	if !typing {
		switch {
		case key.Matches(k, m.keys.Quit):
			return m, tea.Quit
		case key.Matches(k, m.keys.Help) && m.screen != screenLoading && m.screen != screenError:
			if m.screen == screenHelp {
				m.screen = m.back
			} else {
				m.back, m.screen = m.screen, screenHelp
			}
			return m, nil
		}
	}
	m.status = ""
	switch m.screen {
	case screenHelp:
		if key.Matches(k, m.keys.Back) {
			m.screen = m.back
		}
	case screenLibrary:
		return m, m.libraryKey(k)
	case screenPair:
		return m, m.pagerKey(k)
	case screenSearch:
		return m, m.searchKey(k)
	}
	return m, nil
}

// openSearch shows the search screen.
func (m *Model) openSearch() tea.Cmd {
	if m.data == nil || m.data.Search == nil {
		note := "search is not available"
		if m.data != nil && m.data.Note != "" {
			note = m.data.Note
		}
		m.setStatus(note, false)
		return nil
	}
	m.back, m.screen = m.screen, screenSearch
	return m.search.focus()
}

// bodyHeight is the height left for a screen's body: all but the status
// bar.
func (m *Model) bodyHeight() int { return max(1, m.height-1) }

// View draws the screen.
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
	if m.width < minWidth || m.height < minHeight {
		lines = fitLines([]string{
			m.pt.text(m.width, plain("hamta: window too small")),
			m.pt.text(m.width, plain(fmt.Sprintf("%d×%d, need %d×%d", m.width, m.height, minWidth, minHeight))),
		}, m.width, m.height)
	} else {
		var body []string
		h := m.bodyHeight()
		switch m.screen {
		case screenLoading:
			body = m.loadingView(h)
		case screenError:
			body = []string{"", m.pt.text(m.width, styled(&m.st.warn, "hamta cannot open the corpus:")), "",
				m.pt.text(m.width, plain(oneLine(m.loadErr))), "", m.pt.text(m.width, plain("q to quit"))}
		case screenLibrary:
			body = m.lib.view(m, h)
		case screenPair:
			body = m.pager.view(m, h)
		case screenSearch:
			body = m.search.view(m, h)
		case screenHelp:
			body = m.helpView(h)
		}
		lines = fitLines(body, m.width, h)
		lines = append(lines, m.statusBar())
	}
	if m.bidi == BidiTerminal {
		for i, l := range lines {
			lines[i] = markRow(l)
		}
	}
	return strings.Join(lines, "\n")
}

// fitLines pads or cuts lines to exactly height lines of at most width
// cells.
func fitLines(lines []string, width, height int) []string {
	out := make([]string, height)
	for i := range out {
		if i < len(lines) {
			l := lines[i]
			if ansi.StringWidth(l) > width {
				l = ansi.Truncate(l, width, "…")
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

func (m *Model) loadingView(h int) []string {
	frac := 0.0
	if m.total > 0 {
		frac = float64(m.done) / float64(m.total)
	}
	stage := m.stage
	if stage == "" {
		stage = "starting"
	}
	count := ""
	if m.total > 0 {
		count = fmt.Sprintf(" %d/%d", m.done, m.total)
	}
	lines := make([]string, h/3)
	lines = append(lines,
		m.pt.text(m.width, styled(&m.st.header, "hamta"), plain("  "), styled(&m.st.dim, "Persian–English corpus browser")),
		"",
		m.pt.text(m.width, plain(stage+count)),
		m.bar.ViewAs(frac),
	)
	return lines
}

func (m *Model) helpView(h int) []string {
	t := func(s string) string { return m.pt.text(m.width, plain(s)) }
	lines := []string{m.pt.text(m.width, styled(&m.st.header, "hamta — keys")), ""}
	lines = append(lines, m.keyColumns()...)
	lines = append(lines, "",
		t("Library: a pair of documents a line; type or press f to filter, enter to open."),
		t("Parallel view: one row per bead, Persian and English level; a ? in the margin"),
		t("marks a low-confidence bead, a dim row page furniture. a shows why two"),
		t("paragraphs were matched. Corrections (m x J K d l c C u) act on the bead under"),
		t("the cursor, on the focused pane's side; they are saved at once and kept across"),
		t("realignment (✎ corrected, ✓ confirmed)."),
		t("Search: words in either language, \"phrases\", prefix*, fuzzy~, lang:fa, doc:ID."),
		t(fmt.Sprintf("Right-to-left text is drawn in %s mode (--bidi auto|terminal|app).", m.bidi)),
		"",
		m.pt.text(m.width, styled(&m.st.dim, "esc or ? to close")),
	)
	return lines
}

// keyColumns lays out every key binding in columns, one column per group
// of the key map, as many columns a row as fit the window.
func (m *Model) keyColumns() []string {
	type col struct {
		cells []*prepared
		width int
	}
	var cols []col
	for _, group := range m.keys.FullHelp() {
		var c col
		keyW := 0
		for _, b := range group {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
		for _, b := range group {
			if !b.Enabled() {
				continue
			}
			k := b.Help().Key
			k += strings.Repeat(" ", keyW-ansi.StringWidth(k))
			p := m.pt.prepare(rtl.LTR, styled(&m.st.statusKey, k), styled(&m.st.dim, " "+b.Help().Desc))
			c.cells = append(c.cells, p)
			c.width = max(c.width, p.width(0, len(p.runes)))
		}
		cols = append(cols, c)
	}
	const gap = "   "
	var lines []string
	for start := 0; start < len(cols); {
		// As many columns as fit, at least one.
		end, w := start+1, cols[start].width
		for end < len(cols) && w+len(gap)+cols[end].width <= m.width {
			w += len(gap) + cols[end].width
			end++
		}
		rows := 0
		for _, c := range cols[start:end] {
			rows = max(rows, len(c.cells))
		}
		for r := range rows {
			var sb strings.Builder
			for k, c := range cols[start:end] {
				if k > 0 {
					sb.WriteString(gap)
				}
				if r < len(c.cells) {
					sb.WriteString(m.pt.line(c.cells[r], c.width, true, look{}))
				} else {
					sb.WriteString(strings.Repeat(" ", c.width))
				}
			}
			lines = append(lines, sb.String())
		}
		start = end
		if start < len(cols) {
			lines = append(lines, "")
		}
	}
	return lines
}

// statusBar is the bottom line: where we are on the left, a message or
// hints on the right.
func (m *Model) statusBar() string {
	var left string
	switch m.screen {
	case screenLoading:
		left = "loading"
	case screenLibrary:
		left = m.lib.statusText(m)
	case screenPair:
		left = m.pager.statusText()
	case screenSearch:
		left = m.search.statusText()
	case screenHelp:
		left = "help"
	case screenError:
		left = "error"
	}
	right := "? help · q quit"
	if m.status != "" {
		right = m.status
	}
	// The right part gets what it needs, up to what the left leaves.
	leftText := " " + left + " · bidi " + m.bidi.String() + " "
	l := m.pt.text(m.width, plain(leftText))
	r := m.pt.text(max(0, m.width-ansi.StringWidth(l)-1), plain(" "+right+" "))
	space := max(0, m.width-ansi.StringWidth(l)-ansi.StringWidth(r))
	bar := l + strings.Repeat(" ", space) + r
	st := m.st.status
	if m.status != "" && !m.statusOK {
		st = st.Foreground(lipgloss.Color("#F07178"))
	}
	return st.Render(bar)
}
