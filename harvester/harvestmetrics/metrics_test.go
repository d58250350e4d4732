package harvestmetrics

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/harvester/internal/testsite"
)

func TestMetricsOfARealRun(t *testing.T) {
	site := testsite.New(t, "a", "b")
	src := site.Source("metrics")
	m := New()
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(m); err != nil {
		t.Fatal(err)
	}
	h := testsite.Harvester(t, harvester.Options{Observer: m}, src)
	if _, err := h.Run(t.Context(), src.ID); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		c    prometheus.Collector
		want float64
	}{
		{"runs_total{ok}", m.runs.WithLabelValues(src.ID, "ok"), 1},
		{"records", m.records.WithLabelValues(src.ID), 2},
		{"pages_total", m.pages.WithLabelValues(src.ID), 3},
		{"running", m.inProgress.WithLabelValues(src.ID), 0},
	} {
		if got := testutil.ToFloat64(tt.c); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
	if n, err := testutil.GatherAndCount(reg); err != nil || n == 0 {
		t.Errorf("gather: %d metrics, %v", n, err)
	}
}

func TestFailedRunKeepsTheLastSuccess(t *testing.T) {
	m := New()
	t0 := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	m.RunStarted("s")
	if got := testutil.ToFloat64(m.inProgress.WithLabelValues("s")); got != 1 {
		t.Errorf("running during the run = %v", got)
	}
	m.RunFinished(&harvester.Run{Source: "s", Status: harvester.StatusOK, Records: 5, Started: t0, Finished: t0.Add(time.Second)})
	m.RunStarted("s")
	m.RunFinished(&harvester.Run{Source: "s", Status: harvester.StatusFailed, Records: 0, Started: t0.Add(time.Hour), Finished: t0.Add(time.Hour + time.Second),
		Errors: []harvester.PageError{{URL: "x"}}})
	for _, tt := range []struct {
		name string
		c    prometheus.Collector
		want float64
	}{
		{"records after a failed run", m.records.WithLabelValues("s"), 5},
		{"last success", m.lastSuccess.WithLabelValues("s"), float64(t0.Add(time.Second).Unix())},
		{"failed runs", m.runs.WithLabelValues("s", "failed"), 1},
		{"page errors", m.errors.WithLabelValues("s"), 1},
		{"running after both", m.inProgress.WithLabelValues("s"), 0},
	} {
		if got := testutil.ToFloat64(tt.c); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
}
