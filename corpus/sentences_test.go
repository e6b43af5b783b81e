package corpus

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func sentenceTexts(text string, lang Lang) []string {
	var out []string
	for _, s := range SplitSentences(text, lang) {
		out = append(out, s.Text(text))
	}
	return out
}

func TestSplitSentencesPersian(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"full stops", "زلزله ساعت ۴ رخ داد. ۱۴ نفر کشته شدند.",
			[]string{"زلزله ساعت ۴ رخ داد.", "۱۴ نفر کشته شدند."}},
		{"question and exclamation", "آیا آتش‌بس ادامه می‌یابد؟ هیچ‌کس نمی‌داند! اما امید هست.",
			[]string{"آیا آتش‌بس ادامه می‌یابد؟", "هیچ‌کس نمی‌داند!", "اما امید هست."}},
		{"doubled marks", "واقعاً؟! باور نمی‌کنم.", []string{"واقعاً؟!", "باور نمی‌کنم."}},
		{"quote closes the sentence", "طاهرخانی گفت: «۸۷ نفر بستری هستند.» وی افزود حال ۶ نفر وخیم است.",
			[]string{"طاهرخانی گفت: «۸۷ نفر بستری هستند.»", "وی افزود حال ۶ نفر وخیم است."}},
		{"two sentences inside a quote", "او گفت: «کار تمام نشده است. باید امتیاز بگیریم.» سپس رفت.",
			[]string{"او گفت: «کار تمام نشده است.", "باید امتیاز بگیریم.»", "سپس رفت."}},
		{"quote then full stop", "آن را «شکننده» خواند. نرخ بالا ماند.",
			[]string{"آن را «شکننده» خواند.", "نرخ بالا ماند."}},
		{"Persian decimal separator", "تورم به ۳۱٫۷ درصد رسید. این کاهش ادامه دارد.",
			[]string{"تورم به ۳۱٫۷ درصد رسید.", "این کاهش ادامه دارد."}},
		{"dot as decimal point in Persian digits", "بزرگی آن ۵.۹ ریشتر بود. خسارت زیاد است.",
			[]string{"بزرگی آن ۵.۹ ریشتر بود.", "خسارت زیاد است."}},
		{"ASCII decimal in Persian", "نرخ 3.5 درصد شد. بازار آرام است.",
			[]string{"نرخ 3.5 درصد شد.", "بازار آرام است."}},
		{"number ends a sentence", "نرخ تورم در سال ۱۴۰۳. این رقم بالاست.",
			[]string{"نرخ تورم در سال ۱۴۰۳.", "این رقم بالاست."}},
		{"initialism of the Islamic Republic", "نماینده ج.ا.ا در سازمان ملل سخنرانی کرد. وی گفت.",
			[]string{"نماینده ج.ا.ا در سازمان ملل سخنرانی کرد.", "وی گفت."}},
		{"initialism closed with a dot", "در سال ۵۵۰ ق.م. کوروش بابل را گشود. این رویداد مهم بود.",
			[]string{"در سال ۵۵۰ ق.م. کوروش بابل را گشود.", "این رویداد مهم بود."}},
		{"initial of a name", "م. رضایی این کتاب را نوشت. کتاب خوبی است.",
			[]string{"م. رضایی این کتاب را نوشت.", "کتاب خوبی است."}},
		{"ellipsis ends a sentence", "او ساکت ماند… سپس رفت.", []string{"او ساکت ماند…", "سپس رفت."}},
		{"three dots end a sentence", "او ساکت ماند... سپس رفت.", []string{"او ساکت ماند...", "سپس رفت."}},
		{"ellipsis standing for the rest of a list", "سیب، پرتقال و ... را خرید. بعد رفت.",
			[]string{"سیب، پرتقال و ... را خرید.", "بعد رفت."}},
		{"no space after the full stop", "حادثه رخ داد.وی گفت خسارت زیاد است.",
			[]string{"حادثه رخ داد.", "وی گفت خسارت زیاد است."}},
		{"no space after the question mark", "چه شد؟وی پاسخ نداد.", []string{"چه شد؟", "وی پاسخ نداد."}},
		{"Arabic letter forms, no ZWNJ", "رئيس جمهوري گفت. آتشبس برقرار است.",
			[]string{"رئيس جمهوري گفت.", "آتشبس برقرار است."}},
		{"line breaks inside a sentence", "وزیر امور خارجه در دیدار با\nهمتای خود گفت:\n\nروابط گسترش می‌یابد. دیدار\nپایان یافت.",
			[]string{"وزیر امور خارجه در دیدار با\nهمتای خود گفت:\n\nروابط گسترش می‌یابد.", "دیدار\nپایان یافت."}},
		{"semicolon and colon do not split", "استقلال به گل رسید؛ شهرآبادی گل زد: با ضربه سر.",
			[]string{"استقلال به گل رسید؛ شهرآبادی گل زد: با ضربه سر."}},
		{"no closing punctuation", "پیروزی دیرهنگام استقلال برابر الریان", []string{"پیروزی دیرهنگام استقلال برابر الریان"}},
		{"list number stays with its item", "۱. افزایش پروازها. ۲. همکاری گمرکی.",
			[]string{"۱. افزایش پروازها.", "۲. همکاری گمرکی."}},
		{"Latin name inside Persian", "در نشریه Sensors and Actuators B: Chemical منتشر شد. نتایج خوب بود.",
			[]string{"در نشریه Sensors and Actuators B: Chemical منتشر شد.", "نتایج خوب بود."}},
		{"closing bracket", "این روش (ICP-MS) دقیق است (۹۴ درصد.) نتایج منتشر شد.",
			[]string{"این روش (ICP-MS) دقیق است (۹۴ درصد.)", "نتایج منتشر شد."}},
		{"spaces around", "  سلام.  خداحافظ.  ", []string{"سلام.", "خداحافظ."}},
		{"empty", "", nil},
		{"only spaces", " \n\t ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.text, LangFA)
			if !slices.Equal(got, tt.want) {
				t.Errorf("SplitSentences(%q)\n got  %q\n want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSplitSentencesEnglish(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"full stops", "The quake hit at dawn. Fourteen people died.",
			[]string{"The quake hit at dawn.", "Fourteen people died."}},
		{"titles", "Mr. Smith met Dr. Jones and Prof. Lee. They talked.",
			[]string{"Mr. Smith met Dr. Jones and Prof. Lee.", "They talked."}},
		{"initialism inside a sentence", "The U.S. Treasury imposed sanctions. Iran protested.",
			[]string{"The U.S. Treasury imposed sanctions.", "Iran protested."}},
		{"initialism ends a sentence", "He flew to the U.S. The talks began a day later.",
			[]string{"He flew to the U.S.", "The talks began a day later."}},
		{"number abbreviation", "He lives at No. 5 Baker Street. It is small.",
			[]string{"He lives at No. 5 Baker Street.", "It is small."}},
		{"number abbreviation at the end", "The answer was no. Nobody asked again.",
			[]string{"The answer was no.", "Nobody asked again."}},
		{"month before a date", "It opened on Jan. 9 in Tehran. Crowds came.",
			[]string{"It opened on Jan. 9 in Tehran.", "Crowds came."}},
		{"initials", "J. R. R. Tolkien wrote it. Many read it.",
			[]string{"J. R. R. Tolkien wrote it.", "Many read it."}},
		{"time of day", "The quake hit at 4:37 a.m. local time. It was shallow.",
			[]string{"The quake hit at 4:37 a.m. local time.", "It was shallow."}},
		{"decimals", "Inflation fell to 31.7 percent. It was 32.5 percent before.",
			[]string{"Inflation fell to 31.7 percent.", "It was 32.5 percent before."}},
		{"decimal at the end", "The strongest measured 4.3. Experts urged calm.",
			[]string{"The strongest measured 4.3.", "Experts urged calm."}},
		{"number at the end", "Trade reached $420 million in 2023. Both sides agreed.",
			[]string{"Trade reached $420 million in 2023.", "Both sides agreed."}},
		{"sentence starting with a number", "Many were hurt. 412 people were taken to hospital.",
			[]string{"Many were hurt.", "412 people were taken to hospital."}},
		{"ellipsis", "He paused... Then he left.", []string{"He paused...", "Then he left."}},
		{"ellipsis mid-sentence", "He said that … it was over. Fine.", []string{"He said that … it was over.", "Fine."}},
		{"unicode ellipsis", "Wait… What?", []string{"Wait…", "What?"}},
		{"quote after the full stop", `She called it "fragile." "As long as the deficit stays, we cannot hope," she said.`,
			[]string{`She called it "fragile."`, `"As long as the deficit stays, we cannot hope," she said.`}},
		{"question inside a quote goes on", `"Is it over?" he asked. No one answered.`,
			[]string{`"Is it over?" he asked.`, "No one answered."}},
		{"curly quotes", "He said: “It is done.” Then he left.", []string{"He said: “It is done.”", "Then he left."}},
		{"closing bracket", "Results matched (see Fig. 2.) The test passed.",
			[]string{"Results matched (see Fig. 2.)", "The test passed."}},
		{"bracket inside", "The central bank (CBI) said so. Markets rose.",
			[]string{"The central bank (CBI) said so.", "Markets rose."}},
		{"exclamation and question", "Stop! Who goes there? A friend.",
			[]string{"Stop!", "Who goes there?", "A friend."}},
		{"no space after the full stop", "The road was closed.The army opened it.",
			[]string{"The road was closed.", "The army opened it."}},
		{"domain name", "Read more at irna.ir today. Thanks.", []string{"Read more at irna.ir today.", "Thanks."}},
		{"e.g. and i.e.", "Some fuels, e.g. gas, are cheap, i.e. subsidised. Others are not.",
			[]string{"Some fuels, e.g. gas, are cheap, i.e. subsidised.", "Others are not."}},
		{"Ph.D.", "She holds a Ph.D. from Tehran University. She teaches.",
			[]string{"She holds a Ph.D. from Tehran University.", "She teaches."}},
		{"line break inside a sentence", "The minister met\nhis counterpart. They\nsigned four deals.",
			[]string{"The minister met\nhis counterpart.", "They\nsigned four deals."}},
		{"list numbers", "1. Flights. 2. Customs.", []string{"1. Flights.", "2. Customs."}},
		{"Jr. may end a sentence", "The speech was by Martin Luther King Jr. It moved many.",
			[]string{"The speech was by Martin Luther King Jr.", "It moved many."}},
		{"St. before a name", "They met in St. Petersburg. It rained.", []string{"They met in St. Petersburg.", "It rained."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.text, LangEN)
			if !slices.Equal(got, tt.want) {
				t.Errorf("SplitSentences(%q)\n got  %q\n want %q", tt.text, got, tt.want)
			}
		})
	}
}

