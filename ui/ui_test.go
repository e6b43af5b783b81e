package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"hamta/align"
	"hamta/concord"
	"hamta/corpus"
	"hamta/index"
	"hamta/lexicon"
	"hamta/workspace"
)

// sampleData is the bundled corpus with its pairs and an index, built once
// for all tests in a temporary folder. Tests that change the data take a
// copy (see testData).
var sampleData = sync.OnceValues(func() (*Data, error) {
	ctx := context.Background()
	c, err := corpus.LoadDir(ctx, "../testdata/corpus", corpus.Options{})
	if err != nil {
		return nil, err
	}
	pairs, err := align.NewAligner().Pair(ctx, c.Docs, nil, align.DefaultPairOptions(), nil)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "hamta-ui-test-")
	if err != nil {
		return nil, err
	}
	sampleIndexDir = dir
	x, _, err := index.Sync(ctx, filepath.Join(dir, "index"), c.Docs, pairs, nil)
	if err != nil {
		return nil, err
	}
	lex, err := lexicon.Learn(ctx, workspace.LexiconPairs(c.Doc, pairs), lexicon.Options{})
	if err != nil {
		return nil, err
	}
	find := func(ctx context.Context, word string, opt concord.Options) ([]concord.Line, error) {
		return concord.Find(ctx, x, lex, word, opt)
	}
	sampleLex = lex
	return &Data{Name: "bundled sample corpus", Docs: c.Docs, Pairs: pairs, Search: x.Search, Concord: find}, nil
})

// sampleIndexDir is the temporary folder of the shared index, and
// sampleLex the lexicon learned from the sample's pairs.
var (
	sampleIndexDir string
	sampleLex      *lexicon.Lexicon
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sampleIndexDir != "" {
		os.RemoveAll(sampleIndexDir)
	}
	os.Exit(code)
}

// exported records what the test export was asked to write.
type exported struct {
	mu   sync.Mutex
	reqs []ExportRequest
}

// testExportDir is where the test data says exports go: a folder that is
// never made, so frames are the same on every machine.
const testExportDir = "/home/reader/corpus/.hamta/exports"

// testData is a copy of the sample data (its pairs copied, so corrections
// stay in one test), with an export that records its requests.
func testData(t testing.TB) (*Data, *exported) {
	t.Helper()
	d, err := sampleData()
	if err != nil {
		t.Fatal(err)
	}
	cp := *d
	cp.Pairs = make([]align.DocPair, len(d.Pairs))
	for i, p := range d.Pairs {
		p.Beads = append([]align.Bead(nil), p.Beads...)
		cp.Pairs[i] = p
	}
	rec := &exported{}
	// The sentence beads of a pair, as a workspace's session aligns them,
	// in the documents of the copy (tests add pairs to it).
	cp.Sentences = func(ctx context.Context, p align.DocPair) ([]align.SentenceBead, error) {
		return align.NewAligner().AlignSentences(ctx, cp.doc(p.FA), cp.doc(p.EN), p.Beads, p.Kind, sampleLex)
	}
	cp.ExportDir = testExportDir
	cp.ExportUnits = []string{"paragraph", "sentence"} // as hamta sets them
	cp.Export = func(_ context.Context, r ExportRequest) (string, int, error) {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.reqs = append(rec.reqs, r)
		return r.Path, len(r.Pair.Beads), nil
	}
	return &cp, rec
}

// testClock is a clock the test moves.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

// newModel is a browser on data at a size, searching at once when typing
// stops and keeping time by a clock of its own.
func newModel(t testing.TB, d *Data, w, h int, mode BidiMode) (*Model, *testClock) {
	t.Helper()
	m := New(Config{Bidi: mode, Getenv: func(string) string { return "" }})
	clock := &testClock{t: time.Date(2024, 10, 9, 8, 0, 0, 0, time.UTC)}
	m.c.now, m.c.searchDelay = clock.now, 0
	m.SetData(d)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m, clock
}

// newTestModel is a browser on the sample data at a size.
func newTestModel(t testing.TB, w, h int, mode BidiMode) *Model {
	t.Helper()
	d, _ := testData(t)
	m, _ := newModel(t, d, w, h, mode)
	return m
}

// driver delivers messages to a model as the program does: every message
// a command yields goes back to the model at once. Messages for the
// program itself (the clipboard, terminal queries) and quitting are
// recorded.
type driver struct {
	m     *Model
	quit  bool
	other []tea.Msg
}

func drive(m *Model) *driver { return &driver{m: m} }

