package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// practiceView is the body of an editor's page of a practice.
type practiceView struct {
	ID, IRI, Title string
	// Origin names the organisation or the harvest source.
	Origin    string
	Harvested bool
	States    []stateLabel
	// PublicHref is the public page when the practice is on the map.
	PublicHref, HistoryHref string
	// Act is the start of the acts' addresses: Act + "approve".
	Act string
	// MergedInto is the practice this one was merged into.
	MergedInto, MergedHref string
	Withdrawn              bool
	WithdrawnReason        string
	WithdrawnAt            time.Time
	SourceWithdrawn        bool
	Good, Public           bool
	Published              int

	Pending      *pendingView
	PublicFields []fieldRow
	Corrections  []correctionRow
	// Correct is the form that corrects the public record.
	Correct *formView
	// Reverts are the earlier published versions, newest first.
	Reverts []revertRow
	// Errors are the problems of the small forms by act ("reject",
	// "merge", …); Typed what was typed into them.
	Errors map[string]string
	Typed  map[string]string
}

// pendingView is the version waiting for a decision.
type pendingView struct {
	Seq       int
	Kind      string // new, change
	Author    string
	Submitted time.Time
	Changes   []changeRow
	// Fields are what a new practice says (it has nothing to differ from).
	Fields []fieldRow
	// Form edits the version before approving it.
	Form *formView
	// AskChanges is offered for contributions: a partner site cannot be
	// asked.
	AskChanges bool
}

// correctionRow is a field an editor corrected.
type correctionRow struct {
	Field, Label   string
	Editor, Source []shownValue
	By             string
	At             time.Time
	// Conflict says the source changed the field after the correction
	// (Source then has the source's new values).
	Conflict bool
	Since    time.Time
}

// revertRow is a published version an editor can go back to.
type revertRow struct {
	Seq      int
	Reviewed time.Time
	Title    string
}

// actState is what a failed act shows again: the form that was sent
// with its problems.
type actState struct {
	act     string
	rec     *record.Practice // the approve or correct form as sent
	err     error            // its problems (record.Errors)
	message string           // the problem of a small form
	typed   map[string]string
}

// practicePage shows an editor everything about one practice and the
// forms of every act.
func (w *Web) practicePage(rw http.ResponseWriter, r *http.Request) {
	d, err := w.opts.Review.Detail(r.Context(), r.PathValue("id"))
	if err != nil {
		w.reviewError(rw, r, err)
		return
	}
	w.renderPractice(rw, r, http.StatusOK, d, nil)
}

// appliedRecord returns version seq with the editors' corrections
// applied, as the public would see it once approved.
func (w *Web) appliedRecord(d *review.Detail, seq int) (record.Practice, bool) {
	rec, ok := d.Record(seq)
	if !ok {
		return rec, false
	}
	e := d.Entry
	for f, c := range e.Corrections {
		fix := record.FromTriples(w.opts.IRIs, e.Subject(), c.Triples)
		fix.Normalize()
		rec.CopyFields(fix, f)
	}
	return rec, true
}

