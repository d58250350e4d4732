package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/match"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/publisher"
	"github.com/skillsmap/skillsmap/vocab"
)

func init() { extraAreas = append(extraAreas, (*Web).routesNeeds) }

// routesNeeds registers the pages where organisations state what they
// need and find the practices that fit it.
func (w *Web) routesNeeds() {
	w.handle("GET", "/find", w.findPage)
	w.handle("GET", "/needs", w.signedIn(w.needsPage))
	w.handle("GET", "/needs/new", w.signedIn(w.needForm))
	w.handle("POST", "/needs/new", w.signedIn(w.saveNeed))
	w.handle("GET", "/needs/{id}", w.signedIn(w.needPage))
	w.handle("GET", "/needs/{id}/edit", w.signedIn(w.needForm))
	w.handle("POST", "/needs/{id}/edit", w.signedIn(w.saveNeed))
	w.handle("POST", "/needs/{id}/delete", w.signedIn(w.deleteNeed))
	w.handle("GET", "/needs/{id}/offer", w.signedIn(w.offerPage))
	w.handle("POST", "/needs/{id}/offer", w.signedIn(w.offer))
}

// Bounds of the matching the pages ask for.
const (
	// needMatches is how many practices a need's page and the finder list.
	needMatches = 10
	// matchTimeout bounds one ranking, the wait for the first index
	// included: a page shows "try again" rather than hang.
	matchTimeout = 5 * time.Second
)

// matchRow is one practice that fits a need.
type matchRow struct {
	Title, Href string
	// Adapt is the "We want to adapt this" link ("" for the visitor's
	// own practices and for anonymous visitors of the finder).
	Adapt string
	// Score is the score in percent.
	Score   int
	Reasons []string
}

// matchesView is a ranking as pages show it.
type matchesView struct {
	Rows []matchRow
	// Understood lists what the vocabulary found in the need's text.
	Understood []string
	// Problem says why there is no ranking (a need the matching refuses,
	// the index still being built).
	Problem string
	// Ran says the ranking ran (an empty Rows then means nothing fits).
	Ran bool
}

// needFromRecord is the need of a stored record, as the ranking takes
// it: its title and description are the text. Places the gazetteer did
// not recognise are left to the text, so that a stored need always
// ranks.
func needFromRecord(rec record.Practice) match.Need {
	lang := rec.Language
	text := strings.TrimSpace(rec.Title[lang] + "\n" + rec.Description[lang])
	n := match.Need{Text: cutRunes(text, match.MaxTextLength), Language: lang, TargetGroups: rec.TargetGroups,
		Skills: rec.Skills, Types: rec.Types, DeliveryModes: rec.DeliveryModes, MaterialLanguages: rec.MaterialLanguages}
	for _, pl := range rec.Places {
		if pl.Region != "" || pl.Country != "" || pl.Lat != nil && pl.Lon != nil {
			n.Places = append(n.Places, pl)
		}
	}
	return n
}

// cutRunes cuts s to at most n characters.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// rank ranks the practices against need for a visitor; needID, when set,
// is passed on to the adapt links.
func (w *Web) rank(ctx context.Context, v *visitor, need match.Need, needID string) matchesView {
	var mv matchesView
	if w.opts.Match == nil {
		mv.Problem = v.Loc.T("need.match.unavailable", nil)
		return mv
	}
	ctx, cancel := context.WithTimeout(ctx, matchTimeout)
	defer cancel()
	if g := w.opts.MatchGate; g != nil {
		release, err := g.Acquire(ctx)
		if err != nil {
			mv.Problem = v.Loc.T("need.match.busy", nil)
			return mv
		}
		defer release()
	}
	if in, err := w.opts.Match.Interpret(need); err == nil {
		mv.Understood = w.understood(v, in.FromText)
	}
	results, err := w.opts.Match.Match(ctx, need, needMatches)
	var ne *match.NeedError
	switch {
	case errors.As(err, &ne):
		mv.Problem = ne.Message
		return mv
	case err != nil:
		w.log.Warn("exchange: matching", "err", err)
		mv.Problem = v.Loc.T("need.match.busy", nil)
		return mv
	}
	mv.Ran = true
	for _, res := range results {
		row := matchRow{Title: pickTitle(res, v.Lang), Href: res.Practice, Score: int(res.Score*100 + 0.5),
			Reasons: match.Texts(v.Loc, res.Reasons)}
		if e, ok := w.opts.Review.Lookup(ctx, res.Practice); ok && v.signedIn() {
			if href, ok := w.adaptLink(v, rdf.IRI(res.Practice), e); ok {
				if needID != "" {
					href += "?need=" + urlQueryEscape(needID)
				}
				row.Adapt = href
			}
		}
		mv.Rows = append(mv.Rows, row)
	}
	return mv
}

