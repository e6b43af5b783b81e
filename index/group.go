package index

import "slices"

// groupByBead merges hits of one bead into one row, in the order the hits
// come: the first hit of a bead is the row, and hits on its counterpart
// side lend the counterpart their highlights. Another paragraph of the
// row's own side adds nothing the row does not already lead to.
func groupByBead(hits []Hit) []Hit {
	var rows []Hit
	at := map[string]int{}
	for _, h := range hits {
		i, ok := at[h.bead]
		if !ok {
			at[h.bead] = len(rows)
			rows = append(rows, h)
			continue
		}
		row := &rows[i]
		if c := row.Counterpart; c != nil && h.Doc == c.Doc && slices.Contains(c.Paras, h.Para) {
			if row.cphl == nil {
				row.cphl = map[int][]Span{}
			}
			if _, done := row.cphl[h.Para]; !done {
				row.cphl[h.Para] = h.Highlights
			}
		}
	}
	return rows
}
