package workspace

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"sort"
	"sync"

	"github.com/blevesearch/mmap-go"
)

// A pack is a file of records, each a key and a value, appended as they
// are made: alignments (one record per pair of documents and kind) and
// document features (one per document content). Reading one record reads
// only it, through an index of where each key's last record lies; a
// record written again supersedes the old one, which stays as dead space
// until the pack is compacted. A crash can only cut the last record
// short, and that one is dropped when the pack is opened again: the pack
// is its own journal.
//
// The file starts with a header line naming its kind and the version of
// what it holds; a record is the key's length and the value's (unsigned
// varints), the key, the value, and the CRC-32 of all of those. The
// index file beside it (NAME.idx) names the pack size it covers; records
// past that are found by reading on from there.
type pack struct {
	path   string
	header string
	f      *os.File
	write  bool

	mu    sync.RWMutex
	index map[string]packEntry
	size  int64 // end of the last whole record
	dead  int64 // bytes of records superseded
	// indexed is the size the index file covered when opened.
	indexed int64
	// view maps the records a writable pack held when opened: reading
	// one is then a copy, not a system call. Only the process that holds
	// the workspace maps a pack, because only it may cut one short.
	view mmap.MMap
}

type packEntry struct {
	off int64 // of the value
	n   int32 // the value's length
	rec int32 // the whole record's length
}

const packIndexSuffix = ".idx"

