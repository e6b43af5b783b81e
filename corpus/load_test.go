package corpus

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func TestLoadSampleCorpus(t *testing.T) {
	c, err := LoadDir(context.Background(), "../testdata/corpus", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 0 {
		t.Errorf("problems: %v", c.Problems)
	}
	want := []struct {
		id    string
		lang  Lang
		title string
	}{
		// A title is the first sentence, however long: whole, never cut.
		{"000_b79e0ac07a66befb.txt", LangEN, "According to the foreign policy group of rahnam news agency, Hossein Amirabdollahian, the Minister of Foreign Affairs of our country, in a meeting with Ismail Haniyeh, the head of the political bureau of the Hamas movement in Doha, once again congratulated the stability, resistance and victory of the Palestinian nation and the patient and mujahid people of Gaza and said: the consequences of the Al-Aqsa storm operation in the world and although the human losses of the Palestinian nation in the Gaza Strip were very high, bitter and unfortunate, the dimensions of the victory and achievement of the Palestinian nation were much larger and the strategic balances in different dimensions were in favor of Palestine and to the detriment of the usurping, aggressor and criminal Zionist regime."},
		{"001_4458d8df9d782b8d.txt", LangFA, "امیرعبداللهیان در دیدار با رئیس دفتر سیاسی جنبش حماس"},
		{"002_714cc25dd3f7c4d2.txt", LangEN, "Iran’s Foreign Minister praised the legendary resilience of the Palestinian people in the face of the unprecedented crimes of the Zionist regime and reiterated the principled stance of the Islamic Republic of Iran in supporting the resistance of the Palestinian people."},
		{"003_632861df6ad09d70.txt", LangEN, "Iranian FM's conversations with the leaders of the Palestinian resistance"},
		{"004_eb88f226d05968a2.txt", LangEN, "Israel Obliged to Negotiate Truce after Military Failure in Gaza: Amirabdollahian"},
	}
	if len(c.Docs) != len(want) {
		t.Fatalf("%d documents, want %d", len(c.Docs), len(want))
	}
	for i, w := range want {
		d := c.Docs[i]
		if d.ID != w.id || d.Lang != w.lang || d.Title != w.title {
			t.Errorf("doc %d = %s %s %q, want %s %s %q", i, d.ID, d.Lang, d.Title, w.id, w.lang, w.title)
		}
		if len(d.Langs) != 1 {
			t.Errorf("%s: langs %v, want one", d.ID, d.Langs)
		}
		if len(d.Hash) != 64 {
			t.Errorf("%s: hash %q", d.ID, d.Hash)
		}
	}
}

func TestSampleFurniture(t *testing.T) {
	c, err := LoadDir(context.Background(), "../testdata/corpus", Options{})
	if err != nil {
		t.Fatal(err)
	}
	furniture := func(id string) []string {
		var out []string
		for _, p := range c.Doc(id).Paragraphs {
			if p.Kind == Furniture {
				out = append(out, p.Text)
			}
		}
		return out
	}
	tests := []struct {
		id   string
		want []string
		meta map[string]string
	}{
		{"003_632861df6ad09d70.txt", []string{
			"News ID : 153676",
			"Publish Date : 10/24/2023 11:15:40 AM",
			"Iranian FM's conversations with the leaders of the Palestinian resistance",
			"first name & last name",
		}, map[string]string{"id": "153676", "date": "10/24/2023 11:15:40 AM"}},
		{"004_eb88f226d05968a2.txt", []string{
			"Israel Obliged to Negotiate Truce after Military Failure in Gaza: Amirabdollahian",
			"Top Politics stories",
			"Top Stories",
		}, map[string]string{}},
		{"000_b79e0ac07a66befb.txt", nil, map[string]string{}},
		{"001_4458d8df9d782b8d.txt", nil, map[string]string{}},
	}
	for _, tt := range tests {
		got := furniture(tt.id)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s furniture = %q, want %q", tt.id, got, tt.want)
		}
		meta := c.Doc(tt.id).Meta
		if len(meta) != len(tt.meta) {
			t.Errorf("%s meta = %v, want %v", tt.id, meta, tt.meta)
		}
		for k, v := range tt.meta {
			if meta[k] != v {
				t.Errorf("%s meta[%s] = %q, want %q", tt.id, k, meta[k], v)
			}
		}
	}
	// The first copy of a repeated title stays, as a heading.
	if p := c.Doc("004_eb88f226d05968a2.txt").Paragraphs[0]; p.Kind != Heading {
		t.Errorf("004 first title is %v, want heading", p.Kind)
	}
}

func TestFurnitureLines(t *testing.T) {
	tests := []struct {
		text string
		kind Kind
	}{
		{"Top Stories", Furniture},
		{"Most Viewed News", Furniture},
		{"Share", Furniture},
		{"Print this article", Furniture},
		{"Page 2 of 5", Furniture},
		{"- 3 -", Furniture},
		{"© 2024 Some Agency. All rights reserved.", Furniture},
		{"اخبار مرتبط", Furniture},
		{"نام و نام خانوادگی", Furniture},
		{"ارسال نظر", Furniture},
		{"برچسب‌ها:", Furniture},
		{"کد خبر: ۱۲۳۴۵۶", Furniture},
		{"تاریخ انتشار : ۱۴۰۲/۰۹/۰۲", Furniture},
		{"Top officials met in Doha on Thursday.", Body},
		{"Stories of the survivors were told in court for hours on end.", Body},
		{"Name", Furniture},
		{"Names of the victims were released.", Body},
	}
	for _, tt := range tests {
		paras := []Paragraph{{Text: tt.text}}
		meta := classify(paras, []bool{false})
		if paras[0].Kind != tt.kind {
			t.Errorf("%q: kind %v, want %v (meta %v)", tt.text, paras[0].Kind, tt.kind, meta)
		}
	}
}

