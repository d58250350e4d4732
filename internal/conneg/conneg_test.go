package conneg

import (
	"net/http/httptest"
	"testing"
)

func TestChoose(t *testing.T) {
	offers := append([]Offer{HTMLOffer}, RDFOffers(false)...)
	tests := []struct {
		name, path, query, accept string
		want                      string // media type, "" for 406
		wantBase                  string
	}{
		{"no accept", "/practice/x", "", "", "text/html", "/practice/x"},
		{"browser", "/practice/x", "", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", "/practice/x"},
		{"turtle", "/practice/x", "", "text/turtle", "text/turtle", "/practice/x"},
		{"q-values beat order", "/practice/x", "", "text/html;q=0.1, text/turtle", "text/turtle", "/practice/x"},
		{"q-values beat order 2", "/practice/x", "", "application/ld+json;q=0.5, application/n-triples;q=0.9", "application/n-triples", "/practice/x"},
		{"alias", "/practice/x", "", "application/x-turtle", "text/turtle", "/practice/x"},
		{"jsonld", "/practice/x", "", "application/ld+json", "application/ld+json", "/practice/x"},
		{"rdfxml", "/practice/x", "", "application/rdf+xml", "application/rdf+xml", "/practice/x"},
		{"wildcard", "/practice/x", "", "*/*", "text/html", "/practice/x"},
		{"text wildcard", "/practice/x", "", "text/*;q=0.5, application/rdf+xml;q=0.4", "text/html", "/practice/x"},
		{"unacceptable", "/practice/x", "", "image/png", "", "/practice/x"},
		{"charset parameter", "/practice/x", "", "text/turtle; charset=utf-8", "text/turtle", "/practice/x"},
		{"parameters with q", "/practice/x", "", "text/turtle;charset=utf-8;q=0.2, application/rdf+xml ; Q=0.9", "application/rdf+xml", "/practice/x"},
		{"charset and q on several ranges", "/practice/x", "", "text/turtle; charset=utf-8; q=0.1, application/n-triples; charset=utf-8; q=0.9", "application/n-triples", "/practice/x"},
		{"malformed accept treated as absent", "/practice/x", "", ";;;", "text/html", "/practice/x"},
		{"suffix", "/practice/x.ttl", "", "text/html", "text/turtle", "/practice/x"},
		{"suffix nt", "/practice/x.nt", "", "", "application/n-triples", "/practice/x"},
		{"suffix jsonld", "/practice/x.jsonld", "", "", "application/ld+json", "/practice/x"},
		{"suffix rdf", "/practice/x.rdf", "", "", "application/rdf+xml", "/practice/x"},
		{"format param", "/practice/x", "format=turtle", "text/html", "text/turtle", "/practice/x"},
		{"format param short", "/practice/x", "format=nt", "", "application/n-triples", "/practice/x"},
		{"unknown format param", "/practice/x", "format=pdf", "", "", "/practice/x"},
		{"nquads not offered for a resource", "/practice/x", "", "application/n-quads", "", "/practice/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.path+"?"+tt.query, nil)
			if tt.accept != "" {
				r.Header.Set("Accept", tt.accept)
			}
			got, base, ok := Choose(r, tt.path, offers)
			if tt.want == "" {
				if ok {
					t.Errorf("chose %s, want 406", got.MediaType)
				}
				return
			}
			if !ok || got.MediaType != tt.want || base != tt.wantBase {
				t.Errorf("Choose = %q, %q, %v; want %q, %q", got.MediaType, base, ok, tt.want, tt.wantBase)
			}
		})
	}
}
