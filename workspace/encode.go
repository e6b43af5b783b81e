package workspace

import (
	"encoding/binary"
	"errors"
	"math"

	"hamta/align"
	"hamta/corpus"
)

// The values of the packs are written in a compact binary form: numbers
// as unsigned varints, strings as their length and bytes.

var errShortValue = errors.New("value cut short")

type decoder struct {
	b   []byte
	err error
	// intern, when not nil, shares the strings read among values.
	intern map[string]string
	// whole, when not empty, is the value as one string, of which b is
	// the part not read yet: the strings read are cut from it, one
	// allocation for all of them (a value read whole keeps them all).
	whole string
}

// newWholeDecoder reads b with its strings cut from one copy of it.
func newWholeDecoder(b []byte) *decoder {
	return &decoder{b: b, whole: string(b)}
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShortValue
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) { // every element takes at least a byte
		d.err = errShortValue
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	b := d.b[:n]
	if d.whole != "" {
		at := len(d.whole) - len(d.b)
		d.b = d.b[n:]
		return d.whole[at : at+n]
	}
	d.b = d.b[n:]
	if d.intern != nil {
		if s, ok := d.intern[string(b)]; ok {
			return s
		}
		s := string(b)
		d.intern[s] = s
		return s
	}
	return string(b)
}

// skipStr passes over a string.
func (d *decoder) skipStr() {
	if n := d.count(); d.err == nil {
		d.b = d.b[n:]
	}
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errShortValue
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) float() float64 {
	if d.err != nil || len(d.b) < 8 {
		d.err = errShortValue
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return x
}

func appendStr(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendInts(b []byte, xs []int) []byte {
	b = binary.AppendUvarint(b, uint64(len(xs)))
	for _, x := range xs {
		b = binary.AppendUvarint(b, uint64(x))
	}
	return b
}

func (d *decoder) ints() []int {
	n := d.count()
	out := make([]int, n) // empty, not nil, as the aligner makes it
	for i := range out {
		out[i] = int(d.uint())
	}
	return out
}

const (
	beadMoved = 1 << iota
	beadConfirmed
	beadCorrected
)

// encodeBeads writes an alignment.
func encodeBeads(beads []align.Bead) []byte {
	b := binary.AppendUvarint(nil, uint64(len(beads)))
	for _, bd := range beads {
		var flags byte
		if bd.Moved {
			flags |= beadMoved
		}
		if bd.Confirmed {
			flags |= beadConfirmed
		}
		if bd.Corrected {
			flags |= beadCorrected
		}
		b = append(b, flags)
		b = appendInts(b, bd.A)
		b = appendInts(b, bd.B)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(bd.Score))
		b = binary.AppendUvarint(b, uint64(len(bd.Anchors)))
		for _, a := range bd.Anchors {
			b = append(b, byte(a.Kind))
			b = appendStr(b, a.Key)
			b = appendStr(b, a.A)
			b = appendStr(b, a.B)
		}
	}
	return b
}

// decodeBeads reads what encodeBeads wrote.
func decodeBeads(b []byte) ([]align.Bead, error) {
	return decodeBeadsAnchored(b, true)
}

// decodeLinks reads what encodeBeads wrote but the beads' anchors.
func decodeLinks(b []byte) ([]align.Bead, error) {
	return decodeBeadsAnchored(b, false)
}

func decodeBeadsAnchored(b []byte, anchored bool) ([]align.Bead, error) {
	d := &decoder{b: b}
	if anchored {
		d = newWholeDecoder(b)
	}
	out := make([]align.Bead, d.count())
	for i := range out {
		bd := &out[i]
		flags := d.byte()
		bd.Moved, bd.Confirmed, bd.Corrected = flags&beadMoved != 0, flags&beadConfirmed != 0, flags&beadCorrected != 0
		bd.A, bd.B = d.ints(), d.ints()
		bd.Score = d.float()
		if n := d.count(); n > 0 && anchored {
			bd.Anchors = make([]align.Anchor, n)
			for k := range bd.Anchors {
				bd.Anchors[k] = align.Anchor{Kind: align.AnchorKind(d.byte()), Key: d.str(), A: d.str(), B: d.str()}
			}
		} else {
			for range n {
				d.byte()
				d.skipStr()
				d.skipStr()
				d.skipStr()
			}
		}
		if d.err != nil {
			return nil, d.err
		}
	}
	return out, d.err
}

// encodeFeatures writes a document's features.
func encodeFeatures(f *align.DocFeatures) []byte {
	b := appendStr(nil, f.Hash)
	b = appendStr(b, string(f.Lang))
	b = binary.AppendUvarint(b, uint64(len(f.Keys)))
	for _, k := range f.Keys {
		b = appendStr(b, k)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Paras)))
	for _, p := range f.Paras {
		b = binary.AppendUvarint(b, uint64(p.Index))
		b = binary.AppendUvarint(b, uint64(p.Len))
		b = binary.AppendUvarint(b, uint64(len(p.Keys)))
		prev := int32(0)
		for _, k := range p.Keys { // sorted: as differences
			b = binary.AppendUvarint(b, uint64(k-prev))
			prev = k
		}
	}
	return b
}

// decodeFeatures reads what encodeFeatures wrote, sharing key strings
// through intern.
func decodeFeatures(b []byte, intern map[string]string) (*align.DocFeatures, error) {
	d := &decoder{b: b, intern: intern}
	f := &align.DocFeatures{Hash: d.str(), Lang: corpus.Lang(d.str())}
	f.Keys = make([]string, d.count())
	for i := range f.Keys {
		f.Keys[i] = d.str()
	}
	f.Paras = make([]align.ParaFeatures, d.count())
	for i := range f.Paras {
		p := &f.Paras[i]
		p.Index, p.Len = int(d.uint()), int(d.uint())
		p.Keys = make([]int32, d.count())
		prev := int32(0)
		for k := range p.Keys {
			prev += int32(d.uint())
			if int(prev) >= len(f.Keys) {
				d.err = errShortValue
			}
			p.Keys[k] = prev
		}
		if d.err != nil {
			return nil, d.err
		}
	}
	return f, d.err
}
