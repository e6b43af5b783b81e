package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hamta/align"
)

// sampleDir copies the bundled corpus into a temporary folder.
func sampleDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if copyFiles(t, "../testdata/corpus/*.txt", dir) == 0 {
		t.Fatal("sample corpus: no files")
	}
	return dir
}

// copyFiles copies the files matching glob into the folder dst, which it
// makes when missing, and returns how many it copied.
func copyFiles(t testing.TB, glob, dst string) int {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatalf("%s: %v", glob, err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return len(files)
}

func TestOpenAndLock(t *testing.T) {
	dir := sampleDir(t)
	w, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Dir != filepath.Join(dir, DirName) || !w.Writable() {
		t.Fatalf("dir %s writable %v", w.Dir, w.Writable())
	}
	if len(w.Corpus.Docs) != 5 {
		t.Errorf("%d documents", len(w.Corpus.Docs))
	}
	// A second opener (as another process would) is read-only and told who
	// holds the workspace, without waiting.
	w2, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	if w2.Writable() {
		t.Fatal("second open got the lock")
	}
	err = w2.NeedWrite()
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), fmt.Sprintf("hamta (process %d)", os.Getpid())) {
		t.Errorf("NeedWrite = %v", err)
	}
	// Once the first closes, the lock is free again.
	w.Close()
	w3, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w3.Close()
	if !w3.Writable() {
		t.Error("lock not released by Close")
	}
}