// openPack opens the pack at path, or starts an empty one when it is
// missing or holds another kind or version (writable only). A pack that
// cannot be written is read as it is.
func openPack(path, kind, version string, writable bool) (*pack, error) {
	p := &pack{path: path, header: "hamta-pack 1 " + kind + " " + version + "\n", write: writable, index: map[string]packEntry{}}
	flag := os.O_RDONLY
	if writable {
		flag = os.O_RDWR | os.O_CREATE
	}
	f, err := os.OpenFile(path, flag, 0o666)
	if err != nil {
		if !writable && errors.Is(err, fs.ErrNotExist) {
			return p, nil // nothing to read
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	p.f = f
	head := make([]byte, len(p.header))
	if _, err := f.ReadAt(head, 0); err != nil || string(head) != p.header {
		if !writable {
			f.Close()
			p.f = nil
			return p, nil
		}
		if err := p.reset(); err != nil {
			f.Close()
			return nil, err
		}
		return p, nil
	}
	p.size = int64(len(p.header))
	p.readIndex()
	if err := p.scan(); err != nil {
		f.Close()
		return nil, err
	}
	if writable {
		// A pack that cannot be mapped is read record by record.
		p.view, _ = mmap.MapRegion(f, int(p.size), mmap.RDONLY, 0, 0)
	}
	return p, nil
}

// unmap drops the view, before the file is replaced or closed.
func (p *pack) unmap() {
	if p.view != nil {
		p.view.Unmap()
		p.view = nil
	}
}

// reset empties the pack, leaving only its header.
func (p *pack) reset() error {
	if err := p.f.Truncate(0); err != nil {
		return fmt.Errorf("write %s: %w", p.path, err)
	}
	if _, err := p.f.WriteAt([]byte(p.header), 0); err != nil {
		return fmt.Errorf("write %s: %w", p.path, err)
	}
	os.Remove(p.path + packIndexSuffix)
	p.index = map[string]packEntry{}
	p.size, p.dead, p.indexed = int64(len(p.header)), 0, int64(len(p.header))
	return nil
}

// readIndex reads the index file when it fits the pack, setting size to
// the part of the pack it covers.
func (p *pack) readIndex() {
	b, err := os.ReadFile(p.path + packIndexSuffix)
	if err != nil || len(b) < 8+len(p.header) || !bytes.HasPrefix(b, []byte(p.header)) {
		return
	}
	body := b[len(p.header) : len(b)-4]
	if crc32.ChecksumIEEE(b[:len(b)-4]) != binary.BigEndian.Uint32(b[len(b)-4:]) {
		return
	}
	r := bytes.NewReader(body)
	covered, err := binary.ReadUvarint(r)
	if err != nil {
		return
	}
	dead, _ := binary.ReadUvarint(r)
	fi, err := p.f.Stat()
	if err != nil || int64(covered) > fi.Size() {
		return // the pack was cut shorter than the index knew
	}
	index := map[string]packEntry{}
	for r.Len() > 0 {
		k, err1 := readBytes(r)
		off, err2 := binary.ReadUvarint(r)
		n, err3 := binary.ReadUvarint(r)
		rec, err4 := binary.ReadUvarint(r)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			return
		}
		index[string(k)] = packEntry{off: int64(off), n: int32(n), rec: int32(rec)}
	}
	p.index, p.size, p.dead, p.indexed = index, int64(covered), int64(dead), int64(covered)
}

// scan reads the records past size, adding them to the index; a record
// cut short or damaged ends the pack there (and is cut off when the
// pack is writable).
func (p *pack) scan() error {
	fi, err := p.f.Stat()
	if err != nil {
		return err
	}
	r := bufio.NewReaderSize(io.NewSectionReader(p.f, p.size, fi.Size()-p.size), 1<<20)
	pos := p.size
	for {
		k, v, n, err := readRecord(r)
		if err != nil {
			break
		}
		p.add(string(k), pos+int64(n)-int64(len(v))-4, len(v), n)
		pos += int64(n)
	}
	p.size = pos
	if pos < fi.Size() && p.write {
		if err := p.f.Truncate(pos); err != nil {
			return fmt.Errorf("write %s: %w", p.path, err)
		}
	}
	return nil
}

func (p *pack) add(key string, off int64, n, rec int) {
	if old, ok := p.index[key]; ok {
		p.dead += int64(old.rec)
	}
	p.index[key] = packEntry{off: off, n: int32(n), rec: int32(rec)}
}

// readRecord reads one record and returns its key, value and length.
func readRecord(r *bufio.Reader) (key, val []byte, n int, err error) {
	h := crc32.NewIEEE()
	var lens [2]uint64
	var hdr []byte
	for i := range lens {
		x, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, nil, 0, err
		}
		if x > 1<<30 {
			return nil, nil, 0, errors.New("record too long")
		}
		lens[i] = x
		hdr = binary.AppendUvarint(hdr, x)
	}
	buf := make([]byte, lens[0]+lens[1]+4)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, nil, 0, err
	}
	h.Write(hdr)
	h.Write(buf[:len(buf)-4])
	if h.Sum32() != binary.BigEndian.Uint32(buf[len(buf)-4:]) {
		return nil, nil, 0, errors.New("damaged record")
	}
	return buf[:lens[0]], buf[lens[0] : lens[0]+lens[1]], len(hdr) + len(buf), nil
}

func readBytes(r *bytes.Reader) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(r.Len()) {
		return nil, errors.New("bad index")
	}
	b := make([]byte, n)
	_, err = io.ReadFull(r, b)
	return b, err
}

// record encodes one record.
func record(key string, val []byte) []byte {
	out := binary.AppendUvarint(nil, uint64(len(key)))
	out = binary.AppendUvarint(out, uint64(len(val)))
	out = append(out, key...)
	out = append(out, val...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out))
}

// get returns the value of a key's last record.
func (p *pack) get(key string) ([]byte, bool, error) {
	var out []byte
	ok, err := p.read(key, func(b []byte) error {
		out = append([]byte(nil), b...)
		return nil
	})
	return out, ok && err == nil, err
}

// read passes the value of a key's last record to fn, which must not
// keep it: it may be the pack's mapped memory. It reports whether the
// key has a record, and fn's error.
func (p *pack) read(key string, fn func(b []byte) error) (bool, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, ok := p.index[key]
	if !ok || p.f == nil {
		return false, nil
	}
	if end := e.off + int64(e.n); end <= int64(len(p.view)) {
		return true, fn(p.view[e.off:end])
	}
	b := make([]byte, e.n)
	if _, err := p.f.ReadAt(b, e.off); err != nil {
		return false, fmt.Errorf("read %s: %w", p.path, err)
	}
	return true, fn(b)
}

