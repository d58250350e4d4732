package harvester

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/go-co-op/gocron/v2"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// Scheduler runs each source on its schedule with gocron. A source never
// runs twice at once: gocron's singleton mode skips a tick that comes while
// the last run is still going, and Harvester.Run refuses overlapping manual
// runs.
type Scheduler struct {
	h       *Harvester
	cron    gocron.Scheduler
	jobs    map[string]gocron.Job
	ctx     context.Context
	stop    context.CancelFunc
	timeout time.Duration
}

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	// Elector, if set, makes only the elected leader among several
	// instances run harvests (gocron's distributed elector).
	Elector gocron.Elector
	// StopTimeout bounds how long Shutdown waits for running harvests.
	StopTimeout time.Duration
}

// NewScheduler schedules every source of h that has a schedule. Call Start
// to begin and Shutdown to stop.
func NewScheduler(h *Harvester, opts SchedulerOptions) (*Scheduler, error) {
	if opts.StopTimeout == 0 {
		opts.StopTimeout = 2 * time.Minute
	}
	schedOpts := []gocron.SchedulerOption{gocron.WithStopTimeout(opts.StopTimeout)}
	if opts.Elector != nil {
		schedOpts = append(schedOpts, gocron.WithDistributedElector(opts.Elector))
	}
	cron, err := gocron.NewScheduler(schedOpts...)
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Scheduler{h: h, cron: cron, jobs: map[string]gocron.Job{}, ctx: ctx, stop: stop, timeout: opts.StopTimeout}
	for _, src := range h.Sources() {
		var def gocron.JobDefinition
		jitter := src.Schedule.Jitter
		switch {
		case src.Schedule.Every > 0 && jitter > 0:
			def = gocron.DurationRandomJob(src.Schedule.Every, src.Schedule.Every+jitter)
			jitter = 0 // gocron spreads interval jobs itself
		case src.Schedule.Every > 0:
			def = gocron.DurationJob(src.Schedule.Every)
		case src.Schedule.Cron != "":
			def = gocron.CronJob(src.Schedule.Cron, false)
		default:
			continue
		}
		id := src.ID
		job, err := cron.NewJob(def,
			gocron.NewTask(func(ctx context.Context) { s.runScheduled(ctx, id, jitter) }),
			gocron.WithName(id),
			gocron.WithContext(ctx),
			gocron.WithSingletonMode(gocron.LimitModeReschedule),
		)
		if err != nil {
			cron.Shutdown()
			stop()
			return nil, &sourceconfig.FieldError{Field: "sources[" + id + "].schedule", Err: err}
		}
		s.jobs[id] = job
	}
	return s, nil
}

func (s *Scheduler) runScheduled(ctx context.Context, id string, jitter time.Duration) {
	if jitter > 0 {
		select {
		case <-time.After(rand.N(jitter)):
		case <-ctx.Done():
			return
		}
	}
	if _, err := s.h.Run(ctx, id); err != nil {
		s.h.opts.Logger.Error("scheduled harvest", "source", id, "err", err)
	}
}

// Start begins running scheduled harvests.
func (s *Scheduler) Start() { s.cron.Start() }

// NextRun returns when a source runs next (zero if it is not scheduled, or
// s is nil).
func (s *Scheduler) NextRun(id string) time.Time {
	if s == nil {
		return time.Time{}
	}
	job, ok := s.jobs[id]
	if !ok {
		return time.Time{}
	}
	t, err := job.NextRun()
	if err != nil {
		return time.Time{}
	}
	return t
}

// Shutdown stops scheduling, cancels running harvests — scheduled ones and
// those started with Harvester.Start; each still commits its provenance
// and keeps the previous graph — and waits for them to finish writing, at
// most StopTimeout.
func (s *Scheduler) Shutdown() error {
	s.stop()
	err := s.cron.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if werr := s.h.Shutdown(ctx); werr != nil && err == nil {
		err = werr
	}
	return err
}
