package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"hamta/align"
	"hamta/index"
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
		flags: func(fs *flag.FlagSet) any {
			o := &browseOptions{}
			o.corpusFlags.register(fs)
			fs.StringVar(&o.bidi, "bidi", "auto", "who orders right-to-left text: `mode` auto, terminal (the terminal applies bidi: GNOME Terminal, Konsole, mlterm) or app (hamta reorders: xterm, kitty, Alacritty, Windows Terminal, tmux)")
			return o
		},
		run: runBrowse,
	}
}

func runBrowse(ctx context.Context, e *env, opts any, args []string) error {
	o := opts.(*browseOptions)
	mode, ok := ui.ParseBidiMode(o.bidi)
	if !ok {
		return usagef("unknown --bidi %q: want auto, terminal or app", o.bidi)
	}
	if err := o.takeDir(args); err != nil {
		return err
	}
	if o.dir != "" {
		// Say so now, not after the screen has changed.
		if fi, err := os.Stat(o.dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("open corpus %s: not a readable folder", o.dir)
		}
	}
	return ui.Run(ctx, ui.Config{Load: loader(o.corpusFlags), Bidi: mode})
}

// loader opens the workspace, pairs the documents and brings the index up
// to date, for the browser.
func loader(c corpusFlags) ui.Loader {
	return func(ctx context.Context, progress func(stage string, done, total int)) (*ui.Data, error) {
		progress("reading the corpus", 0, 0)
		w, err := c.open(ctx, &env{stderr: discard{}})
		if err != nil {
			return nil, err
		}
		pairs, err := w.Pairs(ctx, align.NewAligner(), func(done, total int) { progress("aligning candidate pairs", done, total) })
		if err != nil {
			w.Close()
			return nil, err
		}
		d := &ui.Data{Name: w.Name(), Docs: w.Corpus.Docs, Pairs: pairs, Problems: w.Corpus.Problems}
		var x *index.Index
		if w.Writable() {
			x, _, err = w.SyncIndex(ctx, pairs, func(done, total int) { progress("indexing paragraphs", done, total) })
		} else {
			x, err = index.Open(workspace.IndexPath(w.Dir), true)
		}
		switch {
		case err == nil:
			d.Search = x.Search
		case errors.Is(err, context.Canceled):
			w.Close()
			return nil, err
		default:
			d.Note = "search unavailable: " + oneLine(err)
		}
		if !w.Writable() {
			d.Note = strings.TrimSpace(d.Note + " (read-only: " + oneLine(w.NeedWrite()) + ")")
		}
		d.Export = func(p align.DocPair) (string, error) { return exportPair(w, p) }
		if w.Writable() {
			d.SaveCorrections = func(p align.DocPair) error {
				if err := w.SaveCorrections(p); err != nil {
					return err
				}
				// Counterparts in search follow the correction.
				if x != nil {
					return w.UpdateIndex(ctx, x, d.Pairs)
				}
				return nil
			}
		}
		if stale := w.Stale(); len(stale) > 0 {
			d.Note = strings.TrimSpace(fmt.Sprintf("%d corrections no longer fit (hamta export lists them) %s", len(stale), d.Note))
		}
		d.Close = func() error {
			if x != nil {
				x.Close()
			}
			return w.Close()
		}
		if len(w.Corpus.Problems) > 0 {
			d.Note = strings.TrimSpace(fmt.Sprintf("%d files could not be read (hamta ls names them) %s", len(w.Corpus.Problems), d.Note))
		}
		return d, nil
	}
}

// exportPair writes a pair's links as TSV in the current folder.
func exportPair(w *workspace.Workspace, p align.DocPair) (string, error) {
	fa, en := w.Corpus.Doc(p.FA), w.Corpus.Doc(p.EN)
	if fa == nil || en == nil {
		return "", fmt.Errorf("pair %s ↔ %s is no longer in the corpus", p.FA, p.EN)
	}
	name := fmt.Sprintf("hamta-%s--%s.tsv", fileStem(p.FA), fileStem(p.EN))
	path, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	rows := align.Rows(fa, en, p.Beads, align.RowOptions{})
	err = workspace.WriteFileAtomic(path, func(f *os.File) error { return align.WriteTSV(f, rows) })
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
