package corpus

import (
	"strings"
	"unicode"
)

// Languages written in Arabic script besides Persian. hamta pairs only
// Persian with English; documents in these are listed, indexed and
// searched, never paired.
const (
	LangAR Lang = "ar" // Arabic
	LangUR Lang = "ur" // Urdu
	// LangArabicScript is text in Arabic script in a language hamta does
	// not tell apart (Pashto, Kurdish, Sindhi, Uyghur…): BCP 47's
	// undetermined language in Arabic script.
	LangArabicScript Lang = "und-Arab"
)

// ArabicScript reports whether the language is written in Arabic script.
func (l Lang) ArabicScript() bool {
	switch l {
	case LangFA, LangAR, LangUR, LangArabicScript:
		return true
	}
	return false
}

// RTL reports whether the language is written right to left.
func (l Lang) RTL() bool { return l.ArabicScript() }

// ScriptCounts counts the letters of a text by script and, for Arabic
// script, the signs that tell its languages apart.
type ScriptCounts struct {
	Arabic int // Arabic-script letters
	Latin  int // Latin letters
	Other  int // letters of any other script

	// Letters Persian has and Arabic lacks (پ چ ژ گ), letters of Arabic
	// spelling Persian hardly uses (ة ى إ), letters of Urdu (ٹ ڈ ڑ ں ے)
	// and of other languages in Arabic script (Pashto ټ ډ ړ ښ ږ ځ څ ۍ ې,
	// Kurdish ڕ ڵ ێ ۆ ە, Sindhi, Uyghur).
	persian, arabic, urdu, otherArabic int
	// Arabic-script words; those of four letters or more starting with
	// the Arabic article ال; and the function words of Persian, Arabic
	// and Urdu among them.
	words, article, faWords, arWords, urWords int
}

// Add counts the letters and words of s.
func (c *ScriptCounts) Add(s string) {
	start, letters := -1, 0 // the Arabic-script word being read
	flush := func(end int) {
		if start >= 0 {
			c.addWord(s[start:end], letters)
			start, letters = -1, 0
		}
	}
	for i, r := range s {
		switch {
		case r < 0x80:
			flush(i)
			if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
				c.Latin++
			}
		case r >= 0x0621 && r <= 0x064A || r >= 0x0671 && r <= 0x06D3:
			// The letters of the Arabic block, without a table lookup.
			c.Arabic++
			c.countLetter(r)
			if start < 0 {
				start = i
			}
			letters++
		case r >= 0x064B && r <= 0x065F || r == 0x0670 || r == 0x0640:
			// Harakat, superscript alef and tatweel stay inside a word.
		case r == 0x200C:
			// A zero-width non-joiner ends a word part, as a space does.
			flush(i)
		case !unicode.IsLetter(r):
			flush(i)
		case unicode.Is(unicode.Arabic, r):
			c.Arabic++
			c.countLetter(r)
			if start < 0 {
				start = i
			}
			letters++
		case unicode.Is(unicode.Latin, r):
			flush(i)
			c.Latin++
		default:
			flush(i)
			c.Other++
		}
	}
	flush(len(s))
}

func (c *ScriptCounts) countLetter(r rune) {
	switch r {
	case 'پ', 'چ', 'ژ', 'گ':
		c.persian++
	case 'ة', 'ى', 'إ':
		c.arabic++
	case 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے':
		c.urdu++
	case 'ټ', 'ډ', 'ړ', 'ښ', 'ږ', 'ځ', 'څ', 'ۍ', 'ې', 'ګ', 'ڼ', // Pashto
		'ڕ', 'ڵ', 'ێ', 'ۆ', 'ە', // Kurdish (Sorani)
		'ڄ', 'ڃ', 'ڇ', 'ڊ', 'ڌ', 'ڍ', 'ڏ', 'ڦ', 'ڻ', // Sindhi
		'ۋ', 'ۈ', 'ۇ': // Uyghur
		c.otherArabic++
	}
}

