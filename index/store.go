package index

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"

	"hamta/corpus"
	"hamta/internal/filelock"
)

// An index folder holds generations of the index, each a complete Bleve
// index in a folder of its own, and a manifest naming the current one:
//
//	manifest.json   {"format":2, "current":"gen-000007", …, "building":"gen-000008"}
//	lock            held by the one process writing
//	gen-000007/     a Bleve index (index_meta.json, store/) and docs.json,
//	                what each document was indexed from
//
// A generation never changes once the manifest names it. A writer makes
// the next one beside it, by hard-linking the current one's segment files
// (which Bleve's scorch engine never rewrites) and copying its small
// root.bolt, or from nothing for a full build; indexes what changed; and
// then replaces the manifest by rename. That rename is the only step that
// changes what readers see, so a crash at any point leaves the index as it
// was before or as it is after, never between. Readers keep the generation
// they opened, holding a shared lock on its root.bolt, and see the next one
// when they open again; a writer removes a generation only when it can
// lock that file, that is when no process has it open.
//
// A generation being built is named in the manifest as "building" and
// records in docs.json, now and then, which documents it holds complete,
// so a build cut short by Ctrl-C or a crash resumes where it stopped.
const (
	folderFormat  = 2
	manifestFile  = "manifest.json"
	docsFile      = "docs.json"
	lockFile      = "lock"
	genPrefix     = "gen-"
	rootBoltFile  = "root.bolt"
	bleveStoreDir = "store"
)

// folderManifest is manifest.json: which generation is current.
type folderManifest struct {
	Format     int    `json:"format"`
	Version    int    `json:"version"` // of the mapping and analysis
	Current    string `json:"current,omitempty"`
	Docs       int    `json:"docs"`
	Paragraphs int    `json:"paragraphs"`
	// Building is a generation being made, kept to resume it.
	Building string `json:"building,omitempty"`
	// FreshBytes and FreshParagraphs are the size of the last generation
	// built from nothing or compacted, and the paragraphs it held: what
	// a fresh build of the current one would take, in proportion.
	FreshBytes      int64 `json:"fresh_bytes,omitempty"`
	FreshParagraphs int   `json:"fresh_paragraphs,omitempty"`
}

// docsManifest is a generation's docs.json: what each document was indexed
// from. Complete is false while the generation is being built; documents
// whose Sig is empty may be partly indexed.
type docsManifest struct {
	Version  int                 `json:"version"`
	Complete bool                `json:"complete"`
	Docs     map[string]docEntry `json:"docs"`
}

func (m docsManifest) paragraphs() int {
	n := 0
	for _, d := range m.Docs {
		if d.Sig != "" {
			n += len(d.Paras)
		}
	}
	return n
}

// readFolderManifest reads manifest.json. A folder without one, or with
// one of another format or version, holds no usable index (ErrNotFound);
// one that cannot be parsed is damaged.
func readFolderManifest(dir string) (folderManifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return folderManifest{}, fmt.Errorf("open index %s: %w", corpus.ShowName(dir), ErrNotFound)
	}
	if err != nil {
		return folderManifest{}, fmt.Errorf("open index %s: %w", corpus.ShowName(dir), err)
	}
	var m folderManifest
	if err := json.Unmarshal(b, &m); err != nil {
		return folderManifest{}, fmt.Errorf("open index %s: %w (%s: %v)", corpus.ShowName(dir), ErrDamaged, manifestFile, err)
	}
	if m.Format != folderFormat || m.Version != version {
		return m, fmt.Errorf("open index %s: %w (made by another version of hamta)", corpus.ShowName(dir), ErrNotFound)
	}
	if m.Current == "" {
		return m, fmt.Errorf("open index %s: %w", corpus.ShowName(dir), ErrNotFound)
	}
	if !isGeneration(m.Current) {
		return m, fmt.Errorf("open index %s: %w (%s names %q)", corpus.ShowName(dir), ErrDamaged, manifestFile, m.Current)
	}
	return m, nil
}

// writeFolderManifest replaces manifest.json atomically: the commit point
// of every change to the index.
func writeFolderManifest(dir string, m folderManifest) error {
	m.Format, m.Version = folderFormat, version
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, manifestFile), b); err != nil {
		return fmt.Errorf("write index manifest: %w", err)
	}
	return nil
}

// readDocs reads a generation's docs.json.
func readDocs(gen string) (docsManifest, error) {
	b, err := os.ReadFile(filepath.Join(gen, docsFile))
	if err != nil {
		return docsManifest{}, err
	}
	var m docsManifest
	if err := json.Unmarshal(b, &m); err != nil {
		return docsManifest{}, fmt.Errorf("%s: %w", docsFile, err)
	}
	if m.Version != version {
		return docsManifest{}, fmt.Errorf("%s: made by another version of hamta", docsFile)
	}
	if m.Docs == nil {
		m.Docs = map[string]docEntry{}
	}
	return m, nil
}