func (d *driver) send(msg tea.Msg) *driver {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case tea.QuitMsg:
		d.quit = true
	default:
		if reflect.TypeOf(msg).PkgPath() == reflect.TypeOf(tea.QuitMsg{}).PkgPath() {
			d.other = append(d.other, msg)
			return
		}
		d.send(msg)
	}
}

// press sends keys: names such as "enter", "down", "/", or text typed
// rune by rune when prefixed with "type:".
func (d *driver) press(keys ...string) *driver {
	for _, k := range keys {
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			for _, r := range text {
				d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		d.send(keyMsg(k))
	}
	return d
}

// clipboard is the last text sent to the terminal's clipboard.
func (d *driver) clipboard() (string, bool) {
	for i := len(d.other) - 1; i >= 0; i-- {
		if fmt.Sprintf("%T", d.other[i]) == "tea.setClipboardMsg" {
			return fmt.Sprint(d.other[i]), true
		}
	}
	return "", false
}

// press sends keys to a model, running what they start.
func press(m *Model, keys ...string) { drive(m).press(keys...) }

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok && len(c) == 1 {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func wheel(b tea.MouseButton) tea.MouseWheelMsg { return tea.MouseWheelMsg{Button: b} }

func click(x, y int) tea.MouseClickMsg { return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft} }

// Screens in front, for the tests.
func libOf(t testing.TB, m *Model) *libraryScreen {
	t.Helper()
	l, ok := m.active().(*libraryScreen)
	if !ok {
		t.Fatalf("screen in front is %T, not the library", m.active())
	}
	return l
}

func pagerOf(t testing.TB, m *Model) *pagerScreen {
	t.Helper()
	p, ok := m.active().(*pagerScreen)
	if !ok {
		t.Fatalf("screen in front is %T, not the parallel view", m.active())
	}
	return p
}

func searchOf(t testing.TB, m *Model) *searchScreen {
	t.Helper()
	s, ok := m.screens[stateSearch].(*searchScreen)
	if !ok {
		t.Fatal("no search screen")
	}
	return s
}

// runSearch types a query; with no typing pause, it runs at once.
func runSearch(t testing.TB, m *Model, q string) {
	t.Helper()
	press(m, "/", "type:"+q)
	if s := searchOf(t, m); s.query == "" && s.err == "" {
		t.Fatalf("no search ran for %q", q)
	}
}

func frameText(m *Model) string { return ansi.Strip(m.View().Content) }

func TestKeySequences(t *testing.T) {
	m := newTestModel(t, 120, 40, BidiApp)
	if l := libOf(t, m); len(l.shown) != 4 {
		t.Fatalf("%d library items", len(l.shown))
	}
	press(m, "down", "up", "enter")
	p := pagerOf(t, m)
	if p.item.pair.EN != "000_b79e0ac07a66befb.txt" {
		t.Fatalf("enter did not open the first pair")
	}
	press(m, "j", "j", "j")
	if p.cursor != 3 {
		t.Errorf("cursor %d after three j", p.cursor)
	}
	press(m, "G")
	if p.cursor != len(p.rows)-1 || p.offset != p.maxOffset() {
		t.Errorf("G: cursor %d of %d, offset %d of %d", p.cursor, len(p.rows), p.offset, p.maxOffset())
	}
	press(m, "g")
	if p.cursor != 0 || p.offset != 0 {
		t.Errorf("g: cursor %d offset %d", p.cursor, p.offset)
	}
	before := frameText(m)
	press(m, "s")
	if !p.swap || frameText(m) == before {
		t.Error("s did not swap the panes")
	}
	press(m, "tab")
	if p.focus != 1 {
		t.Errorf("tab: focus %d", p.focus)
	}
	press(m, "a")
	if !strings.Contains(frameText(m), "bead ") && !strings.Contains(frameText(m), "no counterpart") {
		t.Error("a shows no bead details")
	}
	press(m, "pgdown")
	if p.offset == 0 {
		t.Error("pgdown did not scroll")
	}
	m.Update(wheel(tea.MouseWheelUp))
	press(m, "pgup")
	if p.offset != 0 {
		t.Errorf("pgup and wheel up: offset %d", p.offset)
	}
	press(m, "e")
	if m.state != stateExport {
		t.Fatalf("e: screen %v", m.state)
	}
	press(m, "esc")
	if m.state != statePair {
		t.Errorf("esc from the export prompt: screen %v", m.state)
	}
	press(m, "esc")
	if m.state != stateLibrary {
		t.Errorf("esc: screen %v", m.state)
	}
	press(m, "?")
	if m.state != stateHelp || !strings.Contains(frameText(m), "open the pair") {
		t.Errorf("? shows no help for the library:\n%s", frameText(m))
	}
	press(m, "esc")
	if m.state != stateLibrary {
		t.Errorf("esc from help: screen %v", m.state)
	}
	// Typing filters the library; esc clears the filter.
	press(m, "type:004")
	if l := libOf(t, m); len(l.shown) != 1 || !l.filtering {
		t.Errorf("filter 004: %d items", len(l.shown))
	}
	press(m, "esc")
	if l := libOf(t, m); len(l.shown) != 4 || l.filtering {
		t.Errorf("after esc: %d items", len(l.shown))
	}
	if !drive(m).press("q").quit {
		t.Error("q does not quit")
	}
}

// TestHelpPerScreen: each screen's help lists its own keys.
func TestHelpPerScreen(t *testing.T) {
	tests := []struct {
		keys         []string
		want, absent string
	}{
		{nil, "filter (or just type)", "swap panes"},
		{[]string{"enter"}, "swap panes", "filter (or just type)"},
		{[]string{"enter", "e"}, "next choice", "swap panes"},
	}
	for _, tt := range tests {
		m := newTestModel(t, 120, 40, BidiApp)
		press(m, tt.keys...)
		if m.state == stateExport {
			press(m, "tab") // off the path, so ? is not typed
		}
		press(m, "?")
		f := frameText(m)
		if m.state != stateHelp || !strings.Contains(f, tt.want) || strings.Contains(f, tt.absent) {
			t.Errorf("%v ?: want %q, not %q:\n%s", tt.keys, tt.want, tt.absent, f)
		}
	}
}

// TestFilterEnterOpens: enter in the filter opens the selected pair at
// once.
func TestFilterEnterOpens(t *testing.T) {
	m := newTestModel(t, 80, 24, BidiApp)
	press(m, "f", "type:004", "enter")
	if p := pagerOf(t, m); p.item.pair == nil || p.item.pair.EN != "004_eb88f226d05968a2.txt" {
		t.Fatalf("enter in the filter opened %+v", p.item)
	}
}

// TestTypingRunsNoCommand: keys typed into an input stay there, whatever
// they would do elsewhere, even where search is unavailable.
func TestTypingRunsNoCommand(t *testing.T) {
	d, _ := testData(t)
	d.Search = nil
	d.Notes = []string{"the index in /tmp/x is damaged, and it cannot be rebuilt now: workspace in use"}
	m, _ := newModel(t, d, 80, 24, BidiApp)
	dr := drive(m).press("/", "type:Gaza?qjG")
	if dr.quit || m.state != stateSearch {
		t.Fatalf("typing ran a command: quit %v, screen %v", dr.quit, m.state)
	}
	if got := searchOf(t, m).input.Value(); got != "Gaza?qjG" {
		t.Errorf("query %q", got)
	}
	if f := strings.Join(strings.Fields(frameText(m)), " "); !strings.Contains(f, "search is not available") || !strings.Contains(f, "cannot be rebuilt now") {
		t.Errorf("no reason given:\n%s", f)
	}
	press(m, "esc", "f", "type:qG?")
	if l := libOf(t, m); l.filter.Value() != "qG?" || m.state != stateLibrary {
		t.Errorf("filter %q, screen %v", l.filter.Value(), m.state)
	}
	press(m, "esc", "enter", "e", "type:q?")
	if m.state != stateExport || !strings.HasSuffix(m.active().(*exportPrompt).path.Value(), "q?") {
		t.Errorf("export path: screen %v", m.state)
	}
	if !drive(m).press("ctrl+c").quit {
		t.Error("ctrl+c does not quit while typing")
	}
}

func TestSearchAndHits(t *testing.T) {
	m := newTestModel(t, 120, 40, BidiApp)
	runSearch(t, m, "Haniyeh")
	s := searchOf(t, m)
	if m.state != stateSearch || len(s.hits) < 5 {
		t.Fatalf("search: screen %v, %d hits", m.state, len(s.hits))
	}
	if !strings.Contains(frameText(m), "hits for Haniyeh") {
		t.Errorf("no result count:\n%s", frameText(m))
	}
	press(m, "enter")
	p := pagerOf(t, m)
	first := s.hits[0]
	side := 1
	if first.Lang == corpus.LangFA {
		side = 0
	}
	r := p.rows[p.cursor]
	found := false
	for _, x := range r.side(side) {
		found = found || x == first.Para
	}
	if !found {
		t.Errorf("cursor row %v does not hold hit paragraph %d", r, first.Para)
	}
	if len(p.hl[[2]int{side, first.Para}]) == 0 {
		t.Error("the hit's words are not highlighted")
	}
	if c := first.Counterpart; c != nil && len(c.Highlights) > 0 {
		lit := false
		for _, para := range c.Paras {
			lit = lit || len(p.hl[[2]int{1 - side, para}]) > 0
		}
		if !lit {
			t.Error("the counterpart's matching words are not highlighted")
		}
	}
	if !strings.Contains(m.View().Content, "\x1b[") {
		t.Error("no styled highlight in the frame")
	}
	press(m, "n")
	if s.current != 1 {
		t.Errorf("n: current hit %d", s.current)
	}
	press(m, "N", "N")
	if s.current != len(s.hits)-1 {
		t.Errorf("N wraps: current hit %d", s.current)
	}
	press(m, "esc")
	if m.state != stateSearch {
		t.Errorf("esc from a hit goes back to the results: screen %v", m.state)
	}
	// A bad query says what is wrong.
	press(m, "esc")
	runSearch(t, m, `"unclosed`)
	if !strings.Contains(frameText(m), "unclosed quote") {
		t.Errorf("bad query message missing:\n%s", frameText(m))
	}
}

// TestWheelReachesBothEnds: the wheel scrolls to the last line of a pair
// and back to the first, from anywhere, G included.
func TestWheelReachesBothEnds(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := newTestModel(t, size[0], size[1], BidiApp)
		press(m, "enter", "G")
		p := pagerOf(t, m)
		atEnd := p.offset
		m.Update(wheel(tea.MouseWheelDown))
		if p.offset != atEnd {
			t.Errorf("%v: the wheel moved the view from %d to %d after G", size, atEnd, p.offset)
		}
		press(m, "g")
		for range 200 {
			m.Update(wheel(tea.MouseWheelDown))
		}
		if p.offset != p.maxOffset() || p.cursor != len(p.rows)-1 {
			t.Errorf("%v: wheel down: offset %d of %d, cursor %d of %d", size, p.offset, p.maxOffset(), p.cursor, len(p.rows))
		}
		last := p.rows[len(p.rows)-1]
		lastPara := p.en.Paragraphs[last.b[len(last.b)-1]].Text
		if len(last.b) == 0 {
			lastPara = p.fa.Paragraphs[last.a[len(last.a)-1]].Text
		}
		words := strings.Fields(lastPara)
		if f := frameText(m); !strings.Contains(f, words[len(words)-1]) {
			t.Errorf("%v: the last words of the pair are not on the screen:\n%s", size, f)
		}
		for range 200 {
			m.Update(wheel(tea.MouseWheelUp))
		}
		if p.offset != 0 || p.cursor != 0 {
			t.Errorf("%v: wheel up: offset %d, cursor %d", size, p.offset, p.cursor)
		}
	}
}

