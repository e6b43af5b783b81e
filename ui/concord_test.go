package ui

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"hamta/concord"
	"hamta/corpus"
	"hamta/ui/rtl"
)

func concordOf(t testing.TB, m *Model) *concordScreen {
	t.Helper()
	s, ok := m.active().(*concordScreen)
	if !ok {
		t.Fatalf("screen in front is %T, not the concordance", m.active())
	}
	return s
}

// TestConcordScreen: ctrl+o in search opens the concordance of the hit's
// word; the sort keys order the lines; choosing a rendering in the table
// filters them; enter opens the bead with the keyword and its
// translation highlighted; esc comes back.
func TestConcordScreen(t *testing.T) {
	m := newTestModel(t, 120, 40, BidiApp)
	runSearch(t, m, "ceasefire")
	press(m, "ctrl+o")
	s := concordOf(t, m)
	if s.word != "ceasefire" || len(s.all) < 5 || s.loading {
		t.Fatalf("concordance of %q: %d lines", s.word, len(s.all))
	}
	for _, l := range s.all {
		if corpus.Fold(l.Key) != "ceasefire" || l.Lang != corpus.LangEN {
			t.Errorf("line key %q lang %s", l.Key, l.Lang)
		}
	}
	if !strings.Contains(frameText(m), "concordance of ceasefire") || !strings.Contains(frameText(m), "renderings") {
		t.Errorf("frame:\n%s", frameText(m))
	}

	// Sorting.
	for k, by := range map[string]concord.Sort{"r": concord.ByRight, "l": concord.ByLeft, "d": concord.ByDoc} {
		press(m, k)
		want := slices.Clone(s.all)
		concord.SortLines(want, by)
		if s.order != by || !slices.EqualFunc(s.lines, want, func(a, b concord.Line) bool { return a.Doc == b.Doc && a.Para == b.Para && a.Left == b.Left }) {
			t.Errorf("%s: lines not sorted by %s", k, by)
		}
	}

	// The renderings, most frequent first; the first filters.
	if len(s.rends) < 2 || s.rends[0].Count < s.rends[1].Count {
		t.Fatalf("renderings %+v", s.rends)
	}
	press(m, "tab")
	if !s.table || !strings.Contains(m.statusBar(), "show only this rendering") {
		t.Errorf("tab did not give the table the keys: %s", m.statusBar())
	}
	press(m, "j", "enter")
	if s.table || s.filter != 1 || len(s.lines) != s.rends[0].Count {
		t.Fatalf("filter: table %v filter %d, %d lines for %+v", s.table, s.filter, len(s.lines), s.rends[0])
	}
	for _, l := range s.lines {
		if !l.Is(s.rends[0]) {
			t.Errorf("filtered line rendered %q, want %q", l.Counterpart.Spotted(), s.rends[0].Text)
		}
	}
	if !strings.Contains(frameText(m), "showing") {
		t.Errorf("no filter in the head:\n%s", frameText(m))
	}

	// enter opens the bead: the keyword and the spotted translation lit.
	press(m, "down")
	l := s.lines[s.cursor]
	press(m, "enter")
	p := pagerOf(t, m)
	row := p.rows[p.cursor]
	if !slices.Contains(row.b, l.Para) || p.focus != 1 {
		t.Errorf("cursor on row %+v, want English ¶%d", row, l.Para)
	}
	start := utf8.RuneCountInString(l.Left)
	if hl := p.hl[[2]int{1, l.Para}]; len(hl) != 1 || hl[0] != (span{start, start + utf8.RuneCountInString(l.Key)}) {
		t.Errorf("keyword highlight %v", hl)
	}
	if c := l.Counterpart; c != nil && len(c.Spot) > 0 {
		lit := 0
		for _, para := range c.Paras {
			lit += len(p.hl[[2]int{0, para}])
		}
		if lit == 0 {
			t.Errorf("spotted translation not lit in %v", c.Paras)
		}
	}
	press(m, "esc")
	if concordOf(t, m) != s || s.filter != 1 {
		t.Errorf("esc did not come back to the same concordance")
	}
	press(m, "esc")
	if searchOf(t, m) != m.active() {
		t.Errorf("esc from the concordance: %T", m.active())
	}
}

