package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// historyView is the body of a practice's history page.
type historyView struct {
	ID, Title string
	// Editor says the visitor is an editor: names, the editor's page and
	// revert buttons.
	Editor                 bool
	EditorHref, PublicHref string
	// Revert is the address of the revert act.
	Revert     string
	Versions   []versionRow
	Activities []activityRow
}

// versionRow is one version with its diff to the version before.
type versionRow struct {
	Seq                          int
	State, StateLabel            string
	Author, Reviewer, Reason     string
	Created, Submitted, Reviewed time.Time
	BasedOn                      int
	// Harvested says a harvest brought the version (it was never
	// submitted by a person).
	Harvested bool
	// Current marks the published version.
	Current bool
	// Hidden says the version is a draft its organisation is still
	// writing: editors see that it exists, not what it says.
	Hidden    bool
	Changes   []changeRow
	CanRevert bool
}

// activityRow is one act on the practice.
type activityRow struct {
	At        time.Time
	Kind      string
	Label     string
	Actor     string
	Version   int
	Fields    []string
	Detail    string
	Other     string
	OtherHref string
	Public    bool
}

// historyPage shows every version of a practice and every act on it, to
// editors and to the members of the practice's organisation. Others are
// told there is no such page.
func (w *Web) historyPage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	d, err := w.opts.Review.Detail(ctx, r.PathValue("id"))
	editor := v.is(accounts.RoleEditor)
	if err != nil || !editor && (d.Entry.Origin.Org == "" || d.Entry.Origin.Org != v.User.OrgID) {
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	}
	e := d.Entry
	l := w.labeller(ctx, v)
	hv := &historyView{ID: e.ID, Title: e.Title, Editor: editor}
	if hv.Title == "" {
		hv.Title = e.ID
	}
	if editor {
		hv.EditorHref = w.practiceHref(e.ID)
		hv.Revert = w.practiceHref(e.ID) + "/revert"
	}
	if e.Public() {
		hv.PublicHref = e.IRI
	}
	var prev record.Practice
	for _, ver := range d.Versions {
		row := versionRow{Seq: ver.Seq, State: string(ver.State), StateLabel: w.stateLabel(v, ver.State),
			Author: l.person(ver.Author, e), Created: ver.Created, Submitted: ver.Submitted, Reviewed: ver.Reviewed,
			Reason: ver.Reason, BasedOn: ver.BasedOn, Current: ver.Seq == e.Published, Harvested: ver.Author.Role == review.RoleSystem}
		if !ver.Reviewed.IsZero() {
			row.Reviewer = l.person(ver.Reviewer, e)
		}
		row.Hidden = editor && ver.State == review.StateDraft && e.Origin.Org != v.User.OrgID
		if !row.Hidden {
			rec, _ := d.Record(ver.Seq)
			row.Changes = l.changes(prev, rec, record.Diff(prev, rec))
			prev = rec
		}
		row.CanRevert = editor && ver.State == review.StateApproved && ver.Seq != e.Published
		hv.Versions = append(hv.Versions, row)
	}
	for _, a := range d.Activities {
		row := activityRow{At: a.At, Kind: string(a.Kind), Label: v.Loc.T("editor.activity."+underscore(string(a.Kind)), nil),
			Actor: l.person(a.Actor, e), Version: a.Version, Public: a.Public}
		for _, f := range a.Fields {
			row.Fields = append(row.Fields, l.fieldLabel(f))
		}
		row.Detail = w.activityDetail(v, a)
		if a.Other != "" {
			row.Other, row.OtherHref = a.Other, a.Other
			if id, ok := w.opts.IRIs.ParsePractice(rdf.IRI(a.Other)); ok {
				row.Other = id
				if editor {
					row.OtherHref = w.practiceHref(id)
				}
			}
		}
		hv.Activities = append(hv.Activities, row)
	}
	p := w.newPage(r, v.Loc.T("editor.history.title", map[string]any{"Title": hv.Title}), hv)
	w.render(rw, r, http.StatusOK, "history", p)
}

// underscore turns a state or kind ("changes-requested") into a message
// id part ("changes_requested").
func underscore(s string) string { return strings.ReplaceAll(s, "-", "_") }

// stateLabel names the state of a version.
func (w *Web) stateLabel(v *visitor, s review.State) string {
	return v.Loc.T("editor.state."+underscore(string(s)), nil)
}

// activityDetail says in words what review records as the reason of an
// act that has no person's reason: which version a revert went back to,
// how a conflict was settled, which side of a merge this practice was.
func (w *Web) activityDetail(v *visitor, a review.Activity) string {
	switch a.Kind {
	case review.KindReverted:
		var n int
		if _, err := fmt.Sscanf(a.Reason, "version %d", &n); err == nil {
			return v.Loc.T("editor.history.reverted_to", map[string]any{"Seq": n})
		}
	case review.KindConflictResolved:
		switch a.Reason {
		case "kept the correction":
			return v.Loc.T("editor.history.kept", nil)
		case "took the source's value":
			return v.Loc.T("editor.history.took", nil)
		}
	case review.KindMerged:
		if a.Reason == "kept" {
			return v.Loc.T("editor.history.merged_here", nil)
		}
		return v.Loc.T("editor.history.merged_into", nil)
	case review.KindUnmerged:
		return v.Loc.T("editor.history.unmerged_from", nil)
	}
	return a.Reason
}
