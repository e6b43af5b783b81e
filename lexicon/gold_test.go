package lexicon

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hamta/corpus"
)

// goldBead is one bead of a gold paragraph alignment: paragraph indices
// on each side.
type goldBead struct {
	FA, EN []int
}

// goldPair is a gold-aligned pair of documents.
type goldPair struct {
	Name   string // fixture name, or the gold file's base name
	Kind   string // translation or comparable
	FA, EN *corpus.Document
	Beads  []goldBead
}

// readGoldBeads reads the gold-file form, one bead a line:
// "[3, 4]:[3]"; '#' starts a comment line.
func readGoldBeads(path string) ([]goldBead, map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var beads []goldBead
	header := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if c, ok := strings.CutPrefix(line, "#"); ok {
			if k, v, ok := strings.Cut(strings.TrimSpace(c), ":"); ok && !strings.Contains(k, " ") {
				header[k] = strings.TrimSpace(v)
			}
			continue
		}
		left, right, ok := strings.Cut(line, ":")
		if !ok {
			return nil, nil, fmt.Errorf("%s:%d: want [fa]:[en]", path, n)
		}
		a, err := parseIndexList(left)
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		b, err := parseIndexList(right)
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		beads = append(beads, goldBead{a, b})
	}
	return beads, header, sc.Err()
}

func parseIndexList(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("%q not in brackets", s)
	}
	var out []int
	for _, f := range strings.Split(s[1:len(s)-1], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("bad index %q", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// loadGold reads every gold-aligned pair of the repository: the
// fixtures in testdata/align and the sample pairs in testdata/gold.
func loadGold(tb testing.TB) []goldPair {
	tb.Helper()
	var out []goldPair
	read := func(path string) *corpus.Document {
		d, err := corpus.ReadFile(path, corpus.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		return d
	}
	fixtures, err := filepath.Glob("../testdata/align/*.gold")
	if err != nil {
		tb.Fatal(err)
	}
	for _, g := range fixtures {
		beads, _, err := readGoldBeads(g)
		if err != nil {
			tb.Fatal(err)
		}
		base := strings.TrimSuffix(g, ".gold")
		kind := "translation"
		if name := filepath.Base(base); name == "flood" || name == "summit" {
			kind = "comparable" // as testdata/align/README.md lists them
		}
		out = append(out, goldPair{
			Name: filepath.Base(base), Kind: kind,
			FA: read(base + ".fa.txt"), EN: read(base + ".en.txt"), Beads: beads,
		})
	}
	samples, err := filepath.Glob("../testdata/gold/*.gold")
	if err != nil {
		tb.Fatal(err)
	}
	for _, g := range samples {
		beads, header, err := readGoldBeads(g)
		if err != nil {
			tb.Fatal(err)
		}
		fa, en := firstField(header["fa"]), firstField(header["en"])
		if fa == "" || en == "" {
			tb.Fatalf("%s: no fa or en header", g)
		}
		out = append(out, goldPair{
			Name: strings.TrimSuffix(filepath.Base(g), ".gold"), Kind: header["kind"],
			FA: read(filepath.Join("../testdata", fa)), EN: read(filepath.Join("../testdata", en)), Beads: beads,
		})
	}
	return out
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// beadText joins the text of a bead side's paragraphs.
func beadText(d *corpus.Document, idx []int) string {
	parts := make([]string, len(idx))
	for i, p := range idx {
		parts[i] = d.Paragraphs[p].Text
	}
	return strings.Join(parts, " ")
}

// goldPairs returns the linked beads of the gold pairs as pairs to learn
// from.
func goldPairs(gold []goldPair) []Pair {
	var out []Pair
	for _, g := range gold {
		for _, b := range g.Beads {
			if len(b.FA) == 0 || len(b.EN) == 0 {
				continue
			}
			out = append(out, Pair{FA: beadText(g.FA, b.FA), EN: beadText(g.EN, b.EN), Weight: 1})
		}
	}
	return out
}
