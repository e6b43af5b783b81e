// Package bench measures hamta on large generated corpora: a generator
// that builds a corpus of any size from the bundled sample and the
// alignment fixtures, and benchmarks (bench_test.go) of the first build,
// an update with nothing changed, an edit, and searches.
package bench

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// source is one fixture pair: its Persian and English paragraphs.
type source struct {
	name   string
	fa, en []string
}

// Generator makes a corpus from the alignment fixtures (Persian–English
// pairs written for the tests) and the bundled sample. Each document of
// a generated pair joins two fixture articles, with every number changed
// the same way on both sides, so that each copy has numbers of its own as
// separate reports of similar events do; some copies lose a paragraph on
// one side, and some documents have no counterpart at all.
type Generator struct {
	sources []source
	extra   [][]string // sample documents, copied with their numbers changed
	seed    uint64
}

// NewGenerator reads the fixtures and the sample below root (the
// repository's top folder).
func NewGenerator(root string, seed uint64) (*Generator, error) {
	g := &Generator{seed: seed}
	fas, err := filepath.Glob(filepath.Join(root, "testdata", "align", "*.fa.txt"))
	if err != nil || len(fas) == 0 {
		return nil, fmt.Errorf("read fixtures in %s: none found", root)
	}
	sort.Strings(fas)
	for _, fa := range fas {
		en := strings.TrimSuffix(fa, ".fa.txt") + ".en.txt"
		gold := strings.TrimSuffix(fa, ".fa.txt") + ".gold"
		if b, err := os.ReadFile(gold); err == nil && strings.Contains(string(b), "comparable") {
			continue // independent reports: not what a copy of a translation is
		}
		a, err := readParas(fa)
		if err != nil {
			return nil, err
		}
		b, err := readParas(en)
		if err != nil {
			continue
		}
		g.sources = append(g.sources, source{name: strings.TrimSuffix(filepath.Base(fa), ".fa.txt"), fa: a, en: b})
	}
	samples, _ := filepath.Glob(filepath.Join(root, "testdata", "corpus", "*.txt"))
	sort.Strings(samples)
	for _, s := range samples {
		p, err := readParas(s)
		if err == nil {
			g.extra = append(g.extra, p)
		}
	}
	if len(g.sources) < 2 {
		return nil, fmt.Errorf("read fixtures in %s: too few translation pairs", root)
	}
	return g, nil
}

func readParas(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out, nil
}

// Stats describe a generated corpus.
type Stats struct {
	Files, Pairs, Paragraphs int
	Bytes                    int64
}

// Write writes a corpus of about paragraphs paragraphs into dir, in
// folders of at most 500 files.
func (g *Generator) Write(dir string, paragraphs int) (Stats, error) {
	var st Stats
	r := rand.New(rand.NewPCG(g.seed, 17))
	write := func(name string, paras []string) error {
		folder := filepath.Join(dir, fmt.Sprintf("%03d", st.Files/500))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return err
		}
		body := strings.Join(paras, "\n\n") + "\n"
		st.Files++
		st.Paragraphs += len(paras)
		st.Bytes += int64(len(body))
		return os.WriteFile(filepath.Join(folder, name), []byte(body), 0o644)
	}
	for k := 0; st.Paragraphs < paragraphs; k++ {
		shift := numberShift(k)
		switch {
		case k%50 == 49 && len(g.extra) > 0:
			// A sample document, alone.
			x := g.extra[r.IntN(len(g.extra))]
			if err := write(fmt.Sprintf("s%06d.txt", k), varyAll(x, shift)); err != nil {
				return st, err
			}
			continue
		}
		a, b := g.sources[r.IntN(len(g.sources))], g.sources[r.IntN(len(g.sources))]
		if a.name == b.name {
			b = g.sources[(r.IntN(len(g.sources)-1)+1+indexOf(g.sources, a.name))%len(g.sources)]
		}
		fa := append(varyAll(a.fa, shift), varyAll(b.fa, shift)...)
		en := append(varyAll(a.en, shift), varyAll(b.en, shift)...)
		if r.IntN(5) == 0 {
			// A paragraph the translation left out.
			i := 1 + r.IntN(len(en)-1)
			en = append(en[:i:i], en[i+1:]...)
		}
		base := fmt.Sprintf("d%06d-%s-%s", k, a.name, b.name)
		lone := r.IntN(20)
		if lone != 0 {
			if err := write(base+".fa.txt", fa); err != nil {
				return st, err
			}
		}
		if lone != 1 {
			if err := write(base+".en.txt", en); err != nil {
				return st, err
			}
		}
		if lone > 1 {
			st.Pairs++
		}
	}
	return st, nil
}

