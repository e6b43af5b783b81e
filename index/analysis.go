package index

import (
	"unicode"
	"unicode/utf8"

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
	foldFilter = "hamta_fold"
	joinFilter = "hamta_join_fa"
	analyzerFA = "hamta_fa"
	analyzerEN = "hamta_en"
)

// maxJoinPart is the longest word, in runes, that is joined with its
// neighbour into a compound term: the parts of compounds written with a
// space (آتش بس, رئیس جمهور) are short.
const maxJoinPart = 6

// The analyzers keep every token's byte offsets into the original text,
// so highlights land exactly on the words: no character filter changes
// the text's length; folding changes only the terms.
//
// Bleve resolves analyzers by name from a process-wide registry filled at
// init time; that is the one registration hamta makes.
func init() {
	must(registry.RegisterTokenFilter(foldFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{}, nil
	}))
	must(registry.RegisterTokenFilter(joinFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return joinTokens{}, nil
	}))
	must(registry.RegisterAnalyzer(analyzerFA, func(_ map[string]interface{}, c *registry.Cache) (analysis.Analyzer, error) {
		return buildAnalyzer(c, foldFilter, joinFilter)
	}))
	must(registry.RegisterAnalyzer(analyzerEN, func(_ map[string]interface{}, c *registry.Cache) (analysis.Analyzer, error) {
		return buildAnalyzer(c, "possessive_en", foldFilter, "stop_en", "stemmer_porter")
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
		f := corpus.Fold(string(t.Term))
		if isNumber(f) {
			f = corpus.NormalizeNumber(f)
		}
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

// joinTokens adds, for every two neighbouring short Persian words, the
// term of the two run together, at the first word's position and spanning
// both: so آتش بس written with a space is found by آتشبس and آتش‌بس.
type joinTokens struct{}

func (joinTokens) Filter(in analysis.TokenStream) analysis.TokenStream {
	if len(in) < 2 {
		return in
	}
	out := make(analysis.TokenStream, 0, len(in)*3/2)
	for i, t := range in {
		out = append(out, t)
		if i+1 >= len(in) {
			break
		}
		n := in[i+1]
		if n.Position != t.Position+1 || !joinable(t.Term) || !joinable(n.Term) {
			continue
		}
		term := make([]byte, 0, len(t.Term)+len(n.Term))
		term = append(append(term, t.Term...), n.Term...)
		out = append(out, &analysis.Token{
			Term: term, Start: t.Start, End: n.End, Position: t.Position, Type: t.Type,
		})
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
