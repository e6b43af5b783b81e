package index

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hamta/align"
	"hamta/corpus"
)

// judgedQuery is one query of testdata/search/judged.tsv with the
// paragraphs a reader would want it to find.
type judgedQuery struct {
	query    string
	lang     corpus.Lang
	relevant map[string]bool // "doc#para"
}

func readJudged(t testing.TB) []judgedQuery {
	t.Helper()
	f, err := os.Open("../testdata/search/judged.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []judgedQuery
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("judged.tsv: bad line %q", line)
		}
		q := judgedQuery{query: cols[0], lang: corpus.Lang(cols[1]), relevant: map[string]bool{}}
		for _, id := range strings.Fields(cols[2]) {
			q.relevant[id] = true
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// judgedCorpus loads the sample and the written fixture pairs judged in
// judged.tsv as one corpus, pairs it and indexes it.
func judgedCorpus(t testing.TB) (*Index, []align.DocPair) {
	t.Helper()
	dir := t.TempDir()
	copyAll := func(pattern, sub string) {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("no files for %s", pattern)
		}
		os.MkdirAll(filepath.Join(dir, "corpus", sub), 0o755)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "corpus", sub, filepath.Base(f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	copyAll("../testdata/corpus/*.txt", "corpus")
	// The written pairs the judgments were made on; later fixtures are
	// not judged.
	for _, name := range []string{"diplomacy", "earthquake", "economy", "flood", "football", "health", "science", "summit"} {
		copyAll("../testdata/align/"+name+".fa.txt", "align")
		copyAll("../testdata/align/"+name+".en.txt", "align")
	}
	ctx := context.Background()
	c, err := corpus.LoadDir(ctx, filepath.Join(dir, "corpus"), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := align.NewAligner().Pair(ctx, c.Docs, nil, align.DefaultPairOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	x, _, err := Sync(ctx, filepath.Join(dir, "index"), c.Docs, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x, pairs
}

// beadOf maps every linked paragraph to a key naming its bead in the best
// pair it belongs to, as search groups hits; a paragraph with no link is
// its own group.
func beadOf(pairs []align.DocPair) map[string]string {
	out := map[string]string{}
	for _, kind := range []align.PairKind{align.Translation, align.Comparable} {
		for _, p := range pairs {
			if p.Kind != kind {
				continue
			}
			for _, b := range p.Beads {
				if !b.Linked() {
					continue
				}
				key := p.FA + ":" + align.FormatParas(b.A) + "|" + p.EN + ":" + align.FormatParas(b.B)
				for _, i := range b.A {
					if id := paraID(p.FA, i); out[id] == "" {
						out[id] = key
					}
				}
				for _, j := range b.B {
					if id := paraID(p.EN, j); out[id] == "" {
						out[id] = key
					}
				}
			}
		}
	}
	return out
}

// shown lists the paragraphs a result row shows: the hit's own and its
// counterpart's.
func shown(h Hit) []string {
	ids := []string{paraID(h.Doc, h.Para)}
	for _, p := range h.BeadParas {
		ids = append(ids, paraID(h.Doc, p))
	}
	if c := h.Counterpart; c != nil {
		for _, p := range c.Paras {
			ids = append(ids, paraID(c.Doc, p))
		}
	}
	return ids
}

// TestJudgedQueries measures ranking on the judged set: precision in the
// first k rows, k the number of beads holding relevant paragraphs but at
// most ten, and the mean reciprocal rank of the first relevant row. A row
// is relevant when it shows a relevant paragraph that no row above it
// showed.
func TestJudgedQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("short mode")
	}
	x, pairs := judgedCorpus(t)
	bead := beadOf(pairs)
	qs := readJudged(t)
	if len(qs) < 30 {
		t.Fatalf("%d judged queries, want at least 30", len(qs))
	}
	var sumP, sumRR, sumR float64
	byLang := map[corpus.Lang][4]float64{}
	for _, q := range qs {
		groups := map[string]bool{}
		for id := range q.relevant {
			if k := bead[id]; k != "" {
				groups[k] = true
			} else {
				groups[id] = true
			}
		}
		k := min(10, len(groups))
		res, err := x.Search(context.Background(), q.query, Options{Limit: 10})
		if err != nil {
			t.Fatalf("%q: %v", q.query, err)
		}
		// A row counts when it shows a relevant paragraph no row above
		// it showed: a row repeating what the reader has seen adds
		// nothing.
		rel, rr := 0, 0.0
		seen := map[string]bool{}
		for i, h := range res.Hits {
			ok := false
			for _, id := range shown(h) {
				if q.relevant[id] && !seen[id] {
					ok = true
				}
				seen[id] = true
			}
			if ok && rr == 0 {
				rr = 1 / float64(i+1)
			}
			if ok && i < k {
				rel++
			}
		}
		p := min(1, float64(rel)/float64(k))
		// Recall of the relevant paragraphs in the query's own language
		// among the first 50 rows: what stemming and spelling variants
		// add.
		deep, err := x.Search(context.Background(), q.query, Options{Limit: 50})
		if err != nil {
			t.Fatalf("%q: %v", q.query, err)
		}
		own, found := 0, map[string]bool{}
		for id := range q.relevant {
			if ownLang(id, q.lang) {
				own++
			}
		}
		for _, h := range deep.Hits {
			for _, id := range shown(h) {
				if q.relevant[id] && ownLang(id, q.lang) {
					found[id] = true
				}
			}
		}
		recall := 1.0
		if own > 0 {
			recall = float64(len(found)) / float64(own)
		}
		t.Logf("%-16s %s  P@%-2d %.2f  RR %.2f  own-language R@50 %.2f (%d/%d)  (%d rows)", q.query, q.lang, k, p, rr, recall, len(found), own, len(res.Hits))
		sumP += p
		sumRR += rr
		sumR += recall
		s := byLang[q.lang]
		byLang[q.lang] = [4]float64{s[0] + p, s[1] + rr, s[2] + recall, s[3] + 1}
	}
	n := float64(len(qs))
	for l, s := range byLang {
		t.Logf("%s: %d queries, P@10 %.3f, MRR %.3f, own-language R@50 %.3f", l, int(s[3]), s[0]/s[3], s[1]/s[3], s[2]/s[3])
	}
	t.Logf("all: %d queries, P@10 %.3f, MRR %.3f, own-language R@50 %.3f", len(qs), sumP/n, sumRR/n, sumR/n)
	if sumRR/n < 0.9 || sumP/n < 0.8 {
		t.Errorf("judged set: P@10 %.3f (want ≥ 0.8), MRR %.3f (want ≥ 0.9)", sumP/n, sumRR/n)
	}
}

// ownLang reports whether a paragraph ID names a document in lang: the
// judged corpus's Persian documents are the sample's 001 and the fixtures'
// *.fa.txt.
func ownLang(id string, lang corpus.Lang) bool {
	fa := strings.Contains(id, ".fa.txt#") || strings.HasPrefix(id, "corpus/001_")
	return fa == (lang == corpus.LangFA)
}
