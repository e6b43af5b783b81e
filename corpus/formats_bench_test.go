package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// BenchmarkLoadHTML loads a folder of 1,050 web pages (the 21 page
// fixtures, 50 times over) and reports documents per second; the target
// is at least 1,000.
func BenchmarkLoadHTML(b *testing.B) {
	files, err := filepath.Glob("../testdata/formats/html/*.html")
	if err != nil || len(files) == 0 {
		b.Fatalf("no pages: %v", err)
	}
	fsys := fstest.MapFS{}
	bytes := 0
	for k := range 50 {
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			fsys[fmt.Sprintf("%02d/%s", k, filepath.Base(f))] = &fstest.MapFile{Data: raw}
			bytes += len(raw)
		}
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for b.Loop() {
		c, err := Load(context.Background(), fsys, Options{})
		if err != nil || len(c.Docs) != len(fsys) {
			b.Fatalf("%v, %d documents", err, len(c.Docs))
		}
	}
	b.ReportMetric(float64(len(fsys)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkLoadText loads a folder of 1,050 plain-text articles (the 21
// sources of the format fixtures, 50 times over), for comparison with
// BenchmarkLoadHTML and to watch the cost of the reversed-Persian check.
func BenchmarkLoadText(b *testing.B) {
	var files []string
	for _, g := range []string{"../testdata/corpus/*.txt", "../testdata/align/*.txt"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	fsys := fstest.MapFS{}
	for k := range 50 {
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			fsys[fmt.Sprintf("%02d/%s", k, filepath.Base(f))] = &fstest.MapFile{Data: raw}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		c, err := Load(context.Background(), fsys, Options{})
		if err != nil || len(c.Docs) != len(fsys) {
			b.Fatalf("%v, %d documents", err, len(c.Docs))
		}
	}
	b.ReportMetric(float64(len(fsys)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
