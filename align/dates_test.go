package align

import (
	"testing"
	"time"

	"hamta/corpus"
)

func TestDocDate(t *testing.T) {
	tests := []struct {
		date string
		want string
	}{
		{"10/24/2023 11:15:40 AM", "2023-10-24"},
		{"2023-11-23", "2023-11-23"},
		{"۱۴۰۲/۰۹/۰۲ - ۱۰:۱۵", "2023-11-23"},
		{"1402/01/01", "2023-03-21"},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d := &corpus.Document{Meta: map[string]string{"date": tt.date}}
		got, ok := DocDate(d)
		s := ""
		if ok {
			s = got.Format(time.DateOnly)
		}
		if s != tt.want {
			t.Errorf("DocDate(%q) = %q, want %q", tt.date, s, tt.want)
		}
	}
	a := &corpus.Document{Meta: map[string]string{"date": "10/24/2023"}}
	b := &corpus.Document{Meta: map[string]string{"date": "۱۴۰۲/۱۱/۰۱"}} // 2024-01-21
	c := &corpus.Document{Meta: map[string]string{"date": "01/15/2024"}}
	if !datesApart(a, b) || datesApart(b, c) || datesApart(a, &corpus.Document{}) {
		t.Error("datesApart")
	}
}
