package workspace

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"

	"hamta/corpus"
)

// parsedFile holds the documents parsed from every file of the corpus,
// one record per file name and content, so that reading the corpus
// again parses only the files that changed.
const parsedFile = "parsed.pack"

// parsedStore is the parsed-documents pack as a corpus.Parsed. Records are
// of this very program (its executable's hash is the pack's version) and
// of one size limit: another build or limit starts the pack afresh.
type parsedStore struct {
	p    *pack
	mu   sync.Mutex
	live map[string]bool // keys of the files read this run
	// unchanged are the files whose size and time are those the library
	// recorded, with the hash of their contents then.
	unchanged map[string]string
}

// openParsed opens the parsed-documents pack, or returns nil (parse every
// file) when the program's executable cannot be read.
//
// stamps are the corpus's files' sizes and times now: a file whose stamp
// is the one the library recorded when it was read is taken as it was
// then, unread, as the library itself does to tell nothing changed. lib
// is that library, read from the workspace when nil.
func (w *Workspace) openParsed(maxSize int64, stamps map[string]FileStamp, lib *Library) *parsedStore {
	version, err := parsedVersion(maxSize)
	if err != nil {
		return nil
	}
	p, err := openPack(w.Path(parsedFile), "parsed", version, w.Writable())
	if err != nil {
		return nil
	}
	s := &parsedStore{p: p, live: map[string]bool{}, unchanged: map[string]string{}}
	if lib == nil && stamps != nil {
		lib, _ = readLibrary(w.Dir)
	}
	if lib != nil && stamps != nil {
		for _, d := range lib.Docs {
			if st, ok := lib.Files[d.ID]; ok && stamps[d.ID] == st {
				s.unchanged[d.ID] = d.Hash
			}
		}
	}
	return s
}

// parsedVersion is the version of the parsed-documents pack: the
// program's and the size limit's.
func parsedVersion(maxSize int64) (string, error) {
	exe, err := executableHash()
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s %d", exe, maxSize), nil
}

