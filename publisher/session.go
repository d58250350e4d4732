package publisher

import (
	"context"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
)

// Link is a labelled link that another package adds to the publisher's
// pages.
type Link struct {
	Label, Href string
}

// Session tells the publisher who is signed in, for the links its pages
// show; the exchange implements it. The publisher's data is the same for
// everyone, but a page's header and a practice's actions are not, so pages
// for a signed-in visitor are cached privately and validated per visitor.
type Session interface {
	// Visitor returns a stable key for the signed-in visitor of r ("" for
	// anonymous visitors) and the links the page header adds for them
	// ("Sign in" for anonymous visitors).
	Visitor(r *http.Request) (key string, nav []Link)
	// Actions returns what the visitor can do with the practice or the
	// need on its page (edit, correct, see its history; offer help).
	Actions(r *http.Request, subject rdf.Term) []Link
}

// Context keys the publisher's middleware sets.
const (
	visitorKey = "skillsmap.visitor"
	visitorNav = "skillsmap.nav"
)

// identifyVisitor asks the Session who the visitor is, once per request.
func (s *Server) identifyVisitor(c *gin.Context) {
	if s.session != nil {
		key, nav := s.session.Visitor(c.Request)
		c.Set(visitorKey, key)
		c.Set(visitorNav, nav)
	}
	c.Next()
}

// visitor returns the visitor's key from the context ("" if anonymous).
func visitor(c *gin.Context) string {
	k, _ := c.Get(visitorKey)
	s, _ := k.(string)
	return s
}

// personalise makes a validator specific to a signed-in visitor, so that
// one visitor's cached page (with their name in the header) is never
// another's, nor the anonymous one.
func personalise(c *gin.Context, v validator) validator {
	if previewing(c) {
		return v
	}
	key := visitor(c)
	if key == "" {
		return v
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	v.ETag = v.ETag[:len(v.ETag)-1] + "-v" + strconv.FormatUint(h.Sum64(), 36) + `"`
	return v
}

// previewKey marks a request whose practice comes from Preview.
type previewKey struct{}

// preview is what Preview hands to the page it renders.
type preview struct {
	st     store.Store
	banner string
}

func previewOf(c *gin.Context) (*preview, bool) {
	p, ok := c.Request.Context().Value(previewKey{}).(*preview)
	return p, ok
}

func previewing(c *gin.Context) bool {
	_, ok := previewOf(c)
	return ok
}

// storeFor is the store a request reads: the preview's, or the server's.
func (s *Server) storeFor(c *gin.Context) (store.Store, bool) {
	if p, ok := previewOf(c); ok {
		return p.st, true
	}
	return s.store, false
}

// PreviewGraph names the graph a previewed practice is put in.
func (s *Server) PreviewGraph() rdf.Term { return rdf.IRI(s.iris.Base() + "graph/preview") }

// Preview writes the page of a practice that is not published, from its
// triples, exactly as its page will look once it is (what other practices
// and the vocabulary say about it is not shown). The page says that it is a
// preview (banner says so in the visitor's language), and is neither cached
// nor indexed.
func (s *Server) Preview(w http.ResponseWriter, r *http.Request, practice rdf.Term, triples []rdf.Triple, banner string) {
	id, ok := s.iris.ParsePractice(practice)
	if !ok {
		http.Error(w, "not a practice of this map", http.StatusBadRequest)
		return
	}
	mem := store.NewMemory()
	defer mem.Close()
	if err := store.ReplaceGraph(r.Context(), mem, s.PreviewGraph(), triples); err != nil {
		http.Error(w, "the preview could not be built", http.StatusInternalServerError)
		return
	}
	r2 := r.Clone(context.WithValue(r.Context(), previewKey{}, &preview{st: mem, banner: banner}))
	r2.Method = http.MethodGet
	r2.Body = http.NoBody
	r2.URL = &url.URL{Path: s.basePath + "practice/" + url.PathEscape(id)}
	r2.RequestURI = r2.URL.Path
	for _, h := range []string{"If-None-Match", "If-Modified-Since", "Accept"} {
		r2.Header.Del(h)
	}
	r2.Header.Set("Accept", "text/html")
	w.Header().Set("X-Robots-Tag", "noindex")
	s.Handler().ServeHTTP(w, r2)
}
