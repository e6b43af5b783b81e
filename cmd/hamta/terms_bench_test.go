package main

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hamta/align"
	"hamta/corpus"
	"hamta/index"
	"hamta/lexicon"
	"hamta/workspace"
)

// generatedArchive makes a corpus of about n paragraphs from the written
// fixture pairs, with their gold beads: each copy has its copy number
// appended to every paragraph, and about one word in eight of four
// letters or more gets a suffix of its own for that copy, so that the
// vocabulary grows with the corpus, with a long tail of rare words, as a
// real archive's does.
func generatedArchive(tb testing.TB, n int) ([]*corpus.Document, []align.DocPair) {
	tb.Helper()
	golds, err := filepath.Glob("../../testdata/align/*.gold")
	if err != nil || len(golds) == 0 {
		tb.Fatalf("fixtures: %v", err)
	}
	type fixture struct {
		fa, en *corpus.Document
		beads  []align.Bead
	}
	var src []fixture
	for _, g := range golds {
		base := strings.TrimSuffix(g, ".gold")
		raw, err := os.ReadFile(g)
		if err != nil {
			tb.Fatal(err)
		}
		beads, err := align.ReadBeads(bytes.NewReader(raw))
		if err != nil {
			tb.Fatalf("%s: %v", g, err)
		}
		fa, err := corpus.ReadFile(base+".fa.txt", corpus.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		en, err := corpus.ReadFile(base+".en.txt", corpus.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		src = append(src, fixture{fa, en, beads})
	}
	var docs []*corpus.Document
	var pairs []align.DocPair
	total := 0
	for copyNo := 0; total < n; copyNo++ {
		for _, f := range src {
			fa, en := varyDoc(f.fa, copyNo), varyDoc(f.en, copyNo)
			docs = append(docs, fa, en)
			p := align.DocPair{FA: fa.ID, EN: en.ID, Kind: align.Translation, Score: 1}
			for _, b := range f.beads {
				b.Score = 0.9
				p.Beads = append(p.Beads, b)
			}
			pairs = append(pairs, p)
			total += len(fa.Paragraphs) + len(en.Paragraphs)
		}
	}
	return docs, pairs
}

func varyDoc(d *corpus.Document, copyNo int) *corpus.Document {
	nd := *d
	nd.ID = fmt.Sprintf("gen/%05d/%s", copyNo, filepath.Base(d.ID))
	nd.Hash = nd.ID
	nd.Paragraphs = slices.Clone(d.Paragraphs)
	for i := range nd.Paragraphs {
		words := strings.Fields(nd.Paragraphs[i].Text)
		for k, w := range words {
			if len([]rune(w)) < 4 {
				continue
			}
			h := fnv.New32a()
			h.Write([]byte(w))
			h.Write([]byte{byte(copyNo), byte(copyNo >> 8)})
			if h.Sum32()%8 == 0 {
				words[k] = w + copyTag(d.Lang, copyNo)
			}
		}
		nd.Paragraphs[i].Text = strings.Join(words, " ") + " " + strconv.Itoa(copyNo)
	}
	return &nd
}

// copyTag spells a copy number in letters of the language.
func copyTag(lang corpus.Lang, n int) string {
	letters := []rune("abcdefghijklmnopqrstuvwxyz")
	if lang == corpus.LangFA {
		letters = []rune("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")
	}
	var out []rune
	for {
		out = append(out, letters[n%len(letters)])
		n /= len(letters)
		if n == 0 {
			return string(out)
		}
	}
}

// docsOf looks documents up by ID.
func docsOf(docs []*corpus.Document) func(string) *corpus.Document {
	byID := make(map[string]*corpus.Document, len(docs))
	for _, d := range docs {
		byID[d.ID] = d
	}
	return func(id string) *corpus.Document { return byID[id] }
}

// BenchmarkLexiconCost100k measures what learning the lexicon adds to a
// full index build: each iteration builds the search index of a
// generated corpus of 100,000 paragraphs from nothing, then learns its
// lexicon from the same beads, as opening a corpus does: the sentences of
// every paragraph bead aligned, then the lexicon learned from the
// sentence links. It reports both times and the lexicon's as a
// percentage of the index's, and, for comparison, learning from the
// paragraph beads alone (lexicon-para-s); on a shared machine, run it
// with -count and read the medians.
func BenchmarkLexiconCost100k(b *testing.B) {
	docs, pairs := generatedArchive(b, 100000)
	paras := 0
	for _, d := range docs {
		paras += len(d.Paragraphs)
	}
	ctx := context.Background()
	var indexTime, lexTime, paraTime time.Duration
	var lex *lexicon.Lexicon
	var size int64
	b.ResetTimer()
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "index")
		start := time.Now()
		x, _, err := index.Sync(ctx, dir, docs, pairs, nil)
		if err != nil {
			b.Fatal(err)
		}
		indexTime += time.Since(start)
		x.Close()
		start = time.Now()
		segs, err := workspace.SentenceLexiconPairs(ctx, align.NewAligner(), docsOf(docs), pairs)
		if err != nil {
			b.Fatal(err)
		}
		lex, err = lexicon.Learn(ctx, segs, lexicon.Options{})
		if err != nil {
			b.Fatal(err)
		}
		lexTime += time.Since(start)
		start = time.Now()
		if _, err := lexicon.Learn(ctx, workspace.LexiconPairs(docsOf(docs), pairs), lexicon.Options{}); err != nil {
			b.Fatal(err)
		}
		paraTime += time.Since(start)
		os.RemoveAll(dir)
	}
	var buf bytes.Buffer
	if _, err := lex.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	size = int64(buf.Len())
	n := float64(b.N)
	b.ReportMetric(indexTime.Seconds()/n, "index-s")
	b.ReportMetric(lexTime.Seconds()/n, "lexicon-s")
	b.ReportMetric(100*lexTime.Seconds()/indexTime.Seconds(), "lexicon-%")
	b.ReportMetric(paraTime.Seconds()/n, "lexicon-para-s")
	b.ReportMetric(float64(paras), "paragraphs")
	b.ReportMetric(float64(lex.Len()), "entries")
	b.ReportMetric(float64(size)/(1<<20), "MB-lexicon")
}

