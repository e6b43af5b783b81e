package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hamta/align"
	"hamta/corpus"
	"hamta/ui"
	"hamta/workspace"
)

// corpusCopy copies the sample corpus to a temporary folder, whose
// workspace is then its own.
func corpusCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, _ := filepath.Glob("../../testdata/corpus/*.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
	}
	return dir
}

func TestPairsCommand(t *testing.T) {
	dir := corpusCopy(t)
	code, out, errs := runHamta(t, "pairs", "--format", "json", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var kinds []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var p struct {
			FA    string  `json:"fa_doc"`
			EN    string  `json:"en_doc"`
			Kind  string  `json:"kind"`
			Score float64 `json:"score"`
		}
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		if p.Score <= 0 || p.Score > 1 {
			t.Errorf("score %v", p.Score)
		}
		kinds = append(kinds, p.FA[:3]+"-"+p.EN[:3]+" "+p.Kind)
	}
	if strings.Join(kinds, ",") != "001-000 translation,001-004 comparable" {
		t.Errorf("pairs: %v", kinds)
	}
	code, out, _ = runHamta(t, "pairs", dir)
	if code != exitOK || !strings.Contains(out, "unpaired: 002_714cc25dd3f7c4d2.txt 003_632861df6ad09d70.txt") {
		t.Errorf("text pairs:\n%s", out)
	}
}

func TestAlignCommand(t *testing.T) {
	fa, en := "../../testdata/corpus/001_4458d8df9d782b8d.txt", "../../testdata/corpus/000_b79e0ac07a66befb.txt"
	// Either order: the languages are detected.
	code, out, errs := runHamta(t, "align", en, fa)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := align.ReadTSV(strings.NewReader(out))
	if err != nil || len(rows) < 5 || !strings.HasSuffix(rows[0].FADoc, "001_4458d8df9d782b8d.txt") {
		t.Fatalf("rows %d err %v\n%s", len(rows), err, out)
	}
	code, out, _ = runHamta(t, "align", "--format", "beads", fa, en)
	if code != exitOK {
		t.Fatal("beads format failed")
	}
	beads, err := align.ReadBeads(strings.NewReader(out))
	if err != nil || len(beads) < 8 {
		t.Errorf("beads %v %v", beads, err)
	}
	// Scored against the sample gold through hamta eval.
	test := filepath.Join(t.TempDir(), "test.beads")
	os.WriteFile(test, []byte(out), 0o644)
	code, out, _ = runHamta(t, "eval", "--format", "json", "../../testdata/gold/001-000.gold", test)
	var r map[string]float64
	if code != exitOK || json.Unmarshal([]byte(out), &r) != nil || r["f1_lax"] < 0.9 {
		t.Errorf("eval: exit %d %s", code, out)
	}
	for _, bad := range [][]string{{"align", fa}, {"align", "--format", "xml", fa, en}, {"align", "--min-score", "2", fa, en}, {"eval", "one"}} {
		if code, _, _ := runHamta(t, bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}
	// Two files of one language are refused, saying so.
	if code, _, errs := runHamta(t, "align", en, "../../testdata/corpus/004_eb88f226d05968a2.txt"); code != exitUsage || !strings.Contains(errs, "are both English") {
		t.Errorf("two English files: exit %d %q", code, errs)
	}
	empty := filepath.Join(t.TempDir(), "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	if code, _, errs := runHamta(t, "align", empty, en); code != exitFail || !strings.Contains(errs, "empty.txt") {
		t.Errorf("empty file: exit %d %q", code, errs)
	}
}

func TestSearchCommand(t *testing.T) {
	dir := corpusCopy(t)
	code, out, errs := runHamta(t, "search", "--corpus", dir, "--format", "json", "--limit", "3", "Haniyeh")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d hits:\n%s", len(lines), out)
	}
	for _, l := range lines {
		var h struct {
			Doc        string                     `json:"doc"`
			Lang       string                     `json:"lang"`
			Para       int                        `json:"para"`
			Text       string                     `json:"text"`
			Highlights []struct{ Start, End int } `json:"highlights"`
			Via        *string                    `json:"via"`
		}
		if err := json.Unmarshal([]byte(l), &h); err != nil {
			t.Fatal(err)
		}
		if h.Para < 1 || len(h.Highlights) == 0 || h.Highlights[0].End > len([]rune(h.Text)) {
			t.Errorf("hit %+v", h)
		}
		if (h.Lang == "fa") != (h.Via != nil) {
			t.Errorf("English query, %s hit, via %v", h.Lang, h.Via)
		}
	}
	code, out, _ = runHamta(t, "search", "--corpus", dir, "--lang", "fa", "آتش‌بس")
	if code != exitOK || !strings.Contains(out, "[آتشبس]") {
		t.Errorf("text search:\n%s", out)
	}
	for _, bad := range []string{`"unclosed`, "*", "lang:de x"} {
		code, _, errs := runHamta(t, "search", "--corpus", dir, bad)
		if code != exitUsage || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("search %q: exit %d %q", bad, code, errs)
		}
	}
	if code, _, _ := runHamta(t, "search", "--corpus", dir, "--lang", "de", "x"); code != exitUsage {
		t.Error("--lang de accepted")
	}
	// A leading folder is the corpus; the query follows it.
	code, out, errs = runHamta(t, "search", "--format", "json", dir, "هنیه")
	if code != exitOK {
		t.Fatalf("search DIR QUERY: exit %d %s", code, errs)
	}
	var first struct {
		Lang        string `json:"lang"`
		Via         *string
		Counterpart struct {
			Text       string                     `json:"text"`
			Highlights []struct{ Start, End int } `json:"highlights"`
		} `json:"counterpart"`
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &first); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if first.Lang != "fa" || first.Via != nil {
		t.Errorf("a Persian query's first row is %s, via %v: its own words rank first", first.Lang, first.Via)
	}
	lit := false
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		lit = lit || strings.Contains(l, `"highlights":[{`) && strings.Contains(l[strings.Index(l, `"counterpart"`):], `"highlights":[{`)
	}
	if !lit {
		t.Errorf("no row highlights its counterpart's match:\n%s", out)
	}
}

