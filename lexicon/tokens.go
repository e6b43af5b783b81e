package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"

	porterstemmer "github.com/blevesearch/go-porterstemmer"

	"hamta/corpus"
)

// Span is a stretch of a text in runes (code points): the runes from
// Start up to, not including, End. Rune offsets are what hamta's JSON
// output and its screens use.
type Span struct {
	Start, End int
}

// Token is one word of a text.
type Token struct {
	// Start and End are the word's rune offsets in the text.
	Start, End int
	// ByteStart and ByteEnd are its byte offsets: Surface is
	// text[ByteStart:ByteEnd].
	ByteStart, ByteEnd int
	// Surface is the word as written.
	Surface string
	// Term is the word's matching form, as search makes it: Persian
	// words folded and stemmed (corpus.StemFA), so کتاب‌ها is کتاب;
	// Latin words folded, possessive 's dropped and Porter-stemmed, so
	// negotiations is negoti; numbers folded to ASCII digits without
	// thousands separators, so ۱۴٬۸۰۰ and 14,800 are both 14800.
	Term string
	// Stop marks a function word (و, در, the, of).
	Stop bool
	// Number marks a number.
	Number bool
	// Joined is set when the word is written right after the previous
	// one, with nothing but a space, a non-joiner or a hyphen between:
	// the two may form a phrase (آتش بس, Gaza Strip).
	Joined bool
}

// Content reports whether the token is a content word: neither a
// function word nor a number.
func (t Token) Content() bool { return !t.Stop && !t.Number }

// Tokens splits text into words and gives each its term. lang is the
// language of the text; a word in the other script (a Latin name in a
// Persian text) is handled by its own script's rules, so that it can
// match itself across the two languages. In Persian, a plural or
// comparative suffix written after a space (کتاب ها، بزرگ تر) and the
// verbal prefix می written apart (می شود) are joined to their word.
func Tokens(text string, lang corpus.Lang) []Token {
	var out []Token
	scanWords(text, func(w rawWord) {
		t := Token{
			Start: w.runeStart, End: w.runeEnd, ByteStart: w.start, ByteEnd: w.end,
			Surface: text[w.start:w.end], Joined: w.joined,
		}
		t.Term, t.Stop, t.Number = termOf(t.Surface, w.arabic, w.number)
		if t.Term == "" {
			return // a tatweel or a mark alone
		}
		out = append(out, t)
	})
	return out
}

// rawWord is a word found by scanWords, before its term is known.
type rawWord struct {
	start, end         int // bytes
	runeStart, runeEnd int
	arabic             bool // written in Arabic script
	number             bool // digits, with separators between them
	joined             bool // follows the previous word with only a space, ZWNJ or hyphen between
}

// scanWords calls emit for each word of text in order. A word is a run
// of letters, combining marks, digits and non-joiners; an apostrophe
// between letters (Iran's, don't) and a separator between digits (4.3,
// 1,200, ۵٫۹) stay inside it. Persian suffixes and the prefix می written
// apart are joined to their word, as Tokens describes.
func scanWords(text string, emit func(rawWord)) {
	var pending rawWord
	have := false
	// gap describes what stands between the last word and the next:
	// only one space, non-joiner or hyphen keeps them joined.
	gapRunes, gapOK := 0, false
	runeAt := 0
	flush := func() {
		if have {
			emit(pending)
			have = false
		}
	}
	for i := 0; i < len(text); {
		r, w := decodeRune(text, i)
		if !isWordStart(r) {
			switch {
			case r == ' ' || r == '\u200c' || r == '\u00a0' || r == '-' || r == '‐' || r == '\u2009' || r == '\u202f':
				gapOK = gapOK && gapRunes == 0
			default:
				gapOK = false
			}
			gapRunes++
			i += w
			runeAt++
			continue
		}
		// A word starts at i.
		word := rawWord{start: i, runeStart: runeAt, number: isDigit(r), arabic: r >= 0x0600 && unicode.Is(unicode.Arabic, r) && !isDigit(r)}
		word.joined = have && gapOK && gapRunes == 1
		for i < len(text) {
			r, w := decodeRune(text, i)
			switch {
			case isWordRune(r):
				switch {
				case r < utf8.RuneSelf:
					if r > '9' {
						word.number = false
					}
				case 0x0621 <= r && r <= 0x064A:
					word.number, word.arabic = false, true
				case unicode.IsLetter(r):
					word.number = false
					if unicode.Is(unicode.Arabic, r) {
						word.arabic = true
					}
				}
				i += w
				runeAt++
				continue
			case r == '\u200c' || r == '\u200d':
				// A non-joiner inside a word, not at its end.
				if n, _ := utf8.DecodeRuneInString(text[i+w:]); i+w < len(text) && isWordRune(n) {
					i += w
					runeAt++
					continue
				}
			case r == '\'' || r == '’':
				p, _ := utf8.DecodeLastRuneInString(text[word.start:i])
				if n, _ := utf8.DecodeRuneInString(text[i+w:]); i+w < len(text) && unicode.IsLetter(p) && unicode.IsLetter(n) {
					i += w
					runeAt++
					continue
				}
			case r == '.' || r == ',' || r == '٫' || r == '٬' || r == '/':
				p, _ := utf8.DecodeLastRuneInString(text[word.start:i])
				if n, _ := utf8.DecodeRuneInString(text[i+w:]); i+w < len(text) && isDigit(p) && isDigit(n) && r != '/' {
					i += w
					runeAt++
					continue
				}
			}
			break
		}
		word.end, word.runeEnd = i, runeAt
		// Persian pieces written apart that belong to a word.
		if have && word.joined && pending.arabic && word.arabic && mayBeSuffix(text[word.start:word.end]) {
			if s := corpus.Fold(text[word.start:word.end]); faDetachedSuffix[s] {
				pending.end, pending.runeEnd = word.end, word.runeEnd
				gapRunes, gapOK = 0, true
				continue
			}
		}
		if have && pending.arabic && word.arabic && word.joined && mayBePrefix(text[pending.start:pending.end]) &&
			faVerbPrefix[corpus.Fold(text[pending.start:pending.end])] {
			word.start, word.runeStart, word.joined = pending.start, pending.runeStart, pending.joined
			have = false
		}
		flush()
		pending, have = word, true
		gapRunes, gapOK = 0, true
	}
	flush()
}

