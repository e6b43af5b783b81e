package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"hamta/align"
	"hamta/corpus"
	"hamta/ui/rtl"
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
			m, _ := newModel(b, longPair(b, 5000), 160, 45, mode)
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
	m, _ := newModel(b, longPair(b, 5000), 160, 45, BidiApp)
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

// BenchmarkPagerOpen measures opening the 5,000-paragraph pair: every
// paragraph sanitised, measured and given its bidi levels, then drawn at
// the window's width.
func BenchmarkPagerOpen(b *testing.B) {
	m, _ := newModel(b, longPair(b, 5000), 160, 45, BidiApp)
	b.ReportAllocs()
	for b.Loop() {
		press(m, "enter")
		_ = m.View()
		press(m, "esc")
	}
}

// BenchmarkLine measures one pane line of Persian with a number and a
// Latin word: reordered and shaped (app) or marked (terminal), from text
// already prepared, as a new width draws it.
func BenchmarkLine(b *testing.B) {
	text := "وزیر امور خارجه کشورمان در دیدار با اسماعیل هنیه (Haniyeh) گفت: آتش‌بس ۱۲۰ روزه"
	for _, mode := range []BidiMode{BidiApp, BidiTerminal} {
		b.Run(mode.String(), func(b *testing.B) {
			pt := newPainter(mode)
			p := pt.prepareText(text, rtl.RTL)
			b.ReportAllocs()
			for b.Loop() {
				_ = pt.line(p, 100, true, look{})
			}
		})
	}
}

// BenchmarkPrepare measures making a Persian paragraph ready for the
// screen: sanitising, measuring clusters and resolving bidi levels.
func BenchmarkPrepare(b *testing.B) {
	text := strings.Repeat("وزیر امور خارجه کشورمان در دیدار با اسماعیل هنیه (Haniyeh) گفت: آتش‌بس ۱۲۰ روزه. ", 4)
	pt := newPainter(BidiApp)
	b.ReportAllocs()
	for b.Loop() {
		_ = pt.prepareText(text, rtl.RTL)
	}
}
