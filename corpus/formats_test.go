package corpus

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// formatSources returns the plain-text articles the format fixtures were
// made from, by their base name.
func formatSources(t testing.TB) map[string]string {
	out := map[string]string{}
	for _, g := range []string{"../testdata/corpus/*.txt", "../testdata/align/*.txt"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range m {
			out[strings.TrimSuffix(filepath.Base(p), ".txt")] = p
		}
	}
	return out
}

// paragraphKeys is a document's paragraphs as compared across formats:
// folded, letters and digits only. With sorted, the letters of each are
// sorted: pdftotext moves punctuation and spaces around numbers in
// right-to-left lines, and writes some ligatures backwards (الله as اهلل,
// ۹۰+۳ as ۳+۹۰), but a paragraph must still hold the same letters, no
// more, no fewer.
func paragraphKeys(d *Document, sorted bool) []string {
	out := make([]string, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		rs := []rune(strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, Fold(p.Text)))
		if sorted {
			slices.Sort(rs)
		}
		out[i] = string(rs)
	}
	return out
}

// TestFormatFixtures reads every article as HTML, DOCX and PDF and checks
// that it has the text version's paragraphs: all of them, in order, and
// nothing of the page around them. Running headers, page numbers and site
// furniture must not leak in.
func TestFormatFixtures(t *testing.T) {
	srcs := formatSources(t)
	for _, format := range []string{"html", "docx", "pdf"} {
		t.Run(format, func(t *testing.T) {
			if format == "pdf" {
				if _, err := exec.LookPath("pdftotext"); err != nil {
					t.Skip("pdftotext not installed (poppler-utils)")
				}
			}
			files, err := filepath.Glob(filepath.Join("../testdata/formats", format, "*."+format))
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != len(srcs) {
				t.Fatalf("%d %s fixtures for %d texts", len(files), format, len(srcs))
			}
			exact, total := 0, 0
			for _, f := range files {
				base := strings.TrimSuffix(filepath.Base(f), "."+format)
				txt, err := ReadFile(srcs[base], Options{})
				if err != nil {
					t.Fatal(err)
				}
				d, err := ReadFile(f, Options{})
				if err != nil {
					t.Errorf("%s: %v", f, err)
					continue
				}
				if d.Format != Format(format) || d.Lang != txt.Lang {
					t.Errorf("%s: format %s lang %s, want %s %s", f, d.Format, d.Lang, format, txt.Lang)
				}
				sorted := format == "pdf"
				want, got := paragraphKeys(txt, sorted), paragraphKeys(d, sorted)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("%s: paragraphs differ from the text's:\n%s", f, diffLines(want, got))
				}
				want, got = paragraphKeys(txt, false), paragraphKeys(d, false)
				total += len(want)
				set := map[string]bool{}
				for _, k := range got {
					set[k] = true
				}
				for _, k := range want {
					if set[k] {
						exact++
					}
				}
			}
			t.Logf("%s: %d of %d paragraphs read letter for letter", format, exact, total)
		})
	}
}

// diffLines shows where two lists of lines part.
func diffLines(want, got []string) string {
	var b strings.Builder
	for i := 0; i < max(len(want), len(got)); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			b.WriteString("  want " + short(w) + "\n   got " + short(g) + "\n")
		}
	}
	return b.String()
}

func short(s string) string {
	if r := []rune(s); len(r) > 70 {
		return string(r[:70]) + "…"
	}
	return s
}
