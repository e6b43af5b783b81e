package ui

import (
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
	"golang.org/x/text/unicode/bidi"
)

// BidiMode says who puts right-to-left text in visual order.
type BidiMode int

const (
	// BidiAuto chooses from the environment.
	BidiAuto BidiMode = iota
	// BidiTerminal leaves the order to a terminal that applies the bidi
	// algorithm itself (VTE-based terminals, Konsole, mlterm).
	BidiTerminal
	// BidiApp reorders each wrapped line to visual order and right-aligns
	// Persian, for terminals that print text in logical order.
	BidiApp
)

// String names the mode as the --bidi flag does.
func (m BidiMode) String() string {
	switch m {
	case BidiTerminal:
		return "terminal"
	case BidiApp:
		return "app"
	}
	return "auto"
}

// ParseBidiMode reads a --bidi value.
func ParseBidiMode(s string) (BidiMode, bool) {
	switch s {
	case "auto", "":
		return BidiAuto, true
	case "terminal":
		return BidiTerminal, true
	case "app":
		return BidiApp, true
	}
	return BidiAuto, false
}

// ResolveBidi turns auto into terminal or app from the environment:
// terminals known to apply the bidi algorithm themselves get terminal,
// all others (xterm, kitty, Alacritty, Windows Terminal, tmux) app.
func ResolveBidi(m BidiMode, getenv func(string) string) BidiMode {
	if m != BidiAuto {
		return m
	}
	if getenv("TMUX") != "" || strings.HasPrefix(getenv("TERM"), "screen") || strings.HasPrefix(getenv("TERM"), "tmux") {
		return BidiApp
	}
	if getenv("VTE_VERSION") != "" || getenv("KONSOLE_VERSION") != "" || strings.HasPrefix(getenv("TERM"), "mlterm") {
		return BidiTerminal
	}
	return BidiApp
}

// glyph is one character of display text with its style flag.
type glyph struct {
	r  rune
	hl bool // highlighted (a search match)
}

// line is one display line: glyphs in the order they are drawn, and its
// width in terminal cells.
type line struct {
	g     []glyph
	width int
}

// runeWidth is the number of cells a rune takes: none for combining marks
// (harakat), ZWNJ and other format characters.
func runeWidth(r rune) int {
	if r < 0x300 {
		if r < 0x20 || r == 0x7f {
			return 0
		}
		return 1
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) {
		return 0
	}
	return runewidth.RuneWidth(r)
}

// glyphs turns text into glyphs, highlighting the rune ranges given.
func glyphs(text string, hl []span) []glyph {
	out := make([]glyph, 0, len(text))
	i, h := 0, 0
	for _, r := range text {
		for h < len(hl) && hl[h].end <= i {
			h++
		}
		out = append(out, glyph{r: r, hl: h < len(hl) && hl[h].start <= i && i < hl[h].end})
		i++
	}
	return out
}

// span is a highlighted range of runes [start, end).
type span struct{ start, end int }

// wrap breaks glyphs into lines of at most width cells, at spaces where it
// can and inside a word only when the word alone is wider. Spaces at line
// breaks are dropped. Lines keep logical order.
func wrap(gs []glyph, width int) []line {
	if width < 1 {
		width = 1
	}
	var out []line
	var cur []glyph
	curW := 0
	flush := func() {
		// Trailing spaces go.
		for len(cur) > 0 && cur[len(cur)-1].r == ' ' {
			cur = cur[:len(cur)-1]
			curW--
		}
		out = append(out, line{g: cur, width: curW})
		cur, curW = nil, 0
	}
	for i := 0; i < len(gs); {
		if gs[i].r == ' ' || gs[i].r == '\t' || gs[i].r == '\n' {
			if curW > 0 && curW+1 <= width {
				cur = append(cur, glyph{r: ' ', hl: gs[i].hl})
				curW++
			} else if curW > 0 {
				flush()
			}
			i++
			continue
		}
		// A word: up to the next space.
		j := i
		w := 0
		for j < len(gs) && gs[j].r != ' ' && gs[j].r != '\t' && gs[j].r != '\n' {
			w += runeWidth(gs[j].r)
			j++
		}
		if curW+w > width && curW > 0 {
			flush()
		}
		if w <= width {
			cur = append(cur, gs[i:j]...)
			curW += w
			i = j
			continue
		}
		// A word wider than the line: break it by cells.
		for ; i < j; i++ {
			rw := runeWidth(gs[i].r)
			if curW+rw > width && curW > 0 {
				flush()
			}
			cur = append(cur, gs[i])
			curW += rw
		}
	}
	if curW > 0 || len(out) == 0 {
		flush()
	}
	return out
}

