package workspace

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"hamta/corpus"
)

// ErrRefused says hamta will not write a file where it was asked to, and
// why; with --force, some refusals are lifted.
var ErrRefused = errors.New("refused")

// ExportsDir is the folder inside a workspace where the browser writes
// exports unless told otherwise: the one part of the workspace whose files
// are the user's, and so the one part WriteOutput writes in.
const ExportsDir = "exports"

// ExportsPath is the workspace's exports folder.
func (w *Workspace) ExportsPath() string { return filepath.Join(w.Dir, ExportsDir) }

// MakeExportsDir creates the exports folder if it is not there.
func (w *Workspace) MakeExportsDir() error {
	if err := os.MkdirAll(w.ExportsPath(), 0o777); err != nil {
		return fmt.Errorf("make the exports folder: %w", err)
	}
	return nil
}

// WriteOutput writes a file the user named, such as an export, without
// losing anything:
//
//   - the data goes to a temporary file in the target's folder and
//     replaces the target by rename, so an interrupt or a failed write
//     leaves the old file whole and no half-written one;
//   - a new file's permissions follow the umask; a file replaced keeps its
//     own;
//   - it never overwrites a file of the corpus (by any path or hard link)
//     nor writes inside the workspace, but for its exports folder;
//   - it does not replace a symbolic link, write into a special file (a
//     named pipe, a device) or break a file's hard links, unless force is
//     set: then it writes to the link's target, into the special file, or
//     into the hard-linked file in place, keeping its links.
func (w *Workspace) WriteOutput(path string, force bool, write func(io.Writer) error) error {
	o, err := w.planOutput(path, force)
	if err != nil {
		return err
	}
	if o.inPlace {
		f, err := os.OpenFile(o.target, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", corpus.ShowName(path), err)
		}
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", corpus.ShowName(path), err)
		}
		return nil
	}
	return WriteFileAtomic(o.target, func(f *os.File) error { return write(f) })
}

// CheckOutput says whether WriteOutput would refuse to write path, so a
// command can stop before long work.
func (w *Workspace) CheckOutput(path string, force bool) error {
	_, err := w.planOutput(path, force)
	return err
}

// output is where and how WriteOutput writes.
type output struct {
	target  string // the file written: path, or the file its link points to
	inPlace bool   // write into the file rather than replace it
}

func (w *Workspace) planOutput(path string, force bool) (output, error) {
	if path == "" {
		return output{}, fmt.Errorf("write: no file named")
	}
	shown := corpus.ShowName(path)
	refuse := func(format string, args ...any) (output, error) {
		return output{}, fmt.Errorf("%w to write %s: %s", ErrRefused, shown, fmt.Sprintf(format, args...))
	}
	o := output{target: path}
	fi, err := os.Lstat(path)
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		link, _ := os.Readlink(path)
		if !force {
			return refuse("it is a symbolic link (to %s); --force writes to the file it points to", corpus.ShowName(link))
		}
		if o.target, err = filepath.EvalSymlinks(path); err != nil {
			return refuse("it is a symbolic link to %s, which does not exist", corpus.ShowName(link))
		}
		fi, err = os.Lstat(o.target)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return output{}, fmt.Errorf("write %s: %w", shown, err)
	case fi.IsDir():
		return refuse("it is a folder; name a file in it")
	case !fi.Mode().IsRegular():
		if !force {
			return refuse("it is a special file (%s); use -o - for standard output, or --force to write into it", fileKind(fi.Mode()))
		}
		o.inPlace = true
	case links(fi) > 1:
		if !force {
			return refuse("it has %d hard links, which replacing it would break; --force writes into it in place, keeping them", links(fi))
		}
		o.inPlace = true
	}
	if err := w.checkOutput(o.target, fi); err != nil {
		return refuse("%v", err)
	}
	return o, nil
}

// checkOutput refuses a target inside the workspace, or one that is a file
// of the corpus. fi is the target's own information, nil when it does not
// exist yet.
func (w *Workspace) checkOutput(target string, fi fs.FileInfo) error {
	dir, err := filepath.Abs(filepath.Dir(target))
	if err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	if within(dir, w.Dir) && !within(dir, w.ExportsPath()) {
		return fmt.Errorf("it is inside hamta's workspace %s, whose files hamta keeps for itself; choose another path", corpus.ShowName(w.Dir))
	}
	if fi == nil || w.CorpusDir == "" || w.Corpus == nil {
		return nil
	}
	// Only a file inside the corpus folder, or one with other names
	// (hard links), can be one of its files.
	if !within(dir, w.CorpusDir) && links(fi) < 2 {
		return nil
	}
	paths := make([]string, 0, len(w.Corpus.Docs)+len(w.Corpus.Problems))
	for _, d := range w.Corpus.Docs {
		paths = append(paths, d.ID)
	}
	for _, p := range w.Corpus.Problems {
		paths = append(paths, p.Path)
	}
	for _, id := range paths {
		if cf, err := os.Stat(filepath.Join(w.CorpusDir, filepath.FromSlash(id))); err == nil && os.SameFile(fi, cf) {
			return fmt.Errorf("it is the corpus file %s; choose another path", corpus.ShowName(id))
		}
	}
	return nil
}

// within reports whether path is dir or inside it, comparing resolved
// paths.
func within(path, dir string) bool {
	d, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	if real, err := filepath.EvalSymlinks(d); err == nil {
		d = real
	}
	rel, err := filepath.Rel(d, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}
