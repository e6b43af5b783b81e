package align

import (
	"testing"

	"hamta/corpus"
)

func TestSkeletonsMatch(t *testing.T) {
	tests := []struct {
		fa, en string
	}{
		{"هنیه", "Haniyeh"},
		{"امیرعبداللهیان", "Amirabdollahian"},
		{"امیرعبداللهیان", "Amir-Abdollahian"},
		{"امیرعبداللهیان", "Amir Abdullahian"},
		{"عراقچی", "Araghchi"},
		{"نخاله", "Nakhalah"},
		{"النخاله", "al-Nakhalah"},
		{"اسماعیل", "Ismail"},
		{"حسین", "Hossein"},
		{"حماس", "Hamas"},
		{"الحیه", "al-Hayya"},
		{"خلیل", "Khalil"},
		{"پزشکیان", "Pezeshkian"},
		{"قالیباف", "Ghalibaf"},
		{"قالیباف", "Qalibaf"},
		{"حسینی‌فر", "Hosseinifar"},
		{"حسینی‌فر", "Hosseynifar"},
		{"قربانزاده", "Ghorbanzadeh"},
		{"قربانزاده", "Qorbanzadeh"},
		{"محمد", "Muhammad"},
		{"محمد", "Mohammad"},
		{"تسنیم", "Tasnim"},
		{"شیراز", "Shiraz"},
		{"چابهار", "Chabahar"},
	}
	for _, tt := range tests {
		fa := joinedSkeleton(tt.fa, persianSkeleton)
		en := joinedSkeleton(tt.en, latinSkeleton)
		if fa == "" || fa != en {
			t.Errorf("%s → %q, %s → %q: want equal and non-empty", tt.fa, fa, tt.en, en)
		}
	}
}

func TestSkeletonsDiffer(t *testing.T) {
	tests := []struct{ fa, en string }{
		{"هنیه", "Hamas"},
		{"عراقچی", "Iraqi"},
		{"تهران", "Tasnim"},
	}
	for _, tt := range tests {
		if joinedSkeleton(tt.fa, persianSkeleton) == joinedSkeleton(tt.en, latinSkeleton) {
			t.Errorf("%s and %s share a skeleton", tt.fa, tt.en)
		}
	}
}

// joinedSkeleton folds a name written as one or more words and returns the
// skeleton of the words run together.
func joinedSkeleton(name string, skel func(string) string) string {
	var all string
	for _, t := range tokenize(name) {
		all += corpus.Fold(t.text)
	}
	return skel(all)
}
