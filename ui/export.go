package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"hamta/align"
	"hamta/corpus"
	"hamta/ui/rtl"
)

// ExportFormats returns the formats the export prompt offers, as hamta
// export's --format names them.
func ExportFormats() []string { return []string{"tsv", "tmx", "jsonl"} }

// exportUnits returns the units a pair may be exported by; the data says
// which are available (paragraph when it does not say).
func exportUnits() []string { return []string{"paragraph", "sentence"} }

// unitSentence is the place of the sentence unit in exportUnits.
const unitSentence = 1

// The prompt's fields, top to bottom.
const (
	fieldFormat = iota
	fieldUnit
	fieldPath
	fieldCount
)

// exportDoneMsg reports an export: the file written and its beads, or
// why not.
type exportDoneMsg struct {
	path  string
	beads int
	err   error
}

// exportPrompt asks how and where to export a pair: a format, a unit and
// a file, its full path shown before anything is written.
type exportPrompt struct {
	c             *common
	keys          exportKeys
	width, height int

	item    *libItem
	sents   []align.SentenceBead // the sentence beads the parallel view shows, or nil
	formats []string
	units   []string
	format  int
	unit    int
	field   int
	path    textinput.Model
	edited  bool   // the user typed a path: a format change leaves it alone
	full    string // the path as it will be written, absolute
	exists  bool   // a file is there: enter twice replaces it
	confirm bool   // enter was pressed once on an existing file
	busy    bool
	err     string
}

// newExportPrompt opens the prompt for a pair; from the sentence view,
// with the unit sentence chosen.
func newExportPrompt(c *common, msg openExportMsg) *exportPrompt {
	e := &exportPrompt{c: c, keys: newExportKeys(), item: msg.item, sents: msg.sents, field: fieldPath, formats: ExportFormats(), units: exportUnits()}
	if msg.sentence && e.unitAvailable(unitSentence) {
		e.unit = unitSentence
	}
	e.path = textinput.New()
	e.path.Prompt = ""
	e.path.Placeholder = "a file to write"
	st := e.path.Styles()
	st.Cursor.Blink = false
	e.path.SetStyles(st)
	if c.data.ExportDir != "" {
		e.path.SetValue(filepath.Join(c.data.ExportDir, e.defaultName()))
	}
	e.path.CursorEnd()
	e.check()
	return e
}

// defaultName names an export after the pair's documents, its unit when
// it is not paragraph, and its format.
func (e *exportPrompt) defaultName() string {
	unit := ""
	if e.unit != 0 {
		unit = "-" + e.units[e.unit] + "s"
	}
	return fmt.Sprintf("hamta-%s--%s%s.%s", fileStem(e.item.pair.FA), fileStem(e.item.pair.EN), unit, e.formats[e.format])
}

// fileStem makes a document ID safe as part of a file name.
func fileStem(id string) string {
	id = strings.TrimSuffix(id, filepath.Ext(id))
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ' ' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, id)
}

// unitAvailable reports whether the data can export by a unit.
func (e *exportPrompt) unitAvailable(i int) bool {
	units := e.c.data.ExportUnits
	if len(units) == 0 {
		units = e.units[:1]
	}
	return slices.Contains(units, e.units[i])
}

// check works out the full path the file will have, and whether a file
// is there already.
func (e *exportPrompt) check() {
	e.full, e.exists, e.confirm, e.err = "", false, false, ""
	p := strings.TrimSpace(e.path.Value())
	if p == "" {
		return
	}
	if rest, ok := strings.CutPrefix(p, "~"+string(filepath.Separator)); ok {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, rest)
		}
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	e.full = p
	if fi, err := os.Lstat(p); err == nil && !fi.IsDir() {
		e.exists = true
	}
}

func (e *exportPrompt) SetSize(w, h int) { e.width, e.height = w, h }

func (e *exportPrompt) Shown() tea.Cmd {
	if e.field == fieldPath {
		return e.path.Focus()
	}
	return nil
}

// Typing is true while the path has the keys.
func (e *exportPrompt) Typing() bool { return e.field == fieldPath }

func (e *exportPrompt) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case exportDoneMsg:
		e.busy = false
		if msg.err != nil {
			e.err = oneLine(msg.err)
			return nil
		}
		e.c.send(backMsg{})
		return e.c.note(noteOK, "exported %d beads (%s, by %s) to %s", msg.beads, e.formats[e.format], e.units[e.unit], msg.path)
	case tea.KeyPressMsg:
		return e.key(msg)
	case tea.PasteMsg:
		if e.field == fieldPath {
			return e.edit(msg)
		}
	}
	return nil
}

func (e *exportPrompt) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, e.keys.Cancel):
		return e.c.send(backMsg{})
	case key.Matches(k, e.keys.Write):
		return e.write()
	case key.Matches(k, e.keys.Next):
		return e.focus((e.field + 1) % fieldCount)
	case key.Matches(k, e.keys.Prev):
		return e.focus((e.field + fieldCount - 1) % fieldCount)
	case e.field == fieldPath:
		return e.edit(k)
	case key.Matches(k, e.keys.Left):
		e.choose(-1)
	case key.Matches(k, e.keys.Right):
		e.choose(1)
	}
	return nil
}

// focus moves to a field; the path input has the keys only while focused.
func (e *exportPrompt) focus(f int) tea.Cmd {
	e.field = f
	if f == fieldPath {
		return e.path.Focus()
	}
	e.path.Blur()
	return nil
}

