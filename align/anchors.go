package align

import (
	"slices"
	"strconv"
	"strings"

	"hamta/corpus"
)

// Anchorer finds the anchors of a paragraph for alignment with a paragraph
// in another language. Between Persian and English it uses the lexicon,
// transliteration skeletons, numbers and dates; between two languages of
// one script, numbers and cognates.
type Anchorer struct {
	lex *Lexicon
}

// NewAnchorer returns an Anchorer using lex (DefaultLexicon when nil).
func NewAnchorer(lex *Lexicon) *Anchorer {
	if lex == nil {
		lex = DefaultLexicon()
	}
	return &Anchorer{lex: lex}
}

// Features returns the anchors of text, written in lang, for alignment with
// text written in other.
func (x *Anchorer) Features(text string, lang, other corpus.Lang) []Feature {
	return x.FeaturesKeep(text, lang, other, nil)
}

// FeaturesKeep is Features keeping only the anchors whose key keep accepts
// (all when keep is nil): anchors the other side cannot have need not be
// kept.
func (x *Anchorer) FeaturesKeep(text string, lang, other corpus.Lang, keep func(key string) bool) []Feature {
	fs := x.features(text, lang, other)
	if keep == nil {
		return fs
	}
	n := 0
	for _, f := range fs {
		if keep(f.Key) {
			fs[n] = f
			n++
		}
	}
	return slices.Clone(fs[:n])
}

func (x *Anchorer) features(text string, lang, other corpus.Lang) []Feature {
	if lang == other || lang == corpus.LangUnknown || other == corpus.LangUnknown {
		return GenericFeatures(text)
	}
	toks := tokenize(text)
	code := "e"
	if lang.ArabicScript() {
		code = "f"
	}
	var out []Feature
	covered := make([]bool, len(toks))
	out = append(out, x.lexiconFeatures(toks, code, covered)...)
	out = append(out, numberFeatures(toks)...)
	out = append(out, dateFeatures(toks)...)
	out = append(out, nameFeatures(toks, code, covered)...)
	out = append(out, punctFeatures(text)...)
	return out
}

// lexiconFeatures matches the lexicon and marks the tokens it covers.
func (x *Anchorer) lexiconFeatures(toks []token, code string, covered []bool) []Feature {
	var out []Feature
	stems := make([]string, len(toks))
	for i, t := range toks {
		stems[i] = stemWord(code, t.text)
	}
	for i := 0; i < len(toks); {
		fs, n := x.lex.matchAt(toks, stems, i, code)
		if n == 0 {
			i++
			continue
		}
		for k := i; k < i+n; k++ {
			covered[k] = true
		}
		out = append(out, fs...)
		i += n
	}
	return out
}

// multipliers are the words that scale a number before them.
var multipliers = map[string]string{
	"thousand": "000", "million": "000000", "billion": "000000000",
	"هزار": "000", "میلیون": "000000", "میلیارد": "000000000",
}

// numberFeatures returns the numbers of a text, and for "14 thousand" also
// 14000.
func numberFeatures(toks []token) []Feature {
	var out []Feature
	for i, t := range toks {
		if !t.num {
			continue
		}
		out = append(out, Feature{Key: "#" + t.text, Kind: AnchorNumber, Text: t.raw})
		if i+1 < len(toks) && !strings.Contains(t.text, ".") {
			if zeros, ok := multipliers[englishStem(toks[i+1].text)]; ok {
				out = append(out, Feature{Key: "#" + t.text + zeros, Kind: AnchorNumber, Text: spanText(toks[i : i+2])})
			}
		}
	}
	return out
}

func punctFeatures(text string) []Feature {
	var out []Feature
	for _, r := range text {
		switch r {
		case '?', '؟':
			out = append(out, Feature{Key: "p?", Kind: AnchorPunct, Text: string(r)})
		case '!':
			out = append(out, Feature{Key: "p!", Kind: AnchorPunct, Text: "!"})
		}
	}
	return out
}

