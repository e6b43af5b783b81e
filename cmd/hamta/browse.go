package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"hamta/align"
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
	return ui.Run(ctx, ui.Config{Load: loader(o.corpusFlags), Bidi: mode})
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
	d := &ui.Data{
		Name:     s.Name(),
		Docs:     s.Corpus.Docs,
		Pairs:    slices.Clone(s.Pairs), // the browser changes its own copy
		Problems: s.Corpus.Problems,
		Export:   func(p align.DocPair) (string, error) { return exportPair(s.Workspace, p) },
		Close:    s.Close,
	}
	var notes []string
	if n := len(s.Corpus.Problems); n > 0 {
		notes = append(notes, fmt.Sprintf("%d files could not be read (hamta ls names them)", n))
	}
	if n := len(s.Problems()); n > 0 {
		notes = append(notes, fmt.Sprintf("%d lines of %s or %s skipped (hamta pairs says why)", n, workspace.RulesFile, workspace.CorrectionsFile))
	}
	if n := len(s.Stale()); n > 0 {
		notes = append(notes, fmt.Sprintf("%d corrections no longer fit (hamta export lists them)", n))
	}
	if s.Index != nil {
		d.Search = s.Index.Search
	} else {
		notes = append(notes, "search unavailable: "+oneLine(s.IndexErr))
	}
	notes = append(notes, s.Notes...)
	if s.Writable() {
		d.SaveCorrections = func(p align.DocPair) error { return s.Correct(ctx, p) }
	}
	d.Note = strings.Join(notes, "; ")
	return d
}

// exportPair writes a pair's links as TSV in the current folder.
func exportPair(w *workspace.Workspace, p align.DocPair) (string, error) {
	fa, en := w.Corpus.Doc(p.FA), w.Corpus.Doc(p.EN)
	if fa == nil || en == nil {
		return "", fmt.Errorf("pair %s ↔ %s is no longer in the corpus", corpus.ShowName(p.FA), corpus.ShowName(p.EN))
	}
	name := fmt.Sprintf("hamta-%s--%s.tsv", fileStem(p.FA), fileStem(p.EN))
	path, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	rows := align.Rows(fa, en, p.Beads, align.RowOptions{})
	err = w.WriteOutput(path, false, func(f io.Writer) error { return writeRows(f, "tsv", rows) })
	return path, err
}

// fileStem makes a document ID safe as part of a file name.
func fileStem(id string) string {
	id = strings.TrimSuffix(id, filepath.Ext(id))
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ' ' || r == ':' {
			return '_'
		}
		return r
	}, id)
}

// discard swallows writes.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
