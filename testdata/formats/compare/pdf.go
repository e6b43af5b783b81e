package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"golang.org/x/text/unicode/norm"

	"hamta/corpus"
)

// pdfSet is a group of PDFs made from the fixtures' text.
type pdfSet struct {
	name  string
	files map[string]string // PDF → the text it was made from
}

// comparePDF extracts the text of Persian and English PDFs with pdftotext
// (as hamta reads them) and with PDFium's text API, and scores the words
// of each against the text the PDF was made from: folded (ZWNJ, letter
// forms and digits ignored) and as written (a word that lost its ZWNJ or
// came out in another form counts as wrong).
func comparePDF() {
	tmp, err := os.MkdirTemp("", "hamta-compare-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	sources := map[string]string{}
	for _, g := range []string{"../../corpus/*.txt", "../../align/*.txt"} {
		m, _ := filepath.Glob(g)
		for _, p := range m {
			sources[strings.TrimSuffix(filepath.Base(p), ".txt")] = p
		}
	}
	fixtures := pdfSet{name: "fixtures (Word, RTL paragraphs, Noto Naskh)", files: map[string]string{}}
	pdfs, _ := filepath.Glob("../pdf/*.pdf")
	for _, p := range pdfs {
		fixtures.files[p] = sources[strings.TrimSuffix(filepath.Base(p), ".pdf")]
	}
	// Persian Word documents justified (LibreOffice stretches Arabic
	// script with kashidas), and Persian plain text printed as it is (no
	// right-to-left paragraphs, a fallback font).
	justified := pdfSet{name: "Persian, justified", files: map[string]string{}}
	plain := pdfSet{name: "Persian, from plain text", files: map[string]string{}}
	jdir, pdir := filepath.Join(tmp, "justified"), filepath.Join(tmp, "plain")
	os.MkdirAll(jdir, 0o755)
	os.MkdirAll(pdir, 0o755)
	for base, src := range sources {
		if !strings.Contains(base, ".fa") && base != "001_4458d8df9d782b8d" {
			continue
		}
		if err := justify(filepath.Join("..", "docx", base+".docx"), filepath.Join(jdir, base+".docx")); err != nil {
			log.Fatal(err)
		}
		raw, _ := os.ReadFile(src)
		os.WriteFile(filepath.Join(pdir, base+".txt"), raw, 0o644)
		justified.files[filepath.Join(jdir, base+".pdf")] = src
		plain.files[filepath.Join(pdir, base+".pdf")] = src
	}
	for _, dir := range []string{jdir, pdir} {
		in, _ := filepath.Glob(filepath.Join(dir, "*.docx"))
		txt, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		args := append([]string{"--headless", "--convert-to", "pdf", "--outdir", dir}, append(in, txt...)...)
		if out, err := exec.Command("libreoffice", args...).CombinedOutput(); err != nil {
			log.Fatalf("libreoffice: %v\n%s", err, out)
		}
	}

	t0 := time.Now()
	pool, err := webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1})
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	inst, err := pool.GetInstance(time.Minute)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("PDFium (WebAssembly) start-up: %v\n", time.Since(t0).Round(time.Millisecond))

	for _, set := range []pdfSet{fixtures, justified, plain} {
		var scores [2][2]wordScore // [extractor][folded, as written]
		var elapsed [2]time.Duration
		n := 0
		for pdf, src := range set.files {
			txt, err := corpus.ReadFile(src, corpus.Options{})
			if err != nil {
				log.Fatal(err)
			}
			var want strings.Builder
			for _, p := range txt.Paragraphs {
				want.WriteString(p.Text + "\n")
			}
			t1 := time.Now()
			d, err := corpus.ReadFile(pdf, corpus.Options{})
			elapsed[0] += time.Since(t1)
			if err != nil {
				log.Fatalf("%s: %v", pdf, err)
			}
			var got strings.Builder
			for _, p := range d.Paragraphs {
				got.WriteString(p.Text + "\n")
			}
			t2 := time.Now()
			pt, err := pdfiumText(inst, pdf)
			elapsed[1] += time.Since(t2)
			if err != nil {
				log.Fatalf("%s: %v", pdf, err)
			}
			for e, text := range []string{got.String(), pt} {
				scores[e][0].add(foldedWords(text), foldedWords(want.String()))
				scores[e][1].add(writtenWords(text), writtenWords(want.String()))
			}
			n++
		}
		fmt.Printf("%s, %d PDFs:\n", set.name, n)
		for e, name := range []string{"pdftotext (hamta)", "PDFium"} {
			fmt.Printf("  %-18s words F1 folded %.3f, as written %.3f; %.1f ms a PDF\n", name,
				scores[e][0].f1(), scores[e][1].f1(), float64(elapsed[e].Microseconds())/1000/float64(n))
		}
	}
}

// pdfiumText returns the text of every page of a PDF by PDFium.
func pdfiumText(inst pdfium.Pdfium, path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &b})
	if err != nil {
		return "", err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	for i := 0; i < pc.PageCount; i++ {
		t, err := inst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
		if err != nil {
			return "", err
		}
		sb.WriteString(t.Text + "\n")
	}
	return sb.String(), nil
}

// justify copies a Word document with its paragraphs justified.
func justify(from, to string) error {
	zr, err := zip.OpenReader(from)
	if err != nil {
		return err
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" {
			b = bytes.ReplaceAll(b, []byte("<w:bidi/></w:pPr>"), []byte(`<w:bidi/><w:jc w:val="both"/></w:pPr>`))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return os.WriteFile(to, buf.Bytes(), 0o644)
}

type wordScore struct{ common, got, want int }

func (s *wordScore) add(got, want map[string]int) {
	for w, n := range got {
		s.common += min(n, want[w])
		s.got += n
	}
	for _, n := range want {
		s.want += n
	}
}

func (s wordScore) f1() float64 {
	if s.got == 0 || s.want == 0 {
		return 0
	}
	p, r := float64(s.common)/float64(s.got), float64(s.common)/float64(s.want)
	return 2 * p * r / (p + r)
}

func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != '\u200c'
	})
}

func foldedWords(s string) map[string]int {
	m := map[string]int{}
	for _, w := range splitWords(corpus.Fold(s)) {
		m[w]++
	}
	return m
}

func writtenWords(s string) map[string]int {
	m := map[string]int{}
	for _, w := range splitWords(norm.NFC.String(s)) {
		m[strings.Trim(w, "\u200c")]++
	}
	return m
}
