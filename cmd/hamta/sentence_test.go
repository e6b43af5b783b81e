package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hamta/align"
	"hamta/corpus"
)

// TestAlignUnitSentence aligns two files at the sentence level: TSV rows
// with the paragraph columns, each side's text a run of the file's
// sentences; the beads form numbers every sentence once; --lines takes
// each line as a sentence; an unknown unit is bad usage.
func TestAlignUnitSentence(t *testing.T) {
	fa, en := "../../testdata/align/earthquake.fa.txt", "../../testdata/align/earthquake.en.txt"
	code, out, errs := runHamta(t, "align", "--unit", "sentence", "--unaligned", fa, en)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := align.ReadTSV(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	_, paras, _ := runHamta(t, "align", "--unaligned", fa, en)
	prows, _ := align.ReadTSV(strings.NewReader(paras))
	if len(rows) <= len(prows) {
		t.Errorf("%d sentence rows, %d paragraph rows", len(rows), len(prows))
	}
	doc, err := corpus.ReadFile(fa, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, p := range r.FAParas {
			if r.FAText != "" && !strings.Contains(doc.Paragraphs[p].Text, strings.Fields(r.FAText)[0]) && len(r.FAParas) == 1 {
				t.Errorf("row text %q is not of paragraph %d", r.FAText, p+1)
			}
		}
	}

	code, out, errs = runHamta(t, "align", "--unit", "sentence", "--format", "beads", fa, en)
	if code != exitOK {
		t.Fatalf("--format beads: exit %d: %s", code, errs)
	}
	beads, err := align.ReadBeads(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for p := range doc.Paragraphs {
		total += len(align.Sentences(doc, p))
	}
	seen := map[int]bool{}
	for _, b := range beads {
		for _, x := range b.A {
			if seen[x] || x < 0 || x >= total {
				t.Fatalf("sentence %d twice or out of range in %s", x, b)
			}
			seen[x] = true
		}
	}
	if len(seen) != total {
		t.Errorf("%d of %d Persian sentences in the beads", len(seen), total)
	}

	dir := t.TempDir()
	lfa, len_ := filepath.Join(dir, "fa.txt"), filepath.Join(dir, "en.txt")
	os.WriteFile(lfa, []byte("وزیر امور خارجه ایران وارد بغداد شد. او با همتای خود دیدار کرد.\n\nدو طرف درباره خط آهن ۳۲ کیلومتری گفت‌وگو کردند.\n"), 0o644)
	os.WriteFile(len_, []byte("Iran's foreign minister arrived in Baghdad. He met his counterpart.\n\nThe two sides discussed the 32-kilometre railway.\n"), 0o644)
	code, out, errs = runHamta(t, "align", "--unit", "sentence", "--lines", "--format", "json", lfa, len_)
	if code != exitOK {
		t.Fatalf("--lines: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("--lines: %d rows, want one a line:\n%s", len(lines), out)
	}
	var row struct {
		FAParas []int `json:"fa_paras"`
		FASents []struct {
			Para, Sentence int
		} `json:"fa_sentences"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &row); err != nil {
		t.Fatal(err)
	}
	if len(row.FAParas) != 1 || row.FAParas[0] != 3 || len(row.FASents) != 1 || row.FASents[0].Para != 3 {
		t.Errorf("--lines: second row %s, want line 3 as one sentence", lines[1])
	}

	if code, _, _ := runHamta(t, "align", "--unit", "word", fa, en); code != exitUsage {
		t.Errorf("--unit word: exit %d, want %d", code, exitUsage)
	}
}

// TestExportUnitSentence exports a corpus's sentence beads in the three
// formats.
func TestExportUnitSentence(t *testing.T) {
	dir := corpusCopy(t)
	code, out, errs := runHamta(t, "export", "--corpus", dir, "--unit", "sentence")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := align.ReadTSV(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	_, out, _ = runHamta(t, "export", "--corpus", dir)
	prows, _ := align.ReadTSV(strings.NewReader(out))
	if len(rows) < len(prows) {
		t.Errorf("%d sentence rows, %d paragraph rows", len(rows), len(prows))
	}
	_, out, _ = runHamta(t, "export", "--corpus", dir, "--unit", "sentence", "--format", "jsonl")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.Contains(l, `"fa_sentences":[{"para":`) || !strings.Contains(l, `"bead":{"fa_paras":[`) {
			t.Fatalf("jsonl row without its sentences and bead: %s", l)
		}
	}
	_, out, _ = runHamta(t, "export", "--corpus", dir, "--unit", "sentence", "--format", "tmx")
	if !strings.Contains(out, `segtype="sentence"`) || strings.Count(out, "<tu ") != len(rows) || !strings.Contains(out, `<prop type="x-bead">`) {
		t.Errorf("tmx: %d units for %d rows: %.300s", strings.Count(out, "<tu "), len(rows), out)
	}
	if code, _, _ := runHamta(t, "export", "--corpus", dir, "--unit", "chapter"); code != exitUsage {
		t.Errorf("--unit chapter: exit %d, want %d", code, exitUsage)
	}
}