// choose moves the focused choice by d, skipping units not available.
func (e *exportPrompt) choose(d int) {
	switch e.field {
	case fieldFormat:
		old := e.formats[e.format]
		e.format = (e.format + d + len(e.formats)) % len(e.formats)
		if p := e.path.Value(); !e.edited && strings.HasSuffix(p, "."+old) {
			e.path.SetValue(strings.TrimSuffix(p, old) + e.formats[e.format])
			e.path.CursorEnd()
			e.check()
		}
	case fieldUnit:
		for i := 1; i < len(e.units); i++ {
			u := (e.unit + d*i + len(e.units)*i) % len(e.units)
			if e.unitAvailable(u) {
				e.unit = u
				if dir := e.c.data.ExportDir; !e.edited && dir != "" {
					e.path.SetValue(filepath.Join(dir, e.defaultName()))
					e.path.CursorEnd()
					e.check()
				}
				return
			}
		}
		e.err = "only paragraph export is available here"
	}
}

func (e *exportPrompt) edit(msg tea.Msg) tea.Cmd {
	before := e.path.Value()
	var cmd tea.Cmd
	e.path, cmd = e.path.Update(msg)
	if e.path.Value() != before {
		e.edited = true
		e.check()
	}
	return cmd
}

// write exports the pair, off the event loop, after a second enter when
// the file exists.
func (e *exportPrompt) write() tea.Cmd {
	switch {
	case e.busy:
		return nil
	case e.full == "":
		e.err = "name a file to write"
		return nil
	case e.exists && !e.confirm:
		e.confirm = true
		return nil
	}
	e.busy, e.err = true, ""
	req := ExportRequest{Pair: *e.item.pair, Format: e.formats[e.format], Unit: e.units[e.unit], Path: e.full}
	if e.unit == unitSentence {
		req.Sentences = e.sents
	}
	export, ctx := e.c.data.Export, e.c.ctx
	return func() tea.Msg {
		path, n, err := export(ctx, req)
		return exportDoneMsg{path: path, beads: n, err: err}
	}
}

func (e *exportPrompt) ShortHelp() []key.Binding {
	if e.field == fieldPath {
		return []key.Binding{e.keys.Write, e.keys.Next, e.keys.Cancel}
	}
	return []key.Binding{e.keys.Write, e.keys.Right, e.keys.Next, e.keys.Cancel}
}

func (e *exportPrompt) FullHelp() [][]key.Binding {
	return [][]key.Binding{{e.keys.Next, e.keys.Prev, e.keys.Left, e.keys.Right}, {e.keys.Write, e.keys.Cancel}}
}

func (e *exportPrompt) About() []string {
	return []string{
		"Export writes the pair's aligned beads, with your corrections, as TSV, TMX or JSON Lines: the same files as hamta export, by paragraph bead or by sentence bead (the sentence pairs aligned inside the paragraph beads, as the sentence view shows them). By default into the exports folder of the workspace; the full path is shown before anything is written. An existing file is replaced only after a second enter. hamta refuses to write over a corpus file, into its workspace's own files, through a symbolic link or into a special file, and says why.",
	}
}

func (e *exportPrompt) Status() string { return "export" }

// View draws the prompt.
func (e *exportPrompt) View() []string {
	st, pt, w := e.c.st, e.c.pt, e.width
	wrap := func(s *lipgloss.Style, text string) []string {
		return pt.block(pt.prepare(rtl.Auto, styled(s, text)), w-11, look{})
	}
	label := func(f int, name string) string {
		s := &st.field
		mark := "  "
		if e.field == f {
			s, mark = &st.fieldOn, st.cursor.Render("▌ ")
		}
		return mark + pt.line(pt.prepare(rtl.LTR, styled(s, name)), 9, true, look{})
	}
	choices := func(f int, name string, names []string, chosen int, ok func(int) bool) string {
		var ps []piece
		for i, n := range names {
			s := &st.choice
			switch {
			case i == chosen:
				s = &st.choiceOn
			case !ok(i):
				s, n = &st.choiceOff, n+" (unavailable)"
			}
			ps = append(ps, styled(s, " "+n+" "), plain(" "))
		}
		return label(f, name) + pt.text(w-11, ps...)
	}
	pair := e.item.pair
	lines := []string{
		pt.text(w, styled(&st.header, "Export"), plain(" "+corpus.ShowName(pair.FA)+" ↔ "+corpus.ShowName(pair.EN))),
		"",
		choices(fieldFormat, "format", e.formats, e.format, func(int) bool { return true }),
		choices(fieldUnit, "unit", e.units, e.unit, e.unitAvailable),
		label(fieldPath, "file") + pt.input(&e.path, st, w-11),
		"",
	}
	indent := strings.Repeat(" ", 11)
	if e.full != "" {
		head := "writes"
		for _, l := range wrap(&st.dim, e.full) {
			lines = append(lines, pt.line(pt.prepare(rtl.LTR, styled(&st.dim, "  "+head)), 11, true, look{})+l)
			head = ""
		}
		if e.exists {
			msg := "a file is there already: enter twice replaces it"
			if e.confirm {
				msg = "a file is there already: enter again to replace it"
			}
			for _, l := range wrap(&st.low, msg) {
				lines = append(lines, indent+l)
			}
		}
	}
	if e.busy {
		busy := "writing…"
		if e.unit == unitSentence && e.sents == nil {
			busy = "aligning sentences and writing…"
		}
		lines = append(lines, indent+pt.text(w-11, styled(&st.dim, busy)))
	}
	if e.err != "" {
		lines = append(lines, "")
		for _, l := range wrap(&st.warn, e.err) {
			lines = append(lines, indent+l)
		}
	}
	return lines
}
