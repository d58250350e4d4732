package sparqlstore

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/publisher/sparqlhttp"
)

// TestReplaceOrder checks the order that keeps a half-applied request
// (Virtuoso applies a request's operations one by one) from losing data:
// a replaced graph is never cleared but sent as its difference, additions
// before removals, and the metadata last.
func TestReplaceOrder(t *testing.T) {
	const token = "request-test-admin-token"
	opts := sparqlhttp.Options{Store: store.NewMemory(), AdminToken: token}
	var updates []string
	update := sparqlhttp.UpdateHandler(opts)
	mux := http.NewServeMux()
	mux.Handle("/sparql", sparqlhttp.QueryHandler(opts))
	mux.HandleFunc("/sparql/update", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		updates = append(updates, string(body))
		r.Body = io.NopCloser(bytes.NewReader(body))
		update.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()
	st, err := Open(ctx, Options{QueryURL: srv.URL + "/sparql", UpdateURL: srv.URL + "/sparql/update", Token: token})
	if err != nil {
		t.Fatal(err)
	}
	g := rdf.IRI("http://example.org/g")
	quad := func(o string) rdf.Triple {
		return rdf.Triple{S: rdf.IRI("http://example.org/s"), P: rdf.IRI("http://example.org/p"), O: rdf.String(o)}
	}
	if err := store.ReplaceGraph(ctx, st, g, []rdf.Triple{quad("kept"), quad("old")}); err != nil {
		t.Fatal(err)
	}
	if err := store.ReplaceGraph(ctx, st, g, []rdf.Triple{quad("kept"), quad("new")}); err != nil {
		t.Fatal(err)
	}
	text := updates[len(updates)-1]
	ins, del, meta := strings.Index(text, "INSERT DATA"), strings.Index(text, "DELETE DATA"), strings.Index(text, MetaGraph)
	if strings.Contains(text, "CLEAR") || strings.Contains(text, `"kept"`) || ins < 0 || del < 0 || !(ins < del && del < meta) {
		t.Errorf("want only the difference, INSERT DATA before DELETE DATA before the metadata, no CLEAR:\n%s", text)
	}
	if !strings.Contains(text[ins:del], `"new"`) || !strings.Contains(text[del:meta], `"old"`) {
		t.Errorf("want new inserted and old deleted:\n%s", text)
	}
}
