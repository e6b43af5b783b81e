package align

import (
	"strings"
	"testing"

	"hamta/corpus"
)

func keys(fs []Feature) map[string]bool {
	out := map[string]bool{}
	for _, f := range fs {
		out[f.Key] = true
	}
	return out
}

func TestAnchorsShared(t *testing.T) {
	x := NewAnchorer(nil)
	tests := []struct {
		name   string
		fa, en string
		shared []string // keys both must have
	}{
		{"digits", "رأی مثبت ۱۲۰ کشور", "the positive vote of 120 countries", []string{"#120"}},
		{"thousands", "بیش از ۱۴٬۸۰۰ نفر", "More than 14,800 people", []string{"#14800"}},
		{"multiplier", "۱۴ هزار نفر", "14,000 people", []string{"#14000"}},
		{"country cldr", "ایالات متحده و اسرائیل", "the United States and Israel", []string{"@US", "@IL"}},
		{"country adjective", "وزیر خارجه ایرانی", "the Iranian minister", []string{"@IR"}},
		{"gazetteer", "در نوار غزه", "in the Gaza Strip", []string{"@GAZA_STRIP"}},
		{"lexicon zwnj", "آتشبس موقت", "a temporary ceasefire", []string{"@CEASEFIRE"}},
		{"number word", "چهار روز", "four days", []string{"#4"}},
		{"name compound", "امیرعبداللهیان تاکید کرد", "Amir-Abdollahian stressed", []string{"~mrbdlhn"}},
		{"name spaced", "امیرعبداللهیان", "Amir Abdullahian", []string{"~mrbdlhn"}},
		{"name unknown", "فرشید قربانزاده گفت", "Farshid Qorbanzadeh said", []string{"~krbnzd", "~frSd"}},
		{"name particle", "زیاد النخاله", "Ziyad al-Nakhalah", []string{"~lnxl"}},
		{"solar date", "روز ۱۸ مهر", "on October 9", []string{"d:10-9"}},
		{"gregorian date in persian", "۷ اکتبر", "since October 7", []string{"d:10-7"}},
		{"question", "چرا؟", "Why?", []string{"p?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fa := keys(x.Features(tt.fa, corpus.LangFA, corpus.LangEN))
			en := keys(x.Features(tt.en, corpus.LangEN, corpus.LangFA))
			for _, k := range tt.shared {
				if !fa[k] || !en[k] {
					t.Errorf("key %q: fa has %v, en has %v\nfa=%v\nen=%v", k, fa[k], en[k], fa, en)
				}
			}
		})
	}
}

// TestNamesWithoutLexicon matches names through transliteration alone, as
// names that no list holds must.
func TestNamesWithoutLexicon(t *testing.T) {
	x := NewAnchorer(newLexicon())
	tests := []struct{ fa, en, key string }{
		{"اسماعیل هنیه گفت", "Ismail Haniyeh said", "~hn"},
		{"عباس عراقچی", "Abbas Araghchi", "~rkc"},
		{"خلیل الحیه", "Khalil al-Hayya", "~lh"},
		{"حسین امیرعبداللهیان", "Hossein Amir-Abdollahian", "~mrbdlhn"},
	}
	for _, tt := range tests {
		fa := keys(x.Features(tt.fa, corpus.LangFA, corpus.LangEN))
		en := keys(x.Features(tt.en, corpus.LangEN, corpus.LangFA))
		if !fa[tt.key] || !en[tt.key] {
			t.Errorf("%s / %s: key %s missing\nfa=%v\nen=%v", tt.fa, tt.en, tt.key, fa, en)
		}
	}
}

func TestAnchorsCaseRules(t *testing.T) {
	x := NewAnchorer(nil)
	en := keys(x.Features("Let us see what may happen in March", corpus.LangEN, corpus.LangFA))
	if en["@US"] {
		t.Errorf("pronoun 'us' matched the United States: %v", en)
	}
	en = keys(x.Features("The US said it may march", corpus.LangEN, corpus.LangFA))
	if !en["@US"] {
		t.Errorf("US not matched: %v", en)
	}
	for k := range en {
		if strings.HasPrefix(k, "d:") {
			t.Errorf("lower-case 'may' read as a date: %v", en)
		}
	}
}

func TestTranslate(t *testing.T) {
	lx := DefaultLexicon()
	has := func(list []string, want string) bool {
		for _, s := range list {
			if corpus.Fold(s) == corpus.Fold(want) {
				return true
			}
		}
		return false
	}
	if got := lx.Translate("ceasefire in the Gaza Strip", corpus.LangEN); !has(got, "آتش‌بس") || !has(got, "نوار غزه") {
		t.Errorf("Translate(en) = %v", got)
	}
	if got := lx.Translate("آتش‌بس در غزه", corpus.LangFA); !has(got, "ceasefire") || !has(got, "Gaza") {
		t.Errorf("Translate(fa) = %v", got)
	}
	if Skeleton("Araghchi", corpus.LangEN) != Skeleton("عراقچی", corpus.LangFA) {
		t.Error("skeletons differ")
	}
}

// TestFunctionWordsMatchAsWritten keeps "است" (is) from matching the stem
// of استان (province): a function word matches the lexicon only as
// written.
func TestFunctionWordsMatchAsWritten(t *testing.T) {
	x := NewAnchorer(nil)
	province := func(text string) bool {
		for _, f := range x.Features(text, corpus.LangFA, corpus.LangEN) {
			if f.Key == "@PROVINCE" {
				return true
			}
		}
		return false
	}
	if province("این گزارش درست است") {
		t.Error("است matched province")
	}
	if !province("مرکز استان") || !province("در استان‌ها") {
		t.Error("استان no longer matches province")
	}
}
