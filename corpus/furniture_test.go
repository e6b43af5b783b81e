package corpus

import (
	"slices"
	"strings"
	"testing"
)

// TestRepeatedParagraphs drops a repeated paragraph only where furniture
// repeats, and says which it dropped.
func TestRepeatedParagraphs(t *testing.T) {
	long := "The two ministers agreed to raise trade to three billion dollars within five years and to open a new border crossing next spring."
	quote := "«ما آماده‌ایم حجم ترانزیت از این مسیر را سه برابر کنیم.»"
	tests := []struct {
		name    string
		paras   []string
		kinds   []Kind
		dropped []int
	}{
		{
			name:    "title printed twice at the top",
			paras:   []string{"Ministers agree to double trade", "Ministers agree to double trade", long},
			kinds:   []Kind{Heading, Furniture, Body},
			dropped: []int{1},
		},
		{
			name:    "short navigation line repeated far down",
			paras:   []string{long, "Back to the region page", long + " More.", "A second body paragraph that says something else entirely.", "Back to the region page"},
			kinds:   []Kind{Body, Heading, Body, Body, Furniture},
			dropped: []int{4},
		},
		{
			name:  "a quote given twice is text",
			paras: []string{long, quote, "The minister then repeated what he had said in the morning, in the same words.", quote},
			kinds: []Kind{Body, Body, Body, Body},
		},
		{
			name:  "a document of repeated blocks keeps them all",
			paras: []string{long, "Another paragraph of the block with its own words.", long, "Another paragraph of the block with its own words.", long},
			kinds: []Kind{Body, Body, Body, Body, Body},
		},
	}
	for _, tt := range tests {
		d, err := Parse("doc.txt", []byte(strings.Join(tt.paras, "\n\n")+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Paragraphs) != len(tt.kinds) {
			t.Fatalf("%s: %d paragraphs, want %d", tt.name, len(d.Paragraphs), len(tt.kinds))
		}
		for i, p := range d.Paragraphs {
			if p.Kind != tt.kinds[i] {
				t.Errorf("%s: paragraph %d is %s, want %s", tt.name, i, p.Kind, tt.kinds[i])
			}
		}
		if got := d.DroppedRepeats(); !slices.Equal(got, tt.dropped) {
			t.Errorf("%s: dropped repeats %v, want %v", tt.name, got, tt.dropped)
		}
	}
}

// TestBlankLinesTakeNoPart keeps a sentence-per-line file's empty lines,
// and lines with no letter and no digit (a scan's stray marks), as
// paragraphs, so numbers match lines, but out of alignment; short lines
// with a letter or a number stay.
func TestBlankLinesTakeNoPart(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		aligned    []int
	}{
		{"blank", "First sentence.\n\n  \nSecond sentence.\n", []int{0, 3}},
		{"marks", "One.\n..... \n- _- \n.:-- , .\n« » !\nTwo.\n", []int{0, 5}},
		{"short text", "2. 1953 :\nC ) .\n24 a !\n۱۲\nو\n", []int{0, 1, 2, 3, 4}},
	} {
		d, err := ParseLines("lines.txt", []byte(tt.text))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(tt.text, "\n"); len(d.Paragraphs) != n {
			t.Fatalf("%s: %d paragraphs, want %d", tt.name, len(d.Paragraphs), n)
		}
		var aligned []int
		for _, p := range d.AlignedParagraphs() {
			aligned = append(aligned, p.Index)
		}
		if !slices.Equal(aligned, tt.aligned) {
			t.Errorf("%s: aligned paragraphs %v, want %v", tt.name, aligned, tt.aligned)
		}
	}
}

// FuzzCollapseSpaces checks collapseSpaces against strings.Fields.
func FuzzCollapseSpaces(f *testing.F) {
	for _, s := range []string{"", " ", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "a\u200cb", "a\u3000b", "\u0085", "می\u200cشود و", "a\u2028b", "\xe2\x80", "x\xc2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpaces(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", s, got, want)
		}
	})
}
