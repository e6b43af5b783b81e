package lexicon

import (
	"cmp"
	"fmt"
	"slices"
	"sort"

	"hamta/corpus"
)

// Lexicon is a learned bilingual lexicon: pairs of Persian and English
// terms (words or two-word phrases, in Token.Term form) that translate
// each other, each with how often and how surely. It is read-only once
// built and safe for concurrent use.
type Lexicon struct {
	fa, en vocab
	// ent holds the entries sorted by Persian term, then best first.
	ent []entry
	// faStart[i]:faStart[i+1] are the entries of Persian term i.
	faStart []int32
	// byEN holds entry indices sorted by English term, then best first;
	// enStart[i]:enStart[i+1] index it for English term i.
	byEN    []int32
	enStart []int32
}

// vocab holds one language's terms in sorted order, each with its
// readable form.
type vocab struct {
	terms    []string
	surfaces []string
}

// id returns the index of term, or -1.
func (v *vocab) id(term string) int32 {
	i, ok := slices.BinarySearch(v.terms, term)
	if !ok {
		return -1
	}
	return int32(i)
}

type entry struct {
	fa, en int32
	count  int32
	score  float32
}

// Entry is one pair of the lexicon.
type Entry struct {
	// FA and EN are the readable forms of the two terms: the surface
	// each was most often written in.
	FA, EN string
	// FATerm and ENTerm are the terms themselves, as Tokens makes them;
	// a phrase's Persian term is its words run together (آتشبس), its
	// English term its words joined by a space (gaza strip).
	FATerm, ENTerm string
	// Count is the number of aligned segments in which the two were
	// linked to each other.
	Count int
	// Score in [0,1] is how surely the two translate each other: the
	// geometric mean of the two translation probabilities, P(en|fa) and
	// P(fa|en), learned by IBM Model 1.
	Score float64
}

// Len returns the number of entries.
func (l *Lexicon) Len() int { return len(l.ent) }

// Terms returns the number of Persian and English terms.
func (l *Lexicon) Terms() (fa, en int) { return len(l.fa.terms), len(l.en.terms) }

func (l *Lexicon) entry(i int32) Entry {
	e := l.ent[i]
	return Entry{
		FA: l.fa.surfaces[e.fa], EN: l.en.surfaces[e.en],
		FATerm: l.fa.terms[e.fa], ENTerm: l.en.terms[e.en],
		Count: int(e.count), Score: float64(e.score),
	}
}

// better orders entries best first: by score, then count.
func better(a, b entry) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	return cmp.Compare(b.count, a.count)
}

// Entries returns the whole lexicon, best first (by score, then count),
// for use as a glossary.
func (l *Lexicon) Entries() []Entry {
	idx := make([]int32, len(l.ent))
	for i := range idx {
		idx[i] = int32(i)
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := l.ent[idx[i]], l.ent[idx[j]]
		if c := better(a, b); c != 0 {
			return c < 0
		}
		if a.fa != b.fa {
			return l.fa.terms[a.fa] < l.fa.terms[b.fa]
		}
		return l.en.terms[a.en] < l.en.terms[b.en]
	})
	out := make([]Entry, len(idx))
	for i, j := range idx {
		out[i] = l.entry(j)
	}
	return out
}

// Translations returns the translations of a word or two-word phrase of
// language lang, written in any of its forms (کتاب‌ها finds what کتاب
// has), best first. Function words and numbers are skipped, so "the
// Gaza Strip" is looked up as "Gaza Strip". It returns nil when the
// lexicon has no entry for it.
func (l *Lexicon) Translations(word string, lang corpus.Lang) []Entry {
	id := l.lookup(word, lang)
	if id < 0 {
		return nil
	}
	var out []Entry
	if lang == corpus.LangFA {
		for i := l.faStart[id]; i < l.faStart[id+1]; i++ {
			out = append(out, l.entry(i))
		}
		return out
	}
	for _, i := range l.byEN[l.enStart[id]:l.enStart[id+1]] {
		out = append(out, l.entry(i))
	}
	return out
}

// lookup returns the term index of a word or phrase, or -1.
func (l *Lexicon) lookup(word string, lang corpus.Lang) int32 {
	var content []Token
	for _, t := range Tokens(word, lang) {
		if t.Content() {
			content = append(content, t)
		}
	}
	v := l.vocabOf(lang)
	switch len(content) {
	case 1:
		return v.id(content[0].Term)
	case 2:
		return v.id(phraseTerm(content[0].Term, content[1].Term, lang == corpus.LangFA))
	}
	return -1
}

func (l *Lexicon) vocabOf(lang corpus.Lang) *vocab {
	if lang == corpus.LangFA {
		return &l.fa
	}
	return &l.en
}

// TermID returns the index of a term (in Token.Term form) of language
// lang, or -1 when the lexicon does not hold it. Indices are stable for
// one Lexicon value, not across learning runs.
func (l *Lexicon) TermID(term string, lang corpus.Lang) int32 {
	return l.vocabOf(lang).id(term)
}

// Prob returns how surely Persian term fa and English term en (indices
// from TermID or IDs) translate each other: the entry's score, or 0
// when they are not an entry. It costs a scan of fa's few entries.
func (l *Lexicon) Prob(fa, en int32) float64 {
	if fa < 0 || en < 0 || int(fa) >= len(l.fa.terms) {
		return 0
	}
	for i := l.faStart[fa]; i < l.faStart[fa+1]; i++ {
		if l.ent[i].en == en {
			return float64(l.ent[i].score)
		}
	}
	return 0
}

// String describes the lexicon's size.
func (l *Lexicon) String() string {
	return fmt.Sprintf("lexicon: %d entries, %d Persian and %d English terms", len(l.ent), len(l.fa.terms), len(l.en.terms))
}
