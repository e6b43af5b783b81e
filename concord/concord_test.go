package concord

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hamta/align"
	"hamta/corpus"
	"hamta/index"
	"hamta/lexicon"
	"hamta/workspace"
)

type fixture struct {
	x   *index.Index
	lex *lexicon.Lexicon
	c   *corpus.Corpus
}

// corpusFixture is the sample and the written fixture pairs, paired,
// indexed and with their lexicon learned, once for all tests.
var corpusFixture = sync.OnceValues(func() (*fixture, error) {
	dir, err := os.MkdirTemp("", "hamta-concord-test-")
	if err != nil {
		return nil, err
	}
	for _, pat := range []string{"../testdata/corpus/*.txt", "../testdata/align/*.fa.txt", "../testdata/align/*.en.txt"} {
		files, _ := filepath.Glob(pat)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			if err := os.WriteFile(filepath.Join(dir, "docs-"+filepath.Base(f)), b, 0o644); err != nil {
				return nil, err
			}
		}
	}
	ctx := context.Background()
	c, err := corpus.LoadDir(ctx, dir, corpus.Options{SkipDirs: []string{"index"}})
	if err != nil {
		return nil, err
	}
	pairs, err := align.NewAligner().Pair(ctx, c.Docs, nil, align.DefaultPairOptions(), nil)
	if err != nil {
		return nil, err
	}
	x, _, err := index.Sync(ctx, filepath.Join(dir, "index"), c.Docs, pairs, nil)
	if err != nil {
		return nil, err
	}
	lex, err := lexicon.Learn(ctx, workspace.LexiconPairs(c.Doc, pairs), lexicon.Options{})
	if err != nil {
		return nil, err
	}
	return &fixture{x: x, lex: lex, c: c}, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	if f, err := corpusFixture(); err == nil {
		f.x.Close()
		os.RemoveAll(filepath.Dir(f.x.Dir()))
	}
	os.Exit(code)
}

func load(t *testing.T) *fixture {
	t.Helper()
	f, err := corpusFixture()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestLinesAreOccurrences checks every line against the paragraph it
// comes from, and that every occurrence in the corpus has its line.
func TestLinesAreOccurrences(t *testing.T) {
	f := load(t)
	for _, tt := range []struct {
		word string
		lang corpus.Lang
	}{{"تورم", corpus.LangFA}, {"روستا", corpus.LangFA}, {"inflation", corpus.LangEN}, {"نوار غزه", corpus.LangFA}, {"Gaza Strip", corpus.LangEN}} {
		lines, err := Find(context.Background(), f.x, f.lex, tt.word, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := content(lexicon.Tokens(tt.word, tt.lang))
		n := 0
		for _, d := range f.c.Docs {
			for _, p := range d.Paragraphs {
				if p.Aligned() && p.Lang == tt.lang {
					n += len(matches(lexicon.Tokens(p.Text, p.Lang), want))
				}
			}
		}
		if len(lines) != n || n == 0 {
			t.Errorf("%q: %d lines, %d occurrences in the corpus", tt.word, len(lines), n)
		}
		for _, l := range lines {
			p := f.c.Doc(l.Doc).Paragraphs[l.Para]
			if l.Left+l.Key+l.Right != p.Text {
				t.Errorf("%q: line of %s ¶%d does not rebuild its paragraph", tt.word, l.Doc, l.Para)
			}
			got := content(lexicon.Tokens(l.Key, l.Lang))
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%q: keyword %q", tt.word, l.Key)
			}
		}
	}
}

// TestSpotting checks that the counterpart's rendering is found where the
// translation is plain.
func TestSpotting(t *testing.T) {
	f := load(t)
	lines, err := Find(context.Background(), f.x, f.lex, "تورم", Options{})
	if err != nil {
		t.Fatal(err)
	}
	spotted := 0
	for _, l := range lines {
		if s := l.Counterpart.Spotted(); s != "" {
			spotted++
			if !strings.Contains(strings.ToLower(s), "inflation") {
				t.Errorf("تورم spotted as %q in %s ¶%d", s, l.Doc, l.Para)
			}
			rs := []rune(l.Counterpart.Text)
			for _, sp := range l.Counterpart.Spot {
				if sp.Start < 0 || sp.End > len(rs) || sp.Start >= sp.End {
					t.Fatalf("spot %v out of %d runes", sp, len(rs))
				}
			}
		}
	}
	if spotted*4 < len(lines)*3 {
		t.Errorf("تورم: %d of %d lines spotted", spotted, len(lines))
	}
	rs := Renderings(lines)
	if len(rs) == 0 || !strings.EqualFold(rs[0].Text, "inflation") {
		t.Errorf("renderings %v", rs)
	}
	for _, l := range lines {
		if l.Is(rs[0]) != (renderingKey(l.Counterpart.Spotted()) == renderingKey(rs[0].Text)) {
			t.Errorf("Is(%v) wrong for %q", rs[0], l.Counterpart.Spotted())
		}
	}
}

func TestSortOrders(t *testing.T) {
	f := load(t)
	for _, by := range []Sort{ByDoc, ByLeft, ByRight} {
		lines, err := Find(context.Background(), f.x, f.lex, "inflation", Options{Sort: by})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(lines); i++ {
			a, b := lines[i-1], lines[i]
			var ka, kb string
			switch by {
			case ByDoc:
				ka, kb = a.Doc, b.Doc
			case ByLeft:
				ka, kb = reverseWords(corpus.Fold(a.Left)), reverseWords(corpus.Fold(b.Left))
			case ByRight:
				ka, kb = corpus.Fold(a.Right), corpus.Fold(b.Right)
			}
			if ka > kb {
				t.Errorf("%s: line %d out of order: %q > %q", by, i, ka, kb)
			}
		}
	}
}

func TestBadWords(t *testing.T) {
	f := load(t)
	for _, w := range []string{"", "  ", "...", "123"} {
		if _, err := Find(context.Background(), f.x, f.lex, w, Options{}); err == nil && w != "123" {
			t.Errorf("Find(%q): no error", w)
		}
	}
	if lines, err := Find(context.Background(), f.x, nil, "هنیه", Options{Limit: 2}); err != nil || len(lines) != 2 {
		t.Errorf("limit 2 without a lexicon: %d lines, %v", len(lines), err)
	}
}

func TestRenderingsMeetInAnyInflection(t *testing.T) {
	line := func(cp string, spot lexicon.Span) Line {
		return Line{Counterpart: &Counterpart{Text: cp, Spot: []lexicon.Span{spot}}}
	}
	lines := []Line{
		line("the damage was great", lexicon.Span{Start: 4, End: 10}),
		line("houses damaged", lexicon.Span{Start: 7, End: 14}),
		line("more damage", lexicon.Span{Start: 5, End: 11}),
		line("زمین‌لرزه‌ای رخ داد", lexicon.Span{Start: 0, End: 12}),
		line("زمین‌لرزه آمد", lexicon.Span{Start: 0, End: 9}),
	}
	rs := Renderings(lines)
	if len(rs) != 2 || rs[0].Text != "damage" || rs[0].Count != 3 || rs[1].Count != 2 {
		t.Errorf("renderings %+v", rs)
	}
	if !lines[1].Is(rs[0]) || lines[3].Is(rs[0]) {
		t.Error("Is does not follow the renderings")
	}
}
