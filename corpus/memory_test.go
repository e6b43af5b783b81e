package corpus

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func unitTexts(fa, en *Document) []string {
	var out []string
	for _, u := range fa.Premade.Units {
		var a, b string
		for _, i := range u.FA {
			a = fa.Paragraphs[i].Text
		}
		for _, j := range u.EN {
			b = en.Paragraphs[j].Text
		}
		out = append(out, a+" | "+b)
	}
	return out
}

func TestMemoryFixtures(t *testing.T) {
	c, err := LoadDir(context.Background(), "../testdata/formats/memory", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 {
		t.Fatalf("problems: %v", c.Problems)
	}
	cases := []struct {
		fa, en string
		format Format
		units  []string
	}{
		{"diplomacy.tsv/fa", "diplomacy.tsv/en", FormatTSV, []string{
			"ایران و تاجیکستان چهار سند همکاری امضا کردند | Iran and Tajikistan sign four cooperation documents",
			"حجم مبادلات تجاری دو کشور در سال گذشته حدود ۴۲۰ میلیون دلار بود. | Trade between the two countries reached about $420 million last year.",
			"دو وزیر روز یکشنبه در دوشنبه دیدار کردند. | The two ministers met in Dushanbe on Sunday.",
		}},
		{"economy.tmx/fa", "economy.tmx/en", FormatTMX, []string{
			"بانک مرکزی: تورم سالانه در مهرماه به ۳۱٫۷ درصد رسید | Iran's annual inflation eases to 31.7 percent in Mehr, central bank says",
			"تورم نقطه به نقطه نیز در این ماه ۳۲٫۴ درصد اعلام شده است. | Point-to-point inflation stood at 32.4 percent.",
			"تورم ماهانه ۲٫۶ درصد بود. | Month-on-month inflation was 2.6 percent.",
			" | The figure was not given in Persian.",
		}},
		{"health.xlf/fa", "health.xlf/en", FormatXLIFF, []string{
			"شناسایی ۳۱۲ مورد قطعی سرخک در کشور از ابتدای سال | Iran reports 312 confirmed measles cases this year",
			"این موارد در ۱۱ استان کشور شناسایی شده که بیشتر آن‌ها در سیستان و بلوچستان است. | The cases were found in 11 provinces, most of them in Sistan and Baluchestan.",
			"خانواده‌ها برای کسب اطلاعات بیشتر می‌توانند با سامانه ۴۰۳۰ تماس بگیرند. | Families can call 4030 for information.",
			" | Not yet translated.",
		}},
		{"science.xliff/fa", "science.xliff/en", FormatXLIFF, []string{
			"پژوهشگران ایرانی در مجله Nature مقاله‌ای منتشر کردند. | Iranian researchers published a paper in Nature.",
			"این پژوهش سه سال طول کشید. | The study took three years…",
			"نتایج در دانشگاه تهران بررسی شد. | The results were reviewed at the University of Tehran.",
		}},
	}
	for _, tc := range cases {
		fa, en := c.Doc(tc.fa), c.Doc(tc.en)
		if fa == nil || en == nil {
			t.Errorf("%s or %s missing", tc.fa, tc.en)
			continue
		}
		if fa.Premade == nil || fa.Premade != en.Premade || fa.Premade.FA != tc.fa || fa.Premade.EN != tc.en {
			t.Errorf("%s: premade %+v", tc.fa, fa.Premade)
			continue
		}
		if fa.Format != tc.format || fa.Lang != LangFA || en.Lang != LangEN || fa.Hash == en.Hash {
			t.Errorf("%s: format %s langs %s %s", tc.fa, fa.Format, fa.Lang, en.Lang)
		}
		if got := unitTexts(fa, en); strings.Join(got, "\n") != strings.Join(tc.units, "\n") {
			t.Errorf("%s units:\n%s\nwant\n%s", tc.fa, strings.Join(got, "\n"), strings.Join(tc.units, "\n"))
		}
	}
	// hamta's own export: one pair of documents per pair exported, named
	// after them; scores kept.
	for _, ext := range []string{"tsv", "tmx"} {
		n := 0
		for _, d := range c.Docs {
			if strings.HasPrefix(d.ID, "sample-export."+ext+"/") {
				n++
			}
		}
		if n != 4 {
			t.Errorf("sample-export.%s: %d documents, want 4 (two pairs)", ext, n)
		}
		fa := c.Doc("sample-export." + ext + "/001_4458d8df9d782b8d.txt")
		en := c.Doc("sample-export." + ext + "/000_b79e0ac07a66befb.txt")
		fa2 := c.Doc("sample-export." + ext + "/001_4458d8df9d782b8d.txt~2")
		if fa == nil || en == nil || fa2 == nil || fa.Premade.EN != en.ID || fa2.Premade.EN != "sample-export."+ext+"/004_eb88f226d05968a2.txt" {
			t.Errorf("sample-export.%s: documents %v %v %v", ext, fa, en, fa2)
			continue
		}
		if u := fa.Premade.Units[0]; u.Score != 0.965 || len(u.EN) != 0 {
			t.Errorf("sample-export.%s: first unit %+v", ext, u)
		}
	}
}

func TestMemoryBad(t *testing.T) {
	good := []byte("fa\ten\nسلام\thello\n")
	fsys := fstest.MapFS{
		"good.tsv":       {Data: good},
		"cut.tmx":        {Data: []byte(`<?xml version="1.0"?><tmx version="1.4"><body><tu><tuv xml:lang="fa"><seg>سلام`)},
		"german.tmx":     {Data: []byte(`<tmx version="1.4"><body><tu><tuv xml:lang="de"><seg>Hallo</seg></tuv><tuv xml:lang="fr"><seg>Salut</seg></tuv></tu></body></tmx>`)},
		"html.tmx":       {Data: []byte(`<html><body>not a memory</body></html>`)},
		"nolang.tsv":     {Data: []byte("source\ttarget\nسلام\thello\n")},
		"oneside.xlf":    {Data: []byte(`<xliff version="1.2"><file source-language="fa" target-language="en"><body><trans-unit id="1"><source>سلام</source></trans-unit></body></file></xliff>`)},
		"badscore.tsv":   {Data: []byte(strings.Join(hamtaTSVHeader, "\t") + "\na\tb\t1\t1\t7\tسلام\thello\n")},
		"entities.xlf":   {Data: []byte(`<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xliff version="1.2"><file source-language="fa" target-language="en"><body><trans-unit id="1"><source>&b;</source><target>x</target></trans-unit></body></file></xliff>`)},
		"ok/article.txt": {Data: []byte("A good English article.\n\nIt has two paragraphs.")},
	}
	c, err := Load(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"cut.tmx":      "unexpected EOF",
		"german.tmx":   "no Persian–English units (languages in the file: de, fr)",
		"html.tmx":     "not a TMX file",
		"nolang.tsv":   "names no Persian and English columns",
		"oneside.xlf":  "units in one language only",
		"badscore.tsv": "score \"7\" not in [0,1]",
		"entities.xlf": "invalid character entity &b;",
	}
	got := map[string]string{}
	for _, p := range c.Problems {
		got[p.Path] = p.Error()
	}
	for path, msg := range want {
		if !strings.Contains(got[path], msg) || !strings.HasPrefix(got[path], path+": ") {
			t.Errorf("%s: problem %q, want it to name the file and say %q", path, got[path], msg)
		}
	}
	if len(c.Problems) != len(want) {
		t.Errorf("problems: %v", c.Problems)
	}
	if c.Doc("good.tsv/fa") == nil || c.Doc("ok/article.txt") == nil {
		t.Errorf("good files lost: %d documents", len(c.Docs))
	}
	if _, err := ReadFile("../testdata/formats/memory/economy.tmx", Options{}); !errors.Is(err, ErrMemoryFile) {
		t.Errorf("ReadFile of a memory: %v", err)
	}
}

func FuzzParseMemory(f *testing.F) {
	f.Add("m.tmx", `<tmx version="1.4"><body><tu><prop type="x-score">0.5</prop><tuv xml:lang="fa"><seg>سلام <bpt i="1">&lt;b&gt;</bpt>دنیا</seg></tuv><tuv xml:lang="en-US"><seg>hello</seg></tuv></tu></body></tmx>`)
	f.Add("m.xlf", `<xliff version="1.2"><file source-language="en" target-language="fa"><body><trans-unit id="1"><source>hi <g id="1">there</g></source><target>سلام</target></trans-unit></body></file></xliff>`)
	f.Add("m.xliff", `<xliff version="2.0" srcLang="fa" trgLang="en"><file id="f"><unit id="u"><segment><source>سلام<cp hex="200C"/></source><target>hi</target></segment></unit></file></xliff>`)
	f.Add("m.tsv", "fa\ten\tscore\nسلام\thello\t0.9\n")
	f.Add("m.tsv", strings.Join(hamtaTSVHeader, "\t")+"\na.txt\tb.txt\t1-2\t\t0.500\tسلام\\tدنیا\t\n")
	f.Fuzz(func(t *testing.T, name, data string) {
		f := FormatOf(name)
		if !f.IsMemory() {
			return
		}
		docs, err := ParseFile(name, []byte(data), Options{})
		if err != nil {
			return
		}
		if len(docs)%2 != 0 {
			t.Fatalf("%d documents", len(docs))
		}
		for _, d := range docs {
			pm := d.Premade
			if pm == nil || (d.ID != pm.FA && d.ID != pm.EN) {
				t.Fatalf("%s: premade %+v", d.ID, pm)
			}
			for _, u := range pm.Units {
				idx := u.FA
				if d.ID == pm.EN {
					idx = u.EN
				}
				for _, i := range idx {
					if i < 0 || i >= len(d.Paragraphs) || d.Paragraphs[i].Text == "" {
						t.Fatalf("%s: unit %+v out of range", d.ID, u)
					}
				}
			}
		}
	})
}
