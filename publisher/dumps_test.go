package publisher

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// storeQuads returns every quad of the store.
func (f *fixture) storeQuads() []rdf.Quad {
	f.t.Helper()
	ctx := context.Background()
	snap, err := f.store.Snapshot(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	defer snap.Close()
	var qs []rdf.Quad
	for q, err := range snap.Match(ctx, store.Pattern{AnyGraph: true}) {
		if err != nil {
			f.t.Fatal(err)
		}
		qs = append(qs, q)
	}
	return qs
}

func TestDumps(t *testing.T) {
	f := newFixture(t)
	// A blank node and a triple in two graphs make the round trip harder.
	b := rdf.Blank("b1")
	f.add(
		rdf.Quad{S: f.iri("organisation/city-of-eindhoven"), P: rdf.IRI(rdf.NSSchema + "address"), O: b, G: f.iris.SourceGraph("futurium")},
		rdf.Quad{S: b, P: rdf.IRI(rdf.NSSchema + "addressLocality"), O: rdf.LangString("Eindhoven", "nl"), G: f.iris.SourceGraph("futurium")},
		rdf.Quad{S: f.iri("practice/mikado"), P: rdf.Type, O: f.iris.Terms().Practice, G: f.iris.SourceGraph("archive")},
		rdf.Quad{S: f.iri("practice/mikado"), P: rdf.IRI(rdf.NSRDFS + "comment"), O: rdf.String("in the default graph \"quoted\"\nand on two lines")},
	)
	all := f.storeQuads()
	distinctTriples := map[rdf.Triple]bool{}
	for _, q := range all {
		distinctTriples[q.Triple()] = true
	}
	tests := []struct {
		path, mediaType string
		quads           bool
	}{
		{"/dump.nq", "application/n-quads", true},
		{"/dump.trig", "application/trig", true},
		{"/dump.jsonld", "application/ld+json", true},
		{"/dump.nt", "application/n-triples", false},
		{"/dump.ttl", "text/turtle", false},
	}
	for _, tt := range tests {
		for _, gz := range []bool{false, true} {
			name := tt.path
			var headers []string
			if gz {
				name += " gzip"
				headers = append(headers, "Accept-Encoding: br;q=1, gzip;q=0.8")
			}
			t.Run(name, func(t *testing.T) {
				w := f.get(tt.path, headers...)
				if w.Code != 200 {
					t.Fatalf("status %d: %s", w.Code, w.Body.String())
				}
				if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.mediaType) {
					t.Errorf("Content-Type %q", ct)
				}
				if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "skillsmap"+tt.path[len("/dump"):]) {
					t.Errorf("Content-Disposition %q", cd)
				}
				if got := w.Header().Get("Content-Encoding") == "gzip"; got != gz {
					t.Errorf("gzip = %v, want %v", got, gz)
				}
				if !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
					t.Errorf("Vary %q lacks Accept-Encoding", w.Header().Get("Vary"))
				}
				qs := parseRDF(t, w)
				if tt.quads {
					if len(qs) != len(all) {
						t.Errorf("%d quads read back, the store has %d", len(qs), len(all))
					}
					if !rdf.IsomorphicQuads(qs, all) {
						t.Error("the dump is not isomorphic to the store")
					}
					return
				}
				seen := map[rdf.Triple]bool{}
				for _, q := range qs {
					if !q.G.IsZero() {
						t.Fatalf("a triple dump has a named graph: %v", q)
					}
					seen[q.Triple()] = true
				}
				if len(seen) != len(distinctTriples) {
					t.Errorf("%d distinct triples read back, the store has %d", len(seen), len(distinctTriples))
				}
				if len(qs) != len(seen) {
					t.Errorf("the triple dump repeats triples: %d lines, %d distinct", len(qs), len(seen))
				}
			})
		}
	}
	// The gzip and identity variants have different validators.
	plain := f.get("/dump.nq").Header().Get("ETag")
	zipped := f.get("/dump.nq", "Accept-Encoding: gzip").Header().Get("ETag")
	if plain == zipped {
		t.Errorf("gzip and identity dumps share the ETag %s", plain)
	}
	if w := f.get("/dump.nq", "Accept-Encoding: gzip", "If-None-Match: "+zipped); w.Code != http.StatusNotModified {
		t.Errorf("conditional gzip dump: status %d, want 304", w.Code)
	}
	if w := f.get("/dump.nq", "Accept-Encoding: gzip;q=0, identity"); w.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
	if w := f.do(http.MethodHead, "/dump.nq"); w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("ETag") == "" {
		t.Errorf("HEAD: status %d, %d body bytes, ETag %q", w.Code, w.Body.Len(), w.Header().Get("ETag"))
	}
}

func TestGraphDocuments(t *testing.T) {
	f := newFixture(t)
	g := f.iris.SourceGraph("futurium")
	var want []rdf.Quad
	for _, q := range f.storeQuads() {
		if q.G == g {
			want = append(want, q)
		}
	}
	for _, suffix := range []string{".nq", ".trig", ".jsonld"} {
		qs := parseRDF(t, f.get("/graph/source/futurium"+suffix))
		if !rdf.IsomorphicQuads(qs, want) {
			t.Errorf("%s: %d quads, not the graph's %d", suffix, len(qs), len(want))
		}
	}
	for _, suffix := range []string{".ttl", ".nt", ".rdf"} {
		qs := parseRDF(t, f.get("/graph/source/futurium"+suffix))
		if len(qs) != len(want) {
			t.Errorf("%s: %d triples, want %d", suffix, len(qs), len(want))
		}
		for _, q := range qs {
			if !q.G.IsZero() {
				t.Fatalf("%s: named graph in a triple syntax", suffix)
			}
		}
	}
	w := f.get("/graph/source/futurium.nq", "Accept-Encoding: gzip")
	if w.Header().Get("Content-Encoding") != "gzip" || len(parseRDF(t, w)) != len(want) {
		t.Error("a graph document is not gzip-coded on request")
	}
	page := f.get("/graph/source/futurium").Body.String()
	for _, s := range []string{"MIKADO", "City of Eindhoven", "harvest/futurium/20250115T093000Z", "Download the whole graph"} {
		if !strings.Contains(page, s) {
			t.Errorf("graph page lacks %q", s)
		}
	}
}