func (w *Web) renderPractice(rw http.ResponseWriter, r *http.Request, status int, d *review.Detail, st *actState) {
	v := visitorOf(r)
	l := w.labeller(r.Context(), v)
	e := d.Entry
	pv := &practiceView{ID: e.ID, IRI: e.IRI, Title: e.Title, Harvested: e.Origin.Harvested(), States: w.states(v, e),
		HistoryHref: w.historyHref(e.ID), Act: w.practiceHref(e.ID) + "/", Withdrawn: e.Withdrawn,
		WithdrawnReason: e.WithdrawnReason, WithdrawnAt: e.WithdrawnAt, SourceWithdrawn: e.SourceWithdrawn,
		Good: e.GoodPractice, Public: e.Public(), Published: e.Published, Errors: map[string]string{}, Typed: map[string]string{}}
	if pv.Title == "" {
		pv.Title = e.ID
	}
	if pv.Harvested {
		pv.Origin = w.sourceName(e.Origin.Source)
	} else {
		pv.Origin = l.orgName(e.Origin.Org)
	}
	if pv.Public {
		pv.PublicHref = e.IRI
	}
	if e.MergedInto != "" {
		pv.MergedInto = e.MergedInto
		pv.MergedHref = e.MergedInto
		if id, ok := w.opts.IRIs.ParsePractice(rdf.IRI(e.MergedInto)); ok {
			pv.MergedInto, pv.MergedHref = id, w.practiceHref(id)
		}
	}
	formFor := func(act, prefix string, rec record.Practice) *formView {
		fv := &formView{ID: e.ID, IDPrefix: prefix, Action: pv.Act + act}
		var err error
		if st != nil && st.act == act && st.rec != nil {
			rec, err = *st.rec, st.err
		}
		w.fillForm(v, rec, fv, err)
		return fv
	}
	published, _ := d.Record(e.Published)
	if e.Pending > 0 {
		if ver, ok := d.Version(e.Pending); ok {
			next, _ := d.Record(e.Pending)
			pend := &pendingView{Seq: ver.Seq, Kind: "new", Author: l.person(ver.Author, e), Submitted: ver.Submitted,
				Changes: l.changes(published, next, d.Changes(ver.Seq)), AskChanges: !pv.Harvested}
			if e.Published > 0 {
				pend.Kind = "change"
			} else {
				pend.Fields = l.fields(next)
			}
			shown, _ := w.appliedRecord(d, ver.Seq)
			pend.Form = formFor("approve", "a-", shown)
			pv.Pending = pend
		}
	}
	if pub, ok := d.Public(); ok {
		pv.PublicFields = l.fields(pub)
		pv.Correct = formFor("correct", "c-", pub)
	}
	pv.Corrections = w.correctionRows(d, l)
	for i := len(d.Versions) - 1; i >= 0; i-- {
		ver := d.Versions[i]
		if ver.State == review.StateApproved && ver.Seq != e.Published {
			rec, _ := d.Record(ver.Seq)
			pv.Reverts = append(pv.Reverts, revertRow{Seq: ver.Seq, Reviewed: ver.Reviewed, Title: rec.DisplayTitle(v.Lang)})
		}
	}
	var formErrors bool
	if st != nil {
		if st.message != "" {
			pv.Errors[st.act] = st.message
		}
		for k, val := range st.typed {
			pv.Typed[k] = val
		}
		formErrors = st.err != nil
	}
	p := w.newPage(r, v.Loc.T("editor.practice.title", map[string]any{"Title": pv.Title}), pv)
	switch {
	case formErrors:
		p.Error = v.Loc.T("contribute.has_errors", nil)
	case st != nil && st.message != "":
		p.Error = st.message
	}
	w.render(rw, r, status, "editor-practice", p)
}

// correctionRows shows the corrections and conflicts of a practice, in
// the order of the fields.
func (w *Web) correctionRows(d *review.Detail, l *labeller) []correctionRow {
	e := d.Entry
	var out []correctionRow
	label := func(canon []string, shown []shownValue) []shownValue {
		var vs []shownValue
		for _, c := range canon {
			i := slices.IndexFunc(shown, func(s shownValue) bool { return s.Canon == c })
			if i >= 0 {
				vs = append(vs, shown[i])
			} else {
				vs = append(vs, shownValue{Canon: c, Text: c})
			}
		}
		return vs
	}
	recordOf := func(ts review.Triples) record.Practice {
		p := record.FromTriples(w.opts.IRIs, e.Subject(), ts)
		p.Normalize()
		return p
	}
	for _, f := range record.Fields() {
		c, corrected := e.Corrections[f]
		conflict, conflicted := e.Conflicts[f]
		if !corrected && !conflicted {
			continue
		}
		row := correctionRow{Field: string(f), Label: l.fieldLabel(f), Conflict: conflicted}
		if conflicted {
			row.Since = conflict.Since
			row.Source = l.values(recordOf(conflict.Source), f)
		}
		if corrected {
			mine, theirs := d.CorrectionValues(f)
			row.Editor = label(mine, l.values(recordOf(c.Triples), f))
			if !conflicted {
				row.Source = label(theirs, l.values(recordOf(c.Base), f))
			}
			row.By, row.At = l.person(c.By, e), c.At
		}
		out = append(out, row)
	}
	return out
}

