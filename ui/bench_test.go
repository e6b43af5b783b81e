package ui

import (
	"fmt"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hamta/align"
	"hamta/corpus"
)

// longPair builds a pair of n paragraphs a side from the fixture texts,
// aligned one to one.
func longPair(tb testing.TB, n int) *Data {
	files, _ := filepath.Glob("../testdata/align/*.txt")
	var fa, en []string
	for _, f := range files {
		d, err := corpus.ReadFile(f, corpus.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range d.Paragraphs {
			if d.Lang == corpus.LangFA {
				fa = append(fa, p.Text)
			} else {
				en = append(en, p.Text)
			}
		}
	}
	mk := func(id string, lang corpus.Lang, texts []string) *corpus.Document {
		d := &corpus.Document{ID: id, Lang: lang, Title: id}
		for i := 0; i < n; i++ {
			d.Paragraphs = append(d.Paragraphs, corpus.Paragraph{Index: i, Text: texts[i%len(texts)], Lang: lang})
		}
		return d
	}
	a, b := mk("long.fa.txt", corpus.LangFA, fa), mk("long.en.txt", corpus.LangEN, en)
	p := align.DocPair{FA: a.ID, EN: b.ID, Kind: align.Translation, Score: 1}
	for i := 0; i < n; i++ {
		p.Beads = append(p.Beads, align.Bead{A: []int{i}, B: []int{i}, Score: float64(i%10) / 10})
	}
	return &Data{Name: "long", Docs: []*corpus.Document{a, b}, Pairs: []align.DocPair{p}}
}

// BenchmarkPagerView measures one frame of the parallel view of a
// 5,000-paragraph pair while moving through it: the layout is made once
// per width, each frame draws only the rows in view.
func BenchmarkPagerView(b *testing.B) {
	for _, mode := range []BidiMode{BidiApp, BidiTerminal} {
		b.Run(mode.String(), func(b *testing.B) {
			m := New(Config{Bidi: mode})
			m.SetData(longPair(b, 5000))
			m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
			press(m, "enter")
			_ = m.View()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if i%100 == 99 {
					press(m, "g")
				}
				press(m, "j")
				_ = m.View()
			}
		})
	}
}

// BenchmarkPagerLayout measures drawing every row of the 5,000-paragraph
// pair at a new width, as after a resize.
func BenchmarkPagerLayout(b *testing.B) {
	m := New(Config{Bidi: BidiApp})
	m.SetData(longPair(b, 5000))
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
	press(m, "enter")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Update(tea.WindowSizeMsg{Width: 120 + i%2, Height: 45})
		_ = m.View()
	}
}

func ExampleParseBidiMode() {
	m, ok := ParseBidiMode("app")
	fmt.Println(m, ok)
	// Output: app true
}
