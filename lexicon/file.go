package lexicon

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"unicode/utf8"
)

// The file form of a lexicon: the magic, then unsigned varints: the
// format version, the numbers of Persian terms, English terms and
// entries; each language's terms in sorted order, each as its term and
// readable form (length-prefixed UTF-8); the entries in the lexicon's
// order, each as the Persian term's index minus the previous entry's,
// the English term's index, the count and the score in 1/65535ths; the
// entries' order by English term, as indices; and the CRC-32 (IEEE) of
// everything before it, four bytes little-endian. Decoding it costs one
// pass and no sorting.
const (
	fileMagic   = "HAMTALEX"
	fileVersion = 1
)

// ErrFormat is wrapped by the errors Decode returns for data that is not
// a lexicon file or is damaged.
var ErrFormat = errors.New("not a hamta lexicon file")

// WriteTo writes the lexicon in its file form.
func (l *Lexicon) WriteTo(w io.Writer) (int64, error) {
	crc := crc32.NewIEEE()
	cw := &countWriter{w: io.MultiWriter(w, crc)}
	bw := bufio.NewWriterSize(cw, 64<<10)
	var buf [binary.MaxVarintLen64]byte
	uv := func(v uint64) {
		n := binary.PutUvarint(buf[:], v)
		bw.Write(buf[:n])
	}
	str := func(s string) {
		uv(uint64(len(s)))
		bw.WriteString(s)
	}
	bw.WriteString(fileMagic)
	uv(fileVersion)
	uv(uint64(len(l.fa.terms)))
	uv(uint64(len(l.en.terms)))
	uv(uint64(len(l.ent)))
	for _, v := range []*vocab{&l.fa, &l.en} {
		for i := range v.terms {
			str(v.terms[i])
			str(v.surfaces[i])
		}
	}
	prev := int32(0)
	for _, e := range l.ent {
		uv(uint64(e.fa - prev))
		prev = e.fa
		uv(uint64(e.en))
		uv(uint64(e.count))
		uv(uint64(math.Round(float64(e.score) * 65535)))
	}
	for _, i := range l.byEN {
		uv(uint64(i))
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], crc.Sum32())
	n, err := w.Write(sum[:])
	return cw.n + int64(n), err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Decode reads a lexicon from its file form. Damaged or foreign data
// gives an error wrapping ErrFormat, never a panic.
func Decode(data []byte) (*Lexicon, error) {
	if len(data) < len(fileMagic)+4 || string(data[:len(fileMagic)]) != fileMagic {
		return nil, fmt.Errorf("%w: no header", ErrFormat)
	}
	body := data[:len(data)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, fmt.Errorf("%w: checksum mismatch (the file is damaged)", ErrFormat)
	}
	// One string holds every term; the terms are slices of it.
	all := string(body)
	d := decoder{s: all, i: len(fileMagic)}
	if v := d.uv(); v != fileVersion {
		if d.err != nil {
			return nil, d.err
		}
		return nil, fmt.Errorf("%w: version %d, want %d", ErrFormat, v, fileVersion)
	}
	nfa, nen, nent := d.count(), d.count(), d.count()
	if d.err != nil {
		return nil, d.err
	}
	l := &Lexicon{}
	for _, side := range []struct {
		v *vocab
		n int
	}{{&l.fa, nfa}, {&l.en, nen}} {
		side.v.terms = make([]string, side.n)
		side.v.surfaces = make([]string, side.n)
		for i := range side.n {
			side.v.terms[i] = d.str()
			side.v.surfaces[i] = d.str()
			if d.err == nil && i > 0 && side.v.terms[i-1] >= side.v.terms[i] {
				d.fail("terms out of order")
			}
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	l.ent = make([]entry, nent)
	prev := uint64(0)
	for i := range l.ent {
		fa := prev + d.uv()
		en, count, score := d.uv(), d.uv(), d.uv()
		if d.err != nil {
			return nil, d.err
		}
		if fa >= uint64(nfa) || en >= uint64(nen) || count > math.MaxInt32 || score > 65535 {
			return nil, fmt.Errorf("%w: entry %d out of range", ErrFormat, i)
		}
		prev = fa
		l.ent[i] = entry{fa: int32(fa), en: int32(en), count: int32(count), score: float32(score) / 65535}
	}
	l.byEN = make([]int32, nent)
	seen := make([]bool, nent)
	for i := range l.byEN {
		j := d.uv()
		if d.err != nil {
			return nil, d.err
		}
		if j >= uint64(nent) || seen[j] {
			return nil, fmt.Errorf("%w: English index %d invalid", ErrFormat, i)
		}
		seen[j] = true
		l.byEN[i] = int32(j)
		if i > 0 && l.ent[l.byEN[i-1]].en > l.ent[j].en {
			return nil, fmt.Errorf("%w: English index out of order", ErrFormat)
		}
	}
	if d.i != len(all) {
		return nil, fmt.Errorf("%w: %d bytes of trailing data", ErrFormat, len(all)-d.i)
	}
	l.faStart = starts(nfa, len(l.ent), func(i int) int32 { return l.ent[i].fa })
	l.enStart = starts(nen, len(l.ent), func(i int) int32 { return l.ent[l.byEN[i]].en })
	return l, nil
}

// starts returns the offsets of each key's run in a list of n items
// sorted by key.
func starts(keys, n int, key func(int) int32) []int32 {
	out := make([]int32, keys+1)
	for i := range n {
		out[key(i)+1]++
	}
	for i := range keys {
		out[i+1] += out[i]
	}
	return out
}

// decoder reads varints and strings, remembering the first error.
type decoder struct {
	s   string
	i   int
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at byte %d", ErrFormat, what, d.i)
	}
}

func (d *decoder) uv() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if d.i >= len(d.s) || shift > 63 {
			d.fail("truncated number")
			return 0
		}
		b := d.s[d.i]
		d.i++
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
}

// count reads a number of items, each of which takes at least a byte.
func (d *decoder) count() int {
	v := d.uv()
	if v > uint64(len(d.s)) {
		d.fail("count too large")
		return 0
	}
	return int(v)
}

func (d *decoder) str() string {
	n := d.uv()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.s)-d.i) {
		d.fail("truncated text")
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	if !utf8.ValidString(s) {
		d.fail("invalid UTF-8")
		return ""
	}
	return s
}

// Read reads a lexicon in its file form from r.
func Read(r io.Reader) (*Lexicon, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Decode(data)
}

// Load reads a lexicon file.
func Load(path string) (*Lexicon, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load lexicon: %w", err)
	}
	l, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("load lexicon %s: %w", path, err)
	}
	return l, nil
}

// Save writes the lexicon to path, atomically: it writes a temporary
// file beside it, syncs it and renames it over path, so that a crash
// leaves the old file or the new one, never half of one.
func (l *Lexicon) Save(path string) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("save lexicon: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("save lexicon %s: %w", path, err)
		}
	}()
	if _, err = l.WriteTo(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
