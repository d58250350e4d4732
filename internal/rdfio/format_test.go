package rdfio

import (
	"slices"
	"testing"
)

func TestByMediaType(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"text/turtle", Turtle, true},
		{"text/turtle; charset=utf-8", Turtle, true},
		{"TEXT/Turtle", Turtle, true},
		{"application/x-turtle", Turtle, true},
		{"application/n-triples", NTriples, true},
		{"application/n-quads", NQuads, true},
		{"application/trig", TriG, true},
		{"application/rdf+xml", RDFXML, true},
		{"application/ld+json", JSONLD, true},
		{`application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"`, JSONLD, true},
		{"application/json", Format{}, false},
		{"application/xml", Format{}, false},
		{"text/html", Format{}, false},
		{"", Format{}, false},
	}
	for _, tt := range tests {
		got, ok := ByMediaType(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ByMediaType(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestByExtension(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{".ttl", Turtle, true},
		{"ttl", Turtle, true},
		{"dump.ttl", Turtle, true},
		{"/data/Dump.TTL", Turtle, true},
		{"x.nt", NTriples, true},
		{"x.nq", NQuads, true},
		{"x.trig", TriG, true},
		{"x.rdf", RDFXML, true},
		{"ontology.owl", RDFXML, true},
		{"x.jsonld", JSONLD, true},
		{"x.json", Format{}, false},
		{"x.xml", Format{}, false},
		{"README", Format{}, false},
		{"", Format{}, false},
	}
	for _, tt := range tests {
		got, ok := ByExtension(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ByExtension(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestByName(t *testing.T) {
	for _, f := range Formats() {
		if got, ok := ByName(f.Name()); !ok || got != f {
			t.Errorf("ByName(%q) = %v, %v; want %v", f.Name(), got, ok, f)
		}
	}
	aliases := map[string]Format{"TTL": Turtle, "n-triples": NTriples, "nq": NQuads, "rdf/xml": RDFXML, "json-ld": JSONLD}
	for in, want := range aliases {
		if got, ok := ByName(in); !ok || got != want {
			t.Errorf("ByName(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if _, ok := ByName("n3"); ok {
		t.Error("ByName(n3) should not match: N3 is not supported")
	}
}

func TestFormatProperties(t *testing.T) {
	quads := map[Format]bool{NQuads: true, TriG: true, JSONLD: true}
	names := map[string]bool{}
	for _, f := range Formats() {
		if f.IsZero() || f.Name() == "" || f.String() == "" || f.MediaType() == "" || f.Extension() == "" {
			t.Errorf("%v: incomplete registry entry", f)
		}
		if names[f.Name()] {
			t.Errorf("duplicate name %q", f.Name())
		}
		names[f.Name()] = true
		if f.HasQuads() != quads[f] {
			t.Errorf("%v.HasQuads() = %v", f, f.HasQuads())
		}
		if f.MediaTypes()[0] != f.MediaType() || f.Extensions()[0] != f.Extension() {
			t.Errorf("%v: canonical media type or extension is not listed first", f)
		}
		// Every accepted media type and extension leads back to f.
		for _, mt := range f.MediaTypes() {
			if g, _ := ByMediaType(mt); g != f {
				t.Errorf("ByMediaType(%q) = %v, want %v", mt, g, f)
			}
		}
		for _, ext := range f.Extensions() {
			if g, _ := ByExtension(ext); g != f {
				t.Errorf("ByExtension(%q) = %v, want %v", ext, g, f)
			}
		}
	}
	// The accessors hand out copies: callers cannot change the registry.
	mts := Turtle.MediaTypes()
	mts[0] = "changed"
	if Turtle.MediaType() != "text/turtle" {
		t.Error("MediaTypes exposes the registry's slice")
	}
	fs := Formats()
	fs[0] = Format{}
	if slices.Contains(Formats(), Format{}) {
		t.Error("Formats exposes the registry's slice")
	}
	if (Format{}).String() != "no format" || !(Format{}).IsZero() {
		t.Error("zero Format misdescribed")
	}
}