// TestMouse: a click focuses a pane and selects a row; in the library a
// click selects and a double click opens.
func TestMouse(t *testing.T) {
	d, _ := testData(t)
	m, clock := newModel(t, d, 120, 40, BidiApp)
	// The second item's first line is at libHeader+libPerItem.
	drive(m).send(click(10, libHeader+libPerItem))
	if l := libOf(t, m); l.cursor != 1 {
		t.Fatalf("click: cursor %d", l.cursor)
	}
	clock.t = clock.t.Add(2 * time.Second)
	drive(m).send(click(10, libHeader+libPerItem+1))
	if m.state != stateLibrary {
		t.Fatal("two slow clicks opened the item")
	}
	clock.t = clock.t.Add(200 * time.Millisecond)
	drive(m).send(click(10, libHeader+libPerItem+1))
	p := pagerOf(t, m)
	if p.item.pair.EN != "004_eb88f226d05968a2.txt" {
		t.Fatalf("double click opened %s", p.item.pair.EN)
	}
	// English is on the left, Persian (focused) on the right.
	drive(m).send(click(5, pagerHeader+p.tops[2]))
	if p.focus != 1 || p.cursor != 2 {
		t.Errorf("click on the left pane, third row: focus %d, cursor %d", p.focus, p.cursor)
	}
	drive(m).send(click(110, pagerHeader+p.tops[1]))
	if p.focus != 0 || p.cursor != 1 {
		t.Errorf("click on the right pane, second row: focus %d, cursor %d", p.focus, p.cursor)
	}
}