// has reports whether a key has a record.
func (p *pack) has(key string) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	_, ok := p.index[key]
	return ok
}

// put appends a record. It is written at once, and reaches the disk by
// the next sync.
func (p *pack) put(key string, val []byte) error {
	if !p.write || p.f == nil {
		return fmt.Errorf("write %s: %w", p.path, ErrReadOnly)
	}
	rec := record(key, val)
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, err := p.f.WriteAt(rec, p.size); err != nil {
		return fmt.Errorf("write %s: %w", p.path, err)
	}
	p.add(key, p.size+int64(len(rec)-len(val)-4), len(val), len(rec))
	p.size += int64(len(rec))
	return nil
}

// sync flushes what was appended to the disk.
func (p *pack) sync() error {
	if !p.write || p.f == nil {
		return nil
	}
	return p.f.Sync()
}

// keys lists the keys, sorted.
func (p *pack) keys() []string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]string, 0, len(p.index))
	for k := range p.index {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// appendedAfter counts the keys whose last record lies past size: what a
// run that did not finish appended after the last one that did.
func (p *pack) appendedAfter(size int64) int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	n := 0
	for _, e := range p.index {
		if e.off >= size {
			n++
		}
	}
	return n
}

// compact rewrites the pack with only the last record of each key keep
// accepts, when the rest would be at least half of it: so that a corpus
// changed many times keeps a pack of the size a fresh build makes.
func (p *pack) compact(keep func(key string) bool) error {
	if !p.write || p.f == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var live int64
	var keys []string
	for k, e := range p.index {
		if keep(k) {
			live += int64(e.rec)
			keys = append(keys, k)
		}
	}
	if waste := p.size - int64(len(p.header)) - live; waste*2 < p.size || waste < 1<<16 {
		return nil
	}
	sort.Slice(keys, func(i, j int) bool { return p.index[keys[i]].off < p.index[keys[j]].off })
	p.unmap()
	index := make(map[string]packEntry, len(keys))
	var size int64
	err := WriteFileAtomic(p.path, func(f *os.File) error {
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(p.header)
		size = int64(len(p.header))
		for _, k := range keys {
			e := p.index[k]
			b := make([]byte, e.n)
			if _, err := p.f.ReadAt(b, e.off); err != nil {
				return err
			}
			rec := record(k, b)
			if _, err := w.Write(rec); err != nil {
				return err
			}
			index[k] = packEntry{off: size + int64(len(rec)-len(b)-4), n: e.n, rec: int32(len(rec))}
			size += int64(len(rec))
		}
		return w.Flush()
	})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(p.path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w", p.path, err)
	}
	p.f.Close()
	p.f, p.index, p.size, p.dead = f, index, size, 0
	return nil
}

// close writes the index file (when the pack is writable) and closes the
// pack.
func (p *pack) close() error {
	if p.f == nil {
		return nil
	}
	p.unmap()
	var err error
	if p.write && p.size != p.indexed {
		err = p.writeIndex()
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	p.f = nil
	return err
}

func (p *pack) writeIndex() error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return WriteFileAtomic(p.path+packIndexSuffix, func(f *os.File) error {
		out := []byte(p.header)
		out = binary.AppendUvarint(out, uint64(p.size))
		out = binary.AppendUvarint(out, uint64(p.dead))
		keys := make([]string, 0, len(p.index))
		for k := range p.index {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			e := p.index[k]
			out = binary.AppendUvarint(out, uint64(len(k)))
			out = append(out, k...)
			out = binary.AppendUvarint(out, uint64(e.off))
			out = binary.AppendUvarint(out, uint64(e.n))
			out = binary.AppendUvarint(out, uint64(e.rec))
		}
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out))
		_, err := f.Write(out)
		return err
	})
}