// BenchmarkTerms100k measures "hamta terms" on the lexicon of a corpus of
// 100,000 paragraphs, saved in its workspace: a word's translations as
// JSON (Persian and English in turn), and the whole lexicon as TSV.
// HAMTA_BENCH_WORKSPACE keeps the workspace with its lexicon in a folder,
// to time the command itself against it.
func BenchmarkTerms100k(b *testing.B) {
	docs, pairs := generatedArchive(b, 100000)
	lex, err := lexicon.Learn(context.Background(), workspace.LexiconPairs(docsOf(docs), pairs), lexicon.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ws := os.Getenv("HAMTA_BENCH_WORKSPACE")
	if ws == "" {
		ws = b.TempDir()
	}
	if err := lex.Save(filepath.Join(ws, workspace.LexiconFile)); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"word", nil}, // alternates a Persian and an English word
		{"glossary", []string{"terms", "--workspace", ws}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			words := []string{"زمین‌لرزه‌ها", "inflation"}
			i := 0
			var out, errs bytes.Buffer
			for b.Loop() {
				args := tc.args
				if args == nil {
					args = []string{"terms", "--workspace", ws, "--format", "json", words[i%2]}
					i++
				}
				out.Reset()
				errs.Reset()
				if code := run(context.Background(), args, strings.NewReader(""), &out, &errs); code != exitOK || errs.Len() > 0 {
					b.Fatalf("exit %d: %s", code, errs.String())
				}
				if tc.args == nil && !strings.Contains(out.String(), `"text"`) {
					b.Fatalf("no translation: %s", out.String())
				}
			}
			b.ReportMetric(float64(lex.Len()), "entries")
		})
	}
}
