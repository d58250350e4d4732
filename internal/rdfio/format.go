package rdfio

import (
	"mime"
	"path"
	"slices"
	"strings"
)

// Format is an RDF serialization syntax. Formats are small comparable
// values: compare them with ==, use them as map keys. The zero Format is
// no format; Parse and NewEncoder reject it.
type Format struct {
	id formatID
}

type formatID uint8

const (
	idNone formatID = iota
	idNTriples
	idNQuads
	idTurtle
	idTriG
	idRDFXML
	idJSONLD
)

// The formats Skillsmap reads and writes.
var (
	NTriples = Format{idNTriples}
	NQuads   = Format{idNQuads}
	Turtle   = Format{idTurtle}
	TriG     = Format{idTriG}
	RDFXML   = Format{idRDFXML}
	JSONLD   = Format{idJSONLD}
)

type formatInfo struct {
	name       string   // short machine name, as accepted by ByName
	label      string   // human-readable name
	mediaTypes []string // canonical first
	extensions []string // with the dot, canonical first
	aliases    []string // further names ByName accepts
	quads      bool     // the syntax can carry named graphs
}

// The media types are the registered ones (IANA) plus the legacy names still
// seen on the web. Generic types (application/xml, application/json,
// text/plain) and extensions (.xml, .json, .txt) are deliberately absent:
// most documents that carry them are not RDF, and guessing would turn a
// sitemap or an API response into a confusing RDF syntax error.
var formatTable = [...]formatInfo{
	idNTriples: {
		name: "ntriples", label: "N-Triples",
		mediaTypes: []string{"application/n-triples", "text/x-ntriples"},
		extensions: []string{".nt"},
		aliases:    []string{"nt", "n-triples"},
	},
	idNQuads: {
		name: "nquads", label: "N-Quads",
		mediaTypes: []string{"application/n-quads", "text/x-nquads", "text/nquads"},
		extensions: []string{".nq"},
		aliases:    []string{"nq", "n-quads"},
		quads:      true,
	},
	idTurtle: {
		name: "turtle", label: "Turtle",
		mediaTypes: []string{"text/turtle", "application/x-turtle", "application/turtle"},
		extensions: []string{".ttl"},
		aliases:    []string{"ttl"},
	},
	idTriG: {
		name: "trig", label: "TriG",
		mediaTypes: []string{"application/trig", "application/x-trig"},
		extensions: []string{".trig"},
		quads:      true,
	},
	idRDFXML: {
		name: "rdfxml", label: "RDF/XML",
		mediaTypes: []string{"application/rdf+xml"},
		extensions: []string{".rdf", ".owl"},
		aliases:    []string{"rdf/xml", "rdf-xml", "xml", "rdf"},
	},
	idJSONLD: {
		name: "jsonld", label: "JSON-LD",
		mediaTypes: []string{"application/ld+json"},
		extensions: []string{".jsonld"},
		aliases:    []string{"json-ld"},
		quads:      true,
	},
}

var allFormats = []Format{Turtle, NTriples, NQuads, TriG, RDFXML, JSONLD}

func (f Format) info() *formatInfo {
	if f.id == idNone || int(f.id) >= len(formatTable) {
		return &formatInfo{}
	}
	return &formatTable[f.id]
}

// IsZero reports whether f is the zero Format (no format).
func (f Format) IsZero() bool { return f.id == idNone }

// Name returns the short machine name ("turtle", "ntriples", "nquads",
// "trig", "rdfxml", "jsonld"), as accepted by ByName.
func (f Format) Name() string { return f.info().name }

// String returns the human-readable name ("Turtle", "RDF/XML", ...).
func (f Format) String() string {
	if f.IsZero() {
		return "no format"
	}
	return f.info().label
}

// MediaType returns the canonical (registered) media type, without parameters.
func (f Format) MediaType() string {
	if m := f.info().mediaTypes; len(m) > 0 {
		return m[0]
	}
	return ""
}

// MediaTypes returns every media type accepted for f, canonical first.
func (f Format) MediaTypes() []string { return slices.Clone(f.info().mediaTypes) }

// Extension returns the canonical file extension, with the dot (".ttl").
func (f Format) Extension() string {
	if e := f.info().extensions; len(e) > 0 {
		return e[0]
	}
	return ""
}

// Extensions returns every file extension accepted for f, canonical first.
func (f Format) Extensions() []string { return slices.Clone(f.info().extensions) }

// HasQuads reports whether the syntax can carry named graphs (N-Quads, TriG,
// JSON-LD). Writing quads in named graphs to a triple syntax drops the graph
// names.
func (f Format) HasQuads() bool { return f.info().quads }

// Formats returns every supported format.
func Formats() []Format { return slices.Clone(allFormats) }

// ByMediaType returns the format for a media type such as "text/turtle" or
// "application/ld+json; profile=...". Parameters and case are ignored.
func ByMediaType(mediaType string) (Format, bool) {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(mediaType, ";")[0]))
	}
	for _, f := range allFormats {
		if slices.Contains(f.info().mediaTypes, mt) {
			return f, true
		}
	}
	return Format{}, false
}

// ByExtension returns the format for a file extension or file name:
// ".ttl", "ttl", "dump.ttl" and "/data/Dump.TTL" all give Turtle.
func ByExtension(name string) (Format, bool) {
	ext := strings.ToLower(path.Ext(name))
	if ext == "" {
		ext = "." + strings.ToLower(name)
	}
	for _, f := range allFormats {
		if slices.Contains(f.info().extensions, ext) {
			return f, true
		}
	}
	return Format{}, false
}

// ByName returns the format with the given name ("turtle", "ntriples",
// "nquads", "trig", "rdfxml", "jsonld") or a common alias ("ttl", "nt",
// "n-triples", "rdf/xml", "json-ld", ...). Case is ignored.
func ByName(name string) (Format, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, f := range allFormats {
		if fi := f.info(); fi.name == n || slices.Contains(fi.aliases, n) {
			return f, true
		}
	}
	return Format{}, false
}
