// Package workspace keeps what hamta computes from a corpus and what the
// user decides about it: the document pairs and their alignments (which can
// be rebuilt), the search index (likewise), and the user's pair rules and
// corrections (which a rebuild never throws away). A workspace is a folder:
// .hamta/ inside the corpus folder, or, for a corpus that is no folder on
// disk (the bundled sample), a folder in the user's cache directory.
//
// hamta marks a workspace it creates with a file holding the format
// version, and writes or deletes only inside a folder so marked: an
// existing folder it did not make is refused, and so is a .hamta that is a
// symbolic link, unless the user names it with --workspace.
//
// One process at a time may change a workspace; it holds a lock file that
// the system releases even if the process dies, and names itself in it.
// Others read the corpus, the pairs and the index, and are told who holds
// the workspace when they need to write.
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
	"syscall"

	"hamta/corpus"
	"hamta/internal/filelock"
)

// DirName is the workspace folder inside a corpus folder.
const DirName = ".hamta"

// Files of a workspace.
const (
	lockFile  = "lock"
	RulesFile = "pairs.txt"
)

// Access says what a process needs of the workspace.
type Access int

const (
	// Shared takes the workspace lock when it is free, and otherwise
	// reads the workspace without changing it.
	Shared Access = iota
	// Exclusive needs the lock: Open fails at once, before reading the
	// corpus, when another process holds it or it cannot be written.
	Exclusive
)

// Options say which corpus to open and where its workspace is.
type Options struct {
	// CorpusDir is the corpus folder on disk; its workspace is .hamta
	// inside it.
	CorpusDir string
	// FS is the corpus when it is no folder on disk (the bundled sample);
	// CorpusDir is then empty. With CorpusDir set, FS may be left nil.
	FS fs.FS
	// Name is how the corpus is shown; by default CorpusDir.
	Name string
	// CacheName names the workspace of an FS corpus in the user's cache
	// directory; it should change when the corpus does.
	CacheName string
	// Dir overrides the workspace folder (--workspace).
	Dir string
	// Corpus controls how files are read.
	Corpus corpus.Options
	// Access says whether this process must be able to write.
	Access Access
	// Purpose names this process for another that finds the workspace
	// in use ("hamta index", "the hamta browser").
	Purpose string
	// Library, when not nil, is the workspace's library as UpToDate just
	// read it, so that Load does not read it again (2 MB a hundred
	// thousand paragraphs). One out of date only makes Load read more
	// files: a file is taken unread when its size and time are those
	// the library recorded.
	Library *Library
}

// Workspace is an open corpus and its workspace folder.
type Workspace struct {
	// Dir is the workspace folder.
	Dir string
	// CorpusDir is the corpus folder, empty for a corpus that is no folder.
	CorpusDir string
	// Corpus is the corpus as read when the workspace was opened.
	Corpus *corpus.Corpus

	name     string
	lock     *os.File // held while this process may write; nil otherwise
	readOnly error    // why this process may not write, when it may not
	stale    []string // corrections that no longer fit, from the last Pairs
	problems []string // lines of the rules and corrections files skipped
	resumed  int      // alignments an interrupted run had saved
}

// Errors.
var (
	// ErrInUse says another process holds the workspace.
	ErrInUse = errors.New("workspace in use")
	// ErrReadOnly says the workspace folder cannot be written.
	ErrReadOnly = errors.New("workspace is read-only")
	// ErrNotWorkspace says a folder is not a workspace hamta made.
	ErrNotWorkspace = errors.New("not a hamta workspace")
)

