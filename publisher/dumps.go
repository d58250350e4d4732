package publisher

import (
	"net/http"
	"os"
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

// dump serves a dump of the whole store from a file written from one
// snapshot (see dumpFiles): gzip-coded when the client accepts it, with
// validators from the store's version, and Range requests.
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
	// Only the version is read from the store here: the dump itself comes
	// from a file, so a slow download holds no snapshot.
	snap, err := s.store.Snapshot(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	version := snap.Version()
	snap.Close()
	gz := compressible(c)
	file, err := s.dumps.file(ctx, s, f, gz, version)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		s.serverError(c, err)
		return
	}
	v := newValidator(file.version, file.modified, path)
	if gz {
		v = gzipVariant(v)
		c.Header("Content-Encoding", "gzip")
	}
	if notModified(c, v) {
		return
	}
	body, err := os.Open(file.path)
	if err != nil {
		s.serverError(c, err)
		return
	}
	defer body.Close()
	c.Header("Content-Type", conneg.Offer{MediaType: f.MediaType()}.ContentType())
	c.Header("Content-Disposition", `attachment; filename="skillsmap`+f.Extension()+`"`)
	var w http.ResponseWriter = c.Writer
	if s.writeTimeout > 0 {
		w = &progressDeadline{ResponseWriter: c.Writer, rc: http.NewResponseController(c.Writer), timeout: s.writeTimeout}
	}
	// ServeContent answers Range and If-Range requests from the file.
	http.ServeContent(w, c.Request, "", file.modified, body)
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