// hasRTL reports whether a line holds right-to-left letters.
func hasRTL(gs []glyph) bool {
	for _, g := range gs {
		if g.r >= 0x0590 && (g.r <= 0x08FF || (g.r >= 0xFB1D && g.r <= 0xFEFF)) {
			return true
		}
	}
	return false
}

// visual reorders one line from logical to visual order with the Unicode
// bidi algorithm, base direction rtl or ltr: runs are laid out by their
// levels, right-to-left runs reversed with combining marks kept after
// their letters and brackets mirrored.
func visual(l line, rtl bool) line {
	if !hasRTL(l.g) && !rtl {
		return l
	}
	rs := make([]rune, len(l.g))
	for i, g := range l.g {
		rs[i] = g.r
	}
	var p bidi.Paragraph
	dir := bidi.LeftToRight
	if rtl {
		dir = bidi.RightToLeft
	}
	if _, err := p.SetString(string(rs), bidi.DefaultDirection(dir)); err != nil {
		return l
	}
	o, err := p.Order()
	if err != nil || o.NumRuns() == 0 {
		return l
	}
	type run struct {
		g   []glyph
		rtl bool
	}
	var runs []run
	pos := 0
	for i := 0; i < o.NumRuns(); i++ {
		r := o.Run(i)
		start, end := r.Pos()
		// Pos counts runes; guard against any mismatch.
		start, end = max(start, pos), min(end+1, len(l.g))
		if start >= end {
			continue
		}
		runs = append(runs, run{g: l.g[start:end], rtl: r.Direction() == bidi.RightToLeft})
		pos = end
	}
	if pos < len(l.g) {
		runs = append(runs, run{g: l.g[pos:], rtl: rtl})
	}
	if rtl {
		for i, j := 0, len(runs)-1; i < j; i, j = i+1, j-1 {
			runs[i], runs[j] = runs[j], runs[i]
		}
	}
	out := make([]glyph, 0, len(l.g))
	for _, r := range runs {
		if r.rtl {
			out = append(out, reverseClusters(r.g)...)
		} else {
			out = append(out, r.g...)
		}
	}
	return line{g: out, width: l.width}
}

// reverseClusters reverses glyphs keeping each letter's combining marks
// and joiners after it, and mirrors brackets.
func reverseClusters(gs []glyph) []glyph {
	var clusters [][]glyph
	for i := 0; i < len(gs); {
		j := i + 1
		for j < len(gs) && runeWidth(gs[j].r) == 0 {
			j++
		}
		clusters = append(clusters, gs[i:j])
		i = j
	}
	out := make([]glyph, 0, len(gs))
	for k := len(clusters) - 1; k >= 0; k-- {
		for _, g := range clusters[k] {
			g.r = mirrorRune(g.r)
			out = append(out, g)
		}
	}
	return out
}

// mirrorRune returns a bracket's mirror image, as right-to-left text shows
// it, and other runes as they are.
func mirrorRune(r rune) rune {
	switch r {
	case '(':
		return ')'
	case ')':
		return '('
	case '[':
		return ']'
	case ']':
		return '['
	case '{':
		return '}'
	case '}':
		return '{'
	case '<':
		return '>'
	case '>':
		return '<'
	case '«':
		return '»'
	case '»':
		return '«'
	case '‹':
		return '›'
	case '›':
		return '‹'
	}
	return r
}
