package harvester

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// gatedSite answers every request only after release is closed.
func gatedSite(t *testing.T, inner http.Handler) (*httptest.Server, chan struct{}) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, release
}

func waitRunning(t *testing.T, h *Harvester, id string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !h.Running(id); {
		if time.Now().After(deadline) {
			t.Fatal("the run did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// slowSink delays writes, to show that shutdown waits for them.
type slowSink struct{ *MemorySink }

func (s slowSink) Apply(ctx context.Context, c Change) error {
	time.Sleep(200 * time.Millisecond)
	return s.MemorySink.Apply(ctx, c)
}

func TestShutdownWaitsForRunsToFinishWriting(t *testing.T) {
	l := newLifecycle(t, newPracticeSite("a"))
	srv, release := gatedSite(t, l.site)
	defer close(release)
	src := l.source("stop")
	src.StartURLs = []string{srv.URL + "/listing"}
	sink := slowSink{l.sink}
	h, err := New([]sourceconfig.Source{src}, sink, Options{Mapper: l.mapper})
	if err != nil {
		t.Fatal(err)
	}
	sched, err := NewScheduler(h, SchedulerOptions{StopTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	sched.Start()
	run, err := h.Start(src.ID)
	if err != nil {
		t.Fatal(err)
	}
	waitRunning(t, h, src.ID)
	if err := sched.Shutdown(); err != nil {
		t.Fatal(err)
	}
	if h.Running(src.ID) {
		t.Fatal("shutdown returned while the run was going on")
	}
	prov, _ := l.sink.Graph(context.Background(), l.iris.ProvenanceGraph())
	pg := rdf.NewGraph(prov...)
	runIRI := l.iris.HarvestRun(src.ID, run.ID)
	if got := pg.Object(runIRI, l.iris.Terms().RunStatus); got != rdf.String("failed") {
		t.Errorf("the cancelled run's provenance was not written before shutdown returned: %v", got)
	}
	if _, err := h.Start(src.ID); err == nil {
		t.Error("a run started after shutdown")
	}
}

// recorder is a RunObserver that keeps what it is told.
type recorder struct {
	mu       sync.Mutex
	started  []string
	finished []*Run
}

func (r *recorder) RunStarted(source string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started = append(r.started, source)
}

func (r *recorder) RunFinished(run *Run) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finished = append(r.finished, run)
}

func TestObserverSeesEveryRun(t *testing.T) {
	l := newLifecycle(t, newPracticeSite("a", "b"))
	src := l.source("observed")
	obs := &recorder{}
	h, err := New([]sourceconfig.Source{src}, l.sink, Options{Mapper: l.mapper, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	run := runOnce(t, h, src.ID)
	if len(obs.started) != 1 || obs.started[0] != src.ID || len(obs.finished) != 1 || obs.finished[0] != run {
		t.Fatalf("observer saw %v and %v, want one start and the run %v", obs.started, obs.finished, run)
	}
	if r := obs.finished[0]; r.Status != StatusOK || r.Records != 2 || r.Pages != 3 || r.Finished.IsZero() {
		t.Errorf("the observed run is not the finished one: %+v", r)
	}
}
