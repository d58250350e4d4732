package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

var rdfsLabel = rdf.IRI("http://www.w3.org/2000/01/rdf-schema#label")

// shopQuads are three products (type, label, two features each), five
// offers (type, product, vendor; two of them a price in another graph) and
// two vendors (type, label, country).
func shopQuads() []rdf.Quad {
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex.org/" + s) }
	g2 := ex("prices")
	var qs []rdf.Quad
	add := func(s, p, o rdf.Term, g rdf.Term) { qs = append(qs, rdf.Quad{S: s, P: p, O: o, G: g}) }
	for i := range 3 {
		p := ex(fmt.Sprint("product", i))
		add(p, rdf.Type, ex("Product"), rdf.Term{})
		add(p, rdfsLabel, rdf.String(fmt.Sprint("Product ", i)), rdf.Term{})
		add(p, ex("feature"), ex(fmt.Sprint("f", i)), rdf.Term{})
		add(p, ex("feature"), ex(fmt.Sprint("f", i+1)), rdf.Term{})
	}
	for i := range 5 {
		o := ex(fmt.Sprint("offer", i))
		add(o, rdf.Type, ex("Offer"), rdf.Term{})
		add(o, ex("product"), ex(fmt.Sprint("product", i%3)), rdf.Term{})
		add(o, ex("vendor"), ex(fmt.Sprint("vendor", i%2)), rdf.Term{})
		if i < 2 {
			add(o, ex("price"), rdf.String(fmt.Sprint(i*10)), g2)
		}
	}
	for i := range 2 {
		v := ex(fmt.Sprint("vendor", i))
		add(v, rdf.Type, ex("Vendor"), rdf.Term{})
		add(v, rdfsLabel, rdf.String(fmt.Sprint("Vendor ", i)), rdf.Term{})
		add(v, ex("country"), ex("DE"), rdf.Term{})
	}
	return qs
}

func TestCharacteristicSets(t *testing.T) {
	ctx := context.Background()
	ex := func(s string) rdf.Term { return rdf.IRI("http://ex.org/" + s) }
	for _, be := range []struct {
		name string
		open func(t *testing.T) Store
	}{
		{"memory", func(t *testing.T) Store { return NewMemory() }},
		{"bbolt", func(t *testing.T) Store {
			db, err := Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return db
		}},
	} {
		t.Run(be.name, func(t *testing.T) {
			st := be.open(t)
			defer st.Close()
			if err := st.Update(ctx, func(w Writer) error { return addAll(w, shopQuads()...) }); err != nil {
				t.Fatal(err)
			}
			snap, err := st.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer snap.Close()
			ids := snap.(IDReader)
			id := func(term rdf.Term) ID {
				t.Helper()
				i, ok := ids.TermID(term)
				if !ok {
					t.Fatalf("no id for %v", term)
				}
				return i
			}
			cs := snap.(CharacteristicSetReader).CharacteristicSets()
			if cs == nil {
				t.Fatal("no characteristic sets for a small store")
			}
			// Products, offers with a price, offers without, vendors.
			if len(cs.Sets) != 4 || cs.Partial {
				t.Fatalf("%d sets (partial %v), want 4: %+v", len(cs.Sets), cs.Partial, cs.Sets)
			}
			typ, label, feature := id(rdf.Type), id(rdfsLabel), id(ex("feature"))
			vendor, price, country := id(ex("vendor")), id(ex("price")), id(ex("country"))
			for _, tc := range []struct {
				name            string
				q               []ID
				p               ID
				subjects, quads float64
				ok              bool
			}{
				{"labelled things have features only if products", []ID{label}, feature, 5, 6, true},
				{"typed things with a vendor: the offers", []ID{typ, vendor}, price, 5, 2, true},
				{"the offers' vendors", []ID{vendor}, vendor, 5, 5, true},
				{"priced offers", []ID{price}, typ, 2, 2, true},
				{"nothing has a country and a feature", []ID{country, feature}, label, 0, 0, false},
			} {
				s, n, ok := cs.Star(tc.q, tc.p)
				if s != tc.subjects || n != tc.quads || ok != tc.ok {
					t.Errorf("%s: Star = %v subjects, %v quads, %v; want %v, %v, %v", tc.name, s, n, ok, tc.subjects, tc.quads, tc.ok)
				}
			}

			// A write makes a new version; the next snapshot's sets follow it.
			if err := st.Update(ctx, func(w Writer) error {
				return w.Add(rdf.Quad{S: ex("vendor0"), P: ex("feature"), O: ex("f9")})
			}); err != nil {
				t.Fatal(err)
			}
			snap2, err := st.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer snap2.Close()
			cs2 := snap2.(CharacteristicSetReader).CharacteristicSets()
			if cs2 == nil || cs2.Version <= cs.Version || len(cs2.Sets) != 5 {
				t.Fatalf("after a write: %+v, want 5 sets of a newer version than %d", cs2, cs.Version)
			}
			if s, n, _ := cs2.Star([]ID{country}, feature); s != 2 || n != 1 {
				t.Errorf("after a write: vendors have %v features over %v vendors, want 1 over 2", n, s)
			}
		})
	}
}

// TestCharacteristicSetsInTheBackground checks the refresh of a big store:
// computed in the background while the older sets serve, and a Close during
// a computation neither hangs nor fails.
func TestCharacteristicSetsInTheBackground(t *testing.T) {
	defer func(n uint64) { charSetSyncLen = n }(charSetSyncLen)
	charSetSyncLen = 0
	ctx := context.Background()
	db, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(w Writer) error { return addAll(w, shopQuads()...) }); err != nil {
		t.Fatal(err)
	}
	snap, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cs := snap.(CharacteristicSetReader).CharacteristicSets(); cs != nil {
		t.Errorf("the first call computed the sets at once (%d sets), want them in the background", len(cs.Sets))
	}
	snap.Close()
	var cs *CharacteristicSets
	for deadline := time.Now().Add(20 * time.Second); cs == nil && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		snap, err := db.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cs = snap.(CharacteristicSetReader).CharacteristicSets()
		snap.Close()
	}
	if cs == nil || len(cs.Sets) != 4 {
		t.Fatalf("background computation gave %+v, want 4 sets", cs)
	}

	// A store changed by more than a tenth starts a new computation; Close
	// waits for it or stops it.
	if err := db.Update(ctx, func(w Writer) error {
		for i := range 50_000 {
			if err := w.Add(rdf.Quad{S: rdf.IRI(fmt.Sprint("http://ex.org/s", i)), P: rdfsLabel, O: rdf.String("x")}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	snap, err = db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.(CharacteristicSetReader).CharacteristicSets(); got != cs {
		t.Errorf("while recomputing, the snapshot got %p, want the older sets %p", got, cs)
	}
	done := make(chan error, 1)
	go func() { done <- db.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Close during a computation: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close hangs during a computation of the characteristic sets")
	}
}