// TestConcordFromPager: in the parallel view w selects a word and o opens
// its concordance; o alone takes the word a search highlighted.
func TestConcordFromPager(t *testing.T) {
	m := newTestModel(t, 120, 40, BidiApp)
	press(m, "enter")
	p := pagerOf(t, m)
	press(m, "j", "j")
	words := p.rowWords()
	if len(words) < 3 {
		t.Fatalf("%d words in the row", len(words))
	}
	press(m, "w", "w", "w", "b")
	if p.word == nil || p.word.start != words[1].start {
		t.Fatalf("w w w b selected %+v, want the second word %+v", p.word, words[1])
	}
	want := p.wordText(p.word.side, p.word.para, p.word.start, p.word.end)
	press(m, "b", "b")
	if p.word.start != words[len(words)-1].start {
		t.Errorf("b from the first word did not go round to the last")
	}
	press(m, "w", "w")
	press(m, "o")
	s := concordOf(t, m)
	if s.word != want || len(s.all) == 0 {
		t.Errorf("o: concordance of %q (%d lines), want %q", s.word, len(s.all), want)
	}
	for _, l := range s.all {
		if l.Lang != corpus.DetectLang(want) {
			t.Errorf("line in %s for %q", l.Lang, want)
		}
	}
	// Moving the cursor lets go of the word.
	press(m, "esc", "j")
	if p.word != nil {
		t.Errorf("the word stayed selected on another row")
	}

	// o on a hit opened from search: the highlighted word.
	m = newTestModel(t, 120, 40, BidiApp)
	runSearch(t, m, "هنیه")
	press(m, "enter", "o")
	if s := concordOf(t, m); corpus.Fold(s.word) != corpus.Fold("هنیه") {
		t.Errorf("o after a search: concordance of %q", s.word)
	}
	// With no word chosen, o selects the first and says how to go on.
	m = newTestModel(t, 120, 40, BidiApp)
	press(m, "enter", "o")
	if pagerOf(t, m).word == nil || !strings.Contains(m.note.text, "w and b") {
		t.Errorf("o with nothing chosen: %q", m.note.text)
	}
}

// TestKWICColumn: the keyword stands in one column in every line of both
// languages and both bidi modes: in a left-to-right line it starts the
// same number of cells from the left, in a right-to-left line it ends the
// same number of cells from the right.
func TestKWICColumn(t *testing.T) {
	for _, mode := range []BidiMode{BidiApp, BidiTerminal} {
		for _, word := range []string{"آتش‌بس", "ceasefire", "غزه"} {
			m := newTestModel(t, 100, 30, mode)
			runSearch(t, m, word)
			press(m, "ctrl+o")
			s := concordOf(t, m)
			if len(s.all) < 3 {
				t.Fatalf("%s: %d lines", word, len(s.all))
			}
			const width, keyW = 70, 12
			leftW := (width - keyW) / 2
			if mode == BidiTerminal {
				leftW = (width - 2 - keyW) / 2
			}
			for _, l := range s.all {
				line := s.kwic(l, width, keyW)
				key := strings.Index(line, "\x1b[") // the keyword is the one styled run
				if key < 0 {
					t.Fatalf("%s %s: no keyword in %q", mode, word, line)
				}
				cells := cellsWithMarks(line, mode)
				if cells != width {
					t.Errorf("%s %s: line of %d cells, want %d: %q", mode, word, cells, width, ansi.Strip(line))
				}
				before := cellsWithMarks(line[:key], mode)
				k := fitHead(rtl.SanitizeString(oneSpace(l.Key)), keyW)
				keyCells := cellsOf(k) - ligatures(k)
				switch {
				case mode == BidiTerminal:
					// Logical order: the marks and the padding, then the
					// words before in exactly leftW cells.
					lead := len(line[:key]) - len(strings.TrimLeft(line[:key], " "))
					mark := 0
					if strings.ContainsRune(line, rlm) || strings.ContainsRune(line, lrm) {
						mark = 1
					}
					if got := before - lead - mark; got != leftW {
						t.Errorf("%s %s: %d cells before the keyword, want %d: %q", mode, word, got, leftW, ansi.Strip(line))
					}
				case l.Lang == corpus.LangFA:
					if got := before + keyCells; got != width-leftW {
						t.Errorf("%s %s: keyword ends at %d, want %d: %q", mode, word, got, width-leftW, ansi.Strip(line))
					}
				default:
					if before != leftW {
						t.Errorf("%s %s: keyword starts at %d, want %d: %q", mode, word, before, leftW, ansi.Strip(line))
					}
				}
			}
		}
	}
}

// cellsWithMarks is the cells a drawn line takes, a direction mark one in
// terminal mode.
func cellsWithMarks(s string, mode BidiMode) int {
	n := ansi.StringWidth(s)
	if mode == BidiTerminal {
		n += strings.Count(s, string(lrm)) + strings.Count(s, string(rlm))
	}
	return n
}

// TestConcordStaleHits: ctrl+o while the typed query is still being
// searched takes the typed words, not a word of the older query's hits.
func TestConcordStaleHits(t *testing.T) {
	m := newTestModel(t, 120, 40, BidiApp)
	runSearch(t, m, "هنیه")
	s := searchOf(t, m)
	if len(s.hits) == 0 {
		t.Fatal("no hits for هنیه")
	}
	// The hits stay on screen while a newer query is on its way.
	s.input.SetValue("Doha")
	m.Update(keyMsg("ctrl+o"))
	if c := concordOf(t, m); c.word != "Doha" {
		t.Errorf("ctrl+o over the hits of an older query: concordance of %q, want Doha", c.word)
	}
}
