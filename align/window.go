package align

// window is the part of the alignment lattice that is searched: for each
// row i (segments of A consumed, 0..n) the columns lo[i]..hi[i] (segments
// of B consumed). Both bounds never decrease from one row to the next, so
// the window always holds a path from (0,0) to (n,m).
type window struct {
	n, m   int
	lo, hi []int
	off    []int // index of row i's first cell in the flat arrays
	size   int   // number of cells
}

// fullWindow is the whole lattice.
func fullWindow(n, m int) *window {
	w := &window{n: n, m: m, lo: make([]int, n+1), hi: make([]int, n+1)}
	for i := range w.hi {
		w.hi[i] = m
	}
	w.index()
	return w
}

func (w *window) index() {
	w.off = make([]int, w.n+2)
	for i := 0; i <= w.n; i++ {
		w.off[i+1] = w.off[i] + w.hi[i] - w.lo[i] + 1
	}
	w.size = w.off[w.n+1]
}

// at returns the flat index of cell (i, j), or -1 outside the window.
func (w *window) at(i, j int) int {
	if i < 0 || i > w.n || j < w.lo[i] || j > w.hi[i] {
		return -1
	}
	return w.off[i] + j - w.lo[i]
}

// projectWindow turns the beads of a coarse alignment (each coarse segment
// standing for fa segments of A and fb of B) into a window of the fine
// lattice: the cells the coarse path covers, widened by r on every side.
func projectWindow(coarse []rawBead, fa, fb, n, m, r int) *window {
	lo := make([]int, n+1)
	hi := make([]int, n+1)
	for i := range lo {
		lo[i], hi[i] = m+1, -1
	}
	for _, c := range coarse {
		a0, a1 := min(c.a0*fa, n), min(c.a1*fa, n)
		b0, b1 := min(c.b0*fb, m), min(c.b1*fb, m)
		for i := a0; i <= a1; i++ {
			lo[i] = min(lo[i], b0)
			hi[i] = max(hi[i], b1)
		}
	}
	w := &window{n: n, m: m, lo: make([]int, n+1), hi: make([]int, n+1)}
	for i := 0; i <= n; i++ {
		l, h := m+1, -1
		for d := max(0, i-r); d <= min(n, i+r); d++ {
			l, h = min(l, lo[d]), max(h, hi[d])
		}
		w.lo[i] = max(0, l-r)
		w.hi[i] = min(m, h+r)
	}
	w.lo[0], w.hi[n] = 0, m
	for i := 1; i <= n; i++ {
		w.hi[i] = max(w.hi[i], w.hi[i-1])
	}
	for i := n - 1; i >= 0; i-- {
		w.lo[i] = min(w.lo[i], w.lo[i+1])
	}
	for i := 0; i <= n; i++ {
		// Rows the coarse path skipped entirely still need a cell.
		if w.lo[i] > w.hi[i] {
			w.lo[i] = w.hi[i]
		}
	}
	w.index()
	return w
}
