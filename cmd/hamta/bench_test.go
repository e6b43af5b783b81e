package main

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hamta/ui"
)

// BenchmarkFirstFrame measures opening the browser on the bundled corpus
// whose workspace (pairs and index) is already built: reading the corpus,
// loading the cached pairs, checking the index, and drawing the library.
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