func writeDocs(gen string, m docsManifest) error {
	m.Version = version
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(gen, docsFile), b); err != nil {
		return fmt.Errorf("write index manifest: %w", err)
	}
	return nil
}

// writeFileAtomic writes a file through a temporary file beside it,
// flushed to disk, and a rename; then flushes the folder.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir flushes a folder's entries so a rename survives a crash; not
// every system allows it, and a failure only weakens that guarantee.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func isGeneration(name string) bool {
	n, ok := strings.CutPrefix(name, genPrefix)
	if !ok || n == "" {
		return false
	}
	_, err := strconv.ParseUint(n, 10, 64)
	return err == nil
}

// generations lists the generation folders of dir, oldest first.
func generations(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if e.IsDir() && isGeneration(e.Name()) {
			out = append(out, e.Name())
		}
	}
	sort.Slice(out, func(i, j int) bool { return genNumber(out[i]) < genNumber(out[j]) })
	return out
}

func genNumber(name string) uint64 {
	n, _ := strconv.ParseUint(strings.TrimPrefix(name, genPrefix), 10, 64)
	return n
}

// nextGeneration names a generation newer than any in dir.
func nextGeneration(dir string, m folderManifest) string {
	var top uint64
	for _, g := range append(generations(dir), m.Current, m.Building) {
		top = max(top, genNumber(g))
	}
	return fmt.Sprintf("%s%06d", genPrefix, top+1)
}

// writeLock is the lock of the one process writing an index folder.
type writeLock struct{ f *os.File }

// lockWriter creates the index folder if needed and takes its write
// lock, without waiting.
func lockWriter(dir string) (*writeLock, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("create index %s: %w", corpus.ShowName(dir), err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("lock index %s: %w", corpus.ShowName(dir), err)
	}
	ok, err := filelock.TryLock(f)
	if err != nil || !ok {
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("lock index %s: %w", corpus.ShowName(dir), err)
		}
		return nil, fmt.Errorf("update index %s: %w (another process is writing it)", corpus.ShowName(dir), ErrInUse)
	}
	return &writeLock{f}, nil
}

func (l *writeLock) unlock() { l.f.Close() }

// removeUnused removes the generations of dir that the manifest names
// neither as current nor as building and that no process has open, and
// what earlier versions of hamta left in the folder. It removes only
// names it made.
func removeUnused(dir string, m folderManifest) {
	for _, g := range generations(dir) {
		if g == m.Current || g == m.Building {
			continue
		}
		removeGeneration(filepath.Join(dir, g))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			os.Remove(filepath.Join(dir, e.Name()))
		}
		// A compaction cut short.
		if g, ok := strings.CutSuffix(e.Name(), ".compact"); ok && isGeneration(g) && e.IsDir() {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
	removeLegacy(dir)
}

// removeLegacy removes what hamta's first index layout left: one Bleve
// index in the folder itself, and the siblings it was swapped through.
func removeLegacy(dir string) {
	if _, err := os.Stat(filepath.Join(dir, "hamta-manifest.json")); err == nil {
		if release, ok := lockBleve(dir); ok {
			os.RemoveAll(filepath.Join(dir, bleveStoreDir))
			os.Remove(filepath.Join(dir, "index_meta.json"))
			os.Remove(filepath.Join(dir, "hamta-manifest.json"))
			release()
		}
	}
	for _, sib := range append([]string{dir + ".old"}, globOr(dir+".new-*")...) {
		if _, err := os.Stat(filepath.Join(sib, "index_meta.json")); err == nil {
			removeGeneration(sib)
		}
	}
}

func globOr(pattern string) []string {
	m, _ := filepath.Glob(pattern)
	return m
}

// removeGeneration removes a generation folder unless a process has it
// open.
func removeGeneration(path string) {
	if release, ok := lockBleve(path); ok {
		os.RemoveAll(path)
		release()
	}
}

// lockBleve takes a lock on the root.bolt of the Bleve index in path,
// which succeeds only when no process has the index open, and returns its
// release. An index with no root.bolt needs no lock.
func lockBleve(path string) (release func(), ok bool) {
	f, err := os.Open(filepath.Join(path, bleveStoreDir, rootBoltFile))
	if err != nil {
		return func() {}, true
	}
	if ok, _ := filelock.TryLock(f); !ok {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}

// cloneGeneration makes dst a copy of the generation src that can be
// changed without changing src: segment files, which Bleve never rewrites,
// are hard-linked (copied where links are not possible); root.bolt and the
// rest are copied.
func cloneGeneration(src, dst string) error {
	if err := os.MkdirAll(filepath.Join(dst, bleveStoreDir), 0o777); err != nil {
		return err
	}
	if err := copyFile(filepath.Join(src, "index_meta.json"), filepath.Join(dst, "index_meta.json")); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(src, bleveStoreDir))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		from, to := filepath.Join(src, bleveStoreDir, e.Name()), filepath.Join(dst, bleveStoreDir, e.Name())
		if strings.HasSuffix(e.Name(), ".zap") {
			if err := os.Link(from, to); err == nil {
				continue
			}
		}
		if err := copyFile(from, to); err != nil {
			return err
		}
	}
	return nil
}