func TestMetaPersian(t *testing.T) {
	paras := []Paragraph{{Text: "کد خبر: ۱۲۳۴۵۶"}, {Text: "تاریخ انتشار : ۱۴۰۲/۰۹/۰۲ - ۱۰:۱۵"}}
	meta := classify(paras, []bool{false, false})
	if meta["id"] != "۱۲۳۴۵۶" || meta["date"] != "۱۴۰۲/۰۹/۰۲ - ۱۰:۱۵" {
		t.Errorf("meta = %v", meta)
	}
}

func TestLoadBadFiles(t *testing.T) {
	good := []byte("A good English article.\n\nIt has two paragraphs.")
	win1256, err := charmap.Windows1256.NewEncoder().String("گزارش خبري به زبان فارسي.\n\nپاراگراف دوم.")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"a/good.txt":           {Data: good},
		"a/noext":              {Data: []byte("کشور ایران.")},
		"b/legacy.txt":         {Data: []byte(win1256)},
		"b/binary.txt":         {Data: []byte("\x00\x01\x02binary")},
		"b/empty.txt":          {Data: nil},
		"b/big.txt":            {Data: bytes.Repeat([]byte("word "), 300)},
		"b/garbage.txt":        {Data: []byte("\x81\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12")},
		"ignored.odt":          {Data: []byte("PK")},
		".hidden/secret.txt":   {Data: good},
		".hamta/index/x.txt":   {Data: good},
		"work/notes.txt":       {Data: good},
		"c/deeper/article.txt": {Data: good},
	}
	c, err := Load(context.Background(), fsys, Options{MaxSize: 1000, SkipDirs: []string{"work"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range c.Docs {
		ids = append(ids, d.ID)
	}
	if got, want := strings.Join(ids, " "), "a/good.txt a/noext b/legacy.txt c/deeper/article.txt"; got != want {
		t.Errorf("docs = %s, want %s", got, want)
	}
	wantProblems := map[string]error{
		"b/big.txt":     ErrTooLarge,
		"b/binary.txt":  ErrBinary,
		"b/empty.txt":   ErrEmpty,
		"b/garbage.txt": ErrUndecodable,
	}
	if len(c.Problems) != len(wantProblems) {
		t.Errorf("problems = %v", c.Problems)
	}
	for _, p := range c.Problems {
		if want := wantProblems[p.Path]; !errors.Is(p, want) {
			t.Errorf("problem %v, want %v", p, want)
		}
		if !strings.HasPrefix(p.Error(), p.Path+": ") {
			t.Errorf("problem message %q does not name the file first", p.Error())
		}
	}
	legacy := c.Doc("b/legacy.txt")
	if legacy.Lang != LangFA || legacy.Encoding != EncWindows1256 || len(legacy.Paragraphs) != 2 {
		t.Errorf("legacy doc: %s %s %d paragraphs", legacy.Lang, legacy.Encoding, len(legacy.Paragraphs))
	}
}

func TestLoadMixedLanguages(t *testing.T) {
	text := "An English paragraph about the meeting in Doha between the two ministers.\n\n" +
		"یک پاراگراف فارسی درباره دیدار دو وزیر در دوحه که امروز برگزار شد.\n\n" +
		"Another English paragraph closes the article with a quote."
	d, err := Parse("mixed.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if d.Lang != LangEN || len(d.Langs) != 2 || d.Langs[1] != LangFA {
		t.Errorf("langs %s %v, want en then fa", d.Lang, d.Langs)
	}
	want := []Lang{LangEN, LangFA, LangEN}
	for i, p := range d.Paragraphs {
		if p.Lang != want[i] {
			t.Errorf("paragraph %d lang %s, want %s", i, p.Lang, want[i])
		}
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
	}{
		{"سلام دنیا", LangFA},
		{"Hello world", LangEN},
		{"Hamas (حماس) said", LangEN},
		{"حماس (Hamas) در بیانیه‌ای اعلام کرد", LangFA},
		{"12345 ...", LangUnknown},
		{"Привет", LangUnknown},
	}
	for _, tt := range tests {
		if got := DetectLang(tt.in); got != tt.want {
			t.Errorf("DetectLang(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(empty, Options{})
	if !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), empty) {
		t.Errorf("ReadFile(empty) = %v", err)
	}
	_, err = ReadFile(filepath.Join(dir, "missing.txt"), Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFile(missing) = %v", err)
	}
	if _, err := LoadDir(context.Background(), empty, Options{}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("LoadDir(file) = %v", err)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LoadDir(ctx, "../testdata/corpus", Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("LoadDir with cancelled context = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"000_b79e0ac07a66befb.txt", "001_4458d8df9d782b8d.txt", "003_632861df6ad09d70.txt"} {
		raw, err := os.ReadFile(filepath.Join("../testdata/corpus", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte{0xFF, 0xFE, 'a', 0})
	f.Add([]byte{0xEF, 0xBB, 0xBF})
	f.Add([]byte("\xc7\xe1\xd3\xe1\xc7\xe3"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, err := Parse("fuzz.txt", raw)
		if err != nil {
			return
		}
		if len(d.Paragraphs) == 0 {
			t.Fatal("document without paragraphs")
		}
		if !utf8.ValidString(d.Title) {
			t.Fatalf("invalid title %q", d.Title)
		}
		for i, p := range d.Paragraphs {
			if p.Index != i || !utf8.ValidString(p.Text) || p.Text == "" {
				t.Fatalf("bad paragraph %d: %+v", i, p)
			}
		}
	})
}
