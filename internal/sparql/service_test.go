package sparql_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

func TestService(t *testing.T) {
	remote := store.NewMemory()
	defer remote.Close()
	if err := sparql.Update(context.Background(), remote, `PREFIX : <http://ex/> INSERT DATA { :alice :city "Berlin" . :bob :city "Ghent" }`, sparql.Options{}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.FormValue("query"))
		mu.Unlock()
		endpointHandler(remote, nil).ServeHTTP(w, r)
	}))
	defer srv.Close()
	st := apiStore(t)
	query := exPrefix + `SELECT ?n ?c { ?p :name ?n SERVICE <` + srv.URL + `> { ?p :city ?c } }`
	allowed := sparql.Options{Service: &sparql.ServiceOptions{Allow: []string{srv.URL}, Client: srv.Client()}}

	t.Run("joins the remote solutions", func(t *testing.T) {
		rows := selectAll(t, st, query[len(exPrefix):], allowed)
		got := map[string]string{}
		for _, r := range rows {
			got[r[0].Value] = r[1].Value
		}
		if len(rows) != 2 || got["Alice"] != "Berlin" || got["Bob"] != "Ghent" {
			t.Errorf("got %v", rows)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(queries) == 0 || !strings.Contains(queries[0], "<http://ex/city>") {
			t.Errorf("the endpoint got %q", queries)
		}
	})
	t.Run("disabled by default", func(t *testing.T) {
		res, err := sparql.Query(context.Background(), st, query, sparql.Options{})
		if err == nil {
			for res.Next() {
			}
			err = res.Err()
		}
		if !errors.Is(err, sparql.ErrServiceDisabled) {
			t.Errorf("got %v, want ErrServiceDisabled", err)
		}
	})
	t.Run("only allowed endpoints", func(t *testing.T) {
		other := sparql.Options{Service: &sparql.ServiceOptions{Allow: []string{"http://127.0.0.1:1/sparql"}, Client: srv.Client()}}
		res, err := sparql.Query(context.Background(), st, query, other)
		if err == nil {
			for res.Next() {
			}
			err = res.Err()
		}
		if !errors.Is(err, sparql.ErrServiceDisabled) {
			t.Errorf("got %v, want ErrServiceDisabled", err)
		}
	})
	t.Run("SILENT gives the unit solution on failure", func(t *testing.T) {
		silent := exPrefix + `SELECT ?n ?c { ?p :name ?n SERVICE SILENT <http://127.0.0.1:1/sparql> { ?p :city ?c } }`
		rows := selectAll(t, st, silent[len(exPrefix):], sparql.Options{})
		if len(rows) != 2 || !rows[0][1].IsZero() {
			t.Errorf("got %v, want both names with ?c unbound", rows)
		}
	})
	t.Run("response size is bounded", func(t *testing.T) {
		small := sparql.Options{Service: &sparql.ServiceOptions{Allow: []string{srv.URL}, Client: srv.Client(), MaxResponseBytes: 10}}
		res, err := sparql.Query(context.Background(), st, query, small)
		if err == nil {
			for res.Next() {
			}
			err = res.Err()
		}
		if err == nil || !strings.Contains(err.Error(), "larger than 10 bytes") {
			t.Errorf("got %v, want a response-size error", err)
		}
	})
	t.Run("endpoint errors are reported", func(t *testing.T) {
		bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "nope", http.StatusInternalServerError)
		}))
		defer bad.Close()
		q := exPrefix + `SELECT * { SERVICE <` + bad.URL + `> { ?s ?p ?o } }`
		res, err := sparql.Query(context.Background(), st, q, sparql.Options{Service: &sparql.ServiceOptions{Allow: []string{bad.URL}, Client: bad.Client()}})
		if err == nil {
			for res.Next() {
			}
			err = res.Err()
		}
		if err == nil || !strings.Contains(err.Error(), "500") {
			t.Errorf("got %v, want the HTTP status", err)
		}
	})
}
