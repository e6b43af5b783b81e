package corpus

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Persian text extracted from PDF comes out in two broken forms besides
// the usual missing ZWNJ: lines in visual order, reversed letter by letter
// (what a reader sees from left to right, rather than what a writer
// typed), and letters stored as Arabic presentation forms (the shaped
// glyphs: initial, medial, final and isolated forms, lam-alef ligatures).
// Both are repaired here, on the text before its paragraphs are rebuilt,
// and the document gets a warning.

// PersianText is what CheckPersian finds in a text.
type PersianText struct {
	// Words counts the Persian words of two letters or more that tell
	// directions apart; Forward and Reversed count those found in the word
	// list as they stand and read backwards.
	Words, Forward, Reversed int
	// Presentation counts letters stored as Arabic presentation forms, of
	// Letters Arabic-script letters in all.
	Presentation, Letters int
}

// IsReversed reports whether the text reads as Persian in visual order:
// clearly more of its words are known read backwards than as they stand.
func (p PersianText) IsReversed() bool {
	return p.Reversed >= minReversedWords && p.Reversed >= 3*p.Forward+1
}

// HasPresentationForms reports whether a real share of the text's letters
// are presentation forms (a lone ligature such as ﷲ is left alone).
func (p PersianText) HasPresentationForms() bool {
	return p.Presentation >= 5 && p.Presentation*5 >= p.Letters
}

// minReversedWords is the least number of words known only backwards for
// a text to count as reversed: fewer say too little.
const minReversedWords = 3

// lexicon is the set of folded Persian words from persianWords, less
// those whose reversal is also a word.
type lexicon map[string]bool

func newLexicon() lexicon {
	lx := lexicon{}
	for _, w := range strings.Fields(persianWords) {
		for _, part := range splitZWNJ(w) {
			if f := Fold(part); utf8.RuneCountInString(f) >= 2 {
				lx[f] = true
			}
		}
	}
	for w := range lx {
		if r := reverseString(w); r != w && lx[r] {
			delete(lx, w)
			delete(lx, r)
		}
	}
	return lx
}

func splitZWNJ(s string) []string { return strings.Split(s, "\u200c") }

// persianLexicon is built once, on first use, and never changed.
var persianLexicon = sync.OnceValue(newLexicon)

// CheckPersian counts the evidence for visual order and presentation forms
// in text.
func CheckPersian(text string) PersianText {
	return checkPersian(text, persianLexicon())
}

func checkPersian(text string, lx lexicon) PersianText {
	p, shaped := countWords(text, lx)
	if shaped {
		// Count the words again as the letters they show.
		q, _ := countWords(expandPresentation(text), lx)
		q.Presentation, q.Letters = p.Presentation, p.Letters
		p = q
	}
	return p
}

// countWords counts the letters, presentation forms and known words of
// text in one pass; shaped says whether presentation forms are a real
// share of the letters, so that the words must be counted again as
// letters.
func countWords(text string, lx lexicon) (p PersianText, shaped bool) {
	// Words are looked up folded, forwards and backwards, in buffers
	// reused from word to word.
	var word []rune
	var fwd, rev []byte
	var first, last rune
	runes := 0
	check := func() {
		if len(word) >= 2 {
			fwd, rev = fwd[:0], rev[:0]
			palindrome := true
			for i, r := range word {
				fwd = utf8.AppendRune(fwd, r)
				rev = utf8.AppendRune(rev, word[len(word)-1-i])
				palindrome = palindrome && r == word[len(word)-1-i]
			}
			if !palindrome {
				p.Words++
				if lx[string(fwd)] {
					p.Forward++
				}
				if lx[string(rev)] {
					p.Reversed++
				}
				// Alef with madda begins words; read backwards it
				// ends them.
				if first == 'آ' {
					p.Forward++
				}
				if last == 'آ' {
					p.Reversed++
				}
			}
		}
		word, runes = word[:0], 0
	}
	for _, r := range text {
		if r < 0x0600 {
			if runes > 0 {
				check()
			}
			continue
		}
		switch {
		case isArabicLetter(r):
			p.Letters++
		case r >= 0x064B && r <= 0x065F || r == 0x0670: // harakat: inside words
		case isPresentationForm(r):
			p.Presentation++
			p.Letters++
			fallthrough
		default:
			if runes > 0 {
				check()
			}
			continue
		}
		if runes == 0 {
			first = r
		}
		last = r
		runes++
		if f, keep := FoldRune(r); keep && f != 0 {
			word = append(word, f)
		}
	}
	check()
	return p, p.HasPresentationForms()
}

// repairPersian finds Persian stored as presentation forms or in visual
// order in a document's text, repairs it, and says so in the document's
// warnings. Text in logical order is returned unchanged.
func repairPersian(doc *Document, text string) string {
	out, warnings := RepairPersian(text)
	doc.Warnings = append(doc.Warnings, warnings...)
	return out
}