// TestCursorMarkOnFocusedSide: the cursor mark stands beside the focused
// pane.
func TestCursorMarkOnFocusedSide(t *testing.T) {
	m := newTestModel(t, 100, 30, BidiApp)
	press(m, "enter")
	row := func() string { return strings.Split(frameText(m), "\n")[pagerHeader] }
	if l := row(); !strings.HasSuffix(strings.TrimRight(l, " "), "▐") || strings.HasPrefix(l, "▌") {
		t.Errorf("Persian focused: %q", l)
	}
	press(m, "tab")
	if l := row(); !strings.HasPrefix(l, "▌") || strings.Contains(l, "▐") {
		t.Errorf("English focused: %q", l)
	}
	// In terminal mode nothing follows Persian text: the mark stays in
	// the first column, its right half lit for the right pane.
	m = newTestModel(t, 100, 30, BidiTerminal)
	press(m, "enter")
	if l := row(); !strings.HasPrefix(l, "▐") || strings.HasSuffix(strings.TrimRight(l, " "), "▐") {
		t.Errorf("terminal mode, Persian focused: %q", l)
	}
}

// TestUnpairedFullWidth: a document with no counterpart takes the whole
// width, with no empty pane.
func TestUnpairedFullWidth(t *testing.T) {
	m := newTestModel(t, 80, 24, BidiApp)
	press(m, "G", "enter")
	p := pagerOf(t, m)
	if p.item.pair != nil {
		t.Fatal("the last item is a pair")
	}
	if strings.Contains(frameText(m), "│") {
		t.Errorf("an unpaired document has a separator:\n%s", frameText(m))
	}
	lw, rw := p.paneWidths()
	if lw != 77 || rw != 0 {
		t.Errorf("pane widths %d, %d", lw, rw)
	}
	for p.rows[p.cursor].furniture {
		press(m, "j")
	}
	if want := fmt.Sprintf("¶ 1/%d", paraCount(p.item.doc())); !strings.Contains(p.Status(), want) {
		t.Errorf("status %q, want %q", p.Status(), want)
	}
}

