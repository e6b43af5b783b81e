package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ErrZipBomb is the error for an archive whose parts expand past the size
// limit.
var ErrZipBomb = errors.New("archive expands past the size limit (a zip bomb?)")

// docxExpansion is how many times the size limit for a file (Options.MaxSize)
// the XML parts of a Word document may expand to.
const docxExpansion = 8

// The XML namespaces of Word documents.
const (
	nsWord       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWordStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC         = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsDC         = "http://purl.org/dc/elements/1.1/"
	nsDCT        = "http://purl.org/dc/terms/"
)

// ParseDOCX builds a document from a Word (.docx) file: one paragraph per
// Word paragraph of the main text (tables cell by cell, right-to-left
// paragraphs as they are stored, in logical order), headings from the
// heading and title styles, deleted revisions and field codes left out.
// Title, author and dates come from the core properties. Parts that expand
// past docxExpansion times the size limit are refused as a zip bomb.
func ParseDOCX(id string, raw []byte, opts Options) (*Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("not a Word document: %w", err)
	}
	limit := docxExpansion * opts.maxSize()
	budget := &limit
	main, err := zipPart(zr, "word/document.xml", budget)
	if err != nil {
		return nil, err
	}
	if main == nil {
		return nil, errors.New("not a Word document: no word/document.xml")
	}
	blocks, err := docxParagraphs(main)
	if err != nil {
		return nil, fmt.Errorf("word/document.xml: %w", err)
	}
	if len(blocks) == 0 {
		return nil, errNoText("no text in the document")
	}
	doc := newDoc(id, raw, FormatDOCX)
	doc.Encoding = EncUTF8
	if _, err := parseBlocks(doc, blocks); err != nil {
		return nil, err
	}
	if core, err := zipPart(zr, "docProps/core.xml", budget); err != nil {
		return nil, err
	} else if core != nil {
		meta, err := docxCore(core)
		if err != nil {
			doc.Warnings = append(doc.Warnings, "docProps/core.xml: "+err.Error())
		}
		mergeMeta(doc, meta)
	}
	return doc, nil
}

// zipPart reads a part of an archive, or returns nil when it is missing.
// What it reads is taken from budget; a part that would overdraw it, by
// its declared size or by what it really expands to, fails with
// ErrZipBomb.
func zipPart(zr *zip.Reader, name string, budget *int64) ([]byte, error) {
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > uint64(*budget) {
			return nil, fmt.Errorf("%s: %w (%d bytes, limit %d)", name, ErrZipBomb, f.UncompressedSize64, *budget)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, *budget+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if int64(len(b)) > *budget {
			return nil, fmt.Errorf("%s: %w (over %d bytes)", name, ErrZipBomb, *budget)
		}
		*budget -= int64(len(b))
		return b, nil
	}
	return nil, nil
}

// docxParagraphs reads the paragraphs of word/document.xml. Text is in
// w:t runs; w:tab and w:br are spaces; deleted text (w:delText), field
// instructions (w:instrText) and the fallback of alternate content are
// skipped; a field's result is kept. A paragraph nested in another (a text box) is its own
// paragraph.
func docxParagraphs(b []byte) ([]RawParagraph, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	type para struct {
		text    strings.Builder
		heading bool
		line    int
	}
	var stack []*para
	var out []RawParagraph
	inText := 0 // inside w:t
	skip := 0   // depth inside an element whose text is not shown
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if t.Name.Space == nsMC && t.Name.Local == "Fallback" || isWordNS(t.Name.Space) && (t.Name.Local == "delText" || t.Name.Local == "instrText") {
				skip = 1
				continue
			}
			if !isWordNS(t.Name.Space) {
				continue
			}
			var cur *para
			if len(stack) > 0 {
				cur = stack[len(stack)-1]
			}
			switch t.Name.Local {
			case "p":
				line, _ := dec.InputPos()
				stack = append(stack, &para{line: line})
			case "t":
				inText++
			case "tab", "br", "cr":
				if cur != nil {
					cur.text.WriteByte(' ')
				}
			case "noBreakHyphen":
				if cur != nil {
					cur.text.WriteByte('-')
				}
			case "pStyle":
				if cur != nil {
					v := strings.ToLower(wordAttr(t, "val"))
					if strings.HasPrefix(v, "heading") || v == "title" || v == "subtitle" {
						cur.heading = true
					}
				}
			case "outlineLvl":
				if cur != nil {
					cur.heading = true
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if !isWordNS(t.Name.Space) {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText--
			case "p":
				if len(stack) == 0 {
					continue
				}
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				text := strings.Join(strings.Fields(p.text.String()), " ")
				if text != "" {
					heading := p.heading
					if !heading && utf8.RuneCountInString(text) <= maxHeading {
						heading = isHeadingLine(text)
					}
					out = append(out, RawParagraph{Text: text, Line: p.line, Heading: heading})
				}
			}
		case xml.CharData:
			if skip > 0 || inText <= 0 || len(stack) == 0 {
				continue
			}
			stack[len(stack)-1].text.Write(t)
		}
	}
	return out, nil
}

func isWordNS(s string) bool { return s == nsWord || s == nsWordStrict }

// wordAttr returns the value of a w: attribute.
func wordAttr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local && (isWordNS(a.Name.Space) || a.Name.Space == "") {
			return a.Value
		}
	}
	return ""
}

// docxCore reads title, author and dates from docProps/core.xml. The dates
// are when the file was made and saved, not when its text was published,
// so they are kept as "created" and "modified", not "date".
func docxCore(b []byte) (map[string]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	meta := map[string]string{}
	var key string
	var val strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return meta, nil
		}
		if err != nil {
			return meta, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			key = ""
			switch {
			case t.Name.Space == nsDC && t.Name.Local == "title":
				key = "title"
			case t.Name.Space == nsDC && t.Name.Local == "creator":
				key = "author"
			case t.Name.Space == nsDCT && t.Name.Local == "created":
				key = "created"
			case t.Name.Space == nsDCT && t.Name.Local == "modified":
				key = "modified"
			}
			val.Reset()
		case xml.CharData:
			if key != "" {
				val.Write(t)
			}
		case xml.EndElement:
			if key != "" {
				if v := strings.TrimSpace(val.String()); v != "" {
					meta[key] = v
				}
				key = ""
			}
		}
	}
}
