package align

import (
	"strings"

	"hamta/corpus"
)

// Transliteration skeletons let a Persian name match its English spelling
// without any list of names: both are reduced to their consonants, grouped
// into classes that transliteration keeps apart (ق, غ, گ, ک and q, gh, g, k
// are one class; س, ص, ث and s another), vowels and the letters that may
// stand for vowels (ا و ی ع; a e i o u y w v) dropped, doubled consonants
// collapsed and a final silent h dropped. So هنیه and Haniyeh are both
// "hn", امیرعبداللهیان and Amir-Abdollahian both "mrbdlhn", عراقچی and
// Araghchi both "rkc".

// Shortest skeletons that anchor: a single word needs two consonants
// (هنیه, Haniyeh: "hn"); two words read as one (امیر عبداللهیان as
// Amirabdollahian) need four, as joining words makes chance matches likelier.
const (
	minSkeleton       = 2
	minJoinedSkeleton = 4
)

// persianClass maps a folded Persian letter to its consonant class; letters
// that are vowels or may be are absent.
var persianClass = map[rune]byte{
	'ب': 'b', 'پ': 'p', 'ت': 't', 'ط': 't', 'ث': 's', 'س': 's', 'ص': 's',
	'ج': 'j', 'چ': 'c', 'ح': 'h', 'ه': 'h', 'خ': 'x', 'د': 'd', 'ذ': 'z',
	'ز': 'z', 'ض': 'z', 'ظ': 'z', 'ژ': 'Z', 'ر': 'r', 'ش': 'S', 'غ': 'k',
	'ق': 'k', 'ک': 'k', 'گ': 'k', 'ف': 'f', 'ل': 'l', 'م': 'm', 'ن': 'n',
}

// persianSkeleton returns the skeleton of a folded Persian word, or "" if
// it holds a letter that is not Persian.
func persianSkeleton(w string) string {
	rs := []rune(w)
	// A final heh after a letter is usually a silent vowel sign (هنیه,
	// نخاله).
	if n := len(rs); n > 1 && rs[n-1] == 'ه' {
		rs = rs[:n-1]
	}
	var sb strings.Builder
	var last byte
	for _, r := range rs {
		c, ok := persianClass[r]
		if !ok {
			switch r {
			case 'ا', 'و', 'ی', 'ع':
				continue
			}
			return ""
		}
		if c != last {
			sb.WriteByte(c)
			last = c
		}
	}
	return sb.String()
}

// latinSkeleton returns the skeleton of a folded (lower-case, unaccented)
// Latin word, or "" if it holds other characters.
func latinSkeleton(w string) string {
	var sb strings.Builder
	var last byte
	emit := func(c byte) {
		if c != last {
			sb.WriteByte(c)
			last = c
		}
	}
	n := len(w)
	for i := 0; i < n; i++ {
		ch := w[i]
		var next byte
		if i+1 < n {
			next = w[i+1]
		}
		switch ch {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'v', '\'':
			continue
		case 'k':
			if next == 'h' {
				emit('x')
				i++
				continue
			}
			emit('k')
		case 'g':
			if next == 'h' {
				i++
			}
			emit('k')
		case 'c':
			switch next {
			case 'h':
				emit('c')
				i++
			case 'k':
				emit('k')
				i++
			case 'e', 'i', 'y':
				emit('s')
			default:
				emit('k')
			}
		case 's':
			if next == 'h' {
				emit('S')
				i++
				continue
			}
			emit('s')
		case 'z':
			if next == 'h' {
				emit('Z')
				i++
				continue
			}
			emit('z')
		case 'p':
			if next == 'h' {
				emit('f')
				i++
				continue
			}
			emit('p')
		case 't':
			if next == 'h' {
				i++
			}
			emit('t')
		case 'd':
			if next == 'h' {
				emit('z')
				i++
				continue
			}
			emit('d')
		case 'q':
			emit('k')
		case 'x':
			emit('k')
			emit('s')
		case 'h':
			// A final h after a vowel is a silent vowel sign (Haniyeh).
			if i == n-1 && i > 0 && strings.IndexByte("aeiouy", w[i-1]) >= 0 {
				continue
			}
			emit('h')
		case 'b', 'f', 'j', 'l', 'm', 'n', 'r':
			emit(ch)
		default:
			return ""
		}
	}
	return sb.String()
}

// nameParticles may stand between the parts of a name (Khalil al-Hayya,
// Ali ibn Abi Talib) and are joined with them.
var nameParticles = map[string]bool{
	"al": true, "el": true, "ul": true, "ol": true, "ad": true, "ed": true, "as": true, "ash": true,
	"ar": true, "az": true, "bin": true, "ibn": true, "bint": true, "abu": true, "abi": true, "abd": true,
}

// Skeleton returns the transliteration skeleton of a word written in lang
// (Persian or English), "" when it has none: how a search in one script
// finds names written in the other.
func Skeleton(word string, lang corpus.Lang) string {
	f := corpus.Fold(word)
	if lang.ArabicScript() {
		return persianSkeleton(f)
	}
	return latinSkeleton(f)
}
