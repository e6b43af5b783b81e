// Command gen writes the format fixtures of testdata/formats from the plain
// text of the sample corpus and the alignment fixtures: each article as a
// web page with a news site's furniture around it (html/), as a Word
// document (docx/), as a PDF made from that Word document by LibreOffice
// (pdf/), and each Persian article in visual order as a PDF extractor may
// give it (reversed/, made with GNU FriBidi). The paragraphs of every copy
// are those hamta reads from the text, so the gold alignments of the text
// hold for them.
//
// Run from the repository root:
//
//	go run ./testdata/formats/gen            # html, docx, reversed
//	go run ./testdata/formats/gen -pdf       # and pdf (needs libreoffice)
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"html"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"hamta/corpus"
)

const out = "testdata/formats"

func main() {
	pdf := flag.Bool("pdf", false, "also make the PDFs with libreoffice")
	flag.Parse()
	// The PDFs are made from copies of the Word documents without their
	// tracked deletion, which LibreOffice would print struck through.
	tmp, err := os.MkdirTemp("", "hamta-gen-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	var srcs []string
	for _, g := range []string{"testdata/corpus/*.txt", "testdata/align/*.txt"} {
		m, err := filepath.Glob(g)
		if err != nil {
			log.Fatal(err)
		}
		srcs = append(srcs, m...)
	}
	for _, d := range []string{"html", "docx", "pdf", "reversed"} {
		if err := os.MkdirAll(filepath.Join(out, d), 0o755); err != nil {
			log.Fatal(err)
		}
	}
	for i, src := range srcs {
		doc, err := corpus.ReadFile(src, corpus.Options{})
		if err != nil {
			log.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(src), ".txt")
		write(filepath.Join(out, "html", base+".html"), page(doc, i))
		write(filepath.Join(out, "docx", base+".docx"), docx(doc, true))
		if *pdf {
			write(filepath.Join(tmp, base+".docx"), docx(doc, false))
		}
		if doc.Lang == corpus.LangFA {
			vis, err := visual(doc)
			if err != nil {
				log.Fatal(err)
			}
			write(filepath.Join(out, "reversed", base+".visual.txt"), []byte(vis))
			write(filepath.Join(out, "reversed", base+".letters.txt"), []byte(unshape(vis)))
		}
	}
	if *pdf {
		docs, err := filepath.Glob(filepath.Join(tmp, "*.docx"))
		if err != nil {
			log.Fatal(err)
		}
		args := append([]string{"--headless", "--convert-to", "pdf", "--outdir", filepath.Join(out, "pdf")}, docs...)
		cmd := exec.Command("libreoffice", args...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatal(err)
		}
	}
}

func write(path string, b []byte) {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		log.Fatal(err)
	}
}

// isoDate turns the text's "Publish Date" into the ISO form of meta tags.
func isoDate(d *corpus.Document) string {
	for _, layout := range []string{"1/2/2006 3:04:05 PM", "1/2/2006"} {
		if t, err := time.Parse(layout, d.Meta["date"]); err == nil {
			return t.Format("2006-01-02T15:04:05") + "+03:30"
		}
	}
	return ""
}

// site is the furniture of one news site's pages.
type site struct {
	name, nav, related, footer string
}

