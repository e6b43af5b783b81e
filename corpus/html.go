package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// ParseHTML builds a document from a web page: the article's paragraphs,
// without the site's navigation, sharing buttons, related-story lists,
// comment forms and footer; title, date and author from the page's meta
// tags (Open Graph, article:published_time, Dublin Core, JSON-LD) as
// metadata. The encoding comes from the byte-order mark or the page's
// meta tag, and otherwise is found as for text.
func ParseHTML(id string, raw []byte) (*Document, error) {
	text, enc, err := decodeHTML(raw)
	if err != nil {
		return nil, err
	}
	doc := newDoc(id, raw, FormatHTML)
	doc.Encoding = enc
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	meta := htmlMeta(root)
	pg := newPage(root)
	blocks := pg.blocks(pg.contentRoot(root))
	if len(blocks) == 0 {
		return nil, errNoText("no text in the page")
	}
	if _, err := parseBlocks(doc, blocks); err != nil {
		return nil, err
	}
	mergeMeta(doc, meta)
	return doc, nil
}

// errNoText is the error for a file whose markup holds no text.
type errNoText string

func (e errNoText) Error() string { return string(e) }

// Is makes errors.Is(err, ErrEmpty) true.
func (e errNoText) Is(target error) bool { return target == ErrEmpty }

// metaCharset finds the charset a page declares in its first kilobyte:
// <meta charset="…"> or <meta http-equiv="Content-Type" content="…;
// charset=…">.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([-a-z0-9_:.]+)`)

// decodeHTML decodes a page: a byte-order mark or a charset declared in
// the page wins; otherwise UTF-8, or Windows-1256 when the bytes are not
// UTF-8, as for text. A page declaring Latin-1 or UTF-8 whose bytes say
// otherwise is read as its bytes say: editors change the text and leave
// the meta tag.
func decodeHTML(raw []byte) (string, string, error) {
	bom := bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF})
	if !bom {
		if m := metaCharset.FindSubmatch(raw[:min(len(raw), 1024)]); m != nil {
			e, name := charset.Lookup(string(m[1]))
			latin := name == "windows-1252" || name == "iso-8859-1"
			if e != nil && name != "utf-8" && !strings.HasPrefix(name, "utf-16") && !(latin && utf8.Valid(raw)) {
				return decodeDeclared(raw, e, name)
			}
		}
	}
	d, err := Decode(raw)
	if errors.Is(err, ErrUndecodable) {
		// Markup is not the prose Decode judges Windows-1256 by: a page
		// that is not UTF-8 and declares nothing is read as the legacy
		// Persian code page.
		out, err := charmap.Windows1256.NewDecoder().Bytes(raw)
		if err != nil {
			return "", "", ErrUndecodable
		}
		return string(out), EncWindows1256, nil
	}
	if err != nil {
		return "", "", err
	}
	return d.Text, d.Encoding, nil
}

// htmlMeta reads title, date, author and site from a page's head: meta
// tags, JSON-LD and the title element.
func htmlMeta(root *html.Node) map[string]string {
	meta := map[string]string{}
	set := func(key, val string) {
		val = strings.Join(strings.Fields(val), " ")
		if _, ok := meta[key]; !ok && val != "" {
			meta[key] = val
		}
	}
	var title string
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Title:
			if title == "" {
				title = textOf(n)
			}
		case atom.Meta:
			name := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
			if key := metaKeys[name]; key != "" {
				set(key, attr(n, "content"))
			}
		case atom.Script:
			if strings.Contains(attr(n, "type"), "ld+json") {
				jsonLD(textOf(n), set)
			}
		case atom.Time:
			if attr(n, "itemprop") == "datePublished" || hasAttr(n, "pubdate") {
				set("date", attr(n, "datetime"))
			}
		}
	}
	set("title", title)
	return meta
}

// metaKeys maps meta tag names and properties to metadata keys. The first
// one a page gives for a key wins, in page order.
var metaKeys = map[string]string{
	"og:title": "title", "twitter:title": "title", "title": "title", "dc.title": "title", "headline": "title",
	"article:published_time": "date", "og:published_time": "date", "datepublished": "date",
	"date": "date", "pubdate": "date", "publishdate": "date", "publish-date": "date", "publish_date": "date",
	"dc.date": "date", "dc.date.issued": "date", "dcterms.issued": "date", "dcterms.created": "date",
	"sailthru.date": "date", "parsely-pub-date": "date", "article:modified_time": "modified",
	"author": "author", "article:author": "author", "dc.creator": "author", "byl": "author",
	"og:site_name": "site",
}

