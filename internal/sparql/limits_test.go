package sparql_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

// waitGoroutines waits until the number of goroutines is back to at most
// base, and fails if it does not come back.
func waitGoroutines(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines, want at most %d:\n%s", runtime.NumGoroutine(), base, buf[:n])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A query over a large store stops when its context is cancelled: the
// iteration ends with the context's error and leaves no goroutine behind.
func TestCancellationStopsEvaluation(t *testing.T) {
	st := genStore(t, 2000) // about 60,000 quads
	tests := []struct {
		name, query string
	}{
		{"streaming cross product", `SELECT * { ?a ?b ?c . ?d ?e ?f }`},
		{"sort of a cross product", `SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f`},
		{"group of a cross product", `SELECT ?a (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a`},
		{"path closure over everything", genPrefixes + `SELECT * { ?x (:knows|^:knows)* ?y }`},
		{"distinct", `SELECT DISTINCT ?a ?f { ?a ?b ?c . ?d ?e ?f }`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := runtime.NumGoroutine()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			res, err := sparql.Query(ctx, st, tc.query, sparql.Options{})
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error)
			go func() {
				n := 0
				for res.Next() {
					if n++; n == 100 {
						cancel() // cancel from inside the stream
					}
				}
				done <- res.Err()
			}()
			// For the blocking operators nothing comes out: cancel from
			// outside while they work.
			time.AfterFunc(50*time.Millisecond, cancel)
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("iteration ended with %v, want context.Canceled", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the query did not stop after its context was cancelled")
			}
			res.Close()
			waitGoroutines(t, base)
		})
	}
}

func TestClosingEarlyReleasesEverything(t *testing.T) {
	st := genStore(t, 200)
	base := runtime.NumGoroutine()
	for range 20 {
		res, err := sparql.Query(context.Background(), st, `SELECT * { ?a ?b ?c . ?d ?e ?f }`, sparql.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Next() {
			t.Fatal(res.Err())
		}
		res.Close()
		if res.Next() {
			t.Fatal("Next after Close")
		}
	}
	waitGoroutines(t, base)
	// The store can still be written: no snapshot was left open.
	if err := sparql.Update(context.Background(), st, `INSERT DATA { <http://x> <http://y> 1 }`, sparql.Options{}); err != nil {
		t.Fatal(err)
	}
}

// A Result dropped without Close ends its evaluation and releases its
// snapshot once it is garbage: a forgetful caller cannot pile up goroutines
// and open transactions.
func TestDroppedResultIsReleased(t *testing.T) {
	st := genStore(t, 200)
	base := runtime.NumGoroutine()
	func() {
		for range 10 {
			res, err := sparql.Query(context.Background(), st, `SELECT * { ?a ?b ?c . ?d ?e ?f }`, sparql.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Next() {
				t.Fatal(res.Err())
			}
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	waitGoroutines(t, base)
}

func TestResultCap(t *testing.T) {
	st := genStore(t, 200)
	res, err := sparql.Query(context.Background(), st, `SELECT * { ?s ?p ?o }`, sparql.Options{MaxRows: 5})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for res.Next() {
		n++
	}
	if n != 5 || !errors.Is(res.Err(), sparql.ErrTooManyResults) {
		t.Errorf("got %d rows and %v, want 5 and ErrTooManyResults", n, res.Err())
	}
	// A result within the cap is not an error.
	res, err = sparql.Query(context.Background(), st, `SELECT * { ?s ?p ?o } LIMIT 5`, sparql.Options{MaxRows: 5})
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := res.Table()
	if err != nil || len(tbl.Rows) != 5 {
		t.Errorf("LIMIT 5 with a cap of 5: %d rows, %v", len(tbl.Rows), err)
	}
	// CONSTRUCT counts triples.
	res, err = sparql.Query(context.Background(), st, `CONSTRUCT WHERE { ?s ?p ?o }`, sparql.Options{MaxRows: 3})
	if err != nil {
		t.Fatal(err)
	}
	if ts, err := res.Triples(); len(ts) != 3 || !errors.Is(err, sparql.ErrTooManyResults) {
		t.Errorf("CONSTRUCT capped: %d triples, %v", len(ts), err)
	}
}

// Hostile queries stay within the limits: the work budget stops them with
// ErrTooExpensive, a timeout with ErrTimeout.
func TestHostileQueriesAreBounded(t *testing.T) {
	st := genStore(t, 1000)
	deep := strings.Repeat("{ ", 150) + "?s ?p ?o" + strings.Repeat(" }", 150)
	optionals := "?s ?p ?o " + strings.Repeat("OPTIONAL { ?s ?p ?o ", 100) + strings.Repeat("} ", 100)
	unions := strings.Repeat("{ ?s ?p ?o } UNION ", 300) + "{ ?s ?p ?o }"
	var many strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&many, "?v%d ?p%d ?v%d . ", i, i, i+1)
	}
	tests := []struct {
		name, query string
	}{
		{"cross product", `SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }`},
		{"sorted cross product", `SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a`},
		{"path in both directions over everything", genPrefixes + `SELECT * { ?x (:knows|^:knows)* ?y }`},
		{"nested groups", `SELECT * { ` + deep + ` . ?a ?b ?c }`},
		{"nested optionals", `SELECT * { ` + optionals + ` . ?a ?b ?c }`},
		{"long union", `SELECT * { ` + unions + ` . ?a ?b ?c }`},
		{"3000 triple patterns", `SELECT * { ` + many.String() + ` }`},
		{"exists per row of a cross product", `SELECT * { ?a ?b ?c . ?d ?e ?f FILTER NOT EXISTS { ?a ?x ?f } }`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sparql.Query(context.Background(), st, tc.query, sparql.Options{MaxIntermediateRows: 200_000})
			if err != nil {
				t.Fatal(err)
			}
			for res.Next() {
			}
			if !errors.Is(res.Err(), sparql.ErrTooExpensive) {
				t.Errorf("got %v, want ErrTooExpensive", res.Err())
			}
			res.Close()
		})
	}
	t.Run("timeout", func(t *testing.T) {
		res, err := sparql.Query(context.Background(), st, `SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f`, sparql.Options{Timeout: 20 * time.Millisecond})
		if err != nil {
			if !errors.Is(err, sparql.ErrTimeout) {
				t.Fatal(err)
			}
			return
		}
		for res.Next() {
		}
		if !errors.Is(res.Err(), sparql.ErrTimeout) || !errors.Is(res.Err(), context.DeadlineExceeded) {
			t.Errorf("got %v, want ErrTimeout", res.Err())
		}
	})
	t.Run("nesting beyond the parser's limit", func(t *testing.T) {
		q := `SELECT * { ` + strings.Repeat("{ ", 300) + "?s ?p ?o" + strings.Repeat(" }", 300) + ` }`
		_, err := sparql.Query(context.Background(), st, q, sparql.Options{})
		var se *sparql.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("got %v, want a syntax error", err)
		}
	})
}

var _ store.Store = (*store.Memory)(nil)