// cloneLive makes dst a clone of the generation src, whose index bi has
// open, holding only what bi's current snapshot uses: a new root.bolt
// with that snapshot alone and hard links to its segment files. Files an
// earlier merge left behind are not carried forward. It falls back to
// cloneGeneration when bi cannot be copied.
func cloneLive(bi bleve.Index, src, dst string) error {
	c, ok := bi.(bleve.IndexCopyable)
	if !ok {
		return cloneGeneration(src, dst)
	}
	if err := os.MkdirAll(filepath.Join(dst, bleveStoreDir), 0o777); err != nil {
		return err
	}
	return c.CopyTo(linkDirectory{src: src, dst: dst})
}

// linkDirectory is where Bleve copies an index to: segment files, which
// never change, are hard-linked from src (copied where links are not
// possible) and skipped by Bleve; the rest are written in dst.
type linkDirectory struct{ src, dst string }

// GetWriter returns the file to write path into, or nil for a segment
// file it has linked.
func (d linkDirectory) GetWriter(path string) (io.WriteCloser, error) {
	to := filepath.Join(d.dst, path)
	if err := os.MkdirAll(filepath.Dir(to), 0o777); err != nil {
		return nil, err
	}
	if strings.HasSuffix(path, ".zap") {
		from := filepath.Join(d.src, path)
		if err := os.Link(from, to); err != nil {
			if err := copyFile(from, to); err != nil {
				return nil, err
			}
		}
		return nil, nil
	}
	return os.OpenFile(to, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// verifySegments checks every segment file of a generation against the
// checksum in its footer, which Bleve does not check when it opens one:
// a flipped bit or a torn write shows here rather than as wrong hits.
func verifySegments(gen string) error {
	entries, err := os.ReadDir(filepath.Join(gen, bleveStoreDir))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".zap") {
			continue
		}
		if err := verifySegment(filepath.Join(gen, bleveStoreDir, e.Name())); err != nil {
			return fmt.Errorf("segment %s: %w", e.Name(), err)
		}
	}
	return nil
}

// verifySegment checks a zap segment: its last four bytes are the CRC-32
// (IEEE) of all the bytes before them.
func verifySegment(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() < 4 {
		return fmt.Errorf("truncated (%d bytes)", fi.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, bufio.NewReaderSize(io.LimitReader(f, fi.Size()-4), 1<<20)); err != nil {
		return err
	}
	var tail [4]byte
	if _, err := io.ReadFull(f, tail[:]); err != nil {
		return err
	}
	if binary.BigEndian.Uint32(tail[:]) != h.Sum32() {
		return errors.New("checksum mismatch (damaged or truncated)")
	}
	return nil
}

// bleveConfig is how every generation is opened.
func bleveConfig(readOnly bool) map[string]interface{} {
	cfg := map[string]interface{}{"bolt_timeout": boltTimeout}
	if readOnly {
		cfg["read_only"] = true
	}
	return cfg
}

// openGeneration opens one generation's Bleve index. Any failure other
// than another process holding it means the files are damaged; a panic in
// Bleve or bbolt reading them counts as one.
func openGeneration(path string, readOnly bool) (bi bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			bi, err = nil, fmt.Errorf("%w (%v)", ErrDamaged, r)
		}
	}()
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%w (%s is missing)", ErrDamaged, filepath.Base(path))
	}
	bi, err = bleve.OpenUsing(path, bleveConfig(readOnly))
	switch {
	case err == nil:
		return bi, nil
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("%w (another process holds %s)", ErrInUse, filepath.Base(path))
	}
	return nil, damaged(path, err)
}

// damaged is the error for a generation that cannot be used: Bleve's own
// message can mislead ("error parsing mapping JSON" when a segment is
// damaged), so a damaged segment, the likelier cause, is named instead
// when there is one.
func damaged(gen string, err error) error {
	if verr := verifySegments(gen); verr != nil {
		return fmt.Errorf("%w (%v)", ErrDamaged, verr)
	}
	if errors.Is(err, ErrDamaged) {
		return err
	}
	return fmt.Errorf("%w (%s)", ErrDamaged, firstLine(err.Error()))
}

// newGeneration creates an empty generation.
func newGeneration(path string) (bleve.Index, error) {
	os.RemoveAll(path)
	return bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, bleveConfig(false))
}

// firstLine keeps the first line of a message: Bleve's errors can carry a
// whole mapping after it.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