func indexOf(s []source, name string) int {
	for i, x := range s {
		if x.name == name {
			return i
		}
	}
	return 0
}

// numberShift is how copy k changes numbers: by an amount of its own,
// so that the numbers of one copy are shared by few others.
func numberShift(k int) int { return 1 + (k*7919)%9973 }

func varyAll(paras []string, shift int) []string {
	out := make([]string, len(paras))
	for i, p := range paras {
		out[i] = varyNumbers(p, shift)
	}
	return out
}

// varyNumbers adds shift to every run of digits, written in the digits it
// was written in (ASCII, Persian or Arabic-Indic).
func varyNumbers(text string, shift int) string {
	var sb strings.Builder
	sb.Grow(len(text) + 16)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		zero, ok := digitZero(r)
		if !ok {
			sb.WriteString(text[i : i+size])
			i += size
			continue
		}
		n, j := 0, i
		for j < len(text) {
			c, cs := utf8.DecodeRuneInString(text[j:])
			if z, ok := digitZero(c); !ok || z != zero {
				break
			}
			if n < 1e8 {
				n = n*10 + int(c-zero)
			}
			j += cs
		}
		for _, d := range strconv.Itoa(n + shift) {
			sb.WriteRune(zero + (d - '0'))
		}
		i = j
	}
	return sb.String()
}

func digitZero(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9':
		return '0', true
	case r >= '۰' && r <= '۹':
		return '۰', true
	case r >= '٠' && r <= '٩':
		return '٠', true
	}
	return 0, false
}

// Queries derives n search queries from the fixtures' words, the same
// ones for every seed: plain words of both languages, capitalised names,
// phrases, two-word queries, prefixes, a language filter and an
// excluded word, so that a change can be checked to leave every hit and
// counterpart as it was.
func (g *Generator) Queries(n int) []string {
	r := rand.New(rand.NewPCG(7, 11))
	var faWords, enWords, names []string
	var phrases []string
	seen := map[string]bool{}
	for _, s := range g.sources {
		for _, p := range s.en {
			ws := strings.FieldsFunc(p, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') })
			for i, w := range ws {
				if utf8.RuneCountInString(w) < 5 || seen[w] {
					continue
				}
				seen[w] = true
				if w[0] >= 'A' && w[0] <= 'Z' {
					names = append(names, w)
				} else {
					enWords = append(enWords, w)
				}
				if i+1 < len(ws) && len(ws[i+1]) >= 4 && w[0] >= 'a' {
					phrases = append(phrases, w+" "+ws[i+1])
				}
			}
		}
		for _, p := range s.fa {
			for _, w := range strings.Fields(p) {
				w = strings.Trim(w, "«»،؛.:؟!()\"")
				if utf8.RuneCountInString(w) < 4 || seen[w] || strings.ContainsAny(w, "۰۱۲۳۴۵۶۷۸۹") {
					continue
				}
				seen[w] = true
				faWords = append(faWords, w)
			}
		}
	}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	var out []string
	for len(out) < n {
		var q string
		switch len(out) % 10 {
		case 0, 1, 2:
			q = pick(enWords)
		case 3, 4:
			q = pick(faWords)
		case 5:
			q = pick(names)
		case 6:
			q = `"` + pick(phrases) + `"`
		case 7:
			q = pick(enWords) + " " + pick(names)
		case 8:
			w := []rune(pick(enWords))
			q = string(w[:4]) + "*"
		case 9:
			if len(out)%20 == 9 {
				q = "lang:fa " + pick(faWords)
			} else {
				q = pick(names) + " -" + pick(enWords)
			}
		}
		out = append(out, q)
	}
	return out
}
