package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"hamta/corpus"
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
		setup: withOptions(func(o *indexOptions, fs *flag.FlagSet) { o.corpusFlags.register(fs) }, runIndex),
	}
}

func runIndex(ctx context.Context, e *env, o *indexOptions, args []string) error {
	if _, err := o.takeFolder(args, false); err != nil {
		return err
	}
	start := time.Now()
	wopts := o.options("hamta index", workspace.Exclusive)
	// Nothing changed since the last complete run: say so without reading
	// the corpus.
	lib, st, ok, err := workspace.UpToDate(ctx, wopts)
	if err != nil {
		return err
	}
	if ok {
		dir, _ := workspace.ResolveDir(wopts)
		fmt.Fprintf(e.stdout, "index up to date in %s: %d documents, %d paragraphs (0 indexed, 0 removed), %.1f MB, %s\n",
			corpus.ShowName(workspace.IndexPath(dir)), st.Docs, st.Paragraphs, float64(st.DiskBytes)/(1<<20), time.Since(start).Round(time.Millisecond))
		return nil
	}
	wopts.Library = lib // read once
	s, err := workspace.Load(ctx, wopts, progressFor(e))
	if err != nil {
		return err
	}
	defer s.Close()
	for _, w := range s.Warnings() {
		e.warnf("%s", w)
	}
	if s.IndexErr != nil {
		return s.IndexErr
	}
	st = s.IndexStats
	verb := "updated"
	if st.Rebuilt {
		verb = "built"
	}
	fmt.Fprintf(e.stdout, "index %s in %s: %d documents, %d paragraphs (%d indexed, %d removed), %.1f MB, %s\n",
		verb, corpus.ShowName(workspace.IndexPath(s.Dir)), st.Docs, st.Paragraphs, st.Indexed, st.Removed,
		float64(st.DiskBytes)/(1<<20), time.Since(start).Round(time.Millisecond))
	return nil
}

// progressFor shows the progress of opening a corpus: a bar redrawn on
// one line of stderr when it is a terminal; otherwise, for a long stage, a
// plain line now and then.
func progressFor(e *env) workspace.Progress {
	bars := map[string]func(done, total int){}
	type plain struct {
		start, last time.Time
		said        bool
	}
	plains := map[string]*plain{}
	return func(stage string, done, total int) {
		if total == 0 {
			return
		}
		if _, ok := bars[stage]; !ok {
			bars[stage] = progressLine(e, stage)
		}
		if bar := bars[stage]; bar != nil {
			bar(done, total)
			return
		}
		p := plains[stage]
		if p == nil {
			p = &plain{start: time.Now(), last: time.Now()}
			plains[stage] = p
		}
		if time.Since(p.last) >= 2*time.Second || (done == total && p.said) {
			fmt.Fprintf(e.stderr, "%s: %d/%d\n", stage, done, total)
			p.last, p.said = time.Now(), true
		}
	}
}