// pickTitle is a result's title in the reader's language if it has one.
func pickTitle(res match.Result, lang string) string {
	if t := res.Titles[lang]; t != "" {
		return t
	}
	return res.Title
}

// understood names, in the visitor's language, what the ranking found in
// a need's text.
func (w *Web) understood(v *visitor, f match.Found) []string {
	var out []string
	for _, s := range f.Skills {
		out = append(out, "DigComp "+conceptLabel(vocab.DigComp, s, v.Lang))
	}
	for _, c := range f.TargetGroups {
		out = append(out, conceptLabel(vocab.TargetGroups, c, v.Lang))
	}
	for _, c := range f.Types {
		out = append(out, conceptLabel(vocab.PracticeTypes, c, v.Lang))
	}
	for _, c := range f.DeliveryModes {
		out = append(out, conceptLabel(vocab.DeliveryModes, c, v.Lang))
	}
	for _, pl := range f.Places {
		out = append(out, w.labeller(context.Background(), v).placeText(pl))
	}
	return out
}

// findView is the body of the finder.
type findView struct {
	Q, Place, Lang string
	Languages      []choice
	Matches        matchesView
	// Asked says a need was given (else the page shows only the form).
	Asked bool
	// SaveHref states the same need as an organisation's need.
	SaveHref string
}

// findPage is the finder: anyone describes a need in a few words and a
// place, and sees the practices that fit and why.
func (w *Web) findPage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	q := r.URL.Query()
	fv := &findView{Q: strings.TrimSpace(q.Get("q")), Place: strings.TrimSpace(q.Get("place")), Lang: q.Get("in")}
	if fv.Lang == "" {
		fv.Lang = v.Lang
	}
	fv.Languages = languageChoices([]string{fv.Lang}, v.Lang)
	status := http.StatusOK
	if fv.Q != "" || fv.Place != "" {
		fv.Asked = true
		need := match.Need{Text: cutRunes(fv.Q, match.MaxTextLength), Language: fv.Lang}
		if fv.Place != "" {
			need.Places = []record.Place{{Name: fv.Place}}
		}
		fv.Matches = w.rank(r.Context(), v, need, "")
		if !fv.Matches.Ran {
			status = http.StatusUnprocessableEntity
		}
		if v.signedIn() {
			fv.SaveHref = w.href("/needs/new") + "?q=" + urlQueryEscape(fv.Q) + "&place=" + urlQueryEscape(fv.Place) + "&in=" + urlQueryEscape(fv.Lang)
		}
	}
	w.render(rw, r, status, "find", w.newPage(r, v.Loc.T("need.find.title", nil), fv))
}

// needRow is one need in a list.
type needRow struct {
	ID, Title, Org, Public string
	Published              bool
	Updated                time.Time
}

// needsView is the body of the needs list.
type needsView struct {
	Own []needRow
	// Published are every organisation's published needs, for editors.
	Published []needRow
	Editor    bool
}

// needsPage lists the needs of the visitor's organisation (and, for
// editors, every published need).
func (w *Web) needsPage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	own, err := w.opts.Review.NeedsOf(ctx, v.User.OrgID)
	if err != nil {
		w.reviewError(rw, r, err)
		return
	}
	nv := &needsView{Editor: v.is(accounts.RoleEditor)}
	row := func(n *review.Need) needRow {
		nr := needRow{ID: n.ID, Title: n.Record.DisplayTitle(v.Lang), Org: w.orgName(r, n.Org), Published: n.Published, Updated: n.Updated}
		if n.Published {
			nr.Public = n.IRI
		}
		return nr
	}
	for _, n := range own {
		nv.Own = append(nv.Own, row(n))
	}
	if nv.Editor {
		all, err := w.opts.Review.PublishedNeeds(ctx)
		if err != nil {
			w.reviewError(rw, r, err)
			return
		}
		for _, n := range all {
			nv.Published = append(nv.Published, row(n))
		}
	}
	w.render(rw, r, http.StatusOK, "needs", w.newPage(r, v.Loc.T("need.list.title", nil), nv))
}

// visibleNeed reads the need of the request if the visitor's
// organisation stated it (or, with editor, the visitor is an editor),
// else answers 404: another organisation's need is not even said to exist.
func (w *Web) visibleNeed(rw http.ResponseWriter, r *http.Request, editor bool) (*review.Need, bool) {
	v := visitorOf(r)
	n, err := w.opts.Review.Need(r.Context(), r.PathValue("id"))
	if err != nil || n.Org != v.User.OrgID && !(editor && v.is(accounts.RoleEditor)) {
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return nil, false
	}
	return n, true
}

