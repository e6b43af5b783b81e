package align

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"hamta/corpus"
)

//go:embed data/gazetteer.txt data/lexicon.txt
var dataFS embed.FS

// maxPhrase is the longest phrase, in words, of the lexicon.
const maxPhrase = 5

// caseMode says how an English form must be written to match.
type caseMode uint8

const (
	anyCase     caseMode = iota // lexicon words: "ceasefire"
	capitalized                 // names: "May" the month, not "may"
	allCaps                     // acronyms: "US", not "us"
)

// concept is an entry of the lexicon that a form leads to.
type concept struct {
	key  string // feature key: "@IR", "@ceasefire", "#3"
	kind AnchorKind
	mode caseMode
}

// Lexicon maps Persian and English words and phrases to shared concepts:
// countries and regions (from CLDR), a gazetteer of places, organisations,
// titles and dates, and a lexicon of news vocabulary. It is read once and
// never changed.
type Lexicon struct {
	// exact and stem are word tries per language ("e", "f"): the forms as
	// listed and with every word stemmed.
	exact, stem map[string]*trieNode
	size        int // concepts read
	// forms lists each concept's forms as written, per language.
	forms map[string]map[string][]string
}

// trieNode is a node of a trie of phrases, one word an edge.
type trieNode struct {
	next     map[string]*trieNode
	concepts []concept
}

func (n *trieNode) child(word string, create bool) *trieNode {
	c := n.next[word]
	if c == nil && create {
		if n.next == nil {
			n.next = map[string]*trieNode{}
		}
		c = &trieNode{}
		n.next[word] = c
	}
	return c
}

// DefaultLexicon returns the lexicon built into hamta. It is built on first
// use and shared; it is read-only.
func DefaultLexicon() *Lexicon { return defaultLexicon() }

var defaultLexicon = sync.OnceValue(func() *Lexicon {
	lx := newLexicon()
	lx.addRegions()
	for _, f := range []struct {
		name string
		kind AnchorKind
	}{{"data/gazetteer.txt", AnchorEntity}, {"data/lexicon.txt", AnchorWord}} {
		r, err := dataFS.Open(f.name)
		if err != nil {
			panic(err) // embedded above
		}
		if err := lx.read(r, f.kind); err != nil {
			panic(fmt.Sprintf("%s: %v", f.name, err)) // checked by tests
		}
		r.Close()
	}
	return lx
})

func newLexicon() *Lexicon {
	return &Lexicon{
		exact: map[string]*trieNode{"e": {}, "f": {}},
		stem:  map[string]*trieNode{"e": {}, "f": {}},
		forms: map[string]map[string][]string{},
	}
}

// Size is the number of concepts read.
func (lx *Lexicon) Size() int { return lx.size }

// addRegions adds every country's English and Persian names from CLDR.
func (lx *Lexicon) addRegions() {
	en := display.English.Regions()
	fa := display.Regions(language.Persian)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.String() != string([]rune{a, b}) {
				continue
			}
			c := concept{key: "@" + r.String(), kind: AnchorEntity}
			if n := en.Name(r); n != "" {
				lx.addForm("e", n, c)
			}
			if n := fa.Name(r); n != "" {
				lx.addForm("f", n, c)
			}
			lx.size++
		}
	}
}

// read adds the concepts of a data file: lines "ID<TAB>english forms<TAB>
// persian forms", forms separated by " | ". An ID of two capital letters is
// a country (its CLDR names are already in); NUM_n is the number n.
func (lx *Lexicon) read(r io.Reader, kind AnchorKind) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 3 {
			return fmt.Errorf("line %d: %d fields, want 3 separated by tabs", n, len(fields))
		}
		id := strings.TrimSpace(fields[0])
		c := concept{key: "@" + id, kind: kind}
		if isRegionCode(id) {
			c.kind = AnchorEntity
		}
		if v, ok := strings.CutPrefix(id, "NUM_"); ok {
			if _, err := strconv.Atoi(v); err == nil {
				c = concept{key: "#" + v, kind: AnchorNumber}
			}
		}
		for _, f := range strings.Split(fields[1], "|") {
			lx.addForm("e", f, c)
		}
		for _, f := range strings.Split(fields[2], "|") {
			lx.addForm("f", f, c)
		}
		lx.size++
	}
	return sc.Err()
}

