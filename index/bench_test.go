package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"hamta/corpus"
)

// generatedCorpus makes documents of about n paragraphs in all from the
// fixture articles, each copy with its numbers changed, so that terms
// repeat as in a real news archive.
func generatedCorpus(tb testing.TB, n int) []*corpus.Document {
	files, err := filepath.Glob("../testdata/align/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("fixtures: %v", err)
	}
	var src []*corpus.Document
	for _, f := range files {
		d, err := corpus.ReadFile(f, corpus.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		src = append(src, d)
	}
	var out []*corpus.Document
	total := 0
	for copyNo := 0; total < n; copyNo++ {
		for _, d := range src {
			nd := *d
			nd.ID = fmt.Sprintf("gen/%05d/%s", copyNo, filepath.Base(d.ID))
			nd.Hash = nd.ID
			nd.Paragraphs = slices.Clone(d.Paragraphs)
			for i := range nd.Paragraphs {
				nd.Paragraphs[i].Text += " " + strconv.Itoa(copyNo)
			}
			out = append(out, &nd)
			total += len(nd.Paragraphs)
		}
	}
	return out
}

// BenchmarkIndex measures building an index of 10,000 paragraphs.
func BenchmarkIndex(b *testing.B) {
	docs := generatedCorpus(b, 10000)
	paras := 0
	for _, d := range docs {
		paras += len(d.Paragraphs)
	}
	b.ResetTimer()
	var st Stats
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "index")
		x, s, err := Sync(context.Background(), dir, docs, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
		st = s
	}
	b.ReportMetric(float64(paras)*float64(b.N)/b.Elapsed().Seconds(), "paragraphs/s")
	b.ReportMetric(float64(st.DiskBytes)/(1<<20), "MB-on-disk")
}

// BenchmarkSearch100k measures searching an index of 100,000 paragraphs
// with highlights and counterparts, over a mix of queries in both
// languages; it reports the median and 99th percentile latency.
// HAMTA_BENCH_INDEX keeps the built index in a folder between runs.
func BenchmarkSearch100k(b *testing.B) {
	dir := os.Getenv("HAMTA_BENCH_INDEX")
	if dir == "" {
		dir = filepath.Join(b.TempDir(), "index")
	}
	x, err := Open(dir)
	if err != nil {
		docs := generatedCorpus(b, 100000)
		start := time.Now()
		x, _, err = Sync(context.Background(), dir, docs, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("built 100k index in %v", time.Since(start))
	}
	defer x.Close()
	queries := []string{
		"earthquake", "زلزله", "Red Crescent", "هلال احمر", "inflation rate", "تورم",
		`"central bank"`, "vaccin*", "واکسن*", "Tehran", "۱۲۰", "percent", "سیل مازندران",
		"Lorestan~", "lang:fa بارش", "doc:gen/00042 flood", "ceasefire", "آتش‌بس",
	}
	r := rand.New(rand.NewPCG(1, 2))
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		q := queries[r.IntN(len(queries))]
		start := time.Now()
		if _, err := x.Search(context.Background(), q, Options{Limit: 20}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-p50")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "ms-p99")
	b.ReportMetric(float64(x.Stats().DiskBytes)/(1<<20), "MB-on-disk")
}
