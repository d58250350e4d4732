package rdf

import "testing"

// TestResolveIRI checks the examples of RFC 3986 §5.4.
func TestResolveIRI(t *testing.T) {
	const base = "http://a/b/c/d;p?q"
	tests := map[string]string{
		// §5.4.1 normal examples
		"g:h": "g:h", "g": "http://a/b/c/g", "./g": "http://a/b/c/g", "g/": "http://a/b/c/g/",
		"/g": "http://a/g", "//g": "http://g", "?y": "http://a/b/c/d;p?y", "g?y": "http://a/b/c/g?y",
		"#s": "http://a/b/c/d;p?q#s", "g#s": "http://a/b/c/g#s", "g?y#s": "http://a/b/c/g?y#s",
		";x": "http://a/b/c/;x", "g;x": "http://a/b/c/g;x", "g;x?y#s": "http://a/b/c/g;x?y#s",
		"": "http://a/b/c/d;p?q", ".": "http://a/b/c/", "./": "http://a/b/c/", "..": "http://a/b/",
		"../": "http://a/b/", "../g": "http://a/b/g", "../..": "http://a/", "../../": "http://a/",
		"../../g": "http://a/g",
		// §5.4.2 abnormal examples
		"../../../g": "http://a/g", "../../../../g": "http://a/g", "/./g": "http://a/g",
		"/../g": "http://a/g", "g.": "http://a/b/c/g.", ".g": "http://a/b/c/.g", "g..": "http://a/b/c/g..",
		"..g": "http://a/b/c/..g", "./../g": "http://a/b/g", "./g/.": "http://a/b/c/g/",
		"g/./h": "http://a/b/c/g/h", "g/../h": "http://a/b/c/h", "g;x=1/./y": "http://a/b/c/g;x=1/y",
		"g;x=1/../y": "http://a/b/c/y", "g?y/./x": "http://a/b/c/g?y/./x", "g?y/../x": "http://a/b/c/g?y/../x",
		"g#s/./x": "http://a/b/c/g#s/./x", "g#s/../x": "http://a/b/c/g#s/../x", "http:g": "http:g",
	}
	for ref, want := range tests {
		if got := ResolveIRI(base, ref); got != want {
			t.Errorf("resolve(%q) = %q, want %q", ref, got, want)
		}
	}
	// A base without a path, and one with an empty query.
	if got := ResolveIRI("http://a", "b"); got != "http://a/b" {
		t.Errorf("resolve against authority-only base = %q", got)
	}
	if got := ResolveIRI("http://a/b?", "#f"); got != "http://a/b?#f" {
		t.Errorf("empty query lost: %q", got)
	}
	if got := ResolveIRI("urn:isbn:123", "#x"); got != "urn:isbn:123#x" {
		t.Errorf("resolve against a URN = %q", got)
	}
	if got := ResolveIRI("file:///tmp/q.rq", "data.ttl"); got != "file:///tmp/data.ttl" {
		t.Errorf("resolve against a file IRI = %q", got)
	}
	// Non-ASCII characters stay as they are (net/url would escape them).
	if got := ResolveIRI("http://例え.jp/a/b", "ü/ß?x=é"); got != "http://例え.jp/a/ü/ß?x=é" {
		t.Errorf("non-ASCII reference = %q", got)
	}
}

func TestValidIRI(t *testing.T) {
	tests := []struct {
		s  string
		ok bool
	}{
		{"http://example.org/a", true},
		{"urn:isbn:0451450523", true},
		{"mailto:a@example.org", true},
		{"http://例え.jp/ü", true},
		{"relative/path", false},
		{":nope", false},
		{"1http://x", false},
		{"http://ex.org/a b", false},
		{"http://ex.org/<a>", false},
		{"http://ex.org/\\x", false},
		{"http://ex.org/\x00", false},
		{"http://ex.org/\xff", false}, // not UTF-8
	}
	for _, tt := range tests {
		if got := ValidIRI(tt.s); got != tt.ok {
			t.Errorf("ValidIRI(%q) = %v, want %v", tt.s, got, tt.ok)
		}
	}
}

func TestRelativizeIRI(t *testing.T) {
	tests := []struct {
		base, iri, want string
		ok              bool
	}{
		{"http://ex.org/data/", "http://ex.org/data/p1", "p1", true},
		{"http://ex.org/data/", "http://ex.org/data/", "", true},
		{"http://ex.org/doc", "http://ex.org/doc#x", "#x", true},
		{"http://ex.org/data/", "http://other.org/x", "", false},
		// "a:b" would be read as an IRI with scheme "a".
		{"http://ex.org/data/", "http://ex.org/data/a:b", "", false},
		// Relative to a document with a query, a bare path would drop it.
		{"http://ex.org/doc?q", "http://ex.org/doc?qx", "", false},
	}
	for _, tt := range tests {
		got, ok := RelativizeIRI(tt.base, tt.iri)
		if got != tt.want || ok != tt.ok {
			t.Errorf("relativize(%q, %q) = %q, %v; want %q, %v", tt.base, tt.iri, got, ok, tt.want, tt.ok)
		}
		if ok && ResolveIRI(tt.base, got) != tt.iri {
			t.Errorf("relativize(%q, %q) = %q does not resolve back", tt.base, tt.iri, got)
		}
	}
}
