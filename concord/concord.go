// Package concord answers "how was this word translated?": it finds every
// occurrence of a word in a corpus as keyword-in-context lines, each with
// its aligned counterpart and the counterpart's words that render the
// word (translation spotting), and counts those renderings.
package concord

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"hamta/align"
	"hamta/corpus"
	"hamta/index"
	"hamta/lexicon"
)

// Sort orders concordance lines.
type Sort string

// The orders of lines.
const (
	ByDoc   Sort = "doc"   // document, paragraph, position
	ByLeft  Sort = "left"  // the words before the keyword, nearest first
	ByRight Sort = "right" // the words after the keyword
)

// ParseSort reads a --sort value.
func ParseSort(s string) (Sort, bool) {
	switch Sort(s) {
	case ByDoc, ByLeft, ByRight:
		return Sort(s), true
	}
	return "", false
}

// DefaultLimit is the most lines Find returns unless told otherwise.
const DefaultLimit = 500

// Options shape a concordance.
type Options struct {
	// Sort orders the lines (ByDoc when empty).
	Sort Sort
	// Limit is the most lines (DefaultLimit when 0).
	Limit int
}

// Line is one occurrence of the keyword.
type Line struct {
	Doc  string
	Lang corpus.Lang
	Para int // 0-based
	// Left, Key and Right are the paragraph's text before, at and after
	// the keyword: Left+Key+Right is the whole paragraph.
	Left, Key, Right string
	// Counterpart is the aligned side of the paragraph's bead, or nil.
	Counterpart *Counterpart
}

// Counterpart is the aligned text of a line's paragraph, with the words
// that render the keyword.
type Counterpart struct {
	Doc   string
	Paras []int // 0-based
	Text  string
	// Spot are the rune spans of Text that render the keyword, in order;
	// empty when no word of the counterpart surely does.
	Spot []lexicon.Span
}

// Spotted returns the counterpart words that render the keyword, as
// written, or "".
func (c *Counterpart) Spotted() string {
	if c == nil || len(c.Spot) == 0 {
		return ""
	}
	rs := []rune(c.Text)
	parts := make([]string, 0, len(c.Spot))
	for _, s := range c.Spot {
		if s.Start >= 0 && s.End <= len(rs) && s.Start < s.End {
			parts = append(parts, string(rs[s.Start:s.End]))
		}
	}
	return strings.Join(parts, " ")
}

// Searcher finds the paragraphs holding a word (an *index.Index).
type Searcher interface {
	Search(ctx context.Context, q string, opt index.Options) (index.Result, error)
}

// ErrNoWord says the query has no word to look for.
var ErrNoWord = errors.New("no word to look for")

