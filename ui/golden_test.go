package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// patience is how long a golden test waits for its frame: long enough for
// a slow machine.
var patience = teatest.WithDuration(20 * time.Second)

// goldenCase is a frame to compare with testdata/TestGolden/NAME_WxH.golden.
type goldenCase struct {
	name string
	mode BidiMode
	// styled keeps the frame's styles, for a frame about colours.
	styled bool
	// data changes the sample data; load, when set, is the loader
	// instead.
	data func(d *Data)
	load Loader
	// steps are sent in turn, each waited for: the frame shows its text
	// once the screen has taken its messages.
	steps []step
	// wait is the text the last frame shows.
	wait string
}

// step is messages to send, and text the frame shows once they are done.
type step struct {
	send []tea.Msg
	wait string
}

// open opens the first pair.
var open = step{keys("enter"), "bead "}

func keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			for _, r := range text {
				out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		out = append(out, keyMsg(k))
	}
	return out
}

// TestGolden compares every screen, at 80×24 and 120×40, with its golden
// frame (go test ./ui -run Golden -update rewrites them).
func TestGolden(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	cases := []goldenCase{
		{name: "library", mode: BidiApp, wait: "comparable"},
		{name: "pair_app", mode: BidiApp, steps: []step{open, {keys("j", "j"), ""}}, wait: "bead 3/"},
		{name: "pair_terminal", mode: BidiTerminal, steps: []step{open, {keys("j", "j"), ""}}, wait: "bead 3/"},
		{name: "pair_details", mode: BidiApp, steps: []step{open, {keys("tab", "j", "j", "a"), ""}}, wait: "score"},
		{name: "unpaired", mode: BidiApp, steps: []step{{keys("G", "enter"), ""}}, wait: "unpaired ·"},
		{name: "search", mode: BidiApp, steps: []step{{keys("/"), "search ·"}, {keys("type:Haniyeh"), ""}}, wait: "hits for Haniyeh"},
		{name: "help", mode: BidiApp, steps: []step{open, {keys("?"), ""}}, wait: "keys of this screen"},
		{name: "export", mode: BidiApp, steps: []step{open, {keys("e"), ""}}, wait: "writes"},
		{name: "concord", mode: BidiApp, wait: "sorted by",
			steps: []step{{keys("/"), "search ·"}, {keys("type:آتش‌بس"), "12 hits for"}, {keys("ctrl+o"), ""}}},
		{name: "concord_terminal", mode: BidiTerminal, wait: "sorted by",
			steps: []step{{keys("/"), "search ·"}, {keys("type:آتش‌بس"), "12 hits for"}, {keys("ctrl+o"), ""}}},
		{name: "concord_filtered", mode: BidiApp, wait: "showing",
			steps: []step{{keys("/"), "search ·"}, {keys("type:ceasefire"), "hits for ceasefire"}, {keys("ctrl+o"), "sorted by"}, {keys("tab", "j", "enter", "r"), ""}}},
		{name: "pair_moved", mode: BidiApp, wait: "out of order",
			data:  func(d *Data) { must(addMovedPair(d, "flood")) },
			steps: []step{open, {keys("j", "j"), ""}}},
		{name: "pair_moved_jump", mode: BidiApp, wait: "English place",
			data:  func(d *Data) { must(addMovedPair(d, "flood")) },
			steps: []step{open, {keys("j", "j", "%"), ""}}},
		{name: "sentences", mode: BidiApp, wait: "sentence 5/12",
			steps: []step{open, {keys("j", "j", "v"), "sentence 3/12"}, {keys(")", ")"), ""}}},
		{name: "sentence_lit", mode: BidiApp, styled: true, wait: "sentence 5/12",
			steps: []step{open, {keys("j", "j", ")"), "sentence 3/12"}, {keys(")", ")"), ""}}},
		{name: "message_long", mode: BidiApp, wait: "permission",
			data: func(d *Data) {
				d.Notes = []string{
					"search unavailable: open index /home/reader/Documents/research/persian-english-news/2024/corpus/.hamta/index: permission denied",
					"nothing is saved: workspace in use by the hamta browser (process 4242); --workspace names another",
				}
			}},
		{name: "light", mode: BidiApp, styled: true, wait: "bead 3/",
			steps: []step{{[]tea.Msg{tea.BackgroundColorMsg{Color: colorWhite{}}}, ""}, open, {keys("j", "j"), ""}}},
		{name: "loading", mode: BidiApp, wait: "indexing",
			load: func(ctx context.Context, progress func(string, int, int)) (*Data, error) {
				progress("indexing paragraphs", 120, 400)
				<-release
				return nil, context.Canceled
			}},
		{name: "error", mode: BidiApp, wait: "cannot open",
			load: func(context.Context, func(string, int, int)) (*Data, error) {
				return nil, errors.New("open workspace /home/reader/Documents/research/persian-english-news/2024/corpus/.hamta: refused: it holds files hamta did not make (notes.txt); name another with --workspace")
			}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, gc := range cases {
			t.Run(fmt.Sprintf("%s_%dx%d", gc.name, size[0], size[1]), func(t *testing.T) {
				goldenFrame(t, gc, size[0], size[1])
			})
		}
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// waitScreen forces a full repaint and waits until the screen shows text:
// the renderer otherwise writes only the cells that changed.
func waitScreen(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	tm.Send(tea.ClearScreen())
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), text) }, patience)
}

// goldenFrame drives a program through teatest and compares its last
// frame with the golden file.
func goldenFrame(t *testing.T, gc goldenCase, w, h int) {
	t.Helper()
	d, _ := testData(t)
	if gc.data != nil {
		gc.data(d)
	}
	m := New(Config{Bidi: gc.mode, Load: gc.load, Getenv: func(string) string { return "" }})
	m.c.searchDelay = 0
	if gc.load == nil {
		m.SetData(d)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	for _, st := range append(gc.steps, step{wait: gc.wait}) {
		for _, msg := range st.send {
			tm.Send(msg)
		}
		if st.wait != "" {
			waitScreen(t, tm, st.wait)
		}
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(*Model)
	frame := fm.View().Content
	if !gc.styled {
		frame = ansi.Strip(frame)
	}
	teatest.RequireEqualOutput(t, []byte(frame))
}
