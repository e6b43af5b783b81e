package ui

import "charm.land/bubbles/v2/key"

// Every key of the browser is defined here, one key map per screen; each
// screen's help, short and full, is generated from its own map.

func bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// globalKeys work on every screen, except that Quit and Help give way to
// a text input that has the keys.
type globalKeys struct {
	Quit, Interrupt, Help key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Quit:      bind([]string{"q"}, "q", "quit"),
		Interrupt: bind([]string{"ctrl+c"}, "ctrl+c", "quit, even while typing"),
		Help:      bind([]string{"?"}, "?", "help"),
	}
}

// moveKeys move through a list or a document.
type moveKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func newMoveKeys() moveKeys {
	return moveKeys{
		Up:       bind([]string{"up", "k"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown: bind([]string{"pgdown", "ctrl+f", "space"}, "pgdn/space", "page down"),
		Top:      bind([]string{"g", "home"}, "g/home", "top"),
		Bottom:   bind([]string{"G", "end"}, "G/end", "bottom"),
	}
}

func (k moveKeys) list() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// libraryKeys are the library's keys; while the filter has the keys only
// the Filter group works.
type libraryKeys struct {
	moveKeys
	Open, Filter, Clear, Search key.Binding
	// While filtering.
	FilterOpen, FilterDone, FilterUp, FilterDown key.Binding
}

func newLibraryKeys() libraryKeys {
	return libraryKeys{
		moveKeys:   newMoveKeys(),
		Open:       bind([]string{"enter"}, "enter", "open the pair"),
		Filter:     bind([]string{"f"}, "f", "filter (or just type)"),
		Clear:      bind([]string{"esc"}, "esc", "clear the filter"),
		Search:     bind([]string{"/"}, "/", "search"),
		FilterOpen: bind([]string{"enter"}, "enter", "open the selected"),
		FilterDone: bind([]string{"esc"}, "esc", "clear the filter"),
		FilterUp:   bind([]string{"up"}, "↑", "previous"),
		FilterDown: bind([]string{"down", "tab"}, "↓/tab", "next"),
	}
}

// pagerKeys are the parallel view's keys.
type pagerKeys struct {
	moveKeys
	Back, Search, NextHit, PrevHit          key.Binding
	Focus, Swap, Details, Export, Copy, TSV key.Binding
	// A word of the focused paragraph, its concordance; the two places
	// of a link out of order.
	NextWord, PrevWord, Concord, Jump key.Binding
	// The sentence view; the next and previous sentence.
	Sentences, NextSent, PrevSent key.Binding

	// Corrections, on the bead under the cursor.
	Merge, Split, MoveUp, MoveDown, Unlink, Link, Confirm, ConfirmAbove, Undo key.Binding
}

func newPagerKeys() pagerKeys {
	return pagerKeys{
		moveKeys:  newMoveKeys(),
		Back:      bind([]string{"esc"}, "esc", "back"),
		Search:    bind([]string{"/"}, "/", "search"),
		NextHit:   bind([]string{"n"}, "n", "next search hit"),
		PrevHit:   bind([]string{"N"}, "N", "previous search hit"),
		Focus:     bind([]string{"tab"}, "tab", "switch pane"),
		Swap:      bind([]string{"s"}, "s", "swap panes"),
		Details:   bind([]string{"a"}, "a", "score and anchors"),
		Export:    bind([]string{"e"}, "e", "export…"),
		Copy:      bind([]string{"y"}, "y", "copy (focused side)"),
		TSV:       bind([]string{"Y"}, "Y", "copy both sides as TSV"),
		NextWord:  bind([]string{"w"}, "w", "select the next word"),
		PrevWord:  bind([]string{"b"}, "b", "select the previous word"),
		Concord:   bind([]string{"o"}, "o", "concordance of the word"),
		Jump:      bind([]string{"%"}, "%", "jump to the other place of a moved link"),
		Sentences: bind([]string{"v"}, "v", "sentences"),
		NextSent:  bind([]string{")"}, ")", "light the next sentence pair"),
		PrevSent:  bind([]string{"("}, "(", "light the previous sentence pair"),

		Merge:        bind([]string{"m"}, "m", "merge with next bead"),
		Split:        bind([]string{"x"}, "x", "split bead"),
		MoveUp:       bind([]string{"K"}, "K", "paragraph to bead above"),
		MoveDown:     bind([]string{"J"}, "J", "paragraph to bead below"),
		Unlink:       bind([]string{"d"}, "d", "unlink bead"),
		Link:         bind([]string{"l"}, "l", "link unaligned neighbours"),
		Confirm:      bind([]string{"c"}, "c", "confirm bead"),
		ConfirmAbove: bind([]string{"C"}, "C", "confirm all above"),
		Undo:         bind([]string{"u"}, "u", "undo"),
	}
}

// searchKeys are the search screen's: every other key edits the query.
type searchKeys struct {
	Up, Down, PageUp, PageDown, Open, Back, Concord key.Binding
}

func newSearchKeys() searchKeys {
	return searchKeys{
		Up:       bind([]string{"up", "ctrl+p"}, "↑", "previous hit"),
		Down:     bind([]string{"down", "ctrl+n"}, "↓", "next hit"),
		PageUp:   bind([]string{"pgup"}, "pgup", "page up"),
		PageDown: bind([]string{"pgdown"}, "pgdn", "page down"),
		Open:     bind([]string{"enter"}, "enter", "open the hit"),
		Back:     bind([]string{"esc"}, "esc", "back"),
		Concord:  bind([]string{"ctrl+o"}, "ctrl+o", "concordance of the hit's word"),
	}
}

// concordKeys are the concordance screen's.
type concordKeys struct {
	moveKeys
	Open, Back, Search, Table, ByLeft, ByRight, ByDoc key.Binding
	// While the renderings table has the keys.
	Choose, TableUp, TableDown, TableBack key.Binding
}

func newConcordKeys() concordKeys {
	return concordKeys{
		moveKeys:  newMoveKeys(),
		Open:      bind([]string{"enter"}, "enter", "open the bead"),
		Back:      bind([]string{"esc"}, "esc", "back"),
		Search:    bind([]string{"/"}, "/", "search"),
		Table:     bind([]string{"tab"}, "tab", "renderings"),
		ByLeft:    bind([]string{"<", "l"}, "l/<", "sort by the words before"),
		ByRight:   bind([]string{">", "r"}, "r/>", "sort by the words after"),
		ByDoc:     bind([]string{"d"}, "d", "document order"),
		Choose:    bind([]string{"enter"}, "enter", "show only this rendering"),
		TableUp:   bind([]string{"up", "k"}, "↑/k", "previous rendering"),
		TableDown: bind([]string{"down", "j"}, "↓/j", "next rendering"),
		TableBack: bind([]string{"tab", "esc"}, "tab/esc", "back to the lines"),
	}
}

// exportKeys are the export prompt's.
type exportKeys struct {
	Next, Prev, Left, Right, Write, Cancel key.Binding
}

func newExportKeys() exportKeys {
	return exportKeys{
		Next:   bind([]string{"tab", "down"}, "tab/↓", "next field"),
		Prev:   bind([]string{"shift+tab", "up"}, "shift+tab/↑", "previous field"),
		Left:   bind([]string{"left", "h"}, "←/h", "previous choice"),
		Right:  bind([]string{"right", "l", "space"}, "→/l", "next choice"),
		Write:  bind([]string{"enter"}, "enter", "write"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
	}
}

// helpKeys are the help screen's.
type helpKeys struct {
	Up, Down, Close key.Binding
}

func newHelpKeys() helpKeys {
	return helpKeys{
		Up:    bind([]string{"up", "k"}, "↑/k", "scroll up"),
		Down:  bind([]string{"down", "j", "space"}, "↓/j", "scroll down"),
		Close: bind([]string{"esc", "?"}, "esc/?", "close help"),
	}
}

// loadingKeys are the loading and error screen's.
type loadingKeys struct {
	Quit key.Binding
}

func newLoadingKeys() loadingKeys {
	return loadingKeys{Quit: bind([]string{"q", "ctrl+c"}, "q", "quit")}
}
