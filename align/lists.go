package align

import (
	"cmp"
	"iter"
	"math"
	"slices"
	"sync/atomic"

	"hamta/internal/par"
)

// CandidateLists are what a full, exact candidate search found: the best
// documents of the other language for each document, with the anchor
// weights of the corpus it ran on. A later search on a corpus changed a
// little since searches again only the documents that changed, and those
// whose best the changes may have reached, and proves the rest the same
// (searchAround): it finds exactly the candidates a full search would,
// for a fraction of the work.
type CandidateLists struct {
	// Keep is how many documents each list holds at most.
	Keep int
	// Docs are the documents searched, the Persian ones (the first NFA)
	// then the English ones.
	Docs []ListDoc
	NFA  int
	// Best are the best documents of the other language for each of
	// Docs, by index in Docs, best first (ties by index).
	Best [][]ListEntry
	// Weight is the squared weight of each anchor that weighed anything.
	Weight map[string]float64
	// Searched is set by Pair when it searched the whole corpus (and the
	// lists are that search's), not only around what changed. Again is
	// set, when it searched around the lists, to the number of documents
	// it searched again.
	Searched bool
	Again    int
}

// ListDoc is a document of a search, by ID and content.
type ListDoc struct {
	ID, Hash string
}

// ListEntry is a document in a list and its similarity.
type ListEntry struct {
	Doc   int32
	Score float64
}

// normDrift is how much a document's norm may have fallen (as a share
// of the new norm) for it to be proved by the bound rather than searched
// again: its similarities rise with it, which raises every other
// document's bound.
const normDrift = 0.01

// maxAround is the share of a corpus's documents searched again past
// which a full search costs little more.
const maxAround = 0.25

// snapshot keeps the lists of an exact search.
func (pc *pairing) snapshot(rowBest, colBest [][]ranked, keep int) CandidateLists {
	nFA := len(pc.fa)
	s := CandidateLists{Keep: keep, NFA: nFA, Searched: true, Weight: map[string]float64{}}
	s.Docs = make([]ListDoc, 0, nFA+len(pc.en))
	for _, pd := range append(slices.Clone(pc.fa), pc.en...) {
		s.Docs = append(s.Docs, ListDoc{ID: pd.doc.ID, Hash: pd.doc.Hash})
	}
	s.Best = make([][]ListEntry, len(s.Docs))
	for i, list := range rowBest {
		for _, r := range list {
			s.Best[i] = append(s.Best[i], ListEntry{Doc: int32(nFA) + r.doc, Score: r.score})
		}
	}
	for j, list := range colBest {
		for _, r := range list {
			s.Best[nFA+j] = append(s.Best[nFA+j], ListEntry{Doc: r.doc, Score: r.score})
		}
	}
	for id, w := range pc.idf {
		if w > 0 {
			s.Weight[pc.keys[id]] = w * w
		}
	}
	return s
}

