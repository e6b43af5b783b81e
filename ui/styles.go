package ui

import "charm.land/lipgloss/v2"

// styles holds every style of the browser in one place.
type styles struct {
	title, header, dim, faint     lipgloss.Style
	cursor, hl, low, ok, warn     lipgloss.Style
	status, statusKey, statusMsg  lipgloss.Style
	paneTitle, paneTitleFocused   lipgloss.Style
	selected, kindTrans, kindComp lipgloss.Style
	inputCursor                   lipgloss.Style
}

func newStyles() styles {
	accent := lipgloss.Color("#7D56F4")
	return styles{
		title:            lipgloss.NewStyle().Bold(true),
		header:           lipgloss.NewStyle().Bold(true).Foreground(accent),
		dim:              lipgloss.NewStyle().Faint(true),
		faint:            lipgloss.NewStyle().Faint(true).Italic(true),
		cursor:           lipgloss.NewStyle().Bold(true).Foreground(accent),
		hl:               lipgloss.NewStyle().Reverse(true).Bold(true),
		low:              lipgloss.NewStyle().Foreground(lipgloss.Color("#E5B567")),
		ok:               lipgloss.NewStyle().Foreground(lipgloss.Color("#73C991")),
		warn:             lipgloss.NewStyle().Foreground(lipgloss.Color("#F07178")),
		status:           lipgloss.NewStyle().Reverse(true),
		statusKey:        lipgloss.NewStyle().Bold(true),
		statusMsg:        lipgloss.NewStyle().Foreground(lipgloss.Color("#73C991")),
		paneTitle:        lipgloss.NewStyle().Faint(true),
		paneTitleFocused: lipgloss.NewStyle().Bold(true).Underline(true),
		selected:         lipgloss.NewStyle().Bold(true).Foreground(accent),
		kindTrans:        lipgloss.NewStyle().Foreground(lipgloss.Color("#73C991")),
		kindComp:         lipgloss.NewStyle().Foreground(lipgloss.Color("#E5B567")),
		inputCursor:      lipgloss.NewStyle().Reverse(true),
	}
}
