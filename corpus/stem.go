package corpus

import (
	"strings"
	"unicode/utf8"
)

// StemFA returns the stem of a Persian word: the word with its regular
// inflection taken off, folded (see Fold), so that a search for کتاب finds
// کتاب‌ها, کتابهای and کتابهایشان, and دانشجو finds دانشجویان.
//
// It is a light stemmer: it removes, from the end of the word, in this
// order,
//
//   - possessive clitics (شان، مان، تان; ش، م، ت after a plural),
//   - the ezafe and indefinite yeh after a vowel (آقای، دانشجویی، خانه‌ای),
//   - the comparative and superlative (تر، ترین، تری),
//   - plurals (ها، ان، یان، گان → ه، ات),
//   - the adjectival or indefinite yeh after a consonant (ایرانی، زندگی → زنده),
//
// whether the suffix is joined to the word or set off by a zero-width
// non-joiner; a suffix written after a space is a word of its own and is
// handled by the caller (see IsSuffixFA). Each rule keeps a stem of at
// least two letters, most of them three, and common words that only look
// inflected (ایران، زمان، دختر، بازی، تنها, ملاقات) are left whole.
//
// A plural in ات may come from a singular with or without a final ه
// (اطلاعات from اطلاع, مذاکرات from مذاکره): alt is then the other
// possible stem, and empty otherwise. A word with no suffix is returned
// folded.
func StemFA(word string) (stem, alt string) {
	if !strings.Contains(word, "\u200c") {
		return stemJoined(Fold(word))
	}
	parts := strings.Split(strings.ToValidUTF8(word, "\uFFFD"), "\u200c")
	for i := range parts {
		parts[i] = Fold(parts[i])
	}
	parts = dropEmpty(parts)
	if len(parts) == 0 {
		return Fold(word), ""
	}
	// Parts after a non-joiner that are all inflection go first: the
	// non-joiner says where the stem ends.
	for len(parts) > 1 {
		last := parts[len(parts)-1]
		rest := strings.Join(parts[:len(parts)-1], "")
		if !faZWNJSuffixes[last] || letters(rest) < 2 {
			break
		}
		parts = parts[:len(parts)-1]
	}
	return stemJoined(strings.Join(parts, ""))
}

// IsSuffixFA reports whether a word is only an inflection that Persian
// writers sometimes set off with a space (ها، های، تر، ترین, …), so that a
// query "کتاب ها" can be read as the one word کتابها.
func IsSuffixFA(word string) bool {
	return faZWNJSuffixes[Fold(word)]
}

