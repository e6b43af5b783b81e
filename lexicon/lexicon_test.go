package lexicon

import (
	"bytes"
	"context"
	"errors"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hamta/corpus"
)

// toyDict is a small dictionary the toy corpus is written from; the
// Persian side has forms with suffixes and written-apart phrases, the
// English side inflected forms, so learning must go through Tokens.
var toyDict = [][2]string{
	{"کتاب‌ها", "books"}, {"زلزله", "earthquake"}, {"روستاهای", "villages"},
	{"دانشگاه", "university"}, {"تهران", "Tehran"}, {"لرستان", "Lorestan"},
	{"آتش بس", "ceasefire"}, {"نوار غزه", "Gaza Strip"}, {"هلال احمر", "Red Crescent"},
	{"وزیر", "minister"}, {"سرخک", "measles"}, {"واکسن", "vaccine"},
	{"تورم", "inflation"}, {"بانک", "bank"}, {"دلار", "dollar"}, {"خبرنگار", "reporter"},
	{"فوتبال", "football"}, {"ورزشگاه", "stadium"}, {"پژوهشگران", "researchers"},
	{"حسگر", "sensor"}, {"باران", "rain"}, {"سیلاب", "flood"}, {"پرواز", "flight"},
	{"سفیر", "ambassador"},
}

// toyPairs writes n segment pairs, each of a few dictionary words in
// random order on each side, with function words and a number between.
func toyPairs(n int, seed uint64) []Pair {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]Pair, n)
	for i := range out {
		k := 3 + r.IntN(4)
		var fa, en []string
		for range k {
			w := toyDict[r.IntN(len(toyDict))]
			fa = append(fa, w[0], "و")
			en = append(en, "the", w[1], "and")
		}
		num := r.IntN(500)
		fa = append(fa, "در", string(rune('۰'+num%10)))
		en = append(en, "in", string(rune('0'+num%10)))
		r.Shuffle(len(en), func(a, b int) { en[a], en[b] = en[b], en[a] })
		out[i] = Pair{FA: strings.Join(fa, " "), EN: strings.Join(en, " "), Weight: 1}
	}
	return out
}

func TestLearnToy(t *testing.T) {
	lex, err := Learn(context.Background(), toyPairs(400, 1), Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range toyDict {
		tr := lex.Translations(w[0], corpus.LangFA)
		if len(tr) == 0 {
			t.Errorf("%s: no translation, want %s", w[0], w[1])
			continue
		}
		if got := tr[0].EN; !strings.EqualFold(got, w[1]) {
			t.Errorf("%s: best translation %q (%.2f), want %q", w[0], got, tr[0].Score, w[1])
		}
		back := lex.Translations(w[1], corpus.LangEN)
		if len(back) == 0 || back[0].FATerm != tr[0].FATerm {
			t.Errorf("%s: translation back is %v, want %s", w[1], back, tr[0].FATerm)
		}
	}
	// Any written form of a word finds its entries.
	for _, form := range []string{"کتاب", "کتابها", "کتاب ها", "آتش‌بس", "آتشبس", "نوار غزه"} {
		if len(lex.Translations(form, corpus.LangFA)) == 0 {
			t.Errorf("%s: no translation", form)
		}
	}
	if tr := lex.Translations("the Gaza Strip", corpus.LangEN); len(tr) == 0 || tr[0].FA != "نوار غزه" {
		t.Errorf("Gaza Strip: %v, want نوار غزه", tr)
	}
	for _, e := range lex.Entries() {
		if e.Score <= 0 || e.Score > 1 || e.Count < 1 {
			t.Errorf("entry %+v: score or count out of range", e)
		}
	}
}

func TestLearnCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Learn(ctx, toyPairs(3000, 2), Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Learn on a cancelled context: %v, want context.Canceled", err)
	}
}

