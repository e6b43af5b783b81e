package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"hamta/ui/rtl"
)

// loadingScreen shows the progress of opening the corpus, and the error
// when it cannot be opened.
type loadingScreen struct {
	c             *common
	keys          loadingKeys
	width, height int

	stage       string
	done, total int
	err         error
}

func newLoading(c *common) *loadingScreen {
	return &loadingScreen{c: c, keys: newLoadingKeys()}
}

func (l *loadingScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadProgressMsg:
		l.stage, l.done, l.total = msg.stage, msg.done, msg.total
	case loadedMsg:
		l.err = msg.err
	case tea.KeyPressMsg:
		if key.Matches(msg, l.keys.Quit) {
			return tea.Quit
		}
	}
	return nil
}

func (l *loadingScreen) SetSize(w, h int) { l.width, l.height = w, h }
func (l *loadingScreen) Shown() tea.Cmd   { return nil }
func (l *loadingScreen) Typing() bool     { return false }

func (l *loadingScreen) Status() string {
	if l.err != nil {
		return "error"
	}
	return "loading"
}

func (l *loadingScreen) About() []string {
	return []string{"hamta is reading the corpus, aligning its pairs and indexing them."}
}

func (l *loadingScreen) ShortHelp() []key.Binding  { return []key.Binding{l.keys.Quit} }
func (l *loadingScreen) FullHelp() [][]key.Binding { return [][]key.Binding{{l.keys.Quit}} }
func (l *loadingScreen) text(p ...piece) string    { return l.c.pt.text(l.width, p...) }
func (l *loadingScreen) wrapped(p ...piece) []string {
	return l.c.pt.block(l.c.pt.prepare(rtl.Auto, p...), l.width, look{})
}

func (l *loadingScreen) View() []string {
	st := l.c.st
	if l.err != nil {
		// The whole error, wrapped: it names the folder or file at fault.
		lines := []string{"", l.text(styled(&st.warn, "hamta cannot open the corpus:")), ""}
		lines = append(lines, l.wrapped(plain(oneLine(l.err)))...)
		return append(lines, "", l.text(styled(&st.dim, "q to quit")))
	}
	stage := l.stage
	if stage == "" {
		stage = "starting"
	}
	count := ""
	frac := 0.0
	if l.total > 0 {
		count = fmt.Sprintf(" %d/%d", l.done, l.total)
		frac = float64(l.done) / float64(l.total)
	}
	barW := min(40, max(10, l.width-4))
	full := int(frac*float64(barW) + 0.5)
	lines := make([]string, l.height/3)
	return append(lines,
		l.text(styled(&st.header, "hamta"), plain("  "), styled(&st.dim, "Persian–English corpus browser")),
		"",
		l.text(plain(stage+count)),
		l.text(styled(&st.barFull, strings.Repeat("█", full)), styled(&st.barEmpty, strings.Repeat("░", barW-full))),
	)
}
