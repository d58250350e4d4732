package publisher

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/httperror"
)

// logRequests gives every request an id (the X-Request-Id response
// header; internal errors are logged under it) and writes one structured
// log line per request.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Request = httperror.WithID(c.Writer, c.Request)
	c.Next()
	status := c.Writer.Status()
	level := slog.LevelInfo
	switch {
	case status >= 500:
		level = slog.LevelError
	case status >= 400 && status != http.StatusNotFound && status != http.StatusGone:
		level = slog.LevelWarn
	}
	s.log.LogAttrs(c.Request.Context(), level, "http request",
		slog.String("request_id", httperror.ID(c.Request.Context())),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("query", c.Request.URL.RawQuery),
		slog.Int("status", status),
		slog.Int("bytes", max(c.Writer.Size(), 0)),
		slog.Duration("duration", time.Since(start)),
		slog.String("remote", c.ClientIP()),
		slog.String("accept", c.GetHeader("Accept")),
		slog.String("user_agent", c.Request.UserAgent()),
	)
}

// recoverPanics turns a panicking handler into a logged 500 with a short
// page, so one bad request never takes the server down.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
			panic(p) // the client went away; net/http handles this one quietly
		}
		msg := httperror.Internal(c.Writer, c.Request, s.log, "handler panic",
			fmt.Errorf("%v\n%s", p, debug.Stack()))
		if !c.Writer.Written() {
			s.errorPage(c, http.StatusInternalServerError, "Something went wrong", "The server could not answer this request: "+msg+".")
		}
		c.Abort()
	}()
	c.Next()
}

// corsHeaders are the request headers a browser on another origin may send
// to the data routes: negotiation and conditional requests, nothing that
// carries credentials.
const corsHeaders = "Accept, Accept-Language, Accept-Encoding, Content-Type, If-None-Match, If-Modified-Since"

// corsExposed are the response headers scripts on other origins may read.
const corsExposed = "ETag, Last-Modified, Link, Content-Location, Content-Disposition, Vary"

// cors lets any origin read the data routes (they are public and read-only)
// and answers preflight requests for GET and HEAD.
func (s *Server) cors(c *gin.Context) { s.corsFor([]string{http.MethodGet, http.MethodHead})(c) }

// corsFor returns CORS middleware for routes with the given methods.
func (s *Server) corsFor(methods []string) gin.HandlerFunc {
	allow := strings.Join(methods, ", ")
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", corsExposed)
		if c.Request.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", allow)
			h.Set("Access-Control-Allow-Headers", corsHeaders)
			h.Set("Access-Control-Max-Age", "86400")
			h.Set("Allow", allow+", OPTIONS")
			c.AbortWithStatus(http.StatusNoContent)
		}
	}
}

// notFound answers requests for paths no route serves.
func (s *Server) notFound(c *gin.Context) {
	c.Header("Access-Control-Allow-Origin", "*")
	s.errorPage(c, http.StatusNotFound, "Not found", "There is nothing at "+c.Request.URL.Path+".")
}

// methodNotAllowed answers other methods than the route's.
func (s *Server) methodNotAllowed(c *gin.Context) {
	s.errorPage(c, http.StatusMethodNotAllowed, "Method not allowed",
		c.Request.Method+" is not supported here; this part of the server is read-only.")
}

// admitClient records the client's address (X-Forwarded-For from trusted
// proxies resolved) for the mounted handlers and applies the per-client
// rate limit to every route.
func (s *Server) admitClient(c *gin.Context) {
	ip := c.ClientIP()
	c.Request = admission.WithClient(c.Request, ip)
	if ok, wait := s.rate.Allow(ip); !ok {
		admission.SetRetryAfter(c.Writer.Header(), wait)
		c.Header("Content-Type", "text/plain; charset=utf-8")
		c.String(http.StatusTooManyRequests, "Too many requests from your address: wait %s and try again.\n", wait.Round(time.Second))
		c.Abort()
		return
	}
	c.Next()
}
