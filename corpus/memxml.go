package corpus

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// newXMLDecoder returns a strict decoder of already decoded text: the
// encoding its declaration names has been applied, and HTML's named
// entities are accepted as some tools write them.
func newXMLDecoder(text string) *xml.Decoder {
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	dec.Entity = xml.HTMLEntity
	return dec
}

// inlineCode names inline elements of TMX and XLIFF whose content is the
// original format's markup (such as "<b>"), not text.
var inlineCode = map[string]bool{
	"bpt": true, "ept": true, "it": true, "ph": true, "ut": true, "sub": true,
}

// segText reads the text of the element just started (a TMX seg, an XLIFF
// source or target) up to its end: character data, less the content of
// inline code; XLIFF 2's cp elements give their character.
func segText(dec *xml.Decoder) (string, error) {
	var b strings.Builder
	depth, code := 1, 0
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if code > 0 || inlineCode[t.Name.Local] {
				code++
			}
			if t.Name.Local == "cp" && code == 0 {
				for _, a := range t.Attr {
					if a.Name.Local == "hex" {
						if n, err := strconv.ParseUint(a.Value, 16, 32); err == nil && n > 0 && n <= 0x10FFFF {
							b.WriteRune(rune(n))
						}
					}
				}
			}
		case xml.EndElement:
			depth--
			if code > 0 {
				code--
			}
		case xml.CharData:
			if code == 0 {
				b.Write(t)
			}
		}
	}
	return b.String(), nil
}

// xmlAttr returns the value of an attribute by its local name.
func xmlAttr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// groupKey orders units into groups by the documents they name.
type groupKey struct{ fa, en string }

// groupBuilder collects units into groups in the order groups first appear.
type groupBuilder struct {
	order []groupKey
	byKey map[groupKey]*memGroup
}

func (g *groupBuilder) add(k groupKey, u memUnit) {
	if g.byKey == nil {
		g.byKey = map[groupKey]*memGroup{}
	}
	grp := g.byKey[k]
	if grp == nil {
		grp = &memGroup{faName: k.fa, enName: k.en}
		g.byKey[k] = grp
		g.order = append(g.order, k)
	}
	grp.units = append(grp.units, u)
}

func (g *groupBuilder) groups() []memGroup {
	out := make([]memGroup, len(g.order))
	for i, k := range g.order {
		out[i] = *g.byKey[k]
	}
	return out
}

// readTMX reads a TMX document (1.4, and 1.1–1.3, which use lang for
// xml:lang): each tu with a Persian and an English tuv is a unit. hamta's
// own properties (x-score, x-confirmed, x-fa-doc, x-en-doc) are read back.
func readTMX(text string) ([]memGroup, []string, error) {
	dec := newXMLDecoder(text)
	var gb groupBuilder
	var langs = map[string]int{}
	root := true
	var unit *memUnit
	var key groupKey
	var tuvLang Lang
	var tuvSeen bool
	var propType string
	var prop strings.Builder
	inProp := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root {
				if t.Name.Local != "tmx" {
					return nil, nil, fmt.Errorf("not a TMX file: root element <%s>", t.Name.Local)
				}
				root = false
				continue
			}
			switch t.Name.Local {
			case "tu":
				line, _ := dec.InputPos()
				unit, key = &memUnit{score: 1, line: line}, groupKey{}
			case "prop":
				if unit != nil {
					propType, inProp = xmlAttr(t, "type"), true
					prop.Reset()
				}
			case "tuv":
				l := xmlAttr(t, "lang")
				tuvLang, tuvSeen = memoryLang(l), false
				langs[strings.ToLower(l)]++
			case "seg":
				s, err := segText(dec)
				if err != nil {
					return nil, nil, err
				}
				if unit == nil || tuvSeen {
					continue
				}
				tuvSeen = true
				switch tuvLang {
				case LangFA:
					if unit.fa == "" {
						unit.fa = s
					}
				case LangEN:
					if unit.en == "" {
						unit.en = s
					}
				}
			}
		case xml.CharData:
			if inProp {
				prop.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "prop":
				if unit != nil && inProp {
					v := strings.TrimSpace(prop.String())
					switch propType {
					case "x-score":
						if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 1 {
							unit.score = f
						}
					case "x-confirmed":
						unit.confirmed = v == "true"
					case "x-fa-doc":
						key.fa = v
					case "x-en-doc":
						key.en = v
					}
				}
				inProp = false
			case "tu":
				if unit != nil {
					gb.add(key, *unit)
				}
				unit = nil
			}
		}
	}
	if root {
		return nil, nil, fmt.Errorf("not a TMX file: no root element")
	}
	return gb.groups(), langWarning(langs), nil
}

