// Package httperror answers internal failures without giving their detail
// away: the detail (a file path, a store error, a template bug) goes to the
// server's log under a request id, and the client gets a generic message
// with that id, which an operator can look up. Errors that explain a
// client's own mistake (4xx) are not internal and keep their text.
package httperror

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
)

// Header is the response header that carries the request id.
const Header = "X-Request-Id"

type ctxKey struct{}

// WithID returns r with a request id in its context (a new random one), and
// sets the id on w's headers, so that every answer can be matched with the
// log. Servers call it once per request in their middleware.
func WithID(w http.ResponseWriter, r *http.Request) *http.Request {
	id := newID()
	w.Header().Set(Header, id)
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, id))
}

// ID returns the request id of r's context, or "" if WithID was not called.
func ID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// Internal logs err, with what failed and the request id, and returns the
// message to answer with (status 500, in the caller's own format). Without
// an id from WithID it makes one and sets it on w's headers.
func Internal(w http.ResponseWriter, r *http.Request, log *slog.Logger, what string, err error) string {
	id := ID(r.Context())
	if id == "" {
		id = newID()
		w.Header().Set(Header, id)
	}
	if log == nil {
		log = slog.Default()
	}
	log.Error(what, "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
	return Message(id)
}

// Message is the public text of an internal error with the given request
// id.
func Message(id string) string {
	return "internal server error (request id " + id + "); the server's log has the details"
}

func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