// TestParagraphBreaksInBead: two paragraphs of one bead are told apart.
func TestParagraphBreaksInBead(t *testing.T) {
	d, _ := testData(t)
	p0 := &d.Pairs[0]
	// Merge the first two beads, so one side has two paragraphs.
	merged := p0.Beads[0]
	merged.A = append(append([]int(nil), p0.Beads[0].A...), p0.Beads[1].A...)
	merged.B = append(append([]int(nil), p0.Beads[0].B...), p0.Beads[1].B...)
	p0.Beads = append([]align.Bead{merged}, p0.Beads[2:]...)
	m, _ := newModel(t, d, 120, 40, BidiApp)
	press(m, "enter")
	if f := frameText(m); !strings.Contains(f, "¶") {
		t.Errorf("no paragraph mark inside the bead:\n%s", f)
	}
}

// TestCopy: y copies the focused side as written; Y both sides as TSV.
func TestCopy(t *testing.T) {
	m := newTestModel(t, 120, 40, BidiApp)
	press(m, "enter")
	p := pagerOf(t, m)
	for !p.rows[p.cursor].linked() {
		press(m, "j")
	}
	r := p.rows[p.cursor]
	dr := drive(m).press("y")
	got, ok := dr.clipboard()
	var parts []string
	for _, x := range r.a {
		parts = append(parts, p.fa.Paragraphs[x].Text)
	}
	want := strings.Join(parts, "\n\n")
	if !ok || got != want {
		t.Fatalf("y copied %q, want %q", got, want)
	}
	for _, c := range got {
		if c >= 0xFB50 && c <= 0xFEFF {
			t.Fatalf("copied text holds presentation form %U", c)
		}
	}
	if !strings.Contains(frameText(m), "Persian paragraph") || !strings.Contains(frameText(m), "to the clipboard") {
		t.Errorf("no confirmation:\n%s", frameText(m))
	}
	dr = drive(m).press("tab", "y")
	if got, _ := dr.clipboard(); !strings.HasPrefix(got, p.en.Paragraphs[r.b[0]].Text) {
		t.Errorf("y on the English side copied %q", got)
	}
	dr = drive(m).press("Y")
	got, _ = dr.clipboard()
	rows, err := align.ReadTSV(strings.NewReader(got))
	if err != nil || len(rows) != 1 || rows[0].FAText != strings.Join(parts, " ") || rows[0].FADoc != p.fa.ID {
		t.Errorf("Y copied %q: %v", got, err)
	}
}

