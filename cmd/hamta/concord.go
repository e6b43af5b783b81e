package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"hamta/align"
	"hamta/concord"
	"hamta/corpus"
	"hamta/index"
)

type concordOptions struct {
	corpusFlags
	format string
	sort   string
	limit  int
}

func concordCommand() *command {
	return &command{
		name:    "concord",
		args:    "[DIR] WORD",
		summary: "keyword in context: every use of a word, how each was translated",
		about: `List every occurrence of a word (or a phrase) in its language, in any of its
forms, as keyword-in-context lines: the keyword in a column of its own with
the text before and after it, sorted by document, by the words before it or
by the words after it. Under each line stands its aligned counterpart, with
the words that translate the keyword (the spotted translation) marked; the
renderings are counted at the end. JSON gives one line per occurrence, the
spotted translation as rune offsets into the counterpart's text. Builds the
index first if there is none.`,
		setup: withOptions(func(o *concordOptions, fs *flag.FlagSet) {
			o.corpusFlags.register(fs)
			enumVar(fs, &o.format, "format", "text", "output `format`: %s", "text", "json")
			enumVar(fs, &o.sort, "sort", "doc", "`order` of the lines: %s (the words after the keyword, before it, or document order)", "right", "left", "doc")
			fs.IntVar(&o.limit, "limit", concord.DefaultLimit, "at most `N` lines")
		}, runConcord),
	}
}

