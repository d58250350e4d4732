package sparqlhttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/skillsmap/skillsmap/internal/adminauth"
	"github.com/skillsmap/skillsmap/internal/sparql"
)

// setCORS lets browser clients on other origins use the endpoint.
func setCORS(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type")
	h.Set("Access-Control-Max-Age", "86400")
}

// fail writes a plain-text error.
func fail(w http.ResponseWriter, status int, format string, args ...any) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	fmt.Fprintf(w, format+"\n", args...)
}

// engineError maps an engine error to a status and a message. The message
// of a 500 is generic: callers log the error with httperror.Internal.
func engineError(err error) (int, string) {
	var se *sparql.SyntaxError
	switch {
	case errors.As(err, &se):
		return http.StatusBadRequest, "syntax error: " + se.Error()
	case errors.Is(err, sparql.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the query timed out — narrow it or add LIMIT (" + err.Error() + ")"
	case errors.Is(err, sparql.ErrTooManyResults):
		return http.StatusRequestEntityTooLarge, err.Error() + " — add LIMIT, or download a dump instead"
	case errors.Is(err, sparql.ErrTooExpensive):
		return http.StatusServiceUnavailable, err.Error() + " — the query does too much work; make it more selective"
	case errors.Is(err, sparql.ErrServiceDisabled), errors.Is(err, sparql.ErrLoadDisabled):
		return http.StatusForbidden, err.Error()
	case errors.Is(err, sparql.ErrGraphExists), errors.Is(err, sparql.ErrNoSuchGraph), errors.Is(err, sparql.ErrNotQuery),
		errors.Is(err, sparql.ErrUnsupported), errors.Is(err, sparql.ErrDatasetConflict):
		return http.StatusBadRequest, err.Error()
	}
	// Anything else is the server's own failure: its text stays in the log
	// (see httperror.Internal), never in the answer.
	return http.StatusInternalServerError, "internal server error"
}

// authorized checks the bearer token of a write request and answers the
// request itself when it is not authorized.
func (o *Options) authorized(w http.ResponseWriter, r *http.Request) bool {
	status, msg, ok := adminauth.Check(w, r, o.AdminToken)
	if !ok {
		fail(w, status, "%s", msg)
	}
	return ok
}

// readLimited reads at most max bytes of r, failing beyond.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("request body larger than %d bytes", max)
	}
	return data, nil
}

// mediaType returns the media type of a Content-Type header without
// parameters, lower case.
func mediaType(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// notUTF8 returns the charset a request body declares when it is not UTF-8
// (or US-ASCII, a subset): the protocol's bodies are UTF-8, and reading
// UTF-16 as UTF-8 would only give a confusing syntax error.
func notUTF8(ct string) string {
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	switch cs := strings.ToLower(params["charset"]); cs {
	case "", "utf-8", "utf8", "us-ascii":
		return ""
	default:
		return cs
	}
}