var sites = map[corpus.Lang][]site{
	corpus.LangFA: {
		{name: "خبرگزاری نمونه", nav: "صفحه اصلی|سیاسی|اقتصادی|اجتماعی|بین‌الملل|ورزشی|فرهنگی|عکس|فیلم",
			related: "افزایش قیمت بنزین در جایگاه‌ها تکذیب شد|برگزاری نمایشگاه کتاب از هفته آینده|پیش‌بینی هوای بارانی برای استان‌های شمالی|دیدار تیم ملی والیبال با ژاپن",
			footer:  "تمامی حقوق این سایت محفوظ است. استفاده از مطالب با ذکر منبع آزاد است."},
		{name: "روزنامه الکترونیک", nav: "خانه|آخرین اخبار|پربازدیدترین|یادداشت|گفت‌وگو|تماس با ما",
			related: "گزارش تصویری از بازار تهران|نرخ ارز در بازار آزاد امروز|نتایج کنکور سراسری اعلام شد",
			footer:  "کلیه حقوق مادی و معنوی متعلق به روزنامه است."},
	},
	corpus.LangEN: {
		{name: "Daily Sample News", nav: "Home|World|Politics|Business|Sport|Culture|Opinion|Video",
			related: "Oil prices edge higher on supply worries|Football: late goal settles derby|Markets close mixed after central bank decision|Heatwave warning issued for the weekend",
			footer:  "© 2024 Daily Sample News. All rights reserved."},
		{name: "The Example Post", nav: "Latest|Middle East|Economy|Science|Health|Sports|Contact",
			related: "Scientists map a new coral reef|Inflation eases for the third month|City marathon draws record crowd",
			footer:  "Copyright The Example Post. Reproduction without permission is prohibited."},
	},
}

