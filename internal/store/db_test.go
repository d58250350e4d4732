package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

func TestDBPersistsAcrossReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	data := collectQuads(bsbmQuads(5000, 9))
	for _, term := range roundTripTerms() {
		data = append(data, rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.IRI("http://ex.org/p"), O: term, G: rdf.IRI("http://ex.org/terms")})
	}
	addQuads(t, db, data...)
	empty := rdf.IRI("http://ex.org/empty")
	mustUpdate(t, db, func(w Writer) error { return w.CreateGraph(empty) })
	snap := openSnapshot(t, db)
	want := match(t, snap, all)
	wantGraphs, _ := snap.Graphs(ctx)
	wantInfo, _ := snap.GraphInfo(rdf.IRI("http://ex.org/terms"))
	wantVersion, wantModified, wantLen := snap.Version(), snap.Modified(), snap.Len()
	snap.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snap = openSnapshot(t, db)
	if got := match(t, snap, all); !slices.Equal(got, want) {
		t.Errorf("after reopening: %d quads, want %d", len(got), len(want))
	}
	gotGraphs, _ := snap.Graphs(ctx)
	if !slices.Equal(gotGraphs, wantGraphs) || !slices.Contains(gotGraphs, empty) {
		t.Errorf("graphs after reopening: %v, want %v", gotGraphs, wantGraphs)
	}
	if info, _ := snap.GraphInfo(rdf.IRI("http://ex.org/terms")); info != wantInfo {
		t.Errorf("GraphInfo after reopening: %+v, want %+v", info, wantInfo)
	}
	if snap.Version() != wantVersion || !snap.Modified().Equal(wantModified) || snap.Len() != wantLen {
		t.Errorf("after reopening: version %d modified %v len %d; want %d %v %d",
			snap.Version(), snap.Modified(), snap.Len(), wantVersion, wantModified, wantLen)
	}
	if err := db.Verify(ctx); err != nil {
		t.Error(err)
	}
	// Ids keep counting where they stopped.
	newTerm := rdf.String("added after reopening")
	addQuads(t, db, rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.IRI("http://ex.org/p"), O: newTerm})
	s2 := openSnapshot(t, db).(IDReader)
	id, _ := s2.TermID(newTerm)
	old, _ := s2.TermID(rdf.IRI("http://ex.org/s"))
	if id <= old {
		t.Errorf("a new term got id %d, not above the older %d", id, old)
	}
}

func TestOpenLockedStore(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, err = Open(dir, WithLockTimeout(100*time.Millisecond))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("second Open waited %v", waited)
	}
	if _, err := Open(dir, WithLockTimeout(0)); !errors.Is(err, ErrLocked) {
		t.Errorf("Open without waiting: %v, want ErrLocked", err)
	}
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, dir string)
	}{
		{"not a bbolt file", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, FileName), []byte("hello, this is not a database file at all"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"other format version", func(t *testing.T, dir string) {
			db, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			tx, _ := db.e.kv.beginWrite()
			if err := tx.put(bucketMeta, metaFormat, encodeUint(formatVersion+1)); err != nil {
				t.Fatal(err)
			}
			if err := tx.commit(); err != nil {
				t.Fatal(err)
			}
			db.Close()
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.prepare(t, dir)
			db, err := Open(dir)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			t.Log(err)
		})
	}
}

func TestOpenCreatesDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Path() != filepath.Join(dir, FileName) {
		t.Errorf("Path = %s", db.Path())
	}
	if _, err := os.Stat(db.Path()); err != nil {
		t.Error(err)
	}
}

// TestReadOnlyOpenWritesNothing opens a store read-only (as `skillsmap
// validate` does): it reads and verifies, refuses writes, and leaves the
// file's bytes and modification time as they were; a missing store is an
// error and no directory is created.
func TestReadOnlyOpenWritesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	addQuads(t, db, collectQuads(bsbmQuads(500, 3))...)
	snap := openSnapshot(t, db)
	wantLen := snap.Len()
	snap.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	before, _ := os.ReadFile(path)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}

	ro, err := Open(dir, WithReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	if err := ro.Verify(ctx); err != nil {
		t.Errorf("verify: %v", err)
	}
	snap = openSnapshot(t, ro)
	if snap.Len() != wantLen {
		t.Errorf("read-only snapshot has %d quads, want %d", snap.Len(), wantLen)
	}
	snap.Close()
	if err := ro.Update(ctx, func(w Writer) error {
		return w.Add(rdf.Quad{S: rdf.IRI("http://ex.org/s"), P: rdf.IRI("http://ex.org/p"), O: rdf.String("x")})
	}); err == nil {
		t.Error("a write to a read-only store succeeded")
	}
	// A second reader may open it at the same time.
	ro2, err := Open(dir, WithReadOnly(), WithLockTimeout(100*time.Millisecond))
	if err != nil {
		t.Errorf("second read-only open: %v", err)
	} else {
		ro2.Close()
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if !slices.Equal(before, after) {
		t.Error("the store file's bytes changed")
	}
	if fi, err := os.Stat(path); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("the store file's modification time changed: %v, want %v", fi.ModTime(), old)
	}

	missing := filepath.Join(t.TempDir(), "nothing")
	if _, err := Open(missing, WithReadOnly()); err == nil {
		t.Error("a read-only open of a missing store succeeded")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a read-only open created %s", missing)
	}
}
