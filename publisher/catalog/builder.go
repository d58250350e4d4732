package catalog

import (
	"strconv"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// builder collects the triples of a description. It writes the statements
// about a controlled-vocabulary value (its class, scheme, label) once, the
// first time the value is used.
type builder struct {
	g         *rdf.Graph
	described map[[2]rdf.Term]bool // value, class
	blanks    int
}

func newBuilder() *builder { return &builder{g: rdf.NewGraph(), described: map[[2]rdf.Term]bool{}} }

func (b *builder) add(s, p, o rdf.Term) { b.g.Add(rdf.Triple{S: s, P: p, O: o}) }

// blank returns a new blank node. Labels are numbered in writing order, so
// the same input gives the same document (and ETag).
func (b *builder) blank(prefix string) rdf.Term {
	b.blanks++
	return rdf.Blank(prefix + strconv.Itoa(b.blanks))
}

// text adds a language-tagged literal; empty text adds nothing.
func (b *builder) text(s, p rdf.Term, v, lang string) {
	if v != "" {
		b.add(s, p, rdf.LangString(v, lang))
	}
}

// en adds English text: the texts the catalog writes itself.
func (b *builder) en(s, p rdf.Term, v string) { b.text(s, p, v, "en") }

// once reports whether v is described as a class member for the first
// time.
func (b *builder) once(v, class rdf.Term) bool {
	k := [2]rdf.Term{v, class}
	if b.described[k] {
		return false
	}
	b.described[k] = true
	return true
}

// value types an authority-table value with the class DCAT-AP gives its
// property and, if scheme is set, the table it belongs to.
func (b *builder) value(v, class rdf.Term, scheme string) rdf.Term {
	if b.once(v, class) {
		b.add(v, rdf.Type, class)
		if scheme != "" {
			b.add(v, vocab.SKOSInScheme, rdf.IRI(scheme))
		}
	}
	return v
}

// concept types a SKOS concept of a controlled vocabulary, with its label.
func (b *builder) concept(c concept) rdf.Term {
	if b.once(c.iri, vocab.SKOSConcept) {
		b.add(c.iri, rdf.Type, vocab.SKOSConcept)
		b.en(c.iri, vocab.SKOSPrefLabel, c.label)
		b.add(c.iri, vocab.SKOSInScheme, rdf.IRI(c.scheme))
	}
	return c.iri
}

// standard describes a specification that something conforms to.
func (b *builder) standard(iri, title string) rdf.Term {
	v := rdf.IRI(iri)
	if b.once(v, vocab.DCTStandard) {
		b.add(v, rdf.Type, vocab.DCTStandard)
		b.en(v, vocab.DCTTitle, title)
	}
	return v
}

// document types a web page (homepages and landing pages).
func (b *builder) document(iri string) rdf.Term {
	return b.value(rdf.IRI(iri), vocab.FOAFDocument, "")
}

// resource types a web resource as rdfs:Resource. RDFS entails that of
// everything, but a SHACL validator does not reason: DCAT-AP's ranges.ttl
// checks it for endpoint URLs and descriptions.
func (b *builder) resource(iri string) rdf.Term {
	return b.value(rdf.IRI(iri), vocab.RDFSResource, "")
}

// dateTime is an xsd:dateTime literal in UTC, to the second.
func dateTime(t time.Time) rdf.Term {
	return rdf.Literal(t.UTC().Truncate(time.Second).Format(time.RFC3339), rdf.XSDDateTime)
}

func date(d string) rdf.Term { return rdf.Literal(d, rdf.XSDDate) }
