package rtl

const (
	lam  = 0x0644
	zwnj = 0x200C
	zwj  = 0x200D
)

// Shape joins the Arabic-script letters of a line, given in logical order
// with their levels, into their presentation forms (Arabic Presentation
// Forms-A and -B): each letter takes its isolated, final, initial or
// medial form by its joining type and its neighbours', skipping
// transparent marks; tatweel and ZWJ cause joins, ZWNJ and every other
// non-joining character break them, and letters join only within a run of
// one level. Lam followed by alef becomes one lam-alef ligature, written
// at the lam; the alef's place in dst is 0. Other runes are copied. dst
// gets one rune per rune of text and is returned.
//
// Shaping is for the screen only: text that is copied or exported keeps
// its letters.
func Shape(text []rune, levels []Level, dst []rune) []rune {
	dst = append(dst[:0], text...)
	n := len(text)
	// next finds the next character that is not transparent, or -1.
	next := func(i int) int {
		for j := i + 1; j < n; j++ {
			if JoiningOf(text[j]) != Transparent {
				return j
			}
		}
		return -1
	}
	prevJoins := false // the previous non-transparent character joins forward to this one
	prev := -1
	for i := 0; i < n; i++ {
		jt := JoiningOf(text[i])
		if jt == Transparent {
			continue
		}
		if dst[i] == 0 { // an alef taken into a ligature
			prev, prevJoins = i, false
			continue
		}
		j := next(i)
		joinsPrev := prev >= 0 && prevJoins && levels[prev] == levels[i] && (jt == DualJoining || jt == RightJoining || jt == JoinCausing)
		canJoinNext := jt == DualJoining || jt == LeftJoining || jt == JoinCausing
		joinsNext := false
		if j >= 0 && canJoinNext && levels[j] == levels[i] {
			nt := JoiningOf(text[j])
			joinsNext = nt == DualJoining || nt == RightJoining || nt == JoinCausing
		}
		switch {
		case text[i] == lam && joinsNext && lamAlef(text[j], false) != 0:
			dst[i] = lamAlef(text[j], joinsPrev)
			dst[j] = 0
			joinsNext = false
		case jt == DualJoining || jt == RightJoining || jt == LeftJoining:
			f := Isolated
			switch {
			case joinsPrev && joinsNext:
				f = Medial
			case joinsPrev:
				f = Final
			case joinsNext:
				f = Initial
			}
			dst[i] = PresentationForm(text[i], f)
		}
		prev, prevJoins = i, joinsNext
	}
	return dst
}