// nameFeatures returns transliteration skeletons: of every Persian word and
// pair of words, and of every capitalised English word, hyphenated name and
// run of two capitalised words. Words the lexicon already matched are left
// out, so one name is not counted twice.
func nameFeatures(toks []token, code string, covered []bool) []Feature {
	var out []Feature
	add := func(skel, text string, minLen int) {
		if len(skel) >= minLen {
			out = append(out, Feature{Key: "~" + skel, Kind: AnchorName, Text: text})
		}
	}
	if code == "f" {
		for i, t := range toks {
			if t.num || t.latin || persianStopwords[t.text] {
				continue
			}
			if !covered[i] {
				add(persianSkeleton(t.text), t.raw, minSkeleton)
			}
			// A word pair is tried even when the lexicon knows one of the
			// words: امیر alone is a title, امیر عبداللهیان a name.
			if i+1 < len(toks) && !toks[i+1].num && !toks[i+1].latin && !persianStopwords[toks[i+1].text] {
				add(persianSkeleton(t.text+toks[i+1].text), spanText(toks[i:i+2]), minJoinedSkeleton)
			}
		}
		return out
	}
	// English: names are capitalised; a name may continue after a hyphen
	// (Amir-Abdollahian) or through a particle (al-Hayya, bin Salman).
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.num || !t.latin || englishStopwords[t.text] {
			continue
		}
		particle := nameParticles[t.text] && i+1 < len(toks) && toks[i+1].upper
		if !t.upper && !particle {
			continue
		}
		text := t.text
		allCovered := covered[i]
		j := i + 1
		for j < len(toks) && !toks[j].num && toks[j].latin &&
			(toks[j].joined && toks[j].upper || nameParticles[toks[j-1].text] && toks[j].upper ||
				nameParticles[toks[j].text] && toks[j].joined && j+1 < len(toks) && toks[j+1].upper) {
			text += toks[j].text
			allCovered = allCovered && covered[j]
			j++
		}
		// A word the lexicon knows is left to it, but a compound that
		// holds one (Amir-Abdollahian) is still a name.
		if !allCovered {
			add(latinSkeleton(text), spanText(toks[i:j]), minSkeleton)
		}
		// Two capitalised words read as one: Amir Abdullahian.
		if j < len(toks) && toks[j].upper && toks[j].latin && t.upper && !englishStopwords[toks[j].text] &&
			!(allCovered && covered[j]) {
			add(latinSkeleton(text+toks[j].text), spanText(toks[i:j+1]), minJoinedSkeleton)
		}
		i = j - 1
	}
	return out
}

// Month names: English, Persian spellings of the Gregorian months, and the
// Iranian solar months.
var (
	englishMonths = map[string]int{
		"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
		"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
		"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
		"sept": 9, "oct": 10, "nov": 11, "dec": 12,
	}
	persianGregorianMonths = map[string]int{
		"ژانویه": 1, "فوریه": 2, "مارس": 3, "اوریل": 4, "مه": 5,
		"ژوین": 6, "ژون": 6, "ژوییه": 7, "جولای": 7, "اوت": 8, "اگوست": 8, "سپتامبر": 9,
		"اکتبر": 10, "نوامبر": 11, "دسامبر": 12,
	}
	solarMonths = map[string]int{
		"فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
		"مهر": 7, "ابان": 8, "اذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
	}
)

// dateFeatures returns "day month" dates as Gregorian month and day, so
// that ۱۸ مهر, ۹ اکتبر, October 9 and 9 October can meet. A solar date gives
// the two Gregorian days it falls on, depending on the year.
func dateFeatures(toks []token) []Feature {
	var out []Feature
	add := func(month, day int, text string) {
		out = append(out, Feature{Key: "d:" + strconv.Itoa(month) + "-" + strconv.Itoa(day), Kind: AnchorNumber, Text: text})
	}
	for i, t := range toks {
		if t.num {
			continue
		}
		day := func(k int) (int, bool) {
			if k < 0 || k >= len(toks) || !toks[k].num {
				return 0, false
			}
			d, err := strconv.Atoi(toks[k].text)
			return d, err == nil && d >= 1 && d <= 31
		}
		if m, ok := englishMonths[t.text]; ok && t.upper {
			if d, ok := day(i + 1); ok {
				add(m, d, spanText(toks[i:i+2]))
			} else if d, ok := day(i - 1); ok {
				add(m, d, spanText(toks[i-1:i+1]))
			}
			continue
		}
		d, ok := day(i - 1)
		if !ok {
			continue
		}
		text := spanText(toks[i-1 : i+1])
		if m, ok := persianGregorianMonths[t.text]; ok {
			add(m, d, text)
		} else if m, ok := solarMonths[t.text]; ok {
			for _, g := range solarToGregorian(m, d) {
				add(g[0], g[1], text)
			}
		}
	}
	return out
}

// solarToGregorian returns the Gregorian month and day of a solar Hijri
// date: Farvardin 1 falls on March 21 in most years and March 20 in some,
// so both candidates are returned.
func solarToGregorian(month, day int) [][2]int {
	doy := day - 1 // days since Farvardin 1
	if month <= 6 {
		doy += (month - 1) * 31
	} else {
		doy += 6*31 + (month-7)*30
	}
	var out [][2]int
	for _, start := range []int{79, 78} { // day of year (0-based) of March 21 and March 20
		out = append(out, dayOfYear(start+doy))
	}
	return out
}

// dayOfYear turns a 0-based day of a common year, wrapping into the next,
// into month and day.
func dayOfYear(d int) [2]int {
	lengths := [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	d %= 365
	for m, n := range lengths {
		if d < n {
			return [2]int{m + 1, d + 1}
		}
		d -= n
	}
	return [2]int{12, 31}
}
