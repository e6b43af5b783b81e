package align

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"hamta/corpus"
)

// PairKind says how two paired documents relate.
type PairKind string

// Pair kinds.
const (
	// Translation: the English translates the Persian (perhaps freely, or
	// from another agency's version): most paragraphs have a counterpart.
	Translation PairKind = "translation"
	// Comparable: independent reports of the same event: some paragraphs
	// report the same facts, many have no counterpart.
	Comparable PairKind = "comparable"
)

// DocPair is a Persian document paired with an English one, and the
// alignment of their paragraphs.
type DocPair struct {
	FA    string   `json:"fa_doc"` // document IDs
	EN    string   `json:"en_doc"`
	Kind  PairKind `json:"kind"`
	Score float64  `json:"score"` // confidence in [0,1]
	// Pinned is true when the user fixed the pair in the pairs file.
	Pinned bool `json:"pinned,omitempty"`
	// Coverage is the share of each side's text in confident links.
	CoverageFA float64 `json:"coverage_fa"`
	CoverageEN float64 `json:"coverage_en"`
	// ShareFA and ShareEN are the shares of each side's anchors, weighted
	// by rarity in the corpus, matched across the pair's links.
	ShareFA float64 `json:"anchors_fa"`
	ShareEN float64 `json:"anchors_en"`
	// Similarity is the documents' anchor similarity in the corpus.
	Similarity float64 `json:"similarity"`
	// Beads follow the Persian document; a link marked Moved has its
	// English paragraphs elsewhere in the English order (see SlotB).
	Beads []Bead `json:"-"`
}

// Rule is a user's decision about one pair of documents, from the pairs
// file: pin the pair (with a kind, or the one hamta finds) or forbid it.
type Rule struct {
	Forbid bool
	FA, EN string
	Kind   PairKind // for pins; empty lets hamta decide
}

// ReadRules reads a pairs file: one rule a line, "pin FA EN [kind]" or
// "forbid FA EN", document IDs quoted with double quotes when they hold
// spaces; '#' starts a comment.
func ReadRules(r io.Reader) ([]Rule, error) {
	var out []Rule
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f, err := SplitFields(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		var rule Rule
		switch {
		case len(f) >= 3 && f[0] == "forbid" && len(f) == 3:
			rule = Rule{Forbid: true, FA: f[1], EN: f[2]}
		case len(f) >= 3 && f[0] == "pin" && len(f) <= 4:
			rule = Rule{FA: f[1], EN: f[2]}
			if len(f) == 4 {
				rule.Kind = PairKind(f[3])
				if rule.Kind != Translation && rule.Kind != Comparable {
					return nil, fmt.Errorf("line %d: kind %q: want translation or comparable", n, f[3])
				}
			}
		default:
			return nil, fmt.Errorf("line %d: want \"pin FA EN [kind]\" or \"forbid FA EN\"", n)
		}
		out = append(out, rule)
	}
	return out, sc.Err()
}