// practiceAct does an editor's act on a practice (POST
// /editor/practice/{id}/{act}) and goes back to the page it came from
// with a notice.
func (w *Web) practiceAct(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	rv := w.opts.Review
	act := r.PathValue("act")
	d, err := rv.Detail(ctx, r.PathValue("id"))
	if err != nil {
		w.reviewError(rw, r, err)
		return
	}
	id := d.Entry.ID
	actor := v.actor()
	back := "/editor/practice/" + url.PathEscape(id)
	form := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	seq := func() (int, bool) {
		n, err := strconv.Atoi(form("seq"))
		if err != nil || n <= 0 {
			w.fail(rw, r, http.StatusBadRequest, v.Loc.T("editor.error.version", nil))
			return 0, false
		}
		return n, true
	}
	// again shows the page once more with the problem of a small form.
	again := func(message string, typed ...string) {
		st := &actState{act: act, message: message, typed: map[string]string{}}
		for _, name := range typed {
			st.typed[act+"."+name] = r.PostFormValue(name)
		}
		w.renderPractice(rw, r, http.StatusUnprocessableEntity, d, st)
	}
	reason := func() (string, bool) {
		s := form("reason")
		if s == "" {
			again(v.Loc.T("editor.error.reason", nil))
			return "", false
		}
		if len([]rune(s)) > review.MaxReason {
			again(v.Loc.T("editor.error.reason_long", map[string]any{"Max": review.MaxReason}), "reason")
			return "", false
		}
		return s, true
	}
	var notice string
	switch act {
	case "approve":
		w.approve(rw, r, d)
		return
	case "correct":
		w.correct(rw, r, d)
		return
	case "reject", "changes":
		n, ok := seq()
		if !ok {
			return
		}
		why, ok := reason()
		if !ok {
			return
		}
		if act == "reject" {
			err, notice = rv.Reject(ctx, actor, id, n, why), "rejected"
		} else {
			err, notice = rv.RequestChanges(ctx, actor, id, n, why), "changes_requested"
		}
		back = "/editor"
	case "merge":
		into := form("into")
		if into == "" {
			again(v.Loc.T("editor.error.merge_into", nil))
			return
		}
		err, notice = rv.Merge(ctx, actor, id, into), "merged"
		switch {
		case errors.Is(err, review.ErrNotFound):
			again(v.Loc.T("editor.error.merge_unknown", map[string]any{"Practice": into}), "into")
			return
		case errors.Is(err, review.ErrSameEntity):
			again(v.Loc.T("editor.error.merge_self", nil), "into")
			return
		case errors.Is(err, review.ErrNotPublic):
			again(v.Loc.T("editor.error.merge_not_public", nil), "into")
			return
		}
	case "unmerge":
		err, notice = rv.Unmerge(ctx, actor, id), "unmerged"
	case "good":
		err, notice = rv.SetGoodPractice(ctx, actor, id, true), "good"
	case "ungood":
		err, notice = rv.SetGoodPractice(ctx, actor, id, false), "ungood"
	case "withdraw":
		why, ok := reason()
		if !ok {
			return
		}
		err, notice = rv.Withdraw(ctx, actor, id, why), "withdrawn"
	case "republish":
		err, notice = rv.Republish(ctx, actor, id), "republished"
	case "revert":
		n, ok := seq()
		if !ok {
			return
		}
		err, notice = rv.Revert(ctx, actor, id, n), "reverted"
		if form("from") == "history" {
			back = "/practice/" + url.PathEscape(id) + "/history"
		}
	case "conflict":
		f, ok := record.ParseField(form("field"))
		choice := form("choice")
		if !ok || choice != "keep" && choice != "take" {
			w.fail(rw, r, http.StatusBadRequest, v.Loc.T("editor.error.conflict", nil))
			return
		}
		err, notice = rv.ResolveConflict(ctx, actor, id, f, choice == "keep"), "conflict_"+choice
	default:
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	}
	if err != nil {
		w.reviewError(rw, r, err)
		return
	}
	w.redirect(rw, r, back, notice)
}

