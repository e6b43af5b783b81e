package align

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func beads(t *testing.T, s string) []Bead {
	t.Helper()
	b, err := ReadBeads(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestScorer(t *testing.T) {
	gold := "[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3, 4]:[3]\n"
	tests := []struct {
		name                     string
		test                     string
		pStrict, rStrict, pLax   float64
		testBeads, goldLinks     int
		fStrictWant, fLaxAtLeast float64
	}{
		{"identical", gold, 1, 1, 1, 4, 3, 1, 1},
		// [1]:[1] overlaps gold [1]:[1, 2] on both sides: lax, not strict.
		// []:[2] is neither. [2]:[] matches the gold deletion strictly.
		{"split", "[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n[3, 4]:[3]\n", 3.0 / 5, 2.0 / 3, 4.0 / 5, 5, 3, 2 * (0.6 * 2.0 / 3) / (0.6 + 2.0/3), 0.8},
		{"all wrong", "[0]:[1]\n[1]:[0]\n", 0, 0, 0, 2, 3, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sc Scorer
			sc.Add(beads(t, gold), beads(t, tt.test))
			r := sc.Result()
			near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
			if !near(r.PrecisionStrict, tt.pStrict) || !near(r.RecallStrict, tt.rStrict) || !near(r.PrecisionLax, tt.pLax) {
				t.Errorf("P %.3f R %.3f Plax %.3f, want %.3f %.3f %.3f", r.PrecisionStrict, r.RecallStrict, r.PrecisionLax, tt.pStrict, tt.rStrict, tt.pLax)
			}
			if r.TestBeads != tt.testBeads || r.GoldLinks != tt.goldLinks {
				t.Errorf("counts %d test, %d gold links", r.TestBeads, r.GoldLinks)
			}
			if !near(r.F1Strict, tt.fStrictWant) || r.F1Lax < tt.fLaxAtLeast-1e-9 {
				t.Errorf("F1 %.3f lax %.3f", r.F1Strict, r.F1Lax)
			}
		})
	}
}

func TestReadBeadsErrors(t *testing.T) {
	for _, bad := range []string{"[0]", "[a]:[1]", "0:1", "[1]:[-2]", "[1, ]:[2]"} {
		if _, err := ReadBeads(strings.NewReader(bad + "\n")); err == nil {
			t.Errorf("ReadBeads(%q): no error", bad)
		}
	}
	var buf bytes.Buffer
	in := beads(t, "# comment\n\n[0, 1]:[0]\n[]:[1]\n")
	if err := WriteBeads(&buf, in); err != nil || buf.String() != "[0, 1]:[0]\n[]:[1]\n" {
		t.Errorf("WriteBeads = %q, %v", buf.String(), err)
	}
}

func FuzzReadBeads(f *testing.F) {
	f.Add("[0]:[0, 1]\n[]:[2]\n")
	f.Add("[1,2,3]:[]")
	f.Fuzz(func(t *testing.T, s string) {
		bs, err := ReadBeads(strings.NewReader(s))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteBeads(&buf, bs); err != nil {
			t.Fatal(err)
		}
		again, err := ReadBeads(&buf)
		if err != nil || len(again) != len(bs) {
			t.Fatalf("round trip: %v, %d != %d", err, len(again), len(bs))
		}
		for i := range bs {
			if again[i].String() != bs[i].String() {
				t.Fatalf("bead %d: %s != %s", i, again[i], bs[i])
			}
		}
	})
}

func TestRules(t *testing.T) {
	in := "# rules\npin fa/a.txt en/b.txt translation\nforbid \"fa/with space.txt\" en/c.txt\npin x y\n"
	rules, err := ReadRules(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Rule{{FA: "fa/a.txt", EN: "en/b.txt", Kind: Translation}, {Forbid: true, FA: "fa/with space.txt", EN: "en/c.txt"}, {FA: "x", EN: "y"}}
	if len(rules) != len(want) {
		t.Fatalf("rules = %+v", rules)
	}
	for i := range want {
		if rules[i] != want[i] {
			t.Errorf("rule %d = %+v, want %+v", i, rules[i], want[i])
		}
	}
	var buf bytes.Buffer
	if err := WriteRules(&buf, rules); err != nil {
		t.Fatal(err)
	}
	back, err := ReadRules(&buf)
	if err != nil || len(back) != len(rules) || back[1] != rules[1] {
		t.Errorf("round trip: %+v %v", back, err)
	}
	for _, bad := range []string{"pin a", "pin a b weird", "forbid a b c", "keep a b", `pin "a b`} {
		if _, err := ReadRules(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ReadRules(%q) = %v", bad, err)
		}
	}
}

func TestSlotB(t *testing.T) {
	beads := []Bead{
		{A: []int{0}, B: []int{0}},
		{A: []int{1}, B: []int{4}, Moved: true},
		{A: []int{2}, B: []int{1}},
		{A: []int{}, B: []int{2}},
		{A: []int{3}, B: []int{3}},
		{A: []int{4}, B: []int{5}},
		{A: []int{5}, B: []int{6}, Moved: true},
	}
	for _, tt := range []struct{ i, want int }{{1, 5}, {6, 7}, {0, 2}, {-1, 7}} {
		if got := SlotB(beads, tt.i); got != tt.want {
			t.Errorf("SlotB(%d) = %d, want %d", tt.i, got, tt.want)
		}
	}
}