// TestExportPrompt: e asks for a format, a unit and a path in the
// workspace's exports folder, shows the full path, writes through Export
// and says where.
func TestExportPrompt(t *testing.T) {
	d, rec := testData(t)
	dir := t.TempDir()
	d.ExportDir = dir
	m, _ := newModel(t, d, 80, 24, BidiApp)
	press(m, "enter", "e")
	e, ok := m.active().(*exportPrompt)
	if !ok {
		t.Fatalf("e: %T", m.active())
	}
	wantPath := filepath.Join(dir, "hamta-001_4458d8df9d782b8d--000_b79e0ac07a66befb.tsv")
	if e.path.Value() != wantPath || !strings.Contains(strings.ReplaceAll(frameText(m), "\n", ""), "writes") {
		t.Fatalf("default path %q:\n%s", e.path.Value(), frameText(m))
	}
	// Format jsonl: the extension follows.
	press(m, "tab", "right", "right")
	if e.format != 2 || !strings.HasSuffix(e.path.Value(), ".jsonl") {
		t.Errorf("format %d, path %q", e.format, e.path.Value())
	}
	// The unit sentence: the file's name says so.
	press(m, "tab", "right")
	sentPath := strings.TrimSuffix(wantPath, ".tsv") + "-sentences.jsonl"
	if e.unit != unitSentence || e.path.Value() != sentPath || strings.Contains(frameText(m), "unavailable") {
		t.Errorf("unit %d, path %q:\n%s", e.unit, e.path.Value(), frameText(m))
	}
	press(m, "tab", "enter")
	if m.state != statePair || len(rec.reqs) != 1 {
		t.Fatalf("enter: screen %v, %d exports", m.state, len(rec.reqs))
	}
	// From the paragraph view, with no sentence beads shown: the export
	// aligns them.
	r := rec.reqs[0]
	if r.Format != "jsonl" || r.Unit != "sentence" || r.Path != sentPath || r.Sentences != nil {
		t.Errorf("request %+v", r)
	}
	if f := strings.ReplaceAll(frameText(m), "\n", ""); !strings.Contains(f, "exported") {
		t.Errorf("no confirmation:\n%s", frameText(m))
	}
	// An existing file takes a second enter.
	os.WriteFile(wantPath, []byte("old"), 0o644)
	press(m, "e", "enter")
	if m.state != stateExport || len(rec.reqs) != 1 || !strings.Contains(frameText(m), "enter again") {
		t.Fatalf("existing file written at the first enter:\n%s", frameText(m))
	}
	press(m, "enter")
	if len(rec.reqs) != 2 {
		t.Errorf("second enter: %d exports", len(rec.reqs))
	}
	// A refusal is shown whole, and the prompt stays.
	long := "refused to write " + strings.Repeat("/very/long/folder", 8) + "/x.tsv: it is a symbolic link (to /elsewhere); --force writes to the file it points to"
	d.Export = func(context.Context, ExportRequest) (string, int, error) { return "", 0, fmt.Errorf("%s", long) }
	press(m, "e", "type:x", "enter")
	f := strings.Join(strings.Fields(frameText(m)), "")
	if m.state != stateExport || !strings.Contains(f, strings.Join(strings.Fields(long), "")) {
		t.Errorf("refusal not shown whole:\n%s", frameText(m))
	}
}

// TestExportPromptParagraphOnly: where the data exports by paragraph
// only, the prompt says sentence is unavailable and keeps paragraph.
func TestExportPromptParagraphOnly(t *testing.T) {
	for _, units := range [][]string{nil, {"paragraph"}} {
		d, rec := testData(t)
		d.ExportUnits = units
		m, _ := newModel(t, d, 80, 24, BidiApp)
		press(m, "enter", "v", "e") // from the sentence view too
		e, ok := m.active().(*exportPrompt)
		if !ok {
			t.Fatalf("%v: e: %T", units, m.active())
		}
		press(m, "tab", "tab", "right")
		if e.unit != 0 || !strings.Contains(frameText(m), "sentence (unavailable)") || !strings.Contains(e.err, "only paragraph") {
			t.Errorf("%v: unit %d:\n%s", units, e.unit, frameText(m))
		}
		press(m, "enter")
		if len(rec.reqs) != 1 || rec.reqs[0].Unit != "paragraph" || strings.Contains(rec.reqs[0].Path, "sentences") {
			t.Errorf("%v: requests %+v", units, rec.reqs)
		}
	}
}