// WriteRules writes rules in the pairs-file form.
func WriteRules(w io.Writer, rules []Rule) error {
	bw := bufio.NewWriter(w)
	for _, r := range rules {
		verb := "pin"
		if r.Forbid {
			verb = "forbid"
		}
		fmt.Fprintf(bw, "%s %s %s", verb, QuoteField(r.FA), QuoteField(r.EN))
		if !r.Forbid && r.Kind != "" {
			fmt.Fprintf(bw, " %s", r.Kind)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// QuoteField quotes a field for SplitFields when it needs it.
func QuoteField(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\"#") {
		return strconv.Quote(s)
	}
	return s
}

// SplitFields splits a line of hamta's plain-text files (pair rules,
// corrections) into fields on white space, a field in double quotes (Go
// syntax) holding spaces.
func SplitFields(line string) ([]string, error) {
	var out []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
		if line[0] == '"' {
			end := 1
			for end < len(line) && (line[end] != '"' || line[end-1] == '\\') {
				end++
			}
			if end >= len(line) {
				return nil, fmt.Errorf("unclosed quote")
			}
			s, err := strconv.Unquote(line[:end+1])
			if err != nil {
				return nil, fmt.Errorf("bad quoted field %s", line[:end+1])
			}
			out = append(out, s)
			line = line[end+1:]
			continue
		}
		end := strings.IndexAny(line, " \t")
		if end < 0 {
			end = len(line)
		}
		out = append(out, line[:end])
		line = line[end:]
	}
	return out, nil
}

// PairOptions tune document pairing.
type PairOptions struct {
	// Candidates is how many of the most similar documents of the other
	// language are aligned for each document.
	Candidates int
	// MinSimilarity is the least document similarity worth aligning.
	MinSimilarity float64
	// Translation is the least share of each side's text that a
	// translation has in confident links when aligned as independent
	// reports (which link only where the evidence is).
	Translation float64
	// Comparable is the least anchor share (the mean of ShareFA and
	// ShareEN) of a pair, which also needs MinLinks confident links.
	Comparable float64
	MinLinks   int
	// LinkScore is the least bead score that counts as a confident link.
	LinkScore float64
}

// DefaultPairOptions returns the tuned defaults.
func DefaultPairOptions() PairOptions {
	return PairOptions{Candidates: 3, MinSimilarity: 0.05, Translation: TranslationCoverage,
		Comparable: 0.2, MinLinks: 3, LinkScore: 0.5}
}

// Pair finds, among the Persian and English documents of a corpus, the
// translations and independent reports of the same event, and aligns each
// pair's paragraphs. Rules pin or forbid pairs. Documents with no
// counterpart are in no pair. progress, when not nil, is told how many
// candidate pairs have been aligned out of how many.
//
// It works in three steps: each document's anchors are found once (or
// taken from Features); the candidates, the documents of the other
// language most similar to each document by the rare anchors they share,
// come from an inverted index of anchors (candidates); each candidate
// pair is aligned (alignCandidate, through Memo) and judged a
// translation, a report of the same event or no pair (classify, or taken
// from Scored).
func (al *Aligner) Pair(ctx context.Context, docs []*corpus.Document, rules []Rule, opt PairOptions, progress func(done, total int)) ([]DocPair, error) {
	// Pairs a translation memory declares are taken as they are.
	premade, docs := premadePairs(docs, rules, opt)
	pc, err := al.newPairing(ctx, docs)
	if err != nil {
		return nil, err
	}
	keys, sims, pinned, lists := pc.candidates(rules, opt, al.Lists)
	if al.Lists != nil {
		*al.Lists = lists
	}
	found, err := al.alignCandidates(ctx, pc, keys, sims, pinned, opt, progress)
	if err != nil {
		return nil, err
	}
	return mergePairs(premade, found), nil
}

// pairDoc is one document being paired, with its anchors as ids of the
// pairing's anchor table.
type pairDoc struct {
	doc  *corpus.Document
	f    *DocFeatures
	glob []int32 // the id of each of f.Keys
	bag  []int32 // the document's anchor ids, sorted
	norm float64 // of the idf-weighted anchor vector
	// lens are the lengths in runes of the paragraphs that take part in
	// alignment, by paragraph index (0 for the others), and total their
	// sum.
	lens  []int32
	total float64
}

// pairing is the state of one run of Pair: the documents of each
// language, their anchors, and the anchors' weights in the corpus.
type pairing struct {
	fa, en []*pairDoc
	byID   map[string]*pairDoc
	ids    map[string]int32
	keys   []string  // by anchor id
	idf    []float64 // per anchor id; 0 for an anchor of one language only
	// dfFA and dfEN count the documents of each language holding each
	// anchor id.
	dfFA, dfEN []int32
	// al aligns with the corpus's rarity of anchors.
	al *Aligner
}

// docFeatures returns a document's features from the cache, or finds them.
func (al *Aligner) docFeatures(d *corpus.Document) *DocFeatures {
	if f := al.cachedFeatures(d); f != nil {
		return f
	}
	return al.DocFeatures(d)
}

func (al *Aligner) cachedFeatures(d *corpus.Document) *DocFeatures {
	if al.Features == nil {
		return nil
	}
	if f := al.Features[d.Hash]; f != nil && f.Lang == d.Lang {
		return f
	}
	return nil
}

// allFeatures finds the features of every document not in the cache, on
// every core, and adds them to it.
func (al *Aligner) allFeatures(ctx context.Context, docs []*corpus.Document) ([]*DocFeatures, error) {
	out := make([]*DocFeatures, len(docs))
	var todo []int
	for i, d := range docs {
		if out[i] = al.cachedFeatures(d); out[i] == nil {
			todo = append(todo, i)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, len(todo)))
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(todo) || ctx.Err() != nil {
					return
				}
				out[todo[k]] = al.DocFeatures(docs[todo[k]])
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if al.Features != nil {
		for _, k := range todo {
			al.Features[docs[k].Hash] = out[k]
		}
	}
	return out, nil
}

// newPairing finds (or takes from the cache) the anchors of the Persian
// and English documents and weighs them by their rarity in the corpus.
func (al *Aligner) newPairing(ctx context.Context, docs []*corpus.Document) (*pairing, error) {
	var both []*corpus.Document
	for _, d := range docs {
		if d.Lang == corpus.LangFA || d.Lang == corpus.LangEN {
			both = append(both, d)
		}
	}
	feats, err := al.allFeatures(ctx, both)
	if err != nil {
		return nil, err
	}
	pc := &pairing{byID: map[string]*pairDoc{}, ids: map[string]int32{}}
	var dfFA, dfEN []int32 // pc.dfFA, pc.dfEN
	var keys []string      // by id
	add := func(d *corpus.Document, f *DocFeatures) *pairDoc {
		pd := &pairDoc{doc: d, f: f, glob: make([]int32, len(f.Keys))}
		for i, k := range f.Keys {
			id, ok := pc.ids[k]
			if !ok {
				id = int32(len(pc.ids))
				pc.ids[k] = id
				keys = append(keys, k)
				dfFA, dfEN = append(dfFA, 0), append(dfEN, 0)
			} else {
				// One copy of each key for the whole corpus.
				f.Keys[i] = keys[id]
			}
			pd.glob[i] = id
			if d.Lang == corpus.LangFA {
				dfFA[id]++
			} else {
				dfEN[id]++
			}
		}
		pd.bag = slices.Clone(pd.glob)
		slices.Sort(pd.bag)
		pd.lens = make([]int32, len(d.Paragraphs))
		for _, p := range f.Paras {
			if p.Index < len(pd.lens) {
				pd.lens[p.Index] = int32(p.Len)
				pd.total += float64(p.Len)
			}
		}
		pc.byID[d.ID] = pd
		return pd
	}
	// Persian documents first, so that anchor ids do not depend on how
	// the languages are interleaved.
	for i, d := range both {
		if d.Lang == corpus.LangFA {
			pc.fa = append(pc.fa, add(d, feats[i]))
		}
	}
	for i, d := range both {
		if d.Lang == corpus.LangEN {
			pc.en = append(pc.en, add(d, feats[i]))
		}
	}
	pc.keys, pc.dfFA, pc.dfEN = keys, dfFA, dfEN
	total := float64(len(pc.fa) + len(pc.en))
	pc.idf = make([]float64, len(keys))
	for id := range keys {
		// Anchors found in only one language can never match: they weigh
		// nothing.
		if dfFA[id] > 0 && dfEN[id] > 0 {
			pc.idf[id] = math.Log(1 + total/float64(dfFA[id]+dfEN[id]))
		}
	}
	for _, pd := range append(slices.Clone(pc.fa), pc.en...) {
		s := 0.0
		for _, id := range pd.bag {
			s += pc.idf[id] * pc.idf[id]
		}
		pd.norm = math.Sqrt(s)
	}
	// Alignments weigh anchors by their rarity in this corpus unless the
	// aligner was given another measure.
	pal := *al
	if pal.Rarity == nil {
		// The counts of the anchor table, which NewRarity would make
		// again from every document's anchors.
		r := newRarity()
		for lang, df := range map[corpus.Lang][]int32{corpus.LangFA: dfFA, corpus.LangEN: dfEN} {
			n := len(pc.fa)
			if lang == corpus.LangEN {
				n = len(pc.en)
			}
			if n == 0 {
				continue
			}
			r.docs[lang] = n
			r.df[lang] = make(map[string]int, len(keys))
			for id, c := range df {
				if c > 0 {
					r.df[lang][keys[id]] = int(c)
				}
			}
		}
		pal.Rarity = r
	}
	pc.al = &pal
	return pc, nil
}

// similarity is the cosine of two documents' idf-weighted anchor sets.
func (pc *pairing) similarity(a, b *pairDoc) float64 {
	dot := 0.0
	x, y := a.bag, b.bag
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			w := pc.idf[x[i]]
			dot += w * w
			i++
			j++
		}
	}
	if d := a.norm * b.norm; d > 0 {
		return dot / d
	}
	return dot
}

