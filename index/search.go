package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"hamta/align"
	"hamta/corpus"
)

// Options shape a search.
type Options struct {
	// Lang restricts hits to one language; LangUnknown searches both.
	Lang corpus.Lang
	// Limit is the most hits returned (default 20); Offset skips the first.
	Limit, Offset int
}

// Result is one page of hits.
type Result struct {
	Total int // hits in all
	Hits  []Hit
}

// Hit is a paragraph that matches.
type Hit struct {
	Doc   string
	Lang  corpus.Lang
	Para  int // 0-based paragraph index
	Score float64
	Text  string
	// Highlights are the matched words, as rune offsets into Text.
	Highlights []Span
	// Counterpart is the paragraph(s) aligned with this one, if any.
	Counterpart *Counterpart
	// Via is set when the paragraph matched only through a translation of
	// the query ("Haniyeh → هنیه"), not the query's own words.
	Via string
}

// Span is a range of runes [Start, End).
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Counterpart is the aligned side of a hit's bead.
type Counterpart struct {
	Doc   string
	Paras []int // 0-based
	Text  string
	Score float64
}

// maxVia bounds the translations tried per word.
const maxVia = 8

// Search runs a query string.
func (x *Index) Search(ctx context.Context, q string, opt Options) (Result, error) {
	pq, err := ParseQuery(q)
	if err != nil {
		return Result{}, err
	}
	return x.SearchQuery(ctx, pq, opt)
}

// fieldsFor are the text fields a search in lang looks at.
func fieldsFor(lang corpus.Lang) []string {
	switch lang {
	case corpus.LangFA:
		return []string{fieldFA}
	case corpus.LangEN:
		return []string{fieldEN}
	}
	return []string{fieldFA, fieldEN}
}

// via is a translation of part of the query into the other language.
type via struct {
	from, to string
	field    string
}

// SearchQuery runs a parsed query.
func (x *Index) SearchQuery(ctx context.Context, pq Query, opt Options) (Result, error) {
	lang := opt.Lang
	if lang == corpus.LangUnknown {
		lang = pq.lang
	} else if pq.lang != corpus.LangUnknown && pq.lang != lang {
		return Result{}, queryErr("lang:%s in the query and %s asked for", pq.lang, lang)
	}
	if opt.Limit <= 0 {
		opt.Limit = 20
	}
	fields := fieldsFor(lang)

	bq := bleve.NewBooleanQuery()
	var vias []via
	for i := 0; i < len(pq.clauses); i++ {
		c := pq.clauses[i]
		cq, cv := x.clauseQuery(c, fields)
		if c.negate {
			bq.AddMustNot(cq)
			continue
		}
		// Two short Persian words may be one compound written with a
		// space (آتش بس): they match as two words or as the compound.
		if i+1 < len(pq.clauses) && joinableClauses(c, pq.clauses[i+1]) && slices.Contains(fields, fieldFA) {
			next := pq.clauses[i+1]
			nq, nv := x.clauseQuery(next, fields)
			joined := fieldQuery(wordClause, c.text+next.text, 0, fieldFA, x)
			cq = bleve.NewDisjunctionQuery(bleve.NewConjunctionQuery(cq, nq), joined)
			cv = append(cv, nv...)
			i++
		}
		bq.AddMust(cq)
		vias = append(vias, cv...)
	}
	if lang != corpus.LangUnknown {
		t := bleve.NewTermQuery(string(lang))
		t.SetField(fieldLang)
		bq.AddMust(t)
	}
	if len(pq.docs) > 0 {
		dq := bleve.NewDisjunctionQuery()
		for _, d := range pq.docs {
			p := bleve.NewPrefixQuery(d)
			p.SetField(fieldDoc)
			dq.AddQuery(p)
		}
		bq.AddMust(dq)
	}

	req := bleve.NewSearchRequestOptions(bq, opt.Limit, opt.Offset, false)
	req.Fields = []string{fieldFA, fieldEN, fieldDoc, fieldLang, fieldPara, fieldPair, fieldCParas, fieldCScore}
	req.IncludeLocations = true
	res, err := x.bi.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	out := Result{Total: int(res.Total)}
	viaTerms := x.viaTerms(vias)
	for _, dm := range res.Hits {
		out.Hits = append(out.Hits, x.hit(dm, vias, viaTerms))
	}
	if err := x.fillCounterparts(ctx, out.Hits); err != nil {
		return Result{}, err
	}
	return out, nil
}

