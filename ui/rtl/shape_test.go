package rtl

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func shapeString(s string, rtl bool) string {
	rs := []rune(s)
	lv := make([]Level, len(rs))
	if rtl {
		for i := range lv {
			lv[i] = 1
		}
	}
	var b strings.Builder
	for _, r := range Shape(rs, lv, nil) {
		if r != 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestShape(t *testing.T) {
	tests := []struct{ in, want string }{
		// seen, lam-alef final, meem isolated (alef does not join forward)
		{"سلام", "\uFEB3\uFEFC\uFEE1"},
		// ZWNJ breaks the join and stays; reh, waw, dal join only backwards
		{"می\u200cرود", "\uFEE3\uFBFD\u200c\uFEAD\uFEED\uFEA9"},
		// harakat are transparent: seen still joins lam
		{"سَلام", "\uFEB3\u064e\uFEFC\uFEE1"},
		// Persian letters: peh, tcheh, jeh, gaf, keheh, farsi yeh
		{"پچژ", "\uFB58\uFB7D\uFB8B"},
		{"گکی", "\uFB94\uFB91\uFBFD"},
		{"ی", "\uFBFC"},
		{"ک", "\uFB8E"},
		{"ژ", "\uFB8A"},
		// lam-alef alone is the isolated ligature, one rune
		{"لا", "\uFEFB"},
		{"لآ", "\uFEF5"},
		// tatweel and ZWJ cause joins
		{"بـ", "\uFE91\u0640"},
		{"ب\u200d", "\uFE91\u200d"},
		// Latin and digits break joins and are kept
		{"ب1ب", "\uFE8F1\uFE8F"},
		{"abc", "abc"},
		// heh and teh marbuta
		{"مهه", "\uFEE3\uFEEC\uFEEA"},
		{"کلمه‌ای", "\uFB90\uFEE0\uFEE4\uFEEA\u200c\uFE8D\uFBFC"},
	}
	for _, tt := range tests {
		if got := shapeString(tt.in, true); got != tt.want {
			t.Errorf("Shape(%q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
	// Letters at different levels do not join.
	rs := []rune("بب")
	got := Shape(rs, []Level{1, 3}, nil)
	if got[0] != 0xFE8F || got[1] != 0xFE8F {
		t.Errorf("letters at levels 1 and 3 joined: %+q", string(got))
	}
}

// TestJoiningTable checks the joining types against ArabicShaping.txt.
func TestJoiningTable(t *testing.T) {
	f := ucdFile(t, "ArabicShaping.txt")
	s := bufio.NewScanner(f)
	n := 0
	for s.Scan() {
		line, _, _ := strings.Cut(s.Text(), "#")
		fields := strings.Split(line, ";")
		if len(fields) < 3 {
			continue
		}
		r, err := strconv.ParseUint(strings.TrimSpace(fields[0]), 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]Joining{"U": NonJoining, "R": RightJoining, "L": LeftJoining, "D": DualJoining, "C": JoinCausing, "T": Transparent}[strings.TrimSpace(fields[2])]
		if got := JoiningOf(rune(r)); got != want {
			t.Errorf("U+%04X: joining %d, want %d (%s)", r, got, want, line)
		}
		n++
	}
	if n < 500 {
		t.Errorf("only %d joining types read", n)
	}
	for _, r := range []rune{0x064E, 0x0670, 0x200B} { // fatha, superscript alef, ZWSP (Cf)
		if JoiningOf(r) != Transparent {
			t.Errorf("U+%04X is not transparent", r)
		}
	}
}

// TestPresentationForms checks the forms against the <isolated>,
// <final>, <initial> and <medial> decompositions of UnicodeData.txt.
func TestPresentationForms(t *testing.T) {
	f := ucdFile(t, "BidiMirroring.txt") // the version check
	f.Close()
	data := ucdFile(t, "UnicodeData.txt")
	s := bufio.NewScanner(data)
	kinds := map[string]Form{"<isolated>": Isolated, "<final>": Final, "<initial>": Initial, "<medial>": Medial}
	type key struct {
		r rune
		f Form
	}
	listed := map[key][]rune{}
	for s.Scan() {
		fields := strings.Split(s.Text(), ";")
		code, _ := strconv.ParseUint(fields[0], 16, 32)
		d := strings.Fields(fields[5])
		if code < 0xFB50 || code > 0xFEFF || len(d) != 2 {
			continue
		}
		k, ok := kinds[d[0]]
		base, _ := strconv.ParseUint(d[1], 16, 32)
		if ok && base >= 0x0600 && base <= 0x06FF {
			listed[key{rune(base), k}] = append(listed[key{rune(base), k}], rune(code))
		}
	}
	if len(listed) < 200 {
		t.Fatalf("only %d forms read", len(listed))
	}
	for k, codes := range listed {
		got := PresentationForm(k.r, k.f)
		found := false
		for _, c := range codes {
			found = found || c == got
		}
		if !found {
			t.Errorf("U+%04X form %d: %U, want one of %U", k.r, k.f, got, codes)
		}
	}
	// Every letter of the Persian alphabet has its forms.
	for _, r := range "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی" {
		forms := 4
		if JoiningOf(r) == RightJoining {
			forms = 2
		}
		for f := range Form(forms) {
			if PresentationForm(r, f) == r {
				t.Errorf("%c has no form %d", r, f)
			}
		}
	}
}

func TestMirror(t *testing.T) {
	for in, want := range map[rune]rune{'(': ')', ']': '[', '«': '»', '›': '‹', '<': '>', 'a': 'a', '∈': '∋'} {
		if got := Mirror(in); got != want {
			t.Errorf("Mirror(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"red \x1b[31mtext\x1b[0m here", "red text here"},
		{"title \x1b]0;owned\x07after", "title after"},
		{"title \x1b]2;owned\x1b\\after", "title after"},
		{"dcs \x1bPq#0;2;0;0;0\x1b\\x", "dcs x"},
		{"c1 \u009b31mred", "c1 red"},
		{"osc8 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "osc8 link"},
		{"keypad \x1b=on \x1b(B", "keypad on "},
		{"bell\x07 nul\x00 del\x7f", "bell nul del"},
		{"a\tb", "a    b"},
		{"line\nbreak\r\n", "line break  "},
		{"\u202eevil\u202c \u2067iso\u2069", "evil iso"},
		{"می\u200cرود \u200e \u200f \u200d", "می\u200cرود \u200e \u200f \u200d"},
		{"cut \x1b[31", "cut "},
		{"unterminated \x1b]0;title", "unterminated "},
		{"\x1b", ""},
	}
	for _, tt := range tests {
		if got := SanitizeString(tt.in); got != tt.want {
			t.Errorf("SanitizeString(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Sources are rune indices of the input.
	var srcs []int
	Sanitize("a\x1b[1mب", func(r rune, src int) { srcs = append(srcs, src) })
	if fmt.Sprint(srcs) != "[0 5]" {
		t.Errorf("sources %v, want [0 5]", srcs)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "\x1b]0;t\x07", "\u009b1m", "\u202e", "می‌رود\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := SanitizeString(s)
		for _, r := range out {
			if r < 0x20 || (r >= 0x7F && r <= 0x9F) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("%q kept %U", s, r)
			}
		}
	})
}
