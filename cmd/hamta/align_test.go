package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hamta/align"
)

// TestAlignLinesSkipsBlankLines aligns sentence-per-line files with empty
// lines: no row has an empty segment, and line numbers still count them.
func TestAlignLinesSkipsBlankLines(t *testing.T) {
	dir := t.TempDir()
	fa := filepath.Join(dir, "fa.txt")
	en := filepath.Join(dir, "en.txt")
	os.WriteFile(fa, []byte("وزیر امور خارجه ایران وارد بغداد شد.\n\n\nدو طرف درباره خط آهن ۳۲ کیلومتری گفت‌وگو کردند.\n\n"), 0o644)
	os.WriteFile(en, []byte("Iran's foreign minister arrived in Baghdad.\n\n\nThe two sides discussed the 32-kilometre railway.\n\n"), 0o644)
	for _, unaligned := range []bool{false, true} {
		args := []string{"align", "--lines", fa, en}
		if unaligned {
			args = []string{"align", "--lines", "--unaligned", fa, en}
		}
		code, out, errs := runHamta(t, args...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		rows, err := align.ReadTSV(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Errorf("%d rows, want 2:\n%s", len(rows), out)
		}
		for _, r := range rows {
			if strings.TrimSpace(r.FAText) == "" && len(r.FAParas) > 0 || strings.TrimSpace(r.ENText) == "" && len(r.ENParas) > 0 {
				t.Errorf("blank segment in row %+v", r)
			}
		}
		if len(rows) == 2 && (rows[1].FAParas[0] != 3 || rows[1].ENParas[0] != 3) {
			t.Errorf("second row at lines %v/%v, want line 4 on both sides", rows[1].FAParas, rows[1].ENParas)
		}
	}
}

// TestAlignKinds aligns the sample comparable pair as each kind, and
// refuses an unknown one.
func TestAlignKinds(t *testing.T) {
	fa, en := "../../testdata/corpus/001_4458d8df9d782b8d.txt", "../../testdata/corpus/004_eb88f226d05968a2.txt"
	links := map[string]int{}
	for _, kind := range []string{"auto", "translation", "comparable"} {
		code, out, errs := runHamta(t, "align", "--kind", kind, "--format", "json", fa, en)
		if code != exitOK {
			t.Fatalf("--kind %s: exit %d: %s", kind, code, errs)
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var row struct {
				FA []int `json:"fa_paras"`
				EN []int `json:"en_paras"`
			}
			if err := json.Unmarshal([]byte(line), &row); err != nil {
				t.Fatal(err)
			}
			links[kind] += len(row.FA) + len(row.EN)
		}
	}
	// Independent reports leave much of each other alone: fewer
	// paragraphs are in links.
	if links["comparable"] >= links["translation"] || links["auto"] != links["comparable"] {
		t.Errorf("links by kind %v: want fewer as comparable, and auto to find it comparable", links)
	}
	if code, _, errs := runHamta(t, "align", "--kind", "parallel", fa, en); code != exitUsage || !strings.Contains(errs, "parallel") {
		t.Errorf("unknown kind: exit %d %q", code, errs)
	}
}

// TestAlignCorpusRarity aligns a Persian report with an English report of
// another meeting on the same topic: weighed by their rarity in the
// sample corpus, the names they share make no confident link.
func TestAlignCorpusRarity(t *testing.T) {
	fa, en := "../../testdata/corpus/001_4458d8df9d782b8d.txt", "../../testdata/corpus/003_632861df6ad09d70.txt"
	code, out, errs := runHamta(t, "align", "--corpus", "../../testdata/corpus", "--format", "json", fa, en)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	confident := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var row struct {
			Score float64 `json:"score"`
		}
		if line != "" && json.Unmarshal([]byte(line), &row) == nil && row.Score >= 0.5 {
			confident++
		}
	}
	if confident > 1 {
		t.Errorf("%d links scoring 0.5 or more between reports of different meetings:\n%s", confident, out)
	}
	if code, _, errs := runHamta(t, "align", "--corpus", "/no/such/folder", fa, en); code != exitFail || !strings.Contains(errs, "/no/such/folder") {
		t.Errorf("missing corpus: exit %d %q", code, errs)
	}
}
