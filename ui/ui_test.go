package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"hamta/align"
	"hamta/corpus"
	"hamta/index"
)

// sampleData is the bundled corpus with its pairs and an index, built once
// for all tests in a temporary folder.
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
	return &Data{
		Name: "bundled sample corpus", Docs: c.Docs, Pairs: pairs, Search: x.Search,
		Export: func(p align.DocPair) (string, error) { return "/tmp/hamta-test-export.tsv", nil },
	}, nil
})

// sampleIndexDir is the temporary folder of the shared index.
var sampleIndexDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if sampleIndexDir != "" {
		os.RemoveAll(sampleIndexDir)
	}
	os.Exit(code)
}

// newTestModel is a browser on the sample data at a size.
func newTestModel(t testing.TB, w, h int, mode BidiMode) *Model {
	t.Helper()
	d, err := sampleData()
	if err != nil {
		t.Fatal(err)
	}
	m := New(Config{Bidi: mode})
	m.SetData(d)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// press sends keys to the model: names such as "enter", "down", "/", or
// text typed rune by rune when prefixed with "type:".
func press(m *Model, keys ...string) {
	for _, k := range keys {
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			for _, r := range text {
				m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		m.Update(keyMsg(k))
	}
}

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
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// runSearch types a query and delivers its results without waiting for
// the typing pause.
func runSearch(t testing.TB, m *Model, q string) {
	t.Helper()
	press(m, "/", "type:"+q)
	cmd := m.search.tick(searchTickMsg{seq: m.search.seq}, m)
	if cmd == nil {
		t.Fatal("no search ran")
	}
	m.Update(cmd())
}

func frameText(m *Model) string { return ansi.Strip(m.View().Content) }

func TestKeySequences(t *testing.T) {
	m := newTestModel(t, 120, 40, BidiApp)
	if m.screen != screenLibrary || len(m.lib.shown) != 4 {
		t.Fatalf("screen %v, %d library items", m.screen, len(m.lib.shown))
	}
	press(m, "down", "up", "enter")
	if m.screen != screenPair || m.pager.item.pair.EN != "000_b79e0ac07a66befb.txt" {
		t.Fatalf("enter did not open the first pair")
	}
	press(m, "j", "j", "j")
	if m.pager.cursor != 3 {
		t.Errorf("cursor %d after three j", m.pager.cursor)
	}
	press(m, "G")
	if m.pager.cursor != len(m.pager.rows)-1 {
		t.Errorf("G: cursor %d of %d", m.pager.cursor, len(m.pager.rows))
	}
	press(m, "g")
	if m.pager.cursor != 0 || m.pager.offset != 0 {
		t.Errorf("g: cursor %d offset %d", m.pager.cursor, m.pager.offset)
	}
	before := frameText(m)
	press(m, "s")
	if !m.pager.swap || frameText(m) == before {
		t.Error("s did not swap the panes")
	}
	press(m, "tab")
	if m.pager.focus != 1 {
		t.Errorf("tab: focus %d", m.pager.focus)
	}
	press(m, "a")
	if !strings.Contains(frameText(m), "bead ") && !strings.Contains(frameText(m), "no counterpart") {
		t.Error("a shows no bead details")
	}
	press(m, "pgdown")
	if m.pager.offset == 0 {
		t.Error("pgdown did not scroll")
	}
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	press(m, "pgup")
	if m.pager.offset != 0 {
		t.Errorf("pgup and wheel up: offset %d", m.pager.offset)
	}
	// Export says where; it runs off the event loop.
	_, cmd := m.Update(keyMsg("e"))
	if cmd == nil {
		t.Fatal("e gave no command")
	}
	m.Update(cmd())
	if !strings.Contains(m.status, "exported to /tmp/hamta-test-export.tsv") {
		t.Errorf("status after export: %q", m.status)
	}
	press(m, "esc")
	if m.screen != screenLibrary {
		t.Errorf("esc: screen %v", m.screen)
	}
	press(m, "?")
	if m.screen != screenHelp || !strings.Contains(frameText(m), "swap panes") {
		t.Error("? shows no help")
	}
	press(m, "esc")
	if m.screen != screenLibrary {
		t.Errorf("esc from help: screen %v", m.screen)
	}
	// Typing filters the library; esc clears the filter.
	press(m, "type:004")
	if len(m.lib.shown) != 1 || !m.lib.filtering {
		t.Errorf("filter 004: %d items", len(m.lib.shown))
	}
	press(m, "esc")
	if len(m.lib.shown) != 4 || m.lib.filtering {
		t.Errorf("after esc: %d items", len(m.lib.shown))
	}
	_, cmd = m.Update(keyMsg("q"))
	if cmd == nil || cmd() != tea.Quit() {
		t.Error("q does not quit")
	}
}

func TestSearchAndHits(t *testing.T) {
	m := newTestModel(t, 120, 40, BidiApp)
	runSearch(t, m, "Haniyeh")
	if m.screen != screenSearch || len(m.search.hits) < 5 {
		t.Fatalf("search: screen %v, %d hits", m.screen, len(m.search.hits))
	}
	if !strings.Contains(frameText(m), "hits for Haniyeh") {
		t.Errorf("no result count:\n%s", frameText(m))
	}
	press(m, "enter")
	if m.screen != screenPair {
		t.Fatalf("enter did not open the hit")
	}
	first := m.search.hits[0]
	r := m.pager.rows[m.pager.cursor]
	side := r.b
	if first.Lang == corpus.LangFA {
		side = r.a
	}
	found := false
	for _, p := range side {
		found = found || p == first.Para
	}
	if !found {
		t.Errorf("cursor row %v does not hold hit paragraph %d", r, first.Para)
	}
	if !strings.Contains(m.View().Content, "\x1b[") {
		t.Error("no styled highlight in the frame")
	}
	press(m, "n")
	if m.search.current != 1 {
		t.Errorf("n: current hit %d", m.search.current)
	}
	press(m, "N", "N")
	if m.search.current != len(m.search.hits)-1 {
		t.Errorf("N wraps: current hit %d", m.search.current)
	}
	press(m, "esc")
	if m.screen != screenSearch {
		t.Errorf("esc from a hit goes back to the results: screen %v", m.screen)
	}
	// A bad query says what is wrong.
	press(m, "esc")
	runSearch(t, m, `"unclosed`)
	if !strings.Contains(frameText(m), "unclosed quote") {
		t.Errorf("bad query message missing:\n%s", frameText(m))
	}
}

// TestLinesFitWindow draws every screen at many sizes in both bidi modes:
// no line may be wider than the window, and there are exactly as many
// lines as rows.
func TestLinesFitWindow(t *testing.T) {
	sizes := [][2]int{{20, 5}, {1, 1}, {49, 9}, {50, 10}, {61, 13}, {80, 24}, {100, 30}, {120, 40}, {157, 41}, {200, 60}}
	screens := map[string][]string{
		"library": nil,
		"pair":    {"enter"},
		"pair2":   {"down", "enter", "s", "a", "G"},
		"help":    {"?"},
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

// goldenFrame drives a program through teatest and compares its last
// frame, without styles, with testdata/<test name>.golden.
func goldenFrame(t *testing.T, mode BidiMode, steps func(tm *teatest.TestModel)) {
	t.Helper()
	d, err := sampleData()
	if err != nil {
		t.Fatal(err)
	}
	m := New(Config{Bidi: mode})
	m.SetData(d)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	steps(tm)
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(*Model)
	teatest.RequireEqualOutput(t, []byte(ansi.Strip(fm.View().Content)))
}

// patience is how long a golden test waits for its frame: long enough for
// a slow machine.
var patience = teatest.WithDuration(20 * time.Second)

// waitScreen forces a full repaint and waits until the screen shows text:
// the renderer otherwise writes only the cells that changed.
func waitScreen(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	tm.Send(tea.ClearScreen())
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), text) }, patience)
}

func typeKeys(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
}

func TestGoldenLibrary(t *testing.T) {
	goldenFrame(t, BidiApp, func(tm *teatest.TestModel) {
		waitScreen(t, tm, "comparable")
	})
}

func TestGoldenParallelApp(t *testing.T) {
	goldenFrame(t, BidiApp, func(tm *teatest.TestModel) {
		typeKeys(tm, "enter", "j", "j")
		waitScreen(t, tm, "bead 3/9")
	})
}

func TestGoldenParallelTerminal(t *testing.T) {
	goldenFrame(t, BidiTerminal, func(tm *teatest.TestModel) {
		typeKeys(tm, "enter", "j", "j")
		waitScreen(t, tm, "bead 3/9")
	})
}

func TestGoldenSearch(t *testing.T) {
	goldenFrame(t, BidiApp, func(tm *teatest.TestModel) {
		tm.Send(keyMsg("/"))
		tm.Type("Haniyeh")
		waitScreen(t, tm, "hits for")
	})
}

func TestGoldenHelp(t *testing.T) {
	goldenFrame(t, BidiApp, func(tm *teatest.TestModel) {
		tm.Send(keyMsg("?"))
		waitScreen(t, tm, "swap panes")
	})
}