// jsonLD reads headline, datePublished and author from a JSON-LD block.
func jsonLD(s string, set func(key, val string)) {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return
	}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			if s, ok := x["headline"].(string); ok {
				set("title", s)
			}
			if s, ok := x["datePublished"].(string); ok {
				set("date", s)
			}
			switch a := x["author"].(type) {
			case string:
				set("author", a)
			case map[string]any:
				if s, ok := a["name"].(string); ok {
					set("author", s)
				}
			case []any:
				if len(a) > 0 {
					if m, ok := a[0].(map[string]any); ok {
						if s, ok := m["name"].(string); ok {
							set("author", s)
						}
					}
				}
			}
			if g, ok := x["@graph"]; ok {
				walk(g, depth+1)
			}
		}
	}
	walk(v, 0)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// textOf returns the text under n, white space collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// boilerplateName matches class and id names of page parts that are not
// the article: navigation, sharing, related stories, comments, ads.
var boilerplateName = regexp.MustCompile(`(?i)(?:^|[-_ ])(?:nav|navbar|navigation|menu|menus|breadcrumbs?|byline|bylines|author|authors|dateline|timestamp|date|article-meta|post-meta|entry-meta|footer|sidebar|side|share|sharing|social|related|recommended|more-stories|comments?|comment-form|respond|advert|advertisement|ads?|ad-slot|banner|cookies?|newsletter|subscribe|subscription|popup|modal|tags?|tag-list|keywords|widget|promo|sponsored|toolbar|pagination|pager|author-box|most-read|most-popular|most-viewed|popular|trending|login|signup|search|masthead|topbar|top-bar|header-bar|ticker|latest-news|print)(?:$|[-_ ])`)

// contentName matches class and id names of the article itself.
var contentName = regexp.MustCompile(`(?i)(?:^|[-_ ])(?:article|articlebody|article-body|story|story-body|content|entry|entry-content|post|post-content|body|text|news-text|main)(?:$|[-_ ])`)

// dropTags are elements that never hold article text.
var dropTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Canvas: true, atom.Form: true, atom.Button: true,
	atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Nav: true, atom.Aside: true,
	atom.Footer: true, atom.Figure: true, atom.Img: true, atom.Video: true, atom.Audio: true,
	atom.Object: true, atom.Embed: true, atom.Head: true, atom.Menu: true, atom.Dialog: true,
	atom.Label: true, atom.Option: true,
}

// dropRoles are ARIA roles of page parts that are not the article.
var dropRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "menu": true, "menubar": true, "dialog": true, "alert": true, "form": true,
}

// boilerByName reports whether an element counts as furniture only by its
// class or id.
func boilerByName(n *html.Node) bool {
	if dropTags[n.DataAtom] || dropRoles[strings.ToLower(attr(n, "role"))] || hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" {
		return false
	}
	return true
}

// isBoilerplate reports whether an element is a page part around the
// article, by its tag, role, class, id or hidden state.
func isBoilerplate(n *html.Node) bool {
	if dropTags[n.DataAtom] {
		return true
	}
	if dropRoles[strings.ToLower(attr(n, "role"))] || hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" {
		return true
	}
	if st := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", ""); strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
		return true
	}
	names := attr(n, "class") + " " + attr(n, "id")
	if strings.TrimSpace(names) == "" {
		return false
	}
	return boilerplateName.MatchString(names) && !contentName.MatchString(names)
}

// page holds what the content rules need to know of each element,
// computed once: the length in runes of its text and of its text inside
// links, its number of links and of commas, whether it is page furniture
// itself (drop) and whether it or an ancestor is (boiler).
type page struct {
	text, linkText, links, commas map[*html.Node]int
	drop, boiler                  map[*html.Node]bool
}

func newPage(root *html.Node) *page {
	pg := &page{text: map[*html.Node]int{}, linkText: map[*html.Node]int{}, links: map[*html.Node]int{},
		commas: map[*html.Node]int{}, drop: map[*html.Node]bool{}, boiler: map[*html.Node]bool{}}
	holdsArticle := map[*html.Node]bool{}
	var count func(n *html.Node, inLink bool) (text, link, links, commas int, article bool)
	count = func(n *html.Node, inLink bool) (text, link, links, commas int, article bool) {
		if n.Type == html.TextNode {
			t := utf8.RuneCountInString(strings.TrimSpace(n.Data))
			c := strings.Count(n.Data, ",") + strings.Count(n.Data, "،")
			if inLink {
				return t, t, 0, c, false
			}
			return t, 0, 0, c, false
		}
		if n.Type == html.ElementNode {
			if n.DataAtom == atom.A {
				inLink = true
				links++
			}
			article = n.DataAtom == atom.Article || n.DataAtom == atom.Main || attr(n, "itemprop") == "articleBody"
		}
		for c := range n.ChildNodes() {
			t, l, k, m, a := count(c, inLink)
			text, link, links, commas, article = text+t, link+l, links+k, commas+m, article || a
		}
		if n.Type == html.ElementNode {
			pg.text[n], pg.linkText[n], pg.links[n], pg.commas[n] = text, link, links, commas
			holdsArticle[n] = article
		}
		return text, link, links, commas, article
	}
	total, _, _, _, _ := count(root, false)
	var mark func(n *html.Node, boiler bool)
	mark = func(n *html.Node, boiler bool) {
		if n.Type == html.ElementNode {
			// Names say little about the page's frame, or about an
			// element that holds the article or most of the text: a
			// body of class "layout-with-sidebar" is still the page.
			framed := n.DataAtom == atom.Html || n.DataAtom == atom.Body || holdsArticle[n] || pg.text[n]*2 >= total
			if isBoilerplate(n) && (!framed || !boilerByName(n)) {
				pg.drop[n] = true
				boiler = true
			}
			pg.boiler[n] = boiler
		}
		for c := range n.ChildNodes() {
			mark(c, boiler)
		}
	}
	mark(root, false)
	return pg
}