func runConcord(ctx context.Context, e *env, o *concordOptions, args []string) error {
	if o.limit <= 0 {
		return usagef("--limit %d: want a positive number", o.limit)
	}
	if len(args) == 1 && o.dir == "" && strings.ContainsAny(args[0], `/\`) && isDir(args[0]) {
		return usagef("want a word to look for in %s", corpus.ShowName(args[0]))
	}
	args, err := o.takeFolder(args, true)
	if err != nil {
		return err
	}
	word := strings.TrimSpace(strings.Join(args, " "))
	if word == "" {
		return usagef("want a word")
	}
	if l := corpus.DetectLang(word); l != corpus.LangFA && l != corpus.LangEN {
		return usagef("no Persian or English word in %q", word)
	}
	by, _ := concord.ParseSort(o.sort)
	x, err := openIndex(ctx, e, o.corpusFlags)
	if err != nil {
		return err
	}
	defer func() { x.Close() }()
	opt := concord.Options{Sort: by, Limit: o.limit}
	lines, err := concord.Find(ctx, x, x.Learned(), word, opt)
	if err != nil && !errors.Is(err, concord.ErrNoWord) && !errors.Is(err, context.Canceled) && errors.Is(x.Check(), index.ErrDamaged) {
		// The index opened, but its first query found it damaged.
		x.Close()
		if x, err = buildIndex(ctx, e, o.corpusFlags); err != nil {
			return err
		}
		lines, err = concord.Find(ctx, x, x.Learned(), word, opt)
	}
	switch {
	case errors.Is(err, concord.ErrNoWord), errors.Is(err, index.ErrBadQuery):
		return usageError{err.Error()}
	case err != nil:
		return err
	}
	if o.format == "json" {
		return writeConcordJSON(e.stdout, lines)
	}
	return writeConcordText(e.stdout, word, lines, isTerminal(e.stdout))
}

// jsonConcordLine is one line of "hamta concord --format json".
type jsonConcordLine struct {
	Doc         string           `json:"doc"`
	Lang        corpus.Lang      `json:"lang"`
	Para        int              `json:"para"`
	Left        string           `json:"left"`
	Key         string           `json:"key"`
	Right       string           `json:"right"`
	Counterpart *jsonConcordPart `json:"counterpart"`
	// Spot is the spotted translation in the counterpart's text, from
	// the start of its first word to the end of its last; Spots are the
	// words themselves.
	Spot      *index.Span  `json:"spot"`
	Spots     []index.Span `json:"spots"`
	Rendering *string      `json:"rendering"`
}

type jsonConcordPart struct {
	Doc   string `json:"doc"`
	Paras []int  `json:"paras"`
	Text  string `json:"text"`
}

func writeConcordJSON(w io.Writer, lines []concord.Line) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := jsonOut(bw)
	for _, l := range lines {
		j := jsonConcordLine{Doc: l.Doc, Lang: l.Lang, Para: l.Para + 1, Left: l.Left, Key: l.Key, Right: l.Right, Spots: []index.Span{}}
		if c := l.Counterpart; c != nil {
			jc := &jsonConcordPart{Doc: c.Doc, Text: c.Text}
			for _, p := range c.Paras {
				jc.Paras = append(jc.Paras, p+1)
			}
			j.Counterpart = jc
			for _, s := range c.Spot {
				j.Spots = append(j.Spots, index.Span{Start: s.Start, End: s.End})
			}
			if n := len(c.Spot); n > 0 {
				j.Spot = &index.Span{Start: c.Spot[0].Start, End: c.Spot[n-1].End}
				r := c.Spotted()
				j.Rendering = &r
			}
		}
		if err := enc.Encode(j); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Widths of the text output's context columns, in cells.
const (
	kwicLeft  = 40
	kwicRight = 40
)

// writeConcordText writes the lines with the keyword in a fixed column:
// each line's text in logical order (a terminal that applies the bidi
// algorithm shows a Persian line right to left, its keyword column
// aligned from the right), its counterpart below with the spotted
// translation marked, then the renderings with their counts.
func writeConcordText(w io.Writer, word string, lines []concord.Line, color bool) error {
	bw := bufio.NewWriter(w)
	if len(lines) == 0 {
		fmt.Fprintf(bw, "no occurrences of %s\n", word)
		return bw.Flush()
	}
	on, off := "[", "]"
	if color {
		on, off = "\033[1;7m", "\033[0m"
	}
	for _, l := range lines {
		fmt.Fprintf(bw, "%s%s%s%s%s\n", kwicBefore(l.Left, kwicLeft), on, oneSpaceLine(l.Key), off, kwicAfter(l.Right, kwicRight))
		ref := fmt.Sprintf("%s ¶%d", corpus.ShowName(l.Doc), l.Para+1)
		if c := l.Counterpart; c != nil {
			var spans []index.Span
			for _, s := range c.Spot {
				spans = append(spans, index.Span{Start: s.Start, End: s.End})
			}
			fmt.Fprintf(bw, "    %s ↔ %s ¶%s: %s\n", ref, corpus.ShowName(c.Doc), align.FormatParas(c.Paras), shortSnippet(oneSpaceLine(c.Text), spans, on, off, counterpartRunes))
		} else {
			fmt.Fprintf(bw, "    %s ↔ no counterpart\n", ref)
		}
	}
	fmt.Fprintf(bw, "\n%d lines of %s; renderings: %s\n", len(lines), word, renderingList(concord.Renderings(lines)))
	return bw.Flush()
}

// counterpartRunes is how much of a counterpart the text output shows.
const counterpartRunes = 120

// shortSnippet shows a window of n runes of text around its first span,
// with the spans marked; a span that overlaps one before it is marked from
// where that one ended.
func shortSnippet(text string, spans []index.Span, on, off string, n int) string {
	rs := []rune(text)
	from := 0
	if len(spans) > 0 && spans[0].Start > n/3 {
		from = spans[0].Start - n/3
	}
	to := min(len(rs), from+n)
	var sb strings.Builder
	if from > 0 {
		sb.WriteString("…")
	}
	pos := from
	for _, s := range spans {
		if s.End <= pos || s.Start >= to {
			continue
		}
		st, en := max(s.Start, pos), min(s.End, to)
		sb.WriteString(string(rs[pos:st]))
		sb.WriteString(on + string(rs[st:en]) + off)
		pos = en
	}
	sb.WriteString(string(rs[pos:to]))
	if to < len(rs) {
		sb.WriteString("…")
	}
	return sb.String()
}

// renderingList writes renderings as "earthquake 12, quake 3, none spotted 2".
func renderingList(rs []concord.Rendering) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		name := r.Text
		if name == "" {
			name = "none spotted"
		}
		parts[i] = fmt.Sprintf("%s %d", name, r.Count)
	}
	return strings.Join(parts, ", ")
}

// oneSpaceLine puts text on one line: line breaks and tabs become spaces
// (one rune for one, so rune offsets stay right).
func oneSpaceLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// runeCells is the cells each rune takes: combining marks none.
func runeCells(rs []rune) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = ansi.StringWidth(string(r))
	}
	return out
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// kwicBefore is the end of the text before a keyword, in exactly width
// cells: cut at a word with "…" in front when longer, padded in front when
// shorter.
func kwicBefore(s string, width int) string {
	rs := []rune(oneSpaceLine(s))
	cells := runeCells(rs)
	used := sum(cells)
	if used > width {
		from, w := len(rs), 0
		for from > 0 && w+cells[from-1] <= width-1 {
			from--
			w += cells[from]
		}
		// Start at a word when one starts in the first half.
		for k := from; k > 0 && k < len(rs) && k < from+width/2; k++ {
			if rs[k-1] == ' ' {
				w -= sum(cells[from:k])
				from = k
				break
			}
		}
		rs, used = append([]rune("…"), rs[from:]...), w+1
	}
	return strings.Repeat(" ", max(0, width-used)) + string(rs)
}

// kwicAfter is the start of the text after a keyword, in at most width
// cells, cut at a word with "…" after it when longer.
func kwicAfter(s string, width int) string {
	rs := []rune(oneSpaceLine(s))
	cells := runeCells(rs)
	if sum(cells) <= width {
		return string(rs)
	}
	to, w := 0, 0
	for to < len(rs) && w+cells[to] <= width-1 {
		w += cells[to]
		to++
	}
	for k := to; k > 0 && k > to-width/2; k-- {
		if rs[k] == ' ' {
			to = k
			break
		}
	}
	return strings.TrimRight(string(rs[:to]), " ") + "…"
}
