package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"hamta/index"
	"hamta/workspace"
)

// The benchmarks run hamta on a corpus generated from the fixtures and
// the sample (see Generator): 100,000 paragraphs, or 1,000,000 with
// HAMTA_BENCH_1M=1. HAMTA_BENCH_CORPUS names a folder to generate it in
// and keep between runs (it must be empty or hold a corpus generated
// before with the same size); otherwise it goes to a temporary folder.
// Commands run as separate processes of the hamta binary, built once, so
// that their time and peak memory are those a user sees.
//
//	HAMTA_BENCH_TABLE=1 go test ./bench -run Table -v -timeout 2h   # the table, once
//	HAMTA_BENCH_TABLE=1 HAMTA_BENCH_1M=1 go test ./bench -run Table -v -timeout 4h
//	go test ./bench -run XXX -bench . -count 6          # the benchmarks

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.env != nil && shared.env.tmp != "" {
		os.RemoveAll(shared.env.tmp)
	}
	os.Exit(code)
}

// benchParagraphs is the size of the generated corpus.
func benchParagraphs() int {
	if os.Getenv("HAMTA_BENCH_1M") != "" {
		return 1_000_000
	}
	return 100_000
}

// env is what every benchmark shares: the binary, the corpus, and a
// workspace built once.
type env struct {
	bin, corpus, ws, tmp string
	queries              []string
	firstBuild           run
}

// run is one process's wall time and peak resident memory.
type run struct {
	wall time.Duration
	rss  int64 // bytes
	out  string
}

var shared struct {
	once sync.Once
	env  *env
	err  error
}

// setup builds the binary and the corpus and opens the corpus once.
func setup(tb testing.TB) *env {
	shared.once.Do(func() {
		e := &env{}
		shared.env, shared.err = e, e.init()
	})
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.env
}

func (e *env) init() error {
	tmp, err := os.MkdirTemp("", "hamta-bench-")
	if err != nil {
		return err
	}
	e.tmp = tmp
	e.bin = filepath.Join(tmp, "hamta")
	build := exec.Command("go", "build", "-o", e.bin, "hamta/cmd/hamta")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build hamta: %v\n%s", err, out)
	}
	g, err := NewGenerator("..", 1)
	if err != nil {
		return err
	}
	e.queries = g.Queries(200)
	e.corpus = os.Getenv("HAMTA_BENCH_CORPUS")
	if e.corpus == "" {
		e.corpus = filepath.Join(tmp, "corpus")
	}
	if entries, _ := os.ReadDir(e.corpus); len(entries) == 0 {
		if _, err := g.Write(e.corpus, benchParagraphs()); err != nil {
			return err
		}
	}
	e.ws = filepath.Join(tmp, "ws")
	e.firstBuild, err = e.hamta("index", "--corpus", e.corpus, "--workspace", e.ws)
	return err
}

