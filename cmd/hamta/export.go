package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"hamta/align"
	"hamta/corpus"
	"hamta/ui"
	"hamta/workspace"
)

type exportOptions struct {
	corpusFlags
	format    string
	unit      string
	pair      string
	minScore  float64
	unaligned bool
	confirmed bool
	output    string
	force     bool
}

func exportCommand() *command {
	return &command{
		name:    "export",
		args:    "[DIR]",
		summary: "export aligned pairs as TSV, TMX or JSON Lines",
		about: `Export the aligned beads of every pair (or one) with the corrections made in
the browser: TSV (header fa_doc en_doc fa_paras en_paras score fa_text en_text;
1-based paragraph numbers, a range as 3-4; tab, newline, carriage return and
backslash in a field written \t \n \r \\), TMX 1.4 (one tu per bead, srclang
fa), or JSON Lines (one object per bead: texts, documents, paragraphs, score,
anchors, confirmed). With --unit sentence, one row per sentence bead: the
sentences aligned inside the paragraph beads, with the corpus's learned
lexicon as evidence; fa_paras and en_paras name their paragraphs, JSON adds
fa_sentences, en_sentences and bead, TMX is of segtype sentence with the
paragraph bead as the x-bead property. Written to standard output, or with -o to a file:
through a temporary file beside it and a rename, so an interrupted export
never leaves half a file. export never overwrites a file of the corpus or
writes inside the workspace, and without --force never replaces a symbolic
link, writes into a special file or breaks a file's hard links.`,
		setup: withOptions(func(o *exportOptions, fs *flag.FlagSet) {
			o.corpusFlags.register(fs)
			enumVar(fs, &o.format, "format", "tsv", "output `format`", ui.ExportFormats()...)
			enumVar(fs, &o.unit, "unit", "paragraph", "what a row holds: `unit`", exportUnits()...)
			fs.StringVar(&o.pair, "pair", "", "only the pair `FA:EN` (document IDs as hamta pairs lists them)")
			fs.Float64Var(&o.minScore, "min-score", 0, "leave out links scoring below `X` in [0,1] (confirmed beads always stay)")
			fs.BoolVar(&o.unaligned, "unaligned", false, "also export paragraphs with no counterpart, as rows with an empty side")
			fs.BoolVar(&o.confirmed, "confirmed", false, "only beads a person confirmed")
			fs.StringVar(&o.output, "o", "", "write to `file` (atomically); - for standard output, the default")
			fs.BoolVar(&o.force, "force", false, "with -o: write to the file a symbolic link points to, into a special file, or into a hard-linked file in place")
		}, runExport),
	}
}

func runExport(ctx context.Context, e *env, o *exportOptions, args []string) error {
	if o.minScore < 0 || o.minScore > 1 {
		return usagef("--min-score %v: want a number in [0,1]", o.minScore)
	}
	if _, err := o.takeFolder(args, false); err != nil {
		return err
	}
	w, err := o.open(ctx, e, "hamta export")
	if err != nil {
		return err
	}
	defer w.Close()
	toFile := o.output != "" && o.output != "-"
	if toFile {
		// Refuse before the work, not after.
		if err := w.CheckOutput(o.output, o.force); err != nil {
			return err
		}
	}
	pairs, err := o.pairs(ctx, e, w)
	if err != nil {
		return err
	}
	all := pairs // the lexicon learns from every pair
	if o.pair != "" {
		if pairs, err = selectPair(pairs, o.pair); err != nil {
			return err
		}
	}
	// Pairing leaves the beads' anchors on disk; the rows show them.
	an, err := w.OpenAnchors()
	if err != nil {
		return err
	}
	defer an.Close()
	if pairs, err = an.FillAll(pairs); err != nil {
		return err
	}
	ro := align.RowOptions{MinScore: o.minScore, Unaligned: o.unaligned, Confirmed: o.confirmed}
	var sents [][]align.SentenceBead
	if o.unit == "sentence" {
		if sents, err = sentenceBeads(ctx, w, all, pairs); err != nil {
			return err
		}
	}
	var rows []align.Row
	for i, p := range pairs {
		fa, en := w.Corpus.Doc(p.FA), w.Corpus.Doc(p.EN)
		if sents != nil {
			rows = append(rows, align.SentenceRows(fa, en, p.Beads, sents[i], ro)...)
			continue
		}
		rows = append(rows, align.Rows(fa, en, p.Beads, ro)...)
	}
	write := func(out io.Writer) error { return writeRows(out, o.format, rows) }
	if !toFile {
		return write(e.stdout)
	}
	if err := w.WriteOutput(o.output, o.force, write); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "hamta: wrote %d beads to %s\n", len(rows), corpus.ShowName(o.output))
	return nil
}

