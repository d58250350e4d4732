package publisher

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// maxGraphSubjects bounds the subjects a graph page lists.
const maxGraphSubjects = 500

// graphView is the body of a named graph's page.
type graphView struct {
	IRI      string
	Name     string
	Quads    uint64
	Modified time.Time
	Subjects []item
	More     int // subjects not listed
	Runs     []item
	Formats  []link
}

// graphDocument serves a named graph as a document with its whole content:
// streamed in the RDF syntaxes (N-Quads and TriG keep its name), a summary
// page in HTML.
func (s *Server) graphDocument(c *gin.Context) {
	n, ok := s.negotiate(c, graphOffers())
	if !ok {
		return
	}
	g := rdf.IRI(s.publicURL(n.Path))
	ctx := c.Request.Context()
	snap, err := s.store.Snapshot(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	defer snap.Close()
	info, ok := snap.GraphInfo(g)
	if !ok || info.Quads == 0 {
		s.errorPage(c, http.StatusNotFound, "Not found", "There is no graph "+g.Value+" in this store.",
			link{Label: "Home", Href: s.href("/")})
		return
	}
	gz := false
	if !n.IsHTML() {
		gz = compressible(c)
	}
	v := newValidator(snap.Version(), info.Modified, n.Path, n.MediaType)
	if gz {
		v = gzipVariant(v)
	}
	if notModified(c, v) {
		return
	}
	if n.IsHTML() {
		gv, err := s.graphView(ctx, c, snap, g, info, n)
		if err != nil {
			s.serverError(c, err)
			return
		}
		p := s.newPage(c, gv.Name+" – Named graph", gv)
		s.render(c, http.StatusOK, "graph", p)
		return
	}
	c.Header("Content-Type", n.ContentType())
	w, closeBody := bodyWriter(c, gz)
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		return
	}
	if err := s.streamQuads(ctx, snap, w, n.Format, []rdf.Term{g}); err != nil {
		s.abortStream(c, err)
		return
	}
	if err := closeBody(); err != nil {
		s.abortStream(c, err)
	}
}

// graphView summarises a graph for its page: size, the harvest runs that
// wrote it, and its subjects with their labels.
func (s *Server) graphView(ctx context.Context, c *gin.Context, snap store.Reader, g rdf.Term, info store.GraphInfo, n negotiated) (*graphView, error) {
	ix, err := s.index(ctx, snap)
	if err != nil {
		return nil, err
	}
	v := &viewer{s: s, ix: ix, langs: languages(c.Request)}
	gv := &graphView{IRI: g.Value, Name: s.shortIRI(g.Value), Quads: info.Quads, Modified: info.Modified.UTC(), Formats: s.formatLinks(c, n, graphOffers())}
	var subjects []rdf.Term
	seen := map[rdf.Term]bool{}
	for q, err := range snap.Match(ctx, store.Pattern{G: g}) {
		if err != nil {
			return nil, err
		}
		if !q.S.IsIRI() || seen[q.S] {
			continue
		}
		seen[q.S] = true
		if len(subjects) < maxGraphSubjects {
			subjects = append(subjects, q.S)
		} else {
			gv.More++
		}
	}
	for _, subj := range subjects {
		label, _ := v.label(subj)
		gv.Subjects = append(gv.Subjects, item{Label: label, Href: s.linkFor(subj), Note: s.shortIRI(subj.Value)})
	}
	for q, err := range snap.Match(ctx, store.Pattern{P: vocab.PROVGenerated, O: g, AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		gv.Runs = append(gv.Runs, item{Label: s.shortIRI(q.S.Value), Href: s.linkFor(q.S)})
	}
	slices.SortFunc(gv.Runs, func(a, b item) int { return strings.Compare(b.Label, a.Label) })
	if len(gv.Runs) > 10 {
		gv.Runs = gv.Runs[:10]
	}
	return gv, nil
}
