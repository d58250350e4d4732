package store

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/skillsmap/skillsmap/internal/rdf"
	bolt "go.etcd.io/bbolt"
)

func TestWarm(t *testing.T) {
	db, err := Open(t.TempDir(), WithNoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var qs []rdf.Quad
	for q, err := range bsbmQuads(20_000, 1) {
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	addQuads(t, db, qs...)
	fi, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	ws, err := db.Warm(ctx, WarmOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Every page up to bbolt's high-water mark (the file has room after it).
	bdb := db.e.kv.(*boltKV).db
	var used int
	if err := bdb.View(func(tx *bolt.Tx) error {
		used = int(tx.Size()) / bdb.Info().PageSize
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if ws.Pages != used || used < 100 {
		t.Errorf("touched %d pages, want the %d pages in use", ws.Pages, used)
	}
	if ws.Bytes != fi.Size() {
		t.Errorf("read %d bytes ahead, want the file's %d", ws.Bytes, fi.Size())
	}
	if !ws.CharSets {
		t.Error("the first Warm did not compute the characteristic sets")
	}
	snap, err := db.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cs := snap.(CharacteristicSetReader).CharacteristicSets()
	if cs == nil || cs.Version != snap.(*snapshot).meta.version || len(cs.Sets) == 0 {
		t.Errorf("after Warm the snapshot's characteristic sets are %+v, want the current version's", cs)
	}
	snap.Close()

	if ws, err := db.Warm(ctx, WarmOptions{}); err != nil || ws.CharSets {
		t.Errorf("second Warm: %+v, %v; want the sets kept (nothing changed)", ws, err)
	}
	if ws, err := db.Warm(ctx, WarmOptions{MaxFileBytes: fi.Size() - 1}); err != nil || !ws.Skipped || ws.Pages != 0 || ws.Bytes != 0 {
		t.Errorf("Warm of a file bigger than MaxFileBytes: %+v, %v; want it skipped", ws, err)
	}
	addQuads(t, db, rdf.Quad{S: rdf.IRI("http://ex.org/new"), P: rdf.IRI("http://ex.org/p"), O: rdf.String("x")})
	if ws, err := db.Warm(ctx, WarmOptions{MaxFileBytes: 1}); err != nil || !ws.CharSets {
		t.Errorf("Warm (file skipped) after a write: %+v, %v; want the sets of the new version all the same", ws, err)
	}

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := db.Warm(canceled, WarmOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Warm with an ended context: %v, want context.Canceled", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Warm(ctx, WarmOptions{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Warm after Close: %v, want ErrClosed", err)
	}
}
