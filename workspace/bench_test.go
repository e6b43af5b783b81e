package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hamta/align"
)

// benchCorpus writes the fixture pairs, n copies each with its own
// numbers, into a folder.
func benchCorpus(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	files, _ := filepath.Glob("../testdata/align/*.txt")
	for k := 1; k <= n; k++ {
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			var lines []string
			for _, l := range strings.Split(string(raw), "\n") {
				if strings.TrimSpace(l) != "" {
					l += fmt.Sprintf(" %d", k)
				}
				lines = append(lines, l)
			}
			name := strings.Replace(filepath.Base(f), ".", fmt.Sprintf("-%d.", k), 1)
			os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")), 0o644)
		}
	}
	return dir
}

// BenchmarkPairsFirstRun measures a first run's pairing of 80 documents
// (the time checkpoints are set against).
func BenchmarkPairsFirstRun(b *testing.B) {
	dir := benchCorpus(b, 5)
	for b.Loop() {
		os.RemoveAll(filepath.Join(dir, DirName))
		w, err := Open(context.Background(), Options{CorpusDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.Pairs(context.Background(), align.NewAligner(), nil); err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}

// BenchmarkStoreAll measures writing every alignment of that run to the
// alignments pack and flushing it to disk: what saving alignments as they
// are done adds to a run.
func BenchmarkStoreAll(b *testing.B) {
	dir := benchCorpus(b, 5)
	w, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	al := align.NewAligner()
	al.Memo = map[string][]align.Bead{}
	if _, err := al.Pair(context.Background(), w.Corpus.Docs, nil, align.DefaultPairOptions(), nil); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		os.Remove(w.Path(alignmentsFile))
		s, err := w.openAlignments()
		if err != nil {
			b.Fatal(err)
		}
		for k, v := range al.Memo {
			s.StoreBeads(k, v)
		}
		s.checkpoint(true)
		if err := s.p.close(); err != nil || s.err != nil {
			b.Fatal(err, s.err)
		}
	}
	b.ReportMetric(float64(len(al.Memo)), "alignments")
}
