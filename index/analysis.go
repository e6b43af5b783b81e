package index

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	porterstemmer "github.com/blevesearch/go-porterstemmer"

	"github.com/blevesearch/bleve/v2/analysis"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	// The analysis parts the analyzers below are built from, and the
	// "custom" analyzer type, register themselves when imported.
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"

	"hamta/corpus"
)

// Names of hamta's analysis parts, as stored in the index mapping.
const (
	faTermsFilter = "hamta_fa_terms"
	enStemFilter  = "hamta_en_stem"
	enJoinFilter  = "hamta_en_join"
	foldFilter    = "hamta_fold"
	joinFilter    = "hamta_join_fa"
	analyzerFA    = "hamta_fa"
	analyzerEN    = "hamta_en"
	// analyzerFAQuery analyzes Persian query words: as analyzerFA, but
	// without joining neighbours, which the query builder does itself.
	analyzerFAQuery = "hamta_fa_query"
)

// stemMark starts the stem terms that sit beside an inflected word's exact
// term, at the same position (کتابها and ~کتاب; negotiations and
// ~negoti). A word that is its own stem has no stem term. A query for a
// word matches its exact term first (boosted), then the stem terms and
// the bare stem, so every inflection is found and the form asked for
// ranks first. The tokenizer never leaves a ~ in a term.
const stemMark = "~"

// isStemTerm reports whether an indexed term is a stem term.
func isStemTerm(t string) bool { return strings.HasPrefix(t, stemMark) }

// maxJoinPart is the longest word, in runes, that is joined with its
// neighbour into a compound term: the parts of compounds written with a
// space (آتش بس, رئیس جمهور) are short.
const maxJoinPart = 6

// The analyzers keep every token's byte offsets into the original text,
// so highlights land exactly on the words: no character filter changes
// the text's length; folding and stemming change only the terms.
//
// Bleve resolves analyzers by name from a process-wide registry filled at
// init time; that is the one registration hamta makes.
func init() {
	must(registry.RegisterTokenFilter(faTermsFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return faTerms{}, nil
	}))
	must(registry.RegisterTokenFilter(enStemFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return enStems{}, nil
	}))
	must(registry.RegisterTokenFilter(enJoinFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return hyphenJoin{}, nil
	}))
	must(registry.RegisterTokenFilter(foldFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{}, nil
	}))
	must(registry.RegisterTokenFilter(joinFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return joinTokens{}, nil
	}))
	must(registry.RegisterAnalyzer(analyzerFA, func(_ map[string]interface{}, c *registry.Cache) (analysis.Analyzer, error) {
		return buildAnalyzer(c, faTermsFilter, joinFilter)
	}))
	must(registry.RegisterAnalyzer(analyzerFAQuery, func(_ map[string]interface{}, c *registry.Cache) (analysis.Analyzer, error) {
		return buildAnalyzer(c, faTermsFilter)
	}))
	must(registry.RegisterAnalyzer(analyzerEN, func(_ map[string]interface{}, c *registry.Cache) (analysis.Analyzer, error) {
		return buildAnalyzer(c, "possessive_en", foldFilter, enJoinFilter, "stop_en", enStemFilter)
	}))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func buildAnalyzer(c *registry.Cache, filters ...string) (analysis.Analyzer, error) {
	tok, err := c.TokenizerNamed(unitok.Name)
	if err != nil {
		return nil, err
	}
	a := &analysis.DefaultAnalyzer{Tokenizer: tok}
	for _, name := range filters {
		f, err := c.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		a.TokenFilters = append(a.TokenFilters, f)
	}
	return a, nil
}

// foldTokens folds each term with corpus.Fold (ZWNJ, letter forms, digits,
// harakat, case), and numbers further with corpus.NormalizeNumber. Tokens
// that fold to nothing are dropped.
type foldTokens struct{}

func (foldTokens) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		f := foldTerm(string(t.Term))
		if f == "" {
			continue
		}
		t.Term = []byte(f)
		out = append(out, t)
	}
	return out
}

func isNumber(s string) bool {
	digits := false
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9':
			digits = true
		case r == ',' || r == '.' || r == '\'':
		default:
			return false
		}
	}
	return digits
}

