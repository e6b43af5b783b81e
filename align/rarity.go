package align

import (
	"hamta/corpus"
)

// The share of a corpus's other documents that hold an anchor is
// estimated with a Beta(rarityAlpha, rarityBeta) prior: most anchors are
// rare (a share of about a tenth), and a small corpus has to show an
// anchor in many of its documents before it is called common.
const (
	rarityAlpha = 0.4
	rarityBeta  = 3.6
)

// Rarity is how many documents of each language of a corpus hold each
// anchor. An anchor that every article on a topic shares (the names of the
// parties to a conflict, the country the corpus is about) is no evidence
// that two paragraphs report the same fact; one found in few documents is.
type Rarity struct {
	docs map[corpus.Lang]int
	df   map[corpus.Lang]map[string]int
}

// NewRarity counts the anchors of the Persian and English documents of a
// corpus; documents in other languages are left out.
func (al *Aligner) NewRarity(docs []*corpus.Document) *Rarity {
	r := newRarity()
	for _, d := range docs {
		if d.Lang == corpus.LangFA || d.Lang == corpus.LangEN {
			r.addKeys(d.Lang, al.docFeatures(d).Keys)
		}
	}
	return r
}

func newRarity() *Rarity {
	return &Rarity{docs: map[corpus.Lang]int{}, df: map[corpus.Lang]map[string]int{}}
}

// addKeys counts one document's anchors, given once each.
func (r *Rarity) addKeys(lang corpus.Lang, keys []string) {
	r.docs[lang]++
	if r.df[lang] == nil {
		r.df[lang] = map[string]int{}
	}
	for _, k := range keys {
		r.df[lang][k]++
	}
}

// Weight is the evidence an anchor may give, from 1 down towards 0 (held
// by every document of a language): one minus the estimated share of the
// other documents of a language that hold it, the lower of the two
// languages'. A language with a single document says nothing.
func (r *Rarity) Weight(key string) float64 {
	w := 1.0
	for lang, n := range r.docs {
		if n < 2 {
			continue
		}
		others := float64(max(0, r.df[lang][key]-1))
		w = min(w, 1-(others+rarityAlpha)/(float64(n-1)+rarityAlpha+rarityBeta))
	}
	return w
}
