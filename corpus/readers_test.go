package corpus

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/encoding/charmap"
)

func TestHTMLMeta(t *testing.T) {
	cases := []struct {
		name, page string
		title      string
		meta       map[string]string
	}{
		{"og.html", `<html><head><title>Site | Story</title>
<meta property="og:title" content="The real headline">
<meta property="article:published_time" content="2024-10-09T08:00:00+03:30">
<meta name="author" content="A. Writer"><meta property="og:site_name" content="Site"></head>
<body><article><p>First paragraph of the story, long enough to count as text.</p></article></body></html>`,
			"The real headline", map[string]string{"date": "2024-10-09T08:00:00+03:30", "author": "A. Writer", "site": "Site"}},
		{"ld.html", `<html><head><title>Fallback</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"From JSON-LD","datePublished":"2023-10-24","author":[{"@type":"Person","name":"B. Reporter"}]}]}</script></head>
<body><div class="story-body"><p>Body text of the article with a few words.</p></div></body></html>`,
			"From JSON-LD", map[string]string{"date": "2023-10-24", "author": "B. Reporter"}},
		{"time.html", `<html><head><title>Only a title</title></head><body><article><time datetime="2022-01-02" pubdate>2 Jan</time><p>Text of the page, a sentence or two.</p></article></body></html>`,
			"Only a title", map[string]string{"date": "2022-01-02"}},
	}
	for _, c := range cases {
		d, err := ParseHTML(c.name, []byte(c.page))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if d.Title != c.title {
			t.Errorf("%s: title %q, want %q", c.name, d.Title, c.title)
		}
		for k, v := range c.meta {
			if d.Meta[k] != v {
				t.Errorf("%s: meta %s = %q, want %q", c.name, k, d.Meta[k], v)
			}
		}
	}
}