func TestExportCommand(t *testing.T) {
	dir := corpusCopy(t)
	out := filepath.Join(t.TempDir(), "pairs.tsv")
	code, _, errs := runHamta(t, "export", "--corpus", dir, "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, _ := os.Open(out)
	all, err := align.ReadTSV(f)
	f.Close()
	if err != nil || len(all) == 0 {
		t.Fatalf("rows %d: %v", len(all), err)
	}
	for _, r := range all {
		if len(r.FAParas) == 0 || len(r.ENParas) == 0 {
			t.Errorf("unaligned row without --unaligned: %+v", r)
		}
	}
	_, stdout, _ := runHamta(t, "export", "--corpus", dir, "--unaligned")
	withUnaligned, _ := align.ReadTSV(strings.NewReader(stdout))
	if len(withUnaligned) <= len(all) {
		t.Errorf("--unaligned: %d rows, without %d", len(withUnaligned), len(all))
	}
	_, stdout, _ = runHamta(t, "export", "--corpus", dir, "--min-score", "0.99")
	high, _ := align.ReadTSV(strings.NewReader(stdout))
	for _, r := range high {
		if r.Score < 0.99 {
			t.Errorf("--min-score 0.99 kept %.3f", r.Score)
		}
	}
	if len(high) >= len(all) {
		t.Errorf("--min-score dropped nothing (%d of %d)", len(high), len(all))
	}
	_, stdout, _ = runHamta(t, "export", "--corpus", dir, "--pair", "001_4458d8df9d782b8d.txt:004_eb88f226d05968a2.txt", "--format", "jsonl")
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if !strings.Contains(l, `"en_doc":"004_eb88f226d05968a2.txt"`) {
			t.Errorf("--pair: %s", l)
		}
	}
	_, stdout, _ = runHamta(t, "export", "--corpus", dir, "--format", "tmx")
	if !strings.HasPrefix(stdout, "<?xml") || !strings.Contains(stdout, `srclang="fa"`) {
		t.Errorf("tmx: %.200s", stdout)
	}
	if code, _, _ := runHamta(t, "export", "--corpus", dir, "--pair", "nope:none"); code != exitFail {
		t.Errorf("unknown pair: exit %d", code)
	}
	if code, _, _ := runHamta(t, "export", "--corpus", dir, "--format", "xls"); code != exitUsage {
		t.Errorf("bad format: exit %d", code)
	}
}