// langWarning names the languages of a memory when Persian or English is
// missing from them, to explain an empty result.
func langWarning(langs map[string]int) []string {
	hasFA, hasEN := false, false
	var names []string
	for l := range langs {
		switch memoryLang(l) {
		case LangFA:
			hasFA = true
		case LangEN:
			hasEN = true
		}
		names = append(names, l)
	}
	if hasFA && hasEN || len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	return []string{"languages in the file: " + strings.Join(names, ", ")}
}

// readXLIFF reads XLIFF 1.2 (file, trans-unit, source, target) and 2.x
// (file, unit, segment, source, target): each trans-unit (1.2) or segment
// (2.x) of a file between Persian and English, either way round, is a
// unit. Each file element with an "original" name is its own pair.
func readXLIFF(text string) ([]memGroup, []string, error) {
	dec := newXMLDecoder(text)
	var gb groupBuilder
	langs := map[string]int{}
	root := true
	var srcLang, trgLang Lang // of the document (2.x) or the file (1.2)
	var docSrc, docTrg string
	var fileName string
	var src, trg *string
	var hasSrc, hasTrg bool
	line := 0
	flush := func() {
		if hasSrc || hasTrg {
			u := memUnit{score: 1, line: line}
			for _, side := range []struct {
				lang Lang
				text *string
			}{{srcLang, src}, {trgLang, trg}} {
				if side.text == nil {
					continue
				}
				switch side.lang {
				case LangFA:
					u.fa = *side.text
				case LangEN:
					u.en = *side.text
				}
			}
			if (srcLang == LangFA && trgLang == LangEN) || (srcLang == LangEN && trgLang == LangFA) {
				gb.add(groupKey{fa: fileName, en: fileName}, u)
			}
		}
		src, trg, hasSrc, hasTrg = nil, nil, false, false
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root {
				if t.Name.Local != "xliff" {
					return nil, nil, fmt.Errorf("not an XLIFF file: root element <%s>", t.Name.Local)
				}
				docSrc, docTrg = xmlAttr(t, "srcLang"), xmlAttr(t, "trgLang")
				root = false
				continue
			}
			switch t.Name.Local {
			case "file":
				s, g := xmlAttr(t, "source-language"), xmlAttr(t, "target-language")
				if s == "" {
					s, g = docSrc, docTrg
				}
				langs[strings.ToLower(s)]++
				langs[strings.ToLower(g)]++
				srcLang, trgLang = memoryLang(s), memoryLang(g)
				fileName = xmlAttr(t, "original")
			case "trans-unit", "segment":
				flush()
				line, _ = dec.InputPos()
			case "source", "target":
				s, err := segText(dec)
				if err != nil {
					return nil, nil, err
				}
				if t.Name.Local == "source" && !hasSrc {
					src, hasSrc = &s, true
				} else if t.Name.Local == "target" && !hasTrg {
					trg, hasTrg = &s, true
				}
			case "seg-source", "alt-trans", "note", "notes", "originalData", "ignorable":
				if err := dec.Skip(); err != nil {
					return nil, nil, err
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "trans-unit", "segment":
				flush()
			}
		}
	}
	if root {
		return nil, nil, fmt.Errorf("not an XLIFF file: no root element")
	}
	groups := gb.groups()
	// One file (or files without names) is one pair named by languages.
	if len(groups) == 1 {
		groups[0].faName, groups[0].enName = "", ""
	} else {
		for i := range groups {
			if groups[i].faName == "" {
				groups[i].faName, groups[i].enName = "fa", "en"
			} else {
				groups[i].faName += ".fa"
				groups[i].enName += ".en"
			}
		}
	}
	return groups, langWarning(langs), nil
}
