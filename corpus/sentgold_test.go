package corpus

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sentRef names sentence s of paragraph p.
type sentRef struct{ p, s int }

// sentBead is a bead of sentence references.
type sentBead struct{ fa, en []sentRef }

// parBead is a bead of paragraph indices.
type parBead struct{ fa, en []int }

// parseRefList parses "[3.0, 3.1]" into sentence references, or "[3, 4]"
// into paragraph indices (s is -1).
func parseRefList(s string) ([]sentRef, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("%q not in brackets", s)
	}
	var out []sentRef
	for _, f := range strings.Split(s[1:len(s)-1], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		ps, ss, dotted := strings.Cut(f, ".")
		p, err := strconv.Atoi(ps)
		if err != nil {
			return nil, fmt.Errorf("bad index %q", f)
		}
		r := sentRef{p, -1}
		if dotted {
			if r.s, err = strconv.Atoi(ss); err != nil {
				return nil, fmt.Errorf("bad index %q", f)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

func parseBeadLine(line string) (fa, en []sentRef, err error) {
	a, b, ok := strings.Cut(line, ":")
	if !ok {
		return nil, nil, fmt.Errorf("%q: want [fa]:[en]", line)
	}
	if fa, err = parseRefList(a); err != nil {
		return nil, nil, err
	}
	en, err = parseRefList(b)
	return fa, en, err
}

// readSentenceGold reads a NAME.sentences file: the paragraph beads in
// order, each with its sentence beads.
func readSentenceGold(path string) ([]parBead, [][]sentBead, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var pars []parBead
	var sents [][]sentBead
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "bead "); ok {
			fa, en, err := parseBeadLine(rest)
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %w", path, n, err)
			}
			pars = append(pars, parBead{paraIndices(fa), paraIndices(en)})
			sents = append(sents, nil)
			continue
		}
		if len(pars) == 0 {
			return nil, nil, fmt.Errorf("%s:%d: sentence bead before any paragraph bead", path, n)
		}
		fa, en, err := parseBeadLine(line)
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		for _, r := range append(slices.Clone(fa), en...) {
			if r.s < 0 {
				return nil, nil, fmt.Errorf("%s:%d: %v is not a sentence", path, n, r)
			}
		}
		sents[len(sents)-1] = append(sents[len(sents)-1], sentBead{fa, en})
	}
	return pars, sents, sc.Err()
}

func paraIndices(refs []sentRef) []int {
	out := []int{}
	for _, r := range refs {
		out = append(out, r.p)
	}
	return out
}

// readParagraphGold reads a NAME.gold paragraph alignment.
func readParagraphGold(t *testing.T, path string) []parBead {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []parBead
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fa, en, err := parseBeadLine(line)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, parBead{paraIndices(fa), paraIndices(en)})
	}
	return out
}

// TestSentenceGold checks every sentence gold file against the fixtures
// as this package reads and splits them: its paragraph beads are those
// of NAME.gold, in order; its sentence beads stay inside their paragraph
// bead, keep the order of the text, and hold every sentence of the bead
// exactly once. A change to the splitter that renumbers the sentences of
// a fixture fails here.
func TestSentenceGold(t *testing.T) {
	files, err := filepath.Glob("../testdata/align/*.sentences")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 6 {
		t.Fatalf("%d sentence gold files, want the 6 translation pairs", len(files))
	}
	types := map[string]int{}
	for _, path := range files {
		base := strings.TrimSuffix(path, ".sentences")
		name := filepath.Base(base)
		pars, sents, err := readSentenceGold(path)
		if err != nil {
			t.Fatal(err)
		}
		want := readParagraphGold(t, base+".gold")
		if len(pars) != len(want) {
			t.Fatalf("%s: %d paragraph beads, %s.gold has %d", name, len(pars), name, len(want))
		}
		counts := map[Lang][]int{}
		for lang, file := range map[Lang]string{LangFA: base + ".fa.txt", LangEN: base + ".en.txt"} {
			d, err := ReadFile(file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range d.Paragraphs {
				counts[lang] = append(counts[lang], len(SplitSentences(p.Text, lang)))
			}
		}
		for i, pb := range pars {
			if !slices.Equal(pb.fa, want[i].fa) || !slices.Equal(pb.en, want[i].en) {
				t.Errorf("%s: paragraph bead %d is %v:%v, %s.gold has %v:%v", name, i, pb.fa, pb.en, name, want[i].fa, want[i].en)
				continue
			}
			// The sentences of the bead, in text order, each side.
			for _, side := range []struct {
				lang  Lang
				paras []int
				refs  func(sentBead) []sentRef
			}{
				{LangFA, pb.fa, func(b sentBead) []sentRef { return b.fa }},
				{LangEN, pb.en, func(b sentBead) []sentRef { return b.en }},
			} {
				var all []sentRef
				for _, p := range side.paras {
					for s := range counts[side.lang][p] {
						all = append(all, sentRef{p, s})
					}
				}
				var got []sentRef
				for _, sb := range sents[i] {
					got = append(got, side.refs(sb)...)
				}
				if !slices.Equal(got, all) {
					t.Errorf("%s bead %v:%v: %s sentences %v, the splitter gives %v", name, pb.fa, pb.en, side.lang, got, all)
				}
			}
			for _, sb := range sents[i] {
				types[fmt.Sprintf("%d-%d", len(sb.fa), len(sb.en))]++
			}
		}
	}
	for _, typ := range []string{"1-1", "1-2", "2-1", "1-0", "0-1"} {
		if types[typ] == 0 {
			t.Errorf("no %s sentence bead in the gold", typ)
		}
	}
	t.Logf("sentence beads by type: %v", types)
}
