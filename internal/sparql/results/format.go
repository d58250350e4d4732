// Package results reads and writes SPARQL 1.1 query results — the JSON,
// XML, CSV and TSV formats of SELECT and ASK — and compares result tables
// the way the W3C test suite needs: as bags or sequences of solutions,
// with blank nodes equal up to a consistent renaming.
//
// Writers stream: NewWriter writes the header, each Write one solution,
// Close the trailer. Readers load a whole document into a Result; bound
// the input with io.LimitReader when it comes from outside.
// FromResultSetGraph reads the RDF form (rs: vocabulary) of the SPARQL 1.0
// test suite from a graph the caller parsed.
package results

import (
	"errors"
	"mime"
	"strings"
)

// Format is a query result serialization.
type Format uint8

// The four SPARQL 1.1 result formats.
const (
	JSON Format = iota + 1 // application/sparql-results+json
	XML                    // application/sparql-results+xml
	CSV                    // text/csv
	TSV                    // text/tab-separated-values
)

var formatInfo = [...]struct {
	name, mediaType, extension string
	aliases                    []string
}{
	JSON: {"json", "application/sparql-results+json", ".srj", []string{"application/json"}},
	XML:  {"xml", "application/sparql-results+xml", ".srx", []string{"application/xml", "text/xml"}},
	CSV:  {"csv", "text/csv", ".csv", nil},
	TSV:  {"tsv", "text/tab-separated-values", ".tsv", nil},
}

// Formats lists every format, in order of preference for content negotiation.
func Formats() []Format { return []Format{JSON, XML, CSV, TSV} }

func (f Format) valid() bool { return f >= JSON && f <= TSV }

// Name is the short name ("json", "xml", "csv", "tsv").
func (f Format) Name() string {
	if !f.valid() {
		return "unknown"
	}
	return formatInfo[f].name
}

// String returns the short name.
func (f Format) String() string { return f.Name() }

// MediaType is the registered media type, without parameters.
func (f Format) MediaType() string {
	if !f.valid() {
		return ""
	}
	return formatInfo[f].mediaType
}

// ContentType is the value for a Content-Type header, with the charset.
func (f Format) ContentType() string {
	if !f.valid() {
		return ""
	}
	return formatInfo[f].mediaType + "; charset=utf-8"
}

// Extension is the usual file extension, with its dot (".srj").
func (f Format) Extension() string {
	if !f.valid() {
		return ""
	}
	return formatInfo[f].extension
}

// SupportsBoolean reports whether the format can carry an ASK result. The
// CSV and TSV specifications define only tables.
func (f Format) SupportsBoolean() bool { return f == JSON || f == XML }

// ErrUnknownFormat is returned for names and media types no format has.
var ErrUnknownFormat = errors.New("results: unknown format")

// ByName finds a format by its short name, case-insensitively.
func ByName(name string) (Format, bool) {
	for _, f := range Formats() {
		if strings.EqualFold(formatInfo[f].name, name) {
			return f, true
		}
	}
	return 0, false
}

// ByMediaType finds a format by media type; parameters (charset) and case
// are ignored, and the generic application/json and application/xml are
// accepted too.
func ByMediaType(mediaType string) (Format, bool) {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(mediaType))
	}
	for _, f := range Formats() {
		if mt == formatInfo[f].mediaType {
			return f, true
		}
		for _, a := range formatInfo[f].aliases {
			if mt == a {
				return f, true
			}
		}
	}
	return 0, false
}

// ByExtension finds a format by file extension (".srx" or "srx").
func ByExtension(ext string) (Format, bool) {
	ext = strings.ToLower(ext)
	if !strings.HasPrefix(ext, ".") {
		ext = "." + ext
	}
	for _, f := range Formats() {
		if formatInfo[f].extension == ext {
			return f, true
		}
	}
	return 0, false
}