// sentenceBeads aligns the sentences inside the paragraph beads of pairs
// with the words of the lexicon learned from all the corpus's pairs as
// evidence.
func sentenceBeads(ctx context.Context, w *workspace.Workspace, all, pairs []align.DocPair) ([][]align.SentenceBead, error) {
	lex, err := w.Lexicon(ctx, all)
	if err != nil {
		return nil, err
	}
	return workspace.AlignSentences(ctx, align.NewAligner(), w.Corpus.Doc, pairs, lex)
}

// exportUnits returns the units export takes: what one row holds.
func exportUnits() []string { return []string{"paragraph", "sentence"} }

// writeRows writes export rows in a format: tsv, tmx or jsonl.
func writeRows(out io.Writer, format string, rows []align.Row) error {
	switch format {
	case "tmx":
		return align.WriteTMX(out, rows, "hamta", align.Version)
	case "jsonl":
		return align.WriteJSONL(out, rows)
	}
	return align.WriteTSV(out, rows)
}

// exportPair writes one pair as the browser's export prompt asks: the
// rows and writers of hamta export, through the same checks and refusals
// (workspace.WriteOutput, never forced). By sentence, the rows are the
// sentence beads the browser shows when it sends them, else those of the
// pair's beads aligned with the lexicon saved in the workspace. The
// workspace's exports folder is made when the file goes there. The
// pair's anchors are read with the session's reader.
func exportPair(ctx context.Context, s *workspace.Session, r ui.ExportRequest) (string, int, error) {
	w := s.Workspace
	if !slices.Contains(ui.ExportFormats(), r.Format) || !slices.Contains(exportUnits(), r.Unit) {
		return "", 0, fmt.Errorf("export as %s by %s: not a format and unit hamta writes", r.Format, r.Unit)
	}
	fa, en := w.Corpus.Doc(r.Pair.FA), w.Corpus.Doc(r.Pair.EN)
	if fa == nil || en == nil {
		return "", 0, fmt.Errorf("pair %s ↔ %s is no longer in the corpus", corpus.ShowName(r.Pair.FA), corpus.ShowName(r.Pair.EN))
	}
	path, err := filepath.Abs(r.Path)
	if err != nil {
		return "", 0, err
	}
	if filepath.Dir(path) == w.ExportsPath() {
		if err := w.MakeExportsDir(); err != nil {
			return "", 0, err
		}
	}
	if r.Pair, err = s.Anchored(r.Pair); err != nil {
		return "", 0, err
	}
	rows := align.Rows(fa, en, r.Pair.Beads, align.RowOptions{})
	if r.Unit == "sentence" {
		sbs := r.Sentences
		if sbs == nil {
			// The lexicon the browser's session learned and saved.
			lex, err := workspace.OpenLexicon(w.Dir)
			if err != nil {
				return "", 0, err
			}
			sents, err := workspace.AlignSentences(ctx, align.NewAligner(), w.Corpus.Doc, []align.DocPair{r.Pair}, lex)
			if err != nil {
				return "", 0, err
			}
			sbs = sents[0]
		}
		if err := align.CheckSentenceBeads(fa, en, r.Pair.Beads, sbs); err != nil {
			return "", 0, fmt.Errorf("export %s ↔ %s by sentence: %w", corpus.ShowName(r.Pair.FA), corpus.ShowName(r.Pair.EN), err)
		}
		rows = align.SentenceRows(fa, en, r.Pair.Beads, sbs, align.RowOptions{})
	}
	err = w.WriteOutput(path, false, func(f io.Writer) error { return writeRows(f, r.Format, rows) })
	return path, len(rows), err
}

// selectPair finds the pair named "FA:EN"; document IDs may hold colons,
// so every split is tried.
func selectPair(pairs []align.DocPair, spec string) ([]align.DocPair, error) {
	for i := strings.Index(spec, ":"); i >= 0; {
		fa, en := spec[:i], spec[i+1:]
		for _, p := range pairs {
			if p.FA == fa && p.EN == en {
				return []align.DocPair{p}, nil
			}
		}
		j := strings.Index(spec[i+1:], ":")
		if j < 0 {
			break
		}
		i += j + 1
	}
	if !strings.Contains(spec, ":") {
		return nil, usagef("--pair %q: want FA_DOC:EN_DOC", spec)
	}
	return nil, fmt.Errorf("--pair %s: no such pair (hamta pairs lists them)", corpus.ShowName(spec))
}
