package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// normalTexts returns every article of the test data as it is, and the
// Persian ones also as PDF extraction damages them (no ZWNJ, Arabic
// letters, hard-wrapped), by name.
func normalTexts(t *testing.T) map[string]string {
	out := map[string]string{}
	for name, p := range formatSources(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
		if DetectLang(string(b)) == LangFA {
			broken := strings.NewReplacer("\u200c", "", "ی", "ي", "ک", "ك").Replace(string(b))
			out[name+" (pdf-broken)"] = strings.Join(wrap(broken, 95), "\n")
		}
	}
	return out
}

func hasWarning(d *Document, s string) bool {
	for _, w := range d.Warnings {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

// TestPersianNoFalseAlarm: no text in logical order, Persian or English,
// plain or damaged, in any format, is taken for visual order or
// presentation forms.
func TestPersianNoFalseAlarm(t *testing.T) {
	n := 0
	worst := 0.0 // the largest share of words known only backwards
	for name, text := range normalTexts(t) {
		if p := CheckPersian(text); p.Words > 0 {
			worst = max(worst, float64(p.Reversed)/float64(p.Words))
		}
		d, err := Parse(name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		n++
		if hasWarning(d, "visual order") || hasWarning(d, "presentation forms") {
			t.Errorf("%s: false alarm: %v", name, d.Warnings)
		}
		if p := CheckPersian(text); p.IsReversed() {
			t.Errorf("%s: reads as reversed: %+v", name, p)
		}
	}
	for _, format := range []string{"html", "docx"} {
		files, _ := filepath.Glob(filepath.Join("../testdata/formats", format, "*"))
		for _, f := range files {
			d, err := ReadFile(f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			n++
			if hasWarning(d, "visual order") || hasWarning(d, "presentation forms") {
				t.Errorf("%s: false alarm: %v", f, d.Warnings)
			}
		}
	}
	t.Logf("%d texts in logical order, no false alarm; at most %.1f%% of a text's words known backwards", n, 100*worst)
}

// reversedCopies returns the Persian articles turned to visual order in
// several ways: by GNU FriBidi (shaped, and with its presentation forms
// taken back to letters), by VisualToLogical (which is its own inverse for
// these lines), and by naively reversing each line's characters.
func reversedCopies(t *testing.T) map[string]string {
	out := map[string]string{}
	files, err := filepath.Glob("../testdata/formats/reversed/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no reversed fixtures: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	for name, text := range normalTexts(t) {
		if DetectLang(text) != LangFA {
			continue
		}
		lines := strings.Split(text, "\n")
		own, naive := make([]string, len(lines)), make([]string, len(lines))
		for i, l := range lines {
			own[i] = VisualToLogical(l)
			naive[i] = reverseString(l)
		}
		out[name+" (own)"] = strings.Join(own, "\n")
		out[name+" (naive)"] = strings.Join(naive, "\n")
	}
	return out
}

// TestPersianReversedCaught: every reversed copy is caught and repaired,
// with a warning; the fixtures made by FriBidi come back with the
// paragraphs of their source.
func TestPersianReversedCaught(t *testing.T) {
	srcs := formatSources(t)
	caught, total := 0, 0
	least := 1.0 // the smallest share of words known backwards
	for name, text := range reversedCopies(t) {
		if p := CheckPersian(text); p.Words > 0 {
			least = min(least, float64(p.Reversed)/float64(p.Words))
		}
		d, err := Parse(name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		total++
		if !hasWarning(d, "visual order") {
			t.Errorf("%s: not caught: %v %+v", name, d.Warnings, CheckPersian(text))
			continue
		}
		caught++
		base, _, ok := strings.Cut(name, ".visual.txt")
		if !ok {
			base, _, ok = strings.Cut(name, ".letters.txt")
		}
		if !ok {
			continue
		}
		if ok && strings.HasSuffix(name, ".visual.txt") && !hasWarning(d, "presentation forms") {
			t.Errorf("%s: presentation forms not reported: %v", name, d.Warnings)
		}
		src, err := ReadFile(srcs[base], Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, got := paragraphKeys(src, false), paragraphKeys(d, false)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: repaired paragraphs differ:\n%s", name, diffLines(want, got))
		}
	}
	t.Logf("%d of %d reversed copies caught; at least %.1f%% of a copy's words known backwards", caught, total, 100*least)
}

// TestPersianReversedLines: in a text in logical order, a line reversed on
// its own is repaired and the rest left alone.
func TestPersianReversedLines(t *testing.T) {
	good := "وزیر امور خارجه کشورمان در این دیدار گفت که همکاری دو کشور ادامه دارد."
	bad := reverseString("رئیس جمهور در این سفر با مقامات دولت و مجلس دیدار کرد.")
	text := good + "\n\n" + bad + "\n\n" + good + " " + good
	out, warnings := RepairPersian(text)
	lines := strings.Split(out, "\n")
	if lines[0] != good || lines[2] != reverseString(bad) || len(warnings) != 1 || !strings.Contains(warnings[0], "on 1 lines") {
		t.Errorf("repaired:\n%s\nwarnings %v", out, warnings)
	}
}

func TestVisualToLogical(t *testing.T) {
	for _, c := range []struct{ visual, logical string }{
		{"ﻡﻭﺪﺼﻣ 412 ﻭ", "ﻭ 412 ﻣﺼﺪﻭﻡ"},
		{"درآمد ۱۲٫۵ درصد", "دصرد ۱۲٫۵ دمآرد"},
		{"(ناتسرل) COVID 19 سگ", "گس COVID 19 (لرستان)"},
		{"«هتشک ۱۴» و", "و «۱۴ کشته»"},
		{"۳۰۰۰ و ۴۵۰۰", "۴۵۰۰ و ۳۰۰۰"},
		{"٪۷۰", "٪۷۰"},
	} {
		if got := VisualToLogical(c.visual); got != c.logical {
			t.Errorf("VisualToLogical(%q) = %q, want %q", c.visual, got, c.logical)
		}
	}
}

func FuzzRepairPersian(f *testing.F) {
	f.Add("ﻡﻭﺪﺼﻣ 412 ﻭ «ﻪﺘﺸﮐ ۱۴» (ﻥﺎﺘﺳﺮﻟ)")
	f.Add("تسا هدش هتفگ نیا رد هک\nسلام")
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := RepairPersian(s)
		if strings.Count(out, "\n") != strings.Count(s, "\n") {
			t.Errorf("line count changed: %q -> %q", s, out)
		}
		VisualToLogical(s)
		CheckPersian(s)
	})
}
