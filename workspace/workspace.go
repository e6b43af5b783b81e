// Package workspace keeps what hamta computes from a corpus and what the
// user decides about it: the document pairs and their alignments (which can
// be rebuilt), the search index (likewise), and the user's pair rules and
// corrections (which a rebuild never throws away). A workspace is a folder:
// .hamta/ inside the corpus folder, or, for the read-only bundled corpus, a
// folder in the user's cache directory.
//
// One process at a time may change a workspace; it holds a lock file that
// the system releases even if the process dies. Others can still read the
// corpus and compute, and are told plainly when they need the lock.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"hamta"
	"hamta/corpus"
)

// DirName is the workspace folder inside a corpus folder.
const DirName = ".hamta"

// Files of a workspace.
const (
	lockFile  = "lock"
	RulesFile = "pairs.txt"
	cacheFile = "alignments.json"
)

// Options say which corpus to open and where its workspace is.
type Options struct {
	// CorpusDir is the corpus folder; empty for the bundled sample corpus.
	CorpusDir string
	// Dir overrides the workspace folder.
	Dir string
	// Corpus controls how files are read.
	Corpus corpus.Options
}

// Workspace is an open corpus and its workspace folder.
type Workspace struct {
	// Dir is the workspace folder.
	Dir string
	// CorpusDir is the corpus folder, empty for the bundled corpus.
	CorpusDir string
	// Corpus is the corpus as read when the workspace was opened.
	Corpus *corpus.Corpus

	lock   *os.File // held while this process may write; nil otherwise
	holder string   // who holds the lock when this process does not
	stale  []string // corrections that no longer fit, from the last Pairs
}

// ErrInUse says another process holds the workspace.
var ErrInUse = errors.New("workspace in use by another hamta process")

// Open reads the corpus and opens its workspace, creating the folder if
// needed, and takes the workspace lock if no other process holds it.
func Open(ctx context.Context, opts Options) (*Workspace, error) {
	w := &Workspace{CorpusDir: opts.CorpusDir}
	copts := opts.Corpus
	copts.SkipDirs = append(append([]string(nil), copts.SkipDirs...), DirName)
	var err error
	if opts.CorpusDir == "" {
		w.Corpus, err = corpus.Load(ctx, hamta.Sample(), copts)
		if err != nil {
			return nil, fmt.Errorf("read bundled corpus: %w", err)
		}
	} else if w.Corpus, err = corpus.LoadDir(ctx, opts.CorpusDir, copts); err != nil {
		return nil, err
	}
	w.Dir, err = resolveDir(opts)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(w.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("create workspace %s: %w", w.Dir, err)
	}
	if err := w.tryLock(); err != nil {
		return nil, err
	}
	return w, nil
}

// ResolveDir returns the workspace folder Open would use, without reading
// the corpus.
func ResolveDir(opts Options) (string, error) { return resolveDir(opts) }

// resolveDir finds the workspace folder: the override, .hamta inside the
// corpus folder, or a folder named for the bundled corpus's version in the
// user's cache directory.
func resolveDir(opts Options) (string, error) {
	switch {
	case opts.Dir != "":
		return filepath.Abs(opts.Dir)
	case opts.CorpusDir != "":
		return filepath.Abs(filepath.Join(opts.CorpusDir, DirName))
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "hamta", "sample-"+hamta.SampleVersion()), nil
}

// tryLock takes the workspace lock without waiting and records our pid in
// the lock file; if another process holds it, the workspace stays
// read-only and remembers who holds it.
func (w *Workspace) tryLock() error {
	path := filepath.Join(w.Dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		// A workspace we cannot write is still readable.
		w.holder = err.Error()
		return nil
	}
	ok, err := tryLock(f)
	if err != nil || !ok {
		b, _ := os.ReadFile(path)
		w.holder = strings.TrimSpace(string(b))
		if err != nil {
			w.holder = err.Error()
		}
		f.Close()
		return nil
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	w.lock = f
	return nil
}

// Writable reports whether this process holds the workspace lock.
func (w *Workspace) Writable() bool { return w.lock != nil }

// NeedWrite returns nil if this process may change the workspace, or an
// error saying who holds it.
func (w *Workspace) NeedWrite() error {
	if w.lock != nil {
		return nil
	}
	who := "another hamta process"
	if _, err := strconv.Atoi(w.holder); err == nil {
		who = "hamta process " + w.holder
	} else if w.holder != "" {
		who = w.holder
	}
	return fmt.Errorf("%w: %s holds %s; close it or use --workspace", ErrInUse, who, w.Dir)
}

// Close releases the lock.
func (w *Workspace) Close() error {
	if w.lock == nil {
		return nil
	}
	err := w.lock.Close()
	w.lock = nil
	return err
}

// Path returns the path of a file or folder of the workspace.
func (w *Workspace) Path(name string) string { return filepath.Join(w.Dir, name) }

// Name is how the corpus is shown to the user.
func (w *Workspace) Name() string {
	if w.CorpusDir == "" {
		return "bundled sample corpus"
	}
	return w.CorpusDir
}

// readOptional reads a workspace file that may not exist yet.
func (w *Workspace) readOptional(name string) ([]byte, error) {
	b, err := os.ReadFile(w.Path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}
