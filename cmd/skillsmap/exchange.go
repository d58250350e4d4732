package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/mail"
	"github.com/skillsmap/skillsmap/exchange/match"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/exchange/web"
	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/vocab"
)

// The exchange's databases in the data directory: never the quad store,
// which holds only what is public.
const (
	accountsFile = "accounts.db"
	mailFile     = "mail.db"
)

// argon2Params are the parameters of new password hashes (tests lower
// them: the default costs 64 MiB and a noticeable time per hash).
var argon2Params = accounts.DefaultArgon2

// openAccounts opens DATA/accounts.db (or the accounts in the Redis of
// exchange.redis_url) and the service over it. The configured sources'
// IDs are reserved: an organisation cannot take one.
func openAccounts(cfg *config.Config) (*accounts.Service, *accounts.KVStore, error) {
	var st *accounts.KVStore
	opts := accounts.Options{Argon2: argon2Params, Logger: slog.Default()}
	if sharedExchange(cfg) {
		db, err := openRedisPart(cfg, partAccounts, slog.Default())
		if err != nil {
			return nil, nil, err
		}
		if st, err = accounts.NewKVStore(db); err != nil {
			db.Close()
			return nil, nil, err
		}
		// Failed sign-ins count across the instances.
		opts.Throttle = accounts.NewRedisThrottle(db.client, redisPrefix(partAccounts)+"throttle:", slog.Default())
	} else {
		var err error
		if st, err = accounts.OpenBolt(filepath.Join(cfg.DataDir, accountsFile)); err != nil {
			return nil, nil, err
		}
	}
	var reserved []string
	for _, s := range cfg.Sources {
		reserved = append(reserved, s.ID)
	}
	opts.ReservedIDs = reserved
	svc, err := accounts.NewService(st, opts)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, st, nil
}

// newMailSender returns the configured Sender: SMTP, or .eml files in
// mail.dir (relative to the data directory); nil when mail is not
// configured.
func newMailSender(cfg *config.Config) (mail.Sender, error) {
	m := cfg.Mail
	switch {
	case m.SMTP.Host != "":
		s, err := mail.NewSMTPSender(mail.SMTPConfig{
			Host: m.SMTP.Host, Port: m.SMTP.Port, Username: m.SMTP.Username, Password: m.SMTP.Password,
			TLS: m.SMTP.TLS, From: m.From, Timeout: m.SMTP.Timeout,
		})
		if err != nil {
			return nil, fmt.Errorf("mail.smtp: %w", err)
		}
		return s, nil
	case m.Dir != "":
		dir := m.Dir
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(cfg.DataDir, dir)
		}
		return mail.FileSender{Dir: dir, From: m.From, Logger: slog.Default()}, nil
	}
	return nil, nil
}

// openOutbox opens DATA/mail.db (or the queue in the Redis of
// exchange.redis_url) over the configured sender; nil, nil when mail is
// not configured.
func openOutbox(cfg *config.Config) (*mail.Outbox, error) {
	sender, err := newMailSender(cfg)
	if err != nil || sender == nil {
		return nil, err
	}
	opts := mail.OutboxOptions{Logger: slog.Default()}
	if !sharedExchange(cfg) {
		return mail.OpenOutbox(filepath.Join(cfg.DataDir, mailFile), sender, opts)
	}
	db, err := openRedisPart(cfg, partMail, slog.Default())
	if err != nil {
		return nil, err
	}
	o, err := mail.NewOutbox(db, sender, opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	return o, nil
}

// exchange is the running exchange of a served map: accounts, the mail
// outbox and the web layer (sign-in, contribution, editors, API).
type exchange struct {
	accounts *accounts.Service
	db       *accounts.KVStore
	outbox   *mail.Outbox
	web      *web.Web
	// match ranks the published practices against needs; matchAPI serves
	// it as GET /api/match.
	match    *match.Index
	matchAPI http.Handler
}

// openExchange opens the accounts and the outbox and builds the web layer;
// setPublisher must follow once the publisher (which mounts the web layer)
// exists.
func (a *app) openExchange(ctx context.Context) (*exchange, error) {
	x := &exchange{}
	var err error
	if x.accounts, x.db, err = openAccounts(a.cfg); err != nil {
		return nil, err
	}
	if x.outbox, err = openOutbox(a.cfg); err != nil {
		x.Close()
		return nil, err
	}
	bundle, err := i18n.New()
	if err != nil {
		x.Close()
		return nil, err
	}
	places := vocab.NewPlaceMatcher(a.regions)
	if x.match, err = match.New(a.store, match.Options{IRIs: a.iris, Regions: a.regions, Places: places, Logger: a.log}); err != nil {
		x.Close()
		return nil, err
	}
	// One gate for every ranking (the API, the needs pages, the finder,
	// similar practices): under load they queue briefly, then say "busy".
	gate := admission.NewGate(runtime.GOMAXPROCS(0), 0, 0)
	if x.matchAPI, err = x.match.Handler(match.HandlerOptions{I18n: bundle, Gate: gate, Logger: a.log}); err != nil {
		x.Close()
		return nil, err
	}
	opts := web.Options{
		IRIs: a.iris, Accounts: x.accounts, Review: a.review, I18n: bundle,
		Places: places, Regions: a.regions, Match: x.match, MatchGate: gate,
		SiteTitle: a.cfg.Catalog.Title, Logger: a.log,
	}
	if x.outbox != nil {
		opts.Mail = x.outbox
	}
	for _, s := range a.cfg.Sources {
		opts.Sources = append(opts.Sources, web.Source{ID: s.ID, Name: s.Name, Hold: s.Held()})
	}
	if o := a.cfg.Accounts.OIDC; o.Enabled() {
		if opts.OIDC, err = accounts.NewOIDC(ctx, accounts.OIDCConfig{Issuer: o.Issuer, ClientID: o.ClientID,
			ClientSecret: o.ClientSecret, RedirectURL: a.cfg.PublicURL + "login/oidc/callback"}); err != nil {
			x.Close()
			return nil, fmt.Errorf("accounts.oidc: %w", err)
		}
		opts.OIDCName = o.Issuer
	}
	if x.web, err = web.New(opts); err != nil {
		x.Close()
		return nil, err
	}
	// Organisations made on the command line while the server was down are
	// named in the public data now.
	orgs, err := x.accounts.Organisations(ctx)
	if err != nil {
		x.Close()
		return nil, err
	}
	for _, o := range orgs {
		if err := a.review.SetOrganisation(ctx, review.Organisation{ID: o.ID, Name: o.Name, Website: o.Website}); err != nil {
			x.Close()
			return nil, err
		}
	}
	a.onEvent = x.web.Notify
	return x, nil
}

// run delivers mail and removes expired sessions, invitations and resets
// until ctx ends.
func (x *exchange) run(ctx context.Context, log *slog.Logger) {
	if x.outbox != nil {
		go x.outbox.Run(ctx)
	}
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			if n, err := x.accounts.Cleanup(ctx); err != nil && ctx.Err() == nil {
				log.Error("accounts cleanup", "err", err)
			} else if n > 0 {
				log.Info("accounts cleanup", "removed", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Close closes the matching index, the outbox and the accounts.
func (x *exchange) Close() error {
	var errs []error
	if x.match != nil {
		errs = append(errs, x.match.Close())
	}
	if x.outbox != nil {
		errs = append(errs, x.outbox.Close())
	}
	if x.db != nil {
		errs = append(errs, x.db.Close())
	}
	return errors.Join(errs...)
}