// pairWork bounds the work of finding candidates: the number of document
// pairs, summed over the anchors, that share an anchor. Anchors are taken
// rarest first until it is reached; a corpus whose anchors all fit is
// searched exactly, as every corpus of a million paragraphs measured so
// far is (a few seconds on two cores).
const pairWork = 100_000_000_000

// ranked is a document of the other language and its score.
type ranked struct {
	doc   int32
	score float64
}

// keepBest inserts r among the best n of list (score descending, ties by
// document), returning the list.
func keepBest(list []ranked, r ranked, n int) []ranked {
	better := func(a, b ranked) bool { return a.score > b.score || a.score == b.score && a.doc < b.doc }
	if len(list) == n && !better(r, list[n-1]) {
		return list
	}
	at := len(list)
	for at > 0 && better(r, list[at-1]) {
		at--
	}
	if len(list) < n {
		list = append(list, ranked{})
	}
	copy(list[at+1:], list[at:len(list)-1])
	list[at] = r
	return list
}

// candidates returns the document pairs worth aligning, sorted by their
// IDs, with their similarity, and the pinned pairs: for each document the
// Candidates documents of the other language most similar to it (at
// least MinSimilarity), and every pinned pair; less the forbidden ones
// and, unless pinned, those published months apart.
//
// Similarity is the cosine of the documents' anchor sets, each anchor
// weighted by its inverse document frequency. Documents that share no
// anchor are never compared: an inverted index of anchors leads from each
// Persian document to the English ones that share one. An anchor that
// half the corpus holds would lead to half the corpus, so in a large
// corpus the commonest anchors (past pairWork) only rescore the few best
// documents the rarer ones found.
//
// With lists of an earlier search (snap, when not nil), only the
// documents that changed since, and those whose best may have changed,
// are searched again (searchAround); the lists returned are then snap's.
// After a full search they are the new search's (or empty when it was
// not exact).
func (pc *pairing) candidates(rules []Rule, opt PairOptions, snap *CandidateLists) ([][2]string, map[[2]string]float64, map[[2]string]Rule, CandidateLists) {
	keep := max(4*opt.Candidates, 16)
	post := pc.newPostings()
	var rowBest, colBest [][]ranked
	var exact map[[2]int32]float64
	var lists CandidateLists
	if snap != nil && post.exact {
		var again int
		rowBest, colBest, exact, again = pc.searchAround(snap, post, keep, opt.Candidates)
		if rowBest != nil {
			lists = *snap
			lists.Searched, lists.Again = false, again
		}
	}
	if rowBest == nil {
		rowBest, colBest = pc.search(post, keep)
		exact = map[[2]int32]float64{}
		lists = CandidateLists{Searched: true}
		if post.exact {
			lists = pc.snapshot(rowBest, colBest, keep)
		}
	}
	keys, sims, pinned := pc.pick(rules, opt, rowBest, colBest, exact)
	return keys, sims, pinned, lists
}

