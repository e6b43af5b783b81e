package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
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
	// Limit is the most hits returned (default 20); Offset skips the
	// first. Together they go no further than MaxLimit: SearchAll goes
	// through every hit.
	Limit, Offset int
	// Direct leaves out hits found only through a translation of the
	// query: only paragraphs holding the query's own words.
	Direct bool
	// Paragraphs returns one hit per matching paragraph instead of one
	// row per bead, as a concordance needs.
	Paragraphs bool
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

	// BeadParas are the paragraphs of the hit's document in its bead
	// (Para among them), when it has a counterpart.
	BeadParas []int

	// bead names the bead the paragraph belongs to, for grouping.
	bead string
	// cphl are the highlights of counterpart paragraphs that matched, by
	// paragraph, until the counterpart's text is known.
	cphl map[int][]Span
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
	// Highlights are the words of Text that matched the query too, as
	// rune offsets, when the counterpart's paragraphs matched as well.
	Highlights []Span
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
	source   string // where the translation came from: viaLexicon, viaLearned or viaNames
}

// Where a translation of a query word came from, as a hit's Via says.
const (
	viaLexicon = "lexicon" // the hand-written lexicon and gazetteer
	viaLearned = "learned" // the lexicon learned from the corpus's beads
	viaNames   = "names"   // transliteration of the index's own words
)

// Learned translations a query word is searched through: at most this
// many, each at least this sure and seen in this many beads.
const (
	maxLearnedVia      = 3
	minLearnedViaScore = 0.3
	minLearnedViaCount = 2
)

// SearchQuery runs a parsed query. Hits are grouped by bead: a paragraph
// and its aligned counterpart that both match make one row, with the
// matched words highlighted on both sides. Rows whose paragraphs match the
// query's own words come first, in score order; rows found only through
// a translation of the query follow, so a translation never buries a
// direct match.
func (x *Index) SearchQuery(ctx context.Context, pq Query, opt Options) (_ Result, err error) {
	x.mu.RLock()
	defer x.endSearch(&err)
	if x.bi == nil {
		return Result{}, errClosed
	}
	lang := opt.Lang
	if lang == corpus.LangUnknown {
		lang = pq.lang
	} else if pq.lang != corpus.LangUnknown && pq.lang != lang {
		return Result{}, queryErr("lang:%s in the query and %s asked for", pq.lang, lang)
	}
	if opt.Limit <= 0 {
		opt.Limit = 20
	}
	opt.Offset = min(max(opt.Offset, 0), MaxLimit)
	opt.Limit = min(opt.Limit, MaxLimit-opt.Offset)
	fields := fieldsFor(lang)
	direct, _, err := x.buildQuery(pq, fields, lang, false)
	if err != nil {
		return Result{}, err
	}
	full, vias, err := x.buildQuery(pq, fields, lang, true)
	if err != nil {
		return Result{}, err
	}
	// Enough paragraphs to fill the rows asked for once hits of one bead
	// are merged.
	fetch := 2*(opt.Offset+opt.Limit) + 10
	if opt.Direct {
		full, vias = direct, nil
	}
	matched, err := x.run(ctx, full, fetch)
	if err != nil {
		return Result{}, err
	}
	viaTerms := x.viaTerms(vias)
	var directHits, viaHits []Hit
	seen := map[string]bool{}
	take := func(res *bleve.SearchResult) {
		for _, dm := range res.Hits {
			if seen[dm.ID] {
				continue
			}
			seen[dm.ID] = true
			if h := x.hit(dm, vias, viaTerms); h.Via == "" {
				directHits = append(directHits, h)
			} else {
				viaHits = append(viaHits, h)
			}
		}
	}
	take(matched)
	// Direct hits rank first. When more paragraphs match than were
	// fetched and some fetched ones matched only through a translation,
	// a direct hit further down would belong above them: fetch the
	// direct hits on their own.
	if len(vias) > 0 && len(viaHits) > 0 && int(matched.Total) > len(matched.Hits) {
		first, err := x.run(ctx, direct, fetch)
		if err != nil {
			return Result{}, err
		}
		take(first)
		sort.SliceStable(directHits, func(i, j int) bool { return directHits[i].Score > directHits[j].Score })
	}
	hits := append(directHits, viaHits...)
	rows := hits
	if !opt.Paragraphs {
		rows = groupByBead(hits)
	}
	out := Result{Total: int(matched.Total)}
	if opt.Offset < len(rows) {
		out.Hits = rows[opt.Offset:min(len(rows), opt.Offset+opt.Limit)]
	}
	if err := x.fillCounterparts(ctx, out.Hits); err != nil {
		return Result{}, err
	}
	return out, nil
}