// contentRoot finds the element that holds the article: the one marked as
// the article body, else the <article> or <main> with the most paragraph
// text, else the element whose paragraphs hold the most text outside
// links, scored as readability scores candidates. When none stands out,
// the body.
func (pg *page) contentRoot(root *html.Node) *html.Node {
	body := findFirst(root, atom.Body)
	if body == nil {
		body = root
	}
	scores := map[*html.Node]float64{}
	paras := map[*html.Node]int{} // paragraph text outside links, by ancestor
	var semantic []*html.Node
	for n := range body.Descendants() {
		if n.Type != html.ElementNode || pg.boiler[n] {
			continue
		}
		if attr(n, "itemprop") == "articleBody" || n.DataAtom == atom.Article || n.DataAtom == atom.Main || attr(n, "role") == "main" {
			semantic = append(semantic, n)
		}
		if n.DataAtom != atom.P && n.DataAtom != atom.Pre && n.DataAtom != atom.Td && n.DataAtom != atom.Blockquote {
			continue
		}
		l := pg.text[n] - pg.linkText[n]
		for a := n; a != nil; a = a.Parent {
			paras[a] += l
		}
		if l < 25 {
			continue
		}
		s := 1 + float64(pg.commas[n]) + float64(min(l/100, 3))
		if p := n.Parent; p != nil {
			scores[p] += s
			if g := p.Parent; g != nil {
				scores[g] += s / 2
			}
		}
	}
	var best *html.Node
	bestScore := 0.0
	for n, s := range scores {
		if names := attr(n, "class") + " " + attr(n, "id"); contentName.MatchString(names) {
			s *= 1.25
		}
		if s > bestScore || s == bestScore && best != nil && isAncestor(n, best) {
			best, bestScore = n, s
		}
	}
	var sem *html.Node
	semText := 0
	for _, n := range semantic {
		t := paras[n]
		if attr(n, "itemprop") == "articleBody" {
			t *= 2
		}
		if t > semText {
			sem, semText = n, t
		}
	}
	switch {
	case sem != nil && (best == nil || semText*2 >= paras[best]):
		return sem
	case best != nil:
		return best
	}
	return body
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.DataAtom == a {
			return d
		}
	}
	return nil
}

// blockTags are elements that start and end a paragraph.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dd: true, atom.Dt: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Caption: true, atom.Figcaption: true, atom.Address: true, atom.Header: true,
	atom.Hr: true, atom.Center: true, atom.Details: true, atom.Summary: true,
}

var headingTags = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// blocks turns the content under root into paragraphs: one per block
// element (and per line break), white space collapsed, page furniture
// and link lists left out.
func (pg *page) blocks(root *html.Node) []RawParagraph {
	var out []RawParagraph
	var cur strings.Builder
	heading := false
	flush := func() {
		t := strings.Join(strings.Fields(cur.String()), " ")
		cur.Reset()
		if t != "" && hasLetterOrDigit(t) {
			n := utf8.RuneCountInString(t)
			out = append(out, RawParagraph{Text: t, Heading: heading || n <= maxHeading && isHeadingLine(t)})
		}
		heading = false
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
		default:
			for c := range n.ChildNodes() {
				walk(c)
			}
			return
		}
		if n != root && (pg.drop[n] || pg.isLinkList(n)) {
			return
		}
		if n.DataAtom == atom.Br {
			flush()
			return
		}
		block := blockTags[n.DataAtom]
		if block {
			flush()
		}
		if headingTags[n.DataAtom] {
			heading = true
		}
		for c := range n.ChildNodes() {
			walk(c)
		}
		if block {
			if headingTags[n.DataAtom] {
				heading = true
			}
			flush()
		} else if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
			cur.WriteByte(' ')
		}
	}
	walk(root)
	flush()
	return out
}

// isLinkList reports whether n is a list or box of links (related
// stories, tags, a menu without its markup): most of its text is in links
// and it holds several of them.
func (pg *page) isLinkList(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Section, atom.Table, atom.Dl, atom.P:
	default:
		return false
	}
	return pg.links[n] >= 2 && pg.text[n] > 0 && float64(pg.linkText[n]) >= 0.6*float64(pg.text[n])
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if isDigit(r) || isArabicLetter(r) || isLatinLetter(r) || r > 0x7f && hasLetter(string(r)) {
			return true
		}
	}
	return false
}
