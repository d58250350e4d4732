package publisher

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// dumpFormat is one downloadable dump of the whole store.
type dumpFormat struct {
	format rdfio.Format
	note   string // what the dump holds, for the home page
}

// dumpFormats are the dumps, served at /dump{extension}.
var dumpFormats = []dumpFormat{
	{rdfio.NQuads, "every quad, graph names kept; one per line, best for loading into a triple store"},
	{rdfio.TriG, "every graph, in Turtle syntax"},
	{rdfio.Turtle, "the union of all graphs"},
	{rdfio.NTriples, "the union of all graphs, one triple per line"},
	{rdfio.JSONLD, "expanded JSON-LD, graph names kept"},
}

// dump streams a dump of the whole store from one snapshot: gzip-coded
// when the client accepts it, with validators from the store's version.
func (s *Server) dump(c *gin.Context) {
	path := c.Request.URL.Path
	var f rdfio.Format
	for _, d := range dumpFormats {
		if strings.HasSuffix(path, d.format.Extension()) {
			f = d.format
		}
	}
	if f.IsZero() {
		s.notFound(c)
		return
	}
	ctx := c.Request.Context()
	snap, err := s.store.Snapshot(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	defer snap.Close()
	gz := compressible(c)
	v := newValidator(snap.Version(), snap.Modified(), path)
	if gz {
		v = gzipVariant(v)
	}
	if notModified(c, v) {
		return
	}
	c.Header("Content-Type", conneg.Offer{MediaType: f.MediaType()}.ContentType())
	c.Header("Content-Disposition", `attachment; filename="skillsmap`+f.Extension()+`"`)
	w, closeBody := bodyWriter(c, gz)
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		return
	}
	if err := s.streamQuads(ctx, snap, w, f, nil); err != nil {
		s.abortStream(c, err)
		return
	}
	if err := closeBody(); err != nil {
		s.abortStream(c, err)
	}
}

// abortStream ends a response whose body is partly written: the status
// cannot change any more, so the connection is cut to tell the client the
// body is incomplete.
func (s *Server) abortStream(c *gin.Context, err error) {
	s.log.Error("streaming response failed", "path", c.Request.URL.Path, "error", err)
	if !c.Writer.Written() {
		s.serverError(c, err)
		return
	}
	panic(http.ErrAbortHandler)
}
