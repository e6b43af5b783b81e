package corpus

import (
	"bytes"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Errors for files that cannot be read as text. They are wrapped with the
// file's name by the loader.
var (
	ErrBinary      = errors.New("binary file (NUL bytes)")
	ErrEmpty       = errors.New("empty file")
	ErrTooLarge    = errors.New("file too large")
	ErrUndecodable = errors.New("not UTF-8, UTF-16 or Windows-1256 text")
)

// Encoding names reported in Document.Encoding.
const (
	EncUTF8        = "utf-8"
	EncUTF8BOM     = "utf-8 (BOM)"
	EncUTF16LE     = "utf-16le"
	EncUTF16BE     = "utf-16be"
	EncWindows1256 = "windows-1256"
)

// maxInvalidShare is the largest share of bytes in invalid UTF-8 sequences
// that is still read as damaged UTF-8 (with U+FFFD in their place) rather
// than as another encoding.
const maxInvalidShare = 0.001

// Decoded is the result of Decode.
type Decoded struct {
	// Text is valid UTF-8 with line ends normalised to "\n".
	Text string
	// Encoding names the encoding the bytes were read as.
	Encoding string
	// Replaced counts invalid sequences replaced by U+FFFD.
	Replaced int
}

// Decode turns a file's bytes into text. It reads UTF-8 with or without a
// byte-order mark, UTF-16 with a byte-order mark, and Windows-1256 (legacy
// Persian) when the bytes are not UTF-8 but read plausibly as it. It fails
// with ErrBinary, ErrEmpty or ErrUndecodable.
func Decode(b []byte) (Decoded, error) {
	var d Decoded
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		d.Encoding = EncUTF8BOM
		d.Text, d.Replaced = validUTF8(b[3:])
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		endian, name := xunicode.LittleEndian, EncUTF16LE
		if b[0] == 0xFE {
			endian, name = xunicode.BigEndian, EncUTF16BE
		}
		out, err := xunicode.UTF16(endian, xunicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return d, ErrUndecodable
		}
		d.Encoding = name
		// The decoder puts U+FFFD in place of unpaired surrogates.
		d.Text, _ = validUTF8(out)
		d.Replaced = strings.Count(d.Text, string(utf8.RuneError))
		if strings.ContainsRune(d.Text, 0) {
			return d, ErrBinary
		}
	default:
		if bytes.IndexByte(b, 0) >= 0 {
			return d, ErrBinary
		}
		if utf8.Valid(b) {
			d.Encoding, d.Text = EncUTF8, string(b)
			break
		}
		if bad := invalidUTF8(b); float64(bad) <= maxInvalidShare*float64(len(b)) {
			d.Encoding = EncUTF8
			d.Text, d.Replaced = validUTF8(b)
			break
		}
		out, err := charmap.Windows1256.NewDecoder().Bytes(b)
		if err != nil || !plausibleText(string(out)) {
			return d, ErrUndecodable
		}
		d.Encoding, d.Text = EncWindows1256, string(out)
	}
	d.Text = normalizeNewlines(d.Text)
	if strings.TrimFunc(d.Text, isSpace) == "" {
		return d, ErrEmpty
	}
	return d, nil
}

// validUTF8 returns b as a string with every invalid sequence replaced by
// U+FFFD, and how many were replaced.
func validUTF8(b []byte) (string, int) {
	if utf8.Valid(b) {
		return string(b), 0
	}
	var sb strings.Builder
	sb.Grow(len(b))
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			n++
			sb.WriteRune(utf8.RuneError)
			b = b[1:]
			// A run of bad bytes is one replacement.
			for len(b) > 0 {
				if r, size := utf8.DecodeRune(b); r != utf8.RuneError || size > 1 {
					break
				}
				b = b[1:]
			}
			continue
		}
		sb.Write(b[:size])
		b = b[size:]
	}
	return sb.String(), n
}

// invalidUTF8 counts the bytes of b that are not part of a valid sequence.
func invalidUTF8(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			n++
		}
		b = b[size:]
	}
	return n
}

// plausibleText reports whether s, decoded from a single-byte code page,
// looks like text: no control characters besides white space, and almost
// every character a letter, digit, mark, space or punctuation.
func plausibleText(s string) bool {
	total, odd := 0, 0
	for _, r := range s {
		total++
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\f':
		case unicode.IsControl(r):
			return false
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsSpace(r),
			unicode.IsPunct(r), unicode.IsMark(r), r == '\u200c', r == '\u200d',
			r == '\u200e', r == '\u200f':
		default:
			odd++
		}
	}
	return total > 0 && float64(odd) <= 0.02*float64(total)
}

// normalizeNewlines turns "\r\n" and lone "\r" into "\n".
func normalizeNewlines(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200c' || r == '\u200b'
}
