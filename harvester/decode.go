package harvester

import (
	"bytes"
	"fmt"
	"mime"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeHTML returns an HTML page as UTF-8, reading its encoding from the
// byte order mark, the Content-Type header or a <meta> declaration, as
// browsers do. A page that declares UTF-8 but is not valid UTF-8 (or
// declares a legacy charset but is valid multi-byte UTF-8) is a wrong
// charset: it is read the way that makes sense of its bytes, and the
// returned warning says so.
func decodeHTML(body []byte, contentType string) (out []byte, warning string, err error) {
	_, name, certain := charset.DetermineEncoding(body, contentType)
	return decodeAs(body, name, certain)
}

// decodeText returns a text document (CSV, JSON) as UTF-8: in the charset
// of the Content-Type header, else label (a configured charset), else
// UTF-8 — falling back to windows-1252, with a warning, for bytes that are
// not UTF-8.
func decodeText(body []byte, contentType, label string) (out []byte, warning string, err error) {
	if bytes.HasPrefix(body, utf8BOM) {
		return decodeAs(body[len(utf8BOM):], "utf-8", true)
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		label = params["charset"]
	}
	if label == "" {
		return decodeAs(body, "utf-8", false)
	}
	if _, name := charset.Lookup(label); name != "" {
		return decodeAs(body, name, true)
	}
	return nil, "", fmt.Errorf("unknown charset %q", label)
}

// decodeAs converts body from the named encoding to UTF-8, correcting the
// common mislabelling between UTF-8 and the Latin charsets.
func decodeAs(body []byte, name string, declared bool) ([]byte, string, error) {
	body = bytes.TrimPrefix(body, utf8BOM)
	valid := utf8.Valid(body)
	switch {
	case name == "utf-8" && valid:
		return body, "", nil
	case name == "utf-8":
		out, err := transcode(body, charmap.Windows1252)
		warning := ""
		if declared {
			warning = "page declares UTF-8 but is not valid UTF-8: read as windows-1252"
		}
		return out, warning, err
	case valid && hasMultiByte(body):
		// Latin text almost never forms valid multi-byte UTF-8 sequences.
		warning := ""
		if declared {
			warning = fmt.Sprintf("page declares %s but is UTF-8: read as UTF-8", name)
		}
		return body, warning, nil
	case valid && !declared:
		return body, "", nil
	}
	e, _ := charset.Lookup(name)
	if e == nil {
		return nil, "", fmt.Errorf("unknown charset %q", name)
	}
	out, err := transcode(body, e)
	return out, "", err
}

func transcode(body []byte, e encoding.Encoding) ([]byte, error) {
	out, err := e.NewDecoder().Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("decode charset: %w", err)
	}
	return out, nil
}

func hasMultiByte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
