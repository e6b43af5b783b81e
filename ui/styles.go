package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// theme says which colours the browser draws with.
type theme struct {
	dark  bool // a dark background (the default until the terminal says)
	color bool // colours at all: false when NO_COLOR is set
}

// styles holds every style of the browser, and so every colour, in one
// place. A screen keeps pointers to these fields: when the theme changes
// the struct is rebuilt in place, and the pointers see the new styles.
type styles struct {
	title, header, dim, faint     lipgloss.Style
	cursor, hl, low, ok, warn     lipgloss.Style
	status, statusKey, helpKey    lipgloss.Style
	msgInfo, msgOK, msgErr        lipgloss.Style
	paneTitle, paneTitleFocused   lipgloss.Style
	selected, kindTrans, kindComp lipgloss.Style
	inputCursor, field, fieldOn   lipgloss.Style
	choice, choiceOn, choiceOff   lipgloss.Style
	barFull, barEmpty             lipgloss.Style
	keyword, wordSel, jump        lipgloss.Style
	lit                           lipgloss.Style
}

// newStyles makes the styles of a theme. Without colour every distinction
// is kept by weight, underline, reverse video or the text itself.
func newStyles(t theme) styles {
	ld := lipgloss.LightDark(t.dark)
	pick := func(light, dark string) color.Color {
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	var (
		accent = pick("#5A3FC0", "#9D86FF")
		green  = pick("#1E7B3A", "#73C991")
		amber  = pick("#8A5300", "#E5B567")
		red    = pick("#B3261E", "#F07178")
		muted  = pick("#5F5F5F", "#9A9A9A")
		empty  = pick("#C8C8C8", "#4A4A4A")
	)
	fg := func(st lipgloss.Style, c color.Color) lipgloss.Style {
		if !t.color {
			return st
		}
		return st.Foreground(c)
	}
	plain := lipgloss.NewStyle()
	// Faint text is hard to read on a light background: there muted text
	// takes a grey of its own instead.
	dim := plain.Faint(true)
	if t.color && !t.dark {
		dim = plain.Foreground(muted)
	}
	s := styles{
		title:            plain.Bold(true),
		header:           fg(plain.Bold(true), accent),
		dim:              dim,
		faint:            dim.Italic(true),
		cursor:           fg(plain.Bold(true), accent),
		hl:               plain.Reverse(true).Bold(true),
		low:              fg(plain.Bold(true), amber),
		ok:               fg(plain, green),
		warn:             fg(plain.Bold(true), red),
		status:           plain.Reverse(true),
		statusKey:        plain.Reverse(true).Bold(true),
		helpKey:          fg(plain.Bold(true), accent),
		msgInfo:          plain,
		msgOK:            fg(plain, green),
		msgErr:           fg(plain.Bold(true), red),
		paneTitle:        dim,
		paneTitleFocused: plain.Bold(true).Underline(true),
		selected:         fg(plain.Bold(true), accent),
		kindTrans:        fg(plain, green),
		kindComp:         fg(plain.Italic(true), amber),
		inputCursor:      plain.Reverse(true),
		field:            plain,
		fieldOn:          fg(plain.Bold(true), accent),
		choice:           plain,
		choiceOn:         plain.Reverse(true).Bold(true),
		choiceOff:        dim.Strikethrough(!t.color),
		barFull:          fg(plain, accent),
		barEmpty:         fg(dim, empty),
		keyword:          fg(plain.Bold(true), accent),
		wordSel:          fg(plain.Bold(true).Underline(true), accent),
		jump:             fg(plain.Bold(true), amber),
		lit:              plain.Background(pick("#E4DDFB", "#3A3360")),
	}
	if !t.color {
		s.lit = plain.Underline(true)
		s.msgErr = plain.Bold(true).Underline(true)
		s.barEmpty = plain
	}
	return s
}
