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

// BenchmarkCheckpointAll measures writing every alignment of that run to
// the journal and flushing it to disk: what checkpoints add to a run long
// enough to save all its alignments on the way.
func BenchmarkCheckpointAll(b *testing.B) {
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
		os.Remove(w.Path(journalFile))
		cp := newCheckpointer(w, map[string][]align.Bead{})
		cp.memo = al.Memo
		cp.save()
		cp.close(false)
		if cp.err != nil {
			b.Fatal(cp.err)
		}
	}
	b.ReportMetric(float64(len(al.Memo)), "alignments")
}