// TestLongMessage: a message longer than the window wraps, whole; the
// notes of the data are a line each.
func TestLongMessage(t *testing.T) {
	d, _ := testData(t)
	long := "search unavailable: open index " + strings.Repeat("/a/rather/long/folder/name", 6) + "/index: permission denied"
	d.Notes = []string{long, "nothing is saved: workspace in use by the hamta browser (process 4242)"}
	for _, w := range []int{50, 80, 120} {
		m, _ := newModel(t, d, w, 24, BidiApp)
		lines := strings.Split(frameText(m), "\n")
		joined := strings.Join(strings.Fields(strings.Join(lines, "")), "")
		if !strings.Contains(joined, strings.Join(strings.Fields(long), "")) {
			t.Errorf("%d: message cut:\n%s", w, frameText(m))
		}
		n := 0
		for _, l := range lines {
			if strings.HasPrefix(l, "nothing is saved") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d: the second note does not start a line:\n%s", w, frameText(m))
		}
		if strings.Contains(ansi.Strip(strings.Join(m.noteLines, "\n")), "…") {
			t.Errorf("%d: an ellipsis in the message:\n%s", w, frameText(m))
		}
	}
}

// TestThemes: the styles follow the terminal's background; NO_COLOR
// leaves colours out.
func TestThemes(t *testing.T) {
	m := newTestModel(t, 80, 24, BidiApp)
	press(m, "enter")
	dark := m.View().Content
	m.Update(tea.BackgroundColorMsg{Color: colorWhite{}})
	light := m.View().Content
	if m.theme.dark || light == dark {
		t.Error("a light background changed nothing")
	}
	if ansi.Strip(light) != ansi.Strip(dark) {
		t.Error("the theme changed the text")
	}
	d, _ := testData(t)
	nc := New(Config{Bidi: BidiApp, Getenv: func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}})
	nc.SetData(d)
	nc.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	press(nc, "enter")
	if c := nc.View().Content; strings.Contains(c, "\x1b[38;") || strings.Contains(c, "\x1b[48;") || strings.Contains(c, ";38;") {
		t.Errorf("NO_COLOR: colours in the frame: %q", c[:min(len(c), 400)])
	}
}

type colorWhite struct{}

func (colorWhite) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

// TestViewChangesNothing: drawing a screen leaves it as it was.
func TestViewChangesNothing(t *testing.T) {
	for name, keys := range map[string][]string{
		"library": nil, "pair": {"enter", "a", "G"}, "help": {"?"}, "search": {"/", "type:Haniyeh"},
		"export": {"enter", "e"}, "unpaired": {"G", "enter", "pgdown"},
		"concord": {"/", "type:ceasefire", "ctrl+o", "tab"},
	} {
		m := newTestModel(t, 80, 24, BidiApp)
		press(m, keys...)
		before := fmt.Sprintf("%+v", m.active())
		first := m.View().Content
		if after := fmt.Sprintf("%+v", m.active()); after != before || m.View().Content != first {
			t.Errorf("%s: View changed the screen", name)
		}
	}
}

// TestLinesFitWindow draws every screen at many sizes in both bidi modes:
// no line may be wider than the window, and there are exactly as many
// lines as rows.
func TestLinesFitWindow(t *testing.T) {
	sizes := [][2]int{{20, 5}, {1, 1}, {49, 9}, {50, 10}, {61, 13}, {80, 24}, {100, 30}, {120, 40}, {157, 41}, {200, 60}}
	screens := map[string][]string{
		"library":  nil,
		"pair":     {"enter"},
		"pair2":    {"down", "enter", "s", "a", "G"},
		"unpaired": {"G", "enter", "a"},
		"help":     {"?"},
		"export":   {"enter", "e", "type:" + strings.Repeat("/long/path", 20)},
		"filter":   {"f", "type:هنیه"},
		"concord":  {"/", "type:آتش‌بس", "ctrl+o"},
		"concord2": {"/", "type:ceasefire", "ctrl+o", "tab", "j", "enter", "r"},
		"concord3": {"enter", "j", "w", "o", "tab"},
	}
	for _, mode := range []BidiMode{BidiApp, BidiTerminal} {
		for _, sz := range sizes {
			for name, keys := range screens {
				m := newTestModel(t, sz[0], sz[1], mode)
				press(m, keys...)
				checkFits(t, m, fmt.Sprintf("%s %s %dx%d", mode, name, sz[0], sz[1]))
			}
			m := newTestModel(t, sz[0], sz[1], mode)
			runSearch(t, m, "آتش‌بس")
			checkFits(t, m, fmt.Sprintf("%s search %dx%d", mode, sz[0], sz[1]))
			// Resizing reflows.
			m.Update(tea.WindowSizeMsg{Width: sz[0] + 17, Height: sz[1] + 3})
			checkFits(t, m, fmt.Sprintf("%s resized %dx%d", mode, sz[0], sz[1]))
			// A pair with links out of order, at both places.
			mv, _ := newModel(t, movedData(t, "summit"), sz[0], sz[1], mode)
			press(mv, "enter", "j", "j", "j", "j", "j", "j", "j")
			checkFits(t, mv, fmt.Sprintf("%s moved %dx%d", mode, sz[0], sz[1]))
			press(mv, "%")
			checkFits(t, mv, fmt.Sprintf("%s moved jump %dx%d", mode, sz[0], sz[1]))
			// A long message.
			drive(m).send(noteMsg{text: "exported 9 beads to " + strings.Repeat("/فارسی/long", 30), kind: noteOK})
			checkFits(t, m, fmt.Sprintf("%s message %dx%d", mode, sz[0], sz[1]))
		}
	}
}

