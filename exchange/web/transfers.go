package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

func init() { extraAreas = append(extraAreas, (*Web).routesTransfers) }

// routesTransfers registers the pages where organisations adapt each
// other's practices.
func (w *Web) routesTransfers() {
	w.handle("GET", "/practice/{id}/adapt", w.signedIn(w.adaptPage))
	w.handle("POST", "/practice/{id}/adapt", w.signedIn(w.openTransfer))
	w.handle("GET", "/transfers", w.signedIn(w.transfers))
	w.handle("GET", "/transfers/{id}", w.signedIn(w.transferPage))
	w.handle("POST", "/transfers/{id}/message", w.signedIn(w.transferMessage))
	w.handle("POST", "/transfers/{id}/state", w.signedIn(w.transferState))
}

// adaptView is the body of the "we want to adapt this" page.
type adaptView struct {
	ID, Title, Page string
	Place           placeRow
	Needs           []choice
	Message         string
	Errors          []string
}

// adaptPage asks where the organisation wants to adapt a practice, and
// what it wants to tell its owner.
// A need in the query (from the need's matches) is preselected, and its
// first place proposed.
func (w *Web) adaptPage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	var place record.Place
	need := r.URL.Query().Get("need")
	if n, err := w.opts.Review.Need(r.Context(), need); need != "" && err == nil && n.Org == v.User.OrgID {
		need = n.ID
		if len(n.Record.Places) > 0 {
			place = n.Record.Places[0]
		}
	} else {
		need = ""
	}
	w.renderAdapt(rw, r, http.StatusOK, place, need, "", nil)
}

func (w *Web) renderAdapt(rw http.ResponseWriter, r *http.Request, status int, place record.Place, need, message string, errs []string) {
	v := visitorOf(r)
	e, ok := w.opts.Review.Lookup(r.Context(), r.PathValue("id"))
	if !ok || !e.Public() {
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return
	}
	if e.Origin.Org == v.User.OrgID {
		w.fail(rw, r, http.StatusConflict, v.Loc.T("transfer.own_practice", nil))
		return
	}
	av := &adaptView{ID: e.ID, Title: e.Title, Page: e.IRI, Place: w.placeRow(place, v.Lang), Message: message, Errors: errs}
	if needs, err := w.opts.Review.NeedsOf(r.Context(), v.User.OrgID); err == nil {
		for _, n := range needs {
			av.Needs = append(av.Needs, choice{ID: n.ID, Label: n.Record.DisplayTitle(v.Lang), Checked: n.ID == need})
		}
	}
	p := w.newPage(r, v.Loc.T("transfer.adapt.title", map[string]any{"Practice": e.Title}), av)
	w.render(rw, r, status, "transfer-new", p)
}

