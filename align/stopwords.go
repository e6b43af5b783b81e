package align

// Function words, which are never names: their skeletons would match
// names by chance. Forms are folded (no ZWNJ, Persian letters, lower case).

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var persianStopwords = wordSet(
	"و", "در", "به", "از", "که", "این", "ان", "با", "را", "برای", "است", "بود", "شد", "شده", "شود",
	"میشود", "میکند", "کرد", "کرده", "کند", "کنند", "کردند", "کردن", "دارد", "داشت", "داشته", "دارند",
	"هم", "نیز", "تا", "بر", "یا", "اما", "ولی", "اگر", "چه", "چون", "پس", "هر", "همه", "همین", "همان",
	"یک", "دو", "سه", "بین", "روی", "زیر", "پیش", "پس", "بیش", "کم", "خود", "خویش", "وی", "او", "ما",
	"شما", "انها", "ایشان", "اینکه", "انکه", "چنین", "چنان", "باید", "نباید", "میتوان", "توان", "بوده",
	"باشد", "باشند", "گفت", "گفته", "افزود", "گفتند", "اعلام", "کرد", "نمود", "نمی", "می", "ها", "های",
	"ای", "اند", "ایم", "هست", "هستند", "نیست", "نیستند", "دیگر", "سوی", "طی", "طریق", "علیه", "درباره",
	"مورد", "عنوان", "اساس", "حال", "حالی", "زمان", "سال", "روز", "ماه", "هفته", "امروز", "دیروز",
	"بسیار", "خیلی", "چند", "چندین", "برخی", "بعضی", "کدام", "چرا", "چگونه", "کجا", "وقتی", "زیرا",
	"همچنین", "همچنان", "هنوز", "اکنون", "حتی", "فقط", "تنها", "بلکه", "سپس", "قبل", "بعد", "ضمن",
	"مانند", "مثل", "جز", "بدون", "نزد", "کنار", "درون", "بیرون", "بالا", "پایین", "داد", "دادند", "دهد",
	"گرفت", "گرفته", "رسید", "رسیده", "امد", "امده", "رفت", "رفته", "خواهد", "خواهند",
)

var englishStopwords = wordSet(
	"the", "a", "an", "and", "or", "but", "if", "of", "in", "on", "at", "to", "for", "from", "by", "with",
	"as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
	"this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "you", "i", "his", "her",
	"their", "our", "your", "my", "him", "them", "us", "who", "whom", "which", "what", "when", "where",
	"why", "how", "not", "no", "all", "any", "some", "more", "most", "such", "also", "than", "then",
	"there", "here", "after", "before", "while", "during", "despite", "although", "though", "however",
	"according", "about", "into", "over", "under", "between", "against", "through", "since", "until",
	"mr", "mrs", "ms", "dr", "said", "says", "will", "would", "can", "could", "may", "might", "must",
	"should", "shall", "meanwhile", "moreover", "furthermore", "yet", "so", "both", "each", "other",
	"another", "many", "much", "one", "two", "three", "first", "second", "new", "last", "next",
)