func checkFits(t *testing.T, m *Model, name string) {
	t.Helper()
	lines := strings.Split(m.View().Content, "\n")
	if len(lines) != m.height {
		t.Errorf("%s: %d lines for height %d", name, len(lines), m.height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > m.width {
			t.Errorf("%s: line %d is %d cells wide: %q", name, i, w, ansi.Strip(l))
		}
	}
}

func TestTooSmall(t *testing.T) {
	m := newTestModel(t, 30, 6, BidiApp)
	press(m, "enter")
	if !strings.Contains(frameText(m), "too small") {
		t.Errorf("small window:\n%s", frameText(m))
	}
}

func TestBidiModes(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want BidiMode
	}{
		{map[string]string{"VTE_VERSION": "7200"}, BidiTerminal},
		{map[string]string{"KONSOLE_VERSION": "230402"}, BidiTerminal},
		{map[string]string{"TERM": "mlterm"}, BidiTerminal},
		{map[string]string{"TERM": "xterm-kitty"}, BidiApp},
		{map[string]string{"VTE_VERSION": "7200", "TMUX": "/tmp/x"}, BidiApp},
		{map[string]string{"MLTERM": "3.9.0", "TERM": "xterm"}, BidiTerminal},
		{map[string]string{"KONSOLE_VERSION": "230402", "STY": "1234.pts-0.host"}, BidiApp},
		{map[string]string{"VTE_VERSION": "7200", "TERM": "screen-256color"}, BidiApp},
		{map[string]string{"TERM": "tmux-256color", "MLTERM": "3.9.0"}, BidiApp},
		{map[string]string{"TERM": "xterm-256color"}, BidiApp},
		{map[string]string{}, BidiApp},
	}
	for _, tt := range tests {
		if got := ResolveBidi(BidiAuto, func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("%v: %v, want %v", tt.env, got, tt.want)
		}
	}
}

// TestAnchorsReadOnOpen: pairs held without their beads' anchors (a
// workspace keeps them on disk) get them back through Data.Anchors when
// the pair opens, and the detail of a link names them.
func TestAnchorsReadOnOpen(t *testing.T) {
	for _, withReader := range []bool{true, false} {
		d, _ := testData(t)
		full := slices.Clone(d.Pairs)
		for i := range d.Pairs {
			d.Pairs[i].Beads = align.WithoutAnchors(d.Pairs[i].Beads)
		}
		reads := 0
		if withReader {
			d.Anchors = func(p align.DocPair) (align.DocPair, error) {
				reads++
				for _, f := range full {
					if f.FA == p.FA && f.EN == p.EN {
						return f, nil
					}
				}
				return p, nil
			}
		}
		m, _ := newModel(t, d, 120, 40, BidiApp)
		press(m, "enter")
		p := pagerOf(t, m)
		found := false
		for range p.rows {
			if strings.Contains(p.detailText(), "· anchors: ") {
				found = true
				break
			}
			press(m, "j")
		}
		if found != withReader {
			t.Errorf("with a reader %v: anchors named %v (%d reads)", withReader, found, reads)
		}
		if withReader && reads != 1 {
			t.Errorf("%d reads for one pair opened", reads)
		}
	}
}