// needView is the body of a need's page.
type needView struct {
	ID, Title, Org string
	Fields         []fieldRow
	Published      bool
	Public         string
	Own            bool
	Matches        matchesView
}

// needPage shows a need and the practices that fit it, with the reasons
// why and the way to adapt each.
func (w *Web) needPage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	n, ok := w.visibleNeed(rw, r, true)
	if !ok {
		return
	}
	nv := &needView{ID: n.ID, Title: n.Record.DisplayTitle(v.Lang), Org: w.orgName(r, n.Org), Published: n.Published,
		Own: n.Org == v.User.OrgID, Fields: w.labeller(r.Context(), v).fields(n.Record)}
	if n.Published {
		nv.Public = n.IRI
	}
	nv.Matches = w.rank(r.Context(), v, needFromRecord(n.Record), n.ID)
	w.render(rw, r, http.StatusOK, "need", w.newPage(r, nv.Title, nv))
}

// needFormView is the body of the need form: the practice form's
// concept, place and language fields, and whether to publish.
type needFormView struct {
	*formView
	Publish bool
	Cancel  string
}

// needForm shows the form: empty (or filled from the finder's words) for
// a new need, else the need.
func (w *Web) needForm(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	var rec record.Practice
	publish := false
	if r.PathValue("id") != "" {
		n, ok := w.visibleNeed(rw, r, false)
		if !ok {
			return
		}
		rec, publish = n.Record, n.Published
	} else {
		q := r.URL.Query()
		rec.Language = v.Lang
		if lang := q.Get("in"); lang != "" {
			rec.Language = lang
		}
		if text := strings.TrimSpace(q.Get("q")); text != "" {
			rec.Description = record.Texts{rec.Language: cutRunes(text, match.MaxTextLength)}
		}
		if place := strings.TrimSpace(q.Get("place")); place != "" {
			rec.Places = []record.Place{{Name: place}}
			record.CompletePlaces(&rec, w.opts.Places)
		}
	}
	w.renderNeedForm(rw, r, http.StatusOK, r.PathValue("id"), rec, publish, nil)
}

func (w *Web) renderNeedForm(rw http.ResponseWriter, r *http.Request, status int, id string, rec record.Practice, publish bool, err error) {
	v := visitorOf(r)
	fv := &needFormView{formView: &formView{ID: id, New: id == "", Script: true}, Publish: publish}
	fv.Action, fv.Cancel = w.href("/needs/new"), w.href("/needs")
	title := v.Loc.T("need.form.title_new", nil)
	if id != "" {
		fv.Action, fv.Cancel = w.href("/needs/"+id+"/edit"), w.href("/needs/"+id)
		title = v.Loc.T("need.form.title_edit", map[string]any{"Title": rec.DisplayTitle(v.Lang)})
	}
	fv.IDPrefix = "n-"
	w.fillForm(v, rec, fv.formView, err)
	p := w.newPage(r, title, fv)
	if fv.HasErrors {
		p.Error = v.Loc.T("contribute.has_errors", nil)
	}
	w.render(rw, r, status, "need-form", p)
}

// saveNeed takes the need form.
func (w *Web) saveNeed(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	id := r.PathValue("id")
	var base record.Practice
	if id != "" {
		n, ok := w.visibleNeed(rw, r, false)
		if !ok {
			return
		}
		base = n.Record
	}
	rec, formErrs := w.readForm(r, base)
	record.CompletePlaces(&rec, w.opts.Places)
	publish := r.PostFormValue("publish") == "1"
	if formErrs != nil {
		w.renderNeedForm(rw, r, http.StatusUnprocessableEntity, id, rec, publish, formErrs)
		return
	}
	newID, err := w.opts.Review.SaveNeed(r.Context(), v.actor(), id, rec, publish)
	if err != nil {
		if _, ok := record.AsErrors(err); ok {
			w.renderNeedForm(rw, r, http.StatusUnprocessableEntity, id, rec, publish, err)
			return
		}
		w.reviewError(rw, r, err)
		return
	}
	notice := "saved"
	if publish {
		notice = "published"
	}
	w.redirect(rw, r, "/needs/"+newID, notice)
}

// deleteNeed removes a need (its organisation's members and editors may).
func (w *Web) deleteNeed(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	n, ok := w.visibleNeed(rw, r, true)
	if !ok {
		return
	}
	if err := w.opts.Review.DeleteNeed(r.Context(), v.actor(), n.ID); err != nil {
		w.reviewError(rw, r, fmt.Errorf("delete need %s: %w", n.ID, err))
		return
	}
	w.redirect(rw, r, "/needs", "deleted")
}

