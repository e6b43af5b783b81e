package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/x/term"

	"hamta/corpus"
)

type pairsOptions struct {
	corpusFlags
	format string
}

func pairsCommand() *command {
	return &command{
		name:    "pairs",
		args:    "[DIR]",
		summary: "list document pairs: translations and independent reports of the same event",
		about: `List the corpus's document pairs: which English document translates which
Persian one (kind translation) and which reports the same event
independently (kind comparable), each with a score in [0,1]; documents
with no counterpart are listed as unpaired.

Pairs can be pinned or forbidden in the workspace file pairs.txt, one rule a
line: "pin FA_DOC EN_DOC [translation|comparable]" or "forbid FA_DOC EN_DOC".`,
		setup: withOptions(func(o *pairsOptions, fs *flag.FlagSet) {
			o.corpusFlags.register(fs)
			enumVar(fs, &o.format, "format", "text", "output `format`: %s (one pair a line: fa_doc, en_doc, kind, score)", "text", "json")
		}, runPairs),
	}
}

func runPairs(ctx context.Context, e *env, o *pairsOptions, args []string) error {
	if _, err := o.takeFolder(args, false); err != nil {
		return err
	}
	w, pairs, err := o.openPairs(ctx, e, "hamta pairs")
	if err != nil {
		return err
	}
	defer w.Close()
	if o.format == "json" {
		enc := jsonOut(e.stdout)
		for _, p := range pairs {
			if err := enc.Encode(p); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FA_DOC\tEN_DOC\tKIND\tSCORE\tCOVERAGE")
	paired := map[string]bool{}
	for _, p := range pairs {
		pin := ""
		if p.Pinned {
			pin = " (pinned)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s%s\t%.2f\t%.0f%% / %.0f%%\n", corpus.ShowName(p.FA), corpus.ShowName(p.EN), p.Kind, pin, p.Score, 100*p.CoverageFA, 100*p.CoverageEN)
		paired[p.FA], paired[p.EN] = true, true
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var unpaired []string
	for _, d := range w.Corpus.Docs {
		if !paired[d.ID] {
			unpaired = append(unpaired, corpus.ShowName(d.ID))
		}
	}
	if len(unpaired) > 0 {
		fmt.Fprintf(e.stdout, "unpaired: %s\n", strings.Join(unpaired, " "))
	}
	return nil
}

// progressLine returns a progress callback that redraws a bar on one line
// of stderr when it is a terminal, and nil (no progress) otherwise.
func progressLine(e *env, what string) func(done, total int) {
	f, ok := e.stderr.(*os.File)
	if !ok || !isTerminal(f) {
		return nil
	}
	// Redrawn ten times a second at most: a stage may report tens of
	// thousands of steps, each a write to a terminal that may be at the
	// other end of an SSH connection.
	var last time.Time
	return func(done, total int) {
		if now := time.Now(); done != total {
			if now.Sub(last) < progressEvery {
				return
			}
			last = now
		}
		fmt.Fprintf(f, "\r%s %s %d/%d", what, progressBar(done, total, 30), done, total)
		if done == total {
			fmt.Fprint(f, "\r\033[K")
		}
	}
}

// progressEvery is how often a progress bar is redrawn.
const progressEvery = 100 * time.Millisecond

// progressBar draws done of total as a bar of width cells.
func progressBar(done, total, width int) string {
	filled := width
	if total > 0 {
		filled = min(width, done*width/total)
	}
	return "[" + strings.Repeat("█", filled) + strings.Repeat("░", width-filled) + "]"
}

// isTerminal reports whether w is a terminal: not merely a character
// device, which /dev/null is too.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
