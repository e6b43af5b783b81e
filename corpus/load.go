package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// DefaultMaxSize is the largest file read unless Options.MaxSize says
// otherwise.
const DefaultMaxSize = 10 << 20

// mixedShare is the share of letters a second script needs for a document
// to count as mixed.
const mixedShare = 0.1

// Options control how a corpus is read.
type Options struct {
	// MaxSize is the largest file, in bytes, that is read; larger files
	// are skipped with a warning. Zero means DefaultMaxSize.
	MaxSize int64
	// SkipDirs names directories to skip besides hidden ones (those whose
	// name starts with a dot), such as the workspace.
	SkipDirs []string
	// Parsed, when not nil, keeps the documents parsed from each file
	// between runs: Load parses only the files it does not hold.
	Parsed Parsed
}

// Parsed keeps the documents parsed from files, by the file's ID and the
// SHA-256 of its bytes. Load calls it from several goroutines at once.
type Parsed interface {
	// Unchanged returns the documents of a file the store knows to be
	// unchanged (by its size and time, say) without it being read, or
	// false.
	Unchanged(id string) ([]*Document, bool)
	// Parsed returns the documents kept for a file, or false.
	Parsed(id string, sum [32]byte) ([]*Document, bool)
	// Keep keeps the documents just parsed from a file.
	Keep(id string, sum [32]byte, docs []*Document)
}

func (o Options) maxSize() int64 {
	if o.MaxSize <= 0 {
		return DefaultMaxSize
	}
	return o.MaxSize
}

// Problem is a file that could not be read. The rest of the corpus loads
// without it.
type Problem struct {
	Path string // relative to the corpus root
	Err  error
}

// Error says which file and why.
func (p Problem) Error() string { return ShowName(p.Path) + ": " + p.Err.Error() }

// ErrSymlink says a file or folder of a corpus is a symbolic link, which
// is not followed: it could lead outside the corpus, or round in a loop.
var ErrSymlink = errors.New("symbolic link, not followed")

// ShowName returns a file name or document ID as it can be printed: as it
// is when it holds no control characters and no invisible characters
// that reorder text (bidi embeddings, overrides and isolates); otherwise
// in double quotes, with those characters, quotes and backslashes escaped
// as in Go ("a\nb.txt"), so that a name can never break a line, a table
// or a terminal, nor pass for another.
func ShowName(name string) string {
	if !needsEscape(name) {
		return name
	}
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&sb, `\x%02x`, name[i])
		case r == '"' || r == '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\t':
			sb.WriteString(`\t`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&sb, `\x%02x`, r)
		case unicode.IsControl(r) || isReordering(r):
			fmt.Fprintf(&sb, `\u%04x`, r)
		default:
			sb.WriteRune(r)
		}
		i += size
	}
	sb.WriteByte('"')
	return sb.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unicode.IsControl(r) || isReordering(r) {
			return true
		}
		i += size
	}
	return false
}

// isReordering reports the bidi embeddings, overrides and isolates, which
// reorder the text after them when it is shown.
func isReordering(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// Unwrap returns the reason.
func (p Problem) Unwrap() error { return p.Err }

// Corpus is a set of documents read from one folder.
type Corpus struct {
	// Docs are the documents read, ordered by ID.
	Docs []*Document
	// Problems are the files that could not be read, ordered by path.
	Problems []Problem
}

// Doc returns the document with the given ID, or nil.
func (c *Corpus) Doc(id string) *Document {
	// Docs are ordered by ID: search first, then look at every one in
	// case a caller changed the order.
	if i := sort.Search(len(c.Docs), func(i int) bool { return c.Docs[i].ID >= id }); i < len(c.Docs) && c.Docs[i].ID == id {
		return c.Docs[i]
	}
	for _, d := range c.Docs {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// IsTextFile reports whether a file name is one hamta reads, not hidden,
// with an extension FormatOf knows: text (".txt", ".text", none), HTML,
// DOCX, PDF or a translation memory.
func IsTextFile(name string) bool { return FormatOf(name) != "" }

// LoadDir reads every text file under dir; see Load.
func LoadDir(ctx context.Context, dir string, opts Options) (*Corpus, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open corpus %s: %w", ShowName(dir), err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("open corpus %s: not a directory", ShowName(dir))
	}
	c, err := Load(ctx, os.DirFS(dir), opts)
	if err != nil {
		return nil, fmt.Errorf("read corpus %s: %w", ShowName(dir), err)
	}
	return c, nil
}

// Load reads every text file of fsys, recursively, skipping hidden
// directories and those named in opts.SkipDirs. A file that cannot be read
// (binary, empty, too large, undecodable) is recorded in Problems and the
// rest load. Load fails only when the root cannot be listed or ctx ends.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Corpus, error) {
	skip := map[string]bool{}
	for _, d := range opts.SkipDirs {
		skip[d] = true
	}
	var paths []string
	c := &Corpus{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			c.Problems = append(c.Problems, Problem{Path: p, Err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || skip[d.Name()]) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && IsTextFile(d.Name()) {
			paths = append(paths, p)
		}
		if d.Type()&fs.ModeSymlink != 0 && !strings.HasPrefix(d.Name(), ".") && !skip[d.Name()] {
			// Said about like any other file not read: a link to a folder,
			// or to a file hamta would read.
			fi, err := fs.Stat(fsys, p)
			if (err == nil && fi.IsDir()) || ((err != nil || fi.Mode().IsRegular()) && IsTextFile(d.Name())) {
				c.Problems = append(c.Problems, Problem{Path: p, Err: ErrSymlink})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	docs := make([][]*Document, len(paths))
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	workers := min(runtime.GOMAXPROCS(0), max(len(paths), 1))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				docs[i], errs[i] = readFS(fsys, paths[i], opts)
			}
		}()
	}
feed:
	for i := range paths {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, p := range paths {
		if errs[i] != nil {
			c.Problems = append(c.Problems, Problem{Path: p, Err: errs[i]})
			continue
		}
		c.Docs = append(c.Docs, docs[i]...)
	}
	sort.SliceStable(c.Problems, func(i, j int) bool { return c.Problems[i].Path < c.Problems[j].Path })
	return c, nil
}

// readFS reads and parses one file of fsys, enforcing the size limit before
// reading.
func readFS(fsys fs.FS, p string, opts Options) ([]*Document, error) {
	if opts.Parsed != nil {
		if docs, ok := opts.Parsed.Unchanged(p); ok {
			return docs, nil
		}
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := readLimited(f, opts.maxSize())
	if err != nil {
		return nil, err
	}
	if opts.Parsed == nil {
		return ParseFile(p, raw, opts)
	}
	sum := sha256.Sum256(raw)
	if docs, ok := opts.Parsed.Parsed(p, sum); ok {
		return docs, nil
	}
	docs, err := ParseFile(p, raw, opts)
	if err == nil {
		opts.Parsed.Keep(p, sum, docs)
	}
	return docs, err
}

// readLimited reads all of r, failing with ErrTooLarge past limit bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Size() > limit {
			return nil, fmt.Errorf("%w (%d bytes, limit %d)", ErrTooLarge, fi.Size(), limit)
		}
	}
	raw, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) > limit {
		return nil, fmt.Errorf("%w (over %d bytes)", ErrTooLarge, limit)
	}
	return raw, nil
}

