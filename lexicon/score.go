package lexicon

import (
	"slices"
	"strings"

	"hamta/corpus"
)

// IDs returns the sorted, distinct lexicon indices of the content words
// of toks (a text of language lang) and of the phrases their neighbours
// form, skipping those the lexicon does not hold. An aligner computes
// them once per segment and passes them to Score for every candidate
// pairing.
func (l *Lexicon) IDs(toks []Token, lang corpus.Lang) []int32 {
	var out []int32
	for _, u := range l.units(toks, lang) {
		if u.id >= 0 && l.hasEntries(u.id, lang) {
			out = append(out, u.id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// hasEntries reports whether a term has at least one entry.
func (l *Lexicon) hasEntries(id int32, lang corpus.Lang) bool {
	if lang == corpus.LangFA {
		return l.faStart[id+1] > l.faStart[id]
	}
	return l.enStart[id+1] > l.enStart[id]
}

// Score measures how well the words of two segments translate each
// other, in [0,1], for an aligner to weigh candidate beads by: each term
// of fa counts with the score of its best translation found in en, each
// term of en likewise, and the sum is divided by the number of terms on
// both sides. fa and en are sorted term indices from IDs (concatenate and
// re-sort them to score several sentences as one). Terms the lexicon
// does not hold carry no evidence either way and are left out by IDs;
// indices out of range are ignored. Score returns 0 when either side has
// no term.
//
// Cost: for each term, a scan of its entries (a few) with a binary
// search in the other side; under a microsecond for two 25-word
// sentences, with no allocation (BenchmarkScore).
func (l *Lexicon) Score(fa, en []int32) float64 {
	if len(fa) == 0 || len(en) == 0 {
		return 0
	}
	var sum float64
	for _, f := range fa {
		if f < 0 || int(f) >= len(l.fa.terms) {
			continue
		}
		best := float32(0)
		for _, e := range l.ent[l.faStart[f]:l.faStart[f+1]] {
			if e.score > best {
				if _, ok := slices.BinarySearch(en, e.en); ok {
					best = e.score
				}
			}
		}
		sum += float64(best)
	}
	for _, e := range en {
		if e < 0 || int(e) >= len(l.en.terms) {
			continue
		}
		best := float32(0)
		for _, i := range l.byEN[l.enStart[e]:l.enStart[e+1]] {
			if x := l.ent[i]; x.score > best {
				if _, ok := slices.BinarySearch(fa, x.fa); ok {
					best = x.score
				}
			}
		}
		sum += float64(best)
	}
	return sum / float64(len(fa)+len(en))
}

// Match is Score for beads of several segments, with the sums behind
// it, per side: fa and en each hold the sorted term indices (from IDs)
// of one or more segments. Each term of a segment counts with the score
// of its best translation found in any segment of the other side;
// faSum and enSum are the sums of those scores over each side's terms,
// faTerms and enTerms the numbers of terms (Score is the ratio of the
// sums to the terms, both sides together, for one segment a side when
// both have terms). A term in two segments of one side counts in each;
// the terms of a side facing no terms count with 0, as evidence that the
// other side does not translate them. It allocates nothing, so an
// aligner can call it for every candidate bead.
func (l *Lexicon) Match(fa, en [][]int32) (faSum float64, faTerms int, enSum float64, enTerms int) {
	sigFA, sigEN := signature(fa), signature(en)
	for _, seg := range fa {
		for _, f := range seg {
			if f < 0 || int(f) >= len(l.fa.terms) {
				continue
			}
			faTerms++
			// Entries come best first: the first found is the best.
			for _, e := range l.ent[l.faStart[f]:l.faStart[f+1]] {
				if sigEN&(1<<(uint32(e.en)&63)) != 0 && inAny(en, e.en) {
					faSum += float64(e.score)
					break
				}
			}
		}
	}
	for _, seg := range en {
		for _, e := range seg {
			if e < 0 || int(e) >= len(l.en.terms) {
				continue
			}
			enTerms++
			for _, i := range l.byEN[l.enStart[e]:l.enStart[e+1]] {
				if x := l.ent[i]; sigFA&(1<<(uint32(x.fa)&63)) != 0 && inAny(fa, x.fa) {
					enSum += float64(x.score)
					break
				}
			}
		}
	}
	return faSum, faTerms, enSum, enTerms
}

// signature is a 64-bit set of the terms of lists, each term the bit of
// its index modulo 64: a term whose bit is not set is in none of them.
func signature(lists [][]int32) uint64 {
	var sig uint64
	for _, s := range lists {
		for _, x := range s {
			sig |= 1 << (uint32(x) & 63)
		}
	}
	return sig
}

// inAny reports whether any of the sorted lists holds x.
func inAny(lists [][]int32, x int32) bool {
	for _, s := range lists {
		if _, ok := slices.BinarySearch(s, x); ok {
			return true
		}
	}
	return false
}

// Termer turns texts into the term indices of one side of a lexicon, as
// IDs(Tokens(text, lang), lang) does, remembering each word's term and
// index and each phrase's index: an aligner gives it every sentence of a
// document, whose words repeat. It is not safe for concurrent use; make
// one for each goroutine.
type Termer struct {
	l       *Lexicon
	lang    corpus.Lang
	words   map[string]wordTerm
	phrases map[[2]string]int32
	toks    []wordTerm
	out     []int32
}

// wordTerm is what Tokens makes of one word, and its term's index (-1
// when the lexicon has no entry for it).
type wordTerm struct {
	term         string
	stop, number bool
	joined       bool // in toks: follows the previous word closely
	id           int32
}

// NewTermer returns a Termer for the side of lang (corpus.LangFA or
// corpus.LangEN).
func (l *Lexicon) NewTermer(lang corpus.Lang) *Termer {
	return &Termer{l: l, lang: lang, words: map[string]wordTerm{}, phrases: map[[2]string]int32{}}
}

// IDs returns the sorted, distinct term indices of text's content words
// and phrases, as Lexicon.IDs gives them for Tokens(text, lang).
func (t *Termer) IDs(text string) []int32 {
	t.toks = t.toks[:0]
	scanWords(text, func(w rawWord) {
		surface := text[w.start:w.end]
		wt, ok := t.words[surface]
		if !ok {
			wt.term, wt.stop, wt.number = termOf(surface, w.arabic, w.number)
			wt.id = -1
			if !wt.stop && !wt.number {
				wt.id = t.entryID(wt.term)
			}
			t.words[strings.Clone(surface)] = wt
		}
		if wt.term == "" {
			return
		}
		wt.joined = w.joined
		t.toks = append(t.toks, wt)
	})
	// As units does: each content word, and each pair of neighbouring
	// content words that are not numbers.
	t.out = t.out[:0]
	prev := -1
	for i, w := range t.toks {
		if w.stop {
			prev = -1
			continue
		}
		if w.id >= 0 {
			t.out = append(t.out, w.id)
		}
		if prev >= 0 && w.joined && !w.number && !t.toks[prev].number {
			key := [2]string{t.toks[prev].term, w.term}
			id, ok := t.phrases[key]
			if !ok {
				id = t.entryID(phraseTerm(key[0], key[1], t.lang == corpus.LangFA))
				t.phrases[key] = id
			}
			if id >= 0 {
				t.out = append(t.out, id)
			}
		}
		prev = i
		if w.number {
			prev = -1
		}
	}
	slices.Sort(t.out)
	return slices.Clone(slices.Compact(t.out))
}

// entryID is a term's index when it has entries, else -1.
func (t *Termer) entryID(term string) int32 {
	id := t.l.vocabOf(t.lang).id(term)
	if id < 0 || !t.l.hasEntries(id, t.lang) {
		return -1
	}
	return id
}
