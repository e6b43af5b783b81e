package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"hamta/ui/rtl"
)

// helpScreen is the help of the screen it was opened over: that screen's
// keys, from its key map, the keys that work everywhere, and what the
// screen shows.
type helpScreen struct {
	c             *common
	keys          helpKeys
	width, height int

	of     component
	global globalKeys
	lines  []string // drawn at the current width
	offset int
}

func newHelpScreen(c *common, of component, global globalKeys) *helpScreen {
	return &helpScreen{c: c, keys: newHelpKeys(), of: of, global: global}
}

func (h *helpScreen) SetSize(w, hh int) {
	h.width, h.height = w, hh
	h.lines = h.draw()
	h.scroll(0)
}

func (h *helpScreen) scroll(d int) {
	h.offset = max(0, min(h.offset+d, len(h.lines)-h.height))
}

func (h *helpScreen) Shown() tea.Cmd { return nil }
func (h *helpScreen) Typing() bool   { return false }
func (h *helpScreen) Status() string { return "help" }

func (h *helpScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, h.keys.Close):
			return h.c.send(backMsg{})
		case key.Matches(msg, h.keys.Up):
			h.scroll(-1)
		case key.Matches(msg, h.keys.Down):
			h.scroll(1)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			h.scroll(-wheelLines)
		case tea.MouseWheelDown:
			h.scroll(wheelLines)
		}
	}
	return nil
}

func (h *helpScreen) ShortHelp() []key.Binding {
	return []key.Binding{h.keys.Close, h.keys.Down}
}

func (h *helpScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{h.keys.Up, h.keys.Down, h.keys.Close}}
}

func (h *helpScreen) About() []string { return nil }

func (h *helpScreen) View() []string {
	end := min(len(h.lines), h.offset+h.height)
	return h.lines[h.offset:end]
}

// draw lays out the help at the current width.
func (h *helpScreen) draw() []string {
	st, pt := h.c.st, h.c.pt
	lines := []string{pt.text(h.width, styled(&st.header, "hamta"), plain(" — keys of this screen")), ""}
	groups := append(h.of.FullHelp(), []key.Binding{h.global.Help, h.global.Quit, h.global.Interrupt})
	lines = append(lines, keyColumns(pt, st, groups, h.width)...)
	lines = append(lines, "")
	for _, a := range h.of.About() {
		lines = append(lines, pt.block(pt.prepareText(a, rtl.Auto), h.width, look{})...)
	}
	lines = append(lines, pt.block(pt.prepareText(fmt.Sprintf(
		"Right-to-left text is drawn in %s mode (--bidi auto|terminal|app).", h.c.bidi), rtl.Auto), h.width, look{})...)
	return append(lines, "", pt.text(h.width, styled(&st.dim, "esc or ? to close")))
}

// keyColumns lays out key bindings in columns, one column per group, as
// many columns a row as fit the width.
func keyColumns(pt *painter, st *styles, groups [][]key.Binding, width int) []string {
	type col struct {
		cells []*prepared
		width int
	}
	var cols []col
	for _, group := range groups {
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
			p := pt.prepare(rtl.LTR, styled(&st.helpKey, k), plain(" "+b.Help().Desc))
			c.cells = append(c.cells, p)
			c.width = min(width, max(c.width, p.width(0, len(p.runes))))
		}
		if len(c.cells) > 0 {
			cols = append(cols, c)
		}
	}
	const gap = "   "
	var lines []string
	for start := 0; start < len(cols); {
		// As many columns as fit, at least one.
		end, w := start+1, cols[start].width
		for end < len(cols) && w+len(gap)+cols[end].width <= width {
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
					sb.WriteString(pt.line(c.cells[r], c.width, true, look{}))
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
