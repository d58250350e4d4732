// Package harvestmetrics keeps the harvester's Prometheus metrics: it
// observes every run (harvester.Options.Observer) and is a
// prometheus.Collector.
package harvestmetrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillsmap/skillsmap/harvester"
)

// Metrics are the harvester's Prometheus metrics, per source. Pass them as
// harvester.Options.Observer and register them with a
// prometheus.Registerer: Metrics is a prometheus.Collector.
//
//	skillsmap_harvest_runs_total{source,status}
//	skillsmap_harvest_pages_total{source}
//	skillsmap_harvest_pages_not_modified_total{source}
//	skillsmap_harvest_retries_total{source}
//	skillsmap_harvest_page_errors_total{source}
//	skillsmap_harvest_records{source}             practices found by the last run
//	skillsmap_harvest_quality{source}             average quality score of the last run
//	skillsmap_harvest_withdrawn_total{source}
//	skillsmap_harvest_running{source}
//	skillsmap_harvest_last_success_timestamp_seconds{source}
//	skillsmap_harvest_duration_seconds{source}    histogram
type Metrics struct {
	runs        *prometheus.CounterVec
	pages       *prometheus.CounterVec
	notModified *prometheus.CounterVec
	retries     *prometheus.CounterVec
	errors      *prometheus.CounterVec
	withdrawn   *prometheus.CounterVec
	records     *prometheus.GaugeVec
	quality     *prometheus.GaugeVec
	inProgress  *prometheus.GaugeVec
	lastSuccess *prometheus.GaugeVec
	duration    *prometheus.HistogramVec
}

// New returns metrics with no runs observed.
func New() *Metrics {
	src := []string{"source"}
	return &Metrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillsmap_harvest_runs_total", Help: "Harvest runs by source and outcome (ok, partial, failed).",
		}, []string{"source", "status"}),
		pages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillsmap_harvest_pages_total", Help: "Pages requested by harvest runs, 304s included.",
		}, src),
		notModified: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillsmap_harvest_pages_not_modified_total", Help: "Conditional requests answered 304 Not Modified.",
		}, src),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillsmap_harvest_retries_total", Help: "Requests retried after 429, 5xx or a network error.",
		}, src),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillsmap_harvest_page_errors_total", Help: "Pages that could not be fetched or read.",
		}, src),
		withdrawn: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skillsmap_harvest_withdrawn_total", Help: "Practices withdrawn after missing from their source.",
		}, src),
		records: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "skillsmap_harvest_records", Help: "Practices found by the last run of the source.",
		}, src),
		quality: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "skillsmap_harvest_quality", Help: "Average quality score (0-1) of the practices of the last run.",
		}, src),
		inProgress: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "skillsmap_harvest_running", Help: "1 while the source is being harvested.",
		}, src),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "skillsmap_harvest_last_success_timestamp_seconds", Help: "When the last run that replaced the source graph finished.",
		}, src),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "skillsmap_harvest_duration_seconds", Help: "Duration of harvest runs.",
			Buckets: prometheus.ExponentialBuckets(0.5, 2, 14), // 0.5 s … about 2.3 h
		}, src),
	}
}

func (m *Metrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.runs, m.pages, m.notModified, m.retries, m.errors, m.withdrawn,
		m.records, m.quality, m.inProgress, m.lastSuccess, m.duration}
}

// Describe implements prometheus.Collector.
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	for _, c := range m.collectors() {
		c.Describe(ch)
	}
}

// Collect implements prometheus.Collector.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	for _, c := range m.collectors() {
		c.Collect(ch)
	}
}

// RunStarted implements harvester.RunObserver.
func (m *Metrics) RunStarted(source string) {
	m.inProgress.WithLabelValues(source).Inc()
}

// RunFinished implements harvester.RunObserver: it records a finished run.
func (m *Metrics) RunFinished(r *harvester.Run) {
	m.inProgress.WithLabelValues(r.Source).Dec()
	m.runs.WithLabelValues(r.Source, string(r.Status)).Inc()
	m.pages.WithLabelValues(r.Source).Add(float64(r.Pages))
	m.notModified.WithLabelValues(r.Source).Add(float64(r.NotModified))
	m.retries.WithLabelValues(r.Source).Add(float64(r.Retries))
	m.errors.WithLabelValues(r.Source).Add(float64(len(r.Errors)))
	m.withdrawn.WithLabelValues(r.Source).Add(float64(r.Withdrawn))
	m.duration.WithLabelValues(r.Source).Observe(r.Duration().Seconds())
	if r.Status != harvester.StatusFailed {
		m.records.WithLabelValues(r.Source).Set(float64(r.Records))
		m.quality.WithLabelValues(r.Source).Set(r.Mapping.Quality.Average)
		m.lastSuccess.WithLabelValues(r.Source).Set(float64(r.Finished.Unix()))
	}
}

var _ harvester.RunObserver = (*Metrics)(nil)
