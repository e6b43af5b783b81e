package lexicon

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Pair is one aligned pair of segments to learn from: a sentence bead
// where sentences are aligned, a paragraph bead otherwise.
type Pair struct {
	FA, EN string
	// Weight is how much the pair counts, in (0,1]: the bead's
	// confidence. Zero counts as one.
	Weight float64
}

// Options tune Learn. The zero value gives the defaults.
type Options struct {
	// MinCount is the least number of segment pairs in which two terms
	// must occur together to be an entry, and the least number of
	// segments a term must occur in to be learned at all (default 2).
	MinCount int
	// MaxShare leaves out terms found in more than this share of the
	// segments on their side (default 0.5): they co-occur with
	// everything and would cost the most.
	MaxShare float64
	// Candidates is how many translation candidates each term keeps for
	// the Model 1 stage, chosen by Dice among those significant by
	// log-likelihood (default 8).
	Candidates int
	// MinG2 is the least log-likelihood ratio (G²) of a candidate pair
	// (default 10.83, p < 0.001 for one degree of freedom).
	MinG2 float64
	// Iterations of Model 1 EM in each direction (default 5), for words;
	// phrases, whose words' translations are known by then, take
	// PhraseIterations (default 2).
	Iterations, PhraseIterations int
	// Prior is the count, in segments, added to each term's total when
	// its translation probabilities are estimated (default 4): the mass
	// kept for translations not among its candidates. A pair seen
	// together in n segments scores at most about n/(n+Prior), so a
	// pair needs as many segments as Prior to reach one half, and rare
	// terms are not as sure of their translations as common ones.
	Prior float64
	// MinScore is the least score of an entry (default 0.05).
	MinScore float64
	// MaxTerms caps the distinct terms of a segment side; a longer
	// segment keeps its rarest terms (default 400).
	MaxTerms int
	// Workers is the number of goroutines (default GOMAXPROCS).
	Workers int
}

