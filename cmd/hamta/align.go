package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"hamta/align"
	"hamta/corpus"
)

type alignOptions struct {
	format    string
	unit      string
	kind      string
	corpus    string
	lines     bool
	unaligned bool
	minScore  float64
	maxSize   byteSize
}

func alignCommand() *command {
	return &command{
		name:    "align",
		args:    "FA_FILE EN_FILE",
		summary: "align the paragraphs of two files (either order: languages are detected)",
		about: `Align the paragraphs of two files and print the beads. The files are read
like corpus files (encodings, PDF line breaks, furniture); the Persian one
becomes the fa side whichever order they are given in. Beads follow the
Persian file; a link out of order (a moved paragraph, or facts an
independent report gives elsewhere) comes at its Persian place, so English
numbers may jump; JSON marks it "moved". Scores estimate the probability
that a link is right.`,
		setup: withOptions(func(o *alignOptions, fs *flag.FlagSet) {
			o.maxSize = corpus.DefaultMaxSize
			enumVar(fs, &o.format, "format", "tsv", "output `format`: %s; tsv as the README says, json one bead a line, beads [0]:[0, 1] lines (0-based, for hamta eval)", "tsv", "json", "beads")
			enumVar(fs, &o.unit, "unit", "paragraph", "`unit` of the beads: %s (the sentences inside the paragraph beads, both levels aligned again with a lexicon learned from the pair; beads numbers sentences through each file, lines with --lines)", "paragraph", "sentence")
			enumVar(fs, &o.kind, "kind", "auto", "what the files are: %s (independent reports of one event), or decided from the text", "auto", "translation", "comparable")
			fs.StringVar(&o.corpus, "corpus", "", "weigh each anchor by how many documents of the corpus in `folder` hold it, as pairing does (names every article on the topic shares then count for little)")
			fs.BoolVar(&o.lines, "lines", false, "take each line as one segment (sentence-per-line files), without rebuilding paragraphs")
			fs.BoolVar(&o.unaligned, "unaligned", false, "also print paragraphs with no counterpart (tsv and json)")
			fs.Float64Var(&o.minScore, "min-score", 0, "leave out links scoring below `X` (tsv and json)")
			fs.Var(&o.maxSize, "max-size", "refuse files larger than this `size`")
		}, runAlign),
	}
}

func runAlign(ctx context.Context, e *env, o *alignOptions, args []string) error {
	if len(args) != 2 {
		return usagef("want two files, FA_FILE EN_FILE; got %d arguments", len(args))
	}
	if o.minScore < 0 || o.minScore > 1 {
		return usagef("--min-score %v: want a number in [0,1]", o.minScore)
	}
	var kind align.PairKind
	switch o.kind {
	case "auto":
	case string(align.Translation), string(align.Comparable):
		kind = align.PairKind(o.kind)
	default:
		return usagef("unknown --kind %q: want translation, comparable or auto", o.kind)
	}
	perByte := int64(10)
	if o.unit == "sentence" {
		perByte = 20 // both levels, twice: sentences, their anchors and words
	}
	defer memoryBudget(args, perByte)()
	read := corpus.ReadFile
	if o.lines {
		read = corpus.ReadFileLines
	}
	copts := corpus.Options{MaxSize: int64(o.maxSize)}
	// Read both files at once: long files take a while.
	var (
		b    *corpus.Document
		errB error
		done = make(chan struct{})
	)
	go func() {
		b, errB = read(args[1], copts)
		close(done)
	}()
	a, err := read(args[0], copts)
	<-done
	if err != nil {
		return err
	}
	if errB != nil {
		return errB
	}
	if err := twoLanguages(a, b); err != nil {
		return err
	}
	if !a.Lang.ArabicScript() && b.Lang.ArabicScript() {
		a, b = b, a
	}
	al := align.NewAligner()
	if o.corpus != "" {
		c, err := corpus.LoadDir(ctx, o.corpus, copts)
		if err != nil {
			return err
		}
		al.Rarity = al.NewRarity(c.Docs)
	}
	ro := align.RowOptions{MinScore: o.minScore, Unaligned: o.unaligned}
	if o.unit == "sentence" {
		res, err := al.AlignBoth(ctx, a, b, kind, nil)
		if err != nil {
			return fmt.Errorf("align %s with %s: %w", a.ID, b.ID, err)
		}
		return writeSentenceBeads(e.stdout, o.format, a, b, res, ro)
	}
	beads, _, err := al.AlignAs(ctx, a, b, kind)
	if err != nil {
		return fmt.Errorf("align %s with %s: %w", a.ID, b.ID, err)
	}
	return writeBeads(e.stdout, o.format, a, b, beads, ro)
}

// writeSentenceBeads writes the sentence beads of an alignment: in the
// gold-file form with sentence numbers, or as rows.
func writeSentenceBeads(w io.Writer, format string, a, b *corpus.Document, res align.Alignment, ro align.RowOptions) error {
	switch format {
	case "beads":
		return align.WriteBeads(w, align.NumberedBeads(a, b, res.Sentences))
	case "json":
		return align.WriteJSONL(w, align.SentenceRows(a, b, res.Beads, res.Sentences, ro))
	}
	return align.WriteTSV(w, align.SentenceRows(a, b, res.Beads, res.Sentences, ro))
}

// twoLanguages refuses two files of one language: align needs a Persian
// file and an English one.
func twoLanguages(a, b *corpus.Document) error {
	if a.Lang != b.Lang || a.Lang == corpus.LangUnknown {
		return nil
	}
	name := map[corpus.Lang]string{corpus.LangFA: "Persian", corpus.LangEN: "English"}[a.Lang]
	if name == "" {
		name = string(a.Lang)
	}
	return usagef("%s and %s are both %s: align needs a Persian file and an English one", corpus.ShowName(a.ID), corpus.ShowName(b.ID), name)
}

func writeBeads(w io.Writer, format string, a, b *corpus.Document, beads []align.Bead, ro align.RowOptions) error {
	switch format {
	case "beads":
		return align.WriteBeads(w, beads)
	case "json":
		return align.WriteJSONL(w, align.Rows(a, b, beads, ro))
	}
	return align.WriteTSV(w, align.Rows(a, b, beads, ro))
}

// jsonOut writes one JSON value a line.
func jsonOut(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// memoryBudget lets the garbage collector run only when the heap nears a
// budget proportional to the input (perByte times its size, plus 64 MiB),
// instead of every time the heap doubles: aligning long files then spends
// less time collecting and holds less memory. GOGC or GOMEMLIMIT in the
// environment take precedence. It returns a function that restores the
// defaults.
func memoryBudget(files []string, perByte int64) func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var total int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			total += fi.Size()
		}
	}
	oldPercent := debug.SetGCPercent(-1)
	oldLimit := debug.SetMemoryLimit(64<<20 + perByte*total)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