// searchAround finds, from the lists of an earlier exact search, a list
// for each row (Persian document) and column (English document) that
// holds its want best documents, with their exact similarities; nil when
// the lists do not fit the corpus or so much changed that a full search
// is as cheap.
//
// A document is searched again in full when it is new or changed, holds
// an anchor that weighed nothing before, or its norm fell by more than
// normDrift. For any other two documents i and j, whose anchors are
// those they had, the similarity rose by at most a factor of up(i)
// (the largest ratio of new to old squared weight among i's anchors)
// times the ratio of old to new norm of each. A document's list held the
// Keep best of the earlier corpus; a clean document of the other language
// outside it scored at most the last one's score then, and at most that
// times the factor now (with the largest ratio of the other side). When
// the want-th best of the list (rescored) and of the changed documents
// is above that, nothing outside can be among the want best; otherwise
// the document is searched again in full. again counts the documents
// searched again.
func (pc *pairing) searchAround(snap *CandidateLists, post *postings, keep, want int) (rowBest, colBest [][]ranked, exact map[[2]int32]float64, again int) {
	if snap.Keep != keep || len(snap.Docs) == 0 || len(snap.Best) != len(snap.Docs) || !snap.valid() {
		return nil, nil, nil, 0
	}
	// The current index of each document of the lists (on its side), -1
	// when it is gone or changed; and which current documents are clean.
	sides := [2]*aroundSide{newAroundSide(pc.fa), newAroundSide(pc.en)}
	cur := make([]int32, len(snap.Docs))
	for k, d := range snap.Docs {
		side := sides[0]
		if k >= snap.NFA {
			side = sides[1]
		}
		cur[k] = side.find(d, int32(k))
	}
	// How much each anchor's squared weight moved (+Inf for one that
	// weighed nothing before), and each document's old norm over its new.
	rho := make([]float64, len(pc.idf))
	w0 := make([]float64, len(pc.idf))
	for id, w := range pc.idf {
		w0[id] = snap.Weight[pc.keys[id]]
		switch {
		case w0[id] > 0:
			rho[id] = w * w / w0[id]
		case w > 0:
			rho[id] = math.Inf(1)
		}
	}
	for _, side := range sides {
		side.bound(rho, w0)
		again += side.dirty()
	}
	if float64(again) > maxAround*float64(len(pc.fa)+len(pc.en)) {
		return nil, nil, nil, 0
	}

	// Each side's documents against the other side's: Persian documents
	// by row, English ones by column, with the same sums.
	rows := newRowSearch(pc, post)
	full := [2]func(int32) []ranked{rows.row, rows.col}
	similarity := [2]func(self, other int32) float64{
		func(i, j int32) float64 { return pc.similarity(pc.fa[i], pc.en[j]) },
		func(j, i int32) float64 { return pc.similarity(pc.fa[i], pc.en[j]) },
	}
	// A changed document is searched in full; it is among the best
	// changed documents (extra) of those it reaches.
	for s, side := range sides {
		other := sides[1-s]
		for i, clean := range side.clean {
			if clean {
				continue
			}
			for _, r := range full[s](int32(i)) {
				side.best[i] = keepBest(side.best[i], r, keep)
				other.extra[r.doc] = keepBest(other.extra[r.doc], ranked{int32(i), r.score}, keep)
			}
		}
	}
	// proved returns a clean document's list for this corpus: the
	// rescored clean documents of its old list and the best changed ones,
	// or nil when they do not prove its want best.
	proved := func(old []ListEntry, extra []ranked, clean []bool, gamma float64, score func(other int32) float64) []ranked {
		list := slices.Clone(extra)
		for _, e := range old {
			o := cur[e.Doc]
			if o < 0 || !clean[o] {
				continue
			}
			list = append(list, ranked{o, score(o)})
		}
		slices.SortFunc(list, func(a, b ranked) int {
			if a.score != b.score {
				return cmp.Compare(b.score, a.score)
			}
			return cmp.Compare(a.doc, b.doc)
		})
		if len(old) < snap.Keep {
			// The old list held every document that shared an anchor.
			return list
		}
		if len(list) >= want && list[want-1].score > old[len(old)-1].Score*gamma {
			return list
		}
		return nil
	}
	// Clean documents are proved on every core: each worker has its own
	// sums for the documents it must search again.
	for s, side := range sides {
		other := sides[1-s]
		var searched atomic.Int64
		par.Strided(len(side.clean), 128, func(items iter.Seq[int]) {
			rs := newRowSearch(pc, post)
			full := [2]func(int32) []ranked{rs.row, rs.col}[s]
			for i := range items {
				if !side.clean[i] {
					continue
				}
				self := int32(i)
				// A little more than the bound, for the rounding of
				// similarities.
				gamma := side.up[i] * side.ratio[i] * other.maxRatio * (1 + 1e-9)
				list := proved(snap.Best[side.snapAt[i]], side.extra[i], other.clean, gamma, func(o int32) float64 {
					return similarity[s](self, o)
				})
				if list == nil {
					searched.Add(1)
					for _, r := range full(self) {
						list = keepBest(list, r, keep)
					}
				}
				side.best[i] = list
			}
		})
		again += int(searched.Load())
	}
	rowBest, colBest = sides[0].best, sides[1].best
	// Every list holds exact similarities: pick need not compute them
	// again.
	exact = map[[2]int32]float64{}
	for i, list := range rowBest {
		for _, r := range list {
			exact[[2]int32{int32(i), r.doc}] = r.score
		}
	}
	for j, list := range colBest {
		for _, r := range list {
			exact[[2]int32{r.doc, int32(j)}] = r.score
		}
	}
	return rowBest, colBest, exact, again
}

// aroundSide is one language's documents in searchAround.
type aroundSide struct {
	docs []*pairDoc
	at   map[string]int32 // index by ID
	// snapAt is the index in the lists of each clean document; clean
	// marks the documents proved by the bound rather than searched again.
	snapAt []int32
	clean  []bool
	// up is the largest ratio of new to old squared weight among each
	// document's anchors, ratio its old norm over its new, and maxRatio
	// the largest ratio of a clean document.
	up, ratio []float64
	maxRatio  float64
	// best is each document's list for this corpus; extra the best
	// changed documents of the other side for each.
	best, extra [][]ranked
}

