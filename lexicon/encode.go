package lexicon

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
)

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
