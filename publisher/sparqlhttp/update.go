package sparqlhttp

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/skillsmap/skillsmap/internal/httperror"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/sparql"
)

// UpdateHandler serves the SPARQL 1.1 Protocol's update operation: POST
// form-encoded (update=...) or application/sparql-update. It needs the admin
// token; all operations of one request commit together or not at all.
// using-graph-uri and using-named-graph-uri give the dataset of every
// DELETE/INSERT … WHERE. LOAD is disabled.
func UpdateHandler(opts Options) http.Handler {
	opts.defaults()
	return &updateHandler{opts: opts}
}

type updateHandler struct{ opts Options }

func (h *updateHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.opts.setWriteCORS(w, r, "POST, OPTIONS")
	switch r.Method {
	case http.MethodOptions:
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "POST, OPTIONS")
		fail(w, http.StatusMethodNotAllowed, "updates are sent with POST")
		return
	}
	if !h.opts.authorized(w, r) {
		return
	}
	var text string
	var params url.Values
	body, err := readLimited(r.Body, h.opts.MaxQueryBytes)
	if err != nil {
		fail(w, http.StatusRequestEntityTooLarge, "%v", err)
		return
	}
	if cs := notUTF8(r.Header.Get("Content-Type")); cs != "" {
		fail(w, http.StatusUnsupportedMediaType, "the request body must be UTF-8, not %s", cs)
		return
	}
	inURL := r.URL.Query()
	if inURL.Has("query") || inURL.Has("update") {
		fail(w, http.StatusBadRequest, "the update goes in the request body, and never with a query")
		return
	}
	switch mediaType(r.Header.Get("Content-Type")) {
	case "application/x-www-form-urlencoded":
		if params, err = url.ParseQuery(string(body)); err != nil {
			fail(w, http.StatusBadRequest, "malformed form body: %v", err)
			return
		}
		if params.Has("query") {
			fail(w, http.StatusBadRequest, "a request carries an update or a query, not both: send queries to the query endpoint")
			return
		}
		if us := params["update"]; len(us) != 1 {
			fail(w, http.StatusBadRequest, "give exactly one update parameter")
			return
		}
		text = params.Get("update")
	case "application/sparql-update":
		params, text = inURL, string(body)
	default:
		fail(w, http.StatusUnsupportedMediaType, "send the update as application/x-www-form-urlencoded (update=...) or as application/sparql-update")
		return
	}
	using, usingNamed := params["using-graph-uri"], params["using-named-graph-uri"]
	for _, g := range append(slices.Clone(using), usingNamed...) {
		if !rdf.ValidIRI(g) {
			fail(w, http.StatusBadRequest, "graph URI %q is not an absolute IRI", g)
			return
		}
	}
	sl, ok := h.opts.admit(w, r)
	if !ok {
		return
	}
	opts := h.opts.queryOptions(using, usingNamed)
	opts.MaxRows = 0
	err = sparql.Update(r.Context(), h.opts.Store, text, opts)
	sl.done(err)
	if err != nil {
		status, msg := h.opts.engineError(err)
		if status == http.StatusInternalServerError {
			msg = httperror.Internal(w, r, h.opts.Logger, "sparql update", err)
		}
		fail(w, status, "%s", msg)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("update applied\n"))
}
