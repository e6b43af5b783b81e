package lexicon

import "hamta/corpus"

// faStop holds Persian function words, folded (see corpus.Fold): they
// carry little of a sentence's content and are not learned as terms.
// Besides prepositions, conjunctions, pronouns and determiners it holds
// the forms of the auxiliaries and light verbs (است، شد، کرد) that
// attach to almost every clause.
var faStop = foldedSet(
	// Prepositions and postpositions.
	"از", "به", "با", "در", "بر", "برای", "تا", "بی", "بدون", "جز", "مگر",
	"را", "رو", "درباره", "دربارهٔ", "میان", "بین", "نزد", "پیش", "پس", "زیر",
	"روی", "سوی", "توسط", "طی", "ضمن", "علیه", "نسبت", "همراه", "طبق",
	"مانند", "مثل", "چون", "بنابر", "بنا", "درون", "بیرون", "کنار",
	// Conjunctions and discourse words.
	"و", "یا", "اما", "ولی", "که", "اگر", "هم", "نیز", "همچنین", "چه",
	"زیرا", "چنانچه", "سپس", "بلکه", "پس", "لذا", "البته", "حتی", "فقط",
	"تنها", "هنوز", "همچنان", "دیگر", "باز", "نه", "آری", "بله", "خیر",
	"درحالی", "حال", "یعنی", "آنکه", "اینکه", "وقتی", "هنگامی", "چنین",
	"چنان", "همین", "همان", "همه", "هر", "هیچ", "برخی", "بعضی", "چند",
	"چندین", "بسیار", "خیلی", "کمی", "بیش", "کم", "بیشتر", "کمتر", "دیگری",
	"سایر", "بعد", "قبل", "اکنون", "حالا", "طرف", "جمله", "گونه", "اساس",
	"نقل",
	// Reporting verbs, as "said" and "told" in English.
	"گفت", "گفته", "افزود", "گفتند", "افزودند",
	// Pronouns and determiners.
	"این", "آن", "اینها", "آنها", "من", "تو", "او", "وی", "ما", "شما",
	"ایشان", "آنان", "اینان", "خود", "خویش", "خویشتن", "یک", "یکی", "همدیگر",
	"یکدیگر", "کدام", "کسی", "چیزی", "آنچه", "هرچه", "کجا", "چرا", "چطور",
	"چگونه", "آیا", "مرا", "تورا", "اش", "شان", "مان", "تان",
	// Auxiliaries and light verbs.
	"است", "هست", "هستند", "نیست", "نیستند", "بود", "بودند", "باشد",
	"باشند", "بوده", "بودن", "شد", "شدند", "شده", "شود", "شوند", "میشود",
	"میشوند", "نمیشود", "شدن", "کرد", "کردند", "کرده", "کند", "کنند",
	"میکند", "میکنند", "نمیکند", "کردن", "کنیم", "میکنیم", "داد", "دادند",
	"داده", "دهد", "دهند", "میدهد", "میدهند", "دارد", "دارند", "داشت",
	"داشتند", "داشته", "خواهد", "خواهند", "باید", "نباید", "میتواند",
	"میتوانند", "نمیتوان", "توان", "گشت", "گردید", "گردد", "اند", "ام",
	"ایم", "اید", "ای", "هستیم", "بودیم", "رسید", "گرفت", "گرفته", "یافت",
	"یافته",
)

// enStop holds English function words, lower-cased.
var enStop = setOf(
	"a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then",
	"than", "that", "this", "these", "those", "there", "here", "of", "in",
	"on", "at", "to", "for", "with", "by", "from", "as", "into", "onto",
	"about", "above", "below", "over", "under", "between", "among", "through",
	"during", "before", "after", "since", "until", "till", "against", "upon",
	"within", "without", "via", "per", "across", "along", "around", "toward",
	"towards", "off", "out", "up", "down", "is", "are", "was", "were", "be",
	"been", "being", "am", "has", "have", "had", "having", "do", "does",
	"did", "done", "will", "would", "shall", "should", "can", "could", "may",
	"might", "must", "it", "its", "he", "him", "his", "she", "her", "hers",
	"they", "them", "their", "theirs", "we", "us", "our", "ours", "you",
	"your", "yours", "i", "me", "my", "mine", "itself", "himself", "herself",
	"themselves", "ourselves", "who", "whom", "whose", "which", "what",
	"where", "when", "while", "why", "how", "whether", "not", "no", "also",
	"too", "very", "just", "only", "even", "such", "some", "any", "all",
	"both", "each", "every", "other", "another", "more", "most", "much",
	"many", "few", "own", "same", "s", "t", "again", "further",
	"once", "still", "already", "however", "although", "though", "because",
	"whereas", "thus", "therefore", "according", "including",
	// Reporting verbs, as گفت and افزود in Persian.
	"said", "says", "say", "told", "added",
	// The Arabic article in names (Al-Rayyan, al-Aqsa), which Persian
	// writes joined to the name (الریان).
	"al", "el",
)

func foldedSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[corpus.Fold(w)] = true
	}
	return m
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// faDetachedSuffix holds the Persian suffixes that writers sometimes set
// apart with a space and that Tokens joins back to their word, folded.
var faDetachedSuffix = foldedSet(
	"ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان",
	"هایشان", "تر", "ترین",
)

// faVerbPrefix holds the verbal prefixes written apart (می شود), folded.
var faVerbPrefix = foldedSet("می", "نمی")
