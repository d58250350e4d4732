package harvestweb

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/skillsmap/skillsmap/harvester"
	"github.com/skillsmap/skillsmap/internal/adminauth"
	"github.com/skillsmap/skillsmap/internal/httperror"
)

// AdminHandler serves POST /admin/harvest/{source}: it starts a run of the
// source in the background and answers 202 Accepted with the run's URL
// (/harvest.json?source=…&run=…, served by ReportHandler) in Location and in
// the JSON body. Requests need "Authorization: Bearer {token}": without
// it, or with a wrong token, the answer is 401; an empty token disables
// the endpoint (403). See package adminauth. log, if not nil, receives the detail of
// failures to start a run (the answer gives only a request id). An unknown source is 404, a source being harvested 409.
func AdminHandler(h *harvester.Harvester, token string, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /admin/harvest/{source}", func(w http.ResponseWriter, r *http.Request) {
		if status, msg, ok := adminauth.Check(w, r, token); !ok {
			writeJSONError(w, status, msg)
			return
		}
		id := r.PathValue("source")
		run, err := h.Start(id)
		switch {
		case errors.Is(err, harvester.ErrUnknownSource):
			writeJSONError(w, http.StatusNotFound, err.Error())
			return
		case errors.Is(err, harvester.ErrRunning):
			body := map[string]any{"error": err.Error()}
			if cur, ok := h.Current(id); ok {
				body["run"] = cur.ID
				body["url"] = RunPath(id, cur.ID)
			}
			writeJSON(w, http.StatusConflict, body)
			return
		case err != nil:
			// Shutting down, or the lock service (Redis) failing: the
			// detail stays in the log.
			writeJSONError(w, http.StatusServiceUnavailable, "the harvest cannot start now: "+httperror.Internal(w, r, log, "harvest trigger", err))
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
