package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"hamta/corpus"
	"hamta/workspace"
)

// fixtureCorpus copies written translation pairs (and one pair of
// independent reports) into a folder of their own, for a lexicon with
// something in it.
func fixtureCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"earthquake", "economy", "health", "flood"} {
		for _, lang := range []string{"fa", "en"} {
			f := filepath.Join("../../testdata/align", name+"."+lang+".txt")
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// TestTermsContract checks the forms of hamta terms: the glossary as TSV
// and JSON lines, a word's translations as one JSON object, best first,
// in either language and any form, and what it says of bad input.
func TestTermsContract(t *testing.T) {
	dir := fixtureCorpus(t)
	code, out, errs := runHamta(t, "terms", dir)
	if code != exitOK {
		t.Fatalf("terms: exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "no lexicon yet") {
		t.Errorf("first run says nothing of learning: %q", errs)
	}
	rows := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if rows[0] != "fa\ten\tscore\tcount" || len(rows) < 50 {
		t.Fatalf("glossary: %d rows, header %q", len(rows), rows[0])
	}
	prev := 2.0
	var pairs []string
	for _, r := range rows[1:] {
		f := strings.Split(r, "\t")
		if len(f) != 4 {
			t.Fatalf("row %q: %d fields", r, len(f))
		}
		s, err := strconv.ParseFloat(f[2], 64)
		n, err2 := strconv.Atoi(f[3])
		if err != nil || err2 != nil || s <= 0 || s > 1 || n < 1 {
			t.Errorf("row %q: bad score or count", r)
		}
		if s > prev {
			t.Errorf("row %q: not best first", r)
		}
		prev = s
		if corpus.DetectLang(f[0]) != corpus.LangFA || corpus.DetectLang(f[1]) != corpus.LangEN {
			t.Errorf("row %q: columns not fa, en", r)
		}
		pairs = append(pairs, f[0]+"="+f[1])
	}
	if !slices.Contains(pairs, "تورم=inflation") {
		t.Errorf("glossary lacks تورم=inflation")
	}

	// The glossary as JSON lines.
	_, out, _ = runHamta(t, "terms", "--format", "json", "--corpus", dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(rows)-1 {
		t.Errorf("JSON glossary has %d lines, TSV %d rows", len(lines), len(rows)-1)
	}
	var e map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &e); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"fa", "en", "score", "count"} {
		if _, ok := e[k]; !ok {
			t.Errorf("JSON entry lacks %q: %s", k, lines[0])
		}
	}

	type translation struct {
		Text  string  `json:"text"`
		Count int     `json:"count"`
		Score float64 `json:"score"`
	}
	type termJSON struct {
		Term         string         `json:"term"`
		Lang         string         `json:"lang"`
		Translations []translation  `json:"translations"`
		Extra        map[string]any `json:"-"`
	}
	lookup := func(args ...string) termJSON {
		t.Helper()
		code, out, errs := runHamta(t, append([]string{"terms", "--format", "json", dir}, args...)...)
		if code != exitOK {
			t.Fatalf("terms %v: exit %d: %s", args, code, errs)
		}
		if n := strings.Count(out, "\n"); n != 1 {
			t.Fatalf("terms %v: %d lines, want one object", args, n)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatal(err)
		}
		if len(raw) != 3 || raw["translations"] == nil {
			t.Errorf("terms %v: fields %s", args, out)
		}
		var j termJSON
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatal(err)
		}
		for i, tr := range j.Translations {
			if tr.Count < 1 || tr.Score <= 0 || tr.Score > 1 || (i > 0 && tr.Score > j.Translations[i-1].Score) {
				t.Errorf("terms %v: translation %d %+v", args, i, tr)
			}
		}
		return j
	}
	j := lookup("تورم")
	if j.Term != "تورم" || j.Lang != "fa" || len(j.Translations) == 0 || j.Translations[0].Text != "inflation" {
		t.Errorf("تورم: %+v", j)
	}
	// An inflected form with ZWNJ finds its stem.
	if k := lookup("تورم‌ها"); k.Lang != "fa" || !slices.Equal(k.Translations, j.Translations) {
		t.Errorf("تورم‌ها: %+v, تورم %+v", k, j)
	}
	if j := lookup("inflation"); j.Lang != "en" || len(j.Translations) == 0 || j.Translations[0].Text != "تورم" {
		t.Errorf("inflation: %+v", j)
	}
	if j := lookup("xylophone"); j.Translations == nil || len(j.Translations) != 0 {
		t.Errorf("unknown word: %+v", j)
	}
	code, out, _ = runHamta(t, "terms", dir, "inflation")
	if code != exitOK || !strings.Contains(out, "تورم") || !strings.Contains(out, "translations of inflation") {
		t.Errorf("text: exit %d\n%s", code, out)
	}

	for _, bad := range [][]string{{"terms", dir, "123"}, {"terms", "--format", "xml", dir}} {
		if code, _, errs := runHamta(t, bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", bad, code, exitUsage, errs)
		}
	}

	// The saved lexicon answers without the corpus: remove its files.
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	for _, f := range files {
		os.Remove(f)
	}
	if j := lookup("تورم"); len(j.Translations) == 0 {
		t.Errorf("without the corpus: %+v", j)
	}
	// A damaged lexicon is learned again, and says so.
	ws := filepath.Join(dir, workspace.DirName)
	os.WriteFile(filepath.Join(ws, workspace.LexiconFile), []byte("HAMTALEX garbage"), 0o644)
	for _, f := range files {
		b, _ := os.ReadFile(filepath.Join("../../testdata/align", filepath.Base(f)))
		os.WriteFile(f, b, 0o644)
	}
	code, out, errs = runHamta(t, "terms", "--format", "json", dir, "تورم")
	if code != exitOK || !strings.Contains(errs, "learning it again") || !strings.Contains(out, "inflation") {
		t.Errorf("damaged lexicon: exit %d %q\n%s", code, errs, out)
	}
}

// TestConcordContract checks hamta concord's JSON lines: every field,
// left+key+right the whole paragraph, the key a form of the word, spot
// offsets into the counterpart's text, null counterpart and spot where
// there are none; and the text form's fixed keyword column.
func TestConcordContract(t *testing.T) {
	dir := fixtureCorpus(t)
	paragraphs := map[string][]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	for _, f := range files {
		d, err := corpus.ReadFile(f, corpus.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range d.Paragraphs {
			paragraphs[filepath.Base(f)] = append(paragraphs[filepath.Base(f)], p.Text)
		}
	}
	for _, word := range []string{"earthquake", "زمین‌لرزه", "تورم"} {
		code, out, errs := runHamta(t, "concord", "--format", "json", dir, word)
		if code != exitOK {
			t.Fatalf("concord %s: exit %d: %s", word, code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) < 2 {
			t.Fatalf("concord %s: %d lines", word, len(lines))
		}
		spotted, noCounterpart := 0, 0
		for _, l := range lines {
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(l), &raw); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"doc", "lang", "para", "left", "key", "right", "counterpart", "spot"} {
				if _, ok := raw[k]; !ok {
					t.Errorf("%s: line lacks %q: %s", word, k, l)
				}
			}
			var c struct {
				Doc, Lang        string
				Para             int
				Left, Key, Right string
				Counterpart      *struct {
					Doc, Text string
					Paras     []int
				}
				Spot      *struct{ Start, End int }
				Rendering *string
			}
			if err := json.Unmarshal([]byte(l), &c); err != nil {
				t.Fatal(err)
			}
			paras := paragraphs[c.Doc]
			if c.Para < 1 || c.Para > len(paras) || c.Left+c.Key+c.Right != paras[c.Para-1] {
				t.Errorf("%s: line %s ¶%d is not its paragraph", word, c.Doc, c.Para)
			}
			if c.Key == "" || string(corpus.DetectLang(c.Key)) != c.Lang {
				t.Errorf("%s: key %q lang %s", word, c.Key, c.Lang)
			}
			switch {
			case c.Counterpart == nil:
				noCounterpart++
				if string(raw["counterpart"]) != "null" || string(raw["spot"]) != "null" {
					t.Errorf("%s: no counterpart, but %s %s", word, raw["counterpart"], raw["spot"])
				}
			case c.Spot == nil:
				if string(raw["spot"]) != "null" {
					t.Errorf("%s: spot %s", word, raw["spot"])
				}
			default:
				spotted++
				n := utf8.RuneCountInString(c.Counterpart.Text)
				if c.Spot.Start < 0 || c.Spot.Start >= c.Spot.End || c.Spot.End > n {
					t.Errorf("%s: spot %+v outside %d runes", word, *c.Spot, n)
					continue
				}
				got := string([]rune(c.Counterpart.Text)[c.Spot.Start:c.Spot.End])
				if c.Rendering == nil || !strings.HasPrefix(got, strings.Fields(*c.Rendering)[0]) {
					t.Errorf("%s: spot %q, rendering %v", word, got, c.Rendering)
				}
				if len(c.Counterpart.Paras) == 0 || c.Counterpart.Paras[0] < 1 {
					t.Errorf("%s: counterpart paras %v", word, c.Counterpart.Paras)
				}
			}
		}
		if spotted == 0 {
			t.Errorf("%s: nothing spotted in %d lines", word, len(lines))
		}
		if word == "earthquake" && noCounterpart == 0 {
			t.Errorf("earthquake: the English-only paragraph has a counterpart")
		}
	}

	// Sorted by the words after the keyword.
	_, out, _ := runHamta(t, "concord", "--format", "json", "--sort", "right", dir, "earthquake")
	var rights []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var c struct{ Right string }
		json.Unmarshal([]byte(l), &c)
		rights = append(rights, corpus.Fold(c.Right))
	}
	if !slices.IsSorted(rights) {
		t.Errorf("--sort right: %q", rights)
	}
	// --limit.
	_, out, _ = runHamta(t, "concord", "--format", "json", "--limit", "1", dir, "earthquake")
	if strings.Count(out, "\n") != 1 {
		t.Errorf("--limit 1:\n%s", out)
	}

	// Text: the keyword in a fixed column, in both languages.
	for _, word := range []string{"earthquake", "تورم"} {
		code, out, _ := runHamta(t, "concord", dir, word)
		if code != exitOK {
			t.Fatalf("text %s: exit %d", word, code)
		}
		n := 0
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "    ") && strings.Contains(l, " ↔ ") || l == "" || strings.Contains(l, "renderings:") {
				continue
			}
			n++
			if at := strings.Index(l, "["); at < 0 || ansi.StringWidth(l[:at]) != kwicLeft {
				t.Errorf("text %s: keyword not at column %d: %q", word, kwicLeft, l)
			}
		}
		if n == 0 || !strings.Contains(out, "renderings:") {
			t.Errorf("text %s:\n%s", word, out)
		}
	}

	for _, bad := range [][]string{{"concord", dir}, {"concord", "--sort", "up", dir, "x"}, {"concord", "--limit", "0", dir, "x"}, {"concord", dir, "۱۲۳"}} {
		if code, _, errs := runHamta(t, bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", bad, code, exitUsage, errs)
		}
	}
}
