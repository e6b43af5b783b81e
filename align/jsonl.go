package align

import (
	"encoding/json"
	"io"
)

// jsonRow is one bead in JSON Lines: both texts, document IDs, 1-based
// paragraph numbers, score, anchors, whether a person confirmed it and
// whether it links paragraphs out of order.
type jsonRow struct {
	FADoc     string       `json:"fa_doc"`
	ENDoc     string       `json:"en_doc"`
	FAParas   []int        `json:"fa_paras"`
	ENParas   []int        `json:"en_paras"`
	Score     float64      `json:"score"`
	FAText    string       `json:"fa_text"`
	ENText    string       `json:"en_text"`
	Anchors   []jsonAnchor `json:"anchors"`
	Confirmed bool         `json:"confirmed"`
	Moved     bool         `json:"moved"`
}

type jsonAnchor struct {
	Kind AnchorKind `json:"kind"`
	FA   string     `json:"fa"`
	EN   string     `json:"en"`
}

// WriteJSONL writes rows as JSON Lines, one object per bead.
func WriteJSONL(w io.Writer, rows []Row) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		jr := jsonRow{
			FADoc: r.FADoc, ENDoc: r.ENDoc,
			FAParas: oneBased(r.FAParas), ENParas: oneBased(r.ENParas),
			Score: roundScore(r.Score), FAText: r.FAText, ENText: r.ENText,
			Anchors: []jsonAnchor{}, Confirmed: r.Confirmed, Moved: r.Moved,
		}
		for _, a := range r.Anchors {
			jr.Anchors = append(jr.Anchors, jsonAnchor{Kind: a.Kind, FA: a.A, EN: a.B})
		}
		if err := enc.Encode(jr); err != nil {
			return err
		}
	}
	return nil
}

func oneBased(idx []int) []int {
	out := make([]int, len(idx))
	for i, x := range idx {
		out[i] = x + 1
	}
	return out
}

// roundScore keeps three decimals, as the TSV does.
func roundScore(s float64) float64 { return float64(int(s*1000+0.5)) / 1000 }
