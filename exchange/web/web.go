// Package web is the exchange's pages and API: signing in, sharing a
// practice (/contribute), following it (/dashboard), reviewing and
// correcting practices (/editor), each practice's history, the
// administration of accounts (/admin), and the machine API
// (/api/practices). Pages are in English, German and French.
//
// It is mounted into the publisher's engine (Mounts) and tells the
// publisher who is signed in (Session), so that the public pages link to
// what the visitor may do. Every state-changing route is protected against
// cross-site requests (Go's CrossOriginProtection, and a per-session token
// in every form); pages are never cached.
package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/mail"
	"github.com/skillsmap/skillsmap/exchange/match"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/publisher"
	"github.com/skillsmap/skillsmap/vocab"
)

// MaxFormBytes bounds a form or API body. It is larger than any valid
// practice, so that an oversized field is refused with a message naming the
// field rather than a cut connection.
const MaxFormBytes = 4 << 20

// Previewer renders a practice that is not published as its page will
// look (the publisher).
type Previewer interface {
	Preview(w http.ResponseWriter, r *http.Request, practice rdf.Term, triples []rdf.Triple, banner string)
	SiteNav() []publisher.Link
}

// Mailer queues e-mail (the mail outbox).
type Mailer interface {
	Enqueue(ctx context.Context, m mail.Message) error
}

// Source is a harvest source, as editors see it.
type Source struct {
	ID, Name string
	// Hold says its new and changed practices wait for an editor.
	Hold bool
}

// Options configure the exchange's web layer.
type Options struct {
	IRIs     vocab.IRIs
	Accounts *accounts.Service
	Review   *review.Review
	// Publisher previews practices and gives the site's navigation; it may
	// be set later with SetPublisher.
	Publisher Previewer
	I18n      *i18n.Bundle
	// Mail sends invitations, password resets and notifications; nil
	// logs what would have been sent (links included, for the operator).
	Mail Mailer
	// OIDC, when set, offers "Sign in with OIDCName" on the sign-in page
	// and when an invitation is accepted. Its redirect URL must be
	// {public URL}login/oidc/callback.
	OIDC *accounts.OIDC
	// OIDCName names the provider on the buttons ("Keycloak der Stadt");
	// "" says "single sign-on".
	OIDCName string
	// Places suggests regions for place names; Regions checks NUTS codes
	// and names them (nil without geodata).
	Places  *vocab.PlaceMatcher
	Regions *vocab.Regions
	Sources []Source
	// Match ranks the published practices against needs (the needs
	// pages, the finder, similar practices); nil: those pages say that
	// matching is unavailable.
	Match *match.Index
	// MatchGate, when set, bounds how many rankings the pages run at once
	// (share it with /api/match): a busy page says "try again".
	MatchGate *admission.Gate
	// SiteTitle is the map's name.
	SiteTitle string
	Logger    *slog.Logger
	Now       func() time.Time
}

// Web serves the exchange.
type Web struct {
	opts     Options
	base     string // public URL, ending in "/"
	basePath string // its path, ending in "/"
	secure   bool   // https: cookies are Secure
	// sessionName is the session cookie's name: __Host- prefixed when
	// the browser can enforce what the prefix promises (https, Path=/).
	sessionName string
	pages       *template.Template
	mux         *http.ServeMux
	handler     http.Handler
	// registered lists the routes, for Mounts.
	registered []route
	log        *slog.Logger
}

// New builds the web layer.
func New(opts Options) (*Web, error) {
	if opts.Accounts == nil || opts.Review == nil || opts.I18n == nil || opts.IRIs.Base() == "" {
		return nil, errors.New("web: Options.IRIs, Accounts, Review and I18n are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Places == nil {
		opts.Places = vocab.NewPlaceMatcher(opts.Regions)
	}
	u, err := url.Parse(opts.IRIs.Base())
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	w := &Web{opts: opts, base: opts.IRIs.Base(), basePath: u.EscapedPath(), secure: u.Scheme == "https", log: opts.Logger}
	if !strings.HasSuffix(w.basePath, "/") {
		w.basePath += "/"
	}
	w.sessionName = sessionCookie
	if w.secure && w.basePath == "/" {
		w.sessionName = hostSessionCookie
	}
	if w.pages, err = parseTemplates(w); err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	w.mux = http.NewServeMux()
	w.routes()
	w.handler = w.middleware(w.mux)
	return w, nil
}

// route is one registered route: its method and path for the mux, and
// the gin path pattern the publisher mounts it at.
type route struct {
	method, ginPath string
}

// handle registers h for method and a path ("/editor/practice/{id}"); the
// path's {name} wildcards become gin's :name for Mounts.
func (w *Web) handle(method, path string, h http.HandlerFunc) {
	w.mux.HandleFunc(method+" "+path, h)
	gin := path
	for {
		i := strings.Index(gin, "{")
		if i < 0 {
			break
		}
		j := strings.Index(gin[i:], "}")
		gin = gin[:i] + ":" + gin[i+1:i+j] + gin[i+j+1:]
	}
	w.registered = append(w.registered, route{method: method, ginPath: gin})
}

// routes registers every page and API route, area by area.
func (w *Web) routes() {
	w.routesContribute()
	for _, area := range extraAreas {
		area(w)
	}
}

// extraAreas are the route registrations of the other areas' files.
var extraAreas []func(*Web)

// SetPublisher sets the publisher that previews practices and gives the
// site's navigation, when it is built after the web layer (it mounts the
// web layer's routes). Call it before serving.
func (w *Web) SetPublisher(p Previewer) { w.opts.Publisher = p }

// Mounts returns the routes for the publisher's engine.
func (w *Web) Mounts() []publisher.Mount {
	methods := map[string][]string{}
	var order []string
	for _, rt := range w.registered {
		if _, ok := methods[rt.ginPath]; !ok {
			order = append(order, rt.ginPath)
		}
		methods[rt.ginPath] = append(methods[rt.ginPath], rt.method)
		if rt.method == http.MethodGet {
			methods[rt.ginPath] = append(methods[rt.ginPath], http.MethodHead)
		}
	}
	var out []publisher.Mount
	for _, p := range order {
		out = append(out, publisher.Mount{Path: p, Methods: methods[p], Handler: w.handler})
	}
	return out
}

// ServeHTTP serves the exchange's routes (for tests and other engines;
// the publisher uses Mounts).
func (w *Web) ServeHTTP(rw http.ResponseWriter, r *http.Request) { w.handler.ServeHTTP(rw, r) }

// href is a path under the public URL.
func (w *Web) href(path string) string { return w.basePath + strings.TrimPrefix(path, "/") }

// link is the absolute URL of a path, for e-mails.
func (w *Web) link(path string) string { return w.base + strings.TrimPrefix(path, "/") }

func (w *Web) now() time.Time { return w.opts.Now() }
