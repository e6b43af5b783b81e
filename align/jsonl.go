package align

import (
	"encoding/json"
	"io"
)

// jsonRow is one bead in JSON Lines: both texts, document IDs, 1-based
// paragraph numbers, score, anchors, whether a person confirmed it and
// whether it links paragraphs out of order; for a sentence bead, its
// sentences and its paragraph bead too.
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
	// A row of sentences also has its sentences (1-based paragraph and
	// sentence numbers) and its paragraph bead.
	FASents []jsonSentence `json:"fa_sentences,omitempty"`
	ENSents []jsonSentence `json:"en_sentences,omitempty"`
	Bead    *jsonBead      `json:"bead,omitempty"`
}

// jsonSentence names a sentence: its paragraph's number and its number in
// the paragraph, both 1-based.
type jsonSentence struct {
	Para     int `json:"para"`
	Sentence int `json:"sentence"`
}

// jsonBead is the paragraph bead of a row of sentences.
type jsonBead struct {
	FAParas []int `json:"fa_paras"`
	ENParas []int `json:"en_paras"`
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
		if r.Unit == UnitSentence {
			jr.FASents, jr.ENSents = jsonSentences(r.FASents), jsonSentences(r.ENSents)
			jr.Bead = &jsonBead{FAParas: oneBased(r.BeadFA), ENParas: oneBased(r.BeadEN)}
		}
		if err := enc.Encode(jr); err != nil {
			return err
		}
	}
	return nil
}

func jsonSentences(ss []Sentence) []jsonSentence {
	out := make([]jsonSentence, len(ss))
	for i, s := range ss {
		out[i] = jsonSentence{Para: s.Para + 1, Sentence: s.Index + 1}
	}
	return out
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