// postings is the inverted index of a pairing's anchors.
type postings struct {
	// en are the English documents holding each anchor; fa the Persian
	// ones, made only for a search by column (persian).
	en, fa [][]int32
	// rare marks the anchors searched through: all that weigh anything
	// (exact), unless that is too much work; then the rarest.
	rare  []bool
	exact bool
}

func (pc *pairing) newPostings() *postings {
	p := &postings{
		en:   make([][]int32, len(pc.idf)),
		rare: make([]bool, len(pc.idf)),
	}
	for j, pd := range pc.en {
		for _, id := range pd.bag {
			p.en[id] = append(p.en[id], int32(j))
		}
	}
	// The document pairs an anchor makes to score.
	pairsOf := func(id int32) int64 { return int64(pc.dfFA[id]) * int64(pc.dfEN[id]) }
	var order []int32
	var work int64
	for id := range pc.idf {
		if pc.idf[id] > 0 {
			order = append(order, int32(id))
			work += pairsOf(int32(id))
		}
	}
	if work > pairWork {
		slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(pairsOf(a), pairsOf(b)) })
		work = 0
		for _, id := range order {
			work += pairsOf(id)
			if work > pairWork {
				break
			}
			p.rare[id] = true
		}
		return p
	}
	for _, id := range order {
		p.rare[id] = true
	}
	p.exact = true
	return p
}

// persian makes the postings of the Persian documents.
func (p *postings) persian(pc *pairing) {
	if p.fa != nil {
		return
	}
	p.fa = make([][]int32, len(p.en))
	for i, pd := range pc.fa {
		for _, id := range pd.bag {
			p.fa[id] = append(p.fa[id], int32(i))
		}
	}
}

