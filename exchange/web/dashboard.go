package web

import (
	"net/http"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/review"
)

// dashboardRow is one practice of an organisation's dashboard.
type dashboardRow struct {
	ID, Title string
	// States are the labels of where the practice stands: published, a
	// change waiting, sent back, …
	States []stateLabel
	Reason string
	// Public is the practice's page when it is on the map.
	Public  string
	Updated time.Time
}

// stateLabel is a state with its CSS class.
type stateLabel struct {
	Class, Label string
}

// dashboardView is the body of the dashboard.
type dashboardView struct {
	Organisation string
	Practices    []dashboardRow
	// Editor links each practice to the editor's page.
	Editor bool
}

// dashboard shows the practices of the visitor's organisation and where
// each stands.
func (w *Web) dashboard(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	entries, err := w.opts.Review.ByOrganisation(ctx, v.User.OrgID)
	if err != nil {
		w.reviewError(rw, r, err)
		return
	}
	dv := &dashboardView{Organisation: v.Org.Name, Editor: v.is(accounts.RoleEditor)}
	for _, e := range entries {
		if e.Origin.Org != v.User.OrgID {
			continue
		}
		row := dashboardRow{ID: e.ID, Title: e.Title, Updated: e.Updated}
		if e.Public() {
			row.Public = e.IRI
		}
		row.States = w.states(v, e)
		if e.State == review.StateRejected || e.State == review.StateChangesRequested {
			if d, err := w.opts.Review.Detail(ctx, e.ID); err == nil {
				if ver, ok := d.Version(e.Latest); ok {
					row.Reason = ver.Reason
				}
			}
		}
		dv.Practices = append(dv.Practices, row)
	}
	p := w.newPage(r, v.Loc.T("contribute.dashboard.title", map[string]any{"Organisation": v.Org.Name}), dv)
	w.render(rw, r, http.StatusOK, "dashboard", p)
}

// states says where a practice stands, in words.
func (w *Web) states(v *visitor, e *review.Entry) []stateLabel {
	t := func(id string) string { return v.Loc.T("contribute.state."+id, nil) }
	var out []stateLabel
	switch {
	case e.MergedInto != "":
		out = append(out, stateLabel{"merged", t("merged")})
	case e.Withdrawn || e.SourceWithdrawn:
		out = append(out, stateLabel{"withdrawn", t("withdrawn")})
	case e.Public():
		out = append(out, stateLabel{"published", t("published")})
	}
	if e.GoodPractice && e.Public() {
		out = append(out, stateLabel{"good", t("good_practice")})
	}
	switch {
	case e.Pending > 0:
		out = append(out, stateLabel{"submitted", t("submitted")})
	case e.Draft > 0:
		out = append(out, stateLabel{"draft", t("draft")})
	case e.State == review.StateChangesRequested:
		out = append(out, stateLabel{"changes", t("changes_requested")})
	case e.State == review.StateRejected:
		out = append(out, stateLabel{"rejected", t("rejected")})
	}
	return out
}