// maxAffixBytes is the longest, in bytes, that a suffix or prefix written
// apart can be (هایشان with a mark or two), so that longer words need
// not be folded to be checked.
const maxAffixBytes = 16

// decodeRune decodes the rune at byte i of s, ASCII without a call.
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// mayBeSuffix and mayBePrefix report whether a word is short enough to
// be a suffix or prefix written apart and starts with a letter they
// start with, so that most words need not be folded to be checked.
func mayBeSuffix(w string) bool {
	if len(w) > maxAffixBytes {
		return false
	}
	switch r, _ := utf8.DecodeRuneInString(w); r {
	case 'ه', 'ة', 'ۀ', 'ھ', 'ت':
		return true
	}
	return false
}

func mayBePrefix(w string) bool {
	if len(w) > maxAffixBytes {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return r == 'م' || r == 'ن'
}

// isWordStart reports whether r can start a word.
func isWordStart(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case 0x0621 <= r && r <= 0x064A: // Arabic letters and tatweel
		return true
	}
	return unicode.IsLetter(r) || isDigit(r)
}

// isWordRune reports whether r continues a word.
func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case 0x0621 <= r && r <= 0x0669: // Arabic letters, harakat and digits
		return true
	}
	return unicode.IsLetter(r) || isDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isDigit(r rune) bool {
	return ('0' <= r && r <= '9') || ('۰' <= r && r <= '۹') || ('٠' <= r && r <= '٩')
}

// termOf returns the term of a word and whether it is a function word
// or a number.
func termOf(surface string, arabic, number bool) (term string, stop, isNumber bool) {
	if number {
		return corpus.NormalizeNumber(corpus.Fold(surface)), false, true
	}
	if arabic {
		if strings.ContainsAny(surface, " \u00a0-‐\u2009\u202f") {
			// A suffix or prefix written apart: read it as joined.
			surface = strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) || r == '-' || r == '‐' {
					return '\u200c'
				}
				return r
			}, surface)
		}
		folded := corpus.Fold(surface)
		if faStop[folded] {
			return folded, true, false
		}
		if strings.ContainsRune(surface, '\u200c') {
			// A ZWNJ may split off a clitic the folded word hides.
			if stem, _ := corpus.StemFA(surface); stem != "" {
				return stem, faStop[stem], false
			}
		}
		stem, _ := corpus.StemFA(folded)
		if stem == "" {
			stem = folded
		}
		return stem, faStop[stem], false
	}
	folded := corpus.Fold(surface)
	if i := strings.IndexAny(folded, "'’"); i > 0 {
		// Iran's, ministers', don't: the possessive and contractions go.
		folded = folded[:i]
	}
	if enStop[folded] {
		return folded, true, false
	}
	if !isASCIILetters(folded) {
		return folded, false, false
	}
	return porterstemmer.StemString(folded), false, false
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

// phraseTerm returns the term of two neighbouring words read as one
// phrase: in Persian the two run together, so that آتش بس, آتش‌بس and
// آتشبس are one term; in English the two joined with a space (gaza
// strip).
func phraseTerm(a, b string, arabic bool) string {
	if arabic {
		return a + b
	}
	return a + " " + b
}