// search scores every Persian document against every English one it
// shares a searched anchor with, and returns the best keep of each row
// (Persian document) and each column (English document).
func (pc *pairing) search(post *postings, keep int) (rowBest, colBest [][]ranked) {
	nFA, nEN := len(pc.fa), len(pc.en)
	postings, rare := post.en, post.rare
	enNorm := make([]float64, nEN)
	for j, pd := range pc.en {
		enNorm[j] = pd.norm
	}
	rowBest = make([][]ranked, nFA)
	// Persian documents are scored against every English one on every
	// core; each worker keeps the best for each English document, merged
	// after.
	workers := min(runtime.GOMAXPROCS(0), max(1, nFA/64))
	colBests := make([][][]ranked, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			colBest := make([][]ranked, nEN)
			// colMin[j] is the score colBest[j] must reach once full: a
			// pair below it is passed over without reading the list
			// (most pairs, and the lists of every column do not fit in
			// a core's cache where the threshold array does).
			colMin := make([]float64, nEN)
			for j := range colMin {
				colMin[j] = math.Inf(-1)
			}
			acc := make([]float64, nEN)
			var touched []int32
			for {
				i := int(next.Add(1)) - 1
				if i >= nFA {
					break
				}
				pd := pc.fa[i]
				// A document that leads to much of the other side is
				// summed without noting which documents it reached, and
				// those are found after by a pass over all: the branch
				// costs more than the pass.
				visits := 0
				for _, id := range pd.bag {
					if rare[id] {
						visits += len(postings[id])
					}
				}
				dense := visits >= nEN/8
				for _, id := range pd.bag {
					if !rare[id] {
						continue
					}
					w := pc.idf[id] * pc.idf[id]
					if dense {
						for _, j := range postings[id] {
							acc[j] += w
						}
						continue
					}
					for _, j := range postings[id] {
						if acc[j] == 0 {
							touched = append(touched, j)
						}
						acc[j] += w
					}
				}
				if dense {
					for j, v := range acc {
						if v != 0 {
							touched = append(touched, int32(j))
						}
					}
				}
				var best []ranked
				for _, j := range touched {
					s := acc[j]
					if d := pd.norm * enNorm[j]; d > 0 {
						s /= d
					}
					acc[j] = 0
					best = keepBest(best, ranked{j, s}, keep)
					if s >= colMin[j] {
						cb := keepBest(colBest[j], ranked{int32(i), s}, keep)
						if len(cb) == keep {
							colMin[j] = cb[keep-1].score
						}
						colBest[j] = cb
					}
				}
				rowBest[i] = best
				touched = touched[:0]
			}
			colBests[w] = colBest
		}()
	}
	wg.Wait()
	colBest = make([][]ranked, nEN)
	for _, cb := range colBests {
		for j, list := range cb {
			for _, r := range list {
				colBest[j] = keepBest(colBest[j], r, keep)
			}
		}
	}
	return rowBest, colBest
}