// hamta runs the binary with the bench's cache folder.
func (e *env) hamta(args ...string) (run, error) {
	cmd := exec.Command(e.bin, args...)
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(e.tmp, "cache"))
	var out, errs strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errs
	start := time.Now()
	err := cmd.Run()
	r := run{wall: time.Since(start), out: out.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	if err != nil {
		return r, fmt.Errorf("hamta %s: %v\n%s", strings.Join(args, " "), err, lastLines(errs.String(), 5))
	}
	return r, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// editOnce edits one file, adds one and deletes the one added before:
// a day's change to a corpus.
func (e *env) editOnce(k int) error {
	files, _ := filepath.Glob(filepath.Join(e.corpus, "001", "*.en.txt"))
	if len(files) == 0 {
		return fmt.Errorf("no file to edit in %s", e.corpus)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		return err
	}
	if err := os.WriteFile(files[0], append(b, []byte(fmt.Sprintf("\nAn editor's note, number %d.\n", k))...), 0o644); err != nil {
		return err
	}
	src, _ := filepath.Glob(filepath.Join(e.corpus, "002", "*.fa.txt"))
	if len(src) == 0 {
		return fmt.Errorf("no file to copy in %s", e.corpus)
	}
	b, err = os.ReadFile(src[k%len(src)])
	if err != nil {
		return err
	}
	os.Remove(filepath.Join(e.corpus, "002", fmt.Sprintf("added-%d.fa.txt", k-1)))
	return os.WriteFile(filepath.Join(e.corpus, "002", fmt.Sprintf("added-%d.fa.txt", k)), append(b, []byte(fmt.Sprintf("\n%d\n", k))...), 0o644)
}

// percentile returns the p-th percentile of sorted durations.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
func mb(n int64) float64         { return float64(n) / (1 << 20) }

// wsOptions are the workspace options of the bench's corpus.
func (e *env) wsOptions() workspace.Options {
	return workspace.Options{CorpusDir: e.corpus, Dir: e.ws, Access: workspace.Shared, Purpose: "hamta bench"}
}

// BenchmarkFirstBuild measures "hamta index" on a corpus with no
// workspace: reading, pairing, aligning, learning the lexicon, indexing.
func BenchmarkFirstBuild(b *testing.B) {
	e := setup(b)
	var last run
	for i := 0; b.Loop(); i++ {
		ws := filepath.Join(e.tmp, fmt.Sprintf("ws-first-%d", i))
		r, err := e.hamta("index", "--corpus", e.corpus, "--workspace", ws)
		if err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(ws)
		last = r
	}
	b.ReportMetric(mb(last.rss), "MB-peak-RSS")
	b.ReportMetric(float64(benchParagraphs())/b.Elapsed().Seconds()*float64(b.N), "paragraphs/s")
}

// BenchmarkIndexUnchanged measures "hamta index" with nothing changed.
func BenchmarkIndexUnchanged(b *testing.B) {
	e := setup(b)
	var last run
	for b.Loop() {
		r, err := e.hamta("index", "--corpus", e.corpus, "--workspace", e.ws)
		if err != nil {
			b.Fatal(err)
		}
		last = r
	}
	b.ReportMetric(mb(last.rss), "MB-peak-RSS")
}

// BenchmarkEdit measures "hamta index" after one file was edited, one
// added and one deleted.
func BenchmarkEdit(b *testing.B) {
	e := setup(b)
	var last run
	for i := 1; b.Loop(); i++ {
		b.StopTimer()
		if err := e.editOnce(i); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		r, err := e.hamta("index", "--corpus", e.corpus, "--workspace", e.ws)
		if err != nil {
			b.Fatal(err)
		}
		last = r
	}
	b.ReportMetric(mb(last.rss), "MB-peak-RSS")
}

// BenchmarkSearchProcess measures "hamta search" as a script runs it, one
// process per query, over the generated queries; it reports the median
// and 99th percentile.
func BenchmarkSearchProcess(b *testing.B) {
	e := setup(b)
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		r, err := e.hamta("search", "--corpus", e.corpus, "--workspace", e.ws, "--format", "json", e.queries[i%len(e.queries)])
		if err != nil && !strings.Contains(err.Error(), "only common words") {
			b.Fatal(err)
		}
		lat = append(lat, r.wall)
	}
	slices.Sort(lat)
	b.ReportMetric(ms(percentile(lat, 0.5)), "ms-p50")
	b.ReportMetric(ms(percentile(lat, 0.99)), "ms-p99")
}

