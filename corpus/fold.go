package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the matching form of text, used by alignment and search so
// that spellings which readers take as the same compare equal:
//
//   - Persian (۰–۹) and Arabic-Indic (٠–٩) digits become ASCII digits, and
//     the Arabic decimal and thousands separators become '.' and ',';
//   - Arabic yeh and alef maksura become Persian yeh (ی), Arabic kaf becomes
//     keheh (ک), teh marbuta, heh goal, heh doachashmee and ae become heh (ه),
//     and alef with madda or hamza becomes plain alef; hamza on waw or yeh
//     becomes the bare letter;
//   - harakat, other combining marks and tatweel are removed, as are the
//     zero-width non-joiner and other invisible format characters, so that
//     "آتش‌بس" and "آتشبس" fold alike;
//   - Arabic presentation forms and other compatibility characters are
//     replaced by their plain letters (NFKD);
//   - every kind of space becomes ' ', and letters are lower-cased.
//
// Fold never returns invalid UTF-8; invalid input bytes become U+FFFD.
func Fold(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	d := norm.NFKD.String(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if r2, keep := FoldRune(r); keep {
			b.WriteRune(r2)
		}
	}
	out := b.String()
	// Composition matters only for scripts whose letters NFKD splits into
	// parts that are not marks (Hangul); Latin and Arabic marks are gone.
	if !norm.NFC.IsNormalString(out) {
		out = norm.NFC.String(out)
	}
	return out
}

// FoldRune folds one decomposed rune. keep is false for runes that fold to
// nothing (marks, tatweel, invisible format characters).
func FoldRune(r rune) (folded rune, keep bool) {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case 'A' <= r && r <= 'Z':
			return r + ('a' - 'A'), true
		case r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r':
			return ' ', true
		}
		return r, true
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰'), true
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠'), true
	}
	switch r {
	case 'ي', 'ى', 'ې', 'ۍ', 'ێ':
		return 'ی', true
	case 'ك', 'ڪ':
		return 'ک', true
	case 'ة', 'ۀ', 'ە', 'ھ', 'ہ', 'ۃ':
		return 'ه', true
	case 'أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ':
		return 'ا', true
	case 'ؤ':
		return 'و', true
	case 'ئ':
		return 'ی', true
	case 'ء', 'ـ':
		return 0, false
	case '٫':
		return '.', true
	case '٬':
		return ',', true
	case '،':
		return ',', true
	case '؛':
		return ';', true
	case '؟':
		return '?', true
	case '\u200c', '\u200d', '\u200e', '\u200f', '\u200b', '\u2060', '\ufeff',
		'\u00ad', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
		'\u2066', '\u2067', '\u2068', '\u2069':
		return 0, false
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return 0, false
	}
	if unicode.IsSpace(r) {
		return ' ', true
	}
	return unicode.ToLower(r), true
}

// isFoldedASCII reports whether s is ASCII with no upper-case letters, so
// that folding would not change it.
func isFoldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == '\r' || c == '\t' || c == '\n' || c == '\v' || c == '\f' {
			return false
		}
	}
	return true
}
