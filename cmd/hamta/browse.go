package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"

	"hamta/align"
	"hamta/concord"
	"hamta/corpus"
	"hamta/ui"
	"hamta/workspace"
)

type browseOptions struct {
	corpusFlags
	bidi string
}

// browseCommand is what "hamta" with no command runs: the browser.
func browseCommand() *command {
	return &command{
		setup: withOptions(func(o *browseOptions, fs *flag.FlagSet) {
			o.corpusFlags.register(fs)
			enumVar(fs, &o.bidi, "bidi", "auto", "who orders right-to-left text: `mode` %s; terminal when the terminal applies bidi itself (GNOME Terminal, Konsole, mlterm), app when hamta must (xterm, kitty, Alacritty, Windows Terminal, tmux), auto to tell from the environment", "auto", "terminal", "app")
		}, runBrowse),
	}
}

func runBrowse(ctx context.Context, e *env, o *browseOptions, args []string) error {
	mode, _ := ui.ParseBidiMode(o.bidi)
	if _, err := o.takeFolder(args, false); err != nil {
		return err
	}
	if o.dir != "" {
		// Say so now, not after the screen has changed.
		if fi, err := os.Stat(o.dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("open corpus %s: not a readable folder", corpus.ShowName(o.dir))
		}
	}
	return ui.Run(ctx, ui.Config{Load: loader(o.corpusFlags), Preview: preview(o.corpusFlags), Bidi: mode})
}

// loader opens the corpus for the browser: the workspace package decides
// what to build, update or repair; this only wires the result to the UI.
func loader(c corpusFlags) ui.Loader {
	return func(ctx context.Context, progress func(stage string, done, total int)) (*ui.Data, error) {
		s, err := workspace.Load(ctx, c.options("the hamta browser", workspace.Shared), progress)
		if err != nil {
			return nil, err
		}
		return browserData(ctx, s), nil
	}
}

// browserData is what the browser is given of an opened corpus.
func browserData(ctx context.Context, s *workspace.Session) *ui.Data {
	go s.PrepareAnchors() // before the first pair is opened
	d := &ui.Data{
		Name:     s.Name(),
		Docs:     s.Corpus.Docs,
		Pairs:    slices.Clone(s.Pairs), // the browser changes its own copy
		Problems: s.Corpus.Problems,
		Export: func(ctx context.Context, r ui.ExportRequest) (string, int, error) {
			return exportPair(ctx, s, r)
		},
		ExportDir:   s.ExportsPath(),
		ExportUnits: exportUnits(),
		Sentences:   s.SentenceBeads,
		Anchors:     s.Anchored,
		Close:       s.Close,
	}
	if n := len(s.Corpus.Problems); n > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d files could not be read (hamta ls names them)", n))
	}
	if n := len(s.Problems()); n > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d lines of %s or %s skipped (hamta pairs says why)", n, workspace.RulesFile, workspace.CorrectionsFile))
	}
	if n := len(s.Stale()); n > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d corrections no longer fit (hamta export lists them)", n))
	}
	if s.Index != nil {
		d.Search = s.Index.Search
		d.Concord = func(ctx context.Context, word string, opt concord.Options) ([]concord.Line, error) {
			lex, err := s.LearnedLexicon(ctx)
			if err != nil {
				return nil, err
			}
			return concord.Find(ctx, s.Index, lex, word, opt)
		}
	} else {
		d.Notes = append(d.Notes, "search unavailable: "+oneLine(s.IndexErr))
	}
	d.Notes = append(d.Notes, s.Notes...)
	if s.Writable() {
		d.SaveCorrections = func(p align.DocPair) error { return s.Correct(ctx, p) }
	}
	return d
}
