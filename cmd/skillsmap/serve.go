package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/publisher"
)

func newServeCommand(g *globalFlags) *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--data DIR]",
		Short: "Publish the map's data and harvest the configured sources on their schedules",
		Long: `Run the publisher (linked data, dumps, SPARQL, catalog, map) on --addr (default :8080, or listen in
skillsmap.yaml) and harvest each configured source on its schedule. Stop with Ctrl-C: running harvests
finish writing first.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g, addr)
			if err != nil {
				return err
			}
			a, err := openApp(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer a.Close()
			h, err := a.newHarvester(cfg.Sources)
			if err != nil {
				return err
			}
			return a.serve(cmd.Context(), h, func(url string) {
				fmt.Fprintf(cmd.OutOrStdout(), "Skillsmap is serving %s (%d sources)\n", url, len(cfg.Sources))
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "", "address to listen on (default :8080)")
	return cmd
}

// serve runs the publisher and the harvest scheduler until ctx ends, then
// shuts both down: harvests in progress finish writing before the store
// closes. ready is called once the server listens.
func (a *app) serve(ctx context.Context, h *harvester.Harvester, ready func(url string)) error {
	sched, err := harvester.NewScheduler(h, harvester.SchedulerOptions{})
	if err != nil {
		return err
	}
	pub, err := publisher.New(publisher.Options{
		Store:   a.store,
		IRIs:    a.iris,
		Regions: a.regions,
		GeoErr:  a.geoErr,
		Config:  a.cfg,
		Logger:  a.log,
		Mounts:  a.mounts(h),
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Listen, err)
	}
	srv := &http.Server{Handler: pub.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	sched.Start()
	ready(a.cfg.PublicURL)
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	a.log.Info("shutting down: waiting for running harvests to finish writing")
	shutdownErr := sched.Shutdown()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err2 := srv.Shutdown(sctx); err == nil && err2 != nil {
		err = err2
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, shutdownErr)
}

// mounts returns the handlers the publisher serves beside its own.
func (a *app) mounts(h *harvester.Harvester) []publisher.Mount {
	return nil
}
