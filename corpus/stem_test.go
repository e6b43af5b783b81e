package corpus

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStemFA(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		// Plurals, joined, with a non-joiner, and with the ezafe.
		{"کشورها", []string{"کشور"}},
		{"کشورهای", []string{"کشور"}},
		{"کشور‌های", []string{"کشور"}},
		{"کتاب‌ها", []string{"کتاب"}},
		{"کتابهای", []string{"کتاب"}},
		{"کتابهایی", []string{"کتاب"}},
		{"کتاب‌هایشان", []string{"کتاب"}},
		{"كتابهايش", []string{"کتاب"}},
		{"دانشجویان", []string{"دانشجو"}},
		{"آقایان", []string{"اقا"}},
		{"کودکان", []string{"کودک"}},
		{"مردان", []string{"مرد"}},
		{"دوستان", []string{"دوست"}},
		{"نمایندگان", []string{"نماینده"}},
		{"اطلاعات", []string{"اطلاع", "اطلاعه"}},
		{"مذاکرات", []string{"مذاکر", "مذاکره"}},
		{"انتخابات", []string{"انتخاب", "انتخابه"}},
		{"ایرانیان", []string{"ایران"}},
		{"فلسطینیان", []string{"فلسطین"}},
		{"آمریکایی‌ها", []string{"امریکا"}},
		// Comparative and superlative.
		{"بزرگتر", []string{"بزرگ"}},
		{"بزرگ‌ترین", []string{"بزرگ"}},
		{"بهترین", []string{"به"}},
		{"ساده‌تر", []string{"ساده"}},
		// Clitics.
		{"کشورشان", []string{"کشور"}},
		{"خانه‌ام", []string{"خانه"}},
		{"خانه‌اش", []string{"خانه"}},
		{"کتاب‌های‌شان", []string{"کتاب"}},
		// Ezafe and indefinite yeh.
		{"آقای", []string{"اقا"}},
		{"دانشجوی", []string{"دانشجو"}},
		{"خانه‌ی", []string{"خانه"}},
		{"خانهٔ", []string{"خانه"}},
		{"خانۀ", []string{"خانه"}},
		{"هسته‌ای", []string{"هسته"}},
		{"رسانه‌ای", []string{"رسانه"}},
		{"دانشجویی", []string{"دانشجو"}},
		{"ایرانی", []string{"ایران"}},
		{"اسلامی", []string{"اسلام"}},
		{"زندگی", []string{"زنده"}},
		{"آمادگی", []string{"اماده"}},
		{"فرهنگی", []string{"فرهنگ"}},
		{"رفته‌اند", []string{"رفته"}},
		// Words that end in what looks like a suffix but carry none.
		{"خانه", []string{"خانه"}},
		{"دانشگاه", []string{"دانشگاه"}},
		{"ایران", []string{"ایران"}},
		{"تهران", []string{"تهران"}},
		{"زمان", []string{"زمان"}},
		{"جهان", []string{"جهان"}},
		{"سازمان", []string{"سازمان"}},
		{"ساختمان", []string{"ساختمان"}},
		{"افغانستان", []string{"افغانستان"}},
		{"بیمارستان", []string{"بیمارستان"}},
		{"داستان", []string{"داستان"}},
		{"نگهبان", []string{"نگهبان"}},
		{"دختر", []string{"دختر"}},
		{"دفتر", []string{"دفتر"}},
		{"دکتر", []string{"دکتر"}},
		{"کیلومتر", []string{"کیلومتر"}},
		{"تنها", []string{"تنها"}},
		{"بازی", []string{"بازی"}},
		{"کشتی", []string{"کشتی"}},
		{"ملی", []string{"ملی"}},
		{"علی", []string{"علی"}},
		{"مهدی", []string{"مهدی"}},
		{"برای", []string{"برای"}},
		{"رای", []string{"رای"}},
		{"ملاقات", []string{"ملاقات"}},
		{"حیات", []string{"حیات"}},
		{"گروگان", []string{"گروگان"}},
		{"گزارش", []string{"گزارش"}},
		{"افزایش", []string{"افزایش"}},
		{"مردم", []string{"مردم"}},
		{"دولت", []string{"دولت"}},
		{"درخشان", []string{"درخشان"}},
		{"ریشتر", []string{"ریشتر"}},
		{"لرستان", []string{"لرستان"}},
		{"الریان", []string{"الریان"}},
		{"آتش‌بس", []string{"اتشبس"}},
		{"می‌رود", []string{"میرود"}},
		// Never below two letters.
		{"ها", []string{"ها"}},
		{"نان", []string{"نان"}},
		{"زنان", []string{"زنان"}},
		{"جوی", []string{"جوی"}},
		{"", []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := stems(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("StemFA(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestStemFAForms checks that the ways a word is written (joined, with a
// non-joiner, Arabic letters) stem alike.
func TestStemFAForms(t *testing.T) {
	groups := [][]string{
		{"کتاب", "کتاب‌ها", "کتابها", "کتاب‌های", "کتابهای", "کتابهایی", "كتابها"},
		{"کشور", "کشورها", "کشورهای", "کشور‌ها", "کشورهایشان"},
		{"دانشجو", "دانشجویان", "دانشجوی", "دانشجویی"},
		{"ایران", "ایرانی", "ایرانیان", "ایرانی‌ها"},
	}
	for _, g := range groups {
		want, _ := StemFA(g[0])
		for _, w := range g[1:] {
			if got := stems(w); !slices.Contains(got, want) {
				t.Errorf("StemFA(%q) = %q, want it to hold %q, the stem of %q", w, got, want, g[0])
			}
		}
	}
}

// stems lists the stem and, when there is one, the other stem of a word.
func stems(w string) []string {
	s, alt := StemFA(w)
	if alt != "" {
		return []string{s, alt}
	}
	return []string{s}
}

func TestIsSuffixFA(t *testing.T) {
	for _, w := range []string{"ها", "های", "ترین", "تر", "اند"} {
		if !IsSuffixFA(w) {
			t.Errorf("IsSuffixFA(%q) = false", w)
		}
	}
	for _, w := range []string{"کتاب", "هان", "", "book"} {
		if IsSuffixFA(w) {
			t.Errorf("IsSuffixFA(%q) = true", w)
		}
	}
}

func FuzzStemFA(f *testing.F) {
	for _, s := range []string{"کتاب‌هایشان", "ایرانیان", "اطلاعات", "زندگی", "ها", "\u200c", "a\u200cها", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		stems := stems(w)
		folded := Fold(strings.ReplaceAll(strings.ToValidUTF8(w, "\uFFFD"), "\u200c", ""))
		for _, s := range stems {
			if !utf8.ValidString(s) {
				t.Fatalf("StemFA(%q) gave invalid UTF-8 %q", w, s)
			}
			if s == folded {
				continue
			}
			// A stem is the folded word cut short (a heh may end it), and
			// keeps at least two letters.
			if utf8.RuneCountInString(s) < 2 {
				t.Fatalf("StemFA(%q) = %q: stem below two letters", w, stems)
			}
			if !strings.HasPrefix(folded, strings.TrimSuffix(s, "ه")) {
				t.Fatalf("StemFA(%q) = %q: %q is not a prefix of %q", w, stems, s, folded)
			}
		}
	})
}

func BenchmarkStemFA(b *testing.B) {
	words := strings.Fields("وزیر امور خارجه کشورمان که روز یکشنبه در رأس یک هیئت سیاسی و اقتصادی وارد شهر دوشنبه شده بود با همتای تاجیک خود دیدار و درباره گسترش روابط دوجانبه و تحولات منطقه گفت‌وگو کرد کتاب‌هایشان دانشجویان")
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			StemFA(w)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(words)), "ns/word")
}
