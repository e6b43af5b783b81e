package rtl

// TabWidth is the number of spaces a tab becomes.
const TabWidth = 4

// Sanitize calls emit with each rune of text that may reach a terminal,
// and the index (in runes) of the rune of text it stands for. It removes
// what a terminal would act on or what could reorder the screen: escape
// sequences whole (CSI, OSC, DCS, SOS, PM and APC, in their 7-bit and
// 8-bit forms), every other C0 and C1 control, DEL, and the explicit bidi
// controls (LRE, RLE, LRO, RLO, PDF, LRI, RLI, FSI, PDI), which could
// reorder the text around them. A tab becomes TabWidth spaces, a line or
// paragraph break one space. ZWNJ, ZWJ and the implicit marks LRM, RLM
// and ALM stay.
func Sanitize(text string, emit func(r rune, src int)) {
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\t':
			for range TabWidth {
				emit(' ', i)
			}
		case r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
			emit(' ', i)
		case r == 0x1B:
			i = skipEscape(rs, i)
		case r >= 0x80 && r <= 0x9F:
			i = skipC1(rs, i)
		case r < 0x20 || r == 0x7F:
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		case r == 0xFEFF, r >= 0xFFF9 && r <= 0xFFFB:
		default:
			emit(r, i)
		}
	}
}

// SanitizeString is Sanitize's result as a string.
func SanitizeString(text string) string {
	out := make([]rune, 0, len(text))
	Sanitize(text, func(r rune, _ int) { out = append(out, r) })
	return string(out)
}

// skipEscape returns the index of the last rune of the escape sequence
// that starts with ESC at rs[i].
func skipEscape(rs []rune, i int) int {
	if i+1 >= len(rs) {
		return i
	}
	switch rs[i+1] {
	case '[':
		return skipCSI(rs, i+2)
	case ']', 'P', 'X', '^', '_':
		return skipString(rs, i+2)
	}
	// ESC, intermediates, a final character.
	j := i + 1
	for j < len(rs) && rs[j] >= 0x20 && rs[j] <= 0x2F {
		j++
	}
	if j < len(rs) && rs[j] >= 0x30 && rs[j] <= 0x7E {
		return j
	}
	return j - 1
}

// skipC1 skips a C1 control, and the rest of the sequence it starts.
func skipC1(rs []rune, i int) int {
	switch rs[i] {
	case 0x9B:
		return skipCSI(rs, i+1)
	case 0x9D, 0x90, 0x98, 0x9E, 0x9F:
		return skipString(rs, i+1)
	}
	return i
}

// skipCSI skips parameters and intermediates from rs[j] to the final
// byte, and returns its index; a sequence cut short by a character that
// cannot be in it ends before that character.
func skipCSI(rs []rune, j int) int {
	for ; j < len(rs); j++ {
		switch r := rs[j]; {
		case r >= 0x40 && r <= 0x7E:
			return j
		case r >= 0x20 && r <= 0x3F:
		default:
			return j - 1
		}
	}
	return len(rs) - 1
}

// skipString skips a control string from rs[j] to its terminator (BEL,
// ESC \ or ST). One without a terminator runs to the end of the text, as
// a terminal would take it.
func skipString(rs []rune, j int) int {
	for ; j < len(rs); j++ {
		switch rs[j] {
		case 0x07, 0x9C:
			return j
		case 0x1B:
			if j+1 < len(rs) && rs[j+1] == '\\' {
				return j + 1
			}
		}
	}
	return len(rs) - 1
}
