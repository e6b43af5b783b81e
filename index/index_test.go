package index

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"hamta/align"
	"hamta/corpus"
)

// sample loads the bundled corpus and its pairs, once for all tests.
var sample = sync.OnceValues(func() (*corpus.Corpus, []align.DocPair) {
	c, err := corpus.LoadDir(context.Background(), "../testdata/corpus", corpus.Options{})
	if err != nil {
		panic(err)
	}
	pairs, err := align.NewAligner().Pair(context.Background(), c.Docs, nil, align.DefaultPairOptions(), nil)
	if err != nil {
		panic(err)
	}
	return c, pairs
})

func buildSample(t *testing.T) *Index {
	t.Helper()
	c, pairs := sample()
	x, st, err := Sync(context.Background(), filepath.Join(t.TempDir(), "index"), c.Docs, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if !st.Rebuilt || st.Docs != 5 || st.Paragraphs == 0 {
		t.Fatalf("stats %+v", st)
	}
	return x
}

// hitKeys lists hits as "doc#para".
func hitKeys(r Result) map[string]bool {
	out := map[string]bool{}
	for _, h := range r.Hits {
		out[paraID(h.Doc, h.Para)] = true
	}
	return out
}

func find(t *testing.T, x *Index, q string, opt Options) Result {
	t.Helper()
	if opt.Limit == 0 {
		opt.Limit = 100
	}
	r, err := x.Search(context.Background(), q, opt)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return r
}

func TestPersianSpellingsMatch(t *testing.T) {
	x := buildSample(t)
	groups := [][]string{
		{"آتش‌بس", "آتشبس", "آتش بس", "آتشبس"},
		{"120", "۱۲۰", "١٢٠"},
		{"بین‌المللی", "بینالمللی", "بين‌المللي"},
		{"رئیس‌جمهور", "رئیسجمهور", "رئيسجمهور"},
	}
	for _, g := range groups {
		want := hitKeys(find(t, x, g[0], Options{Lang: corpus.LangFA}))
		if len(want) == 0 {
			t.Errorf("%q finds nothing", g[0])
			continue
		}
		for _, q := range g[1:] {
			got := hitKeys(find(t, x, q, Options{Lang: corpus.LangFA}))
			for k := range want {
				if !got[k] {
					t.Errorf("%q finds %v, %q does not find %s", g[0], len(want), q, k)
				}
			}
		}
	}
}

// TestHighlightsLandOnWords checks that every highlight covers text that
// the index analyses to the term searched for, directly or translated.
func TestHighlightsLandOnWords(t *testing.T) {
	x := buildSample(t)
	for _, q := range []string{"آتش‌بس", "Haniyeh", "ceasefire", "هنیه", "۱۲۰", "Gaza", "مقاومت", "negotiations"} {
		r := find(t, x, q, Options{})
		if len(r.Hits) == 0 {
			t.Errorf("%q: no hits", q)
			continue
		}
		for _, h := range r.Hits {
			if len(h.Highlights) == 0 {
				t.Errorf("%q: hit %s#%d without highlights", q, h.Doc, h.Para)
			}
			field := fieldEN
			if h.Lang == corpus.LangFA {
				field = fieldFA
			}
			// The query's terms and translations, with their stems: a
			// word matches its inflections through them.
			want := map[string]bool{}
			addTerm := func(term string) {
				want[term] = true
				if s, ok := strings.CutPrefix(term, stemMark); ok {
					want[s] = true
				} else {
					want[stemMark+term] = true
				}
			}
			for _, term := range x.analyze(field, q) {
				addTerm(term)
			}
			for _, f := range x.lex.Translate(q, corpus.DetectLang(q)) {
				for _, term := range x.analyze(field, f) {
					addTerm(term)
				}
			}
			rs := []rune(h.Text)
			for _, s := range h.Highlights {
				if s.Start < 0 || s.End > len(rs) || s.Start >= s.End {
					t.Fatalf("%q: span %v outside text", q, s)
				}
				span := string(rs[s.Start:s.End])
				ok := false
				for _, term := range x.analyze(field, span) {
					if want[term] {
						ok = true
					}
				}
				if !ok && !want[corpus.Fold(strings.ReplaceAll(span, " ", ""))] {
					t.Errorf("%q: highlight %q in %s#%d is not a query term (%v)", q, span, h.Doc, h.Para, want)
				}
			}
		}
	}
}

func TestCrossLanguage(t *testing.T) {
	x := buildSample(t)
	r := find(t, x, "Haniyeh", Options{})
	var fa, en int
	for _, h := range r.Hits {
		switch h.Lang {
		case corpus.LangFA:
			fa++
			if h.Via == "" {
				t.Errorf("Persian hit %s#%d for an English query without via", h.Doc, h.Para)
			}
		case corpus.LangEN:
			en++
			if h.Via != "" {
				t.Errorf("English hit with via %q", h.Via)
			}
		}
	}
	if fa == 0 || en == 0 {
		t.Errorf("Haniyeh: %d Persian, %d English hits", fa, en)
	}
	// A name no list holds, through transliteration: Amirabdollahian.
	r = find(t, x, "امیرعبداللهیان", Options{Lang: corpus.LangEN})
	if len(r.Hits) == 0 {
		t.Error("امیرعبداللهیان finds no English paragraph")
	}
	for _, h := range r.Hits {
		if h.Via == "" {
			t.Errorf("hit %s#%d not marked via", h.Doc, h.Para)
		}
	}
}

func TestQueryKinds(t *testing.T) {
	x := buildSample(t)
	tests := []struct {
		q       string
		opt     Options
		minHits int
		check   func(Hit) bool
	}{
		{q: `"Gaza Strip"`, minHits: 2},
		{q: `"نوار غزه"`, opt: Options{Lang: corpus.LangFA}, minHits: 1},
		{q: "negot*", opt: Options{Lang: corpus.LangEN}, minHits: 2},
		{q: "حمای*", opt: Options{Lang: corpus.LangFA}, minHits: 2},
		{q: "Hanieh~", opt: Options{Lang: corpus.LangEN}, minHits: 2},
		{q: "lang:fa Hamas", minHits: 1, check: func(h Hit) bool { return h.Lang == corpus.LangFA }},
		{q: "doc:003 Haniyeh", minHits: 1, check: func(h Hit) bool { return strings.HasPrefix(h.Doc, "003") }},
		{q: "Haniyeh -Doha", minHits: 1, check: func(h Hit) bool { return !strings.Contains(h.Text, "Doha") }},
		{q: "Haniyeh Doha", minHits: 1, check: func(h Hit) bool { return h.Lang == corpus.LangFA || strings.Contains(h.Text, "Doha") }},
	}
	for _, tt := range tests {
		r := find(t, x, tt.q, tt.opt)
		if len(r.Hits) < tt.minHits {
			t.Errorf("%q: %d hits, want at least %d", tt.q, len(r.Hits), tt.minHits)
		}
		for _, h := range r.Hits {
			if tt.check != nil && !tt.check(h) {
				t.Errorf("%q: unexpected hit %s#%d %q", tt.q, h.Doc, h.Para, h.Text)
			}
		}
	}
}

func TestCounterparts(t *testing.T) {
	x := buildSample(t)
	r := find(t, x, "۱۲۰", Options{Lang: corpus.LangFA})
	if len(r.Hits) != 1 {
		t.Fatalf("%d hits", len(r.Hits))
	}
	c := r.Hits[0].Counterpart
	if c == nil || c.Doc != "000_b79e0ac07a66befb.txt" || !strings.Contains(c.Text, "120 countries") {
		t.Errorf("counterpart %+v", c)
	}
}

func TestBadQueries(t *testing.T) {
	x := buildSample(t)
	for _, q := range []string{`"unclosed`, "*", "~", "lang:de gaza", "", "  ", "-gaza", "\xff\xfe", strings.Repeat("word ", 2500), "doc:", "gaza~7", "a*b*"} {
		_, err := x.Search(context.Background(), q, Options{})
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("Search(%.30q) = %v, want a bad-query error", q, err)
		}
	}
	// Punctuation and odd characters are not errors.
	for _, q := range []string{"10:30", "؟!", "gaza?", "(gaza)", "a+b"} {
		if _, err := x.Search(context.Background(), q, Options{}); err != nil && !errors.Is(err, ErrBadQuery) {
			t.Errorf("Search(%q) = %v", q, err)
		}
	}
}

func TestUpdateOnlyChanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	c, pairs := sample()
	ctx := context.Background()
	x, _, err := Sync(ctx, dir, c.Docs, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	// Nothing changed: nothing indexed.
	x, st, err := Sync(ctx, dir, c.Docs, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Indexed != 0 || st.Rebuilt {
		t.Errorf("unchanged corpus: %+v", st)
	}
	x.Close()
	// One document changed, one gone.
	changed, err := corpus.Parse("002_714cc25dd3f7c4d2.txt", []byte("A new paragraph about Tabriz.\n\nAnother one."))
	if err != nil {
		t.Fatal(err)
	}
	var docs []*corpus.Document
	for _, d := range c.Docs {
		switch d.ID {
		case changed.ID:
			docs = append(docs, changed)
		case "003_632861df6ad09d70.txt":
		default:
			docs = append(docs, d)
		}
	}
	x, st, err = Sync(ctx, dir, docs, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if st.Indexed != 2 || st.Rebuilt || st.Docs != 4 {
		t.Errorf("stats %+v", st)
	}
	if r := find(t, x, "Tabriz", Options{}); len(r.Hits) != 1 {
		t.Errorf("Tabriz: %d hits", len(r.Hits))
	}
	if r := find(t, x, "doc:003 resistance", Options{}); len(r.Hits) != 0 {
		t.Errorf("removed document still found")
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`"gaza strip" hanieh~ negot* lang:fa doc:001 -hamas`, `"`, "*", "~2", "آتش‌بس", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("error not ErrBadQuery: %v", err)
			}
			return
		}
		// What parsed once parses again to the same query.
		q2, err := ParseQuery(q.String())
		if err != nil || q2.String() != q.String() {
			t.Fatalf("reparse of %q: %q, %v", q.String(), q2.String(), err)
		}
	})
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: `"gaza strip" hanieh~ negot* lang:fa doc:001 -hamas`, want: `lang:fa doc:001 "gaza strip" hanieh~1 negot* -hamas`},
		{in: `hanieh~2 -"cease fire" LANG:EN`, want: `lang:en hanieh~2 -"cease fire"`},
		{in: `a"b c"d`, want: `a "b c" d`},
		{in: `-lang:fa gaza`, want: `-lang:fa gaza`},
		{in: `gaza , ؟`, want: `gaza`},
		{in: `"unclosed`, err: "unclosed quote"},
		{in: `"" x`, err: "empty phrase"},
		{in: `x~2 ~2 "open`, err: `"~2": a fuzzy search needs a word`}, // the first mistake as written
		{in: `x~3`, err: "fuzziness after ~ is 0, 1 or 2"},
		{in: `*`, err: "a prefix needs letters"},
		{in: `a*b*`, err: "only a trailing *"},
		{in: `lang:de x`, err: "want lang:fa or lang:en"},
		{in: `lang:fa lang:en x`, err: "two languages"},
		{in: `doc: x`, err: "doc: needs a document ID"},
		{in: `-gaza`, err: "nothing to search for"},
		{in: strings.Repeat("w ", 33), err: "too many words (33, at most 32)"},
		{in: "\xff", err: "not valid UTF-8"},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.in)
		switch {
		case tt.err != "":
			if !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
			}
		case err != nil || q.String() != tt.want:
			t.Errorf("%q: %q, %v; want %q", tt.in, q.String(), err, tt.want)
		}
	}
}

