package ui

import "charm.land/bubbles/v2/key"

// keyMap holds every key of the browser in one place; help is generated
// from it.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open, Back, Search, NextHit, PrevHit    key.Binding
	Focus, Swap, Details, Export, Filter    key.Binding
	Help, Quit                              key.Binding

	// Corrections, in the parallel view.
	Merge, Split, MoveUp, MoveDown, Unlink, Link, Confirm, ConfirmAbove, Undo key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		NextHit:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next hit")),
		PrevHit:  key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous hit")),
		Focus:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		Swap:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "swap panes")),
		Details:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "score and anchors")),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export pair to TSV")),
		Filter:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f/type", "filter")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),

		Merge:        key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "merge with next bead")),
		Split:        key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "split bead")),
		MoveUp:       key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "paragraph to bead above")),
		MoveDown:     key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "paragraph to bead below")),
		Unlink:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "unlink bead")),
		Link:         key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "link unaligned neighbours")),
		Confirm:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "confirm bead")),
		ConfirmAbove: key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "confirm all above")),
		Undo:         key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
	}
}

// ShortHelp is the one-line help of the status bar.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Open, k.Search, k.Back, k.Help, k.Quit}
}

// FullHelp is the help screen, one column per group.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Open, k.Back, k.Search, k.NextHit, k.PrevHit, k.Filter},
		{k.Focus, k.Swap, k.Details, k.Export, k.Help, k.Quit},
		{k.Merge, k.Split, k.MoveUp, k.MoveDown, k.Unlink, k.Link},
		{k.Confirm, k.ConfirmAbove, k.Undo},
	}
}
