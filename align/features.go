package align

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"hamta/corpus"
)

// cognateLen is how many leading letters two words must share to count as
// cognates (Simard, Foster & Isabelle 1992).
const cognateLen = 4

// token is a word or number of a text, in folded form, with its place in
// the original.
type token struct {
	text string // folded
	raw  string // as written
	// src is the text the token was found in, start and end its byte
	// offsets there, so that phrases are slices of it.
	src        string
	start, end int
	num        bool // all digits (with separators removed)
	upper      bool // starts with an upper-case letter in the original
	latin      bool
	// joined is true when the token follows the previous one with only a
	// hyphen between (Al-Aqsa, Amir-Abdollahian).
	joined bool
}

// tokenize splits text into words and numbers. Numbers keep their decimal
// point; thousands separators are dropped.
func tokenize(text string) []token {
	out := make([]token, 0, len(text)/6+1)
	// runeAt decodes the rune at byte i, or 0 past the end.
	runeAt := func(i int) (rune, int) {
		if i >= len(text) {
			return 0, 0
		}
		if c := text[i]; c < utf8.RuneSelf {
			return rune(c), 1
		}
		return utf8.DecodeRuneInString(text[i:])
	}
	for i := 0; i < len(text); {
		r, size := runeAt(i)
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		digits := isDigit(r)
		for i < len(text) {
			c, cs := runeAt(i)
			if isWordRune(c) && isDigit(c) == digits {
				i += cs
				continue
			}
			next, _ := runeAt(i + cs)
			// A separator inside a number: 14,800 or 3.5 or ۳٫۵.
			if digits && isDigit(next) && strings.ContainsRune(",.٫٬'", c) {
				i += cs
				continue
			}
			// An apostrophe or ZWNJ inside a word.
			if !digits && isWordRune(next) && !isDigit(next) && strings.ContainsRune("'’\u200c", c) {
				i += cs
				continue
			}
			break
		}
		raw := text[start:i]
		t := token{raw: raw, num: digits, src: text, start: start, end: i}
		if digits {
			t.text = corpus.NormalizeNumber(corpus.Fold(raw))
		} else {
			t.text = corpus.Fold(raw)
			t.upper = unicode.IsUpper(r)
			t.latin = r < 0x80 || unicode.Is(unicode.Latin, r)
		}
		if prev, ps := utf8.DecodeLastRuneInString(text[:start]); (prev == '-' || prev == '‐') && len(out) > 0 {
			if before, _ := utf8.DecodeLastRuneInString(text[:start-ps]); isWordRune(before) {
				t.joined = true
			}
		}
		out = append(out, t)
	}
	return out
}

func isWordRune(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r >= 0x0621 && r <= 0x064A, r >= 0x0660 && r <= 0x0669, r >= 0x06F0 && r <= 0x06F9:
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isDigit(r rune) bool {
	if r < 0x80 {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

// GenericFeatures finds the anchors any two languages share: numbers,
// cognates (words of at least four letters sharing their first four) and
// question and exclamation marks. It is what the core uses when no
// language layer applies.
func GenericFeatures(text string) []Feature {
	var out []Feature
	for _, t := range tokenize(text) {
		switch {
		case t.num:
			out = append(out, Feature{Key: "#" + t.text, Kind: AnchorNumber, Text: t.raw})
		case t.latin && len([]rune(t.text)) >= cognateLen:
			out = append(out, Feature{Key: "=" + string([]rune(t.text)[:cognateLen]), Kind: AnchorCognate, Text: t.raw})
		}
	}
	for _, r := range text {
		switch r {
		case '?', '؟':
			out = append(out, Feature{Key: "p?", Kind: AnchorPunct, Text: "?"})
		case '!':
			out = append(out, Feature{Key: "p!", Kind: AnchorPunct, Text: "!"})
		}
	}
	return out
}

// spanText is the original text of consecutive tokens, from the first's
// start to the last's end, without copying.
func spanText(toks []token) string {
	return toks[0].src[toks[0].start:toks[len(toks)-1].end]
}

// FeaturesVersion identifies how DocFeatures are computed; stored ones of
// another version are computed again.
const FeaturesVersion = "1"

// DocFeatures are what pairing needs of one document, computed once per
// content and kept (by Hash) so that pairing a corpus again, or after an
// edit, does not find every document's anchors again: the anchors of each
// paragraph that takes part in alignment, found for alignment with the
// other language (English for a Persian document, Persian for an English
// one), questions and exclamations left out.
type DocFeatures struct {
	Hash string      `json:"hash"`
	Lang corpus.Lang `json:"lang"`
	// Keys are the document's distinct anchor keys, sorted.
	Keys []string `json:"keys"`
	// Paras are the paragraphs that take part in alignment, in order.
	Paras []ParaFeatures `json:"paras"`
}

// ParaFeatures are one paragraph's share of DocFeatures.
type ParaFeatures struct {
	Index int `json:"i"` // paragraph index in the document
	Len   int `json:"n"` // length in runes
	// Keys are the paragraph's anchors, as sorted positions in the
	// document's Keys.
	Keys []int32 `json:"k"`
}

// pairedLang is the language a document's anchors are found for when it
// is paired: the other of Persian and English.
func pairedLang(l corpus.Lang) corpus.Lang {
	if l == corpus.LangFA {
		return corpus.LangEN
	}
	return corpus.LangFA
}

// DocFeatures finds the anchors of a Persian or English document for
// pairing (see DocFeatures); other documents have none.
func (al *Aligner) DocFeatures(d *corpus.Document) *DocFeatures {
	df := &DocFeatures{Hash: d.Hash, Lang: d.Lang}
	if d.Lang != corpus.LangFA && d.Lang != corpus.LangEN {
		return df
	}
	other := pairedLang(d.Lang)
	var paraKeys [][]string
	set := map[string]bool{}
	for _, p := range d.Paragraphs {
		if !p.Aligned() {
			continue
		}
		var keys []string
		for _, f := range al.Anchorer.Features(p.Text, p.Lang, other) {
			if f.Kind != AnchorPunct {
				keys = append(keys, f.Key)
				set[f.Key] = true
			}
		}
		df.Paras = append(df.Paras, ParaFeatures{Index: p.Index, Len: utf8.RuneCountInString(p.Text)})
		paraKeys = append(paraKeys, keys)
	}
	df.Keys = make([]string, 0, len(set))
	for k := range set {
		df.Keys = append(df.Keys, k)
	}
	slices.Sort(df.Keys)
	pos := make(map[string]int32, len(df.Keys))
	for i, k := range df.Keys {
		pos[k] = int32(i)
	}
	for i, keys := range paraKeys {
		ks := make([]int32, 0, len(keys))
		for _, k := range keys {
			ks = append(ks, pos[k])
		}
		slices.Sort(ks)
		df.Paras[i].Keys = slices.Compact(ks)
	}
	return df
}
