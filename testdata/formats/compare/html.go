package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html/charset"
	"hamta/corpus"
)

func key(s string) string {
	return strings.Join(strings.Fields(corpus.Fold(s)), " ")
}

func words(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(corpus.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		m[w]++
	}
	return m
}

// overlap returns precision and recall of got's words against want's.
func overlap(got, want map[string]int) (p, r float64, g, w int) {
	common := 0
	for k, n := range got {
		common += min(n, want[k])
		g += n
	}
	for _, n := range want {
		w += n
	}
	if g > 0 {
		p = float64(common) / float64(g)
	}
	if w > 0 {
		r = float64(common) / float64(w)
	}
	return
}

func readabParas(raw []byte, decode bool) ([]string, error) {
	var r io.Reader = bytes.NewReader(raw)
	if decode {
		var err error
		if r, err = charset.NewReader(r, ""); err != nil {
			return nil, err
		}
	}
	a, err := readability.FromReader(r, nil)
	if err != nil {
		return nil, err
	}
	if a.Node == nil {
		return nil, nil
	}
	var b bytes.Buffer
	a.RenderText(&b)
	var out []string
	for _, l := range strings.Split(b.String(), "\n") {
		if t := strings.TrimSpace(l); t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

func ownParas(name string, raw []byte) ([]string, error) {
	d, err := corpus.ParseHTML(name, raw)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range d.Paragraphs {
		out = append(out, p.Text)
	}
	return out, nil
}

// compareHTML measures hamta's content rules and go-readability on the
// page fixtures (against the text they were made from) and on
// go-readability's own test pages (against its expected output).
func compareHTML() {
	root := "../.."
	files, _ := filepath.Glob(root + "/formats/html/*.html")
	for _, method := range []string{"own", "readability", "readability+charset"} {
		found, total, leaked, extracted := 0, 0, 0, 0
		var wordsP, wordsR float64
		t0 := time.Now()
		n := 0
		for rep := 0; rep < 5; rep++ {
			for _, f := range files {
				raw, _ := os.ReadFile(f)
				var paras []string
				var err error
				if method == "own" {
					paras, err = ownParas(f, raw)
				} else {
					paras, err = readabParas(raw, method == "readability+charset")
				}
				n++
				if err != nil {
					fmt.Println(f, err)
					continue
				}
				if rep > 0 {
					continue
				}
				base := strings.TrimSuffix(filepath.Base(f), ".html")
				src := filepath.Join(root, "corpus", base+".txt")
				if _, err := os.Stat(src); err != nil {
					src = filepath.Join(root, "align", base+".txt")
				}
				txt, err := corpus.ReadFile(src, corpus.Options{})
				if err != nil {
					panic(err)
				}
				want := map[string]bool{}
				for _, p := range txt.Paragraphs {
					want[key(p.Text)] = true
				}
				got := map[string]bool{}
				for _, p := range paras {
					got[key(p)] = true
					extracted++
					if !want[key(p)] {
						leaked++
					}
				}
				for k := range want {
					total++
					if got[k] {
						found++
					}
				}
				var all strings.Builder
				for _, p := range txt.Paragraphs {
					all.WriteString(p.Text + "\n")
				}
				pp, rr, _, _ := overlap(words(strings.Join(paras, "\n")), words(all.String()))
				wordsP += pp
				wordsR += rr
			}
		}
		el := time.Since(t0)
		fmt.Printf("fixtures %-19s paragraphs found %d/%d, extracted %d of which not article %d; word P %.3f R %.3f; %.0f pages/s (one core)\n",
			method, found, total, extracted, leaked, wordsP/float64(len(files)), wordsR/float64(len(files)), float64(n)/el.Seconds())
	}
	// Real pages from readability's test suite, against its expected output.
	dirs, _ := filepath.Glob(filepath.Join(moduleDir("codeberg.org/readeck/go-readability/v2"), "test-pages", "*"))
	for _, method := range []string{"own", "readability"} {
		var sp, sr float64
		n, failed, good := 0, 0, 0
		for _, d := range dirs {
			raw, err1 := os.ReadFile(filepath.Join(d, "source.html"))
			exp, err2 := os.ReadFile(filepath.Join(d, "expected.html"))
			if err1 != nil || err2 != nil {
				continue
			}
			var expText strings.Builder
			if ed, err := corpus.ParseHTML("e.html", exp); err == nil {
				for _, p := range ed.Paragraphs {
					expText.WriteString(p.Text + "\n")
				}
			} else {
				continue
			}
			var paras []string
			var err error
			if method == "own" {
				paras, err = ownParas("s.html", raw)
			} else {
				paras, err = readabParas(raw, false)
			}
			n++
			if err != nil || len(paras) == 0 {
				failed++
				continue
			}
			p, r, _, _ := overlap(words(strings.Join(paras, "\n")), words(expText.String()))
			sp += p
			sr += r
			if p >= 0.9 && r >= 0.9 {
				good++
			}
		}
		fmt.Printf("readability test pages %-19s %d pages: mean word P %.3f R %.3f; both ≥0.9 on %d; failed %d\n", method, n, sp/float64(n), sr/float64(n), good, failed)
	}
}
