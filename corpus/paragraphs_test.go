package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// wrap hard-wraps s at width runes on word boundaries, as PDF extraction
// does.
func wrap(s string, width int) []string {
	var lines []string
	var cur []string
	n := 0
	for _, w := range strings.Fields(s) {
		wl := utf8.RuneCountInString(w)
		if n > 0 && n+1+wl > width {
			lines = append(lines, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, w)
		n += wl
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	return lines
}

var syntheticParagraphs = []string{
	"Flood warnings were issued on Monday for three northern provinces after two days of heavy rain, and rescue teams were sent to the villages that had been cut off from the main roads.",
	"Road Closures",
	"The provincial crisis management office said that 42 villages were without electricity and that 1,200 people had been moved to schools and mosques that serve as temporary shelters. Officials expect the rain to continue until Wednesday night.",
	"Farmers in the lowlands reported heavy losses to rice paddies and orchards, and the agriculture ministry promised compensation once the damage has been assessed by its teams.",
	"سیل در سه استان شمالی کشور پس از دو روز بارش شدید باران جاری شد و گروه‌های امداد و نجات به روستاهایی که راه آنها بسته شده بود اعزام شدند و تا پاسی از شب به کار خود ادامه دادند.",
	"بارش‌ها ادامه دارد",
	"مدیر کل مدیریت بحران استان گفت که برق ۴۲ روستا قطع شده است و ۱۲۰۰ نفر به مدارس و مساجدی که به عنوان اسکان موقت در نظر گرفته شده‌اند منتقل شده‌اند؛ پیش‌بینی می‌شود بارش‌ها تا شب چهارشنبه ادامه داشته باشد.",
}

func TestRebuildSyntheticWrapped(t *testing.T) {
	for _, width := range []int{60, 80, 100} {
		var b strings.Builder
		for pi, p := range syntheticParagraphs {
			lines := wrap(p, width)
			for li, l := range lines {
				b.WriteString(l)
				b.WriteString("\n")
				// Break some paragraphs with blank lines mid-sentence, as
				// PDF extraction does at page and column breaks.
				if li < len(lines)-1 && (pi+li)%2 == 0 && !endsSentence(l) {
					b.WriteString("\n\n")
				}
			}
			b.WriteString("\n")
		}
		got, lay := RebuildParagraphs(b.String())
		if !lay.Wrapped {
			t.Errorf("width %d: layout %+v not detected as wrapped", width, lay)
		}
		if len(got) != len(syntheticParagraphs) {
			for _, p := range got {
				t.Logf("  %q", p.Text)
			}
			t.Fatalf("width %d: %d paragraphs, want %d", width, len(got), len(syntheticParagraphs))
		}
		for i, p := range got {
			if p.Text != syntheticParagraphs[i] {
				t.Errorf("width %d paragraph %d:\n got %q\nwant %q", width, i, p.Text, syntheticParagraphs[i])
			}
			wantHeading := utf8.RuneCountInString(syntheticParagraphs[i]) < 30
			if p.Heading != wantHeading {
				t.Errorf("width %d paragraph %d: heading %v, want %v", width, i, p.Heading, wantHeading)
			}
		}
	}
}

func TestRebuildUnwrapped(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"one paragraph a line", "First paragraph is here.\nSecond one follows.\n\nThird.", []string{"First paragraph is here.", "Second one follows.", "Third."}},
		{"title then body", "A Short Title\n\nThe body of the article starts here and goes on.", []string{"A Short Title", "The body of the article starts here and goes on."}},
		{"soft break mid-sentence", "The minister said that the talks\nwould resume next week.", []string{"The minister said that the talks would resume next week."}},
		{"trailing space and bom", "\ufeff  Line one.  \n\n\n  Line two. \n", []string{"Line one.", "Line two."}},
		{"metadata block", "News ID : 1\nPublish Date : 10/24/2023\nTitle of the story", []string{"News ID : 1", "Publish Date : 10/24/2023", "Title of the story"}},
		{"empty", "\n\n \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := RebuildParagraphs(tt.in)
			var texts []string
			for _, p := range got {
				texts = append(texts, p.Text)
			}
			if strings.Join(texts, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q\nwant %q", texts, tt.want)
			}
		})
	}
}

