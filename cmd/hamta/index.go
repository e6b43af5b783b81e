package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"hamta/align"
	"hamta/index"
	"hamta/workspace"
)

type indexOptions struct {
	corpusFlags
}

func indexCommand() *command {
	return &command{
		name:    "index",
		args:    "[DIR]",
		summary: "build or update the search index",
		about: `Build the search index of the corpus, or update only the documents whose text
or alignment changed. A full build is made beside the old index and swapped
in, so an interrupted build leaves the old one whole.`,
		flags: func(fs *flag.FlagSet) any {
			o := &indexOptions{}
			o.corpusFlags.register(fs)
			return o
		},
		run: runIndex,
	}
}

func runIndex(ctx context.Context, e *env, opts any, args []string) error {
	o := opts.(*indexOptions)
	if err := o.takeDir(args); err != nil {
		return err
	}
	start := time.Now()
	w, pairs, err := o.openPairs(ctx, e)
	if err != nil {
		return err
	}
	defer w.Close()
	x, st, err := syncIndex(ctx, e, w, pairs)
	if err != nil {
		return err
	}
	defer x.Close()
	took := time.Since(start)
	verb := "updated"
	if st.Rebuilt {
		verb = "built"
	}
	fmt.Fprintf(e.stdout, "index %s in %s: %d documents, %d paragraphs (%d indexed, %d removed), %.1f MB, %s\n",
		verb, workspace.IndexPath(w.Dir), st.Docs, st.Paragraphs, st.Indexed, st.Removed,
		float64(st.DiskBytes)/(1<<20), took.Round(time.Millisecond))
	return nil
}

// syncIndex brings the workspace's index up to date with its pairs,
// showing progress on a terminal and as plain lines otherwise.
func syncIndex(ctx context.Context, e *env, w *workspace.Workspace, pairs []align.DocPair) (*index.Index, index.Stats, error) {
	progress := progressLine(e, "indexing paragraphs")
	if progress == nil {
		// Not a terminal: a plain line now and then.
		last := time.Now()
		progress = func(done, total int) {
			if time.Since(last) > 2*time.Second || done == total {
				fmt.Fprintf(e.stderr, "indexed %d/%d paragraphs\n", done, total)
				last = time.Now()
			}
		}
	}
	return w.SyncIndex(ctx, pairs, progress)
}