func TestIndexCommandInUse(t *testing.T) {
	dir := corpusCopy(t)
	if code, out, errs := runHamta(t, "index", dir); code != exitOK || !strings.Contains(out, "index built") {
		t.Fatalf("index: %d %s %s", code, out, errs)
	}
	if code, out, _ := runHamta(t, "index", dir); code != exitOK || !strings.Contains(out, "up to date") || !strings.Contains(out, "(0 indexed") {
		t.Errorf("second index: %s", out)
	}
	// While another hamta holds the workspace, index says so at once.
	w, err := workspace.Open(context.Background(), workspace.Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	start := time.Now()
	code, _, errs := runHamta(t, "index", dir)
	if code != exitFail || !strings.Contains(errs, "workspace in use: hamta (process") {
		t.Errorf("index while held: exit %d %q", code, errs)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

// TestBrowserExport: the browser's export prompt writes through the checks
// of hamta export: into the workspace's exports folder by default,
// refusing the workspace's own files and the corpus's.
func TestBrowserExport(t *testing.T) {
	dir := corpusCopy(t)
	ctx := context.Background()
	s, err := workspace.Load(ctx, workspace.Options{CorpusDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := browserData(ctx, s)
	if d.ExportDir != filepath.Join(dir, workspace.DirName, workspace.ExportsDir) {
		t.Errorf("exports go to %s", d.ExportDir)
	}
	pair := d.Pairs[0]
	for _, format := range []string{"tsv", "tmx", "jsonl"} {
		path := filepath.Join(d.ExportDir, "pair."+format)
		got, n, err := d.Export(ctx, ui.ExportRequest{Pair: pair, Format: format, Unit: "paragraph", Path: path})
		if err != nil || got != path || n == 0 {
			t.Fatalf("%s: %q, %d beads, %v", format, got, n, err)
		}
		if format == "jsonl" {
			// The session's pairs hold no anchors; the export reads them.
			if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), `"anchors":[{`) {
				t.Errorf("jsonl export without anchors (%v)", err)
			}
		}
		if format == "tsv" {
			f, _ := os.Open(path)
			rows, err := align.ReadTSV(f)
			f.Close()
			if err != nil || len(rows) != n {
				t.Errorf("read back %d rows of %d: %v", len(rows), n, err)
			}
		}
	}
	for _, bad := range []string{
		filepath.Join(dir, workspace.DirName, workspace.CorrectionsFile),
		filepath.Join(dir, "000_b79e0ac07a66befb.txt"),
	} {
		if _, _, err := d.Export(ctx, ui.ExportRequest{Pair: pair, Format: "tsv", Unit: "paragraph", Path: bad}); !errors.Is(err, workspace.ErrRefused) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, _, err := d.Export(ctx, ui.ExportRequest{Pair: pair, Format: "xls", Unit: "paragraph", Path: filepath.Join(t.TempDir(), "x")}); err == nil {
		t.Error("xls written")
	}
}

// TestEvalBench scores a folder laid out as the Text+Berg set, made of two
// fixtures written a paragraph a line, in one pass and in two passes
// with a lexicon learned from the whole folder.
func TestEvalBench(t *testing.T) {
	dir := t.TempDir()
	for name, fixture := range map[string]string{"test1": "diplomacy", "dev": "football"} {
		for _, lang := range []string{"fa", "en"} {
			d, err := corpus.ReadFile("../../testdata/align/"+fixture+"."+lang+".txt", corpus.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, p := range d.Paragraphs {
				lines = append(lines, p.Text)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"."+lang), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		gold, err := os.ReadFile("../../testdata/align/" + fixture + ".gold")
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name+".faen"), gold, 0o644)
	}
	for _, tt := range []struct {
		args  []string
		links float64 // the gold links of the set scored
	}{
		{[]string{"--bench", dir}, 10},
		{[]string{"--bench", dir, "--learn"}, 10},
		{[]string{"--bench", dir, "--learn", "--set", "dev"}, 9},
	} {
		code, out, errs := runHamta(t, append([]string{"eval", "--format", "json"}, tt.args...)...)
		var r map[string]float64
		if code != exitOK || json.Unmarshal([]byte(out), &r) != nil {
			t.Fatalf("%v: exit %d %s %s", tt.args, code, out, errs)
		}
		if r["f1_strict"] < 0.9 || r["gold_links"] != tt.links {
			t.Errorf("%v: %s", tt.args, out)
		}
	}
	if code, _, _ := runHamta(t, "eval", "--learn", "a", "b"); code != exitUsage {
		t.Errorf("--learn without --bench: exit %d, want %d", code, exitUsage)
	}
}
