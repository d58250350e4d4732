package sparqlhttp

import (
	"net/http"
	"net/url"

	"github.com/skillsmap/skillsmap/internal/sparql"
)

// UpdateHandler serves the SPARQL 1.1 Protocol's update operation: POST
// form-encoded (update=...) or application/sparql-update. It needs the admin
// token; all operations of one request commit together or not at all. LOAD
// is disabled.
func UpdateHandler(opts Options) http.Handler {
	opts.defaults()
	return &updateHandler{opts: opts}
}

type updateHandler struct{ opts Options }

func (h *updateHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setCORS(w)
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
	switch mediaType(r.Header.Get("Content-Type")) {
	case "application/x-www-form-urlencoded":
		if params, err = url.ParseQuery(string(body)); err != nil {
			fail(w, http.StatusBadRequest, "malformed form body: %v", err)
			return
		}
		if us := params["update"]; len(us) != 1 {
			fail(w, http.StatusBadRequest, "give exactly one update parameter")
			return
		}
		text = params.Get("update")
	case "application/sparql-update":
		params, text = r.URL.Query(), string(body)
	default:
		fail(w, http.StatusUnsupportedMediaType, "send the update as application/x-www-form-urlencoded (update=...) or as application/sparql-update")
		return
	}
	if params.Has("using-graph-uri") || params.Has("using-named-graph-uri") {
		fail(w, http.StatusBadRequest, "using-graph-uri and using-named-graph-uri are not supported: write USING / USING NAMED in the update")
		return
	}
	opts := h.opts.queryOptions(nil, nil)
	opts.MaxRows = 0
	if err := sparql.Update(r.Context(), h.opts.Store, text, opts); err != nil {
		status, msg := engineError(err)
		if status == http.StatusInternalServerError {
			h.opts.Logger.Error("sparql update", "err", err)
		}
		fail(w, status, "%s", msg)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("update applied\n"))
}