// Function words, each frequent in its language and rare in the others.
// Persian ones are matched with Arabic yeh and kaf read as Persian, as
// text extracted from PDF often has them.
var (
	persianFunctionWords = wordSet("از به که این را با است برای آن می شد شده کرد یک تا بر هم نیز خود وی اما بود باید شود گفت های ها نمی کند دارد داد")
	arabicWords          = wordSet("في إلى على عن أن إن التي الذي الذين هذا هذه ذلك تلك قد كان كانت حيث كما لم لن ثم منذ حتى أو إذا لدى يكون وقد وفي ولا هو هي")
	urduWords            = wordSet("کے کی کا میں ہے ہیں نے کو سے اور پر بھی یہ وہ")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// persianYehKaf reads Arabic yeh and kaf as Persian, for matching Persian
// words.
var persianYehKaf = strings.NewReplacer("ي", "ی", "ك", "ک")

func (c *ScriptCounts) addWord(w string, letters int) {
	c.words++
	if letters >= 4 && strings.HasPrefix(w, "ال") {
		c.article++
	}
	if letters > 5 {
		return // every function word is shorter
	}
	if arabicWords[w] {
		c.arWords++
	}
	if urduWords[w] {
		c.urWords++
	}
	if strings.ContainsAny(w, "يك") {
		w = persianYehKaf.Replace(w)
	}
	if persianFunctionWords[w] {
		c.faWords++
	}
}

// Merge adds the counts of o.
func (c *ScriptCounts) Merge(o ScriptCounts) {
	c.Arabic += o.Arabic
	c.Latin += o.Latin
	c.Other += o.Other
	c.persian += o.persian
	c.arabic += o.arabic
	c.urdu += o.urdu
	c.otherArabic += o.otherArabic
	c.words += o.words
	c.article += o.article
	c.faWords += o.faWords
	c.arWords += o.arWords
	c.urWords += o.urWords
}

// Lang returns the language most of the letters belong to: English for
// Latin letters; for Arabic script, Urdu or another language when their
// own letters say so, Arabic when its spelling, its article and its
// function words outweigh Persian's letters and function words, and
// Persian otherwise; unknown when there are no letters of either script.
func (c ScriptCounts) Lang() Lang {
	l, _ := c.lang()
	return l
}

// lang returns the language and whether the text says it clearly: a
// short text in Arabic script with no sign of any language is Persian,
// but not clearly.
func (c ScriptCounts) lang() (Lang, bool) {
	switch {
	case c.Arabic == 0 && c.Latin == 0:
		return LangUnknown, false
	case c.Arabic < c.Latin:
		return LangEN, true
	}
	// Letters of their own are the strongest sign of Urdu and of the
	// other languages: a few, and at least one letter in a hundred.
	if c.urdu+c.urWords >= 3 && float64(c.urdu) >= 0.01*float64(c.Arabic) && c.urdu >= c.otherArabic {
		return LangUR, true
	}
	if c.otherArabic >= 3 && float64(c.otherArabic) >= 0.01*float64(c.Arabic) {
		return LangArabicScript, true
	}
	fa := 2*c.faWords + 2*c.persian
	ar := 2*c.arWords + c.article + (c.arabic+1)/2
	switch {
	case ar >= 4 && 2*ar > 3*fa:
		return LangAR, true
	case fa >= 4 && fa > ar:
		return LangFA, true
	}
	return LangFA, false
}

// DetectLang returns the language of s by its letters and words; short
// text in Arabic script with no sign of another language is Persian.
func DetectLang(s string) Lang {
	var c ScriptCounts
	c.Add(s)
	return c.Lang()
}

// labelLangs sets the language of a document and of each of its
// paragraphs. The document's is that of its body text (all its text when
// it has no body). A paragraph keeps its own when its letters tell it
// clearly, and otherwise takes the document's when both are in the same
// script, so that a short heading of an Arabic article is Arabic while a
// Persian quotation in it is Persian. Langs lists every language holding
// at least minShare of the letters, the main one first.
func labelLangs(doc *Document, minShare float64) {
	counts := make([]ScriptCounts, len(doc.Paragraphs))
	var all, body ScriptCounts
	for i, p := range doc.Paragraphs {
		counts[i].Add(p.Text)
		all.Merge(counts[i])
		if p.Kind != Furniture {
			body.Merge(counts[i])
		}
	}
	useAll := body.Arabic+body.Latin == 0
	if useAll {
		body = all
	}
	doc.Lang = body.Lang()
	letters := map[Lang]int{}
	total := 0
	for i := range doc.Paragraphs {
		l, clear := counts[i].lang()
		switch {
		case l == LangUnknown:
			l = doc.Lang
		case !clear && l.ArabicScript() && doc.Lang.ArabicScript():
			l = doc.Lang
		}
		doc.Paragraphs[i].Lang = l
		if useAll || doc.Paragraphs[i].Kind != Furniture {
			n := counts[i].Arabic + counts[i].Latin
			letters[l] += n
			total += n
		}
	}
	doc.Langs = nil
	if doc.Lang == LangUnknown {
		return
	}
	doc.Langs = []Lang{doc.Lang}
	for _, l := range []Lang{LangFA, LangEN, LangAR, LangUR, LangArabicScript} {
		if l != doc.Lang && total > 0 && float64(letters[l]) >= minShare*float64(total) {
			doc.Langs = append(doc.Langs, l)
		}
	}
}
