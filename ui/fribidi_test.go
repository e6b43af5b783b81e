package ui

import (
	"bytes"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"hamta/corpus"
	"hamta/ui/rtl"
)

// fribidiLines puts lines in visual order and shapes them with GNU
// FriBidi's fribidi command (Debian's libfribidi-bin), one paragraph a
// line, base direction rtl or ltr. It skips the test where fribidi is
// not installed.
func fribidiLines(t *testing.T, lines []string, rtlBase bool) []string {
	t.Helper()
	bin, err := exec.LookPath("fribidi")
	if err != nil {
		t.Skip("fribidi not installed (Debian package libfribidi-bin)")
	}
	dir := "--ltr"
	if rtlBase {
		dir = "--rtl"
	}
	cmd := exec.Command(bin, dir, "--nopad", "--nobreak", "--reordernsm")
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("fribidi: %v: %s", err, stderr.String())
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != len(lines) {
		t.Fatalf("fribidi gave %d lines for %d", len(got), len(lines))
	}
	return got
}

// comparable removes what fribidi writes and the screen leaves out: the
// U+FEFF it puts where an alef joined a lam-alef ligature, and the
// joiners and marks that take no cell.
func comparable(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\ufeff', '\u200c', '\u200d', '\u200e', '\u200f', '\u061c':
			return -1
		}
		return r
	}, s)
}

// generatedLines mixes English and Persian words, numbers in three
// scripts, punctuation of both languages, quotes and brackets.
func generatedLines(n int) []string {
	en := []string{"The", "sign", "read", "and", "minister", "said", "Gaza", "Tehran", "Haniyeh", "in", "of", "ceasefire", "OK"}
	fa := []string{"به", "تهران", "خوش", "آمدید", "می‌رود", "آتش‌بس", "وزیر", "امور", "خارجه", "هنیه", "کشور", "رژیم", "گفت", "لا", "الله", "پژوهش", "چگونه", "سَلام"}
	nums := []string{"120", "۱۲۰", "١٢٠", "۱۴۰۳", "3.5", "14,800", "۱۴٬۸۰۰", "2024-10-09", "50%", "$30", "-5", "+98", "1/2"}
	punct := []string{".", ",", "،", "؛", "؟", ":", "!", "-", "/", "…"}
	pairs := [][2]string{{"(", ")"}, {"[", "]"}, {"«", "»"}, {"\"", "\""}, {"{", "}"}}
	r := rand.New(rand.NewPCG(9, 72089))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	var out []string
	for range n {
		var toks []string
		for k := 2 + r.IntN(10); k > 0; k-- {
			switch x := r.IntN(10); {
			case x < 3:
				toks = append(toks, pick(en))
			case x < 6:
				toks = append(toks, pick(fa))
			case x < 8:
				toks = append(toks, pick(nums))
			case x < 9:
				if len(toks) == 0 {
					toks = append(toks, pick(punct))
				} else {
					toks[len(toks)-1] += pick(punct)
				}
			default:
				p := pairs[r.IntN(len(pairs))]
				inner := pick(fa)
				if r.IntN(2) == 0 {
					inner = pick(en) + " " + pick(nums)
				}
				toks = append(toks, p[0]+inner+p[1])
			}
		}
		out = append(out, strings.Join(toks, " "))
	}
	return out
}

// corpusLines are the paragraphs of the sample corpus and the written
// fixtures, each as one line, by language.
func corpusLines(t *testing.T) (fa, en []string) {
	files, _ := filepath.Glob("../testdata/corpus/*.txt")
	more, _ := filepath.Glob("../testdata/align/*.txt")
	for _, f := range append(files, more...) {
		d, err := corpus.ReadFile(f, corpus.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range d.Paragraphs {
			text := rtl.SanitizeString(p.Text)
			if p.Lang == corpus.LangFA {
				fa = append(fa, text)
			} else {
				en = append(en, text)
			}
		}
	}
	return fa, en
}

// TestFribidiDifferential draws lines through the app-mode text path and
// compares them with GNU FriBidi's visual order and shaping: generated
// lines and every paragraph of the sample corpus and fixtures, in both
// base directions.
func TestFribidiDifferential(t *testing.T) {
	fa, en := corpusLines(t)
	gen := generatedLines(3000)
	issue := "The sign read «به تهران خوش آمدید ۱۴۰۳» and"
	sets := []struct {
		name  string
		lines []string
		rtl   bool
	}{
		{"generated, LTR", append([]string{issue}, gen...), false},
		{"generated, RTL", gen, true},
		{"corpus English, LTR", en, false},
		{"corpus Persian, RTL", fa, true},
		{"corpus Persian, LTR", fa, false},
	}
	total, same := 0, 0
	for _, set := range sets {
		want := fribidiLines(t, set.lines, set.rtl)
		dir := rtl.LTR
		if set.rtl {
			dir = rtl.RTL
		}
		diff := 0
		for i, l := range set.lines {
			got := comparable(drawLine(BidiApp, l, dir))
			w := comparable(want[i])
			total++
			if got == w {
				same++
				continue
			}
			diff++
			if diff <= 5 {
				t.Errorf("%s: %q\n hamta   %q\n fribidi %q", set.name, l, got, w)
			}
		}
		t.Logf("%s: %d of %d lines match fribidi", set.name, len(set.lines)-diff, len(set.lines))
	}
	t.Logf("all: %d of %d lines match fribidi", same, total)
	if total == 0 {
		t.Fatal("no lines compared")
	}
}

// TestFribidiIssueLine is the case that was scrambled: a Latin line
// quoting Persian with a number.
func TestFribidiIssueLine(t *testing.T) {
	for _, l := range []string{"The sign read «به تهران خوش آمدید ۱۴۰۳» and", "foo رژیم ۱۲۰ کشور bar"} {
		want := fribidiLines(t, []string{l}, false)[0]
		if got := drawLine(BidiApp, l, rtl.LTR); comparable(got) != comparable(want) {
			t.Errorf("%q:\n hamta   %q\n fribidi %q", l, got, want)
		}
	}
}
