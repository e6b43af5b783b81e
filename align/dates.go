package align

import (
	"regexp"
	"strconv"
	"time"

	"hamta/corpus"
)

// maxDateGap is the largest gap between two documents' publication dates
// for them to report the same event or translate one another.
const maxDateGap = 30 * 24 * time.Hour

var (
	dateYMD = regexp.MustCompile(`(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})`)
	dateMDY = regexp.MustCompile(`(\d{1,2})/(\d{1,2})/(\d{4})`)
)

// DocDate reads a document's publication date from its metadata
// ("Publish Date : 10/24/2023", "تاریخ انتشار: ۱۴۰۲/۰۸/۰۲"), converting
// solar Hijri dates to Gregorian within a day.
func DocDate(d *corpus.Document) (time.Time, bool) {
	s := corpus.Fold(d.Meta["date"])
	if s == "" {
		return time.Time{}, false
	}
	if m := dateYMD.FindStringSubmatch(s); m != nil {
		y, mo, day := atoi(m[1]), atoi(m[2]), atoi(m[3])
		if y >= 1300 && y <= 1500 {
			return solarDate(y, mo, day)
		}
		return gregorian(y, mo, day)
	}
	if m := dateMDY.FindStringSubmatch(s); m != nil {
		return gregorian(atoi(m[3]), atoi(m[1]), atoi(m[2]))
	}
	return time.Time{}, false
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func gregorian(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// solarDate converts a solar Hijri date: Farvardin 1 falls on March 21
// (give or take a day).
func solarDate(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	days := d - 1
	if m <= 6 {
		days += (m - 1) * 31
	} else {
		days += 6*31 + (m-7)*30
	}
	return time.Date(y+621, time.March, 21, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days), true
}

// datesApart reports whether two documents both carry dates too far apart
// for them to be a pair.
func datesApart(a, b *corpus.Document) bool {
	da, okA := DocDate(a)
	db, okB := DocDate(b)
	if !okA || !okB {
		return false
	}
	gap := da.Sub(db)
	if gap < 0 {
		gap = -gap
	}
	return gap > maxDateGap
}