// editedFields reads an editor's form of the practice fields that was
// filled with shown, and returns the fields the editor changed and the
// record as sent. Only changed fields count: a record does not always
// come back from a form exactly as it went in.
func (w *Web) editedFields(r *http.Request, shown record.Practice) ([]record.Field, record.Practice, error) {
	v := visitorOf(r)
	fv := &formView{}
	w.fillForm(v, shown, fv, nil)
	untouched, _ := w.readValues(formValues(fv), v.Lang, shown)
	posted, err := w.readForm(r, shown)
	// A region chosen by hand keeps no point of the place's old region
	// (the contribution form's script does the same).
	for i := range posted.Places {
		if i < len(untouched.Places) {
			p, u := &posted.Places[i], untouched.Places[i]
			if p.Name == u.Name && p.Region != u.Region && p.Lat != nil && u.Lat != nil && *p.Lat == *u.Lat {
				p.Lat, p.Lon = nil, nil
			}
		}
	}
	record.CompletePlaces(&untouched, w.opts.Places)
	record.CompletePlaces(&posted, w.opts.Places)
	var changed []record.Field
	for _, c := range record.Diff(untouched, posted) {
		if c.Field != record.FieldOther && c.Field != record.FieldLanguage {
			changed = append(changed, c.Field)
		}
	}
	return changed, posted, err
}

// approve publishes the waiting version, with the editor's changes.
func (w *Web) approve(rw http.ResponseWriter, r *http.Request, d *review.Detail) {
	v := visitorOf(r)
	e := d.Entry
	seq, err := strconv.Atoi(r.PostFormValue("seq"))
	if err != nil || seq != e.Pending || e.Pending == 0 {
		w.fail(rw, r, http.StatusConflict, v.Loc.T("editor.error.not_waiting", nil))
		return
	}
	raw, _ := d.Record(seq)
	shown, _ := w.appliedRecord(d, seq)
	changed, posted, err := w.editedFields(r, shown)
	if err != nil {
		w.renderPractice(rw, r, http.StatusUnprocessableEntity, d, &actState{act: "approve", rec: &posted, err: err})
		return
	}
	var edited *record.Practice
	if len(changed) > 0 {
		ed := raw.Clone()
		ed.CopyFields(posted, changed...)
		edited = &ed
	}
	if err := w.opts.Review.Approve(r.Context(), v.actor(), e.ID, seq, edited); err != nil {
		if _, ok := record.AsErrors(err); ok {
			w.renderPractice(rw, r, http.StatusUnprocessableEntity, d, &actState{act: "approve", rec: &posted, err: err})
			return
		}
		w.reviewError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/editor", "approved")
}

// correct sets the fields the editor changed in the public record.
func (w *Web) correct(rw http.ResponseWriter, r *http.Request, d *review.Detail) {
	v := visitorOf(r)
	e := d.Entry
	back := "/editor/practice/" + url.PathEscape(e.ID)
	pub, ok := d.Public()
	if !ok {
		w.fail(rw, r, http.StatusConflict, v.Loc.T("editor.error.not_published", nil))
		return
	}
	changed, posted, err := w.editedFields(r, pub)
	if err != nil {
		w.renderPractice(rw, r, http.StatusUnprocessableEntity, d, &actState{act: "correct", rec: &posted, err: err})
		return
	}
	if len(changed) == 0 {
		w.redirect(rw, r, back, "unchanged")
		return
	}
	if err := w.opts.Review.Correct(r.Context(), v.actor(), e.ID, posted, changed); err != nil {
		if _, ok := record.AsErrors(err); ok {
			w.renderPractice(rw, r, http.StatusUnprocessableEntity, d, &actState{act: "correct", rec: &posted, err: err})
			return
		}
		w.reviewError(rw, r, err)
		return
	}
	w.redirect(rw, r, back, "corrected")
}