func TestHeadingLines(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Top Stories", true},
		{"Israel Obliged to Negotiate Truce: Amirabdollahian", true},
		{"امیرعبداللهیان در دیدار با رئیس دفتر سیاسی جنبش حماس؛", true},
		{"He said:", false},
		{"The end.", false},
		{"«نقل قول پایانی.»", false},
		{"first part,", false},
		{"1234", false},
	}
	for _, tt := range tests {
		if got := isHeadingLine(tt.in); got != tt.want {
			t.Errorf("isHeadingLine(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestRebuildSamplePDF checks the PDF-extracted sample: hard-wrapped near
// 100 characters with blank lines inside sentences.
func TestRebuildSamplePDF(t *testing.T) {
	raw, err := os.ReadFile("../testdata/corpus/001_4458d8df9d782b8d.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, lay := RebuildParagraphs(string(raw))
	if !lay.Wrapped || lay.Width < 100 || lay.Width > 115 {
		t.Errorf("layout %+v, want wrapped near 100-115", lay)
	}
	// Each paragraph by its first and last words.
	want := []struct {
		start, end string
		heading    bool
	}{
		{"رئیس دفتر سیاسی", "یک پیروزی سیاسی خواند.", false},
		{"امیرعبداللهیان در دیدار", "جنبش حماس؛", true},
		{"وزیر امور خارجه", "جنبش حماس گفت:", false},
		{"پیامدهای عملیات طوفان", "صهیونیستی تغییر داد.", false},
		{"به گزارش اسپادانا", "امیرعبداللهیان گفت:", false},
		{"آمریکا و رژیم اسرائیل", "بیاثر خواهد کرد.", false},
		{"امیرعبداللهیان بر عزم", "بینالمللی تاکید کرد.", false},
		{"اسماعیل هنیه، رئیس", "موقت را تشریح کرد.", false},
		{"وی حمایتهای جهادی", "و آمریکا توصیف کرد.", false},
		{"هنیه با تشریح", "دانست و افزود:", false},
		{"آمریکا با وجود مخالفت", "کاهش یافته است.", false},
		{"رئیس دفتر سیاسی جنبش حماس با تشکر", "موقت گفت:", false},
		{"این یک پیروزی سیاسی", "ایمان داریم.", false},
	}
	if len(got) != len(want) {
		for _, p := range got {
			t.Logf("  %q", p.Text)
		}
		t.Fatalf("%d paragraphs, want %d", len(got), len(want))
	}
	for i, w := range want {
		p := got[i]
		if !strings.HasPrefix(p.Text, w.start) || !strings.HasSuffix(p.Text, w.end) || p.Heading != w.heading {
			t.Errorf("paragraph %d = %q (heading %v), want %q … %q (heading %v)", i, p.Text, p.Heading, w.start, w.end, w.heading)
		}
		if strings.Contains(p.Text, "\n") || strings.Contains(p.Text, "  ") {
			t.Errorf("paragraph %d keeps a line break or double space: %q", i, p.Text)
		}
	}
}

func FuzzRebuildParagraphs(f *testing.F) {
	f.Add("a\nb\n\nc")
	f.Add(strings.Repeat("word ", 40) + "\n\n" + strings.Repeat("کلمه ", 30))
	f.Add("\xff\xfe\x00")
	f.Fuzz(func(t *testing.T, s string) {
		paras, _ := RebuildParagraphs(s)
		for _, p := range paras {
			if !utf8.ValidString(p.Text) {
				t.Fatalf("invalid UTF-8 paragraph %q", p.Text)
			}
			if p.Text == "" || strings.ContainsRune(p.Text, '\n') {
				t.Fatalf("bad paragraph %q", p.Text)
			}
			if p.Line < 1 {
				t.Fatalf("line %d", p.Line)
			}
		}
	})
}

// TestRebuildLongTitle: in hard-wrapped text, a line on its own that
// nearly fills the width and does not end a sentence is a title where a
// title stands (the first block, after metadata lines, or a line printed
// twice); where a blank line broke a paragraph after such a line, the
// paragraph is whole again.
func TestRebuildLongTitle(t *testing.T) {
	const width = 70
	faTitle := "سیل در سه استان شمالی کشور جان چهار نفر را گرفت و دو نفر ناپدید شدند"
	enTitle := "Heavy rain cuts off dozens of villages in three northern provinces"
	en, fa := syntheticParagraphs[0], syntheticParagraphs[4]
	faBody := syntheticParagraphs[6]
	faLines, enLines, bodyLines := wrap(fa, width), wrap(en, width), wrap(faBody, width)
	// A paragraph's first line that ends in the object marker را.
	faRa := "نیروهای امدادی از صبح امروز جست‌وجوی دو نفر از اهالی روستای کیاسر را"
	faRaRest := "در حاشیه رودخانه ادامه دادند و تا ظهر خبری از آنان به دست نیامد."
	// A sentence of a full line and a short one.
	faSearch, faTail := "نیروهای امدادی از صبح امروز در حاشیه رودخانه به جست‌وجوی دو نفر ادامه", "دادند."
	tests := []struct {
		name   string
		blocks [][]string
		want   []string
		title  int // the paragraph that is a long title (and its repeats), or -1
	}{
		{"persian title", [][]string{{faTitle}, faLines, bodyLines}, []string{faTitle, fa, faBody}, 0},
		{"english title", [][]string{{enTitle}, enLines}, []string{enTitle, en}, 0},
		{"title after metadata", [][]string{{"News ID : 12"}, {"Publish Date : 10/24/2023"}, {faTitle}, faLines},
			[]string{"News ID : 12", "Publish Date : 10/24/2023", faTitle, fa}, 2},
		{"title after furniture", [][]string{{"Top Stories"}, {faTitle}, faLines}, []string{"Top Stories", faTitle, fa}, 1},
		{"title printed twice", [][]string{{faTitle}, {faTitle}, faLines}, []string{faTitle, faTitle, fa}, 0},
		{"last word cannot end a sentence", [][]string{{faRa}, {faRaRest}, faLines},
			[]string{faRa + " " + faRaRest, fa}, -1},
		{"the rest of a sentence alone", [][]string{{faSearch}, {faTail}, faLines},
			[]string{faSearch + " " + faTail, fa}, -1},
		{"english lower case", [][]string{{enLines[0]}, enLines[1:]}, []string{en}, -1},
		{"a paragraph broken after its first line", [][]string{{"بارش‌ها ادامه دارد"}, faLines, bodyLines[:1], bodyLines[1:]},
			[]string{"بارش‌ها ادامه دارد", fa, faBody}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var blocks []string
			for _, b := range tt.blocks {
				blocks = append(blocks, strings.Join(b, "\n"))
			}
			got, lay := RebuildParagraphs(strings.Join(blocks, "\n\n") + "\n")
			fill := int(fillRatio * float64(lay.Width))
			// The case is the one named: a line on its own fills the width.
			full := false
			for _, b := range tt.blocks {
				full = full || len(b) == 1 && utf8.RuneCountInString(b[0]) >= fill && !endsSentence(b[0])
			}
			if !lay.Wrapped || !full {
				t.Fatalf("layout %+v (fill %d): no full line on its own", lay, fill)
			}
			var texts []string
			for _, p := range got {
				texts = append(texts, p.Text)
			}
			if strings.Join(texts, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(texts, "\n"), strings.Join(tt.want, "\n"))
			}
			for i, p := range got {
				title := tt.title >= 0 && p.Text == tt.want[tt.title]
				if long := utf8.RuneCountInString(p.Text) >= fill; long && p.Heading != title {
					t.Errorf("paragraph %d heading %v, want %v", i, p.Heading, title)
				}
			}
		})
	}
}

// TestRebuildWrappedArticles hard-wraps every text article of the
// fixtures at several widths, breaks paragraphs with blank lines after
// some of their lines (no line that ends a sentence) as PDF extraction
// does, and counts the paragraphs rebuilt exactly.
func TestRebuildWrappedArticles(t *testing.T) {
	var files []string
	for _, g := range []string{"../testdata/align/*.txt", "../testdata/corpus/*.txt"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	var docs [][]string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, lay := RebuildParagraphs(string(raw)); lay.Wrapped {
			continue // already hard-wrapped (sample 001): tested on its own
		}
		d, err := ReadFile(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var paras []string
		for _, p := range d.Paragraphs {
			paras = append(paras, strings.Join(strings.Fields(p.Text), " "))
		}
		docs = append(docs, paras)
	}
	patterns := []struct {
		name  string
		blank func(para, line int) bool // a blank line after this line
	}{
		{"no blank lines in paragraphs", func(p, l int) bool { return false }},
		{"every third line", func(p, l int) bool { return (p+l)%3 == 1 }},
		{"every other line", func(p, l int) bool { return (p+l)%2 == 0 }},
		{"after the first line of every other paragraph", func(p, l int) bool { return l == 0 && p%2 == 1 }},
		{"once, after the first line of paragraph 3", func(p, l int) bool { return p == 3 && l == 0 }},
	}
	for _, pat := range patterns {
		total, exact := 0, 0
		for _, width := range []int{60, 70, 80, 90, 100, 110} {
			for _, paras := range docs {
				var b strings.Builder
				for pi, p := range paras {
					lines := wrap(p, width)
					for li, l := range lines {
						b.WriteString(l + "\n")
						if li < len(lines)-1 && pat.blank(pi, li) && !endsSentence(l) {
							b.WriteString("\n")
						}
					}
					b.WriteString("\n")
				}
				got, _ := RebuildParagraphs(b.String())
				rebuilt := map[string]bool{}
				for _, p := range got {
					rebuilt[p.Text] = true
				}
				for _, p := range paras {
					total++
					if rebuilt[p] {
						exact++
					}
				}
			}
		}
		share := float64(exact) / float64(total)
		t.Logf("%-46s %d of %d paragraphs (%.3f)", pat.name+":", exact, total, share)
		if share < 0.985 {
			t.Errorf("%s: %.3f of paragraphs rebuilt, want at least 0.985", pat.name, share)
		}
	}
}
