package align

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"hamta/corpus"
)

// synthCorpus is a corpus of documents known only by their anchors: a
// few hundred of each language, in clusters of near-duplicates (which
// make near ties), anchors drawn from a skewed vocabulary.
type synthCorpus struct {
	rng   *rand.Rand
	docs  []*corpus.Document
	feats map[string]*DocFeatures
	n     int // documents made, for IDs and hashes
}

func newSynthCorpus(seed uint64, clusters int) *synthCorpus {
	c := &synthCorpus{rng: rand.New(rand.NewPCG(seed, 1)), feats: map[string]*DocFeatures{}}
	for k := range clusters {
		base := c.keys(30 + c.rng.IntN(60))
		for range 2 + c.rng.IntN(4) {
			c.add(corpus.LangFA, c.vary(base), k)
			c.add(corpus.LangEN, c.vary(base), k)
		}
	}
	// A cluster larger than a list, half of it sharing one more anchor,
	// so that its lists are full of near ties.
	base := c.keys(40)
	for n := range 30 {
		keys := c.vary(base)
		if n%2 == 0 {
			keys = append(keys, "shared")
		}
		c.add(corpus.LangFA, keys, clusters)
		c.add(corpus.LangEN, c.vary(keys), clusters)
	}
	return c
}

// keys draws n anchors, common ones often (a Zipf-like law over 5,000).
func (c *synthCorpus) keys(n int) []string {
	set := map[string]bool{}
	for len(set) < n {
		r := c.rng.Float64()
		set[fmt.Sprintf("k%d", int(5000*r*r*r))] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// vary drops about a fifth of keys and adds a few others.
func (c *synthCorpus) vary(keys []string) []string {
	set := map[string]bool{}
	for _, k := range keys {
		if c.rng.IntN(5) != 0 {
			set[k] = true
		}
	}
	for _, k := range c.keys(1 + c.rng.IntN(8)) {
		set[k] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func (c *synthCorpus) add(lang corpus.Lang, keys []string, cluster int) *corpus.Document {
	c.n++
	d := &corpus.Document{ID: fmt.Sprintf("c%03d/d%05d.%s", cluster, c.n, lang), Hash: fmt.Sprintf("h%d", c.n), Lang: lang}
	c.setKeys(d, keys)
	c.docs = append(c.docs, d)
	return d
}

// setKeys gives a document new contents with these anchors.
func (c *synthCorpus) setKeys(d *corpus.Document, keys []string) {
	c.n++
	d.Hash = fmt.Sprintf("h%d", c.n)
	d.Paragraphs = []corpus.Paragraph{{Index: 0, Text: "x"}}
	c.feats[d.Hash] = &DocFeatures{Hash: d.Hash, Lang: d.Lang, Keys: slices.Clone(keys),
		Paras: []ParaFeatures{{Index: 0, Len: 100}}}
}

// candidatesOf runs the candidate search over the corpus, around lists
// when they are not nil.
func (c *synthCorpus) candidatesOf(t *testing.T, lists *CandidateLists) ([][2]string, map[[2]string]float64, CandidateLists) {
	t.Helper()
	al := NewAligner()
	al.Features = map[string]*DocFeatures{}
	for k, f := range c.feats {
		// newPairing shares key strings through the features: copy them.
		al.Features[k] = &DocFeatures{Hash: f.Hash, Lang: f.Lang, Keys: slices.Clone(f.Keys), Paras: f.Paras}
	}
	pc, err := al.newPairing(context.Background(), c.docs)
	if err != nil {
		t.Fatal(err)
	}
	keys, sims, _, out := pc.candidates(nil, DefaultPairOptions(), lists)
	return keys, sims, out
}

// TestCandidatesAround checks that a search around the lists of an
// earlier corpus finds exactly the candidates, with exactly the
// similarities, that a full search of the changed corpus finds.
func TestCandidatesAround(t *testing.T) {
	cases := []struct {
		name   string
		change func(c *synthCorpus)
		// around is whether the search must have stayed around the
		// changes rather than fallen back to a full one.
		around bool
	}{
		{"nothing", func(c *synthCorpus) {}, true},
		{"one edited", func(c *synthCorpus) {
			d := c.docs[7]
			c.setKeys(d, c.vary(c.feats[d.Hash].Keys))
		}, true},
		{"added and deleted", func(c *synthCorpus) {
			c.add(corpus.LangFA, c.vary(c.feats[c.docs[3].Hash].Keys), 999)
			c.docs = slices.Delete(c.docs, 10, 11)
		}, true},
		{"a document of another cluster's anchors", func(c *synthCorpus) {
			d := c.docs[20]
			c.setKeys(d, c.feats[c.docs[200].Hash].Keys)
		}, true},
		{"a new rare anchor on both sides", func(c *synthCorpus) {
			for _, d := range c.docs[30:32] {
				c.setKeys(d, append(slices.Clone(c.feats[d.Hash].Keys), "only-here"))
			}
		}, true},
		{"ten edited", func(c *synthCorpus) {
			for range 10 {
				d := c.docs[c.rng.IntN(len(c.docs))]
				c.setKeys(d, c.vary(c.feats[d.Hash].Keys))
			}
		}, true},
		{"the large cluster's anchor in many new documents", func(c *synthCorpus) {
			for n := range 60 {
				c.add([]corpus.Lang{corpus.LangFA, corpus.LangEN}[n%2], append(c.keys(20), "shared"), 1000+n)
			}
		}, true},
		{"half the corpus replaced", func(c *synthCorpus) {
			for _, d := range c.docs[:len(c.docs)/2] {
				c.setKeys(d, c.vary(c.keys(50)))
			}
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newSynthCorpus(7, 120)
			_, _, lists := c.candidatesOf(t, nil)
			if !lists.Searched || len(lists.Docs) != len(c.docs) {
				t.Fatalf("first search: searched %v, %d documents in the lists, want all %d", lists.Searched, len(lists.Docs), len(c.docs))
			}
			tc.change(c)
			wantKeys, wantSims, _ := c.candidatesOf(t, nil)
			gotKeys, gotSims, after := c.candidatesOf(t, &lists)
			checkSameCandidates(t, gotKeys, gotSims, wantKeys, wantSims)
			if after.Searched == tc.around {
				t.Errorf("searched the whole corpus: %v, want %v", after.Searched, !tc.around)
			}
			t.Logf("%d documents, %d candidates; searched again %d", len(c.docs), len(wantKeys), after.Again)
			if len(wantKeys) < len(c.docs)/2 {
				t.Errorf("%d candidates for %d documents: the corpus is too sparse to test", len(wantKeys), len(c.docs))
			}
		})
	}
}

// TestCandidatesAroundNearTie changes the weights of two anchors a little,
// so that an English document outside a Persian document's old list (the
// list is full of documents tied above it) becomes its best: the search
// around the lists must not take the old list as proof.
func TestCandidatesAroundNearTie(t *testing.T) {
	c := &synthCorpus{rng: rand.New(rand.NewPCG(3, 1)), feats: map[string]*DocFeatures{}}
	c.add(corpus.LangFA, []string{"a", "b"}, 0)
	for range 20 {
		c.add(corpus.LangEN, []string{"a"}, 0)
	}
	c.add(corpus.LangEN, []string{"b"}, 0)
	// Persian documents closer to it than the first, so that the first
	// is not in its list either.
	for range 20 {
		c.add(corpus.LangFA, []string{"b"}, 0)
	}
	// Documents elsewhere make b a little commoner than a.
	langs := []corpus.Lang{corpus.LangFA, corpus.LangEN}
	for n := range 400 {
		keys := c.keys(10)
		switch {
		case n < 100:
			keys = append(keys, "a")
		case n < 200:
			keys = append(keys, "b")
		}
		c.add(langs[n%2], keys, 1+n)
	}
	_, _, lists := c.candidatesOf(t, nil)
	if !lists.Searched {
		t.Fatal("the first search did not search the whole corpus")
	}
	best := func(keys [][2]string, sims map[[2]string]float64) string {
		out, top := "", 0.0
		for _, k := range keys {
			if k[0] == c.docs[0].ID && sims[k] > top {
				out, top = k[1], sims[k]
			}
		}
		return out
	}
	keys, sims, _ := c.candidatesOf(t, nil)
	if best(keys, sims) == c.docs[21].ID {
		t.Fatalf("before the change, the document holding b is already the best")
	}
	// Two more documents with a make it commoner than b.
	for n := range 2 {
		c.add(langs[n], append(c.keys(10), "a"), 900+n)
	}
	wantKeys, wantSims, _ := c.candidatesOf(t, nil)
	if best(wantKeys, wantSims) != c.docs[21].ID {
		t.Fatalf("after the change, the best of %s is %s, want %s", c.docs[0].ID, best(wantKeys, wantSims), c.docs[21].ID)
	}
	gotKeys, gotSims, after := c.candidatesOf(t, &lists)
	if after.Searched {
		t.Errorf("searched the whole corpus, not around the lists")
	}
	checkSameCandidates(t, gotKeys, gotSims, wantKeys, wantSims)
}

// checkSameCandidates reports the candidates found around the lists but
// not in a full search, and the other way round, and any similarity that
// differs at all.
func checkSameCandidates(t *testing.T, gotKeys [][2]string, gotSims map[[2]string]float64, wantKeys [][2]string, wantSims map[[2]string]float64) {
	t.Helper()
	if !slices.IsSortedFunc(gotKeys, func(a, b [2]string) int { return cmp.Compare(a[0]+" "+a[1], b[0]+" "+b[1]) }) {
		t.Errorf("candidates around the lists are not sorted")
	}
	for _, k := range gotKeys {
		if _, ok := wantSims[k]; !ok {
			t.Errorf("%v: a candidate around the lists, not in a full search", k)
		}
	}
	for _, k := range wantKeys {
		if s, ok := gotSims[k]; !ok {
			t.Errorf("%v: a candidate of a full search, missed around the lists", k)
		} else if s != wantSims[k] {
			t.Errorf("%v: similarity %v around the lists, %v in a full search", k, s, wantSims[k])
		}
	}
	if len(gotKeys) != len(wantKeys) {
		t.Errorf("%d candidates around the lists, %d in a full search", len(gotKeys), len(wantKeys))
	}
}

// TestCandidatesAroundNewBest adds a Persian document that becomes the
// best of an unchanged English one, although that English document is
// far down the new one's own list: the search around the lists must
// bring it to the English document from the new one's search.
func TestCandidatesAroundNewBest(t *testing.T) {
	c := &synthCorpus{rng: rand.New(rand.NewPCG(5, 1)), feats: map[string]*DocFeatures{}}
	langs := []corpus.Lang{corpus.LangFA, corpus.LangEN}
	for n := range 400 {
		keys := c.keys(10)
		if n < 200 {
			keys = append(keys, []string{"x", "y"}[n/2%2])
		}
		c.add(langs[n%2], keys, n)
	}
	target := c.add(corpus.LangEN, []string{"x", "y"}, 500)
	for range 20 {
		c.add(corpus.LangEN, []string{"z"}, 501)
	}
	c.add(corpus.LangFA, append(c.keys(10), "z"), 502)
	_, _, lists := c.candidatesOf(t, nil)
	added := c.add(corpus.LangFA, []string{"x", "y", "z"}, 503)
	wantKeys, wantSims, _ := c.candidatesOf(t, nil)
	pair := [2]string{added.ID, target.ID}
	if _, ok := wantSims[pair]; !ok {
		t.Fatalf("a full search does not pair %v", pair)
	}
	gotKeys, gotSims, after := c.candidatesOf(t, &lists)
	if after.Searched {
		t.Errorf("searched the whole corpus, not around the lists")
	}
	checkSameCandidates(t, gotKeys, gotSims, wantKeys, wantSims)
}

// TestCandidatesAroundNormFalls makes an anchor of an English document
// outside a Persian document's old list commoner, which lowers that
// document's norm and raises its similarity to the Persian one above the
// list's. The Persian document's own anchor weighs exactly as before (the
// corpus keeps its size), so the proof must allow for the norms of the
// other side.
func TestCandidatesAroundNormFalls(t *testing.T) {
	c := &synthCorpus{rng: rand.New(rand.NewPCG(9, 1)), feats: map[string]*DocFeatures{}}
	first := c.add(corpus.LangFA, []string{"a"}, 0)
	// Twenty English documents in four groups, each with an anchor a
	// little commoner than the last (below), so a little closer to the
	// first.
	for k := range 20 {
		c.add(corpus.LangEN, []string{"a", fmt.Sprintf("c%d", k/5)}, 0)
	}
	outside := c.add(corpus.LangEN, []string{"a", "d"}, 0)
	// Persian documents closer to it than the first, so that the first is
	// not in its list either.
	for range 20 {
		c.add(corpus.LangFA, []string{"a", "d"}, 0)
	}
	// Documents elsewhere give c0..c3 120 to 123 documents, and d 119.
	langs := []corpus.Lang{corpus.LangFA, corpus.LangEN}
	var plain []*corpus.Document
	held := []int{115, 116, 117, 118, 98, 40}
	for k, n := range held {
		for range n {
			keys := c.keys(10)
			switch {
			case k < 4:
				keys = append(keys, fmt.Sprintf("c%d", k))
			case k == 4:
				keys = append(keys, "d")
			}
			d := c.add(langs[c.n%2], keys, 1+c.n)
			if k == 5 {
				plain = append(plain, d)
			}
		}
	}
	_, _, lists := c.candidatesOf(t, nil)
	if _, sims, _ := c.candidatesOf(t, nil); sims[[2]string{first.ID, outside.ID}] > 0 {
		t.Fatalf("before the change, a full search pairs %s and %s", first.ID, outside.ID)
	}
	// Five documents take d: it is now commoner than c0..c3.
	for _, d := range plain[:5] {
		c.setKeys(d, append(slices.Clone(c.feats[d.Hash].Keys), "d"))
	}
	wantKeys, wantSims, _ := c.candidatesOf(t, nil)
	if _, ok := wantSims[[2]string{first.ID, outside.ID}]; !ok {
		t.Fatalf("a full search does not pair %s and %s", first.ID, outside.ID)
	}
	gotKeys, gotSims, after := c.candidatesOf(t, &lists)
	if after.Searched {
		t.Errorf("searched the whole corpus, not around the lists")
	}
	checkSameCandidates(t, gotKeys, gotSims, wantKeys, wantSims)
}

// TestPairingRarity checks that the rarity the pairing gives its
// alignments, made from the counts of its anchor table, is the one
// NewRarity counts from every document's anchors, for corpora with both
// languages and with one.
func TestPairingRarity(t *testing.T) {
	both := newSynthCorpus(3, 40)
	onlyFA := newSynthCorpus(4, 10)
	onlyFA.docs = slices.DeleteFunc(onlyFA.docs, func(d *corpus.Document) bool { return d.Lang == corpus.LangEN })
	for name, c := range map[string]*synthCorpus{"both languages": both, "Persian only": onlyFA} {
		t.Run(name, func(t *testing.T) {
			al := NewAligner()
			al.Features = c.feats
			want := al.NewRarity(c.docs)
			pc, err := al.newPairing(context.Background(), c.docs)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(pc.al.Rarity, want) {
				t.Errorf("pairing's rarity: %d and %d documents, %d and %d anchors; NewRarity: %d and %d, %d and %d",
					pc.al.Rarity.docs[corpus.LangFA], pc.al.Rarity.docs[corpus.LangEN], len(pc.al.Rarity.df[corpus.LangFA]), len(pc.al.Rarity.df[corpus.LangEN]),
					want.docs[corpus.LangFA], want.docs[corpus.LangEN], len(want.df[corpus.LangFA]), len(want.df[corpus.LangEN]))
			}
		})
	}
}