func TestLearnEmpty(t *testing.T) {
	for _, pairs := range [][]Pair{nil, {{FA: "", EN: ""}}, {{FA: "و در به", EN: "the of in"}}} {
		lex, err := Learn(context.Background(), pairs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if lex.Len() != 0 || lex.Translations("کتاب", corpus.LangFA) != nil || lex.Score([]int32{0}, []int32{0}) != 0 {
			t.Errorf("lexicon of %v is not empty", pairs)
		}
	}
}

func TestScore(t *testing.T) {
	lex, err := Learn(context.Background(), toyPairs(400, 3), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(text string, lang corpus.Lang) []int32 { return lex.IDs(Tokens(text, lang), lang) }
	fa := ids("وزیر و سفیر در تهران", corpus.LangFA)
	good := lex.Score(fa, ids("The minister and the ambassador in Tehran", corpus.LangEN))
	half := lex.Score(fa, ids("The minister in Tehran saw football", corpus.LangEN))
	bad := lex.Score(fa, ids("Measles and inflation", corpus.LangEN))
	if !(good > half && half > bad) || good < 0.3 || bad != 0 {
		t.Errorf("Score: translation %.3f, half %.3f, unrelated %.3f; want them decreasing, the last 0", good, half, bad)
	}
	f, e := lex.TermID(Tokens("وزیر", corpus.LangFA)[0].Term, corpus.LangFA), lex.TermID("minist", corpus.LangEN)
	if p := lex.Prob(f, e); p <= 0 || p > 1 {
		t.Errorf("Prob(وزیر, minister) = %v", p)
	}
	if p := lex.Prob(f, -1); p != 0 {
		t.Errorf("Prob of an unknown term = %v", p)
	}
}

// TestMatch checks Match against Score for one segment a side, and what
// it counts for several: each term with its best translation in any
// segment of the other side.
func TestMatch(t *testing.T) {
	lex, err := Learn(context.Background(), toyPairs(400, 3), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(text string, lang corpus.Lang) []int32 { return lex.IDs(Tokens(text, lang), lang) }
	fa := ids("وزیر و سفیر در تهران", corpus.LangFA)
	for _, en := range []string{"The minister and the ambassador in Tehran", "The minister in Tehran saw football", "Measles and inflation"} {
		e := ids(en, corpus.LangEN)
		sf, nf, se, ne := lex.Match([][]int32{fa}, [][]int32{e})
		if nf != len(fa) || ne != len(e) {
			t.Errorf("%q: Match counts %d and %d terms, want %d and %d", en, nf, ne, len(fa), len(e))
		}
		if got, want := (sf+se)/float64(max(1, nf+ne)), lex.Score(fa, e); len(e) > 0 && math.Abs(got-want) > 1e-6 {
			t.Errorf("%q: Match gives %.4f, Score %.4f", en, got, want)
		}
	}
	// The English split in two segments: the Persian terms find their
	// translations in either, each English term in the Persian.
	e1, e2 := ids("The minister and the ambassador", corpus.LangEN), ids("in Tehran", corpus.LangEN)
	whole := ids("The minister and the ambassador in Tehran", corpus.LangEN)
	sf, _, se, ne := lex.Match([][]int32{fa}, [][]int32{e1, e2})
	wf, _, we, _ := lex.Match([][]int32{fa}, [][]int32{whole})
	if math.Abs(sf-wf) > 1e-6 || math.Abs(se-we) > 1e-6 || ne != len(e1)+len(e2) {
		t.Errorf("split English: sums %.3f %.3f (%d terms), whole %.3f %.3f", sf, se, ne, wf, we)
	}
	// A side with no terms: the other side's terms count, with nothing.
	if sf, nf, se, ne := lex.Match([][]int32{fa}, nil); sf != 0 || se != 0 || ne != 0 || nf != len(fa) {
		t.Errorf("Match against nothing: %v %d %v %d", sf, nf, se, ne)
	}
}

// TestTermer checks that a Termer gives the indices IDs gives, for every
// paragraph of the fixtures, twice (the second time from its memory).
func TestTermer(t *testing.T) {
	gold := loadGold(t)
	lex, err := Learn(context.Background(), goldPairs(gold), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []corpus.Lang{corpus.LangFA, corpus.LangEN} {
		tm := lex.NewTermer(lang)
		for range 2 {
			for _, g := range gold {
				d := g.FA
				if lang == corpus.LangEN {
					d = g.EN
				}
				for _, p := range d.Paragraphs {
					want := lex.IDs(Tokens(p.Text, lang), lang)
					if got := tm.IDs(p.Text); !slices.Equal(got, want) {
						t.Fatalf("%s: Termer gives %v, IDs %v for %q", lang, got, want, p.Text)
					}
				}
			}
		}
	}
}

func TestSaveLoad(t *testing.T) {
	lex, err := Learn(context.Background(), toyPairs(300, 4), Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "lexicon")
	if err := lex.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	a, b := lex.Entries(), got.Entries()
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("%d entries saved, %d loaded", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.FA != y.FA || x.EN != y.EN || x.FATerm != y.FATerm || x.ENTerm != y.ENTerm || x.Count != y.Count || math.Abs(x.Score-y.Score) > 1e-4 {
			t.Errorf("entry %d: saved %+v, loaded %+v", i, x, y)
		}
	}
	if tr := got.Translations("وزیر", corpus.LangFA); len(tr) == 0 || tr[0].EN != "minister" {
		t.Errorf("loaded lexicon: وزیر → %v", tr)
	}
}

func TestDecodeDamaged(t *testing.T) {
	lex, err := Learn(context.Background(), toyPairs(200, 5), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := lex.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x20
	for name, data := range map[string][]byte{
		"empty":     nil,
		"foreign":   []byte("PK\x03\x04 not a lexicon at all"),
		"truncated": good[:len(good)/2],
		"flipped":   flipped,
	} {
		if _, err := Decode(data); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: Decode error %v, want ErrFormat", name, err)
		}
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	lex, err := Learn(context.Background(), toyPairs(60, 6), Options{})
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	lex.WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte(fileMagic + "\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The checksum hides most damage; fix it up so the fuzzer reaches
		// the parser.
		if len(data) >= len(fileMagic)+4 {
			data = fixChecksum(data)
		}
		l, err := Decode(data)
		if err != nil {
			return
		}
		for _, e := range l.Entries() {
			l.Translations(e.FA, corpus.LangFA)
			l.Translations(e.EN, corpus.LangEN)
		}
		l.Score([]int32{0}, []int32{0})
	})
}

// fixChecksum replaces the last four bytes of data with the checksum of
// the rest.
func fixChecksum(data []byte) []byte {
	data = bytes.Clone(data)
	body := data[:len(data)-4]
	sum := crc32IEEE(body)
	data[len(data)-4] = byte(sum)
	data[len(data)-3] = byte(sum >> 8)
	data[len(data)-2] = byte(sum >> 16)
	data[len(data)-1] = byte(sum >> 24)
	return data
}

func crc32IEEE(b []byte) uint32 { return crc32.ChecksumIEEE(b) }