func TestHTMLCharset(t *testing.T) {
	fa := "گزارش خبري به زبان فارسي درباره‌ي اقتصاد كشور." // Windows-1256 has Arabic yeh and kaf
	enc, err := charmap.Windows1256.NewEncoder().String(fa)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		raw  []byte
		enc  string
	}{
		{"meta-charset", []byte(`<html><head><meta charset="windows-1256"></head><body><p>` + enc + `</p></body></html>`), "windows-1256"},
		{"http-equiv", []byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body><p>` + enc + `</p></body></html>`), "windows-1256"},
		{"undeclared-1256", []byte(`<html><body><p>` + enc + `</p></body></html>`), EncWindows1256},
		{"bom", append([]byte{0xEF, 0xBB, 0xBF}, []byte(`<html><head><meta charset="windows-1256"></head><body><p>`+fa+`</p></body></html>`)...), EncUTF8BOM},
		{"latin1-lie", []byte(`<html><head><meta charset="iso-8859-1"></head><body><p>` + fa + `</p></body></html>`), EncUTF8},
	}
	for _, c := range cases {
		d, err := ParseHTML(c.name+".html", c.raw)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if d.Encoding != c.enc || len(d.Paragraphs) != 1 || d.Paragraphs[0].Text != fa {
			t.Errorf("%s: encoding %s, paragraphs %+v", c.name, d.Encoding, d.Paragraphs)
		}
	}
}

// docxFile builds a Word file from a document.xml body and optional
// core properties.
func docxFile(t testing.TB, body, core string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`))
	if core != "" {
		w, _ = zw.Create("docProps/core.xml")
		w.Write([]byte(core))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDOCX(t *testing.T) {
	body := `<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>A short title</w:t></w:r></w:p>
<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve">زمین‌لر</w:t></w:r><w:r><w:t>زه‌ای در </w:t></w:r><w:del><w:r><w:delText>حذف شده </w:delText></w:r></w:del><w:ins><w:r><w:t>لرستان</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Linked</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:tab/><w:t>words here.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell one.</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Cell two.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Chosen.</w:t></mc:Choice><mc:Fallback><w:t>Fallback.</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`
	core := `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Core title</dc:title><dc:creator>Translator</dc:creator><dcterms:created>2024-10-09T08:00:00Z</dcterms:created></cp:coreProperties>`
	d, err := ParseDOCX("a.docx", docxFile(t, body, core), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range d.Paragraphs {
		got = append(got, p.Kind.String()+": "+p.Text)
	}
	want := []string{"heading: A short title", "body: زمین‌لرزه‌ای در لرستان.", "body: Linked words here.", "body: Cell one.", "body: Cell two.", "body: Chosen."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d.Title != "Core title" || d.Meta["author"] != "Translator" || d.Meta["created"] != "2024-10-09T08:00:00Z" || d.Meta["date"] != "" {
		t.Errorf("title %q meta %v", d.Title, d.Meta)
	}
}

// TestBadFiles: a malformed page, Word file, PDF or memory is skipped with
// a problem that names it and says why; the good files load.
func TestBadFiles(t *testing.T) {
	// A zip bomb: a document.xml of 200 MiB of one byte, a few hundred
	// kilobytes compressed.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("word/document.xml")
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	for range 200 {
		w.Write(chunk)
	}
	zw.Close()
	noDoc := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create("content.xml")
		w.Write([]byte("<x/>"))
		zw.Close()
		return b.Bytes()
	}()
	pdf, err := os.ReadFile("../testdata/formats/pdf/earthquake.en.pdf")
	if err != nil {
		t.Fatal(err)
	}
	encrypted, err := os.ReadFile("../testdata/formats/edge/encrypted.pdf")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"good.txt":        {Data: []byte("A good English article.\n\nIt has two paragraphs.")},
		"good.html":       {Data: []byte("<p>A page with one paragraph of text in it.</p>")},
		"good.docx":       {Data: docxFile(t, `<w:p><w:r><w:t>Fine.</w:t></w:r></w:p>`, "")},
		"binary.html":     {Data: []byte("<html>\x00\x01\x02</html>")},
		"menu-only.html":  {Data: []byte(`<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><footer>© Site</footer></body></html>`)},
		"bomb.docx":       {Data: bomb.Bytes()},
		"notzip.docx":     {Data: []byte("this is not a zip archive at all")},
		"nodocument.docx": {Data: noDoc},
		"badxml.docx":     {Data: docxFile(t, `<w:p><w:r><w:t>unclosed`, "")},
		"empty.docx":      {Data: docxFile(t, `<w:p></w:p>`, "")},
		"notpdf.pdf":      {Data: []byte("<html>a web page saved as .pdf</html>")},
		"truncated.pdf":   {Data: pdf[:len(pdf)/3]},
		"encrypted.pdf":   {Data: encrypted},
		"cut.tmx":         {Data: []byte(`<tmx version="1.4"><body><tu><tuv xml:lang="fa"><seg>سلام`)},
	}
	c, err := Load(context.Background(), fsys, Options{MaxSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	_, noTool := exec.LookPath("pdftotext")
	want := map[string]string{
		"binary.html":     "binary file",
		"menu-only.html":  "no text in the page",
		"bomb.docx":       "expands past the size limit",
		"notzip.docx":     "not a Word document",
		"nodocument.docx": "no word/document.xml",
		"badxml.docx":     "word/document.xml: XML syntax error",
		"empty.docx":      "no text in the document",
		"notpdf.pdf":      "not a PDF",
		"truncated.pdf":   "damaged PDF",
		"encrypted.pdf":   "encrypted PDF: it needs a password",
		"cut.tmx":         "unexpected EOF",
	}
	if noTool != nil {
		want["truncated.pdf"] = "install poppler-utils"
		want["encrypted.pdf"] = "install poppler-utils"
	}
	got := map[string]string{}
	for _, p := range c.Problems {
		got[p.Path] = p.Error()
	}
	for path, msg := range want {
		if !strings.HasPrefix(got[path], path+": ") || !strings.Contains(got[path], msg) {
			t.Errorf("%s: problem %q, want it to name the file and say %q", path, got[path], msg)
		}
	}
	if len(c.Problems) != len(want) {
		t.Errorf("%d problems, want %d: %v", len(c.Problems), len(want), c.Problems)
	}
	for _, id := range []string{"good.txt", "good.html", "good.docx"} {
		if c.Doc(id) == nil {
			t.Errorf("%s lost", id)
		}
	}
	if !errors.Is(c.Problems[0], ErrZipBomb) && !strings.Contains(got["bomb.docx"], ErrZipBomb.Error()) {
		t.Errorf("bomb: %v", got["bomb.docx"])
	}
}

// TestPDFWithoutTool: without pdftotext, a PDF is skipped with a message
// that says what to install.
func TestPDFWithoutTool(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	pdf, err := os.ReadFile("../testdata/formats/pdf/earthquake.en.pdf")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParsePDF("x.pdf", pdf, Options{})
	if !errors.Is(err, ErrNoPDFTool) || !strings.Contains(err.Error(), "apt-get install poppler-utils") {
		t.Errorf("err = %v", err)
	}
}

func TestPDFEdgeCases(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (poppler-utils)")
	}
	d, err := ReadFile("../testdata/formats/edge/permissions.pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Paragraphs) != 1 || !hasWarning(d, "encrypted PDF opened without a password") {
		t.Errorf("permissions-only PDF: %+v %v", d.Paragraphs, d.Warnings)
	}
	_, err = ReadFile("../testdata/formats/edge/encrypted.pdf", Options{})
	if !errors.Is(err, ErrEncrypted) {
		t.Errorf("encrypted: %v", err)
	}
	// A PDF whose text runs past the limit is refused, not read whole.
	_, err = ReadFile("../testdata/formats/pdf/flood.fa.pdf", Options{MaxSize: 600})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("small limit: %v", err)
	}
}

// TestJoinPages: running headers and footers and page numbers come off,
// and a paragraph broken by a page end is whole again.
func TestJoinPages(t *testing.T) {
	pages := []string{
		"Daily News\n\nFirst paragraph ends here.\n\nSecond paragraph runs on to\n\n1\n",
		"Daily News\n\nthe next page and ends.\n\nPage 2 of 3\n",
		"Daily News\n\nThird paragraph.\n\n- 3 -\n",
	}
	got := joinPages(pages)
	want := "First paragraph ends here.\n\nSecond paragraph runs on to\nthe next page and ends.\n\nThird paragraph."
	if got != want {
		t.Errorf("joinPages:\n%q\nwant\n%q", got, want)
	}
	paras := pdfParagraphs(got)
	if len(paras) != 3 || paras[1].Text != "Second paragraph runs on to the next page and ends." {
		t.Errorf("paragraphs %+v", paras)
	}
}

// bboxPage writes the -bbox-layout form of one page whose lines are
// given as xMin, yMin, xMax, yMax and their words.
func bboxPage(lines ...bboxLine) string {
	var b strings.Builder
	b.WriteString(`<doc><page width="420" height="595"><flow><block>`)
	for _, l := range lines {
		fmt.Fprintf(&b, `<line xMin="%g" yMin="%g" xMax="%g" yMax="%g">`, l.x0, l.y0, l.x1, l.y0+14)
		for _, w := range strings.Fields(l.words) {
			fmt.Fprintf(&b, `<word xMin="0" yMin="0" xMax="0" yMax="0">%s</word>`, w)
		}
		b.WriteString(`</line>`)
	}
	b.WriteString(`</block></flow></page></doc>`)
	return b.String()
}

type bboxLine struct {
	x0, y0, x1 float64
	words      string
}

// TestParagraphGaps: with the line boxes of -bbox-layout, a wide gap
// between lines becomes a blank line, and a line that -layout printed as
// two rows (glyphs of it overlap) is one line again, read in its
// direction.
func TestParagraphGaps(t *testing.T) {
	tests := []struct {
		name   string
		layout string
		boxes  []bboxLine
		want   string
	}{
		{
			"right-to-left line split where a non-joiner overlaps",
			"\u202bدو طرف درباره همکاری‌های اقتصادی\u202c\n\u202bو انرژی\u202c\n\u202bدر پایان دیدار\u202c\n" +
				"  \u202bتوگو کردند\u202a.\u202c\u202c\n     \u202bو انرژی گف \u200c\u202c\n\u202bسند همکاری امضا شد.\u202c",
			[]bboxLine{ // words in visual order, as -bbox-layout gives them
				{60, 100, 368, reverseString("دو طرف درباره همکاری‌های اقتصادی")},
				{300, 120, 368, reverseString("و انرژی")},
				{250, 140, 368, reverseString("در پایان دیدار")},
				{278.3, 160, 328.6, reverseString("ت وگو کردند.")},
				{319.7, 160, 368.6, reverseString("و انرژی گف \u200c")},
				{200, 180, 368, reverseString("سند همکاری امضا شد.")},
			},
			"\u202bدو طرف درباره همکاری‌های اقتصادی\u202c\n\u202bو انرژی\u202c\n\u202bدر پایان دیدار\u202c\n" +
				"  و انرژی گف\u200cتوگو کردند.\n\u202bسند همکاری امضا شد.\u202c",
		},
		{
			"left-to-right line split, and a paragraph gap",
			"The ministers met on Monday\nfor three hours and signed\nfour agreements.\nTrade between the two\n" +
				"was 5 million dollars\nThe total\nlast year.",
			[]bboxLine{
				{50, 100, 300, "The ministers met on Monday"},
				{50, 120, 300, "for three hours and signed"},
				{50, 140, 200, "four agreements."},
				{50, 170, 300, "Trade between the two"},
				{50, 190, 100, "The total"},
				{100, 190, 200, "was 5 million dollars"},
				{50, 210, 100, "last year."},
			},
			"The ministers met on Monday\nfor three hours and signed\nfour agreements.\n\nTrade between the two\n" +
				"The total was 5 million dollars\nlast year.",
		},
		{
			"rows whose letters differ from the boxes', as many as the lines",
			"one line\nanother line\nthird\nfourth",
			[]bboxLine{{50, 100, 300, "one line"}, {50, 120, 300, "different"}, {50, 140, 300, "third"}, {50, 170, 300, "fourth"}},
			"one line\nanother line\nthird\n\nfourth",
		},
		{
			"rows that do not match the boxes at all",
			"one line\nanother line\nthird",
			[]bboxLine{{50, 100, 300, "one line"}, {50, 120, 300, "different"}, {50, 140, 300, "third"}, {50, 170, 300, "fourth"}},
			"one line\nanother line\nthird",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := paragraphGaps(tt.layout, bboxPage(tt.boxes...))
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestRTLRuns: a row of right-to-left pieces, which -layout prints from
// left to right, is read from the right; other rows are left alone.
func TestRTLRuns(t *testing.T) {
	const rle, pdf, lre = "\u202b", "\u202c", "\u202a"
	tests := []struct{ in, want string }{
		{"  " + rle + "مؤكدا أن العراق" + pdf + " " + rle + "بتنفيذ الاتفاق" + lre + "،" + pdf + pdf,
			"  " + rle + "بتنفيذ الاتفاق" + lre + "،" + pdf + pdf + " " + rle + "مؤكدا أن العراق" + pdf},
		{rle + "یک" + pdf + "  " + rle + "دو" + pdf + " " + rle + "سه" + pdf, rle + "سه" + pdf + " " + rle + "دو" + pdf + " " + rle + "یک" + pdf},
		{rle + "ستون چپ" + pdf + "        " + rle + "ستون راست" + pdf, rle + "ستون چپ" + pdf + "        " + rle + "ستون راست" + pdf},
		{"The word " + rle + "سلام" + pdf + " " + rle + "دوست" + pdf, "The word " + rle + "سلام" + pdf + " " + rle + "دوست" + pdf},
		{rle + "یک سطر" + pdf, rle + "یک سطر" + pdf},
		{rle + "نیمه" + pdf + " " + rle + "باز", rle + "نیمه" + pdf + " " + rle + "باز"},
	}
	for _, tt := range tests {
		if got := rtlRuns(tt.in); got != tt.want {
			t.Errorf("rtlRuns(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	f.Add([]byte(`<html><head><meta charset="windows-1256"><title>t</title></head><body><nav><a>x</a></nav><article><h1>Title</h1><p>Text, text.</p></article></body></html>`))
	f.Add([]byte("<table><tr><td>a<br><br>b</td></tr></table>"))
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"headline":"h","author":[{"name":"n"}]}]}</script><div class="content"><p>x</p></div>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, err := ParseHTML("f.html", raw)
		if err != nil {
			return
		}
		if len(d.Paragraphs) == 0 {
			t.Fatal("a document without paragraphs")
		}
		for _, p := range d.Paragraphs {
			if strings.TrimSpace(p.Text) == "" || strings.ContainsRune(p.Text, '\n') {
				t.Fatalf("paragraph %q", p.Text)
			}
		}
	})
}

func FuzzParseDOCX(f *testing.F) {
	f.Add(docxFile(f, `<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:t>سلام</w:t></w:r></w:p>`, `<cp:coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>t</dc:title></cp:coreProperties>`))
	f.Add(docxFile(f, `<w:p><w:r><w:t>a</w:t><w:p><w:r><w:t>nested</w:t></w:r></w:p></w:r></w:p>`, ""))
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, err := ParseDOCX("f.docx", raw, Options{MaxSize: 1 << 16})
		if err != nil {
			return
		}
		if len(d.Paragraphs) == 0 {
			t.Fatal("a document without paragraphs")
		}
	})
}

