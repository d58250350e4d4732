package harvester

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// AdminHandler serves POST /admin/harvest/{source}: it starts a run of the
// source in the background and answers 202 Accepted with the run's URL
// (/harvest.json?source=…&run=…, served by ReportHandler) in Location and in
// the JSON body. Requests need "Authorization: Bearer {token}": without
// it the answer is 401, with a wrong token 403; an empty token disables the
// endpoint (403). An unknown source is 404, a source being harvested 409.
func AdminHandler(h *Harvester, token string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /admin/harvest/{source}", func(w http.ResponseWriter, r *http.Request) {
		if !authorised(w, r, token) {
			return
		}
		id := r.PathValue("source")
		run, err := h.Start(id)
		switch {
		case errors.Is(err, ErrUnknownSource):
			writeJSONError(w, http.StatusNotFound, err.Error())
			return
		case errors.Is(err, ErrRunning):
			body := map[string]any{"error": err.Error()}
			if cur, ok := h.Current(id); ok {
				body["run"] = cur.ID
				body["url"] = RunPath(id, cur.ID)
			}
			writeJSON(w, http.StatusConflict, body)
			return
		case err != nil:
			writeJSONError(w, http.StatusServiceUnavailable, err.Error())
			return
		}
		loc := RunPath(id, run.ID)
		w.Header().Set("Location", loc)
		writeJSON(w, http.StatusAccepted, map[string]any{"source": id, "run": run.ID, "status": run.Status, "url": loc})
	})
	return mux
}

// RunPath is the path of a run's live report (JSON), relative to the
// server root. It is a query on /harvest.json rather than
// /harvest/{source}/{run}, because that path is the run's IRI, whose
// linked-data description the publisher serves from the provenance graph
// once the run has ended.
func RunPath(source, runID string) string {
	return "/harvest.json?" + url.Values{"source": {source}, "run": {runID}}.Encode()
}

// authorised checks the bearer token in constant time and answers the
// request itself when it fails.
func authorised(w http.ResponseWriter, r *http.Request, token string) bool {
	if token == "" {
		writeJSONError(w, http.StatusForbidden, "admin endpoints are disabled: no admin token is configured")
		return false
	}
	auth := r.Header.Get("Authorization")
	scheme, given, ok := strings.Cut(auth, " ")
	if auth == "" || !ok || !strings.EqualFold(scheme, "Bearer") {
		w.Header().Set("WWW-Authenticate", `Bearer realm="skillsmap-admin"`)
		writeJSONError(w, http.StatusUnauthorized, "a bearer token is required")
		return false
	}
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(given)), []byte(token)) != 1 {
		writeJSONError(w, http.StatusForbidden, "wrong token")
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
