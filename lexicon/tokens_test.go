package lexicon

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"hamta/corpus"
)

// describe renders tokens as "surface=term" with /s for stopwords, /n
// for numbers and a leading + for a word joined to the previous one.
func describe(toks []Token) string {
	var parts []string
	for _, t := range toks {
		s := t.Surface + "=" + t.Term
		if t.Stop {
			s += "/s"
		}
		if t.Number {
			s += "/n"
		}
		if t.Joined {
			s = "+" + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestTokens(t *testing.T) {
	tests := []struct {
		text string
		lang corpus.Lang
		want string
	}{
		{"کتاب‌ها را خواندم", corpus.LangFA, "کتاب‌ها=کتاب +را=را/s +خواندم=خواندم"},
		{"کتاب ها و کتابهای", corpus.LangFA, "کتاب ها=کتاب +و=و/s +کتابهای=کتاب"},
		{"آتش‌بس، آتشبس و آتش بس", corpus.LangFA, "آتش‌بس=اتشبس آتشبس=اتشبس +و=و/s +آتش=اتش +بس=بس"},
		{"نمایندگان می شود", corpus.LangFA, "نمایندگان=نماینده +می شود=میشود/s"},
		{"رئيس جمهوري", corpus.LangFA, "رئيس=رییس +جمهوري=جمهور"},
		{"۵٫۹ ریشتر و ۱۲۰۰ چادر", corpus.LangFA, "۵٫۹=5.9/n +ریشتر=ریشتر +و=و/s +۱۲۰۰=1200/n +چادر=چادر"},
		{"۱۴٬۸۰۰ نفر (ICP-MS)", corpus.LangFA, "۱۴٬۸۰۰=14800/n +نفر=نفر ICP=icp +MS=ms"},
		{"Iran's negotiations in the Gaza Strip", corpus.LangEN, "Iran's=iran +negotiations=negoti +in=in/s +the=the/s +Gaza=gaza +Strip=strip"},
		{"1,200 tents, 4.3 magnitude; Yar-Ahmadi said.", corpus.LangEN, "1,200=1200/n +tents=tent 4.3=4.3/n +magnitude=magnitud Yar=yar +Ahmadi=ahmadi +said=said/s"},
		{"Tehran - Dushanbe", corpus.LangEN, "Tehran=tehran Dushanbe=dushanb"},
		{"", corpus.LangEN, ""},
	}
	for _, tt := range tests {
		if got := describe(Tokens(tt.text, tt.lang)); got != tt.want {
			t.Errorf("Tokens(%q)\n got  %s\n want %s", tt.text, got, tt.want)
		}
	}
}

func TestTokenOffsets(t *testing.T) {
	text := "«آتش‌بس» در نوار غزه; the U.S. 4,500 blankets"
	runes := []rune(text)
	for _, tok := range Tokens(text, corpus.LangFA) {
		if got := string(runes[tok.Start:tok.End]); got != tok.Surface {
			t.Errorf("rune span %d-%d is %q, surface %q", tok.Start, tok.End, got, tok.Surface)
		}
		if got := text[tok.ByteStart:tok.ByteEnd]; got != tok.Surface {
			t.Errorf("byte span is %q, surface %q", got, tok.Surface)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"کتاب ها", "می شود", "Iran's 1,200", "a-b", "۵٫۹", "x\xff y", "\u200cا\u200c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prevEnd, prevRune := 0, 0
		for _, tok := range Tokens(text, corpus.LangFA) {
			if tok.ByteStart < prevEnd || tok.ByteEnd <= tok.ByteStart || tok.ByteEnd > len(text) {
				t.Fatalf("token %+v out of order in %q", tok, text)
			}
			if tok.Start < prevRune || tok.End <= tok.Start {
				t.Fatalf("token %+v rune span out of order in %q", tok, text)
			}
			if n := utf8.RuneCountInString(text[:tok.ByteStart]); n != tok.Start {
				t.Fatalf("token %+v starts at rune %d", tok, n)
			}
			if n := utf8.RuneCountInString(text[:tok.ByteEnd]); n != tok.End {
				t.Fatalf("token %+v ends at rune %d", tok, n)
			}
			if tok.Term == "" && !tok.Stop {
				t.Fatalf("token %+v has no term", tok)
			}
			prevEnd, prevRune = tok.ByteEnd, tok.End
		}
	})
}

func ExampleTokens() {
	for _, t := range Tokens("آتش‌بس در نوار غزه", corpus.LangFA) {
		fmt.Println(t.Start, t.End, t.Surface, t.Term, t.Content())
	}
	// Output:
	// 0 6 آتش‌بس اتشبس true
	// 7 9 در در false
	// 10 14 نوار نوار true
	// 15 18 غزه غزه true
}