// executableHash identifies the running program by its contents.
func executableHash() (string, error) {
	path, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// parsedKey keys a file's record by its name and the hex SHA-256 of its
// contents (a document's Hash).
func parsedKey(id, hash string) string { return id + "\x00" + hash }

func (s *parsedStore) Unchanged(id string) ([]*corpus.Document, bool) {
	h, ok := s.unchanged[id]
	if !ok {
		return nil, false
	}
	docs, ok := s.get(parsedKey(id, h))
	if !ok || len(docs) != 1 || docs[0].Hash != h {
		return nil, false
	}
	return docs, true
}

func (s *parsedStore) Parsed(id string, sum [32]byte) ([]*corpus.Document, bool) {
	return s.get(parsedKey(id, hex.EncodeToString(sum[:])))
}

// get reads a file's record, which stays in the pack.
func (s *parsedStore) get(key string) ([]*corpus.Document, bool) {
	var docs []*corpus.Document
	ok, err := s.p.read(key, func(b []byte) (err error) {
		docs, err = decodeDocs(b)
		return err
	})
	if err != nil || !ok {
		return nil, false
	}
	s.mu.Lock()
	s.live[key] = true
	s.mu.Unlock()
	return docs, true
}

// Keep keeps the documents of a file but a translation memory's, whose
// pairs are read with them.
func (s *parsedStore) Keep(id string, sum [32]byte, docs []*corpus.Document) {
	for _, d := range docs {
		if d.Premade != nil {
			return
		}
	}
	key := parsedKey(id, hex.EncodeToString(sum[:]))
	s.mu.Lock()
	s.live[key] = true
	s.mu.Unlock()
	// A pack that cannot be written is read as it is.
	_ = s.p.put(key, encodeDocs(docs))
}

// close drops the records of files no longer read, compacting the pack
// when they are many, and closes it.
func (s *parsedStore) close() error {
	defer s.p.close()
	if !s.p.write {
		return nil
	}
	if err := s.p.sync(); err != nil {
		return err
	}
	return s.p.compact(func(k string) bool { return s.live[k] })
}

// appendList writes a slice's length plus one, or 0 for a nil slice, so
// that nil and empty read back as they were.
func appendList(b []byte, n int, isNil bool) []byte {
	if isNil {
		return binary.AppendUvarint(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

// list reads what appendList wrote: the length, and whether it was nil.
func (d *decoder) list() (int, bool) {
	n := d.uint()
	if n == 0 || d.err != nil {
		return 0, true
	}
	if n-1 > uint64(len(d.b)) {
		d.err = errShortValue
		return 0, true
	}
	return int(n - 1), false
}

func encodeDocs(docs []*corpus.Document) []byte {
	b := binary.AppendUvarint(nil, uint64(len(docs)))
	for _, d := range docs {
		b = appendStr(b, d.ID)
		b = appendStr(b, string(d.Lang))
		b = appendList(b, len(d.Langs), d.Langs == nil)
		for _, l := range d.Langs {
			b = appendStr(b, string(l))
		}
		b = appendStr(b, d.Title)
		b = appendList(b, len(d.Meta), d.Meta == nil)
		for k, v := range d.Meta {
			b = appendStr(appendStr(b, k), v)
		}
		b = appendStr(b, d.Encoding)
		b = appendStr(b, string(d.Format))
		b = appendStr(b, d.Hash)
		b = binary.AppendUvarint(b, uint64(d.Size))
		b = appendList(b, len(d.Paragraphs), d.Paragraphs == nil)
		for _, p := range d.Paragraphs {
			b = binary.AppendUvarint(b, uint64(p.Index))
			b = appendStr(b, p.Text)
			b = appendStr(b, string(p.Lang))
			b = binary.AppendUvarint(b, uint64(p.Kind))
			b = binary.AppendUvarint(b, uint64(p.Line))
		}
		b = appendList(b, len(d.Warnings), d.Warnings == nil)
		for _, w := range d.Warnings {
			b = appendStr(b, w)
		}
		lines := byte(0)
		if d.Lines {
			lines = 1
		}
		b = append(b, lines)
	}
	return b
}

func decodeDocs(b []byte) ([]*corpus.Document, error) {
	d := newWholeDecoder(b)
	docs := make([]*corpus.Document, d.count())
	for i := range docs {
		doc := &corpus.Document{ID: d.str(), Lang: corpus.Lang(d.str())}
		if n, isNil := d.list(); !isNil {
			doc.Langs = make([]corpus.Lang, n)
			for k := range doc.Langs {
				doc.Langs[k] = corpus.Lang(d.str())
			}
		}
		doc.Title = d.str()
		if n, isNil := d.list(); !isNil {
			doc.Meta = make(map[string]string, n)
			for range n {
				k := d.str()
				doc.Meta[k] = d.str()
			}
		}
		doc.Encoding = d.str()
		doc.Format = corpus.Format(d.str())
		doc.Hash = d.str()
		doc.Size = int64(d.uint())
		if n, isNil := d.list(); !isNil {
			doc.Paragraphs = make([]corpus.Paragraph, n)
			for k := range doc.Paragraphs {
				p := &doc.Paragraphs[k]
				p.Index = int(d.uint())
				p.Text = d.str()
				p.Lang = corpus.Lang(d.str())
				p.Kind = corpus.Kind(d.uint())
				p.Line = int(d.uint())
			}
		}
		if n, isNil := d.list(); !isNil {
			doc.Warnings = make([]string, n)
			for k := range doc.Warnings {
				doc.Warnings[k] = d.str()
			}
		}
		doc.Lines = d.byte() == 1
		if d.err != nil {
			return nil, d.err
		}
		docs[i] = doc
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errShortValue
	}
	return docs, d.err
}