func newAroundSide(docs []*pairDoc) *aroundSide {
	n := len(docs)
	side := &aroundSide{docs: docs, at: make(map[string]int32, n), snapAt: filled(n, -1), clean: make([]bool, n),
		up: make([]float64, n), ratio: make([]float64, n), maxRatio: 1, best: make([][]ranked, n), extra: make([][]ranked, n)}
	for i, pd := range docs {
		side.at[pd.doc.ID] = int32(i)
	}
	return side
}

// find marks the document of the lists at k clean when it is here with
// the same contents, and returns its index here (-1 when it is not).
func (side *aroundSide) find(d ListDoc, k int32) int32 {
	i, ok := side.at[d.ID]
	if !ok || side.docs[i].doc.Hash != d.Hash {
		return -1
	}
	side.snapAt[i], side.clean[i] = k, true
	return i
}

// bound finds each document's bound: its anchors' largest rho times its
// old norm over its new one. One whose norm fell much, or that holds an
// anchor new to the weights, is searched again in full, so that the
// other side's bounds need not allow for it.
func (side *aroundSide) bound(rho, w0 []float64) {
	for i, pd := range side.docs {
		up, old := 0.0, 0.0
		for _, id := range pd.bag {
			up = max(up, rho[id])
			old += w0[id]
		}
		ratio := 1.0
		if pd.norm > 0 {
			ratio = math.Sqrt(old) / pd.norm
		}
		side.up[i], side.ratio[i] = up, ratio
		side.clean[i] = side.clean[i] && !math.IsInf(up, 1) && ratio <= 1+normDrift
		if side.clean[i] {
			side.maxRatio = max(side.maxRatio, ratio)
		}
	}
}

// dirty counts the documents searched again in full.
func (side *aroundSide) dirty() int {
	n := 0
	for _, clean := range side.clean {
		if !clean {
			n++
		}
	}
	return n
}

// valid reports whether every list holds documents of the other
// language only.
func (l *CandidateLists) valid() bool {
	if l.NFA < 0 || l.NFA > len(l.Docs) {
		return false
	}
	for k, list := range l.Best {
		for _, e := range list {
			if e.Doc < 0 || int(e.Doc) >= len(l.Docs) || (k < l.NFA) == (int(e.Doc) < l.NFA) {
				return false
			}
		}
	}
	return true
}

func filled(n int, v int32) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// rowSearch scores one document against every document of the other
// language it shares an anchor with, as search does (the same sums in
// the same order, so the same similarities to the last bit).
type rowSearch struct {
	pc      *pairing
	post    *postings
	accFA   []float64
	accEN   []float64
	touched []int32
}

func newRowSearch(pc *pairing, post *postings) *rowSearch {
	post.persian(pc)
	return &rowSearch{pc: pc, post: post, accFA: make([]float64, len(pc.fa)), accEN: make([]float64, len(pc.en))}
}

// row scores Persian document i against the English documents.
func (rs *rowSearch) row(i int32) []ranked {
	a := rs.pc.fa[i]
	return rs.sum(a.bag, rs.post.en, rs.accEN, func(j int32) float64 { return a.norm * rs.pc.en[j].norm })
}

// col scores English document j against the Persian documents.
func (rs *rowSearch) col(j int32) []ranked {
	b := rs.pc.en[j]
	return rs.sum(b.bag, rs.post.fa, rs.accFA, func(i int32) float64 { return rs.pc.fa[i].norm * b.norm })
}

func (rs *rowSearch) sum(bag []int32, postings [][]int32, acc []float64, norm func(int32) float64) []ranked {
	rs.touched = rs.touched[:0]
	for _, id := range bag {
		if !rs.post.rare[id] {
			continue
		}
		w := rs.pc.idf[id] * rs.pc.idf[id]
		for _, o := range postings[id] {
			if acc[o] == 0 {
				rs.touched = append(rs.touched, o)
			}
			acc[o] += w
		}
	}
	out := make([]ranked, len(rs.touched))
	for k, o := range rs.touched {
		s := acc[o]
		if d := norm(o); d > 0 {
			s /= d
		}
		acc[o] = 0
		out[k] = ranked{o, s}
	}
	return out
}
