package match

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// gatedStore holds Snapshot calls while closed, so that a test can keep a
// build running.
type gatedStore struct {
	store.Store
	mu     sync.Mutex
	gate   chan struct{} // nil: open
	waited chan struct{} // receives when a Snapshot waits at the gate
}

func (s *gatedStore) close() {
	s.mu.Lock()
	s.gate = make(chan struct{})
	s.mu.Unlock()
}

func (s *gatedStore) open() {
	s.mu.Lock()
	if s.gate != nil {
		close(s.gate)
		s.gate = nil
	}
	s.mu.Unlock()
}

func (s *gatedStore) Snapshot(ctx context.Context) (store.Snapshot, error) {
	s.mu.Lock()
	g := s.gate
	s.mu.Unlock()
	if g != nil {
		select {
		case s.waited <- struct{}{}:
		default:
		}
		select {
		case <-g:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return s.Store.Snapshot(ctx)
}

// newPractice is a practice that the fixture lacks: a hub in Leipzig for
// older people.
func newPractice() fixturePractice {
	return fixturePractice{id: "leipzig-seniorenhub", graph: "source/leipzig", p: record.Practice{
		Language:     "de",
		Title:        record.Texts{"de": "Digitaler Seniorenhub Leipzig"},
		Description:  record.Texts{"de": "Ehrenamtliche erklären Tablets und Videotelefonie."},
		TargetGroups: []string{"older-people"},
		Places:       []record.Place{{Name: "Leipzig", Region: "DED51", Country: "DE", Lat: f64(51.34), Lon: f64(12.375)}},
	}}
}

var seniorsInLeipzig = Need{TargetGroups: []string{"older-people"}, Places: []record.Place{{Name: "Leipzig"}}}

func TestIndexFollowsStore(t *testing.T) {
	ctx := context.Background()
	n := testIRIs(t)
	ix, st := newTestIndex(t)
	before := ix.Stats()
	if before.Practices != len(fixture()) || before.TextDocuments != len(fixture()) || before.Builds != 1 || before.TextBuilds != 1 {
		t.Fatalf("stats after the first build: %+v", before)
	}
	res, err := ix.Match(ctx, seniorsInLeipzig, 10)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ids(res), "leipzig-seniorenhub") {
		t.Fatal("the new practice is there before it is written")
	}

	// A new practice: new texts, so a new text index.
	writePractices(t, st, n, []fixturePractice{newPractice()})
	if err := ix.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	res, err = ix.Match(ctx, seniorsInLeipzig, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || res[0].ID != "leipzig-seniorenhub" {
		t.Fatalf("after the write: %v", ids(res))
	}
	s := ix.Stats()
	if s.Version <= before.Version || s.Practices != before.Practices+1 || s.Builds != 2 || s.TextBuilds != 2 {
		t.Fatalf("stats after a new practice: %+v", s)
	}

	// A validation changes no text: the text index is reused, and the
	// reason appears.
	if err := st.Update(ctx, func(w store.Writer) error {
		return w.Add(rdf.Quad{S: n.Practice("leipzig-seniorenhub"), P: rdf.Type, O: n.Terms().ValidatedGoodPractice, G: n.EditorialGraph()})
	}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	res, err = ix.Match(ctx, seniorsInLeipzig, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || res[0].ID != "leipzig-seniorenhub" || !slices.ContainsFunc(res[0].Reasons, func(r Reason) bool { return r.Code == ReasonValidated }) {
		t.Fatalf("after the validation: %+v", res)
	}
	if s := ix.Stats(); s.Builds != 3 || s.TextBuilds != 2 {
		t.Fatalf("a validation rebuilt the text index: %+v", s)
	}

	// Withdrawing the practice (the harvester's tombstone has no
	// rdf:type) removes it.
	if err := st.Update(ctx, func(w store.Writer) error {
		return w.Remove(rdf.Quad{S: n.Practice("leipzig-seniorenhub"), P: rdf.Type, O: n.Terms().Practice, G: rdf.IRI(base + "graph/source/leipzig")})
	}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if res, _ := ix.Match(ctx, seniorsInLeipzig, 10); slices.Contains(ids(res), "leipzig-seniorenhub") {
		t.Fatalf("the withdrawn practice is still matched: %v", ids(res))
	}
	// Refresh with nothing new builds nothing.
	b := ix.Stats().Builds
	if err := ix.Refresh(ctx); err != nil || ix.Stats().Builds != b {
		t.Fatalf("an idle Refresh built: %v %+v", err, ix.Stats())
	}
}

// TestQueriesDoNotWaitForBuilds: while a build waits, queries are served
// from the previous index, and they start the build themselves.
func TestQueriesDoNotWaitForBuilds(t *testing.T) {
	ctx := context.Background()
	n := testIRIs(t)
	mem := store.NewMemory()
	writePractices(t, mem, n, fixture())
	gs := &gatedStore{Store: mem, waited: make(chan struct{}, 1)}
	ix := openIndex(t, gs, Options{})

	writePractices(t, mem, n, []fixturePractice{newPractice()})
	gs.close()
	// The query kicks the builder, which is held at the gate; the query
	// answers from the index it has.
	done := make(chan []Result, 1)
	go func() {
		res, err := ix.Match(ctx, seniorsInLeipzig, 10)
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	select {
	case res := <-done:
		if slices.Contains(ids(res), "leipzig-seniorenhub") {
			t.Fatal("the old index has the new practice")
		}
	case <-time.After(time.Minute):
		t.Fatal("a query waited for the build")
	}
	select {
	case <-gs.waited:
	case <-time.After(time.Minute):
		t.Fatal("the query did not start a build")
	}
	// More queries while the build is held: still answered.
	if _, err := ix.Match(ctx, seniorsInLeipzig, 10); err != nil {
		t.Fatal(err)
	}
	gs.open()
	deadline := time.Now().Add(time.Minute)
	for {
		res, err := ix.Match(ctx, seniorsInLeipzig, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) > 0 && res[0].ID == "leipzig-seniorenhub" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the index never showed the new practice")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFirstBuild: queries wait for the first index as long as their
// context allows; Close ends the wait.
func TestFirstBuild(t *testing.T) {
	n := testIRIs(t)
	mem := store.NewMemory()
	writePractices(t, mem, n, fixture())
	gs := &gatedStore{Store: mem, waited: make(chan struct{}, 1)}
	gs.close()
	ix, err := New(gs, Options{IRIs: n, PollInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	<-gs.waited
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := ix.Match(ctx, seniorsInLeipzig, 10); !errors.Is(err, ErrNotReady) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("before the first build: %v", err)
	}
	gs.open()
	res, err := ix.Match(context.Background(), seniorsInLeipzig, 10)
	if err != nil || len(res) == 0 {
		t.Fatalf("after the first build: %v %v", ids(res), err)
	}
	ix.Close()
	if _, err := ix.Match(context.Background(), seniorsInLeipzig, 10); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	if err := ix.Refresh(context.Background()); !errors.Is(err, ErrClosed) {
		t.Fatalf("Refresh after Close: %v", err)
	}
}

// TestConcurrentQueriesAndBuilds runs queries while the store changes, for
// the race detector, and checks every answer is whole.
func TestConcurrentQueriesAndBuilds(t *testing.T) {
	ctx := context.Background()
	n := testIRIs(t)
	ix, st := newTestIndex(t)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := ix.Match(ctx, Need{Text: "digitale Kompetenzen für Frauen", Language: "de", Places: []record.Place{{Name: "Leipzig"}}}, 5)
				if err != nil {
					t.Error(err)
					return
				}
				for _, r := range res {
					if r.Practice == "" || len(r.Reasons) == 0 {
						t.Errorf("incomplete result %+v", r)
						return
					}
				}
			}
		}()
	}
	for i := range 5 {
		p := newPractice()
		p.id = p.id + string(rune('a'+i))
		p.p.Description = record.Texts{"de": "Frauen lernen digitale Kompetenzen, Runde " + string(rune('A'+i))}
		writePractices(t, st, n, []fixturePractice{p})
		if err := ix.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if s := ix.Stats(); s.Practices != len(fixture())+5 {
		t.Fatalf("stats: %+v", s)
	}
}