// FuzzPDFText fuzzes what is done with pdftotext's output: the page
// furniture rules and paragraph rebuilding.
func FuzzPDFText(f *testing.F) {
	f.Add("Daily News\n\nText of the first page that runs on to\n\n1\n\fDaily News\n\nthe second page.\n\n2\n")
	f.Add("‫متن فارسی‬\n\n‫صفحه ۲ از ۳‬\f")
	f.Fuzz(func(t *testing.T, s string) {
		text := joinPages(strings.Split(rtlRuns(s), "\f"))
		for _, p := range pdfParagraphs(text) {
			if strings.ContainsRune(p.Text, '\n') {
				t.Fatalf("paragraph with a line break: %q", p.Text)
			}
		}
		columns(s)
	})
}

// FuzzParagraphGaps fuzzes the mending of -layout text with -bbox-layout
// boxes: whatever the two say, the text keeps its pages and loses no
// letter.
func FuzzParagraphGaps(f *testing.F) {
	f.Add("a b\nc d\ne\nf", bboxPage(bboxLine{50, 100, 300, "a b"}, bboxLine{50, 120, 100, "d"}, bboxLine{100, 120, 300, "c"}, bboxLine{50, 140, 300, "e"}, bboxLine{50, 170, 300, "f"}))
	f.Add("\u202bیک\u202c \u202bدو\u202c\n\fx", bboxPage(bboxLine{50, 100, 300, "ود کی"})+bboxPage(bboxLine{0, 0, 1, "x"}))
	f.Fuzz(func(t *testing.T, text, boxes string) {
		got := paragraphGaps(text, boxes)
		if strings.Count(got, "\f") != strings.Count(text, "\f") {
			t.Fatalf("pages %d, want %d", strings.Count(got, "\f"), strings.Count(text, "\f"))
		}
		if letterKey(stripBidiControls(got)) != letterKey(stripBidiControls(text)) {
			t.Fatalf("letters changed: %q -> %q", text, got)
		}
	})
}