// offerView is the body of the "offer help" page.
type offerView struct {
	ID, Title, Org, Public string
	Fields                 []fieldRow
	// Practices are those the visitor's organisation can offer, the best
	// fitting first.
	Practices []choice
	Message   string
	Errors    []string
}

// offerPage lets a practice's organisation offer one of its practices for
// another organisation's published need.
func (w *Web) offerPage(rw http.ResponseWriter, r *http.Request) {
	w.renderOffer(rw, r, http.StatusOK, r.URL.Query().Get("practice"), "", nil)
}

func (w *Web) renderOffer(rw http.ResponseWriter, r *http.Request, status int, practice, message string, errs []string) {
	v := visitorOf(r)
	n, ok := w.offerableNeed(rw, r)
	if !ok {
		return
	}
	ov := &offerView{ID: n.ID, Title: n.Record.DisplayTitle(v.Lang), Org: w.orgName(r, n.Org), Public: n.IRI,
		Fields: w.labeller(r.Context(), v).fields(n.Record), Message: message, Errors: errs}
	for _, e := range w.offerable(r.Context(), v, n) {
		ov.Practices = append(ov.Practices, choice{ID: e.ID, Label: e.Title, Checked: e.ID == practice})
	}
	w.render(rw, r, status, "need-offer", w.newPage(r, v.Loc.T("need.offer.title", map[string]any{"Need": ov.Title}), ov))
}

// offerableNeed reads the published need of the request that is not the
// visitor's organisation's own, else answers 404 or 409.
func (w *Web) offerableNeed(rw http.ResponseWriter, r *http.Request) (*review.Need, bool) {
	v := visitorOf(r)
	n, err := w.opts.Review.Need(r.Context(), r.PathValue("id"))
	if err != nil || !n.Published {
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return nil, false
	}
	if n.Org == v.User.OrgID {
		w.fail(rw, r, http.StatusConflict, v.Loc.T("need.offer.own_need", nil))
		return nil, false
	}
	return n, true
}

// offerable lists the practices the visitor's organisation may offer for
// a need — its own published ones, and for editors the harvested ones
// among the need's best matches — the best fitting first.
func (w *Web) offerable(ctx context.Context, v *visitor, n *review.Need) []*review.Entry {
	var out []*review.Entry
	seen := map[string]bool{}
	add := func(e *review.Entry) {
		if e != nil && e.Public() && !seen[e.IRI] {
			seen[e.IRI] = true
			out = append(out, e)
		}
	}
	own, _ := w.opts.Review.ByOrganisation(ctx, v.User.OrgID)
	mine := map[string]*review.Entry{}
	for _, e := range own {
		mine[e.IRI] = e
	}
	if w.opts.Match != nil {
		ctx, cancel := context.WithTimeout(ctx, matchTimeout)
		defer cancel()
		if res, err := w.opts.Match.Match(ctx, needFromRecord(n.Record), match.MaxLimit); err == nil {
			for _, x := range res {
				if e := mine[x.Practice]; e != nil {
					add(e)
				} else if e, ok := w.opts.Review.Lookup(ctx, x.Practice); ok && e.Origin.Org == "" && v.is(accounts.RoleEditor) {
					add(e)
				}
			}
		}
	}
	for _, e := range own {
		add(e)
	}
	return out
}

// offer takes the "offer help" form.
func (w *Web) offer(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	_ = r.ParseForm()
	practice, message := r.PostFormValue("practice"), r.PostFormValue("message")
	if _, ok := w.offerableNeed(rw, r); !ok {
		return
	}
	tr, err := w.opts.Review.OfferTransfer(r.Context(), v.actor(), practice, r.PathValue("id"), message)
	if err != nil {
		if errors.Is(err, review.ErrState) || errors.Is(err, review.ErrNotFound) && practice == "" {
			w.renderOffer(rw, r, http.StatusUnprocessableEntity, practice, message, []string{v.Loc.T("need.offer.error", nil)})
			return
		}
		w.reviewError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/transfers/"+tr.ID, "transfer_offered")
}

// needActions are the actions of a published need's public page: other
// organisations (and visitors, who sign in first) offer help, its own
// organisation edits it.
func (w *Web) needActions(ctx context.Context, v *visitor, id string) []publisher.Link {
	n, err := w.opts.Review.Need(ctx, id)
	if err != nil || !n.Published {
		return nil
	}
	if v.signedIn() && v.User.OrgID == n.Org {
		return []publisher.Link{{Label: v.Loc.T("need.action.edit", nil), Href: w.href("/needs/" + n.ID + "/edit")}}
	}
	return []publisher.Link{{Label: v.Loc.T("need.action.offer", nil), Href: w.href("/needs/" + n.ID + "/offer")}}
}
