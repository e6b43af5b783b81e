package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a stretch of a text given by byte offsets: text[Start:End].
type Span struct {
	Start, End int
}

// Text returns the stretch of s the span covers.
func (s Span) Text(text string) string { return text[s.Start:s.End] }

// SplitSentences splits a paragraph into its sentences and returns their
// byte spans, in order. A span starts at the sentence's first character
// and ends after its closing punctuation (quotes and brackets that close
// with it included); the spaces between sentences belong to none, so the
// spans cover every character of text but spaces.
//
// A sentence ends at . ! ? ؟ … (or "...") followed by a space, or at the
// end of the text. Every kind of space counts alike, line breaks
// included: a paragraph rebuilt from hard-wrapped lines may still hold
// them, and a line break never ends a sentence on its own. What follows
// the punctuation is checked before splitting:
//
//   - a decimal point (3.5, ۵.۹) or a dot inside an initialism (U.S.,
//     a.m., ج.ا.ا, ق.م) has no space after it;
//   - a dot after a title (Mr., Dr., Prof.), after a single letter (an
//     initial: J. Smith, م. رضایی), or closing an initialism does not
//     end a sentence; a Latin initialism does when a word that usually
//     starts a sentence (The, He, In) follows;
//   - a dot after a word that precedes numbers (No. 5, Fig. 2, Jan. 9)
//     ends a sentence only when no number follows;
//   - a Latin word in lower case, or a comma, colon or closing mark, after
//     the punctuation continues the sentence (4 a.m. local time, "Why?"
//     he asked);
//   - in Persian an ellipsis after a space (و ...) marks an elided list
//     and ends nothing;
//   - a sentence holds at least one letter, so a list number ("1.") or
//     a lone mark stays with what follows;
//   - in Persian a missing space after the punctuation (است.وی) still
//     ends the sentence when words of two letters or more stand on both
//     sides, as they do not in ج.ا.ا; in English, when a lower-case word
//     comes before and a capitalised one after (end.The).
//
// lang selects the language's rules; for LangUnknown both apply. Invalid
// UTF-8 is allowed and never splits a byte sequence.
func SplitSentences(text string, lang Lang) []Span {
	var out []Span
	start := -1     // start of the current sentence, -1 between sentences
	letter := false // whether the current sentence has a letter yet
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if start < 0 {
			if unicode.IsSpace(r) {
				i += w
				continue
			}
			start, letter = i, false
		}
		if !isTerminator(r) {
			letter = letter || unicode.IsLetter(r)
			i += w
			continue
		}
		end := clusterEnd(text, i)
		if letter && sentenceEnds(text, start, i, end, lang) {
			out = append(out, Span{start, end})
			start = -1
		}
		i = end
	}
	if start >= 0 {
		end := len(text)
		for end > start {
			r, w := utf8.DecodeLastRuneInString(text[start:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= w
		}
		out = append(out, Span{start, end})
	}
	return out
}

// isTerminator reports whether r may end a sentence.
func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '؟', '…', '۔', '。', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return false
}

// clusterEnd returns the end of the run of sentence-ending punctuation
// starting at i, with the closing quotes and brackets right after it.
func clusterEnd(text string, i int) int {
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !isTerminator(r) && !strings.ContainsRune(closers, r) {
			break
		}
		i += w
	}
	return i
}

// sentenceEnds decides whether the punctuation text[at:end] ends the
// sentence that began at start.
func sentenceEnds(text string, start, at, end int, lang Lang) bool {
	if end >= len(text) {
		return true
	}
	punct := text[at:end]
	ellipsis := strings.HasPrefix(punct, "…") || strings.HasPrefix(punct, "...")
	dot := punct[0] == '.' && !ellipsis && !strings.ContainsAny(punct, "!?؟")
	before := wordBefore(text, start, at)

	next, _ := utf8.DecodeRuneInString(text[end:])
	if !unicode.IsSpace(next) {
		return missingSpace(text, before, at, end, next, dot, lang)
	}
	// The next word, past spaces and opening marks.
	j := end
	for j < len(text) {
		r, w := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r) {
			break
		}
		j += w
	}
	if j >= len(text) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(text[j:])
	if strings.ContainsRune(",;:،؛)]}»”’›", first) {
		return false
	}
	word := wordAfter(text, j)
	firstLetter, _ := utf8.DecodeRuneInString(word)
	if isLatinLower(firstLetter) {
		return false
	}
	if ellipsis {
		// و ... : an ellipsis standing apart stands for the rest of a list.
		if lang != LangEN && (before == "" || at > 0 && isSpaceBefore(text, at)) {
			return false
		}
		return true
	}
	if !dot {
		return true
	}
	return dotEnds(before, word)
}

