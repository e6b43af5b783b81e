package bench

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestVaryNumbers(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"4 killed, 2 missing", "14 killed, 12 missing"},
		{"۴ کشته و ۲ مفقود", "۱۴ کشته و ۱۲ مفقود"},
		{"٣ and 3.5", "١٣ and 13.15"},
		{"no numbers", "no numbers"},
	} {
		if got := varyNumbers(tt.in, 10); got != tt.want {
			t.Errorf("varyNumbers(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestGenerator writes a small corpus and checks that it has about the
// paragraphs asked for, pairs with the same numbers on both sides, and
// that queries are the same every time.
func TestGenerator(t *testing.T) {
	g, err := NewGenerator("..", 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := g.Write(dir, 3000)
	if err != nil {
		t.Fatal(err)
	}
	if st.Paragraphs < 3000 || st.Paragraphs > 3200 || st.Pairs == 0 {
		t.Fatalf("stats %+v", st)
	}
	fas, _ := filepath.Glob(filepath.Join(dir, "*", "*.fa.txt"))
	checked := 0
	for _, fa := range fas {
		en := strings.TrimSuffix(fa, ".fa.txt") + ".en.txt"
		b, err := os.ReadFile(en)
		if err != nil {
			continue // a Persian document alone
		}
		a, _ := os.ReadFile(fa)
		if !strings.ContainsAny(string(a), "۰۱۲۳۴۵۶۷۸۹") || !strings.ContainsAny(string(b), "0123456789") {
			t.Errorf("%s: numbers missing", fa)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no pair written")
	}
	q1, q2 := g.Queries(200), g.Queries(200)
	if len(q1) != 200 || !slices.Equal(q1, q2) {
		t.Errorf("queries differ between calls")
	}
}