// RepairPersian returns text with Persian presentation forms replaced by
// plain letters and lines in visual order put back in logical order, with
// a warning for each repair made. A line is reversed when the whole text
// reads backwards and the line does not itself read forwards, or when the
// line alone clearly reads backwards.
func RepairPersian(text string) (string, []string) {
	lx := persianLexicon()
	all := checkPersian(text, lx)
	shaped := all.HasPresentationForms()
	if !shaped && all.Reversed < minReversedWords {
		// No line can read backwards on its own.
		return text, nil
	}
	var warnings []string
	lines := strings.Split(text, "\n")
	reversed := 0
	for i, l := range lines {
		line := checkPersian(l, lx)
		if line.Letters == 0 {
			continue
		}
		flip := line.IsReversed() ||
			all.IsReversed() && line.Reversed >= line.Forward && rtlLine(l)
		if flip {
			l = VisualToLogical(l)
			reversed++
		}
		if shaped {
			l = expandPresentation(l)
		}
		lines[i] = l
	}
	if shaped {
		warnings = append(warnings, fmt.Sprintf("Persian stored as presentation forms (%d of %d letters): replaced by plain letters", all.Presentation, all.Letters))
	}
	if reversed > 0 {
		warnings = append(warnings, fmt.Sprintf("Persian in visual order (reversed letter by letter) on %d lines: put back in reading order", reversed))
	}
	if !shaped && reversed == 0 {
		return text, nil
	}
	return strings.Join(lines, "\n"), warnings
}

// rtlLine reports whether a line's letters are mostly Arabic-script, so
// that it is laid out right to left.
func rtlLine(s string) bool {
	var c ScriptCounts
	c.Add(s)
	return c.Arabic > 0 && c.Arabic >= c.Latin
}

// VisualToLogical turns one right-to-left line stored in visual order
// (left to right as displayed) back into logical order: the line is read
// from its right end, except that runs displayed left to right (Latin
// words, numbers) keep their order, and mirrored characters such as
// brackets and guillemets are mirrored back.
func VisualToLogical(line string) string {
	rs := []rune(line)
	var units [][]rune
	for i := 0; i < len(rs); {
		j := ltrRunEnd(rs, i)
		if j > i {
			units = append(units, rs[i:j])
			i = j
			continue
		}
		units = append(units, []rune{mirror(rs[i])})
		i++
	}
	out := make([]rune, 0, len(rs))
	for k := len(units) - 1; k >= 0; k-- {
		out = append(out, units[k]...)
	}
	return string(out)
}

// ltrRunEnd returns the end of the run displayed left to right that starts
// at rs[i], or i when none starts there. A run starting with a Latin
// letter takes in the spaces and punctuation between it and later Latin
// letters or digits; a run starting with a digit is a number: digits, the
// separators between them, a percent sign, and Latin letters touching it.
func ltrRunEnd(rs []rune, i int) int {
	switch {
	case isLatinLetter(rs[i]):
		end := i + 1
		for j := i + 1; j < len(rs); j++ {
			r := rs[j]
			if isLatinLetter(r) || isDigit(r) {
				end = j + 1
				continue
			}
			if isArabicLetter(r) || isPresentationForm(r) {
				break
			}
		}
		return end
	case isDigit(rs[i]) || isPercent(rs[i]) && i+1 < len(rs) && isDigit(rs[i+1]):
		j := i + 1
		for j < len(rs) {
			r := rs[j]
			switch {
			case isDigit(r), isLatinLetter(r), isPercent(r):
				j++
			case isNumberSeparator(r) && j+1 < len(rs) && isDigit(rs[j+1]):
				j += 2
			default:
				return j
			}
		}
		return j
	}
	return i
}

func isDigit(r rune) bool {
	return r >= '0' && r <= '9' || r >= '٠' && r <= '٩' || r >= '۰' && r <= '۹'
}

func isPercent(r rune) bool { return r == '%' || r == '٪' || r == '‰' }

func isNumberSeparator(r rune) bool {
	return r == '.' || r == ',' || r == '٫' || r == '٬' || r == ':' || r == '/'
}

func isLatinLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) && unicode.Is(unicode.Latin, r)
}

// isArabicLetter reports whether r is a letter of the Arabic block or its
// supplement.
func isArabicLetter(r rune) bool {
	switch {
	case r < 0x0620:
		return false
	case r <= 0x064A, r >= 0x066E && r <= 0x066F, r >= 0x0671 && r <= 0x06D3, r == 0x06D5,
		r >= 0x06EE && r <= 0x06EF, r >= 0x06FA && r <= 0x06FC, r == 0x06FF, r >= 0x0750 && r <= 0x077F:
		return true
	}
	return false
}

// isPresentationForm reports whether r is in the Arabic Presentation
// Forms-A or -B blocks.
func isPresentationForm(r rune) bool {
	return r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFC
}

// mirrors pairs characters with the glyphs that mirror them.
var mirrors = map[rune]rune{
	'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹',
}

func mirror(r rune) rune {
	if m, ok := mirrors[r]; ok {
		return m
	}
	return r
}

// expandPresentation replaces Arabic presentation forms with the letters
// they show (a lam-alef ligature with lam and alef), dropping the
// zero-width no-break spaces that shaping leaves where a ligature took two
// letters' places.
func expandPresentation(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r == '\uFEFF' {
			continue
		}
		if isPresentationForm(r) {
			b.WriteString(norm.NFKC.String(string(r)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func reverseString(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}
