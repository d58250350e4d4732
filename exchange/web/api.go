package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
)

func init() { extraAreas = append(extraAreas, (*Web).routesAPI) }

// routesAPI registers the machine API.
func (w *Web) routesAPI() {
	w.handle("GET", "/api/practices", w.api(accounts.ScopePracticesRead, w.apiList))
	w.handle("POST", "/api/practices", w.api(accounts.ScopePracticesWrite, w.apiCreate))
	w.handle("GET", "/api/practices/{id}", w.api(accounts.ScopePracticesRead, w.apiGet))
	w.handle("PUT", "/api/practices/{id}", w.api(accounts.ScopePracticesWrite, w.apiUpdate))
}

// api wraps an API handler: the request needs an organisation's token with
// the scope (or a signed-in member of an organisation).
func (w *Web) api(scope accounts.Scope, h http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		v := visitorOf(r)
		switch {
		case v.Token != nil && v.Token.Has(scope):
		case v.Token != nil:
			w.fail(rw, r, http.StatusForbidden, fmt.Sprintf("the token lacks the scope %s", scope))
			return
		case v.signedIn():
		default:
			rw.Header().Set("WWW-Authenticate", `Bearer realm="skillsmap"`)
			w.fail(rw, r, http.StatusUnauthorized, "send an organisation's API token: Authorization: Bearer smt_…")
			return
		}
		h(rw, r)
	}
}

// practiceStatus is what the API says of a practice.
type practiceStatus struct {
	ID    string `json:"id"`
	IRI   string `json:"iri"`
	Title string `json:"title"`
	// State is the state of the newest version.
	State review.State `json:"state"`
	// Published is the number of the version on the map (0: none);
	// Pending the one waiting for an editor.
	Published int       `json:"published"`
	Pending   int       `json:"pending,omitempty"`
	Public    bool      `json:"public"`
	Reason    string    `json:"reason,omitempty"`
	Updated   time.Time `json:"updated"`
	// Page is the practice's public page, Status this document.
	Page   string `json:"page,omitempty"`
	Status string `json:"status"`
}

func (w *Web) status(d *review.Detail) practiceStatus {
	e := d.Entry
	s := practiceStatus{ID: e.ID, IRI: e.IRI, Title: e.Title, State: e.State, Published: e.Published, Pending: e.Pending,
		Public: e.Public(), Updated: e.Updated, Status: w.link("/api/practices/" + e.ID)}
	if s.Public {
		s.Page = e.IRI
	}
	if v, ok := d.Version(e.Latest); ok {
		s.Reason = v.Reason
	}
	return s
}

// apiError is the body of an API error.
type apiError struct {
	Error  string       `json:"error"`
	Fields []fieldError `json:"fields,omitempty"`
}

type fieldError struct {
	Field   string `json:"field"`
	Index   *int   `json:"index,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// apiFail answers an API error; field errors are listed one by one.
func (w *Web) apiFail(rw http.ResponseWriter, r *http.Request, err error) {
	v := visitorOf(r)
	if es, ok := record.AsErrors(err); ok {
		body := apiError{Error: "the practice is not valid: see fields"}
		for _, e := range es {
			fe := fieldError{Field: string(e.Field), Code: e.Code, Message: w.fieldMessage(v, e)}
			if e.Index >= 0 {
				i := e.Index
				fe.Index = &i
			}
			body.Fields = append(body.Fields, fe)
		}
		writeJSON(rw, http.StatusUnprocessableEntity, body)
		return
	}
	switch {
	case errors.Is(err, record.ErrUnsupportedMedia):
		writeJSON(rw, http.StatusUnsupportedMediaType, apiError{Error: err.Error()})
	case errors.Is(err, review.ErrForbidden):
		writeJSON(rw, http.StatusForbidden, apiError{Error: "the practice belongs to another organisation"})
	case errors.Is(err, review.ErrNotFound):
		writeJSON(rw, http.StatusNotFound, apiError{Error: "no such practice"})
	case errors.Is(err, review.ErrState):
		writeJSON(rw, http.StatusConflict, apiError{Error: err.Error()})
	default:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeJSON(rw, http.StatusRequestEntityTooLarge, apiError{Error: fmt.Sprintf("the body is over %d bytes", mbe.Limit)})
			return
		}
		var pe parseError
		if errors.As(err, &pe) {
			writeJSON(rw, http.StatusBadRequest, apiError{Error: pe.Error()})
			return
		}
		w.log.Error("exchange api", "path", r.URL.Path, "err", err)
		writeJSON(rw, http.StatusInternalServerError, apiError{Error: "the server could not store the practice; the error is logged"})
	}
}

// parseError marks a body that could not be read.
type parseError struct{ error }

// apiCreate takes a new practice and submits it for review.
func (w *Web) apiCreate(rw http.ResponseWriter, r *http.Request) { w.apiPut(rw, r, "") }

// apiUpdate takes a new version of a practice of the organisation.
func (w *Web) apiUpdate(rw http.ResponseWriter, r *http.Request) { w.apiPut(rw, r, r.PathValue("id")) }

func (w *Web) apiPut(rw http.ResponseWriter, r *http.Request, id string) {
	v := visitorOf(r)
	ctx := r.Context()
	if id != "" {
		d, err := w.opts.Review.Detail(ctx, id)
		if err != nil {
			w.apiFail(rw, r, err)
			return
		}
		if d.Entry.Origin.Org != v.actor().Org {
			w.apiFail(rw, r, review.ErrForbidden)
			return
		}
	}
	rec, err := record.Parse(w.opts.IRIs, r.Header.Get("Content-Type"), r.Body)
	if err != nil {
		if !errors.Is(err, record.ErrUnsupportedMedia) {
			err = parseError{err}
		}
		w.apiFail(rw, r, err)
		return
	}
	record.CompletePlaces(&rec, w.opts.Places)
	newID, err := w.opts.Review.Contribute(ctx, v.actor(), id, rec)
	if err != nil {
		w.apiFail(rw, r, err)
		return
	}
	d, err := w.opts.Review.Detail(ctx, newID)
	if err != nil {
		w.apiFail(rw, r, err)
		return
	}
	st := w.status(d)
	rw.Header().Set("Location", st.Status)
	code := http.StatusCreated
	if id != "" {
		code = http.StatusOK
	}
	writeJSON(rw, code, st)
}

// apiGet says where a practice of the organisation stands.
func (w *Web) apiGet(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	d, err := w.opts.Review.Detail(r.Context(), r.PathValue("id"))
	if err != nil || (d.Entry.Origin.Org != v.actor().Org && !v.is(accounts.RoleEditor)) {
		w.apiFail(rw, r, review.ErrNotFound)
		return
	}
	writeJSON(rw, http.StatusOK, w.status(d))
}

// apiList lists the organisation's practices.
func (w *Web) apiList(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	entries, err := w.opts.Review.ByOrganisation(ctx, v.actor().Org)
	if err != nil {
		w.apiFail(rw, r, err)
		return
	}
	out := []practiceStatus{}
	for _, e := range entries {
		if e.Origin.Org != v.actor().Org {
			continue
		}
		if d, err := w.opts.Review.Detail(ctx, e.ID); err == nil {
			out = append(out, w.status(d))
		}
	}
	writeJSON(rw, http.StatusOK, map[string]any{"organisation": v.actor().Org, "practices": out})
}

// decodeJSON reads a JSON body of at most MaxFormBytes.
func decodeJSON(r *http.Request, v any) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return fmt.Errorf("read body: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("JSON: %w", err)
	}
	return nil
}