// faTerms turns each Persian token into its terms, all at the token's
// position and offsets: the exact term (folded, numbers normalised), the
// same with hamza on yeh read as alef when the word has one (هیئت is
// also هیات), and, for an inflected word, its stems (~کتاب for کتابهای).
// Tokens that fold to nothing are dropped.
type faTerms struct{}

func (faTerms) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(in)*2)
	for _, t := range in {
		raw := string(t.Term)
		exact := foldTerm(raw)
		if exact == "" {
			continue
		}
		add := func(term string) {
			nt := *t
			nt.Term = []byte(term)
			out = append(out, &nt)
		}
		add(exact)
		if isNumber(exact) {
			continue
		}
		if strings.ContainsRune(raw, 'ئ') {
			if v := corpus.Fold(strings.ReplaceAll(raw, "ئ", "ا")); v != exact && v != "" {
				add(v)
			}
		}
		stem, alt := corpus.StemFA(raw)
		if stem != exact && stem != "" {
			add(stemMark + stem)
		}
		if alt != "" && alt != exact {
			add(stemMark + alt)
		}
	}
	return out
}

// enStems adds beside each English term its Porter stem, as a stem term
// at the same position, when the two differ.
type enStems struct{}

func (enStems) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(in)*2)
	for _, t := range in {
		out = append(out, t)
		if isNumber(string(t.Term)) {
			continue
		}
		stem := string(porterstemmer.StemWithoutLowerCasing(bytes.Runes(t.Term)))
		if stem == string(t.Term) {
			continue
		}
		st := *t
		st.Term = []byte(stemMark + stem)
		out = append(out, &st)
	}
	return out
}

// hyphenJoin adds, for two words of letters joined by one character (a
// hyphen in the text: Amir-Abdollahian, al-Hayya), the term of the two
// run together, at the first word's position and spanning both, so the
// name is found however it is written.
type hyphenJoin struct{}

func (hyphenJoin) Filter(in analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for i, t := range in {
		out = append(out, t)
		if i+1 >= len(in) {
			continue
		}
		n := in[i+1]
		if n.Start != t.End+1 || n.Position != t.Position+1 || !lettersOnly(t.Term) || !lettersOnly(n.Term) {
			continue
		}
		term := make([]byte, 0, len(t.Term)+len(n.Term))
		term = append(append(term, t.Term...), n.Term...)
		out = append(out, &analysis.Token{Term: term, Start: t.Start, End: n.End, Position: t.Position, Type: t.Type})
	}
	return out
}

// lettersOnly reports whether a term is all letters.
func lettersOnly(term []byte) bool {
	for _, r := range string(term) {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return len(term) > 0
}

// joinTokens adds, for every two neighbouring short Persian words, the
// term of the two run together, with its stems, at the first word's
// position and spanning both: so آتش بس written with a space is found by
// آتشبس and آتش‌بس, and کتاب ها by کتابها.
type joinTokens struct{}

func (joinTokens) Filter(in analysis.TokenStream) analysis.TokenStream {
	// The exact term of each position, in order.
	var words []*analysis.Token
	for _, t := range in {
		if isStemTerm(string(t.Term)) || (len(words) > 0 && words[len(words)-1].Position == t.Position) {
			continue
		}
		words = append(words, t)
	}
	if len(words) < 2 {
		return in
	}
	out := make(analysis.TokenStream, 0, len(in)*3/2)
	out = append(out, in...)
	for i := 0; i+1 < len(words); i++ {
		t, n := words[i], words[i+1]
		if n.Position != t.Position+1 || !joinable(t.Term) || !joinable(n.Term) {
			continue
		}
		term := string(t.Term) + string(n.Term)
		tok := func(s string) *analysis.Token {
			return &analysis.Token{Term: []byte(s), Start: t.Start, End: n.End, Position: t.Position, Type: t.Type}
		}
		out = append(out, tok(term))
		stem, alt := corpus.StemFA(term)
		for _, s := range []string{stem, alt} {
			// کتاب ها joins to کتابها, whose stem is the first word:
			// that one needs no stem term.
			if s != "" && s != term && s != string(t.Term) {
				out = append(out, tok(stemMark+s))
			}
		}
	}
	return out
}

// joinable reports whether a term is a short word of Arabic script.
func joinable(term []byte) bool {
	if utf8.RuneCount(term) > maxJoinPart {
		return false
	}
	for _, r := range string(term) {
		if !unicode.Is(unicode.Arabic, r) || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
