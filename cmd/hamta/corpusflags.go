package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"hamta"
	"hamta/align"
	"hamta/corpus"
	"hamta/workspace"
)

// corpusFlags are the flags every command that reads a corpus takes.
type corpusFlags struct {
	dir       string
	maxSize   byteSize
	workspace string
}

func (c *corpusFlags) register(fs *flag.FlagSet) {
	c.maxSize = corpus.DefaultMaxSize
	fs.StringVar(&c.dir, "corpus", "", "corpus `folder` to read (default: the bundled sample corpus)")
	fs.Var(&c.maxSize, "max-size", "skip files larger than this `size` (bytes, or with KiB/MiB/GiB, k/M/G)")
	fs.StringVar(&c.workspace, "workspace", "", "keep the index, alignments and corrections in `folder` (default: .hamta in the corpus folder; for the bundled corpus, a folder in the user cache)")
}

// options are the workspace options the flags give, for a process doing
// purpose ("hamta index") that needs access.
func (c *corpusFlags) options(purpose string, access workspace.Access) workspace.Options {
	o := workspace.Options{
		CorpusDir: c.dir,
		Dir:       c.workspace,
		Corpus:    corpus.Options{MaxSize: int64(c.maxSize)},
		Access:    access,
		Purpose:   purpose,
	}
	if c.dir == "" {
		o.FS = hamta.Sample()
		o.Name = "bundled sample corpus"
		o.CacheName = "sample-" + hamta.SampleVersion()
	}
	return o
}

// open reads the corpus and opens its workspace, warning on stderr about
// each file it skips.
func (c *corpusFlags) open(ctx context.Context, e *env, purpose string) (*workspace.Workspace, error) {
	w, err := workspace.Open(ctx, c.options(purpose, workspace.Shared))
	if err != nil {
		return nil, err
	}
	for _, p := range w.Corpus.Problems {
		e.warnf("%s: skipped: %v", corpus.ShowName(p.Path), p.Err)
	}
	return w, nil
}

// takeFolder takes the corpus folder from a command's arguments, the one
// way every command does. A command that takes nothing else (more unset)
// takes its one argument as the folder, and refuses any other. A command
// that takes more (search's QUERY) takes a first argument as the folder
// when it names one and others follow, and otherwise leaves the
// arguments alone. It returns the arguments left.
func (c *corpusFlags) takeFolder(args []string, more bool) ([]string, error) {
	switch {
	case len(args) == 0:
		return args, nil
	case more && (len(args) < 2 || c.dir != "" || !isDir(args[0])):
		return args, nil
	case c.dir != "":
		return args, usagef("corpus given twice: --corpus %s and %s", corpus.ShowName(c.dir), corpus.ShowName(args[0]))
	}
	c.dir, args = args[0], args[1:]
	if !more && len(args) > 0 {
		return args, usagef("unexpected argument %s", corpus.ShowName(args[0]))
	}
	return args, nil
}

// openPairs opens the workspace and returns its document pairs; see
// pairs. The caller closes the workspace.
func (c *corpusFlags) openPairs(ctx context.Context, e *env, purpose string) (*workspace.Workspace, []align.DocPair, error) {
	w, err := c.open(ctx, e, purpose)
	if err != nil {
		return nil, nil, err
	}
	pairs, err := c.pairs(ctx, e, w)
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	return w, pairs, nil
}

// pairs returns the workspace's document pairs (computed or cached,
// corrections applied), warning on stderr about lines of the workspace's
// files that were skipped and corrections that no longer fit.
func (c *corpusFlags) pairs(ctx context.Context, e *env, w *workspace.Workspace) ([]align.DocPair, error) {
	pairs, err := w.Pairs(ctx, align.NewAligner(), progressLine(e, workspace.StagePair))
	if err != nil {
		return nil, err
	}
	for _, s := range append(w.Problems(), w.Stale()...) {
		e.warnf("%s", s)
	}
	if n := w.Resumed(); n > 0 {
		e.warnf("took up an interrupted run: %d alignments it had saved were kept", n)
	}
	if err := w.NeedWrite(); errors.Is(err, workspace.ErrReadOnly) {
		e.warnf("nothing is saved: %v", err)
	}
	return pairs, nil
}

// name is how the corpus is shown to the user.
func (c *corpusFlags) name() string {
	if c.dir == "" {
		return "bundled sample corpus"
	}
	return corpus.ShowName(c.dir)
}

// load reads the corpus, warning on stderr about each file it skips.
func (c *corpusFlags) load(ctx context.Context, e *env) (*corpus.Corpus, error) {
	opts := corpus.Options{MaxSize: int64(c.maxSize), SkipDirs: []string{workspace.DirName}}
	var (
		cp  *corpus.Corpus
		err error
	)
	if c.dir == "" {
		cp, err = corpus.Load(ctx, hamta.Sample(), opts)
		if err != nil {
			return nil, fmt.Errorf("read bundled corpus: %w", err)
		}
	} else if cp, err = corpus.LoadDir(ctx, c.dir, opts); err != nil {
		return nil, err
	}
	for _, p := range cp.Problems {
		e.warnf("%s: skipped: %v", corpus.ShowName(p.Path), p.Err)
	}
	return cp, nil
}

// byteSize is a flag value for sizes such as 10MiB or 500k.
type byteSize int64

func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range []struct {
		unit string
		mult int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.mult && n%u.mult == 0 {
			return strconv.FormatInt(n/u.mult, 10) + u.unit
		}
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	t := strings.TrimSpace(strings.ToLower(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1000}, {"mb", 1000 * 1000}, {"gb", 1000 * 1000 * 1000}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("bad size %q: want a positive number of bytes, such as 1048576 or 10MiB", s)
	}
	*b = byteSize(n * float64(mult))
	return nil
}
