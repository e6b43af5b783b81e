package index

import (
	"hamta/align"
	"hamta/corpus"
)

// minViaSkeleton is the shortest transliteration skeleton used to find
// names across scripts in a search; shorter ones match too many words.
const minViaSkeleton = 3

// vocabulary maps transliteration skeletons to the indexed terms of each
// language that have them, so a name typed in one script finds the other.
type vocabulary struct {
	bySkeleton map[corpus.Lang]map[string][]string
}

// vocabulary builds, on first use, the skeletons of the index's terms.
func (x *Index) vocabulary() *vocabulary {
	x.vocabOnce.Do(func() {
		v := &vocabulary{bySkeleton: map[corpus.Lang]map[string][]string{}}
		for lang, field := range map[corpus.Lang]string{corpus.LangFA: fieldFA, corpus.LangEN: fieldEN} {
			m := map[string][]string{}
			v.bySkeleton[lang] = m
			dict, err := x.bi.FieldDict(field)
			if err != nil {
				continue
			}
			for {
				e, err := dict.Next()
				if err != nil || e == nil {
					break
				}
				if isStemTerm(e.Term) {
					continue
				}
				if sk := align.Skeleton(e.Term, lang); len(sk) >= minViaSkeleton {
					m[sk] = append(m[sk], e.Term)
				}
			}
			dict.Close()
		}
		x.vocab = v
	})
	return x.vocab
}

// lookup returns the indexed terms of language to that transliterate like
// word, written in language from.
func (v *vocabulary) lookup(word string, from, to corpus.Lang) []string {
	sk := align.Skeleton(word, from)
	if len(sk) < minViaSkeleton {
		return nil
	}
	return v.bySkeleton[to][sk]
}