func TestWorkspaceFilesNotDocuments(t *testing.T) {
	dir := sampleDir(t)
	w, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.Path("notes.txt"), []byte("workspace text"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.Close()
	w, err = Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if len(w.Corpus.Docs) != 5 {
		t.Errorf("workspace file read as a document: %d documents", len(w.Corpus.Docs))
	}
}

func TestPairsCacheAndRules(t *testing.T) {
	dir := sampleDir(t)
	ctx := context.Background()
	w, err := Open(ctx, Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	al := align.NewAligner()
	pairs, err := w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 2 || pairs[0].Kind != align.Translation || len(pairs[0].Beads) == 0 {
		t.Fatalf("pairs = %+v", pairs)
	}
	if _, err := os.Stat(w.Path(cacheFile)); err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	// From the cache: the same pairs and beads.
	again, err := w.Pairs(ctx, al, func(int, int) { t.Error("aligned again despite the cache") })
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(pairs) || len(again[0].Beads) != len(pairs[0].Beads) {
		t.Errorf("cached pairs differ")
	}
	// A rule changes the answer: forbid the translation, pin another.
	rules := []align.Rule{
		{Forbid: true, FA: pairs[0].FA, EN: pairs[0].EN},
		{FA: pairs[0].FA, EN: "002_714cc25dd3f7c4d2.txt", Kind: align.Comparable},
	}
	if err := w.SetRules(rules); err != nil {
		t.Fatal(err)
	}
	got, err := w.Rules()
	if err != nil || len(got) != 2 {
		t.Fatalf("rules read back: %v %v", got, err)
	}
	pairs, err = w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]align.DocPair{}
	for _, p := range pairs {
		seen[p.EN] = p
	}
	if _, ok := seen["000_b79e0ac07a66befb.txt"]; ok {
		t.Error("forbidden pair still listed")
	}
	if p, ok := seen["002_714cc25dd3f7c4d2.txt"]; !ok || !p.Pinned || p.Kind != align.Comparable {
		t.Errorf("pinned pair: %+v", p)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A writer that fails half way leaves the old file whole and no
	// temporary file behind.
	err := WriteFileAtomic(path, func(f *os.File) error {
		f.WriteString("half of the new")
		return errors.New("disk full")
	})
	if err == nil {
		t.Fatal("no error from a failing writer")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file now %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := WriteFileAtomic(path, func(f *os.File) error { _, err := f.WriteString("new"); return err }); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(b) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("file %q mode %v", b, fi.Mode())
	}
}

func TestBadRuleLinesSkipped(t *testing.T) {
	dir := sampleDir(t)
	if err := os.MkdirAll(filepath.Join(dir, DirName), 0o755); err != nil {
		t.Fatal(err)
	}
	rules := "pin a\n" +
		"forbid 001_4458d8df9d782b8d.txt 000_b79e0ac07a66befb.txt\n" +
		"pin \"unclosed 000_b79e0ac07a66befb.txt\n" +
		"pin 001_4458d8df9d782b8d.txt missing.txt\n" +
		"pin 004_eb88f226d05968a2.txt 001_4458d8df9d782b8d.txt comparable\n" +
		"pin 000_b79e0ac07a66befb.txt 004_eb88f226d05968a2.txt\n" +
		"pin 001_4458d8df9d782b8d.txt 002_714cc25dd3f7c4d2.txt sibling\n" +
		"pin " + strings.Repeat("x", 100000) + " y\n"
	if err := os.WriteFile(filepath.Join(dir, DirName, RulesFile), []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Open(context.Background(), Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got, err := w.Rules()
	if err != nil {
		t.Fatal(err)
	}
	// The forbid, and the pin given English first, turned round.
	want := []align.Rule{
		{Forbid: true, FA: "001_4458d8df9d782b8d.txt", EN: "000_b79e0ac07a66befb.txt"},
		{FA: "001_4458d8df9d782b8d.txt", EN: "004_eb88f226d05968a2.txt", Kind: align.Comparable},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rules = %v, want %v", got, want)
	}
	problems := strings.Join(w.Problems(), "\n")
	for _, line := range []string{"line 1:", "line 3:", "line 4:", "line 5:", "line 6:", "line 7:", "line 8:"} {
		if !strings.Contains(problems, filepath.Join(dir, DirName, RulesFile)+" "+line) {
			t.Errorf("no problem reported for %s:\n%s", line, problems)
		}
	}
	for _, want := range []string{"missing.txt, which is not a document", "names the English document first; read as pin 001", "they are English and English", `kind "sibling"`} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q:\n%s", want, problems)
		}
	}
	// The rules still apply: the translation is forbidden, 001↔004
	// pinned.
	pairs, err := w.Pairs(context.Background(), align.NewAligner(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		if p.EN == "000_b79e0ac07a66befb.txt" {
			t.Error("forbidden pair listed")
		}
		if p.FA != "001_4458d8df9d782b8d.txt" {
			t.Errorf("pair with %s on the Persian side", p.FA)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, DirName, RulesFile)); string(b) != rules {
		t.Error("rules file changed")
	}
}

func TestCorrectionsSurviveRealignment(t *testing.T) {
	dir := sampleDir(t)
	ctx := context.Background()
	al := align.NewAligner()
	w, err := Open(ctx, Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := pairs[0] // 001 ↔ 000, a translation
	// Unlink the first link; confirm the second.
	var beads []align.Bead
	linked := 0
	for _, b := range p.Beads {
		if b.Linked() {
			linked++
			switch linked {
			case 1:
				beads = append(beads, align.Bead{A: b.A, B: []int{}, Corrected: true}, align.Bead{A: []int{}, B: b.B, Corrected: true})
				continue
			case 2:
				b.Confirmed = true
			}
		}
		beads = append(beads, b)
	}
	p.Beads = beads
	if err := w.SaveCorrections(p); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(w.Path(CorrectionsFile))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	if strings.Count(text, "\n  corrected ") != 2 || strings.Count(text, "\n  confirmed ") != 1 || !strings.Contains(text, "pair 001_4458d8df9d782b8d.txt 000_b79e0ac07a66befb.txt") {
		t.Fatalf("corrections file:\n%s", text)
	}
	w.Close()

	// Another file changes (and the pairs are realigned): the corrections
	// stay where they were.
	other := filepath.Join(dir, "003_632861df6ad09d70.txt")
	if err := os.WriteFile(other, []byte("A different article about Tabriz.\n\nIt has nothing to do with the rest."), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err = Open(ctx, Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	pairs, err = w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Stale()) != 0 {
		t.Errorf("stale: %v", w.Stale())
	}
	got := map[string]bool{}
	for _, b := range pairs[0].Beads {
		if b.Fixed() {
			got[b.String()+fmt.Sprint(b.Confirmed)] = true
		}
	}
	for _, b := range beads {
		if b.Fixed() && !got[b.String()+fmt.Sprint(b.Confirmed)] {
			t.Errorf("fixed bead %s lost after realignment: %v", b, pairs[0].Beads)
		}
	}
	w.Close()

	// A corrected paragraph changes: the correction is reported, and kept
	// in the file.
	fa := filepath.Join(dir, "001_4458d8df9d782b8d.txt")
	b, _ := os.ReadFile(fa)
	changed := strings.Replace(string(b), "وزیر امور خارجه جمهوری اسلامی ایران در دیدار", "وزیر خارجه ایران در دیدار", 1)
	if changed == string(b) {
		t.Fatal("fixture text not found")
	}
	if err := os.WriteFile(fa, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err = Open(ctx, Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Pairs(ctx, al, nil); err != nil {
		t.Fatal(err)
	}
	stale := strings.Join(w.Stale(), "\n")
	if !strings.Contains(stale, "no longer fits") {
		t.Errorf("changed paragraph not reported: %q", stale)
	}
	// Saving the pair again keeps the line that no longer fits.
	pairs, _ = w.Pairs(ctx, al, nil)
	if err := w.SaveCorrections(pairs[0]); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(w.Path(CorrectionsFile))
	if strings.Count(string(after), "\n  corrected ")+strings.Count(string(after), "\n  confirmed ") != 3 {
		t.Errorf("a correction was dropped:\n%s", after)
	}
}

func TestCorrectionsFileErrors(t *testing.T) {
	for _, bad := range []string{
		"confirmed fa:a en:b\n",
		"pair a\n",
		"pair a b\n  weird fa:a en:b\n",
		"pair a b\n  confirmed fa:- en:-\n",
		"pair a b\n  confirmed a b\n",
		"pair \"a b\n",
		"pair \"a\"b c\n",
		"pair a b\n  confirmed fa:" + strings.Repeat("k", 5<<20) + " en:- \"\n",
	} {
		cf, problems := parseCorrections("corrections.txt", []byte(bad))
		lines := strings.Count(bad, "\n")
		if len(problems) != 1 || !strings.Contains(problems[0], fmt.Sprintf("corrections.txt line %d:", lines)) {
			t.Errorf("parse %.40q: problems %q", bad, problems)
		}
		// The line is kept.
		kept := len(cf.lead)
		for _, pc := range cf.pairs {
			if pc.header != "" {
				kept++
			}
			for _, c := range pc.beads {
				if c.bad {
					kept++
				}
			}
		}
		if kept != 1 {
			t.Errorf("parse %.40q: %d lines kept", bad, kept)
		}
	}
	cf, problems := parseCorrections("c", []byte(correctionsHeader+"pair \"fa dir/a#1.txt\" b.txt   # a comment\n  confirmed fa:1,2 en:-   # note \" with a quote\n"))
	if len(problems) != 0 || len(cf.pairs) != 1 || cf.pairs[0].fa != "fa dir/a#1.txt" || len(cf.pairs[0].beads[0].fa) != 2 || cf.pairs[0].beads[0].en != nil {
		t.Errorf("parse = %+v, %v", cf, problems)
	}
}

// TestLegacyPairsFile opens a workspace whose pairs an earlier version
// kept in pairs.json: they serve without pairing again, and move to the
// pairs file this version writes.
func TestLegacyPairsFile(t *testing.T) {
	dir := sampleDir(t)
	ctx := context.Background()
	w, err := Open(ctx, Options{CorpusDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	al := align.NewAligner()
	pairs, err := w.Pairs(ctx, al, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Write the cache as an earlier version did.
	c := w.readPairCache()
	if c.Key == "" || c.legacy {
		t.Fatalf("pairs file read: key %q, legacy %v", c.Key, c.legacy)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(w.Path(legacyCacheFile), b, 0o644)
	os.Remove(w.Path(cacheFile))

	again, err := w.Pairs(ctx, al, func(int, int) { t.Error("paired again despite the earlier pairs file") })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, pairs) {
		t.Errorf("pairs from the earlier file differ")
	}
	if _, err := os.Stat(w.Path(legacyCacheFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the earlier pairs file stays: %v", err)
	}
	if got := w.readPairCache(); got.legacy || !reflect.DeepEqual(got.Pairs, c.Pairs) || !reflect.DeepEqual(got.Scored, c.Scored) {
		t.Errorf("the pairs file written from the earlier one differs")
	}
}
