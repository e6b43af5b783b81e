package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"hamta/align"
	"hamta/corpus"
	"hamta/index"
	"hamta/workspace"
)

type searchOptions struct {
	corpusFlags
	lang   string
	limit  int
	all    bool
	format string
}

func searchCommand() *command {
	return &command{
		name:    "search",
		args:    "[DIR] QUERY",
		summary: "search both languages; each hit with its aligned counterpart",
		about: `Search the paragraphs of both languages. A query is words (all must match),
"phrases", prefix*, fuzzy~ (or ~2), lang:fa or lang:en, doc:ID (a prefix of
the document ID) and -word to exclude. Persian matches whatever the spelling
of ZWNJ, yeh, kaf and digits. An English word also finds Persian paragraphs
through its translation or transliteration, and the other way round; such
hits say "via". Builds the index first if there is none.`,
		setup: withOptions(func(o *searchOptions, fs *flag.FlagSet) {
			o.corpusFlags.register(fs)
			enumVar(fs, &o.lang, "lang", "", "only hits in this `language`: %s (default both)", "fa", "en")
			fs.IntVar(&o.limit, "limit", 20, fmt.Sprintf("at most `N` hits (at most %d)", index.MaxLimit))
			fs.BoolVar(&o.all, "all", false, "every matching paragraph, best first, written as it is found")
			enumVar(fs, &o.format, "format", "text", "output `format`: %s (one hit a line)", "text", "json")
		}, runSearch),
	}
}

func runSearch(ctx context.Context, e *env, o *searchOptions, args []string) error {
	if o.limit <= 0 {
		return usagef("--limit %d: want a positive number", o.limit)
	}
	if o.limit > index.MaxLimit {
		e.warnf("--limit %d: showing at most %d hits; --all writes every one", o.limit, index.MaxLimit)
		o.limit = index.MaxLimit
	}
	lang, _ := corpus.ParseLang(o.lang)
	// A leading folder is the corpus, as for every command.
	args, err := o.takeFolder(args, true)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return usagef("want a query")
	}
	q, err := index.ParseQuery(strings.Join(args, " "))
	if err != nil {
		return usageError{err.Error()}
	}
	x, err := openIndex(ctx, e, o.corpusFlags)
	if err != nil {
		return err
	}
	defer func() { x.Close() }()
	if o.all {
		return searchAll(ctx, e, x, q, lang, o.format)
	}
	res, err := x.SearchQuery(ctx, q, index.Options{Lang: lang, Limit: o.limit})
	if errors.Is(err, index.ErrBadQuery) {
		return usageError{err.Error()}
	}
	if err != nil && !errors.Is(err, context.Canceled) && errors.Is(x.Check(), index.ErrDamaged) {
		// The index opened, but its first query found it damaged.
		x.Close()
		if x, err = buildIndex(ctx, e, o.corpusFlags); err != nil {
			return err
		}
		res, err = x.SearchQuery(ctx, q, index.Options{Lang: lang, Limit: o.limit})
	}
	if err != nil {
		return err
	}
	if o.format == "json" {
		return writeHitsJSON(e.stdout, res.Hits)
	}
	writeHitsText(e.stdout, res, isTerminal(e.stdout))
	return nil
}

// searchAll writes every paragraph that matches, as it is found.
func searchAll(ctx context.Context, e *env, x *index.Index, q index.Query, lang corpus.Lang, format string) error {
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	on, off := "[", "]"
	if isTerminal(e.stdout) {
		on, off = "\033[1;7m", "\033[0m"
	}
	n, err := x.SearchAll(ctx, q, index.Options{Lang: lang}, func(h index.Hit) error {
		if format == "json" {
			return writeHitsJSON(w, []index.Hit{h})
		}
		writeHitText(w, h, on, off)
		return nil
	})
	if errors.Is(err, index.ErrBadQuery) {
		return usageError{err.Error()}
	}
	if err != nil {
		return err
	}
	if format != "json" {
		fmt.Fprintf(w, "%d paragraphs match\n", n)
	}
	return nil
}