// dotEnds decides whether a dot after the word before, followed by a
// space and the word after, ends a sentence.
func dotEnds(before, after string) bool {
	if before == "" {
		return true
	}
	lower := strings.ToLower(before)
	if strings.Contains(before, ".") {
		if !hasLetter(before) {
			return true // a number with a decimal point: 4.3.
		}
		// An initialism: U.S., a.m., ج.ا.ا, Ph.D.
		return isLatin(before) && sentenceStarters[strings.ToLower(after)]
	}
	if titles[lower] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(after)
	if numberWords[lower] && unicode.IsDigit(r) {
		return false
	}
	if utf8.RuneCountInString(before) == 1 {
		b, _ := utf8.DecodeRuneInString(before)
		// An initial; a single digit before a dot is a list number or
		// the end of a sentence.
		if unicode.IsUpper(b) || unicode.Is(unicode.Arabic, b) && unicode.IsLetter(b) {
			return false
		}
	}
	return true
}

// missingSpace decides whether punctuation directly followed by next, with
// no space between, ends a sentence.
func missingSpace(text, before string, at, end int, next rune, dot bool, lang Lang) bool {
	after := wordAfter(text, end)
	if utf8.RuneCountInString(before) < 2 || strings.Contains(before, ".") || utf8.RuneCountInString(after) < 2 {
		return false
	}
	if dot && strings.Contains(after, ".") {
		return false // a domain name or an initialism
	}
	b, _ := utf8.DecodeLastRuneInString(before)
	if lang != LangEN && isArabicScriptLetter(next) && isArabicScriptLetter(b) {
		return true
	}
	if lang != LangFA && unicode.IsUpper(next) && isLatinLower(b) && isLatin(before) {
		second, _ := utf8.DecodeRuneInString(after[utf8.RuneLen(next):])
		return isLatinLower(second)
	}
	return false
}

// maxWord bounds how far the neighbouring words of a full stop are read,
// in bytes, so that a long run of dots costs linear time.
const maxWord = 64

// wordBefore returns the word that ends at byte at (letters, digits and
// the dots inside an initialism), not reaching before start.
func wordBefore(text string, start, at int) string {
	start = max(start, at-maxWord)
	i := at
	for i > start {
		r, w := utf8.DecodeLastRuneInString(text[start:i])
		if !isWordRune(r) && !(r == '.' && i-w > start && i < at && precededByWordRune(text[start:i-w])) {
			break
		}
		i -= w
	}
	return strings.Trim(text[i:at], ".")
}

func precededByWordRune(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isWordRune(r)
}

// wordAfter returns the word starting at byte i, past opening marks:
// letters, digits and the dots between them.
func wordAfter(text string, i int) string {
	for limit := i + maxWord; i < len(text) && i < limit; {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !strings.ContainsRune("\"'«“‘([{‹-—–", r) {
			break
		}
		i += w
	}
	j := i
	for j < len(text) && j-i < maxWord {
		r, w := utf8.DecodeRuneInString(text[j:])
		if !isWordRune(r) {
			if r == '.' && j+w < len(text) {
				if n, _ := utf8.DecodeRuneInString(text[j+w:]); isWordRune(n) {
					j += w
					continue
				}
			}
			break
		}
		j += w
	}
	return text[i:j]
}

func isSpaceBefore(text string, at int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:at])
	return unicode.IsSpace(r)
}

// isWordRune reports whether r is part of a word: a letter, a digit, a
// combining mark or a joiner.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '\u200c' || r == '\u200d'
}

func isLatinLower(r rune) bool {
	return unicode.IsLower(r) && unicode.Is(unicode.Latin, r)
}

func isArabicScriptLetter(r rune) bool {
	return unicode.IsLetter(r) && unicode.Is(unicode.Arabic, r)
}

// isLatin reports whether every letter of s is Latin.
func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// titles are abbreviations that stand before a name and never end a
// sentence.
var titles = setOf(
	"mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "st", "sen",
	"rep", "gov", "gen", "col", "lt", "capt", "cpt", "sgt", "maj", "adm",
	"cmdr", "brig", "rev", "hon", "pres", "amb", "supt", "insp", "fr", "sr",
	"mt", "ft", "vs", "v", "cf", "viz", "approx", "incl", "dept", "univ",
	"assn", "bros", "ave", "blvd", "rd", "est",
)

// numberWords are abbreviations that stand before a number: "No. 5",
// "Fig. 2", "Jan. 9".
var numberWords = setOf(
	"no", "nos", "nr", "vol", "vols", "fig", "figs", "p", "pp", "para",
	"art", "arts", "ch", "chap", "sec", "sect", "ed", "eq", "op", "ca", "c",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
	"nov", "dec", "tel", "ext", "ref", "pt", "ll",
)

// sentenceStarters are words that often start an English sentence and are
// seldom written after an initialism inside one: "… to the U.S. The next
// day …".
var sentenceStarters = setOf(
	"the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this",
	"that", "these", "those", "there", "in", "on", "at", "but", "and",
	"however", "meanwhile", "his", "her", "its", "their", "our", "after",
	"before", "when", "while", "if", "as", "for", "some", "many", "most",
	"officials", "according",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