// pick returns the candidate pairs, sorted by their IDs, with their
// similarity, and the pinned pairs: for each row and column of the
// search, its Candidates best documents (at least MinSimilarity), and
// every pinned pair; less the forbidden ones and, unless pinned, those
// published months apart. exact holds the exact similarity of pairs
// already computed; pick adds the others'.
func (pc *pairing) pick(rules []Rule, opt PairOptions, rowBest, colBest [][]ranked, exact map[[2]int32]float64) ([][2]string, map[[2]string]float64, map[[2]string]Rule) {
	nFA, nEN := len(pc.fa), len(pc.en)
	score := func(i, j int32) float64 {
		k := [2]int32{i, j}
		s, ok := exact[k]
		if !ok {
			s = pc.similarity(pc.fa[i], pc.en[j])
			exact[k] = s
		}
		return s
	}
	byRow := make([][]ranked, nFA)
	byCol := make([][]ranked, nEN)
	seen := map[[2]int32]bool{}
	add := func(i, j int32) {
		if seen[[2]int32{i, j}] {
			return
		}
		seen[[2]int32{i, j}] = true
		s := score(i, j)
		byRow[i] = append(byRow[i], ranked{j, s})
		byCol[j] = append(byCol[j], ranked{i, s})
	}
	for i, list := range rowBest {
		for _, r := range list {
			add(int32(i), r.doc)
		}
	}
	for j, list := range colBest {
		for _, r := range list {
			add(r.doc, int32(j))
		}
	}
	cands := map[[2]string]float64{}
	pick := func(lists [][]ranked, swap bool) {
		for x, list := range lists {
			slices.SortFunc(list, func(a, b ranked) int {
				if a.score != b.score {
					return cmp.Compare(b.score, a.score)
				}
				return int(a.doc - b.doc)
			})
			for _, r := range list[:min(opt.Candidates, len(list))] {
				if r.score < opt.MinSimilarity {
					break
				}
				i, j := x, int(r.doc)
				if swap {
					i, j = j, i
				}
				cands[[2]string{pc.fa[i].doc.ID, pc.en[j].doc.ID}] = r.score
			}
		}
	}
	pick(byRow, false)
	pick(byCol, true)

	forbidden := map[[2]string]bool{}
	pinned := map[[2]string]Rule{}
	for _, r := range rules {
		key := [2]string{r.FA, r.EN}
		if r.Forbid {
			forbidden[key] = true
		} else {
			pinned[key] = r
		}
	}
	for key := range pinned {
		if pc.byID[key[0]] == nil || pc.byID[key[1]] == nil {
			continue // a rule for files no longer in the corpus
		}
		cands[key] = math.Max(cands[key], 0)
	}
	keys := make([][2]string, 0, len(cands))
	for k := range cands {
		_, pin := pinned[k]
		// Documents published months apart report different events,
		// whatever they share.
		if !forbidden[k] && (pin || !datesApart(pc.byID[k[0]].doc, pc.byID[k[1]].doc)) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	return keys, cands, pinned
}

// pairJob is what aligning one candidate pair gives: the pair (with no
// kind when it is none), the alignments it computed for Memo, and its
// evaluation for Scored when it made one.
type pairJob struct {
	pair   DocPair
	memo   map[string][]Bead
	scored *DocPair
	err    error
}

// alignCandidates aligns and judges every candidate pair, on every core,
// and returns the pairs found in the candidates' order.
func (al *Aligner) alignCandidates(ctx context.Context, pc *pairing, keys [][2]string, sims map[[2]string]float64, pinned map[[2]string]Rule, opt PairOptions, progress func(done, total int)) ([]DocPair, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.RWMutex // guards al.Memo and al.Scored against the workers' reads
	segs := newSegmentCache(pc.al, segmentCacheSize)
	workers := min(runtime.GOMAXPROCS(0), max(1, len(keys)))
	jobs := make(chan int)
	results := make([]chan pairJob, len(keys))
	for n := range results {
		results[n] = make(chan pairJob, 1)
	}
	go func() {
		defer close(jobs)
		for n := range keys {
			select {
			case jobs <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				key := keys[n]
				r, hasRule := pinned[key]
				var rule *Rule
				if hasRule {
					rule = &r
				}
				results[n] <- pc.alignCandidate(ctx, pc.byID[key[0]], pc.byID[key[1]], sims[key], rule, opt, segs, &mu)
			}
		}()
	}
	defer wg.Wait()
	var out []DocPair
	for n := range keys {
		var res pairJob
		select {
		case res = <-results[n]:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if res.err != nil {
			return nil, res.err
		}
		mu.Lock()
		for k, v := range res.memo {
			if al.Memo != nil {
				al.Memo[k] = v
			}
			if al.Alignments != nil {
				al.Alignments.StoreBeads(k, v)
			}
		}
		if al.Scored != nil && res.scored != nil {
			al.Scored[ScoredKey(pc.byID[keys[n][0]].doc, pc.byID[keys[n][1]].doc)] = *res.scored
		}
		mu.Unlock()
		if res.pair.Kind != "" {
			out = append(out, res.pair)
		}
		if progress != nil {
			progress(n+1, len(keys))
		}
	}
	return out, nil
}

// ScoredKey keys the evaluation of two documents as a pair by their
// contents.
func ScoredKey(fa, en *corpus.Document) string { return fa.Hash + ":" + en.Hash }

// alignCandidate aligns one candidate pair and judges it (or takes its
// evaluation from Scored), then applies a pin.
func (pc *pairing) alignCandidate(ctx context.Context, a, b *pairDoc, sim float64, pin *Rule, opt PairOptions, segs *segmentCache, mu *sync.RWMutex) pairJob {
	res := pairJob{memo: map[string][]Bead{}}
	al := pc.al
	// onDisk reports whether an alignment's anchors can be left to the
	// store: it was read from there, or it is new and will be stored.
	onDisk := func(fresh bool) bool {
		return al.Memo == nil && al.Alignments != nil && (!fresh || al.Alignments.Keeps())
	}
	// beadsOf returns the alignment of a kind, with its anchors when
	// anchored is set or when the store cannot give them back.
	beadsOf := func(kind PairKind, anchored bool) ([]Bead, error) {
		key := MemoKey(a.doc, b.doc, kind)
		if beads, ok := res.memo[key]; ok {
			if !anchored && onDisk(true) {
				beads = WithoutAnchors(beads)
			}
			return beads, nil
		}
		mu.RLock()
		beads, ok := al.Memo[key]
		if !ok && al.Alignments != nil {
			if anchored {
				beads, ok = al.Alignments.LoadBeads(key)
			} else {
				beads, ok = al.Alignments.LoadLinks(key)
			}
		}
		mu.RUnlock()
		if ok {
			return beads, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		beads, err := segs.align(ctx, a.doc, b.doc, kind)
		if err != nil {
			return nil, fmt.Errorf("align %s with %s: %w", a.doc.ID, b.doc.ID, err)
		}
		if al.Memo != nil || al.Alignments != nil {
			res.memo[key] = beads
		}
		if !anchored && onDisk(true) {
			beads = WithoutAnchors(beads)
		}
		return beads, nil
	}
	var p DocPair
	var comparable []Bead
	mu.RLock()
	prev, ok := al.Scored[ScoredKey(a.doc, b.doc)]
	mu.RUnlock()
	if ok {
		p = prev
	} else {
		// The kind is judged on the alignment of independent reports,
		// which links paragraphs only where the evidence is: a
		// translation has most of both sides in such links, a report of
		// the same event some, a report of another event few or none.
		var err error
		if comparable, err = beadsOf(Comparable, true); err != nil {
			res.err = err
			return res
		}
		p = pc.classify(a, b, comparable, opt)
		p.Beads = nil
		ev := p
		res.scored = &ev
	}
	p.FA, p.EN, p.Similarity = a.doc.ID, b.doc.ID, sim
	if pin != nil {
		p.Pinned = true
		if pin.Kind != "" {
			p.Kind = pin.Kind
		} else if p.Kind == "" {
			p.Kind = Comparable
		}
		p.Score = math.Max(p.Score, 1)
	}
	var err error
	switch p.Kind {
	case Translation:
		var beads []Bead
		if beads, err = beadsOf(Translation, false); err == nil {
			p.CoverageFA, p.CoverageEN = a.coverage(beads, opt.LinkScore, true), b.coverage(beads, opt.LinkScore, false)
			p.Beads = beads
		}
	case Comparable:
		if comparable == nil {
			comparable, err = beadsOf(Comparable, false)
		} else if onDisk(res.memo[MemoKey(a.doc, b.doc, Comparable)] != nil) {
			comparable = WithoutAnchors(comparable)
		}
		p.Beads = comparable
	}
	res.pair, res.err = p, err
	return res
}

// classify judges a candidate pair from its alignment as independent
// reports: a translation has most of both sides' text in confident
// links and shares its anchors paragraph by paragraph; a report of the
// same event shares enough anchors in enough links; anything else is no
// pair (an empty Kind).
func (pc *pairing) classify(a, b *pairDoc, beads []Bead, opt PairOptions) DocPair {
	p := DocPair{FA: a.doc.ID, EN: b.doc.ID, Beads: beads}
	p.ShareFA = pc.anchorShare(a, b, beads, true)
	p.ShareEN = pc.anchorShare(b, a, beads, false)
	p.CoverageFA, p.CoverageEN = a.coverage(beads, opt.LinkScore, true), b.coverage(beads, opt.LinkScore, false)
	links := 0
	for _, bd := range beads {
		if bd.Linked() && bd.Score >= opt.LinkScore {
			links++
		}
	}
	share := (p.ShareFA + p.ShareEN) / 2
	covered := math.Min(p.CoverageFA, p.CoverageEN)
	switch {
	case covered >= opt.Translation && share >= opt.Comparable:
		p.Kind = Translation
		p.Score = math.Min(1, 0.8+0.2*(covered-opt.Translation)/(1-opt.Translation))
	case share >= opt.Comparable && links >= opt.MinLinks:
		p.Kind = Comparable
		p.Score = math.Min(1, 0.5+0.5*(share-opt.Comparable)/(1-opt.Comparable))
	}
	return p
}

// coverage is the share of a document's aligned text (in characters) that
// lies in links scoring at least minScore.
func coverage(d *corpus.Document, beads []Bead, minScore float64, sideA bool) float64 {
	var total float64
	for _, p := range d.Paragraphs {
		if p.Aligned() {
			total += float64(utf8.RuneCountInString(p.Text))
		}
	}
	covered := linkedSize(beads, minScore, sideA, func(i int) float64 {
		return float64(utf8.RuneCountInString(d.Paragraphs[i].Text))
	})
	if total == 0 {
		return 0
	}
	return covered / total
}

// linkedSize sums size over one side's paragraphs of the links scoring at
// least minScore.
func linkedSize(beads []Bead, minScore float64, sideA bool, size func(i int) float64) float64 {
	var sum float64
	for _, b := range beads {
		if !b.Linked() || b.Score < minScore {
			continue
		}
		idx := b.B
		if sideA {
			idx = b.A
		}
		for _, i := range idx {
			sum += size(i)
		}
	}
	return sum
}

// coverage is the share of the document's aligned text (in characters)
// that lies in links scoring at least minScore; see coverage.
func (pd *pairDoc) coverage(beads []Bead, minScore float64, sideA bool) float64 {
	covered := linkedSize(beads, minScore, sideA, func(i int) float64 {
		if i >= 0 && i < len(pd.lens) {
			return float64(pd.lens[i])
		}
		return 0
	})
	if pd.total == 0 {
		return 0
	}
	return covered / pd.total
}

// anchorShare measures how well a pair's links match a document's anchors
// (each weighted by its rarity in the corpus): the share matched by the
// paragraph facing them, corrected for chance like Cohen's kappa, against
// pairing each paragraph with a random paragraph of the other document. A
// translation matches most of its anchors, and far more than chance; a
// report of another event on the same topic shares anchors (names, places)
// but not paragraph by paragraph.
func (pc *pairing) anchorShare(d, o *pairDoc, beads []Bead, sideA bool) float64 {
	matched := map[int][]int32{} // paragraph → ids of the anchors matched in its bead
	for _, b := range beads {
		if !b.Linked() {
			continue
		}
		idx := b.B
		if sideA {
			idx = b.A
		}
		var keys []int32
		for _, a := range b.Anchors {
			if id, ok := pc.ids[a.Key]; ok {
				keys = append(keys, id)
			}
		}
		slices.Sort(keys)
		for _, i := range idx {
			matched[i] = keys
		}
	}
	// In how many paragraphs of the other document each anchor appears.
	df := make(map[int32]float64, len(o.glob))
	paras := 0.0
	for _, p := range o.f.Paras {
		paras++
		for _, k := range p.Keys {
			df[o.glob[k]]++
		}
	}
	var total, hit, chance float64
	for _, p := range d.f.Paras {
		m := matched[p.Index]
		for _, k := range p.Keys {
			id := d.glob[k]
			w := pc.idf[id]
			if w == 0 {
				continue
			}
			total += w
			if _, ok := slices.BinarySearch(m, id); ok {
				hit += w
			}
			if paras > 0 {
				chance += w * df[id] / paras
			}
		}
	}
	if total == 0 || chance >= total {
		return 0
	}
	return math.Max(0, (hit-chance)/(total-chance))
}

// similarities scores every Persian document against every English one by
// the anchors they share (see candidates), for tests and diagnostics on
// small corpora.
func (al *Aligner) similarities(fa, en []*corpus.Document) [][]float64 {
	pc, err := al.newPairing(context.Background(), append(slices.Clone(fa), en...))
	if err != nil {
		return nil
	}
	out := make([][]float64, len(pc.fa))
	for i := range pc.fa {
		out[i] = make([]float64, len(pc.en))
		for j := range pc.en {
			out[i][j] = pc.similarity(pc.fa[i], pc.en[j])
		}
	}
	return out
}

// segmentCacheSize is how many documents' segments alignCandidates keeps:
// a document's candidates are aligned close together, the Persian
// document's in a row, the English document's spread over the run.
const segmentCacheSize = 1024

// segmentCache keeps the segments of the documents aligned last, with
// all their anchors, so that a document in several candidate pairs has
// its anchors found once for all of them.
type segmentCache struct {
	al   *Aligner
	size int
	mu   sync.Mutex
	tick int
	m    map[*corpus.Document]*cachedSegments
}

type cachedSegments struct {
	segs []Segment
	idx  []int
	used int
}

func newSegmentCache(al *Aligner, size int) *segmentCache {
	return &segmentCache{al: al, size: size, m: map[*corpus.Document]*cachedSegments{}}
}

// get returns a document's segments for alignment with a document in
// other (all anchors kept); callers must not change them.
func (c *segmentCache) get(d *corpus.Document, other corpus.Lang) ([]Segment, []int) {
	c.mu.Lock()
	c.tick++
	if e, ok := c.m[d]; ok {
		e.used = c.tick
		c.mu.Unlock()
		return e.segs, e.idx
	}
	c.mu.Unlock()
	segs, idx := c.al.segments(d, other, nil)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.size {
		var oldest *corpus.Document
		for k, e := range c.m {
			if oldest == nil || e.used < c.m[oldest].used {
				oldest = k
			}
		}
		delete(c.m, oldest)
	}
	c.m[d] = &cachedSegments{segs: segs, idx: idx, used: c.tick}
	return segs, idx
}

// align aligns two documents as a pair of a kind, as AlignAs does.
func (c *segmentCache) align(ctx context.Context, a, b *corpus.Document, kind PairKind) ([]Bead, error) {
	sa, ia := c.get(a, b.Lang)
	sb, ib := c.get(b, a.Lang)
	// Anchors only one side has can never match.
	sa, sb = sharedFeatures(sa, sb)
	beads, _, err := alignFit(ctx, sa, sb, c.al.pairOptions(a, b, kind))
	if err != nil {
		return nil, err
	}
	mapBeads(beads, ia, ib)
	return beads, nil
}

// sharedFeatures returns copies of two documents' segments keeping only
// the anchors both have.
func sharedFeatures(sa, sb []Segment) ([]Segment, []Segment) {
	onA, onB := keySet(sa), keySet(sb)
	both := map[string]bool{}
	for k := range onA {
		if onB[k] {
			both[k] = true
		}
	}
	sa, sb = slices.Clone(sa), slices.Clone(sb)
	filterFeatures(sa, both)
	filterFeatures(sb, both)
	return sa, sb
}