// run executes one query for its n best paragraphs. The places of the
// matched words are found for those paragraphs alone, by a second query
// limited to them: gathering them for every paragraph that matches a
// common word costs more than the search itself.
func (x *Index) run(ctx context.Context, q query.Query, n int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.Fields = []string{fieldFA, fieldEN, fieldDoc, fieldLang, fieldPara, fieldPair, fieldCParas, fieldBParas, fieldCScore}
	res, err := x.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if len(res.Hits) == 0 {
		return res, nil
	}
	ids := make([]string, len(res.Hits))
	for i, dm := range res.Hits {
		ids[i] = dm.ID
	}
	lreq := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), q), len(ids), 0, false)
	lreq.IncludeLocations = true
	lres, err := x.bi.SearchInContext(ctx, lreq)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	locs := make(map[string]search.FieldTermLocationMap, len(lres.Hits))
	for _, dm := range lres.Hits {
		locs[dm.ID] = dm.Locations
	}
	for _, dm := range res.Hits {
		dm.Locations = locs[dm.ID]
	}
	return res, nil
}

// buildQuery makes the Bleve query of a parsed query in the given fields,
// with the translations of its words into the other language when
// withVia is set (and the translations it used).
func (x *Index) buildQuery(pq Query, fields []string, lang corpus.Lang, withVia bool) (query.Query, []via, error) {
	clauses := mergeSuffixes(pq.clauses)
	bq := bleve.NewBooleanQuery()
	var vias []via
	positive := 0
	for i := 0; i < len(clauses); i++ {
		c := clauses[i]
		cq, cv := x.clauseQuery(c, fields, withVia)
		if cq == nil {
			continue // a common word (the, of): it tells nothing
		}
		if c.negate {
			bq.AddMustNot(cq)
			continue
		}
		// Two short Persian words may be one compound written with a
		// space (آتش بس): they match as two words or as the compound,
		// and the compound's translations count too.
		if i+1 < len(clauses) && joinableClauses(c, clauses[i+1]) && slices.Contains(fields, fieldFA) {
			next := clauses[i+1]
			nq, nv := x.clauseQuery(next, fields, withVia)
			jq, jv := x.clauseQuery(clause{kind: wordClause, text: c.text + next.text}, fields, withVia)
			alts := bleve.NewDisjunctionQuery()
			if nq != nil {
				alts.AddQuery(bleve.NewConjunctionQuery(cq, nq))
			}
			if jq != nil {
				alts.AddQuery(jq)
			}
			cq = alts
			cv = append(append(cv, nv...), jv...)
			i++
		}
		bq.AddMust(cq)
		positive++
		vias = append(vias, cv...)
	}
	if positive == 0 {
		return nil, nil, queryErr("only common words (such as the, of, and): nothing to search for")
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
	return bq, vias, nil
}

// mergeSuffixes joins a Persian inflection written as a word of its own
// to the word before it: "کتاب ها" is searched as کتابها.
func mergeSuffixes(cs []clause) []clause {
	out := make([]clause, 0, len(cs))
	for _, c := range cs {
		if n := len(out); n > 0 && c.kind == wordClause && !c.negate && corpus.IsSuffixFA(c.text) {
			if p := out[n-1]; p.kind == wordClause && !p.negate && corpus.DetectLang(p.text) == corpus.LangFA {
				out[n-1].text = p.text + c.text
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// clauseQuery builds the query for one clause: its words in each field,
// and, for words and phrases when withVia is set, their translations in
// the other language's field. It returns nil for a clause that analyzes
// to nothing in every field, such as an English stopword.
func (x *Index) clauseQuery(c clause, fields []string, withVia bool) (query.Query, []via) {
	if c.kind == wordClause && corpus.DetectLang(c.text) == corpus.LangEN && len(x.analyzePositions(fieldEN, c.text)) == 0 {
		return nil, nil // an English stopword
	}
	dq := bleve.NewDisjunctionQuery()
	var vias []via
	for _, f := range fields {
		if q := x.fieldQuery(c.kind, c.text, c.fuzziness, f); q != nil {
			dq.AddQuery(q)
		}
	}
	if len(dq.Disjuncts) == 0 {
		return nil, nil
	}
	if !withVia || (c.kind != wordClause && c.kind != phraseClause) {
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
	type form struct{ text, source string }
	var forms []form
	seen := map[string]bool{}
	addForm := func(f, source string) {
		if k := corpus.Fold(f); !seen[k] && len(forms) < maxVia {
			seen[k] = true
			forms = append(forms, form{f, source})
		}
	}
	for _, f := range x.lex.Translate(c.text, src) {
		addForm(f, viaLexicon)
	}
	if l := x.Learned(); l != nil && c.kind == wordClause {
		n := 0
		for _, e := range l.Translations(c.text, src) {
			if n == maxLearnedVia || e.Score < minLearnedViaScore || e.Count < minLearnedViaCount {
				break
			}
			t := e.EN
			if other == corpus.LangFA {
				t = e.FA
			}
			addForm(t, viaLearned)
			n++
		}
	}
	// A single word no lexicon knows may be a name no list holds: words
	// of the other script in the index that transliterate alike. (A word
	// a lexicon translates is no name: ceasefire must not find سفیر,
	// whose consonants it shares.)
	if c.kind == wordClause && len(forms) == 0 && !strings.ContainsAny(c.text, " -") {
		for _, f := range x.vocabulary().lookup(c.text, src, other) {
			addForm(f, viaNames)
		}
	}
	for _, f := range forms {
		kind := wordClause
		if strings.Contains(strings.TrimSpace(f.text), " ") {
			kind = phraseClause
		}
		q := x.fieldQuery(kind, f.text, 0, target)
		if q == nil {
			continue
		}
		if b, ok := q.(query.BoostableQuery); ok {
			b.SetBoost(0.5)
		}
		dq.AddQuery(q)
		vias = append(vias, via{from: c.text, to: f.text, field: target, source: f.source})
	}
	return dq, vias
}

// joinableClauses reports whether two clauses are plain short Persian
// words that may be the parts of a compound.
func joinableClauses(a, b clause) bool {
	return a.kind == wordClause && b.kind == wordClause && !a.negate && !b.negate &&
		joinable([]byte(corpus.Fold(a.text))) && joinable([]byte(corpus.Fold(b.text)))
}

// fieldQuery is the Bleve query for some text in one field, or nil when
// the text analyzes to nothing there. Words match any of their terms at
// each position, exact form or stem, every position required, so an
// exact match scores above an inflected one; phrases match exact forms in
// order; prefixes are folded as the index is; fuzzy words are analyzed to
// the indexed form first.
func (x *Index) fieldQuery(kind clauseKind, text string, fuzziness int, field string) query.Query {
	switch kind {
	case phraseClause:
		var terms [][]string
		for _, at := range x.analyzePositions(field, text) {
			var exact []string
			for _, t := range at {
				if !isStemTerm(t) {
					exact = append(exact, t)
				}
			}
			terms = append(terms, exact)
		}
		if len(terms) == 0 {
			return nil
		}
		return query.NewMultiPhraseQuery(terms, field)
	case prefixClause:
		q := bleve.NewPrefixQuery(foldTerm(text))
		q.SetField(field)
		return q
	case fuzzyClause:
		term := foldTerm(text)
		if at := x.analyzePositions(field, text); len(at) == 1 {
			term = at[0][0]
		}
		q := bleve.NewFuzzyQuery(term)
		q.SetField(field)
		q.SetFuzziness(fuzziness)
		return q
	}
	if field == fieldEN && strings.Contains(text, "-") {
		// Amir-Abdollahian is also written Amirabdollahian.
		whole := x.fieldQuery(wordClause, strings.ReplaceAll(text, "-", ""), 0, field)
		parts := x.fieldQuery(wordClause, strings.ReplaceAll(text, "-", " "), 0, field)
		if whole == nil || parts == nil {
			return parts
		}
		return bleve.NewDisjunctionQuery(whole, parts)
	}
	at := x.analyzePositions(field, text)
	if len(at) == 0 {
		return nil
	}
	cq := bleve.NewConjunctionQuery()
	for _, terms := range at {
		cq.AddQuery(x.wordAt(field, terms))
	}
	return cq
}

// exactBoost weighs a word's exact form above its other inflections.
const exactBoost = 4

// minBareStem is the shortest stem searched as a word of its own: the
// stem به of بهترین is also the preposition به.
const minBareStem = 3

// wordAt is the query for one word of a query, from the terms its
// analyzer made at one position: its exact terms (boosted), the stem
// terms of inflected forms of it or of its stems, and its stems as words.
func (x *Index) wordAt(field string, terms []string) query.Query {
	dq := bleve.NewDisjunctionQuery()
	for _, t := range expandTerms(terms) {
		tq := bleve.NewTermQuery(t.term)
		tq.SetField(field)
		tq.SetBoost(t.boost)
		dq.AddQuery(tq)
	}
	return dq
}

// weightedTerm is an indexed term a query word matches, with its weight.
type weightedTerm struct {
	term  string
	boost float64
}

// expandTerms lists the indexed terms a word matches, from the terms its
// analyzer made at one position (see wordAt).
func expandTerms(terms []string) []weightedTerm {
	var out []weightedTerm
	var stems []string
	for _, t := range terms {
		if s, ok := strings.CutPrefix(t, stemMark); ok {
			stems = append(stems, s)
			continue
		}
		out = append(out, weightedTerm{t, exactBoost})
		if !isNumber(t) {
			stems = append(stems, t)
		}
	}
	for _, s := range stems {
		out = append(out, weightedTerm{stemMark + s, 1})
		if !slices.Contains(terms, s) && utf8.RuneCountInString(s) >= minBareStem {
			out = append(out, weightedTerm{s, 1})
		}
	}
	return out
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

// analyzerFor is the analyzer of query text in a field.
func analyzerFor(field string) string {
	if field == fieldFA {
		return analyzerFAQuery
	}
	return analyzerEN
}

// analyzePositions returns the terms a field's query analyzer makes of
// text, grouped by position, the exact term first in each group.
func (x *Index) analyzePositions(field, text string) [][]string {
	a := x.bi.Mapping().AnalyzerNamed(analyzerFor(field))
	if a == nil {
		return nil
	}
	var out [][]string
	last := -1
	for _, t := range a.Analyze([]byte(text)) {
		if t.Position != last || len(out) == 0 {
			out = append(out, nil)
			last = t.Position
		}
		term := string(t.Term)
		if !slices.Contains(out[len(out)-1], term) {
			out[len(out)-1] = append(out[len(out)-1], term)
		}
	}
	return out
}

// analyze returns the terms a field's query analyzer makes of text.
func (x *Index) analyze(field, text string) []string {
	var out []string
	for _, at := range x.analyzePositions(field, text) {
		out = append(out, at...)
	}
	return out
}

// viaTerms maps each indexed term a translation matches to the
// translation, per field.
func (x *Index) viaTerms(vias []via) map[string]map[string]via {
	out := map[string]map[string]via{}
	for _, v := range vias {
		if out[v.field] == nil {
			out[v.field] = map[string]via{}
		}
		for _, at := range x.analyzePositions(v.field, v.to) {
			for _, t := range expandTerms(at) {
				if _, ok := out[v.field][t.term]; !ok {
					out[v.field][t.term] = v
				}
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
			own, _ := dm.Fields[fieldBParas].(string)
			if h.BeadParas, err = align.ParseParas(own); err != nil || len(h.BeadParas) == 0 {
				h.BeadParas = []int{h.Para}
			}
			fa, en := h.Doc+":"+align.FormatParas(h.BeadParas), pair+":"+paras
			if h.Lang != corpus.LangFA {
				fa, en = en, fa
			}
			h.bead = fa + "|" + en
		}
	}
	if h.bead == "" {
		h.bead = dm.ID
	}
	direct := false
	var used []string
	seenVia := map[string]bool{}
	var spans []Span
	for term, locs := range dm.Locations[field] {
		v, isVia := viaTerms[field][term]
		if !isVia {
			direct = true
		} else if key := v.from + " → " + v.to + " (" + v.source + ")"; !seenVia[key] {
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
		offset := 0
		for _, p := range c.Paras {
			t := texts[paraID(c.Doc, p)]
			if t == "" {
				continue
			}
			if len(parts) > 0 {
				offset++ // the space between paragraphs
			}
			for _, sp := range hits[i].cphl[p] {
				c.Highlights = append(c.Highlights, Span{sp.Start + offset, sp.End + offset})
			}
			parts = append(parts, t)
			offset += utf8.RuneCountInString(t)
		}
		c.Text = strings.Join(parts, " ")
	}
	return nil
}

// MaxLimit is the most hits one search returns (Options.Limit and Offset
// together): enough for any screen or page, while a query that matches
// most of a large corpus is not collected whole in memory. SearchAll
// goes through every hit.
const MaxLimit = 1000

// allPage is how many paragraphs SearchAll fetches at a time.
const allPage = 1000

// SearchAll calls each for every paragraph that matches a query, best
// first (paragraphs of equal score by ID), with its counterpart and
// highlights, fetching them a page at a time so that a query matching
// most of the corpus never has all its hits in memory. Hits are
// paragraphs, not grouped by bead, and a translation of the query counts
// as the query's own words do (Via still says which matched through
// one). It returns how many paragraphs matched.
func (x *Index) SearchAll(ctx context.Context, pq Query, opt Options, each func(Hit) error) (int, error) {
	var after []string
	total := 0
	for {
		hits, n, next, err := x.allPage(ctx, pq, opt, after)
		if err != nil {
			return total, err
		}
		for _, h := range hits {
			if err := each(h); err != nil {
				return total, err
			}
			total++
		}
		if next == nil || len(hits) == 0 || total >= n {
			return total, nil
		}
		after = next
	}
}

// allPage fetches one page of SearchAll: the hits after the sort values
// after, how many match in all, and the sort values to go on from.
func (x *Index) allPage(ctx context.Context, pq Query, opt Options, after []string) (_ []Hit, _ int, _ []string, err error) {
	x.mu.RLock()
	defer x.endSearch(&err)
	if x.bi == nil {
		return nil, 0, nil, errClosed
	}
	lang := opt.Lang
	if lang == corpus.LangUnknown {
		lang = pq.lang
	} else if pq.lang != corpus.LangUnknown && pq.lang != lang {
		return nil, 0, nil, queryErr("lang:%s in the query and %s asked for", pq.lang, lang)
	}
	q, vias, err := x.buildQuery(pq, fieldsFor(lang), lang, !opt.Direct)
	if err != nil {
		return nil, 0, nil, err
	}
	req := bleve.NewSearchRequestOptions(q, allPage, 0, false)
	req.Fields = []string{fieldFA, fieldEN, fieldDoc, fieldLang, fieldPara, fieldPair, fieldCParas, fieldBParas, fieldCScore}
	req.IncludeLocations = true
	req.SortBy([]string{"-_score", "_id"})
	if after != nil {
		req.SetSearchAfter(after)
	}
	res, err := x.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("search: %w", err)
	}
	viaTerms := x.viaTerms(vias)
	hits := make([]Hit, 0, len(res.Hits))
	for _, dm := range res.Hits {
		hits = append(hits, x.hit(dm, vias, viaTerms))
	}
	if err := x.fillCounterparts(ctx, hits); err != nil {
		return nil, 0, nil, err
	}
	var next []string
	if n := len(res.Hits); n == allPage {
		last := res.Hits[n-1]
		next = []string{strconv.FormatFloat(last.Score, 'g', -1, 64), last.ID}
	}
	return hits, int(res.Total), next, nil
}