// clauseQuery builds the query for one clause: its words in each field,
// and, for words and phrases, their translations in the other language's
// field.
func (x *Index) clauseQuery(c clause, fields []string) (query.Query, []via) {
	dq := bleve.NewDisjunctionQuery()
	var vias []via
	for _, f := range fields {
		dq.AddQuery(fieldQuery(c.kind, c.text, c.fuzziness, f, x))
	}
	if c.kind != wordClause && c.kind != phraseClause {
		return dq, nil
	}
	src := corpus.DetectLang(c.text)
	target := fieldEN
	if src == corpus.LangEN {
		target = fieldFA
	}
	if src == corpus.LangUnknown || !slices.Contains(fields, target) {
		return dq, nil
	}
	other := corpus.LangEN
	if target == fieldFA {
		other = corpus.LangFA
	}
	var forms []string
	seen := map[string]bool{}
	addForm := func(f string) {
		if k := corpus.Fold(f); !seen[k] && len(forms) < maxVia {
			seen[k] = true
			forms = append(forms, f)
		}
	}
	for _, f := range x.lex.Translate(c.text, src) {
		addForm(f)
	}
	// A single word may be a name no list holds: words of the other
	// script in the index that transliterate alike.
	if c.kind == wordClause && !strings.ContainsAny(c.text, " -") {
		for _, f := range x.vocabulary().lookup(c.text, src, other) {
			addForm(f)
		}
	}
	for _, f := range forms {
		kind := wordClause
		if strings.Contains(strings.TrimSpace(f), " ") {
			kind = phraseClause
		}
		q := fieldQuery(kind, f, 0, target, x)
		if b, ok := q.(query.BoostableQuery); ok {
			b.SetBoost(0.5)
		}
		dq.AddQuery(q)
		vias = append(vias, via{from: c.text, to: f, field: target})
	}
	return dq, vias
}

// joinableClauses reports whether two clauses are plain short Persian
// words that may be the parts of a compound.
func joinableClauses(a, b clause) bool {
	return a.kind == wordClause && b.kind == wordClause && !a.negate && !b.negate &&
		joinable([]byte(corpus.Fold(a.text))) && joinable([]byte(corpus.Fold(b.text)))
}

// fieldQuery is the Bleve query for some text in one field. Words and
// phrases are analyzed by the field's analyzer; prefixes are folded as the
// index is; fuzzy words are analyzed to the indexed form first.
func fieldQuery(kind clauseKind, text string, fuzziness int, field string, x *Index) query.Query {
	switch kind {
	case phraseClause:
		q := bleve.NewMatchPhraseQuery(text)
		q.SetField(field)
		return q
	case prefixClause:
		q := bleve.NewPrefixQuery(foldTerm(text))
		q.SetField(field)
		return q
	case fuzzyClause:
		term := foldTerm(text)
		if terms := x.analyze(field, text); len(terms) == 1 {
			term = terms[0]
		}
		q := bleve.NewFuzzyQuery(term)
		q.SetField(field)
		q.SetFuzziness(fuzziness)
		return q
	}
	q := bleve.NewMatchQuery(text)
	q.SetField(field)
	q.SetOperator(query.MatchQueryOperatorAnd)
	return q
}

// foldTerm folds text as the index folds its terms, for queries Bleve does
// not analyze.
func foldTerm(s string) string {
	f := corpus.Fold(s)
	if isNumber(f) {
		f = corpus.NormalizeNumber(f)
	}
	return f
}