// openIndex opens the workspace's index for searching, without reading
// the corpus; when there is none, or it is damaged, it reads the corpus
// and builds it.
func openIndex(ctx context.Context, e *env, c corpusFlags) (*index.Index, error) {
	opts := c.options("hamta search", workspace.Shared)
	x, err := workspace.OpenIndex(opts)
	switch {
	case err == nil:
		return x, nil
	case errors.Is(err, index.ErrNotFound):
		if dir, err := workspace.ResolveDir(opts); err == nil {
			fmt.Fprintf(e.stderr, "hamta: no index yet; building it in %s\n", corpus.ShowName(workspace.IndexPath(dir)))
		}
	case !errors.Is(err, index.ErrDamaged):
		return nil, err
	}
	return buildIndex(ctx, e, c)
}

// buildIndex reads the corpus and builds, repairs or opens its index, the
// way the browser does.
func buildIndex(ctx context.Context, e *env, c corpusFlags) (*index.Index, error) {
	s, err := workspace.Load(ctx, c.options("hamta search", workspace.Shared), progressFor(e))
	if err != nil {
		return nil, err
	}
	x := s.Index
	s.Index = nil // it stays open when the workspace closes
	defer s.Close()
	if x == nil {
		return nil, s.IndexErr
	}
	for _, w := range s.Warnings() {
		e.warnf("%s", w)
	}
	return x, nil
}

// jsonHit is one hit in "hamta search --format json".
type jsonHit struct {
	Doc         string           `json:"doc"`
	Lang        corpus.Lang      `json:"lang"`
	Para        int              `json:"para"`
	Score       float64          `json:"score"`
	Text        string           `json:"text"`
	Highlights  []index.Span     `json:"highlights"`
	Counterpart *jsonCounterpart `json:"counterpart"`
	Via         *string          `json:"via"`
}

type jsonCounterpart struct {
	Doc        string       `json:"doc"`
	Paras      []int        `json:"paras"`
	Text       string       `json:"text"`
	Highlights []index.Span `json:"highlights"`
}

func writeHitsJSON(w io.Writer, hits []index.Hit) error {
	enc := jsonOut(w)
	for _, h := range hits {
		j := jsonHit{Doc: h.Doc, Lang: h.Lang, Para: h.Para + 1, Score: h.Score, Text: h.Text, Highlights: h.Highlights}
		if j.Highlights == nil {
			j.Highlights = []index.Span{}
		}
		if c := h.Counterpart; c != nil {
			jc := &jsonCounterpart{Doc: c.Doc, Text: c.Text, Highlights: c.Highlights}
			if jc.Highlights == nil {
				jc.Highlights = []index.Span{}
			}
			for _, p := range c.Paras {
				jc.Paras = append(jc.Paras, p+1)
			}
			j.Counterpart = jc
		}
		if h.Via != "" {
			v := h.Via
			j.Via = &v
		}
		if err := enc.Encode(j); err != nil {
			return err
		}
	}
	return nil
}

// snippetRunes is how much of a paragraph the text output shows.
const snippetRunes = 240

func writeHitsText(w io.Writer, res index.Result, color bool) {
	if len(res.Hits) == 0 {
		fmt.Fprintln(w, "no hits")
		return
	}
	on, off := "[", "]"
	if color {
		on, off = "\033[1;7m", "\033[0m"
	}
	for _, h := range res.Hits {
		writeHitText(w, h, on, off)
	}
	fmt.Fprintf(w, "%d rows; %d paragraphs match\n", len(res.Hits), res.Total)
}

// writeHitText writes one hit as text, its words marked with on and off.
func writeHitText(w io.Writer, h index.Hit, on, off string) {
	via := ""
	if h.Via != "" {
		via = "  via " + h.Via
	}
	fmt.Fprintf(w, "%s ¶%d  %s  %.2f%s\n", corpus.ShowName(h.Doc), h.Para+1, h.Lang, h.Score, via)
	fmt.Fprintf(w, "  %s\n", snippet(h.Text, h.Highlights, on, off))
	if c := h.Counterpart; c != nil {
		fmt.Fprintf(w, "  ↔ %s ¶%s: %s\n", corpus.ShowName(c.Doc), align.FormatParas(c.Paras), snippet(c.Text, c.Highlights, on, off))
	}
	fmt.Fprintln(w)
}

// snippet shows the part of text around its first highlight, with the
// highlights marked.
func snippet(text string, spans []index.Span, on, off string) string {
	return shortSnippet(text, spans, on, off, snippetRunes)
}

// isDir reports whether a path names a folder.
func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
