package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"hamta/corpus"
)

// markerFile marks a folder as a workspace hamta made, and says in which
// format.
const markerFile = "hamta-workspace"

// Format is the version of the workspace's layout that this hamta writes.
// A workspace of a newer format is refused rather than misread.
const Format = 1

const markerText = "hamta workspace format %d\n" +
	"This folder holds what hamta computed from a corpus (pairs, alignments,\n" +
	"the search index) and the pair rules and corrections made by hand.\n"

// claim makes sure dir is a workspace of hamta's: it creates and marks the
// folder when there is none (or an empty one), accepts one marked (of this
// format or an older one), and refuses anything else, saying why. Only a
// folder claimed is ever written to.
func claim(dir string, opts Options) error {
	if opts.Dir == "" && opts.CorpusDir != "" {
		if err := checkDotHamta(opts.CorpusDir, dir); err != nil {
			return err
		}
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		mkdir := os.MkdirAll
		if opts.Dir == "" && opts.CorpusDir != "" {
			// .hamta goes inside the corpus folder, which must exist.
			mkdir = os.Mkdir
		}
		if err := mkdir(dir, 0o777); err != nil {
			if isReadOnly(err) {
				where := filepath.Dir(dir)
				if opts.CorpusDir != "" && opts.Dir == "" {
					return fmt.Errorf("%w: cannot create %s in the corpus folder (%v); use --workspace DIR to keep hamta's files elsewhere", ErrReadOnly, corpus.ShowName(DirName), reason(err))
				}
				return fmt.Errorf("%w: cannot create %s in %s (%v); use --workspace DIR to keep hamta's files elsewhere", ErrReadOnly, corpus.ShowName(filepath.Base(dir)), corpus.ShowName(where), reason(err))
			}
			return fmt.Errorf("create workspace %s: %w", corpus.ShowName(dir), err)
		}
		return mark(dir)
	case err != nil:
		return fmt.Errorf("open workspace %s: %w", corpus.ShowName(dir), err)
	case !fi.IsDir():
		return fmt.Errorf("workspace %s: %w: it is a file, not a folder", corpus.ShowName(dir), ErrNotWorkspace)
	}
	if err := checkEntries(dir); err != nil {
		return err
	}
	b, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err == nil {
		return checkMarker(dir, b)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("open workspace %s: %w", corpus.ShowName(dir), err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("open workspace %s: %w", corpus.ShowName(dir), err)
	}
	if len(entries) > 0 && !earlyWorkspace(dir, entries) {
		return fmt.Errorf("%s: %w: the folder exists, holds files hamta did not make, and has no %s file; hamta writes only in a folder of its own: name a new or empty folder with --workspace",
			corpus.ShowName(dir), ErrNotWorkspace, markerFile)
	}
	if err := mark(dir); err != nil && !isReadOnly(err) {
		return err
	}
	return nil
}

// existingWorkspace is the folder of a workspace that must already be
// there, for reading it without taking it: checked as claim checks one,
// but nothing created. A folder with no marker gives absent's error.
func existingWorkspace(opts Options, absent func(dir string) error) (string, error) {
	dir, err := resolveDir(opts)
	if err != nil {
		return "", err
	}
	if opts.Dir == "" && opts.CorpusDir != "" {
		if err := checkDotHamta(opts.CorpusDir, dir); err != nil {
			return "", err
		}
	}
	b, err := readMarker(dir)
	if err != nil {
		return "", absent(dir)
	}
	if err := checkMarker(dir, b); err != nil {
		return "", err
	}
	if err := checkEntries(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// checkDotHamta refuses a .hamta that is a symbolic link or resolves
// outside the corpus folder: a corpus from elsewhere could point it at any
// folder of the user's. Named with --workspace, the same folder is used.
func checkDotHamta(corpusDir, dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return nil // none yet, or unreadable: claim says so
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(dir)
		return fmt.Errorf("%s is a symbolic link to %s: hamta does not follow it, as a corpus could point it anywhere; if that folder is your workspace, name it with --workspace %s",
			corpus.ShowName(dir), corpus.ShowName(target), corpus.ShowName(target))
	}
	real, err1 := filepath.EvalSymlinks(dir)
	root, err2 := filepath.EvalSymlinks(corpusDir)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			return fmt.Errorf("%s resolves to %s, outside the corpus folder; if that folder is your workspace, name it with --workspace", corpus.ShowName(dir), corpus.ShowName(real))
		}
	}
	return nil
}

// checkEntries refuses a workspace whose own files or folders are symbolic
// links: hamta would otherwise write or delete through them.
func checkEntries(dir string) error {
	names := []string{IndexDir, lockFile, markerFile, cacheFile, libraryFile, alignmentsFile, alignmentsFile + packIndexSuffix, featuresFile, featuresFile + packIndexSuffix, parsedFile, parsedFile + packIndexSuffix, legacyCacheFile, RulesFile, CorrectionsFile}
	for _, name := range append(names, legacyPairFiles...) {
		fi, err := os.Lstat(filepath.Join(dir, name))
		if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("workspace %s: %s is a symbolic link; hamta keeps its files in the workspace itself: replace the link with the file or folder it points to",
				corpus.ShowName(dir), corpus.ShowName(name))
		}
	}
	return nil
}

// readMarker reads a workspace's marker file.
func readMarker(dir string) ([]byte, error) {
	return os.ReadFile(filepath.Join(dir, markerFile))
}

// mark writes the marker file.
func mark(dir string) error {
	return WriteFileAtomic(filepath.Join(dir, markerFile), func(f *os.File) error {
		_, err := fmt.Fprintf(f, markerText, Format)
		return err
	})
}

// checkMarker reads a marker: "hamta workspace format N".
func checkMarker(dir string, b []byte) error {
	first, _, _ := strings.Cut(string(b), "\n")
	n, ok := strings.CutPrefix(strings.TrimSpace(first), "hamta workspace format ")
	v, err := strconv.Atoi(n)
	if !ok || err != nil || v < 1 {
		return fmt.Errorf("workspace %s: %w: %s is damaged (want \"hamta workspace format N\" on its first line)", corpus.ShowName(dir), ErrNotWorkspace, markerFile)
	}
	if v > Format {
		return fmt.Errorf("workspace %s is of format %d, made by a newer hamta; this one reads format %d: update hamta, or use another --workspace", corpus.ShowName(dir), v, Format)
	}
	return nil
}

// earlyWorkspace reports whether a folder without a marker is a workspace
// made by a hamta from before markers, or by a person preparing one: it
// holds nothing but the files hamta makes (pair rules and corrections
// among them), and, if it has an index folder, an index of hamta's.
func earlyWorkspace(dir string, entries []fs.DirEntry) bool {
	known := map[string]bool{lockFile: true, RulesFile: true, CorrectionsFile: true, IndexDir: true, IndexDir + ".old": true}
	for _, f := range legacyPairFiles {
		known[f] = true
	}
	for _, e := range entries {
		name := e.Name()
		if !known[name] && !strings.HasPrefix(name, IndexDir+".new-") && !(strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")) {
			return false
		}
	}
	idx := filepath.Join(dir, IndexDir)
	if fi, err := os.Stat(idx); err == nil && fi.IsDir() {
		ents, _ := os.ReadDir(idx)
		if len(ents) == 0 {
			return true
		}
		for _, m := range []string{"hamta-manifest.json", "manifest.json"} {
			if _, err := os.Stat(filepath.Join(idx, m)); err == nil {
				return true
			}
		}
		return false
	}
	return true
}