func isRegionCode(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

// addForm adds one written form of a concept for a language ("e" or "f").
func (lx *Lexicon) addForm(lang, form string, c concept) {
	toks := tokenize(strings.TrimSpace(form))
	if len(toks) == 0 || len(toks) > maxPhrase {
		return
	}
	if lang == "e" {
		c.mode = formCase(form)
	}
	if lx.forms[c.key] == nil {
		lx.forms[c.key] = map[string][]string{}
	}
	lx.forms[c.key][lang] = append(lx.forms[c.key][lang], strings.TrimSpace(form))
	ne, ns := lx.exact[lang], lx.stem[lang]
	for _, t := range toks {
		ne = ne.child(t.text, true)
		ns = ns.child(stemWord(lang, t.text), true)
	}
	ne.concepts = appendConcept(ne.concepts, c)
	ns.concepts = appendConcept(ns.concepts, c)
}

func appendConcept(list []concept, c concept) []concept {
	for _, x := range list {
		if x.key == c.key {
			return list
		}
	}
	return append(list, c)
}

// formCase decides how an English form must be written in a text to match:
// acronyms in capitals, names capitalised, other words in any case.
func formCase(form string) caseMode {
	form = strings.TrimSpace(form)
	letters, upper := 0, 0
	for _, r := range form {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	first, _ := utf8.DecodeRuneInString(form)
	switch {
	case letters > 1 && upper == letters && !strings.Contains(form, " "):
		return allCaps
	case unicode.IsUpper(first):
		return capitalized
	}
	return anyCase
}

// stemWord stems a folded word of language lang ("e" or "f").
func stemWord(lang, w string) string {
	if lang == "e" {
		return englishStem(w)
	}
	return persianStem(w)
}

// matchAt finds the longest phrase of the lexicon starting at toks[i] in a
// text of language lang ("e" or "f") and returns its concepts as features
// and its length in tokens (0 when nothing matches). stems holds the stem
// of every token. A word matches a listed word as written or stemmed, or
// stemmed against a listed word stemmed.
func (lx *Lexicon) matchAt(toks []token, stems []string, i int, lang string) ([]Feature, int) {
	bestLen := 0
	var best []concept
	consider := func(n *trieNode, l int) {
		if l <= bestLen || len(n.concepts) == 0 {
			return
		}
		var fits []concept
		for _, c := range n.concepts {
			if lang != "e" || caseFits(c.mode, toks[i].raw) {
				fits = append(fits, c)
			}
		}
		if len(fits) > 0 {
			bestLen, best = l, fits
		}
	}
	var walk func(n *trieNode, k int)
	walk = func(n *trieNode, k int) {
		consider(n, k-i)
		if k >= len(toks) || k-i >= maxPhrase || toks[k].num && k > i {
			return
		}
		if c := n.child(toks[k].text, false); c != nil {
			walk(c, k+1)
		}
		if stems[k] != toks[k].text {
			if c := n.child(stems[k], false); c != nil {
				walk(c, k+1)
			}
		}
	}
	walk(lx.exact[lang], i)
	n := lx.stem[lang]
	for k := i; k < len(toks) && k-i < maxPhrase && n != nil; k++ {
		// A function word matches only as written: "است" (is) is not the
		// stem of استان (province).
		if toks[k].num && k > i || stopword(lang, toks[k].text) {
			break
		}
		if n = n.child(stems[k], false); n != nil {
			consider(n, k-i+1)
		}
	}
	if bestLen == 0 {
		return nil, 0
	}
	text := spanText(toks[i : i+bestLen])
	out := make([]Feature, len(best))
	for x, c := range best {
		out[x] = Feature{Key: c.key, Kind: c.kind, Text: text}
	}
	return out, bestLen
}

// stopword reports whether a folded word is a function word of language
// lang ("e" or "f").
func stopword(lang, w string) bool {
	if lang == "e" {
		return englishStopwords[w]
	}
	return persianStopwords[w]
}

func caseFits(mode caseMode, raw string) bool {
	switch mode {
	case allCaps:
		for _, r := range raw {
			if unicode.IsLetter(r) && !unicode.IsUpper(r) {
				return false
			}
		}
	case capitalized:
		r, _ := utf8.DecodeRuneInString(raw)
		return unicode.IsUpper(r)
	}
	return true
}

// englishStem strips regular English inflection from a folded word so that
// "ceasefires", "ceasefire's" and "ceasefire" meet.
func englishStem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	w = strings.TrimSuffix(w, "'")
	switch n := len(w); {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ied"):
		return w[:n-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "xes")):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	case n > 5 && strings.HasSuffix(w, "ing"):
		return w[:n-3]
	case n > 4 && strings.HasSuffix(w, "ed"):
		return w[:n-2]
	}
	return w
}

// persianSuffixes are inflections stripped from Persian words, longest
// first: plurals, the indefinite and adjectival yeh, possessive clitics.
var persianSuffixes = []string{"هایشان", "هایی", "هایش", "های", "ها", "یان", "ایی", "یی", "ای", "ان", "ات", "ی"}

// persianStem strips one regular suffix from a folded Persian word, keeping
// at least three letters, so "کشورهای" and "کشور", "ایرانی" and "ایران"
// meet.
func persianStem(w string) string {
	for _, s := range persianSuffixes {
		if rest, ok := strings.CutSuffix(w, s); ok && utf8.RuneCountInString(rest) >= 3 {
			return rest
		}
	}
	return w
}

// Translate finds the lexicon's words and phrases in text written in lang
// and returns the forms the other language has for them, as listed: for
// "Gaza Strip" the Persian "نوار غزه". It is how a query in one language
// finds paragraphs in the other.
func (lx *Lexicon) Translate(text string, lang corpus.Lang) []string {
	from, to := "e", "f"
	if lang.ArabicScript() {
		from, to = "f", "e"
	}
	toks := tokenize(text)
	stems := make([]string, len(toks))
	for i, t := range toks {
		stems[i] = stemWord(from, t.text)
	}
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(toks); {
		fs, n := lx.matchAt(toks, stems, i, from)
		if n == 0 {
			i++
			continue
		}
		for _, f := range fs {
			for _, form := range lx.forms[f.Key][to] {
				if !seen[form] {
					seen[form] = true
					out = append(out, form)
				}
			}
		}
		i += n
	}
	return out
}
