package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/review"
)

func init() { extraAreas = append(extraAreas, (*Web).routesEditor) }

// routesEditor registers the editors' pages (the queue, a practice with
// its acts) and each practice's history page.
func (w *Web) routesEditor() {
	w.handle("GET", "/editor", w.role(accounts.RoleEditor, w.queuePage))
	w.handle("GET", "/editor/practice/{id}", w.role(accounts.RoleEditor, w.practicePage))
	w.handle("POST", "/editor/practice/{id}/{act}", w.role(accounts.RoleEditor, w.practiceAct))
	w.handle("GET", "/practice/{id}/history", w.signedIn(w.historyPage))
}

// queuePageSize is how many waiting practices a page of the queue lists.
const queuePageSize = 50

// Kinds of queue items, as review names them.
var queueKinds = []string{"new", "change", "conflict"}

// queueRow is one waiting practice.
type queueRow struct {
	ID, Title, Href string
	Kind, KindLabel string
	// Origin names the organisation or the harvest source.
	Origin    string
	Harvested bool
	Seq       int
	Since     time.Time
}

// queueView is the body of the queue page.
type queueView struct {
	Rows []queueRow
	// Total is how many practices wait in all; Filtered says a filter is
	// set.
	Total    int
	Filtered bool
	Kinds    []choice
	Sources  []choice
	Orgs     []choice
	// Next is the link to the next page, First to the first when on a
	// later one.
	Next, First string
}

// practiceHref is the editor's page of a practice.
func (w *Web) practiceHref(id string) string { return w.href("/editor/practice/" + url.PathEscape(id)) }

// historyHref is the history page of a practice.
func (w *Web) historyHref(id string) string {
	return w.href("/practice/" + url.PathEscape(id) + "/history")
}

// queuePage lists what waits for the editors, newest first, a page at a
// time: only the page's items are read and shown, so the page stays fast
// with a long queue.
func (w *Web) queuePage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	q := r.URL.Query()
	opts := review.QueueOptions{Limit: queuePageSize, After: q.Get("after"), Kind: q.Get("kind"), Source: q.Get("source"), Org: q.Get("org")}
	if opts.Kind != "" && !slices.Contains(queueKinds, opts.Kind) {
		opts.Kind = ""
	}
	page, err := w.opts.Review.Queue(ctx, opts)
	if errors.Is(err, review.ErrCursor) {
		w.fail(rw, r, http.StatusBadRequest, v.Loc.T("editor.error.cursor", nil))
		return
	}
	if err != nil {
		w.reviewError(rw, r, err)
		return
	}
	l := w.labeller(ctx, v)
	qv := &queueView{Total: page.Total, Filtered: opts.Kind != "" || opts.Source != "" || opts.Org != ""}
	for _, k := range queueKinds {
		qv.Kinds = append(qv.Kinds, choice{ID: k, Label: v.Loc.T("editor.kind."+k, nil), Checked: k == opts.Kind})
	}
	// The filters offer the configured sources and those review holds
	// practices of, and every organisation.
	sources := map[string]bool{}
	for _, s := range w.opts.Sources {
		sources[s.ID] = true
	}
	for _, s := range w.opts.Review.Sources(ctx) {
		sources[s] = true
	}
	for s := range sources {
		qv.Sources = append(qv.Sources, choice{ID: s, Label: w.sourceName(s), Checked: s == opts.Source})
	}
	slices.SortFunc(qv.Sources, func(a, b choice) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) })
	orgs, err := w.opts.Accounts.Organisations(ctx)
	if err != nil {
		w.log.Error("exchange: list organisations", "err", err)
	}
	for _, o := range orgs {
		l.orgs[o.ID] = o.Name
		qv.Orgs = append(qv.Orgs, choice{ID: o.ID, Label: o.Name, Checked: o.ID == opts.Org})
	}
	slices.SortFunc(qv.Orgs, func(a, b choice) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) })

	for _, it := range page.Items {
		row := queueRow{ID: it.ID, Title: it.Title, Href: w.practiceHref(it.ID), Kind: it.Kind,
			KindLabel: v.Loc.T("editor.kind."+it.Kind, nil), Harvested: it.Origin.Harvested(), Seq: it.Seq, Since: it.Since}
		if row.Title == "" {
			row.Title = it.ID
		}
		if row.Harvested {
			row.Origin = w.sourceName(it.Origin.Source)
		} else {
			row.Origin = l.orgName(it.Origin.Org)
		}
		qv.Rows = append(qv.Rows, row)
	}
	filters := url.Values{}
	for k, val := range map[string]string{"kind": opts.Kind, "source": opts.Source, "org": opts.Org} {
		if val != "" {
			filters.Set(k, val)
		}
	}
	if page.Next != "" {
		next := url.Values{}
		for k, vs := range filters {
			next[k] = vs
		}
		next.Set("after", page.Next)
		qv.Next = w.href("/editor") + "?" + next.Encode()
	}
	if opts.After != "" {
		qv.First = w.href("/editor")
		if len(filters) > 0 {
			qv.First += "?" + filters.Encode()
		}
	}
	w.render(rw, r, http.StatusOK, "editor", w.newPage(r, v.Loc.T("editor.queue.title", nil), qv))
}