// analyze returns the terms a field's analyzer makes of text.
func (x *Index) analyze(field, text string) []string {
	name := analyzerEN
	if field == fieldFA {
		name = analyzerFA
	}
	a := x.bi.Mapping().AnalyzerNamed(name)
	if a == nil {
		return nil
	}
	var out []string
	for _, t := range a.Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

// viaTerms maps each indexed term a translation produces to the
// translation, per field.
func (x *Index) viaTerms(vias []via) map[string]map[string]via {
	out := map[string]map[string]via{}
	for _, v := range vias {
		if out[v.field] == nil {
			out[v.field] = map[string]via{}
		}
		for _, t := range x.analyze(v.field, v.to) {
			if _, ok := out[v.field][t]; !ok {
				out[v.field][t] = v
			}
		}
	}
	return out
}

// hit turns a Bleve match into a Hit: text, highlights as rune offsets,
// and whether it matched only through translations.
func (x *Index) hit(dm *search.DocumentMatch, vias []via, viaTerms map[string]map[string]via) Hit {
	h := Hit{Score: dm.Score}
	h.Doc, _ = dm.Fields[fieldDoc].(string)
	if l, ok := dm.Fields[fieldLang].(string); ok {
		h.Lang = corpus.Lang(l)
	}
	if p, ok := dm.Fields[fieldPara].(float64); ok {
		h.Para = int(p)
	}
	field := fieldEN
	if h.Lang.ArabicScript() {
		field = fieldFA
	}
	h.Text, _ = dm.Fields[field].(string)
	if pair, ok := dm.Fields[fieldPair].(string); ok && pair != "" {
		paras, _ := dm.Fields[fieldCParas].(string)
		idx, err := align.ParseParas(paras)
		if err == nil && len(idx) > 0 {
			score, _ := dm.Fields[fieldCScore].(float64)
			h.Counterpart = &Counterpart{Doc: pair, Paras: idx, Score: score}
		}
	}
	direct := false
	var used []string
	seenVia := map[string]bool{}
	var spans []Span
	for term, locs := range dm.Locations[field] {
		v, isVia := viaTerms[field][term]
		if !isVia {
			direct = true
		} else if key := v.from + " → " + v.to; !seenVia[key] {
			seenVia[key] = true
			used = append(used, key)
		}
		for _, l := range locs {
			if int(l.End) <= len(h.Text) && l.Start < l.End {
				spans = append(spans, byteSpanToRunes(h.Text, int(l.Start), int(l.End)))
			}
		}
	}
	h.Highlights = mergeSpans(spans)
	if !direct && len(used) > 0 {
		sort.Strings(used)
		h.Via = strings.Join(used, "; ")
	}
	return h
}

// byteSpanToRunes converts a byte range of text into a rune range.
func byteSpanToRunes(text string, start, end int) Span {
	s := utf8.RuneCountInString(text[:start])
	return Span{Start: s, End: s + utf8.RuneCountInString(text[start:end])}
}

// mergeSpans sorts spans and merges overlapping ones.
func mergeSpans(spans []Span) []Span {
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	var out []Span
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// fillCounterparts loads the text of every hit's counterpart paragraphs in
// one request.
func (x *Index) fillCounterparts(ctx context.Context, hits []Hit) error {
	var ids []string
	for _, h := range hits {
		if h.Counterpart == nil {
			continue
		}
		for _, p := range h.Counterpart.Paras {
			ids = append(ids, paraID(h.Counterpart.Doc, p))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fieldFA, fieldEN}
	res, err := x.bi.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("search counterparts: %w", err)
	}
	texts := map[string]string{}
	for _, dm := range res.Hits {
		t, _ := dm.Fields[fieldFA].(string)
		if t == "" {
			t, _ = dm.Fields[fieldEN].(string)
		}
		texts[dm.ID] = t
	}
	for i := range hits {
		c := hits[i].Counterpart
		if c == nil {
			continue
		}
		var parts []string
		for _, p := range c.Paras {
			if t := texts[paraID(c.Doc, p)]; t != "" {
				parts = append(parts, t)
			}
		}
		c.Text = strings.Join(parts, " ")
	}
	return nil
}
