package align

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"hamta/corpus"
)

func TestPairSample(t *testing.T) {
	c, err := corpus.LoadDir(context.Background(), "../testdata/corpus", corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	al := NewAligner()
	if os.Getenv("HAMTA_VERBOSE") != "" {
		var fa, en []*corpus.Document
		for _, d := range c.Docs {
			if d.Lang == corpus.LangFA {
				fa = append(fa, d)
			} else {
				en = append(en, d)
			}
		}
		sim := al.similarities(fa, en)
		for j, d := range en {
			beads, _ := al.AlignDocs(context.Background(), fa[0], d)
			links := 0
			for _, b := range beads {
				if b.Linked() && b.Score >= 0.5 {
					links++
				}
			}
			fmt.Printf("%s sim %.3f cov fa %.2f en %.2f links %d\n", d.ID, sim[0][j],
				coverage(fa[0], beads, 0.5, true), coverage(d, beads, 0.5, false), links)
		}
	}
	pairs, err := al.Pair(context.Background(), c.Docs, nil, DefaultPairOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pairs {
		got = append(got, fmt.Sprintf("%s %s %s", p.FA[:3], p.EN[:3], p.Kind))
		t.Logf("%s ↔ %s %s %.2f (coverage %.2f/%.2f, anchors %.2f/%.2f, sim %.2f)", p.FA, p.EN, p.Kind, p.Score, p.CoverageFA, p.CoverageEN, p.ShareFA, p.ShareEN, p.Similarity)
	}
	want := "001 000 translation|001 004 comparable"
	if strings.Join(got, "|") != want {
		t.Errorf("pairs = %q, want %q", strings.Join(got, "|"), want)
	}
}

// TestPairFixtures pairs a corpus of every fixture and sample document: each
// fixture's Persian with its English (and kind), the samples as in
// TestPairSample, and nothing else, although many documents share a topic.
func TestPairFixtures(t *testing.T) {
	var docs []*corpus.Document
	want := map[string]string{}
	for _, fx := range fixtures(t) {
		if strings.HasPrefix(fx.name, "sample") {
			continue
		}
		docs = append(docs, readDoc(t, fx.fa), readDoc(t, fx.en))
		want[fx.fa+" "+fx.en] = fx.kind
	}
	c, err := corpus.LoadDir(context.Background(), "../testdata/corpus", corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Docs {
		docs = append(docs, d)
	}
	// An Arabic report of the Baghdad visit: listed, never paired.
	arabic := readDoc(t, "../testdata/align/baghdad.ar.txt")
	if arabic.Lang != corpus.LangAR {
		t.Errorf("%s: language %s, want ar", arabic.ID, arabic.Lang)
	}
	docs = append(docs, arabic)
	want["001_4458d8df9d782b8d.txt 000_b79e0ac07a66befb.txt"] = "translation"
	want["001_4458d8df9d782b8d.txt 004_eb88f226d05968a2.txt"] = "comparable"
	opt := DefaultPairOptions()
	opt.Candidates = 5
	if os.Getenv("HAMTA_ALLPAIRS") != "" {
		opt.Comparable, opt.MinLinks, opt.Translation = 0, 0, 2
	}
	pairs, err := NewAligner().Pair(context.Background(), docs, nil, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range pairs {
		got[p.FA+" "+p.EN] = string(p.Kind)
		t.Logf("%-34s %-34s %-11s score %.2f sim %.3f cov %.2f/%.2f anchors %.2f/%.2f", p.FA, p.EN, p.Kind, p.Score, p.Similarity, p.CoverageFA, p.CoverageEN, p.ShareFA, p.ShareEN)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: kind %q, want %q", k, got[k], v)
		}
	}
	for k, v := range got {
		if want[k] == "" {
			t.Errorf("%s: unexpected pair (%s)", k, v)
		}
	}
}

// TestPairArabic pairs a corpus holding an Arabic report and English
// reports of the same visit and of other events: the Arabic document is
// labelled Arabic and is in no pair, whatever it shares with the English.
func TestPairArabic(t *testing.T) {
	docs := []*corpus.Document{
		readDoc(t, "../testdata/align/baghdad.ar.txt"),
		readDoc(t, "../testdata/align/baghdad.en.txt"),
		readDoc(t, "../testdata/corpus/002_714cc25dd3f7c4d2.txt"),
		readDoc(t, "../testdata/corpus/003_632861df6ad09d70.txt"),
	}
	if docs[0].Lang != corpus.LangAR {
		t.Fatalf("%s: language %s, want ar", docs[0].ID, docs[0].Lang)
	}
	pairs, err := NewAligner().Pair(context.Background(), docs, nil, DefaultPairOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		t.Errorf("unexpected pair %s ↔ %s (%s)", p.FA, p.EN, p.Kind)
	}
}
