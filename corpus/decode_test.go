package corpus

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// persian is legacy-encodable Persian text (Arabic yeh and kaf, as
// Windows-1256 files have them).
const persian = "وزير امور خارجه در ديدار با رئيس دفتر سياسي گفت: آتش‌بس موقت يك پيروزي است.\n\nپاراگراف دوم «نقل قول»، با ويرگول."

func encode(t *testing.T, enc interface{ String(string) (string, error) }, s string) []byte {
	t.Helper()
	out, err := enc.String(s)
	if err != nil {
		t.Fatalf("encode fixture: %v", err)
	}
	return []byte(out)
}

func TestDecode(t *testing.T) {
	utf16le := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder()
	utf16be := xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewEncoder()
	cp1256 := charmap.Windows1256.NewEncoder()
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(1 + r.IntN(255)) // no NUL: must fail as undecodable, not binary
	}
	tests := []struct {
		name     string
		in       []byte
		wantText string
		wantEnc  string
		wantErr  error
	}{
		{"utf-8", []byte(persian), persian, EncUTF8, nil},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, persian...), persian, EncUTF8BOM, nil},
		{"utf-16le bom", encode(t, utf16le, persian), persian, EncUTF16LE, nil},
		{"utf-16be bom", encode(t, utf16be, persian), persian, EncUTF16BE, nil},
		{"windows-1256", encode(t, cp1256, persian), persian, EncWindows1256, nil},
		{"crlf", []byte("one\r\ntwo\rthree"), "one\ntwo\nthree", EncUTF8, nil},
		{"english ascii", []byte("Hello, world."), "Hello, world.", EncUTF8, nil},
		{"binary", []byte("PK\x03\x04\x00\x00data"), "", "", ErrBinary},
		{"empty", nil, "", "", ErrEmpty},
		{"white space only", []byte(" \n\t\n\u200c \r\n"), "", "", ErrEmpty},
		{"utf-16 white space only", encode(t, utf16le, " \n "), "", "", ErrEmpty},
		{"random bytes", random, "", "", ErrUndecodable},
		{"control characters", []byte("abc\x01\x02\x03\x04\x05\x06\x07\x08\xff\xfe\xfd"), "", "", ErrUndecodable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Decode error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got.Text != tt.wantText {
				t.Errorf("Decode text = %q, want %q", got.Text, tt.wantText)
			}
			if got.Encoding != tt.wantEnc {
				t.Errorf("Decode encoding = %q, want %q", got.Encoding, tt.wantEnc)
			}
		})
	}
}

func TestDecodeDamagedUTF8(t *testing.T) {
	// One stray byte in a long UTF-8 text is damage, not another encoding.
	text := strings.Repeat("آتش‌بس موقت برقرار شد. ", 200)
	raw := []byte(text[:1000] + "\xff" + text[1000:])
	got, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got.Encoding != EncUTF8 || got.Replaced != 1 {
		t.Errorf("encoding %q, replaced %d; want utf-8 with 1 replaced", got.Encoding, got.Replaced)
	}
	if !utf8.ValidString(got.Text) || !strings.ContainsRune(got.Text, utf8.RuneError) {
		t.Errorf("text not repaired: valid=%v", utf8.ValidString(got.Text))
	}
}

func TestDecodeUTF16UnpairedSurrogate(t *testing.T) {
	raw := []byte{0xFF, 0xFE, 'a', 0, 0x00, 0xD8, 'b', 0} // a, lone high surrogate, b
	got, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "a\uFFFDb" || got.Replaced != 1 {
		t.Errorf("got %q replaced %d", got.Text, got.Replaced)
	}
}
