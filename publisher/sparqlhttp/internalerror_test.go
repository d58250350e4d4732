package sparqlhttp

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/httperror"
	"github.com/skillsmap/skillsmap/internal/store"
)

// brokenStore fails every read and write with an error whose text must not
// reach clients.
type brokenStore struct{ store.Store }

var errSecret = errors.New("open /srv/skillsmap/secret/quads.db: input/output error")

func (brokenStore) Snapshot(context.Context) (store.Snapshot, error) { return nil, errSecret }
func (brokenStore) Update(context.Context, func(store.Writer) error) error {
	return errSecret
}

// TestInternalErrorsStayInTheLog checks that a store failure answers 500
// with a request id, and that only the log has the error's text.
func TestInternalErrorsStayInTheLog(t *testing.T) {
	var logBuf bytes.Buffer
	srv := server(t, Options{Store: brokenStore{testStore(t)}, AdminToken: "0123456789abcdef",
		Logger: slog.New(slog.NewTextHandler(&logBuf, nil))})
	for _, tt := range []struct {
		name, method, path, ctype, token, body string
	}{
		{"query", http.MethodGet, "/sparql?query=" + url.QueryEscape("SELECT * { ?s ?p ?o }"), "", "", ""},
		{"update", http.MethodPost, "/sparql/update", "application/sparql-update", "0123456789abcdef", "INSERT DATA { <a:s> <a:p> <a:o> }"},
		{"graph store read", http.MethodGet, "/rdf-graphs?default", "", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			logBuf.Reset()
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var body bytes.Buffer
			body.ReadFrom(resp.Body)
			resp.Body.Close()
			id := resp.Header.Get(httperror.Header)
			if resp.StatusCode != http.StatusInternalServerError || id == "" {
				t.Fatalf("%d, request id %q: %s", resp.StatusCode, id, body.String())
			}
			if strings.Contains(body.String(), "/srv/skillsmap") || strings.Contains(body.String(), "input/output") {
				t.Errorf("the answer carries the internal error: %s", body.String())
			}
			if !strings.Contains(body.String(), id) {
				t.Errorf("the answer does not give the request id %s: %s", id, body.String())
			}
			if !strings.Contains(logBuf.String(), id) || !strings.Contains(logBuf.String(), "input/output error") {
				t.Errorf("the log lacks the id or the detail: %s", logBuf.String())
			}
		})
	}
}