// BenchmarkSearchInProcess measures searches of an index opened once, as
// the browser runs them; it reports the median and 99th percentile.
func BenchmarkSearchInProcess(b *testing.B) {
	e := setup(b)
	x, err := workspace.OpenIndex(e.wsOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := x.Search(context.Background(), e.queries[i%len(e.queries)], index.Options{Limit: 20}); err != nil && !strings.Contains(err.Error(), "only common words") {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(ms(percentile(lat, 0.5)), "ms-p50")
	b.ReportMetric(ms(percentile(lat, 0.99)), "ms-p99")
}

// BenchmarkQuick measures the largest part of what a browser does before
// its first screen of a current workspace: reading the library the
// workspace keeps. The whole of it (the index checked and opened, the
// browser's data built and drawn) is BenchmarkFirstScreen in cmd/hamta,
// with HAMTA_BENCH_BROWSE naming the corpus.
func BenchmarkQuick(b *testing.B) {
	e := setup(b)
	for b.Loop() {
		l, err := workspace.Quick(e.wsOptions())
		if err != nil || len(l.Docs) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify measures the check a browser runs in the background
// after its first screen: every file's size and time against the library.
func BenchmarkVerify(b *testing.B) {
	e := setup(b)
	l, err := workspace.Quick(e.wsOptions())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := l.Verify(context.Background(), e.wsOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexOnly measures indexing alone: the corpus and its pairs
// read once, then indexed from nothing into a new folder.
func BenchmarkIndexOnly(b *testing.B) {
	e := setup(b)
	s, err := workspace.Load(context.Background(), e.wsOptions(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	paras := 0
	for _, d := range s.Corpus.Docs {
		for _, p := range d.Paragraphs {
			if p.Aligned() {
				paras++
			}
		}
	}
	var st index.Stats
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(e.tmp, fmt.Sprintf("index-only-%d", i))
		x, s2, err := index.Sync(context.Background(), dir, s.Corpus.Docs, s.Pairs, nil)
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
		os.RemoveAll(dir)
		st = s2
	}
	b.ReportMetric(float64(paras)*float64(b.N)/b.Elapsed().Seconds(), "paragraphs/s")
	b.ReportMetric(mb(st.DiskBytes), "MB-on-disk")
}

// TestTable runs each step once, in order, and prints the table:
// first build, indexing alone, an update with nothing changed, an edit,
// searches one process each and in one process, and a browser's first
// screen. It runs only when asked (go test ./bench -run Table -v), and
// says how loaded the machine was.
func TestTable(t *testing.T) {
	if os.Getenv("HAMTA_BENCH_TABLE") == "" {
		t.Skip("takes minutes: HAMTA_BENCH_TABLE=1 go test ./bench -run Table -v -timeout 2h")
	}
	e := setup(t)
	load := func() string {
		b, _ := os.ReadFile("/proc/loadavg")
		return strings.Join(strings.Fields(string(b))[:3], " ")
	}
	rows := [][2]string{}
	add := func(name, value string) {
		rows = append(rows, [2]string{name, value})
		t.Logf("%s: %s (load %s)", name, value, load())
	}
	n := benchParagraphs()
	add(fmt.Sprintf("first build, %d paragraphs", n), fmt.Sprintf("%s, peak RSS %.0f MB, %.0f ¶/s", e.firstBuild.wall.Round(time.Second), mb(e.firstBuild.rss), float64(n)/e.firstBuild.wall.Seconds()))

	r, err := e.hamta("index", "--corpus", e.corpus, "--workspace", e.ws)
	if err != nil {
		t.Fatal(err)
	}
	add("hamta index, nothing changed", fmt.Sprintf("%s, peak RSS %.0f MB", r.wall.Round(time.Millisecond), mb(r.rss)))

	var edits []time.Duration
	var editRSS int64
	for k := 1; k <= 3; k++ {
		if err := e.editOnce(k); err != nil {
			t.Fatal(err)
		}
		r, err := e.hamta("index", "--corpus", e.corpus, "--workspace", e.ws)
		if err != nil {
			t.Fatal(err)
		}
		edits = append(edits, r.wall)
		editRSS = max(editRSS, r.rss)
	}
	slices.Sort(edits)
	add("one file edited, added and deleted", fmt.Sprintf("%s (median of 3), peak RSS %.0f MB", edits[1].Round(time.Millisecond), mb(editRSS)))

	var lat []time.Duration
	for _, q := range e.queries {
		r, err := e.hamta("search", "--corpus", e.corpus, "--workspace", e.ws, "--format", "json", q)
		if err != nil && !strings.Contains(err.Error(), "only common words") {
			t.Fatal(err)
		}
		lat = append(lat, r.wall)
	}
	slices.Sort(lat)
	add("hamta search, one process per query", fmt.Sprintf("p50 %.0f ms, p99 %.0f ms (%d queries)", ms(percentile(lat, 0.5)), ms(percentile(lat, 0.99)), len(lat)))

	start := time.Now()
	x, err := workspace.OpenIndex(e.wsOptions())
	if err != nil {
		t.Fatal(err)
	}
	var first time.Duration
	lat = lat[:0]
	for i, q := range append(slices.Clone(e.queries), e.queries...) {
		qs := time.Now()
		if _, err := x.Search(context.Background(), q, index.Options{Limit: 20}); err != nil && !strings.Contains(err.Error(), "only common words") {
			t.Fatal(err)
		}
		if i == 0 {
			first = time.Since(start)
			continue
		}
		lat = append(lat, time.Since(qs))
	}
	x.Close()
	slices.Sort(lat)
	add("search in one process", fmt.Sprintf("p50 %.1f ms, p99 %.1f ms; open and first query %.0f ms", ms(percentile(lat, 0.5)), ms(percentile(lat, 0.99)), ms(first)))

	start = time.Now()
	l, err := workspace.Quick(e.wsOptions())
	if err != nil {
		t.Fatal(err)
	}
	quick := time.Since(start)
	start = time.Now()
	ch, err := l.Verify(context.Background(), e.wsOptions())
	if err != nil {
		t.Fatal(err)
	}
	add("browser's first screen (library from the workspace)", fmt.Sprintf("%.0f ms for %d documents and %d pairs; verifying the corpus after: %.0f ms (%s)", ms(quick), len(l.Docs), len(l.Pairs), ms(time.Since(start)), ch))

	// Indexing alone, last: this process then holds the corpus, which a
	// process it starts would count in its peak memory.
	s, err := workspace.Load(context.Background(), e.wsOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	paras := 0
	for _, d := range s.Corpus.Docs {
		for _, p := range d.Paragraphs {
			if p.Aligned() {
				paras++
			}
		}
	}
	dir := filepath.Join(e.tmp, "index-only")
	start = time.Now()
	x, st, err := index.Sync(context.Background(), dir, s.Corpus.Docs, s.Pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := time.Since(start)
	x.Close()
	fresh := st.DiskBytes
	os.RemoveAll(dir)
	s.Close()
	add("indexing alone", fmt.Sprintf("%.0f ¶/s (%d paragraphs in %s), %.0f MB", float64(paras)/d.Seconds(), paras, d.Round(time.Millisecond), mb(fresh)))

	if st, err := index.Peek(workspace.IndexPath(e.ws)); err == nil {
		add("index size after the edits", fmt.Sprintf("%.0f MB (a fresh build: %.0f MB)", mb(st.DiskBytes), mb(fresh)))
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n| measure | %d paragraphs |\n|---|---|\n", n)
	for _, r := range rows {
		fmt.Fprintf(&sb, "| %s | %s |\n", r[0], r[1])
	}
	fmt.Fprintf(&sb, "\n%d cores; load average at the end %s\n", runtime.NumCPU(), load())
	t.Log(sb.String())
}
