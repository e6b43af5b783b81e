package index

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"hamta/corpus"
)

// Limits on queries.
const (
	maxQueryRunes   = 1000
	maxQueryClauses = 32
)

// clauseKind is the kind of one part of a query.
type clauseKind int

const (
	wordClause   clauseKind = iota // haniyeh, آتش‌بس
	phraseClause                   // "gaza strip"
	prefixClause                   // negot*
	fuzzyClause                    // hanieh~ or hanieh~2
)

// clause is one part of a query: words that must all match (or, negated,
// must not).
type clause struct {
	kind      clauseKind
	text      string
	fuzziness int
	negate    bool
}

// Query is a parsed search query.
type Query struct {
	clauses []clause
	// lang restricts hits to one language (lang:fa, lang:en).
	lang corpus.Lang
	// docs restricts hits to documents whose ID starts with one of these
	// (doc:001).
	docs []string
}

// ErrBadQuery wraps every error about a query's syntax.
var ErrBadQuery = errors.New("bad query")

func queryErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadQuery, fmt.Sprintf(format, args...))
}

// ParseQuery reads a query: words; "phrases" in double quotes; prefix*;
// fuzzy~ or fuzzy~2; lang:fa or lang:en; doc:ID (a prefix of the document
// ID); a leading - excludes what follows. Every word and phrase must match,
// in either language.
//
// It works in three steps: scanQuery cuts the text into tokens, add
// turns each into a filter or a clause, and check judges the whole.
func ParseQuery(s string) (Query, error) {
	var q Query
	if !utf8.ValidString(s) {
		return q, queryErr("not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxQueryRunes {
		return q, queryErr("too long (%d characters, at most %d)", n, maxQueryRunes)
	}
	// Mistakes are reported in the order they are written: the tokens
	// before a mistake of the scan come first.
	tokens, scanErr := scanQuery(s)
	for _, t := range tokens {
		if err := q.add(t); err != nil {
			return q, err
		}
	}
	if scanErr != nil {
		return q, scanErr
	}
	return q, q.check()
}

// token is one part of a query as written: a word or a quoted phrase,
// with a leading - when it is excluded.
type token struct {
	text   string
	phrase bool
	negate bool
}

// scanQuery cuts a query into tokens: words end at white space or a
// quote; a phrase runs from a quote to the next. On a mistake it returns
// the tokens before it with the error.
func scanQuery(s string) ([]token, error) {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		var t token
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			t.negate = true
			i++
		}
		if rs[i] == '"' {
			end := i + 1
			for end < len(rs) && rs[end] != '"' {
				end++
			}
			if end >= len(rs) {
				return out, queryErr("unclosed quote: add a \" after %q", string(rs[i+1:]))
			}
			t.phrase, t.text = true, strings.TrimSpace(string(rs[i+1:end]))
			if t.text == "" {
				return out, queryErr("empty phrase \"\"")
			}
			out = append(out, t)
			i = end + 1
			continue
		}
		start := i
		for i < len(rs) && !unicode.IsSpace(rs[i]) && rs[i] != '"' {
			i++
		}
		t.text = string(rs[start:i])
		out = append(out, t)
	}
	return out, nil
}

// add puts a token in the query: a field (lang:, doc:) narrows the hits,
// anything else is a clause.
func (q *Query) add(t token) error {
	if t.phrase {
		q.clauses = append(q.clauses, clause{kind: phraseClause, text: t.text, negate: t.negate})
		return nil
	}
	if name, val, ok := strings.Cut(t.text, ":"); ok && !t.negate {
		switch strings.ToLower(name) {
		case "lang":
			l, ok := corpus.ParseLang(val)
			if !ok {
				return queryErr("lang:%s: want lang:fa or lang:en", val)
			}
			if q.lang != corpus.LangUnknown && q.lang != l {
				return queryErr("two languages: lang:%s and lang:%s", q.lang, l)
			}
			q.lang = l
			return nil
		case "doc":
			if val == "" {
				return queryErr("doc: needs a document ID (or its start)")
			}
			q.docs = append(q.docs, strings.TrimSuffix(val, "*"))
			return nil
		}
	}
	c, ok, err := readWord(t.text)
	if err != nil || !ok {
		return err
	}
	c.negate = t.negate
	q.clauses = append(q.clauses, c)
	return nil
}

// readWord reads a word: prefix*, fuzzy~ (fuzzy~N), or the word itself;
// ok is false for punctuation alone, which matches nothing.
func readWord(word string) (c clause, ok bool, err error) {
	switch {
	case strings.HasSuffix(word, "*"):
		c.kind, c.text = prefixClause, strings.TrimRight(word, "*")
		if !hasWordRune(c.text) {
			return c, false, queryErr("%q: a prefix needs letters or digits before the *", word)
		}
		if strings.ContainsAny(c.text, "*?") {
			return c, false, queryErr("%q: only a trailing * is allowed", word)
		}
	case strings.Contains(word, "~"):
		base, n, _ := strings.Cut(word, "~")
		c.kind, c.text, c.fuzziness = fuzzyClause, base, 1
		if n != "" {
			f, err := strconv.Atoi(n)
			if err != nil || f < 0 || f > 2 {
				return c, false, queryErr("%q: fuzziness after ~ is 0, 1 or 2", word)
			}
			c.fuzziness = f
		}
		if !hasWordRune(c.text) {
			return c, false, queryErr("%q: a fuzzy search needs a word before the ~", word)
		}
	default:
		c.kind, c.text = wordClause, word
		if !hasWordRune(word) {
			return c, false, nil
		}
	}
	return c, true, nil
}

// check judges the query as a whole: not too many clauses, and at least
// one that is not excluded.
func (q Query) check() error {
	if len(q.clauses) > maxQueryClauses {
		return queryErr("too many words (%d, at most %d)", len(q.clauses), maxQueryClauses)
	}
	for _, c := range q.clauses {
		if !c.negate {
			return nil
		}
	}
	return queryErr("nothing to search for")
}

func hasWordRune(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// String writes the query back in its syntax.
func (q Query) String() string {
	var parts []string
	if q.lang != corpus.LangUnknown {
		parts = append(parts, "lang:"+string(q.lang))
	}
	for _, d := range q.docs {
		parts = append(parts, "doc:"+d)
	}
	for _, c := range q.clauses {
		s := c.text
		switch c.kind {
		case phraseClause:
			s = `"` + s + `"`
		case prefixClause:
			s += "*"
		case fuzzyClause:
			s += "~" + strconv.Itoa(c.fuzziness)
		}
		if c.negate {
			s = "-" + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
