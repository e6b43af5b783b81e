package rtl

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// ucdDir is where Debian's unicode-data package puts the Unicode
// Character Database; the tests that need its files skip without them.
const ucdDir = "/usr/share/unicode"

// ucdFile opens a file of the database, skipping the test when it is
// missing or of another Unicode version than the tables.
func ucdFile(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(ucdDir, name))
	if err != nil {
		t.Skipf("%s not installed (Debian package unicode-data): %v", name, err)
	}
	t.Cleanup(func() { f.Close() })
	first, _ := bufio.NewReader(f).ReadString('\n')
	if !strings.Contains(first, "-"+UnicodeVersion+".txt") {
		t.Skipf("%s is %q; the tables are Unicode %s", name, strings.TrimSpace(first), UnicodeVersion)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	return f
}

// visualOrder is Reorder over the characters rule X9 keeps, as the
// conformance files count them.
func visualOrder(classes []Class, levels []Level) []int {
	var keep []int
	var lv []Level
	for i, c := range classes {
		if !Removed(c) {
			keep = append(keep, i)
			lv = append(lv, levels[i])
		}
	}
	order := Reorder(lv, nil)
	for k, i := range order {
		order[k] = keep[i]
	}
	return order
}

func parseLevels(s string) []int {
	var out []int
	for _, f := range strings.Fields(s) {
		if f == "x" {
			out = append(out, -1)
			continue
		}
		n, _ := strconv.Atoi(f)
		out = append(out, n)
	}
	return out
}

func sameOrder(got []int, want string) bool {
	w := strings.Fields(want)
	if len(w) != len(got) {
		return false
	}
	for i, f := range w {
		if strconv.Itoa(got[i]) != f {
			return false
		}
	}
	return true
}

func checkLevels(classes []Class, got []Level, want []int) bool {
	if len(got) != len(want) {
		return false
	}
	for i, w := range want {
		if w >= 0 && int(got[i]) != w {
			return false
		}
	}
	return true
}

// TestBidiCharacterTest runs every case of BidiCharacterTest.txt: the
// paragraph level, the level of every character after rule L1 (the whole
// paragraph one line), and the visual order of rule L2.
func TestBidiCharacterTest(t *testing.T) {
	f := ucdFile(t, "BidiCharacterTest.txt")
	var p Paragraph
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	passed, failed, lineNo := 0, 0, 0
	for s.Scan() {
		lineNo++
		line := s.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, ";")
		if len(fields) != 5 {
			t.Fatalf("line %d: %d fields", lineNo, len(fields))
		}
		var text []rune
		for _, h := range strings.Fields(fields[0]) {
			r, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("line %d: %v", lineNo, err)
			}
			text = append(text, rune(r))
		}
		dir := map[string]Direction{"0": LTR, "1": RTL, "2": Auto}[fields[1]]
		wantPara, _ := strconv.Atoi(fields[2])
		levels, para := p.Resolve(text, dir)
		levels = Line(p.Classes(), levels, para, nil)
		ok := int(para) == wantPara &&
			checkLevels(p.Classes(), levels, parseLevels(fields[3])) &&
			sameOrder(visualOrder(p.Classes(), levels), fields[4])
		if ok {
			passed++
			continue
		}
		failed++
		if failed <= 10 {
			t.Errorf("line %d: %s\n got paragraph %d levels %v order %v", lineNo, line, para, levels, visualOrder(p.Classes(), levels))
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("BidiCharacterTest.txt (Unicode %s): %d of %d cases passed", UnicodeVersion, passed, passed+failed)
	if passed == 0 || failed > 0 {
		t.Errorf("%d cases failed", failed)
	}
}

// TestBidiTest runs every case of BidiTest.txt: each sequence of classes
// with each paragraph direction its bitset names (auto, LTR, RTL), for
// levels and visual order.
func TestBidiTest(t *testing.T) {
	f := ucdFile(t, "BidiTest.txt")
	var p Paragraph
	s := bufio.NewScanner(f)
	var wantLevels []int
	var wantOrder string
	passed, failed, lineNo := 0, 0, 0
	for s.Scan() {
		lineNo++
		line := strings.TrimSpace(s.Text())
		switch {
		case line == "" || line[0] == '#':
			continue
		case strings.HasPrefix(line, "@Levels:"):
			wantLevels = parseLevels(strings.TrimPrefix(line, "@Levels:"))
			continue
		case strings.HasPrefix(line, "@Reorder:"):
			wantOrder = strings.TrimPrefix(line, "@Reorder:")
			continue
		case line[0] == '@':
			continue
		}
		in, bits, ok := strings.Cut(line, ";")
		if !ok {
			t.Fatalf("line %d: %q", lineNo, line)
		}
		var classes []Class
		for _, name := range strings.Fields(in) {
			c, ok := ParseClass(name)
			if !ok {
				t.Fatalf("line %d: class %q", lineNo, name)
			}
			classes = append(classes, c)
		}
		set, err := strconv.ParseUint(strings.TrimSpace(bits), 16, 8)
		if err != nil {
			t.Fatalf("line %d: %v", lineNo, err)
		}
		for bit, dir := range []Direction{Auto, LTR, RTL} {
			if set&(1<<bit) == 0 {
				continue
			}
			levels, para := p.ResolveClasses(classes, dir)
			levels = Line(classes, levels, para, nil)
			if checkLevels(classes, levels, wantLevels) && sameOrder(visualOrder(classes, levels), wantOrder) {
				passed++
				continue
			}
			failed++
			if failed <= 10 {
				t.Errorf("line %d: %s (direction %d)\n got levels %v order %v; want %v / %s", lineNo, line, dir, levels, visualOrder(classes, levels), wantLevels, wantOrder)
			}
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("BidiTest.txt (Unicode %s): %d of %d cases passed", UnicodeVersion, passed, passed+failed)
	if passed == 0 || failed > 0 {
		t.Errorf("%d cases failed", failed)
	}
}

// TestClassTable checks the class of every code point listed in
// extracted/DerivedBidiClass.txt.
func TestClassTable(t *testing.T) {
	f := ucdFile(t, "BidiMirroring.txt") // the version check
	f.Close()
	g, err := os.Open(filepath.Join(ucdDir, "extracted", "DerivedBidiClass.txt"))
	if err != nil {
		t.Skip(err)
	}
	defer g.Close()
	s := bufio.NewScanner(g)
	n := 0
	for s.Scan() {
		line, _, _ := strings.Cut(s.Text(), "#")
		code, class, ok := strings.Cut(line, ";")
		if !ok {
			continue
		}
		lo, hi, _ := strings.Cut(strings.TrimSpace(code), "..")
		if hi == "" {
			hi = lo
		}
		a, _ := strconv.ParseUint(lo, 16, 32)
		b, _ := strconv.ParseUint(hi, 16, 32)
		want, ok := ParseClass(strings.TrimSpace(class))
		if !ok {
			t.Fatalf("class %q", class)
		}
		for r := rune(a); r <= rune(b); r++ {
			if got := ClassOf(r); got != want {
				t.Errorf("U+%04X: %v, want %v", r, got, want)
			}
			n++
		}
	}
	if n < 100000 {
		t.Errorf("only %d code points checked", n)
	}
}
