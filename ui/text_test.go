package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"

	"hamta/ui/rtl"
)

// drawLine draws text on one line through the text path, without styles.
func drawLine(mode BidiMode, text string, dir rtl.Direction) string {
	pt := newPainter(mode)
	return ansi.Strip(pt.line(pt.prepareText(text, dir), 1000, false, look{}))
}

// unshape turns presentation forms back into letters, keeping visual
// order: a lam-alef ligature becomes alef then lam, as they read left to
// right.
func unshape(s string) string {
	var b strings.Builder
	for _, r := range s {
		d := norm.NFKC.String(string(r))
		if r >= 0xFEF5 && r <= 0xFEFC {
			rs := []rune(d)
			d = string([]rune{rs[1], rs[0]})
		}
		b.WriteString(d)
	}
	return b.String()
}

func TestVisualOrder(t *testing.T) {
	tests := []struct {
		in   string
		dir  rtl.Direction
		want string
	}{
		{"abc def", rtl.LTR, "abc def"},
		{"سلام دنیا", rtl.RTL, "ایند مالس"},
		{"سلام 120 دنیا", rtl.RTL, "ایند 120 مالس"},
		{"«سلام»", rtl.RTL, "«مالس»"},
		{"Hamas (حماس) said", rtl.LTR, "Hamas (سامح) said"},
		{"سَلام", rtl.RTL, "مالسَ"}, // the fatha stays after its letter
		// The example: the number stays left to right, in place.
		{"foo رژیم ۱۲۰ کشور bar", rtl.LTR, "foo روشک ۱۲۰ میژر bar"},
		// ZWNJ takes no cell and stays with its word.
		{"می‌رود", rtl.RTL, "دوریم"},
		// Brackets pair and mirror.
		{"(الف) ب", rtl.RTL, "ب (فلا)"},
		{"abc (def) سلام", rtl.Auto, "abc (def) مالس"},
		{"سلام (def) abc", rtl.Auto, "abc (def) مالس"},
	}
	for _, tt := range tests {
		got := drawLine(BidiApp, tt.in, tt.dir)
		if u := unshape(got); u != tt.want {
			t.Errorf("app %q = %q (%q), want %q", tt.in, u, got, tt.want)
		}
		// Terminal mode keeps logical order between marks.
		term := strings.Trim(drawLine(BidiTerminal, tt.in, tt.dir), "\u200e\u200f")
		if term != rtl.SanitizeString(tt.in) {
			t.Errorf("terminal %q = %q", tt.in, term)
		}
	}
}

func TestWrapWidths(t *testing.T) {
	text := "می‌رود و سَلام می‌کند؛ a verylongwordthatmustbebrokenacrosslines 12345 لا"
	pt := newPainter(BidiApp)
	p := pt.prepareText(text, rtl.RTL)
	for w := 1; w < 30; w++ {
		for _, mode := range []BidiMode{BidiApp, BidiTerminal} {
			pt.mode = mode
			// In terminal mode the two direction marks of a line count
			// as a cell each (mlterm gives them one).
			want := w - pt.markCells(p)
			for _, l := range pt.block(p, w, look{}) {
				if got := ansi.StringWidth(l); got != want && !(want < 1 && got == 1) {
					t.Fatalf("%s width %d: line %q is %d cells", mode, w, l, got)
				}
			}
		}
	}
	q := pt.prepareText("\u200c\u064eب", rtl.RTL)
	if q.width(0, 3) != 1 {
		t.Errorf("ZWNJ and harakat must take no cell: %v", q.w)
	}
}

// TestSimpleRunes checks the fast path of clusterWidths against the
// grapheme clusters and widths the renderer uses.
func TestSimpleRunes(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if !simpleRune(r) {
			continue
		}
		s := string(r)
		if w := ansi.StringWidth(s); w != 1 {
			t.Errorf("%U is %d cells", r, w)
		}
		for _, next := range []rune{'a', 'ب', r} {
			if c, _ := ansi.FirstGraphemeCluster(s+string(next), ansi.GraphemeWidth); c != s {
				t.Errorf("%U joins %U in one cluster", r, next)
			}
		}
	}
	// Widths agree with the renderer's on mixed text, whichever path.
	for _, s := range []string{"می‌رود و سَلام", "a\u0301b", "👍🏽 ok", "e\u0301\u0301", "ﷺ x", "中文 لا", "\u0600\u0661"} {
		pt := newPainter(BidiTerminal)
		p := pt.prepareText(s, rtl.LTR)
		if got, want := p.width(0, len(p.runes)), ansi.StringWidth(s); got != want {
			t.Errorf("%q: %d cells, the renderer says %d", s, got, want)
		}
	}
}