// TestVocabularyAtIndexTime checks that a generation comes with the
// skeletons of its terms, built in full and then brought up to date by an
// update, and that a name typed in the other script finds the paragraphs
// through them as it did through the term dictionary.
func TestVocabularyAtIndexTime(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	c, pairs := sample()
	ctx := context.Background()
	x, _, err := Sync(ctx, dir, c.Docs, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	gen := filepath.Join(dir, x.fm.Current)
	v, err := readVocab(gen)
	if err != nil {
		t.Fatal(err)
	}
	full := newVocab(scanVocab(x.bi))
	if string(v.data) != string(full.data) || len(v.lines) == 0 {
		t.Fatalf("vocab.txt differs from the dictionary: %d lines, want %d", len(v.lines), len(full.lines))
	}
	if got := v.lookup("امیرعبداللهیان", corpus.LangFA, corpus.LangEN); !slices.Contains(got, "amirabdollahian") {
		t.Errorf("امیرعبداللهیان → %v", got)
	}
	x.Close()
	// A new name arrives with an update.
	changed, err := corpus.Parse("002_714cc25dd3f7c4d2.txt", []byte("Farrokhzadeh spoke in Tabriz.\n\nAnother one."))
	if err != nil {
		t.Fatal(err)
	}
	docs := slices.Clone(c.Docs)
	for i, d := range docs {
		if d.ID == changed.ID {
			docs[i] = changed
		}
	}
	x, st, err := Sync(ctx, dir, docs, pairs, nil)
	if err != nil || st.Rebuilt {
		t.Fatal(st, err)
	}
	defer x.Close()
	v, err = readVocab(filepath.Join(dir, x.fm.Current))
	if err != nil {
		t.Fatal(err)
	}
	if got := v.lookup("فرخ‌زاده", corpus.LangFA, corpus.LangEN); !slices.Contains(got, "farrokhzadeh") {
		t.Errorf("فرخ‌زاده → %v after the update", got)
	}
	if r := find(t, x, "فرخ‌زاده", Options{}); len(r.Hits) != 1 || r.Hits[0].Via == "" {
		t.Errorf("فرخ‌زاده: %d hits %+v", len(r.Hits), r.Hits)
	}
}

// TestSearchAllPages checks that SearchAll goes through every matching
// paragraph once, best first, across pages, and that one search stops at
// MaxLimit.
func TestSearchAllPages(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 2,500 paragraphs")
	}
	docs := generatedCorpus(t, 2500)
	x, _, err := Sync(context.Background(), filepath.Join(t.TempDir(), "index"), docs, generatedPairs(docs), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	q, err := ParseQuery("lang:en a*")
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.SearchQuery(context.Background(), q, Options{Limit: 5000, Paragraphs: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total <= allPage || len(res.Hits) != MaxLimit {
		t.Fatalf("%d paragraphs match, %d returned: want more than a page, and %d returned", res.Total, len(res.Hits), MaxLimit)
	}
	seen := map[string]bool{}
	last := math.Inf(1)
	counterparts := 0
	n, err := x.SearchAll(context.Background(), q, Options{}, func(h Hit) error {
		id := paraID(h.Doc, h.Para)
		if seen[id] {
			t.Errorf("%s twice", id)
		}
		seen[id] = true
		if h.Score > last {
			t.Errorf("%s: score %v after %v", id, h.Score, last)
		}
		last = h.Score
		if h.Counterpart != nil && h.Counterpart.Text != "" {
			counterparts++
		}
		return nil
	})
	if err != nil || n != res.Total || len(seen) != res.Total || counterparts == 0 {
		t.Errorf("SearchAll: %d hits (%d distinct, %d with counterparts), %v; %d match", n, len(seen), counterparts, err, res.Total)
	}
}
