package corpus

import "unicode"

// ScriptCounts counts the letters of a text by script.
type ScriptCounts struct {
	Arabic int // Arabic-script letters (Persian, Arabic)
	Latin  int // Latin letters
	Other  int // letters of any other script
}

// Add counts the letters of s.
func (c *ScriptCounts) Add(s string) {
	for _, r := range s {
		switch {
		case r < 0x80:
			if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
				c.Latin++
			}
		case !unicode.IsLetter(r):
		case unicode.Is(unicode.Arabic, r):
			c.Arabic++
		case unicode.Is(unicode.Latin, r):
			c.Latin++
		default:
			c.Other++
		}
	}
}

// Merge adds the counts of o.
func (c *ScriptCounts) Merge(o ScriptCounts) {
	c.Arabic += o.Arabic
	c.Latin += o.Latin
	c.Other += o.Other
}

// Lang returns the language most of the letters belong to: Persian for
// Arabic script, English for Latin, unknown when there are no letters of
// either.
func (c ScriptCounts) Lang() Lang {
	switch {
	case c.Arabic == 0 && c.Latin == 0:
		return LangUnknown
	case c.Arabic >= c.Latin:
		return LangFA
	}
	return LangEN
}

// Langs returns every language holding at least minShare of the Arabic and
// Latin letters, the main one first.
func (c ScriptCounts) Langs(minShare float64) []Lang {
	total := float64(c.Arabic + c.Latin)
	if total == 0 {
		return nil
	}
	main := c.Lang()
	out := []Lang{main}
	other, n := LangEN, c.Latin
	if main == LangEN {
		other, n = LangFA, c.Arabic
	}
	if float64(n) >= minShare*total {
		out = append(out, other)
	}
	return out
}

// DetectLang returns the language of s by script.
func DetectLang(s string) Lang {
	var c ScriptCounts
	c.Add(s)
	return c.Lang()
}