// openTransfer takes the form: the transfer is opened and the owner told.
func (w *Web) openTransfer(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	_ = r.ParseForm()
	place := record.Place{Name: strings.TrimSpace(r.PostFormValue("place_name")), Region: r.PostFormValue("place_region"),
		Country: r.PostFormValue("place_country")}
	rec := record.Practice{Places: []record.Place{place}}
	record.CompletePlaces(&rec, w.opts.Places)
	place = rec.Places[0]
	need, message := r.PostFormValue("need"), r.PostFormValue("message")
	tr, err := w.opts.Review.OpenTransfer(r.Context(), v.actor(), r.PathValue("id"), place, need, message)
	if err != nil {
		if errors.Is(err, review.ErrState) {
			w.renderAdapt(rw, r, http.StatusUnprocessableEntity, place, need, message, []string{v.Loc.T("transfer.error.form", nil)})
			return
		}
		w.reviewError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/transfers/"+tr.ID, "transfer_opened")
}

// transferRow is one transfer in a list.
type transferRow struct {
	ID, Title, Page, Other, Side, State, Place string
	Updated                                    time.Time
	Open                                       bool
}

// transfersView is the body of the transfers list.
type transfersView struct {
	Rows []transferRow
}

// transfers lists the transfers the visitor's organisation is a side of
// (and, for editors, those of harvested practices).
func (w *Web) transfers(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	list, err := w.opts.Review.TransfersOf(ctx, v.User.OrgID)
	if err != nil {
		w.reviewError(rw, r, err)
		return
	}
	if v.is(accounts.RoleEditor) {
		more, err := w.opts.Review.TransfersOf(ctx, review.EditorsOrg)
		if err != nil {
			w.reviewError(rw, r, err)
			return
		}
		list = append(list, more...)
	}
	tv := &transfersView{}
	for _, tr := range list {
		side := tr.Side(v.actor())
		other := tr.Owner
		if side == "owner" {
			other = tr.Adopter
		}
		tv.Rows = append(tv.Rows, transferRow{ID: tr.ID, Title: tr.Title, Page: tr.Practice, Other: w.orgName(r, other),
			Side: side, State: v.Loc.T("transfer.state."+string(tr.State), nil), Place: tr.Place.Name, Updated: tr.Updated, Open: tr.Open()})
	}
	w.render(rw, r, http.StatusOK, "transfers", w.newPage(r, v.Loc.T("transfer.list.title", nil), tv))
}

// orgName names an organisation (or the editors) for the other side.
func (w *Web) orgName(r *http.Request, org string) string {
	if org == review.EditorsOrg {
		return visitorOf(r).Loc.T("transfer.editors", nil)
	}
	if o, err := w.opts.Accounts.Organisation(r.Context(), org); err == nil {
		return o.Name
	}
	return org
}

// messageView is one message of a transfer.
type messageView struct {
	From, Text string
	At         time.Time
	Mine       bool
}

// transferView is the body of a transfer's page.
type transferView struct {
	ID, Title, Page, Adapted, State, Side, Owner, Adopter, Place string
	Messages                                                     []messageView
	// Acts are the state changes the visitor may make.
	Acts []choice
	Open bool
	// Offered says the owner offered the practice for the adopter's need.
	Offered bool
}

// transferPage shows a transfer: its state, its messages, what the
// visitor may do.
func (w *Web) transferPage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	tr, ok := w.myTransfer(rw, r)
	if !ok {
		return
	}
	side := tr.Side(v.actor())
	tv := &transferView{ID: tr.ID, Title: tr.Title, Page: tr.Practice, Adapted: tr.Adapted, Side: side,
		State: v.Loc.T("transfer.state."+string(tr.State), nil), Owner: w.orgName(r, tr.Owner),
		Adopter: w.orgName(r, tr.Adopter), Place: tr.Place.String(), Open: tr.Open()}
	for _, m := range tr.Messages {
		from := w.orgName(r, m.From.Org)
		if m.From.Org != tr.Adopter && m.From.Role.Editor() && tr.Owner == review.EditorsOrg {
			from = w.orgName(r, review.EditorsOrg)
		}
		tv.Messages = append(tv.Messages, messageView{From: from, Text: m.Text, At: m.At, Mine: m.From.Org == v.User.OrgID})
	}
	if tr.Open() {
		for _, st := range tr.Acts(side) {
			label := "transfer.act." + string(st)
			if tr.Offered && side == "adopter" && st == review.TransferInProgress {
				label = "transfer.act.accept_offer"
			}
			tv.Acts = append(tv.Acts, choice{ID: string(st), Label: v.Loc.T(label, nil)})
		}
	}
	tv.Offered = tr.Offered
	w.render(rw, r, http.StatusOK, "transfer", w.newPage(r, v.Loc.T("transfer.title", map[string]any{"Practice": tr.Title}), tv))
}

// myTransfer reads the transfer of the request if the visitor is one of
// its sides (or an editor), else answers 404.
func (w *Web) myTransfer(rw http.ResponseWriter, r *http.Request) (*review.Transfer, bool) {
	v := visitorOf(r)
	tr, err := w.opts.Review.Transfer(r.Context(), r.PathValue("id"))
	if err != nil || tr.Side(v.actor()) == "" && !v.is(accounts.RoleEditor) {
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return nil, false
	}
	return tr, true
}

// transferMessage adds a message.
func (w *Web) transferMessage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	tr, ok := w.myTransfer(rw, r)
	if !ok {
		return
	}
	if err := w.opts.Review.TransferMessage(r.Context(), v.actor(), tr.ID, r.PostFormValue("message")); err != nil {
		w.reviewError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/transfers/"+tr.ID, "transfer_message")
}

// transferState moves the transfer on.
func (w *Web) transferState(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	tr, ok := w.myTransfer(rw, r)
	if !ok {
		return
	}
	state := review.TransferState(r.PostFormValue("state"))
	if err := w.opts.Review.SetTransferState(r.Context(), v.actor(), tr.ID, state, r.PostFormValue("message")); err != nil {
		w.reviewError(rw, r, err)
		return
	}
	w.redirect(rw, r, "/transfers/"+tr.ID, "transfer_state")
}

// adaptLink is the "We want to adapt this" action of a practice's page.
func (w *Web) adaptLink(v *visitor, practice rdf.Term, e *review.Entry) (string, bool) {
	if !e.Public() || v.signedIn() && e.Origin.Org == v.User.OrgID {
		return "", false
	}
	return w.href("/practice/" + e.ID + "/adapt"), true
}