// ReadFile reads one file outside any corpus, by the format its name says
// (see FormatOf; a translation memory cannot be read as one document); the
// document's ID is the path as given.
func ReadFile(name string, opts Options) (*Document, error) {
	return readFileWith(name, opts, parseAny(opts))
}

// readFileWith reads a file within the size limit and builds a document
// from it with parse.
func readFileWith(name string, opts Options, parse func(id string, raw []byte) (*Document, error)) (*Document, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := readLimited(f, opts.maxSize())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	d, err := parse(name, raw)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return d, nil
}

// Parse builds a document from a file's bytes: it decodes them, rebuilds
// the paragraphs, detects languages, marks furniture and finds the title
// and metadata.
func Parse(id string, raw []byte) (*Document, error) {
	sum := sha256.Sum256(raw)
	dec, err := Decode(raw)
	if err != nil {
		return nil, err
	}
	doc := &Document{
		ID:       id,
		Encoding: dec.Encoding,
		Format:   FormatText,
		Hash:     hex.EncodeToString(sum[:]),
		Size:     int64(len(raw)),
	}
	if dec.Encoding != EncUTF8 && dec.Encoding != EncUTF8BOM {
		doc.Warnings = append(doc.Warnings, "read as "+dec.Encoding)
	}
	if dec.Replaced > 0 {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("%d invalid byte sequences replaced", dec.Replaced))
	}

	return parseText(doc, dec.Text)
}

// finish completes a document from its rebuilt paragraphs: kinds and
// metadata, languages, title.
func finish(doc *Document, raws []RawParagraph) (*Document, error) {
	if len(raws) == 0 {
		return nil, ErrEmpty
	}
	heading := make([]bool, len(raws))
	doc.Paragraphs = make([]Paragraph, len(raws))
	for i, r := range raws {
		doc.Paragraphs[i] = Paragraph{Index: i, Text: r.Text, Line: r.Line}
		heading[i] = r.Heading
	}
	doc.Meta = classify(doc.Paragraphs, heading)

	labelLangs(doc, mixedShare)
	switch {
	case doc.Lang == LangUnknown:
		doc.Warnings = append(doc.Warnings, "no Persian or English letters")
	case len(doc.Langs) > 1:
		doc.Warnings = append(doc.Warnings, "mixed "+string(doc.Langs[0])+"/"+string(doc.Langs[1]))
	}
	doc.Title = chooseTitle(doc.Paragraphs)
	return doc, nil
}

// ParseLines builds a document whose paragraphs are the file's lines, as
// they are, without rebuilding or furniture: for sentence-per-line files
// such as alignment test sets. Empty lines are kept as empty paragraphs so
// that line numbers and paragraph indices agree.
func ParseLines(id string, raw []byte) (*Document, error) {
	sum := sha256.Sum256(raw)
	dec, err := Decode(raw)
	if err != nil {
		return nil, err
	}
	doc := &Document{ID: id, Encoding: dec.Encoding, Hash: hex.EncodeToString(sum[:]), Size: int64(len(raw)), Meta: map[string]string{}, Lines: true}
	lines := strings.Split(strings.TrimSuffix(dec.Text, "\n"), "\n")
	for i, l := range lines {
		p := Paragraph{Index: i, Text: l, Line: i + 1}
		if noText(l) {
			p.Kind = Furniture
		}
		doc.Paragraphs = append(doc.Paragraphs, p)
	}
	labelLangs(doc, mixedShare)
	doc.Title = firstSentence(lines[0])
	return doc, nil
}

// ReadFileLines is ReadFile with ParseLines.
func ReadFileLines(name string, opts Options) (*Document, error) {
	return readFileWith(name, opts, ParseLines)
}