// Open opens a corpus's workspace, creating and marking the folder if
// needed, and takes the workspace lock if no other process holds it (with
// Exclusive access, failing if one does); then it reads the corpus.
func Open(ctx context.Context, opts Options) (*Workspace, error) {
	w, err := open(opts)
	if err != nil {
		return nil, err
	}
	if err := w.load(ctx, opts, nil); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// open is Open without reading the corpus.
func open(opts Options) (*Workspace, error) {
	if opts.CorpusDir == "" && opts.FS == nil {
		return nil, errors.New("open workspace: no corpus given")
	}
	dir, err := resolveDir(opts)
	if err != nil {
		return nil, err
	}
	w := &Workspace{Dir: dir, CorpusDir: opts.CorpusDir, name: opts.Name}
	if w.name == "" {
		w.name = opts.CorpusDir
	}
	if err := claim(dir, opts); err != nil {
		if !isReadOnly(err) || opts.Access == Exclusive {
			return nil, err
		}
		// A folder hamta may not write in: the corpus is still read, and
		// nothing is saved.
		w.readOnly = err
		return w, nil
	}
	if err := w.tryLock(opts.Purpose); err != nil {
		if opts.Access == Exclusive {
			return nil, err
		}
		w.readOnly = err
	}
	return w, nil
}

// load reads the corpus.
func (w *Workspace) load(ctx context.Context, opts Options, stamps map[string]FileStamp) error {
	copts := opts.Corpus
	copts.SkipDirs = append(append([]string(nil), copts.SkipDirs...), DirName)
	var err error
	// Files read before are not parsed again.
	if parsed := w.openParsed(copts.MaxSize, stamps, opts.Library); parsed != nil {
		copts.Parsed = parsed
		// The documents are read by then: a pack not saved costs the next
		// run its parsing, not this one its corpus.
		defer parsed.close()
	}
	if opts.CorpusDir != "" && opts.FS == nil {
		w.Corpus, err = corpus.LoadDir(ctx, opts.CorpusDir, copts)
		return err
	}
	if w.Corpus, err = corpus.Load(ctx, opts.FS, copts); err != nil {
		return fmt.Errorf("read %s: %w", w.Name(), err)
	}
	return nil
}

// ResolveDir returns the workspace folder Open would use, without reading
// the corpus or checking the folder.
func ResolveDir(opts Options) (string, error) { return resolveDir(opts) }

// resolveDir finds the workspace folder: the override, .hamta inside the
// corpus folder, or a folder in the user's cache directory.
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
	name := opts.CacheName
	if name == "" {
		name = "corpus"
	}
	return filepath.Join(base, "hamta", name), nil
}

// tryLock takes the workspace lock without waiting and writes in the lock
// file who holds it. When another process holds it, or the folder cannot
// be written, it returns why.
func (w *Workspace) tryLock(purpose string) error {
	path := filepath.Join(w.Dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		if isReadOnly(err) {
			return fmt.Errorf("%w: %s (%v); use --workspace to keep hamta's files in another folder", ErrReadOnly, w.Dir, reason(err))
		}
		return fmt.Errorf("lock workspace %s: %w", w.Dir, err)
	}
	ok, err := filelock.TryLock(f)
	if err != nil || !ok {
		f.Close()
		if err != nil {
			return fmt.Errorf("lock workspace %s: %w", w.Dir, err)
		}
		b, _ := os.ReadFile(path)
		return fmt.Errorf("%w: %s holds %s; wait for it to finish or close it, or use --workspace", ErrInUse, holder(string(b)), w.Dir)
	}
	if purpose == "" {
		purpose = "hamta"
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+" "+purpose+"\n"), 0)
	}
	w.lock = f
	return nil
}

// holder describes a lock file's contents: "PID WHAT".
func holder(content string) string {
	content = strings.TrimSpace(content)
	pid, what, _ := strings.Cut(content, " ")
	if _, err := strconv.Atoi(pid); err != nil {
		return "another hamta process"
	}
	if what == "" {
		what = "hamta"
	}
	return fmt.Sprintf("%s (process %s)", corpus.ShowName(what), pid)
}

// isReadOnly reports whether an error says a file or folder cannot be
// written.
func isReadOnly(err error) bool {
	return errors.Is(err, ErrReadOnly) || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// reason is the system's reason in an error, without the path it names.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Writable reports whether this process holds the workspace lock.
func (w *Workspace) Writable() bool { return w.lock != nil }

// NeedWrite returns nil if this process may change the workspace, or an
// error saying why not: who holds it, or that it is read-only.
func (w *Workspace) NeedWrite() error {
	if w.lock != nil {
		return nil
	}
	if w.readOnly != nil {
		return w.readOnly
	}
	return fmt.Errorf("%w: %s is closed", ErrInUse, w.Dir)
}

// Close releases the lock.
func (w *Workspace) Close() error {
	if w.lock == nil {
		return nil
	}
	err := w.lock.Close()
	w.lock = nil
	w.readOnly = fmt.Errorf("%w: %s is closed", ErrInUse, w.Dir)
	return err
}

// Path returns the path of a file or folder of the workspace.
func (w *Workspace) Path(name string) string { return filepath.Join(w.Dir, name) }

// Name is how the corpus is shown to the user.
func (w *Workspace) Name() string {
	if w.name == "" {
		return "corpus"
	}
	return w.name
}

// readOptional reads a workspace file that may not exist yet.
func (w *Workspace) readOptional(name string) ([]byte, error) {
	b, err := os.ReadFile(w.Path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}