// checkSpans checks the invariants every split must keep: spans in range,
// ordered, not empty, starting and ending on a non-space, and covering
// every character of text but spaces.
func checkSpans(t *testing.T, text string, spans []Span) {
	t.Helper()
	prev := 0
	for i, s := range spans {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("span %d %v out of order or range (prev end %d, len %d) in %q", i, s, prev, len(text), text)
		}
		if gap := text[prev:s.Start]; strings.TrimFunc(gap, unicode.IsSpace) != "" {
			t.Fatalf("text %q between spans is not space in %q", gap, text)
		}
		first, _ := utf8.DecodeRuneInString(text[s.Start:s.End])
		last, _ := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if unicode.IsSpace(first) || unicode.IsSpace(last) {
			t.Fatalf("span %d %q starts or ends with a space", i, s.Text(text))
		}
		prev = s.End
	}
	if rest := text[prev:]; strings.TrimFunc(rest, unicode.IsSpace) != "" {
		t.Fatalf("text %q after the last span is not covered in %q", rest, text)
	}
}

func FuzzSplitSentences(f *testing.F) {
	for _, s := range []string{
		"", ".", "...", "U.S. The", "ج.ا.ا. وی", "«سلام.» او", "a. b. c.", "است.وی", "1. 2. 3.",
		"Mr. Smith. Dr.", "\"Why?\" he asked.", "۵٫۹ ریشتر. زلزله", "x\xffy. z", "…", " . \u200c. ",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, text string, fa bool) {
		lang := LangEN
		if fa {
			lang = LangFA
		}
		checkSpans(t, text, SplitSentences(text, lang))
		checkSpans(t, text, SplitSentences(text, LangUnknown))
	})
}