func (o Options) withDefaults() Options {
	if o.MinCount <= 0 {
		o.MinCount = 2
	}
	if o.MaxShare <= 0 {
		o.MaxShare = 0.5
	}
	if o.Candidates <= 0 {
		o.Candidates = 8
	}
	if o.MinG2 <= 0 {
		o.MinG2 = 10.83
	}
	if o.Iterations <= 0 {
		o.Iterations = 5
	}
	if o.PhraseIterations <= 0 {
		o.PhraseIterations = 2
	}
	if o.Prior <= 0 {
		o.Prior = 4
	}
	if o.MinScore <= 0 {
		o.MinScore = 0.05
	}
	if o.MaxTerms <= 0 {
		o.MaxTerms = 400
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// nullWeight is the weight of the empty word in Model 1: how much of a
// word's probability mass is left to "no translation in this segment".
const nullWeight = 0.1

// Learn builds a lexicon from aligned pairs of segments. It
//
//  1. tokenizes both sides (Tokens) and gives each content term, and
//     each pair of neighbouring content words (آتش بس, Gaza Strip), an
//     integer id;
//  2. drops terms seen in fewer than MinCount segments or in more than
//     MaxShare of them;
//  3. counts, for each Persian term, the English terms of the segments
//     it occurs in, and keeps as candidates the Candidates best by Dice
//     among those significant by log-likelihood (G² ≥ MinG2), in both
//     directions;
//  4. refines the candidates with IBM Model 1 EM, Persian to English and
//     English to Persian, over the candidates present in each segment;
//  5. keeps the pairs whose symmetric score, the geometric mean of the
//     two probabilities, reaches MinScore and that were each other's
//     best match in at least one segment, counting those segments.
//
// Cost is linear in the segments and in their terms times Candidates,
// with one pass over each segment's Persian × English terms for step 3.
// It stops with ctx's error when ctx is cancelled.
func Learn(ctx context.Context, pairs []Pair, opts Options) (*Lexicon, error) {
	o := opts.withDefaults()
	l := &learner{o: o, n: len(pairs)}
	if err := l.encode(ctx, pairs); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.prune()
	if err := l.candidates(ctx); err != nil {
		return nil, err
	}
	if err := l.present(ctx); err != nil {
		return nil, err
	}
	if err := l.em(ctx); err != nil {
		return nil, err
	}
	links, err := l.link(ctx)
	if err != nil {
		return nil, err
	}
	return l.build(links), nil
}

// learner holds the state of one Learn call.
type learner struct {
	o Options
	n int // segment pairs

	fa, en  termTable
	weights []float32
	// segs[side] holds each segment's distinct term ids.
	faSeg, enSeg flat

	// Candidate pairs, sorted by Persian term then English term.
	pf, pe   []int32   // the pair's terms
	pa       []int32   // segments in which both occur
	pdice    []float32 // Dice coefficient
	pStart   []int32   // pStart[f]:pStart[f+1] are f's pairs
	segPairs flat      // each segment's candidate pairs present in it
	segWords []int32   // how many of them, first, are pairs of two words
	tFE, tEF []float32 // Model 1 P(en|fa) and P(fa|en) per pair
	words    []bool    // whether a pair is of two single words
}

// flat holds a list of int32 lists end to end.
type flat struct {
	off []int32 // list i is ids[off[i]:off[i+1]]
	ids []int32
}

func (f *flat) list(i int) []int32 { return f.ids[f.off[i]:f.off[i+1]] }

// termTable is one language's learned terms.
type termTable struct {
	terms    []string
	surfaces []string
	df       []int32
	phrase   []bool     // a phrase of two words, never seen as one word
	parts    [][2]int32 // a phrase's two words, or -1 when not learned
	// colloc marks a phrase whose words are mostly found together: it
	// holds at least half the segments of the rarer of them (آتش بس,
	// Gaza Strip, central bank).
	colloc []bool
}

// localVocab gives terms ids within one worker.
type localVocab struct {
	surf       map[string]int32 // surface → index in the surface lists
	surfText   []string
	surfTerm   []int32 // term id, or -1 for a word that is not content
	surfCount  []int32 // occurrences, to choose each term's readable form
	term       map[string]int32
	terms      []string
	termArabic []bool
	bigram     map[uint64]int32
	// the two words of a phrase term, by term id (-1 for a single word)
	phraseOf [][2]int32
	seen     []int32 // last segment each term was seen in, plus one
	// cache holds recently seen surfaces by a hash of their bytes: the
	// common words are found there without a probe of the large map.
	cache [1 << 14]cached
	// bigramCache does the same for phrases.
	bigramCache [1 << 14]cachedBigram
}

type cached struct {
	surface string
	index   int32
}

type cachedBigram struct {
	key uint64 // plus one, so that the zero value matches nothing
	id  int32
}

// fnv32 is the FNV-1a hash of s.
func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// newLocalVocab makes a vocabulary for about n segments. Its maps are
// made large enough for the vocabulary of a typical archive of that size
// at once: growing them later costs more than the memory.
func newLocalVocab(n int) *localVocab {
	return &localVocab{
		surf:   make(map[string]int32, min(n, 1<<20)),
		term:   make(map[string]int32, min(n, 1<<20)),
		bigram: make(map[uint64]int32, min(2*n, 1<<21)),
	}
}

func (v *localVocab) termID(term string, arabic bool, phrase [2]int32) int32 {
	if id, ok := v.term[term]; ok {
		return id
	}
	id := int32(len(v.terms))
	v.term[term] = id
	v.terms = append(v.terms, term)
	v.termArabic = append(v.termArabic, arabic)
	v.phraseOf = append(v.phraseOf, phrase)
	v.seen = append(v.seen, 0)
	return id
}

// segment appends the distinct content terms of text, with its phrases,
// to out.
func (v *localVocab) segment(text string, segNo int32, out []int32) []int32 {
	prev := int32(-1)
	add := func(id int32) []int32 {
		if v.seen[id] != segNo {
			v.seen[id] = segNo
			out = append(out, id)
		}
		return out
	}
	scanWords(text, func(w rawWord) {
		s := text[w.start:w.end]
		c := &v.cache[fnv32(s)&uint32(len(v.cache)-1)]
		si, ok := c.index, c.surface == s && s != ""
		if !ok {
			si, ok = v.surf[s]
			if !ok {
				// A copy, so that the table's strings lie together
				// rather than all over the text.
				s := strings.Clone(s)
				term, stop, number := termOf(s, w.arabic, w.number)
				id := int32(-1)
				if !stop && !number && term != "" {
					id = v.termID(term, w.arabic, [2]int32{-1, -1})
				}
				si = int32(len(v.surfText))
				v.surf[s] = si
				v.surfText = append(v.surfText, s)
				v.surfTerm = append(v.surfTerm, id)
				v.surfCount = append(v.surfCount, 0)
			}
			c.surface, c.index = v.surfText[si], si
		}
		id := v.surfTerm[si]
		if id < 0 {
			prev = -1
			return
		}
		v.surfCount[si]++
		out = add(id)
		if prev >= 0 && w.joined {
			key := uint64(prev)<<32 | uint64(id)
			c := &v.bigramCache[(key*0x9E3779B97F4A7C15)>>50]
			if c.key != key+1 {
				bid, ok := v.bigram[key]
				if !ok {
					arabic := v.termArabic[prev] && v.termArabic[id]
					bid = v.termID(phraseTerm(v.terms[prev], v.terms[id], arabic), arabic, [2]int32{prev, id})
					v.bigram[key] = bid
				}
				c.key, c.id = key+1, bid
			}
			out = add(c.id)
		}
		prev = id
	})
	return out
}

// workerOut is what one worker makes of its share of the pairs.
type workerOut struct {
	lo, hi       int
	fa, en       *localVocab
	faSeg, enSeg flat
}

// encode tokenizes the pairs in parallel, each worker with its own
// vocabulary, then merges the vocabularies and renumbers the segments.
func (l *learner) encode(ctx context.Context, pairs []Pair) error {
	w := max(1, min(l.o.Workers, len(pairs)/256+1))
	outs := make([]*workerOut, w)
	var wg sync.WaitGroup
	errs := make([]error, w)
	for k := range w {
		lo, hi := len(pairs)*k/w, len(pairs)*(k+1)/w
		out := &workerOut{lo: lo, hi: hi, fa: newLocalVocab(hi - lo), en: newLocalVocab(hi - lo)}
		outs[k] = out
		wg.Add(1)
		go func() {
			defer wg.Done()
			out.faSeg.off = make([]int32, 1, hi-lo+1)
			out.enSeg.off = make([]int32, 1, hi-lo+1)
			// Room for the terms of segments of a typical paragraph's
			// length.
			out.faSeg.ids = make([]int32, 0, 64*(hi-lo))
			out.enSeg.ids = make([]int32, 0, 64*(hi-lo))
			for i := lo; i < hi; i++ {
				if (i-lo)%1024 == 0 && ctx.Err() != nil {
					errs[k] = ctx.Err()
					return
				}
				segNo := int32(i - lo + 1)
				out.faSeg.ids = out.fa.segment(pairs[i].FA, segNo, out.faSeg.ids)
				out.faSeg.off = append(out.faSeg.off, int32(len(out.faSeg.ids)))
				out.enSeg.ids = out.en.segment(pairs[i].EN, segNo, out.enSeg.ids)
				out.enSeg.off = append(out.enSeg.off, int32(len(out.enSeg.ids)))
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	l.weights = make([]float32, len(pairs))
	for i, p := range pairs {
		wt := p.Weight
		if wt <= 0 || math.IsNaN(wt) {
			wt = 1
		}
		l.weights[i] = float32(min(wt, 1))
	}
	l.fa, l.faSeg = merge(outs, func(o *workerOut) (*localVocab, *flat) { return o.fa, &o.faSeg }, len(pairs))
	l.en, l.enSeg = merge(outs, func(o *workerOut) (*localVocab, *flat) { return o.en, &o.enSeg }, len(pairs))
	return nil
}

// merge joins the workers' vocabularies of one language into one table
// and rewrites their segments with the table's ids, counting in how many
// segments each term occurs.
func merge(outs []*workerOut, side func(*workerOut) (*localVocab, *flat), n int) (termTable, flat) {
	var t termTable
	size := 0
	for _, o := range outs {
		v, _ := side(o)
		size = max(size, len(v.terms))
	}
	global := make(map[string]int32, size+size/4)
	remaps := make([][]int32, len(outs))
	for k, o := range outs {
		v, _ := side(o)
		remap := make([]int32, len(v.terms))
		for i, term := range v.terms {
			id, ok := global[term]
			if !ok {
				id = int32(len(t.terms))
				global[term] = id
				t.terms = append(t.terms, term)
				t.phrase = append(t.phrase, true)
				t.parts = append(t.parts, [2]int32{-1, -1})
			}
			if v.phraseOf[i][0] < 0 {
				t.phrase[id] = false
			}
			remap[i] = id
		}
		remaps[k] = remap
	}
	for k, o := range outs {
		v, _ := side(o)
		for i, ph := range v.phraseOf {
			if g := remaps[k][i]; ph[0] >= 0 && t.parts[g][0] < 0 {
				t.parts[g] = [2]int32{remaps[k][ph[0]], remaps[k][ph[1]]}
			}
		}
	}
	// Readable forms: the most frequent surface of each single word, and
	// for a phrase its words' forms, unless the phrase is also written
	// as one word more often.
	t.surfaces = make([]string, len(t.terms))
	best := make([]int32, len(t.terms))
	surfCount := map[string]int32{}
	if len(outs) > 1 {
		for _, o := range outs {
			v, _ := side(o)
			for i, s := range v.surfText {
				if v.surfTerm[i] >= 0 {
					surfCount[s] += v.surfCount[i]
				}
			}
		}
	}
	for k, o := range outs {
		v, _ := side(o)
		for i, s := range v.surfText {
			id := v.surfTerm[i]
			if id < 0 {
				continue
			}
			g := remaps[k][id]
			c := v.surfCount[i]
			if len(outs) > 1 {
				c = surfCount[s]
			}
			if c > best[g] || c == best[g] && s < t.surfaces[g] {
				best[g], t.surfaces[g] = c, s
			}
		}
	}
	phraseCount := make([]int32, len(t.terms))
	for k, o := range outs {
		v, segs := side(o)
		for _, id := range segs.ids {
			if v.phraseOf[id][0] >= 0 {
				phraseCount[remaps[k][id]]++
			}
		}
	}
	for k, o := range outs {
		v, _ := side(o)
		for id, ph := range v.phraseOf {
			g := remaps[k][id]
			if ph[0] < 0 || phraseCount[g] <= best[g] {
				continue
			}
			a, b := t.surfaces[remaps[k][ph[0]]], t.surfaces[remaps[k][ph[1]]]
			if a != "" && b != "" {
				t.surfaces[g] = a + " " + b
				best[g] = phraseCount[g]
			}
		}
	}
	// Segments, renumbered; a phrase that is also a word (آتش بس and
	// آتشبس) is counted once.
	total := 0
	for _, o := range outs {
		_, segs := side(o)
		total += len(segs.ids)
	}
	seg := flat{off: make([]int32, 1, n+1), ids: make([]int32, 0, total)}
	t.df = make([]int32, len(t.terms))
	seen := make([]int32, len(t.terms))
	segNo := int32(0)
	for k, o := range outs {
		_, segs := side(o)
		remap := remaps[k]
		for i := 0; i+1 < len(segs.off); i++ {
			segNo++
			for _, id := range segs.list(i) {
				g := remap[id]
				if seen[g] == segNo {
					continue
				}
				seen[g] = segNo
				t.df[g]++
				seg.ids = append(seg.ids, g)
			}
			seg.off = append(seg.off, int32(len(seg.ids)))
		}
	}
	return t, seg
}

// prune drops rare and ubiquitous terms, renumbers the rest densely and
// caps each segment's terms.
func (l *learner) prune() {
	maxDF := int32(math.Max(float64(l.o.MinCount), l.o.MaxShare*float64(l.n)))
	minDF := int32(l.o.MinCount)
	for _, side := range []struct {
		t   *termTable
		seg *flat
	}{{&l.fa, &l.faSeg}, {&l.en, &l.enSeg}} {
		t := side.t
		newID := make([]int32, len(t.terms))
		var kept termTable
		for i, df := range t.df {
			if df < minDF || df > maxDF {
				newID[i] = -1
				continue
			}
			newID[i] = int32(len(kept.terms))
			kept.terms = append(kept.terms, t.terms[i])
			kept.surfaces = append(kept.surfaces, t.surfaces[i])
			kept.df = append(kept.df, df)
			kept.phrase = append(kept.phrase, t.phrase[i])
			kept.parts = append(kept.parts, t.parts[i])
		}
		// Phrases' words by their new ids, and which phrases are
		// collocations.
		kept.colloc = make([]bool, len(kept.terms))
		for i := range kept.parts {
			a, b := kept.parts[i][0], kept.parts[i][1]
			if a >= 0 {
				a = newID[a]
			}
			if b >= 0 {
				b = newID[b]
			}
			kept.parts[i] = [2]int32{a, b}
			if !kept.phrase[i] || a < 0 || b < 0 {
				continue
			}
			kept.colloc[i] = 2*kept.df[i] >= min(kept.df[a], kept.df[b])
		}
		*t = kept
		seg := side.seg
		w := int32(0)
		start := int32(0)
		for i := 0; i+1 < len(seg.off); i++ {
			from, to := start, seg.off[i+1]
			start = to
			segStart := w
			for _, id := range seg.ids[from:to] {
				if g := newID[id]; g >= 0 {
					seg.ids[w] = g
					w++
				}
			}
			if int(w-segStart) > l.o.MaxTerms {
				list := seg.ids[segStart:w]
				slices.SortFunc(list, func(a, b int32) int { return int(t.df[a] - t.df[b]) })
				w = segStart + int32(l.o.MaxTerms)
			}
			seg.off[i+1] = w
		}
		seg.ids = seg.ids[:w]
	}
}

// cand is a candidate English term of one Persian term.
type cand struct {
	e    int32
	a    int32
	dice float32
	g2   float32
}

// candHeap keeps the best candidates by Dice, worst on top.
type candHeap []cand

func (h candHeap) Len() int           { return len(h) }
func (h candHeap) Less(i, j int) bool { return h[i].dice < h[j].dice }
func (h candHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)        { *h = append(*h, x.(cand)) }
func (h *candHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// g2 is the log-likelihood ratio of a 2×2 contingency table: a segments
// with both terms, df1 and df2 segments with each, n in all.
func g2(a, df1, df2, n float64) float64 {
	b, c := df1-a, df2-a
	d := n - a - b - c
	term := func(o, e float64) float64 {
		if o <= 0 || e <= 0 {
			return 0
		}
		return o * math.Log(o/e)
	}
	r1, r2 := a+b, c+d
	c1, c2 := a+c, b+d
	return 2 * (term(a, r1*c1/n) + term(b, r1*c2/n) + term(c, r2*c1/n) + term(d, r2*c2/n))
}

// candidates counts co-occurrences and chooses each term's candidates.
func (l *learner) candidates(ctx context.Context) error {
	nf, ne := len(l.fa.terms), len(l.en.terms)
	// Postings: the segments of each Persian term.
	post := flat{off: make([]int32, nf+1)}
	for _, f := range l.faSeg.ids {
		post.off[f+1]++
	}
	for i := 0; i < nf; i++ {
		post.off[i+1] += post.off[i]
	}
	post.ids = make([]int32, len(l.faSeg.ids))
	fill := slices.Clone(post.off[:nf])
	for s := 0; s < l.n; s++ {
		for _, f := range l.faSeg.list(s) {
			post.ids[fill[f]] = int32(s)
			fill[f]++
		}
	}

	keep := 2 * l.o.Candidates
	forward := make([][]cand, nf)
	n := float64(l.n)
	minCount := int32(l.o.MinCount)
	w := l.o.Workers
	var wg sync.WaitGroup
	errs := make([]error, w)
	for k := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count := make([]int32, ne)
			var touched []int32
			h := candHeap{}
			for f := k; f < nf; f += w {
				if f%4096 == k && ctx.Err() != nil {
					errs[k] = ctx.Err()
					return
				}
				for _, s := range post.list(f) {
					for _, e := range l.enSeg.list(int(s)) {
						if count[e] == 0 {
							touched = append(touched, e)
						}
						count[e]++
					}
				}
				dff := float64(l.fa.df[f])
				h = h[:0]
				for _, e := range touched {
					a := count[e]
					count[e] = 0
					if a < minCount {
						continue
					}
					dfe := float64(l.en.df[e])
					if float64(a)*n <= dff*dfe {
						continue // no more often together than by chance
					}
					dice := float32(2 * float64(a) / (dff + dfe))
					if len(h) == keep && dice <= h[0].dice {
						continue
					}
					c := cand{e: e, a: a, dice: dice}
					if len(h) < keep {
						heap.Push(&h, c)
					} else {
						h[0] = c
						heap.Fix(&h, 0)
					}
				}
				touched = touched[:0]
				var list []cand
				for _, c := range h {
					c.g2 = float32(g2(float64(c.a), dff, float64(l.en.df[c.e]), n))
					if float64(c.g2) >= l.o.MinG2 {
						list = append(list, c)
					}
				}
				slices.SortFunc(list, func(x, y cand) int { return cmpDesc(x.dice, y.dice) })
				forward[f] = list
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}

	// Each English term's best Persian terms among those lists.
	type rc struct {
		f    int32
		dice float32
	}
	reverse := make([][]rc, ne)
	for f, list := range forward {
		for _, c := range list {
			reverse[c.e] = append(reverse[c.e], rc{int32(f), c.dice})
		}
	}
	chosen := make([][]cand, nf)
	for f, list := range forward {
		chosen[f] = list[:min(len(list), l.o.Candidates)]
	}
	for e, list := range reverse {
		if len(list) == 0 {
			continue
		}
		slices.SortFunc(list, func(x, y rc) int { return cmpDesc(x.dice, y.dice) })
		for _, r := range list[:min(len(list), l.o.Candidates)] {
			fl := forward[r.f]
			i := slices.IndexFunc(fl, func(c cand) bool { return c.e == int32(e) })
			if i >= l.o.Candidates { // not among the forward choice yet
				chosen[r.f] = append(chosen[r.f], fl[i])
			}
		}
	}
	l.pStart = make([]int32, nf+1)
	for f, list := range chosen {
		slices.SortFunc(list, func(x, y cand) int { return int(x.e - y.e) })
		for _, c := range list {
			l.pf = append(l.pf, int32(f))
			l.pe = append(l.pe, c.e)
			l.pa = append(l.pa, c.a)
			l.pdice = append(l.pdice, c.dice)
		}
		l.pStart[f+1] = int32(len(l.pf))
	}
	l.words = make([]bool, len(l.pf))
	for p := range l.pf {
		l.words[p] = !l.fa.phrase[l.pf[p]] && !l.en.phrase[l.pe[p]]
	}
	return nil
}

func cmpDesc(a, b float32) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// present lists, for each segment, the candidate pairs whose two terms
// both occur in it: the pairs of two words first, then those with a
// phrase.
func (l *learner) present(ctx context.Context) error {
	w := l.o.Workers
	parts := make([]flat, w)
	splits := make([][]int32, w)
	perTerm := float64(len(l.pf)) / float64(max(1, len(l.fa.terms)))
	var wg sync.WaitGroup
	errs := make([]error, w)
	for k := range w {
		lo, hi := l.n*k/w, l.n*(k+1)/w
		wg.Add(1)
		go func() {
			defer wg.Done()
			mark := make([]int32, len(l.en.terms))
			// Room for all of each term's candidates, at most twice
			// what is needed, so that the list seldom grows.
			terms := int(l.faSeg.off[hi] - l.faSeg.off[lo])
			part := flat{off: make([]int32, 1, hi-lo+1), ids: make([]int32, 0, int(float64(terms)*perTerm)+16)}
			split := make([]int32, 0, hi-lo)
			var phrases []int32
			for s := lo; s < hi; s++ {
				if (s-lo)%1024 == 0 && ctx.Err() != nil {
					errs[k] = ctx.Err()
					return
				}
				stamp := int32(s + 1)
				for _, e := range l.enSeg.list(s) {
					mark[e] = stamp
				}
				phrases = phrases[:0]
				for _, f := range l.faSeg.list(s) {
					for p := l.pStart[f]; p < l.pStart[f+1]; p++ {
						if mark[l.pe[p]] != stamp {
							continue
						}
						if l.words[p] {
							part.ids = append(part.ids, p)
						} else {
							phrases = append(phrases, p)
						}
					}
				}
				split = append(split, int32(len(part.ids))-part.off[len(part.off)-1])
				part.ids = append(part.ids, phrases...)
				part.off = append(part.off, int32(len(part.ids)))
			}
			parts[k], splits[k] = part, split
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	total := 0
	for _, p := range parts {
		total += len(p.ids)
	}
	l.segPairs = flat{off: make([]int32, 1, l.n+1), ids: make([]int32, 0, total)}
	l.segWords = make([]int32, 0, l.n)
	for k, p := range parts {
		base := int32(len(l.segPairs.ids))
		l.segPairs.ids = append(l.segPairs.ids, p.ids...)
		for _, o := range p.off[1:] {
			l.segPairs.off = append(l.segPairs.off, base+o)
		}
		l.segWords = append(l.segWords, splits[k]...)
	}
	return nil
}

// em runs Model 1 in both directions over the present candidate pairs,
// starting from Dice, twice: once over single words only, which gives
// the pairs of two words their probabilities, and once over words and
// phrases together, which gives the pairs with a phrase theirs. In the
// second run a collocation stands for its two words, which leave the
// segment. A phrase shares every segment with its words (آب آشامیدنی
// with آشامیدنی, آتش بس with بس): were they learned together, each
// translation would be split between the phrase and its words.
func (l *learner) em(ctx context.Context) error {
	np := len(l.pf)
	words := l.words
	anyPhrase := slices.Contains(words, false)
	fe, ef, err := l.model1(ctx, true, l.o.Iterations)
	if err != nil {
		return err
	}
	l.tFE, l.tEF = fe, ef
	if !anyPhrase {
		return nil
	}
	fe, ef, err = l.model1(ctx, false, l.o.PhraseIterations)
	if err != nil {
		return err
	}
	for p := range np {
		if !words[p] {
			l.tFE[p], l.tEF[p] = fe[p], ef[p]
		}
	}
	return nil
}

// model1 runs Model 1 EM over the pairs of words alone (wordsOnly) or
// over all the candidate pairs, and returns P(en|fa) and P(fa|en) for
// each. Over all pairs, the words of the collocations found in a
// segment leave it.
func (l *learner) model1(ctx context.Context, wordsOnly bool, iterations int) (tFE, tEF []float32, err error) {
	np := len(l.pf)
	tFE = make([]float32, np)
	tEF = make([]float32, np)
	for p := range np {
		if !wordsOnly || l.words[p] {
			tFE[p], tEF[p] = l.pdice[p], l.pdice[p]
		}
	}
	l.normalizeSmoothed(tFE, tEF, 0)
	collocations := !wordsOnly
	w := l.o.Workers
	cFE := make([][]float32, w)
	cEF := make([][]float32, w)
	for k := range w {
		cFE[k] = make([]float32, np)
		cEF[k] = make([]float32, np)
	}
	for range iterations {
		var wg sync.WaitGroup
		errs := make([]error, w)
		for k := range w {
			lo, hi := l.n*k/w, l.n*(k+1)/w
			wg.Add(1)
			go func() {
				defer wg.Done()
				cfe, cef := cFE[k], cEF[k]
				clear(cfe)
				clear(cef)
				ze := make([]float32, len(l.en.terms))
				zf := make([]float32, len(l.fa.terms))
				// The normalisers of the segment being read: stale
				// values, from other segments, count as zero.
				zeAt := make([]int32, len(l.en.terms))
				zfAt := make([]int32, len(l.fa.terms))
				var goneF, goneE []int32
				if collocations {
					goneF = make([]int32, len(l.fa.terms))
					goneE = make([]int32, len(l.en.terms))
				}
				var kept []int32
				for s := lo; s < hi; s++ {
					if (s-lo)%1024 == 0 && ctx.Err() != nil {
						errs[k] = ctx.Err()
						return
					}
					ps := l.segPairs.list(s)
					stamp := int32(s + 1)
					if wordsOnly {
						ps = ps[:l.segWords[s]]
					}
					if collocations {
						markParts(&l.fa, l.faSeg.list(s), goneF, stamp)
						markParts(&l.en, l.enSeg.list(s), goneE, stamp)
						kept = kept[:0]
						for _, p := range ps {
							if goneF[l.pf[p]] != stamp && goneE[l.pe[p]] != stamp {
								kept = append(kept, p)
							}
						}
						ps = kept
					}
					// Pairs outside the model have zero probabilities
					// and add nothing.
					for _, p := range ps {
						e, f := l.pe[p], l.pf[p]
						if zeAt[e] != stamp {
							zeAt[e], ze[e] = stamp, nullWeight
						}
						if zfAt[f] != stamp {
							zfAt[f], zf[f] = stamp, nullWeight
						}
						ze[e] += tFE[p]
						zf[f] += tEF[p]
					}
					wt := l.weights[s]
					for _, p := range ps {
						cfe[p] += wt * tFE[p] / ze[l.pe[p]]
						cef[p] += wt * tEF[p] / zf[l.pf[p]]
					}
				}
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return nil, nil, err
			}
		}
		for k := 1; k < w; k++ {
			for p := range np {
				cFE[0][p] += cFE[k][p]
				cEF[0][p] += cEF[k][p]
			}
		}
		copy(tFE, cFE[0])
		copy(tEF, cEF[0])
		l.normalizeSmoothed(tFE, tEF, float32(l.o.Prior))
	}
	return tFE, tEF, nil
}

// markParts stamps the words of the collocations among a segment's terms.
func markParts(t *termTable, terms []int32, gone []int32, stamp int32) {
	for _, id := range terms {
		if t.colloc[id] {
			gone[t.parts[id][0]] = stamp
			gone[t.parts[id][1]] = stamp
		}
	}
}

// normalizeSmoothed turns expected counts into probabilities over each
// term's candidates, with prior added to each term's total: the mass
// left to translations that are not among the candidates. It keeps a
// term seen in two segments from being as sure of its candidates as one
// seen in two hundred. Pairs with a zero count stay zero.
func (l *learner) normalizeSmoothed(fe, ef []float32, prior float32) {
	for f := range l.fa.terms {
		sum := prior
		for p := l.pStart[f]; p < l.pStart[f+1]; p++ {
			sum += fe[p]
		}
		if sum > 0 {
			for p := l.pStart[f]; p < l.pStart[f+1]; p++ {
				fe[p] /= sum
			}
		}
	}
	sums := make([]float32, len(l.en.terms))
	for p, e := range l.pe {
		sums[e] += ef[p]
	}
	for p, e := range l.pe {
		if sums[e]+prior > 0 {
			ef[p] /= sums[e] + prior
		}
	}
}

// score is a pair's symmetric score.
func (l *learner) score(p int32) float32 {
	return float32(math.Sqrt(float64(l.tFE[p]) * float64(l.tEF[p])))
}

// link counts, for each pair, the segments in which its two terms were
// each other's best match: among single words for a pair of words, and
// among words and phrases, with the words of collocations left out, for
// a pair with a phrase, as em learned them.
func (l *learner) link(ctx context.Context) ([]int32, error) {
	np := len(l.pf)
	w := l.o.Workers
	counts := make([][]int32, w)
	var wg sync.WaitGroup
	errs := make([]error, w)
	for k := range w {
		lo, hi := l.n*k/w, l.n*(k+1)/w
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := make([]int32, np)
			bestF := make([]int32, len(l.fa.terms))
			bestE := make([]int32, len(l.en.terms))
			for i := range bestF {
				bestF[i] = -1
			}
			for i := range bestE {
				bestE[i] = -1
			}
			goneF := make([]int32, len(l.fa.terms))
			goneE := make([]int32, len(l.en.terms))
			// mutual counts the pairs of ps that are each other's best,
			// when counted says they are to be counted.
			mutual := func(ps []int32, counted func(p int32) bool) {
				for _, p := range ps {
					sc := l.score(p)
					if b := bestF[l.pf[p]]; b < 0 || sc > l.score(b) {
						bestF[l.pf[p]] = p
					}
					if b := bestE[l.pe[p]]; b < 0 || sc > l.score(b) {
						bestE[l.pe[p]] = p
					}
				}
				for _, p := range ps {
					if bestF[l.pf[p]] == p && bestE[l.pe[p]] == p && counted(p) {
						c[p]++
					}
				}
				for _, p := range ps {
					bestF[l.pf[p]] = -1
					bestE[l.pe[p]] = -1
				}
			}
			var words, phrases []int32
			for s := lo; s < hi; s++ {
				if (s-lo)%1024 == 0 && ctx.Err() != nil {
					errs[k] = ctx.Err()
					return
				}
				stamp := int32(s + 1)
				markParts(&l.fa, l.faSeg.list(s), goneF, stamp)
				markParts(&l.en, l.enSeg.list(s), goneE, stamp)
				words, phrases = words[:0], phrases[:0]
				for _, p := range l.segPairs.list(s) {
					if l.words[p] {
						words = append(words, p)
					}
					if goneF[l.pf[p]] != stamp && goneE[l.pe[p]] != stamp {
						phrases = append(phrases, p)
					}
				}
				mutual(words, func(int32) bool { return true })
				mutual(phrases, func(p int32) bool { return !l.words[p] })
			}
			counts[k] = c
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for k := 1; k < w; k++ {
		for p := range np {
			counts[0][p] += counts[k][p]
		}
	}
	return counts[0], nil
}

// build makes the lexicon of the pairs that pass.
func (l *learner) build(links []int32) *Lexicon {
	type kept struct {
		f, e  int32
		count int32
		score float32
	}
	var ks []kept
	for p := range l.pf {
		sc := l.score(int32(p))
		if links[p] < 1 || l.pa[p] < int32(l.o.MinCount) || float64(sc) < l.o.MinScore {
			continue
		}
		ks = append(ks, kept{l.pf[p], l.pe[p], links[p], sc})
	}
	// The terms that have entries, in sorted order.
	usedF := map[int32]bool{}
	usedE := map[int32]bool{}
	for _, k := range ks {
		usedF[k.f] = true
		usedE[k.e] = true
	}
	faVocab, faID := sortedVocab(&l.fa, usedF)
	enVocab, enID := sortedVocab(&l.en, usedE)
	ents := make([]entry, len(ks))
	for i, k := range ks {
		ents[i] = entry{fa: faID[k.f], en: enID[k.e], count: k.count, score: k.score}
	}
	return newLexicon(faVocab, enVocab, ents)
}

// sortedVocab returns the used terms of t in sorted order, and the new
// index of each old one.
func sortedVocab(t *termTable, used map[int32]bool) (vocab, map[int32]int32) {
	ids := make([]int32, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int32) int {
		if t.terms[a] < t.terms[b] {
			return -1
		}
		if t.terms[a] > t.terms[b] {
			return 1
		}
		return 0
	})
	v := vocab{terms: make([]string, len(ids)), surfaces: make([]string, len(ids))}
	m := make(map[int32]int32, len(ids))
	for i, id := range ids {
		v.terms[i] = t.terms[id]
		v.surfaces[i] = t.surfaces[id]
		m[id] = int32(i)
	}
	return v, m
}

// newLexicon sorts the entries and builds the indexes over them.
func newLexicon(fa, en vocab, ents []entry) *Lexicon {
	slices.SortFunc(ents, func(a, b entry) int {
		if a.fa != b.fa {
			return int(a.fa - b.fa)
		}
		if c := better(a, b); c != 0 {
			return c
		}
		return int(a.en - b.en)
	})
	l := &Lexicon{fa: fa, en: en, ent: ents}
	l.faStart = make([]int32, len(fa.terms)+1)
	for _, e := range ents {
		l.faStart[e.fa+1]++
	}
	for i := range fa.terms {
		l.faStart[i+1] += l.faStart[i]
	}
	l.byEN = make([]int32, len(ents))
	for i := range l.byEN {
		l.byEN[i] = int32(i)
	}
	slices.SortStableFunc(l.byEN, func(a, b int32) int {
		x, y := ents[a], ents[b]
		if x.en != y.en {
			return int(x.en - y.en)
		}
		return better(x, y)
	})
	l.enStart = make([]int32, len(en.terms)+1)
	for _, e := range ents {
		l.enStart[e.en+1]++
	}
	for i := range en.terms {
		l.enStart[i+1] += l.enStart[i]
	}
	return l
}

// String describes the lexicon's size.
func (l *Lexicon) String() string {
	return fmt.Sprintf("lexicon: %d entries, %d Persian and %d English terms", len(l.ent), len(l.fa.terms), len(l.en.terms))
}
