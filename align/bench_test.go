package align

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// benchDir is the public German–French test set beside the project; tests
// that need it skip when it is absent. HAMTA_BENCH overrides the place.
func benchDir() string {
	if d := os.Getenv("HAMTA_BENCH"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "bench", "textberg-de-fr")
}

func readLines(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

func lineSegments(lines []string) []Segment {
	segs := make([]Segment, len(lines))
	for i, l := range lines {
		segs[i] = Segment{Len: utf8.RuneCountInString(l), Feats: GenericFeatures(l)}
	}
	return segs
}

func scoreTextberg(t testing.TB, names []string, opt Options) Score {
	var sc Scorer
	for _, name := range names {
		base := filepath.Join(benchDir(), name)
		de, fr := readLines(t, base+".de"), readLines(t, base+".fr")
		gf, err := os.Open(base + ".defr")
		if err != nil {
			t.Fatal(err)
		}
		gold, err := ReadBeads(gf)
		gf.Close()
		if err != nil {
			t.Fatal(err)
		}
		beads, err := AlignSegments(context.Background(), lineSegments(de), lineSegments(fr), opt)
		if err != nil {
			t.Fatal(err)
		}
		sc.Add(gold, beads)
		if os.Getenv("HAMTA_VERBOSE") != "" {
			var one Scorer
			one.Add(gold, beads)
			r := one.Result()
			fmt.Printf("%s: strict F1 %.3f lax %.3f\n", name, r.F1Strict, r.F1Lax)
		}
	}
	return sc.Result()
}

var textbergTest = []string{"test0", "test1", "test2", "test3", "test4", "test5", "test6"}

// TestTextberg measures the core aligner, with no knowledge of German or
// French, on the Text+Berg test set; the target is strict F1 ≥ 0.876, what
// it was before links out of order and kinds of pairs (hunalign without a
// dictionary: 0.751).
func TestTextberg(t *testing.T) {
	if _, err := os.Stat(benchDir()); err != nil {
		t.Skipf("bench set not found at %s", benchDir())
	}
	r := scoreTextberg(t, textbergTest, DefaultOptions())
	t.Logf("textberg test0-6:\n%s", r)
	if r.F1Strict < 0.876 {
		t.Errorf("strict F1 %.3f < 0.876", r.F1Strict)
	}
}

func TestTextbergDev(t *testing.T) {
	if _, err := os.Stat(benchDir()); err != nil {
		t.Skipf("bench set not found at %s", benchDir())
	}
	r := scoreTextberg(t, []string{"dev"}, DefaultOptions())
	t.Logf("textberg dev:\n%s", r)
}
