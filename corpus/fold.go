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
	switch {
	case isFolded(s):
		return s
	case simpleRunes(s):
		// No rune here decomposes: fold rune by rune.
		var b strings.Builder
		b.Grow(len(s))
		for _, r := range s {
			if r2, keep := FoldRune(r); keep {
				b.WriteRune(r2)
			}
		}
		return b.String()
	}
	return foldSlow(s)
}

// simpleRunes reports whether every rune of s is one that compatibility
// decomposition leaves alone (ASCII, the Arabic block but for a few
// letters, common quotes, dashes and invisible format characters), so
// folding needs no normalisation. Invalid UTF-8 is not simple.
func simpleRunes(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
		case r >= 0x0600 && r <= 0x06FF:
			if r >= 0x0675 && r <= 0x0678 || r == 0x06C2 || r == 0x06D3 {
				return false
			}
		case r >= 0x200B && r <= 0x200F, r >= 0x2012 && r <= 0x2015, r >= 0x2018 && r <= 0x201F,
			r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0xFEFF, r == 0x00AB, r == 0x00BB:
		default:
			return false
		}
	}
	return true
}

// foldSlow folds s rune by rune after compatibility decomposition.
func foldSlow(s string) string {
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
	if r >= 0x0621 && r <= 0x06FF && (r < 0x064B || r > 0x065F) && r != 0x0670 && (r < 0x06D6 || r > 0x06ED) {
		// Arabic-block letters, digits and signs not handled above stay.
		return r, true
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return 0, false
	}
	if unicode.IsSpace(r) {
		return ' ', true
	}
	return unicode.ToLower(r), true
}

// isFolded reports whether folding would leave s unchanged because every
// rune of it is stable: ASCII other than capitals and control spaces, or a
// letter of the Arabic block that neither folds nor decomposes. It lets
// Fold return most words without work.
func isFolded(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if ('A' <= r && r <= 'Z') || r == '\r' || r == '\t' || r == '\n' || r == '\v' || r == '\f' {
				return false
			}
			continue
		}
		if r < 0x0621 || r > 0x06D3 || (r >= 0x0622 && r <= 0x0626) || (r >= 0x064B && r <= 0x0678) || r >= 0x06C0 && r != 0x06CC {
			return false
		}
		if f, keep := FoldRune(r); !keep || f != r {
			return false
		}
	}
	return true
}

// NormalizeNumber gives a folded number its matching form: thousands
// separators and leading zeros removed, so "14,800", "۱۴٬۸۰۰" (folded) and
// "14800" meet, as do "1.000.000" and "1000000". A single dot is a
// decimal point and stays.
func NormalizeNumber(s string) string {
	if strings.ContainsAny(s, ",'") {
		s = strings.NewReplacer(",", "", "'", "").Replace(s)
	}
	if parts := strings.Split(s, "."); len(parts) > 2 {
		thousands := true
		for _, p := range parts[1:] {
			if len(p) != 3 {
				thousands = false
			}
		}
		if thousands {
			s = strings.Join(parts, "")
		}
	}
	s = strings.TrimLeft(s, "0")
	if s == "" || s[0] == '.' {
		s = "0" + s
	}
	return s
}
