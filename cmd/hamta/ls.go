package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"hamta/corpus"
)

type lsOptions struct {
	corpusFlags
	format string
}

func lsCommand() *command {
	return &command{
		name:    "ls",
		args:    "[DIR]",
		summary: "list the documents of a corpus: format, language, paragraphs, title, warnings",
		about: `List every document of the corpus with the format it was read from (text,
html, docx, pdf, tmx, xliff, tsv), its language, its number of paragraphs
(furniture not counted), its title and any warnings; files that could not
be read are named on stderr.`,
		setup: withOptions(func(o *lsOptions, fs *flag.FlagSet) {
			o.corpusFlags.register(fs)
			enumVar(fs, &o.format, "format", "text", "output `format`: %s (one object a line)", "text", "json")
		}, runLs),
	}
}

// lsEntry is one document in "hamta ls --format json".
type lsEntry struct {
	ID         string            `json:"id"`
	Format     corpus.Format     `json:"format"`
	Lang       string            `json:"lang"`
	Langs      []corpus.Lang     `json:"langs"`
	Paragraphs int               `json:"paragraphs"`
	Furniture  int               `json:"furniture"`
	Title      string            `json:"title"`
	Encoding   string            `json:"encoding"`
	Meta       map[string]string `json:"meta,omitempty"`
	Warnings   []string          `json:"warnings,omitempty"`
}

func runLs(ctx context.Context, e *env, o *lsOptions, args []string) error {
	if _, err := o.takeFolder(args, false); err != nil {
		return err
	}
	c, err := o.load(ctx, e)
	if err != nil {
		return err
	}
	if o.format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, d := range c.Docs {
			body := len(d.AlignedParagraphs())
			if err := enc.Encode(lsEntry{
				ID: d.ID, Format: d.Format, Lang: string(d.Lang), Langs: d.Langs, Paragraphs: body,
				Furniture: len(d.Paragraphs) - body, Title: d.Title, Encoding: d.Encoding,
				Meta: d.Meta, Warnings: docWarnings(d),
			}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFORMAT\tLANG\tPARAS\tTITLE\tWARNINGS")
	for _, d := range c.Docs {
		lang := string(d.Lang)
		if len(d.Langs) > 1 {
			lang = string(d.Langs[0]) + "+" + string(d.Langs[1])
		}
		if d.Lang == corpus.LangUnknown {
			lang = "?"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", corpus.ShowName(d.ID), d.Format, lang, len(d.AlignedParagraphs()), tableTitle(d.Title), strings.Join(docWarnings(d), "; "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d documents in %s", len(c.Docs), o.name())
	if n := len(c.Problems); n > 0 {
		fmt.Fprintf(e.stdout, "; %d files skipped (see warnings)", n)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// docWarnings are a document's warnings, with the repeated paragraphs
// dropped as furniture named, so that nothing is left out unseen.
func docWarnings(d *corpus.Document) []string {
	w := d.Warnings
	if r := d.DroppedRepeats(); len(r) > 0 {
		nums := make([]string, len(r))
		for i, x := range r {
			nums[i] = "¶" + strconv.Itoa(x+1)
		}
		noun := "paragraph"
		if len(r) > 1 {
			noun = "paragraphs"
		}
		w = append(slices.Clip(w), fmt.Sprintf("repeated %s dropped as furniture: %s", noun, strings.Join(nums, " ")))
	}
	return w
}
