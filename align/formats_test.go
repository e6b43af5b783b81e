package align

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"hamta/corpus"
)

// formatPair is a gold pair with its two sides' base names, by which the
// format fixtures (testdata/formats/FORMAT/BASE.FORMAT) are found.
type formatPair struct {
	name, kind     string
	faTxt, enTxt   string // the plain-text files
	faBase, enBase string
	gold           []Bead
}

func formatPairs(t *testing.T) []formatPair {
	var out []formatPair
	for _, fx := range fixtures(t) {
		out = append(out, formatPair{
			name: fx.name, kind: fx.kind, faTxt: fx.fa, enTxt: fx.en,
			faBase: strings.TrimSuffix(filepath.Base(fx.fa), ".txt"),
			enBase: strings.TrimSuffix(filepath.Base(fx.en), ".txt"),
			gold:   readGold(t, fx.gold),
		})
	}
	return out
}

// letterKey is a paragraph as matched across formats: its folded letters
// and digits, sorted (PDF extraction reorders some within a paragraph).
func letterKey(s string) string {
	rs := []rune(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, corpus.Fold(s)))
	slices.Sort(rs)
	return string(rs)
}

// toTextIndices maps a document read from another format onto the
// plain-text document's paragraph numbering, by their letters. A
// paragraph with no counterpart in the text (page furniture let through,
// two paragraphs run together) gets a number of its own that no gold bead
// holds, so a bead containing it counts as wrong.
func toTextIndices(d, txt *corpus.Document) map[int]int {
	queue := map[string][]int{}
	for _, p := range txt.Paragraphs {
		k := letterKey(p.Text)
		queue[k] = append(queue[k], p.Index)
	}
	m := map[int]int{}
	for _, p := range d.Paragraphs {
		k := letterKey(p.Text)
		if q := queue[k]; len(q) > 0 {
			m[p.Index], queue[k] = q[0], q[1:]
		} else {
			m[p.Index] = 100000 + p.Index
		}
	}
	return m
}

func remap(beads []Bead, fa, en map[int]int) []Bead {
	out := make([]Bead, len(beads))
	for i, b := range beads {
		out[i] = b
		out[i].A, out[i].B = make([]int, len(b.A)), make([]int, len(b.B))
		for k, x := range b.A {
			out[i].A[k] = fa[x]
		}
		for k, x := range b.B {
			out[i].B[k] = en[x]
		}
	}
	return out
}

// TestFormatsAlignment aligns every gold pair read from HTML pages, Word
// documents and PDFs made from the same articles, and with the Persian in
// visual order (shaped, or as plain letters), and compares F1 with the
// plain text's: the target is within 0.02, for translations and for
// reports of the same event.
func TestFormatsAlignment(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns every fixture four times")
	}
	pairs := formatPairs(t)
	al := NewAligner()
	ctx := context.Background()
	score := func(format string) map[string]Score {
		sc := map[string]*Scorer{"translation": {}, "comparable": {}}
		for _, fp := range pairs {
			faTxt, enTxt := readDoc(t, fp.faTxt), readDoc(t, fp.enTxt)
			fa, en := faTxt, enTxt
			switch format {
			case "text":
			case "visual", "letters":
				// The Persian side in visual order, repaired on reading.
				fa = readDoc(t, filepath.Join("..", "testdata", "formats", "reversed", fp.faBase+"."+format+".txt"))
			default:
				dir := filepath.Join("..", "testdata", "formats", format)
				fa = readDoc(t, filepath.Join(dir, fp.faBase+"."+format))
				en = readDoc(t, filepath.Join(dir, fp.enBase+"."+format))
			}
			beads, err := al.AlignDocs(ctx, fa, en)
			if err != nil {
				t.Fatal(err)
			}
			if format != "text" {
				beads = remap(beads, toTextIndices(fa, faTxt), toTextIndices(en, enTxt))
			}
			sc[fp.kind].Add(fp.gold, beads)
			if os.Getenv("HAMTA_VERBOSE") != "" {
				var one Scorer
				one.Add(fp.gold, beads)
				t.Logf("%-5s %-22s strict F1 %.3f", format, fp.name, one.Result().F1Strict)
			}
		}
		return map[string]Score{"translation": sc["translation"].Result(), "comparable": sc["comparable"].Result()}
	}
	text := score("text")
	for _, format := range []string{"html", "docx", "pdf", "visual", "letters"} {
		if format == "pdf" {
			if _, err := exec.LookPath("pdftotext"); err != nil {
				t.Log("pdf: skipped, pdftotext not installed (poppler-utils)")
				continue
			}
		}
		got := score(format)
		for _, kind := range []string{"translation", "comparable"} {
			g, w := got[kind], text[kind]
			t.Logf("%-5s %-11s strict F1 %.3f (text %.3f)  lax F1 %.3f (text %.3f)", format, kind, g.F1Strict, w.F1Strict, g.F1Lax, w.F1Lax)
			if math.Abs(g.F1Strict-w.F1Strict) > 0.02 || math.Abs(g.F1Lax-w.F1Lax) > 0.02 {
				t.Errorf("%s %s: F1 strict %.3f lax %.3f, text %.3f %.3f: more than 0.02 apart", format, kind, g.F1Strict, g.F1Lax, w.F1Strict, w.F1Lax)
			}
		}
	}
}

// TestFormatDates: the publication date a page's meta tags give is the
// date pairing reads, as a text's "Publish Date" line is.
func TestFormatDates(t *testing.T) {
	page := readDoc(t, "../testdata/formats/html/003_632861df6ad09d70.html")
	text := readDoc(t, "../testdata/corpus/003_632861df6ad09d70.txt")
	dp, okP := DocDate(page)
	dt, okT := DocDate(text)
	if !okP || !okT || !dp.Equal(dt) {
		t.Errorf("page date %v %v (meta %q), text date %v %v", dp, okP, page.Meta["date"], dt, okT)
	}
	// A Word file's dates say when it was saved, not published.
	if d, ok := DocDate(readDoc(t, "../testdata/formats/docx/earthquake.fa.docx")); ok {
		t.Errorf("a Word file's save date taken as its publication date: %v", d)
	}
}
