package publisher

import (
	"bytes"
	"compress/gzip"
	"hash/fnv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// validator identifies one representation of one state of the store, for
// HTTP caches: the store version plus what else the bytes depend on (path,
// format, language, encoding).
type validator struct {
	ETag     string
	Modified time.Time
}

// newValidator returns the validator for a representation built from the
// store at version, last changed at modified; variant names everything
// else the representation depends on.
func newValidator(version uint64, modified time.Time, variant ...string) validator {
	h := fnv.New64a()
	for _, v := range variant {
		io.WriteString(h, v)
		h.Write([]byte{0})
	}
	return validator{
		ETag:     `"` + strconv.FormatUint(version, 36) + "-" + strconv.FormatUint(h.Sum64(), 36) + `"`,
		Modified: modified.UTC().Truncate(time.Second),
	}
}

// notModified sets ETag, Last-Modified and Cache-Control and reports
// whether the request's conditions (If-None-Match, else If-Modified-Since)
// say the client's copy is current; it then answers 304 and the handler
// must stop.
func notModified(c *gin.Context, v validator) bool {
	h := c.Writer.Header()
	if previewing(c) {
		h.Set("Cache-Control", "no-store")
		return false
	}
	v = personalise(c, v)
	h.Set("ETag", v.ETag)
	if !v.Modified.IsZero() && v.Modified.Unix() > 0 {
		h.Set("Last-Modified", v.Modified.Format(http.TimeFormat))
	}
	if visitor(c) != "" {
		h.Set("Cache-Control", "private, no-cache")
		addVary(c, "Cookie")
	} else {
		h.Set("Cache-Control", "public, no-cache")
	}
	r := c.Request
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if etagMatches(inm, v.ETag) {
			c.Status(http.StatusNotModified)
			c.Writer.WriteHeaderNow()
			return true
		}
		return false // If-Modified-Since is ignored when If-None-Match is present (RFC 9110 §13.1.3)
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !v.Modified.IsZero() {
		t, err := http.ParseTime(ims)
		if err == nil && !v.Modified.After(t) {
			c.Status(http.StatusNotModified)
			c.Writer.WriteHeaderNow()
			return true
		}
	}
	return false
}

// etagMatches applies the weak comparison of If-None-Match (RFC 9110
// §13.1.2) to a list of entity tags.
func etagMatches(header, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == want {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether the client accepts a gzip-coded response.
func acceptsGzip(r *http.Request) bool {
	gzipQ, starQ := -1.0, -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			gzipQ = q
		case "*":
			starQ = q
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}

// compressible prepares a response that may be gzip-coded: it adds
// Accept-Encoding to Vary and reports whether the client takes gzip, in
// which case the validator's ETag must differ (see gzipVariant). A Range
// request gets the identity coding: a part of a gzip stream is of no use
// to clients (curl, and so GDAL's /vsicurl/, cannot decode it).
func compressible(c *gin.Context) bool {
	addVary(c, "Accept-Encoding")
	return acceptsGzip(c.Request) && c.GetHeader("Range") == ""
}

// gzipVariant returns v for the gzip-coded representation: a strong ETag
// must differ between content codings.
func gzipVariant(v validator) validator {
	v.ETag = strings.TrimSuffix(v.ETag, `"`) + `-gz"`
	return v
}

// bodyWriter returns where to write the response body: c.Writer itself or,
// when gzip is set, a gzip writer over it with Content-Encoding set. The
// returned close function flushes the gzip stream.
func bodyWriter(c *gin.Context, gz bool) (io.Writer, func() error) {
	if !gz {
		return c.Writer, func() error { return nil }
	}
	c.Header("Content-Encoding", "gzip")
	c.Writer.Header().Del("Content-Length")
	zw, _ := gzip.NewWriterLevel(c.Writer, gzip.DefaultCompression)
	return zw, zw.Close
}

// addVary adds a header name to Vary unless it is there.
func addVary(c *gin.Context, name string) {
	h := c.Writer.Header()
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return
			}
		}
	}
	h.Add("Vary", name)
}

// serveBytes answers with a body held in memory through http.ServeContent,
// which answers Range and If-Range requests (GDAL's /vsicurl/ reads files
// in ranges) and HEAD. The caller has set the validators (notModified).
func serveBytes(c *gin.Context, contentType string, body []byte) {
	c.Header("Content-Type", contentType)
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(body))
}

// send writes a complete response; HEAD requests get the headers only.
func send(c *gin.Context, status int, contentType string, body []byte) {
	c.Header("Content-Type", contentType)
	c.Header("Content-Length", strconv.Itoa(len(body)))
	c.Status(status)
	if c.Request.Method == http.MethodHead {
		c.Writer.WriteHeaderNow()
		return
	}
	c.Writer.Write(body)
}