func dropEmpty(parts []string) []string {
	out := parts[:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// letters counts the runes of a folded word.
func letters(s string) int { return utf8.RuneCountInString(s) }

// cut removes suffix from w when what remains has at least min letters.
func cut(w, suffix string, min int) (string, bool) {
	rest, ok := strings.CutSuffix(w, suffix)
	if !ok || letters(rest) < min {
		return w, false
	}
	return rest, true
}

// lastRune is the last letter of a word, or 0.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// isVowelLetter reports whether a letter ends a word in a vowel, so that
// a yeh after it is a glide (آقای، دانشجویان) rather than a suffix of its
// own.
func isVowelLetter(r rune) bool { return r == 'ا' || r == 'و' }

// stemJoined strips inflection from a folded word written without
// non-joiners, layer by layer from the outside in.
func stemJoined(w string) (stem, alt string) {
	if !mayBeInflected(w) {
		return w, ""
	}
	// Clitics.
	if !faKeep[w] {
		w = stripClitic(w)
	}
	// Ezafe and indefinite yeh after a vowel or a silent heh.
	if !faKeep[w] {
		w = stripVowelYeh(w)
	}
	// Comparative.
	if !faKeep[w] && !faKeepTar[w] {
		for _, s := range []string{"ترین", "تری", "تر"} {
			if rest, ok := cut(w, s, 2); ok {
				w = rest
				break
			}
		}
	}
	// Plural.
	if !faKeep[w] {
		w, alt = stripPlural(w)
	}
	// Adjectival or indefinite yeh after a consonant.
	if !faKeep[w] {
		w = stripConsonantYeh(w)
	}
	if alt == w {
		alt = ""
	}
	return w, alt
}

// mayBeInflected reports whether a folded word ends in a letter some
// suffix ends in and is long enough to lose one; most words are not, and
// need no more work.
func mayBeInflected(w string) bool {
	if len(w) < 6 { // two Arabic-script letters and a one-letter suffix
		return false
	}
	switch lastRune(w) {
	case 'ا', 'ی', 'ن', 'ت', 'ر', 'ش', 'م':
		return true
	}
	return false
}

func stripClitic(w string) string {
	// After a plural the clitic is sure: کتابهایش، کتابهایشان.
	for _, s := range []string{"شان", "مان", "تان", "ش", "م", "ت"} {
		if rest, ok := strings.CutSuffix(w, s); ok && strings.HasSuffix(rest, "های") && letters(rest) >= 5 {
			return rest
		}
	}
	// A plural clitic on its own needs a stem of four letters, which keeps
	// درخشان، سازمان and داستان whole; a one-letter clitic on its own is
	// too often part of the word (گزارش، مردم، دولت) to strip.
	if faKeepClitic[w] || isPlaceStan(w) {
		return w
	}
	for _, s := range []string{"شان", "مان", "تان"} {
		if rest, ok := cut(w, s, 4); ok {
			return rest
		}
	}
	return w
}

func stripVowelYeh(w string) string {
	switch {
	case strings.HasSuffix(w, "های"):
		// کشورهای: the ezafe after a plural.
		if letters(w) >= 4 {
			return strings.TrimSuffix(w, "ی")
		}
	case strings.HasSuffix(w, "ای"):
		rest := strings.TrimSuffix(w, "ای")
		if lastRune(rest) == 'ه' && letters(rest) >= 2 {
			// خانه‌ای، هسته‌ای: "ای" after a silent heh.
			return rest
		}
		if letters(w) >= 3 && !faKeepYeh[w] {
			// آقای، دریای: the yeh is a glide after the alef.
			return strings.TrimSuffix(w, "ی")
		}
	case strings.HasSuffix(w, "یی"):
		rest := strings.TrimSuffix(w, "یی")
		if isVowelLetter(lastRune(rest)) && letters(rest) >= 2 {
			return rest
		}
	case strings.HasSuffix(w, "وی"):
		if rest, ok := cut(w, "ی", 2); ok && !faKeepYeh[w] {
			return rest
		}
	}
	return w
}

// stripPlural removes a plural ending; for ات it also returns the stem
// with a final heh, the other possible singular.
func stripPlural(w string) (stem, alt string) {
	if rest, ok := cut(w, "ها", 2); ok && !faKeepHa[w] {
		return rest, ""
	}
	if rest, ok := cut(w, "ات", 3); ok && !faKeepAt[w] {
		return rest, rest + "ه"
	}
	if !strings.HasSuffix(w, "ان") || faKeepAn[w] || faKeepClitic[w] || faKeepGan[w] || isPlaceStan(w) || strings.HasSuffix(w, "بان") {
		return w, ""
	}
	// گان: نمایندگان → نماینده.
	if rest, ok := cut(w, "گان", 3); ok {
		return rest + "ه", ""
	}
	// یان after a vowel: دانشجویان → دانشجو, آقایان → آقا.
	if rest, ok := cut(w, "یان", 2); ok && isVowelLetter(lastRune(rest)) {
		return rest, ""
	}
	if rest, ok := cut(w, "ان", 3); ok {
		return rest, ""
	}
	return w, ""
}

func stripConsonantYeh(w string) string {
	rest, ok := strings.CutSuffix(w, "ی")
	if !ok || faKeepYeh[w] || isVowelLetter(lastRune(rest)) || lastRune(rest) == 'ی' {
		return w
	}
	// گی after a silent heh: زندگی → زنده, آمادگی → آماده; not after ن or
	// ر, where the gaf is the word's own (فرهنگی، بزرگی).
	if g, ok := strings.CutSuffix(rest, "گ"); ok && letters(g) >= 3 {
		if r := lastRune(g); r != 'ن' && r != 'ر' {
			return g + "ه"
		}
	}
	if letters(rest) >= 3 {
		return rest
	}
	return w
}

// isPlaceStan reports whether a word ends in the place suffix ستان after
// a stem of three letters or more (افغانستان، بیمارستان), which is not a
// plural; دوستان, with the two-letter دو before it, is.
func isPlaceStan(w string) bool {
	rest, ok := strings.CutSuffix(w, "ستان")
	return ok && letters(rest) >= 3
}

// faZWNJSuffixes are the inflections that may stand after a non-joiner
// (کتاب‌ها، خانه‌ام، رفته‌اند) or, written with a space, as a word of their
// own; folded.
var faZWNJSuffixes = foldedSet(
	"ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان",
	"ی", "یی", "ای", "ام", "ات", "اش", "ایم", "اید", "اند", "است",
	"مان", "تان", "شان", "تر", "ترین", "تری", "ترها",
)

// Words the stemmer leaves whole, though they end in what looks like a
// suffix. faKeep holds words no rule may touch; the others guard one rule
// each. All are folded before use.
var (
	faKeep = foldedSet(
		"برای", "تنها", "اینها", "آنها", "چنان", "همچنان", "آنان", "اینان",
		"ایشان", "میان", "پایان", "بیان", "جریان", "کیان", "نمایان", "شایان",
	)
	faKeepClitic = foldedSet(
		"ساختمان", "سازمان", "گفتمان", "قهرمان", "مسلمان", "دودمان", "خانمان",
		"زایمان", "آرمان", "پیمان", "فرمان", "درمان", "آسمان", "ریسمان",
		"درخشان", "پریشان", "نشان", "فروشان", "کوشان", "جوشان",
		"داستان", "دبستان", "بوستان", "زمستان", "تابستان", "سیستان", "پستان",
		"گلستان", "نیستان",
	)
	faKeepYeh = foldedSet(
		"رای", "چای", "نای", "وای", "های", "برای",
		"بازی", "کشتی", "قاضی", "ماهی", "کرسی", "شیمی", "جاری", "عالی", "خالی",
		"حالی", "والی", "عادی", "کافی", "باقی", "راضی", "منفی", "ماضی", "مشتری",
		"مهدی", "هادی", "مرتضی", "موسی", "عیسی", "مصطفی", "یحیی", "مجتبی",
		"لیلی", "کبری", "صغری", "تقی", "نقی", "زکی", "علی", "ولی", "یعنی", "حتی",
		"وقتی", "خیلی", "بعضی", "کمی", "گاهی", "بلی", "آری", "سبزی", "شادی",
		"آبی", "دری", "دوری", "نوری", "قوی", "جدی", "سعی", "نهی", "مبنی",
		"ترکی", "کرمی", "کوی", "بوی", "سوی", "موی", "روی", "جوی", "پهلوی",
		"دلی", "قلی", "بی", "می", "کی", "پی",
	)
	faKeepTar = foldedSet(
		"دختر", "دفتر", "بستر", "چتر", "شتر", "اختر", "کبوتر", "انگشتر", "دکتر",
		"متر", "کیلومتر", "سانتیمتر", "میلیمتر", "تئاتر", "کامپیوتر", "فیلتر",
		"پوستر", "خاکستر", "تیتر", "لیتر", "پیتر", "کتر", "اکتر", "گستر", "پرستار",
		"استر", "بستری", "دفتری", "دختری", "ریشتر",
	)
	faKeepHa = foldedSet("تنها", "بها", "سها", "رها", "اینها", "آنها", "ماها")
	faKeepAt = foldedSet(
		"ملاقات", "اثبات", "مساوات", "مجازات", "مکافات", "صلوات", "مباهات",
		"سوغات", "برات", "فرات", "حیات", "ثبات", "نجات", "زکات", "صفات", "ذات",
		"آیات", "اوقات", "ادوات", "سادات", "موات",
	)
	faKeepGan = foldedSet(
		"بازرگان", "گروگان", "رایگان", "ارگان", "مژگان", "پادگان", "دهگان",
		"شایگان", "گان", "اردوگان",
	)
	faKeepAn = foldedSet(
		"ایران", "تهران", "زمان", "جهان", "میدان", "انسان", "استان", "خیابان",
		"باران", "دندان", "زبان", "جوان", "نان", "خان", "جان", "آسمان", "سازمان",
		"ساختمان", "درمان", "فرمان", "پیمان", "گمان", "مهمان", "میزان", "امکان",
		"کاروان", "قهرمان", "عنوان", "توان", "لبنان", "عمان", "یونان", "آلمان",
		"سودان", "کرمان", "اصفهان", "زنجان", "گیلان", "همدان", "سمنان", "آبادان",
		"خراسان", "مازندران", "آبان", "ارمغان", "بنیان", "نشان", "مسلمان",
		"ایمان", "امان", "عیان", "بیابان", "شبان", "چوپان", "دهقان", "سلطان",
		"شیطان", "طوفان", "عرفان", "قرآن", "کیهان", "رضوان", "احسان", "عثمان",
		"سلمان", "ایوان", "دیوان", "لیوان", "کیوان", "دکان", "مکان", "زندان",
		"خاندان", "دودمان", "سامان", "خانمان", "تومان", "ناگهان", "پنهان", "روان",
		"دوران", "بحران", "جبران", "حیوان", "عمران", "گریبان", "ارزان", "گران",
		"آسان", "کلان", "دامان", "سلیمان", "رمضان", "شعبان", "لقمان", "عدنان",
		"آرمان", "خاقان", "طالبان", "پاکستان", "افغان", "تابان",
		"هیجان", "وجدان", "بنان", "اذان", "میهمان", "ویران", "پهلوان", "شادمان",
		"پیکان", "سپاهان", "کاشان", "گرگان", "کنعان", "عربستان", "لرستان", "الریان",
	)
)

func foldedSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[Fold(w)] = true
	}
	return m
}