// Find lists the occurrences of word (one word or a phrase, in either
// language, any inflection) as concordance lines. lex, when not nil,
// spots the renderings in the counterparts.
func Find(ctx context.Context, src Searcher, lex *lexicon.Lexicon, word string, opt Options) ([]Line, error) {
	lang := corpus.DetectLang(word)
	want := content(lexicon.Tokens(word, lang))
	if len(want) == 0 || lang == corpus.LangUnknown {
		return nil, fmt.Errorf("%w in %q", ErrNoWord, word)
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	q := word
	if len(want) > 1 {
		q = `"` + strings.ReplaceAll(word, `"`, "") + `"`
	}
	res, err := src.Search(ctx, q, index.Options{Lang: lang, Limit: limit, Direct: true, Paragraphs: true})
	if err != nil {
		return nil, err
	}
	var lines []Line
	for _, h := range res.Hits {
		toks := lexicon.Tokens(h.Text, h.Lang)
		for _, m := range matches(toks, want) {
			rs := []rune(h.Text)
			start, end := toks[m[0]].Start, toks[m[1]].End
			l := Line{Doc: h.Doc, Lang: h.Lang, Para: h.Para,
				Left: string(rs[:start]), Key: string(rs[start:end]), Right: string(rs[end:])}
			if c := h.Counterpart; c != nil && c.Text != "" {
				l.Counterpart = &Counterpart{Doc: c.Doc, Paras: c.Paras, Text: c.Text}
				if lex != nil {
					l.Counterpart.Spot = lex.Spot(h.Text, h.Lang, lexicon.Span{Start: start, End: end}, c.Text)
				}
				if len(l.Counterpart.Spot) == 0 {
					l.Counterpart.Spot = listed(l.Key, h.Lang, c.Text)
				}
			}
			lines = append(lines, l)
			if len(lines) == limit {
				break
			}
		}
		if len(lines) == limit {
			break
		}
	}
	SortLines(lines, opt.Sort)
	return lines, nil
}

// content keeps the terms of the words that carry meaning; a query of
// function words only keeps them all.
func content(toks []lexicon.Token) []string {
	var out, all []string
	for _, t := range toks {
		all = append(all, t.Term)
		if !t.Stop {
			out = append(out, t.Term)
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

// matches finds the runs of content tokens whose terms are want, in
// order, and returns the first and last token of each.
func matches(toks []lexicon.Token, want []string) [][2]int {
	var out [][2]int
	for i := range toks {
		if toks[i].Stop && len(want) > 0 && !slices.Contains(want, toks[i].Term) {
			continue
		}
		j, k := i, 0
		for j < len(toks) && k < len(want) {
			if toks[j].Stop && toks[j].Term != want[k] {
				j++ // a function word between the phrase's words
				continue
			}
			if toks[j].Term != want[k] {
				break
			}
			j++
			k++
		}
		if k == len(want) {
			out = append(out, [2]int{i, j - 1})
		}
	}
	return out
}

// SortLines orders lines in place.
func SortLines(lines []Line, by Sort) {
	key := func(l Line) string { return "" }
	switch by {
	case ByLeft:
		key = func(l Line) string { return reverseWords(corpus.Fold(l.Left)) }
	case ByRight:
		key = func(l Line) string { return corpus.Fold(l.Right) }
	}
	slices.SortStableFunc(lines, func(a, b Line) int {
		return cmp.Or(
			strings.Compare(key(a), key(b)),
			strings.Compare(a.Doc, b.Doc),
			cmp.Compare(a.Para, b.Para),
			cmp.Compare(len([]rune(a.Left)), len([]rune(b.Left))),
		)
	})
}

// reverseWords puts the words of s last first, so lines sort by the word
// nearest the keyword.
func reverseWords(s string) string {
	w := strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
	slices.Reverse(w)
	return strings.Join(w, " ")
}

func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 0x7f && r != 0xab && r != 0xbb && r != '،' && r != '؛' && r != '؟'
}

// Rendering is one way the keyword was translated, and how often.
type Rendering struct {
	Text  string // as written in its most frequent form
	Count int
}

// Renderings counts the spotted translations of the lines, the same words
// in any inflection as one, most frequent first, each shown as most often
// written; lines with nothing spotted count under "".
func Renderings(lines []Line) []Rendering {
	count := map[string]int{}
	forms := map[string]map[string]int{}
	for _, l := range lines {
		s := l.Counterpart.Spotted()
		k := renderingKey(s)
		count[k]++
		if forms[k] == nil {
			forms[k] = map[string]int{}
		}
		forms[k][s]++
	}
	out := make([]Rendering, 0, len(count))
	for k, n := range count {
		best, bn := "", -1
		for f, c := range forms[k] {
			if c > bn || (c == bn && f < best) {
				best, bn = f, c
			}
		}
		out = append(out, Rendering{Text: best, Count: n})
	}
	slices.SortFunc(out, func(a, b Rendering) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Text, b.Text))
	})
	return out
}

// Is reports whether a line's spotted translation is the rendering r
// (the same words in any inflection), for filtering lines by rendering.
func (l Line) Is(r Rendering) bool {
	return renderingKey(l.Counterpart.Spotted()) == renderingKey(r.Text)
}

// renderingKey is the matching form of a rendering: its words folded and
// stemmed, so زمین‌لرزه and زمین‌لرزه‌ای, or damage and damaged, count as
// one.
func renderingKey(s string) string {
	toks := lexicon.Tokens(s, corpus.DetectLang(s))
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = t.Term
	}
	return strings.Join(terms, " ")
}

// listed spots a keyword's rendering the learned lexicon does not know:
// a translation the hand-written lexicon lists, or, for a name, a word
// of the counterpart that transliterates alike.
func listed(key string, lang corpus.Lang, dst string) []lexicon.Span {
	other := corpus.LangEN
	if lang == corpus.LangEN {
		other = corpus.LangFA
	}
	toks := lexicon.Tokens(dst, other)
	for _, f := range align.DefaultLexicon().Translate(key, lang) {
		want := content(lexicon.Tokens(f, other))
		if len(want) == 0 {
			continue
		}
		if m := matches(toks, want); len(m) > 0 {
			return []lexicon.Span{{Start: toks[m[0][0]].Start, End: toks[m[0][1]].End}}
		}
	}
	if strings.ContainsRune(strings.TrimSpace(key), ' ') {
		return nil
	}
	sk := align.Skeleton(key, lang)
	if len(sk) < minSkeleton {
		return nil
	}
	for _, t := range toks {
		if !t.Stop && !t.Number && align.Skeleton(t.Surface, other) == sk {
			return []lexicon.Span{{Start: t.Start, End: t.End}}
		}
	}
	return nil
}

// minSkeleton is the shortest transliteration skeleton that spots a name:
// shorter ones match too many words.
const minSkeleton = 3
