package main

import (
	"context"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hamta/corpus"
	"hamta/ui"
)

// BenchmarkFirstFrame measures opening the browser on the bundled corpus
// whose workspace (pairs and index) is already built through the full
// load: reading the corpus, loading the cached pairs, checking the index,
// and drawing the library. The browser runs it behind the library it
// shows at once (BenchmarkFirstScreen), and before its first frame only
// when the workspace holds no current library.
func BenchmarkFirstFrame(b *testing.B) {
	c := corpusFlags{workspace: b.TempDir()}
	c.maxSize = 10 << 20
	load := loader(c)
	ctx := context.Background()
	noProgress := func(string, int, int) {}
	d, err := load(ctx, noProgress) // builds the workspace once
	if err != nil {
		b.Fatal(err)
	}
	d.Close()
	b.ResetTimer()
	for b.Loop() {
		d, err := load(ctx, noProgress)
		if err != nil {
			b.Fatal(err)
		}
		m := ui.New(ui.Config{Bidi: ui.BidiApp})
		m.SetData(d)
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = m.View()
		d.Close()
	}
}

// BenchmarkFirstScreen measures what the browser does before its first
// frame on a workspace whose index is current: reading the library the
// workspace keeps, checking the index and opening it for search,
// building the browser's data, and drawing the library. The corpus is
// the folder HAMTA_BENCH_BROWSE names, indexed before (go run
// ./bench/gencorpus -paragraphs 100000 -o DIR; hamta index DIR), or the
// bundled one.
func BenchmarkFirstScreen(b *testing.B) {
	c := corpusFlags{dir: os.Getenv("HAMTA_BENCH_BROWSE"), maxSize: corpus.DefaultMaxSize}
	if c.dir == "" {
		c.workspace = b.TempDir()
		d, err := loader(c)(context.Background(), func(string, int, int) {})
		if err != nil {
			b.Fatal(err)
		}
		d.Close()
	}
	for b.Loop() {
		pv := preview(c)
		if pv == nil {
			b.Fatal("no preview: index the corpus first")
		}
		m := ui.New(ui.Config{Bidi: ui.BidiApp, Preview: pv})
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
		if v := m.View(); !strings.Contains(v.Content, "pairs") {
			b.Fatal("the first frame shows no library")
		}
		if pv.Data.Close != nil {
			pv.Data.Close()
		}
	}
}
