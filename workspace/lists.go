package workspace

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"slices"

	"hamta/align"
)

// listsFile holds the candidate lists of the last full candidate search
// (align.CandidateLists), from which an edit's search starts.
const listsFile = "candidates.bin"

// listsMagic starts the lists file; the versions of the aligner and of
// the documents' features (which the lists were found from) follow it.
const listsMagic = "hamta candidate lists\n"

// readLists reads the candidate lists; missing, unreadable or of another
// aligner, they are empty, and pairing searches the whole corpus.
func (w *Workspace) readLists() *align.CandidateLists {
	b, err := w.readOptional(listsFile)
	if err != nil || b == nil {
		return &align.CandidateLists{}
	}
	l, err := decodeLists(b)
	if err != nil {
		return &align.CandidateLists{}
	}
	return l
}

// writeLists replaces the candidate lists.
func (w *Workspace) writeLists(l *align.CandidateLists) error {
	return WriteFileAtomic(w.Path(listsFile), func(f *os.File) error {
		_, err := f.Write(encodeLists(l))
		return err
	})
}

func listsVersion() string { return align.Version + " " + align.FeaturesVersion }

func encodeLists(l *align.CandidateLists) []byte {
	b := appendStr([]byte(listsMagic), listsVersion())
	b = binary.AppendUvarint(b, uint64(l.Keep))
	b = binary.AppendUvarint(b, uint64(l.NFA))
	b = binary.AppendUvarint(b, uint64(len(l.Docs)))
	for k, d := range l.Docs {
		b = appendStr(b, d.ID)
		b = appendStr(b, d.Hash)
		b = binary.AppendUvarint(b, uint64(len(l.Best[k])))
		for _, e := range l.Best[k] {
			b = binary.AppendUvarint(b, uint64(e.Doc))
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(e.Score))
		}
	}
	// Weights in key order, so that the same lists make the same file.
	keys := make([]string, 0, len(l.Weight))
	for k := range l.Weight {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendStr(b, k)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(l.Weight[k]))
	}
	return b
}

func decodeLists(b []byte) (*align.CandidateLists, error) {
	if !bytes.HasPrefix(b, []byte(listsMagic)) {
		return nil, errShortValue
	}
	d := &decoder{b: b[len(listsMagic):]}
	if d.str() != listsVersion() {
		return nil, errShortValue
	}
	l := &align.CandidateLists{Keep: int(d.uint()), NFA: int(d.uint())}
	n := d.count()
	l.Docs = make([]align.ListDoc, n)
	l.Best = make([][]align.ListEntry, n)
	for k := range l.Docs {
		l.Docs[k] = align.ListDoc{ID: d.str(), Hash: d.str()}
		l.Best[k] = make([]align.ListEntry, d.count())
		for i := range l.Best[k] {
			doc := d.uint()
			if doc >= uint64(n) {
				d.err = errShortValue
			}
			l.Best[k][i] = align.ListEntry{Doc: int32(doc), Score: d.float()}
		}
		if d.err != nil {
			return nil, d.err
		}
	}
	if l.NFA > n {
		return nil, errShortValue
	}
	nw := d.count()
	l.Weight = make(map[string]float64, nw)
	for range nw {
		k := d.str()
		l.Weight[k] = d.float()
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errShortValue
	}
	return l, d.err
}
