package lexicon

import (
	"cmp"
	"container/heap"
	"context"
	"math"
	"slices"
	"sync"
)

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
				slices.SortFunc(list, func(x, y cand) int { return cmp.Compare(y.dice, x.dice) })
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
		slices.SortFunc(list, func(x, y rc) int { return cmp.Compare(y.dice, x.dice) })
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