// page writes a document as a news site's page, in one of three layouts:
// semantic HTML5 with Open Graph tags; an older div layout with JSON-LD
// (Persian pages in Windows-1256, with character references for what it
// lacks); and a table layout with paragraphs split by <br><br>.
func page(d *corpus.Document, n int) []byte {
	ss := sites[d.Lang]
	if len(ss) == 0 {
		// Another Arabic-script language takes the Persian sites' frame.
		ss = sites[corpus.LangFA]
	}
	s := ss[n%len(ss)]
	dir, lang := "ltr", "en"
	if d.Lang.RTL() {
		dir, lang = "rtl", string(d.Lang)
	}
	esc := html.EscapeString
	var navItems, related strings.Builder
	for _, item := range strings.Split(s.nav, "|") {
		fmt.Fprintf(&navItems, "<li><a href=\"/section/%x\">%s</a></li>", sha256.Sum256([]byte(item)), esc(item))
	}
	for i, item := range strings.Split(s.related, "|") {
		fmt.Fprintf(&related, "<li><a href=\"/news/%d\">%s</a></li>\n", 1000+i, esc(item))
	}
	date := isoDate(d)
	var body strings.Builder
	layout := n % 3
	for i, p := range d.Paragraphs {
		t := esc(p.Text)
		switch {
		case layout == 2:
			if i > 0 {
				body.WriteString("<br><br>\n")
			}
			if p.Kind == corpus.Heading {
				fmt.Fprintf(&body, "<b>%s</b>", t)
			} else {
				body.WriteString(t)
			}
		case p.Kind == corpus.Heading && i == 0:
			fmt.Fprintf(&body, "<h1 class=\"title\">%s</h1>\n", t)
		case p.Kind == corpus.Heading:
			fmt.Fprintf(&body, "<h2>%s</h2>\n", t)
		default:
			fmt.Fprintf(&body, "<p>%s</p>\n", t)
		}
	}
	var b strings.Builder
	switch layout {
	case 0:
		fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s" dir="%s">
<head>
<meta charset="utf-8">
<title>%s | %s</title>
<meta property="og:title" content="%s">
<meta property="og:site_name" content="%s">
`, lang, dir, esc(d.Title), esc(s.name), esc(d.Title), esc(s.name))
		if date != "" {
			fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%s\">\n", date)
		}
		fmt.Fprintf(&b, `<meta name="author" content="%s">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>
</head>
<body>
<header class="site-header"><a class="logo" href="/">%s</a>
<nav class="main-nav"><ul>%s</ul></nav>
<form class="search-form" action="/search"><input name="q" placeholder="Search"><button>Search</button></form>
</header>
<div class="breadcrumbs"><a href="/">%s</a> › <a href="/world">%s</a></div>
<main>
<article>
<div class="byline">%s</div>
<div class="article-body">
%s</div>
<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Telegram</a> <a href="#">Email</a></div>
<div class="tags"><a href="/tag/1">%s</a> <a href="/tag/2">%s</a></div>
</article>
<aside class="related"><h3>%s</h3><ul>
%s</ul></aside>
<section class="comments"><h3>%s</h3><form><input name="name"><textarea name="comment"></textarea><button>%s</button></form></section>
</main>
<footer><p>%s</p><ul><li><a href="/about">About</a></li><li><a href="/contact">Contact</a></li></ul></footer>
<script src="/static/app.js"></script>
</body>
</html>
`, label(d.Lang, "Staff reporter", "گروه سیاسی"), esc(s.name), navItems.String(), esc(s.name), esc(strings.Split(s.nav, "|")[1]), esc(s.name), body.String(),
			esc(strings.Split(s.nav, "|")[2]), esc(strings.Split(s.nav, "|")[3]),
			label(d.Lang, "Related stories", "اخبار مرتبط"), related.String(),
			label(d.Lang, "Comments", "نظرات"), label(d.Lang, "Send", "ارسال"), esc(s.footer))
		return []byte(b.String())
	case 1:
		charset := "utf-8"
		if d.Lang == corpus.LangFA {
			charset = "windows-1256"
		}
		fmt.Fprintf(&b, `<html dir="%s">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=%s">
<title>%s - %s</title>
<meta name="date" content="%s">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":%q,"author":{"@type":"Person","name":%q}}</script>
<style>.col-main{float:left}</style>
</head>
<body>
<div id="wrapper">
<div id="top-menu">%s</div>
<div id="ticker"><marquee>%s</marquee></div>
<div class="col-main">
<div class="news-body">
%s</div>
<div class="social-links"><a href="#">Share</a> | <a href="#">Print</a> | <a href="#">Send to friends</a></div>
<div class="most-viewed"><div class="box-title">%s</div><ul>
%s</ul></div>
</div>
<div id="left-side"><div class="ad-slot"><a href="/ads/1"><img src="/ads/1.gif" alt="ad"></a></div><div class="newsletter">Subscribe to our newsletter</div></div>
<div id="copyright">%s</div>
</div>
</body>
</html>
`, dir, charset, esc(d.Title), esc(s.name), date, d.Title, date, label(d.Lang, "Staff reporter", "گروه سیاسی"),
			strings.ReplaceAll(navItems.String(), "<li>", "<span> | </span><li>"), esc(strings.Split(s.related, "|")[0]),
			body.String(), label(d.Lang, "Most viewed", "پربازدیدترین"), related.String(), esc(s.footer))
		if charset == "windows-1256" {
			return encode1256(b.String())
		}
		return []byte(b.String())
	}
	fmt.Fprintf(&b, "\uFEFF<html dir=\"%s\"><head><title>%s</title></head>\n<body>\n<table width=\"100%%\"><tr><td class=\"menu\">%s</td></tr>\n<tr><td class=\"text\">\n%s\n</td></tr>\n<tr><td class=\"footer\">%s</td></tr></table>\n</body></html>\n",
		dir, esc(d.Title), strings.ReplaceAll(strings.ReplaceAll(navItems.String(), "<li>", " | "), "</li>", ""), body.String(), esc(s.footer))
	return []byte(b.String())
}

func label(l corpus.Lang, en, fa string) string {
	if l.RTL() {
		return fa
	}
	return en
}

// encode1256 encodes a page in Windows-1256, writing characters it lacks
// (Persian digits among them) as numeric character references.
func encode1256(s string) []byte {
	enc := charmap.Windows1256.NewEncoder()
	var b bytes.Buffer
	for _, r := range s {
		out, err := enc.String(string(r))
		if err != nil || r == utf8.RuneError {
			fmt.Fprintf(&b, "&#%d;", r)
			continue
		}
		b.WriteString(out)
	}
	return b.Bytes()
}

// docx writes a document as a Word file: one paragraph per paragraph,
// Persian ones right to left, runs split as Word splits them, headings in
// heading styles, a deleted revision to be left out, a running header and
// a footer with the page number on small pages so that a PDF has several.
func docx(d *corpus.Document, revision bool) []byte {
	rtl := d.Lang.RTL()
	var body strings.Builder
	for i, p := range d.Paragraphs {
		body.WriteString("<w:p><w:pPr>")
		if p.Kind == corpus.Heading {
			body.WriteString(`<w:pStyle w:val="Heading2"/>`)
		}
		if rtl {
			body.WriteString(`<w:bidi/>`)
		}
		body.WriteString("</w:pPr>")
		for k, run := range splitRuns(p.Text, i) {
			body.WriteString(wordRun(run, rtl, k%3 == 1))
		}
		if i == 1 && revision {
			body.WriteString(`<w:del w:id="1" w:author="Editor" w:date="2024-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve"> a sentence the editor deleted.</w:delText></w:r></w:del>`)
		}
		body.WriteString("</w:p>\n")
	}
	header := "Sample News Service"
	if rtl {
		header = "سرویس خبری نمونه"
	}
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>`},
		{"word/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:cs="Noto Naskh Arabic"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style></w:styles>`},
		{"word/header1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/>` + bidi(rtl) + `</w:pPr>` + wordRun(header, rtl, false) + `</w:p></w:hdr>`},
		{"word/footer1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
` + body.String() + `<w:sectPr><w:headerReference w:type="default" r:id="rId2"/><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="8391" w:h="11906"/><w:pgMar w:top="1134" w:right="1020" w:bottom="1134" w:left="1020" w:header="567" w:footer="567" w:gutter="0"/>` + bidi(rtl) + `</w:sectPr></w:body></w:document>`},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>` + html.EscapeString(d.Title) + `</dc:title><dc:creator>` + label(d.Lang, "Translation desk", "میز ترجمه") + `</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-10-09T08:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-10-09T09:30:00Z</dcterms:modified></cp:coreProperties>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2024, 10, 9, 8, 0, 0, 0, time.UTC)})
		if err != nil {
			log.Fatal(err)
		}
		w.Write([]byte(f.body))
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

func bidi(rtl bool) string {
	if rtl {
		return "<w:bidi/>"
	}
	return ""
}

// wordRun writes one run of text.
func wordRun(text string, rtl, tagged bool) string {
	var props string
	if rtl {
		props += "<w:rtl/>"
	}
	if tagged {
		props += "<w:lang w:val=\"en-US\" w:bidi=\"fa-IR\"/>"
	}
	return "<w:r><w:rPr>" + props + "</w:rPr><w:t xml:space=\"preserve\">" + html.EscapeString(text) + "</w:t></w:r>"
}

// splitRuns cuts a paragraph into runs of varying length, some inside a
// word, as revisions and spelling checks leave Word's runs.
func splitRuns(s string, seed int) []string {
	rs := []rune(s)
	var out []string
	step := 17 + seed%23
	for len(rs) > step {
		out = append(out, string(rs[:step]))
		rs = rs[step:]
		step = 11 + (step*7+seed)%41
	}
	return append(out, string(rs))
}

// visual writes a Persian document's paragraphs hard-wrapped near 90
// characters, each line in visual order with its letters in presentation
// forms, as GNU FriBidi displays it.
func visual(d *corpus.Document) (string, error) {
	var in strings.Builder
	for _, p := range d.Paragraphs {
		for _, l := range wrapWords(p.Text, 90) {
			in.WriteString(l + "\n")
		}
		in.WriteString("\n")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "fribidi", "--nopad", "--nobreak", "--rtl")
	cmd.Stdin = strings.NewReader(in.String())
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("fribidi: %w", err)
	}
	// FriBidi writes the empty lines it is given as they are.
	return trailingSpace.ReplaceAllString(string(b), "\n"), nil
}

var trailingSpace = regexp.MustCompile(`[ \t]+\n`)

// unshape replaces the presentation forms of text in visual order with
// plain letters, still in visual order: a lam-alef ligature becomes alef
// then lam, as a PDF extractor that maps each glyph to its letters gives
// it.
func unshape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '\uFEFF' {
			continue
		}
		rs := []rune(norm.NFKC.String(string(r)))
		for i := len(rs) - 1; i >= 0; i-- {
			b.WriteRune(rs[i])
		}
	}
	return b.String()
}

func wrapWords(s string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
