package corpus

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Paragraphs of news in the languages of Arabic script hamta tells apart,
// written for these tests.
const (
	arabicNews  = "أعلنت وزارة الخارجية العراقية أن الوزير سيتوجه إلى طهران يوم الأحد في زيارة رسمية تستمر يومين، يلتقي خلالها كبار المسؤولين الإيرانيين لبحث العلاقات الثنائية والملفات الإقليمية."
	urduNews    = "وزیر اعظم نے کہا کہ حکومت عوام کی فلاح کے لیے تمام ممکنہ اقدامات کرے گی اور ملک میں مہنگائی کی شرح میں کمی ہو رہی ہے۔"
	pashtoNews  = "د بهرنیو چارو وزارت ویاند وویل چې افغانستان له ګاونډیو هیوادونو سره د سوداګرۍ پراخولو ته ژمن دی او دا اړیکې به لا پیاوړې شي."
	kurdNews    = "سەرۆکی حکومەتی هەرێمی کوردستان ڕایگەیاند کە گفتوگۆکان لەگەڵ بەغدا لەسەر بودجە بەردەوام دەبن و ئەنجامەکان بە زووترین کات ڕادەگەیەنرێن."
	persianNews = "وزیر امور خارجه کشورمان که صبح دوشنبه وارد بغداد شده بود، در دیدار با همتای عراقی خود درباره روابط دوجانبه گفت‌وگو کرد."
)

func TestDetectArabicScriptLanguages(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Lang
	}{
		{"Persian", persianNews, LangFA},
		// PDF extraction and legacy keyboards: Arabic yeh and kaf, no ZWNJ.
		{"Persian with Arabic yeh and kaf", strings.NewReplacer("ی", "ي", "ک", "ك", "\u200c", "").Replace(persianNews), LangFA},
		{"Arabic", arabicNews, LangAR},
		// Arabic typed on a Persian keyboard keeps its article and words.
		{"Arabic with Persian yeh and kaf", strings.NewReplacer("ي", "ی", "ك", "ک").Replace(arabicNews), LangAR},
		{"Urdu", urduNews, LangUR},
		{"Pashto", pashtoNews, LangArabicScript},
		{"Kurdish", kurdNews, LangArabicScript},
		// Persian that quotes Arabic words or uses hamza spellings.
		{"Persian with hamza", "رؤسای جمهور دو کشور بر تأمین امنیت منطقه تأکید کردند و مسئولان گفتند این موضوع «إن شاء الله» به نتیجه می‌رسد.", LangFA},
		// Too short to tell: Persian, as a query is.
		{"short", "آتش بس", LangFA},
		{"short Arabic-looking", "وزير الخارجية", LangFA},
	}
	for _, tt := range tests {
		if got := DetectLang(tt.in); got != tt.want {
			var c ScriptCounts
			c.Add(tt.in)
			t.Errorf("%s: DetectLang = %s, want %s (%+v)", tt.name, got, tt.want, c)
		}
	}
}

func TestLangRTL(t *testing.T) {
	for _, l := range []Lang{LangFA, LangAR, LangUR, LangArabicScript} {
		if !l.RTL() || !l.ArabicScript() {
			t.Errorf("%s: not right to left", l)
		}
	}
	for _, l := range []Lang{LangEN, LangUnknown} {
		if l.RTL() || l.ArabicScript() {
			t.Errorf("%q: right to left", l)
		}
	}
}

// TestMixedArabicPersian keeps per-paragraph labels in a Persian article
// that quotes an Arabic statement, and gives a short heading of an Arabic
// article its document's language.
func TestMixedArabicPersian(t *testing.T) {
	text := "دیدار وزیران خارجه ایران و عراق در بغداد\n\n" + persianNews + "\n\n" + arabicNews + "\n\n" + persianNews + " وی افزود که این سفر دو روز طول می‌کشد.\n"
	d, err := Parse("mixed.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := []Lang{LangFA, LangFA, LangAR, LangFA}
	for i, p := range d.Paragraphs {
		if p.Lang != want[i] {
			t.Errorf("paragraph %d: %s, want %s", i, p.Lang, want[i])
		}
	}
	if d.Lang != LangFA || len(d.Langs) != 2 || d.Langs[1] != LangAR {
		t.Errorf("document %s %v, want fa then ar", d.Lang, d.Langs)
	}

	ar, err := Parse("ar.txt", []byte("الخارجية العراقية\n\n"+arabicNews+"\n\n"+arabicNews+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ar.Lang != LangAR || len(ar.Langs) != 1 {
		t.Errorf("Arabic document %s %v", ar.Lang, ar.Langs)
	}
	for i, p := range ar.Paragraphs {
		if p.Lang != LangAR {
			t.Errorf("Arabic paragraph %d: %s", i, p.Lang)
		}
	}
}

// TestFixtureLanguages reads every written fixture and sample document:
// each Persian paragraph is Persian (the sample's is PDF text), each
// paragraph of the Arabic report Arabic.
func TestFixtureLanguages(t *testing.T) {
	for _, dir := range []string{"../testdata/align", "../testdata/corpus"} {
		c, err := LoadDir(context.Background(), dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range c.Docs {
			want := LangEN
			switch {
			case strings.HasSuffix(d.ID, ".ar.txt"):
				want = LangAR
			case strings.HasSuffix(d.ID, ".fa.txt"), filepath.Base(d.ID) == "001_4458d8df9d782b8d.txt":
				want = LangFA
			}
			if d.Lang != want {
				t.Errorf("%s: %s, want %s", d.ID, d.Lang, want)
			}
			for _, p := range d.Paragraphs {
				// Latin-script items inside Persian text (a journal title)
				// are English by their letters.
				if p.Lang != want && !(want == LangFA && p.Lang == LangEN) {
					t.Errorf("%s ¶%d: %s, want %s: %.60s", d.ID, p.Index+1, p.Lang, want, p.Text)
				}
			}
		}
	}
}

// BenchmarkLangOfParagraph measures telling the language of a paragraph,
// which reading every file does.
func BenchmarkLangOfParagraph(b *testing.B) {
	text := strings.Repeat(persianNews+" ", 3)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		var c ScriptCounts
		c.Add(text)
		_ = c.Lang()
	}
}

// TestArabicWithHarakat reads vowelled Arabic as Arabic: the marks do not
// split its words.
func TestArabicWithHarakat(t *testing.T) {
	text := "وَقَالَ الوَزِيرُ إِنَّ الحُكُومَةَ مُلْتَزِمَةٌ بِتَنْفِيذِ الاِتِّفَاقِ الأَمْنِيِّ مَعَ الجَارَةِ، وَأَنَّ العِرَاقَ لَنْ يَسْمَحَ بِأَنْ تَكُونَ أَرَاضِيهِ مُنْطَلَقًا لِلاِعْتِدَاءِ."
	if got := DetectLang(text); got != LangAR {
		t.Errorf("DetectLang = %s, want ar", got)
	}
}
