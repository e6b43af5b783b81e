package corpus

import (
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii lower", "hello world", "hello world"},
		{"ascii upper", "Haniyeh, US", "haniyeh, us"},
		{"latin accents", "Café Élysée", "cafe elysee"},
		{"zwnj removed", "آتش‌بس", "اتشبس"},
		{"no zwnj", "آتشبس", "اتشبس"},
		{"persian digits", "۱۲۰ کشور", "120 کشور"},
		{"arabic-indic digits", "١٢٠", "120"},
		{"separators", "۱۴٬۸۰۰ و ۳٫۵", "14,800 و 3.5"},
		{"arabic yeh and kaf", "يك كشور", "یک کشور"},
		{"alef maksura", "موسى", "موسی"},
		{"teh marbuta", "مدرسة", "مدرسه"},
		{"heh with yeh", "خانۀ", "خانه"},
		{"alef variants", "أحمد إيران آمریکا ٱلله", "احمد ایران امریکا الله"},
		{"hamza on waw and yeh", "رؤیا مسئول", "رویا مسیول"},
		{"harakat", "سَلامٌ", "سلام"},
		{"tatweel", "ســلام", "سلام"},
		{"presentation forms", "ﻻ ﷲ", "لا الله"},
		{"punctuation", "چرا؟ آری؛ بله، نه", "چرا? اری; بله, نه"},
		{"spaces", "a\u00a0b\tc\u2002d", "a b c d"},
		{"invisible marks", "\u200fمتن\u200e\ufeff", "متن"},
		{"invalid utf-8", "ab\xffcd", "ab\ufffdcd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldEquivalences(t *testing.T) {
	same := [][]string{
		{"آتش‌بس", "آتشبس", "اتشبس"},
		{"رئیس‌جمهور", "رئيسجمهور", "رئیسجمهور"},
		{"۱۲۰", "١٢٠", "120"},
		{"کشور", "كشور"},
		{"ایالات", "ايالات"},
		{"Gaza", "GAZA", "gaza"},
	}
	for _, group := range same {
		want := Fold(group[0])
		for _, s := range group[1:] {
			if got := Fold(s); got != want {
				t.Errorf("Fold(%q) = %q, Fold(%q) = %q: want equal", s, got, group[0], want)
			}
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"آتش‌بس", "Haniyeh ۱۲۰", "\xff\xfe", "İ", "ﷺ", "한국어", "ٶٷٸ", "کتابها"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, got)
		}
		if slow := foldSlow(s); slow != got {
			t.Fatalf("Fold(%q) = %q, but the full path gives %q", s, got, slow)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold not idempotent: Fold(%q) = %q, Fold of that = %q", s, got, again)
		}
	})
}

// TestFoldFastPath checks the shortcut for already-folded text against the
// full path on every rune of the Arabic block.
func TestFoldFastPath(t *testing.T) {
	var runes []rune
	for r := rune(0); r < 0x0800; r++ {
		runes = append(runes, r)
	}
	for r := rune(0x2000); r < 0x2070; r++ {
		runes = append(runes, r)
	}
	runes = append(runes, 0xFEFF, 0xFFFD)
	for _, r := range runes {
		for _, s := range []string{string(r), "ب" + string(r) + "ت"} {
			if got, want := Fold(s), foldSlow(s); got != want {
				t.Errorf("Fold(%q) = %q, full path %q (%U)", s, got, want, r)
			}
		}
	}
}

func TestNormalizeNumber(t *testing.T) {
	tests := map[string]string{"14,800": "14800", "1.000.000": "1000000", "3.5": "3.5", "007": "7", "0": "0", ".5": "0.5", "1'000": "1000", "12.34.5": "12.34.5"}
	for in, want := range tests {
		if got := NormalizeNumber(in); got != want {
			t.Errorf("NormalizeNumber(%q) = %q, want %q", in, got, want)
		}
	}
}
