package sparqlhttp

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/internal/httperror"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/store"
)

// GraphStoreHandler serves the SPARQL 1.1 Graph Store HTTP Protocol.
// ?graph=IRI names a graph, ?default the store's default graph (indirect
// identification); with Options.GraphStore set, a path below the endpoint
// names the graph by its own URL (direct identification). GET and HEAD are
// open to everyone; PUT, POST and DELETE need the admin token, so that a
// partner that cannot be crawled can push its data. Bodies are Turtle,
// N-Triples, RDF/XML or JSON-LD (N-Quads and TriG without named graphs),
// or multipart/form-data whose parts are.
// A POST to the endpoint itself creates a new graph under newGraphBase and
// answers 201 with its IRI in Location.
func GraphStoreHandler(opts Options, newGraphBase string) http.Handler {
	opts.defaults()
	h := &graphStore{opts: opts, newGraphBase: newGraphBase}
	if u, err := url.Parse(opts.GraphStore); err == nil && opts.GraphStore != "" {
		h.prefix = strings.TrimSuffix(opts.GraphStore, "/")
		h.path = strings.TrimSuffix(u.EscapedPath(), "/")
	}
	return h
}

type graphStore struct {
	opts         Options
	newGraphBase string
	// prefix and path are the endpoint's URL and URL path, without a
	// trailing slash, when direct identification is on.
	prefix, path string
}

// directGraph is the graph a request path below the endpoint names.
func (h *graphStore) directGraph(r *http.Request) (rdf.Term, bool) {
	if h.prefix == "" {
		return rdf.Term{}, false
	}
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), h.path+"/")
	if !ok || rest == "" {
		return rdf.Term{}, false
	}
	return rdf.IRI(h.prefix + "/" + rest), true
}

func (h *graphStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Reads are open to every origin; writes (with the admin token) only
	// to the configured ones.
	if !h.opts.setWriteCORS(w, r, "GET, HEAD, PUT, POST, DELETE, OPTIONS") {
		setReadCORS(w, "GET, HEAD, OPTIONS")
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	q := r.URL.Query()
	direct, isDirect := h.directGraph(r)
	var g rdf.Term
	switch {
	case isDirect && (q.Has("graph") || q.Has("default")):
		fail(w, http.StatusBadRequest, "the path names the graph %s: do not also give ?graph or ?default", direct.Value)
		return
	case isDirect:
		if !rdf.ValidIRI(direct.Value) {
			fail(w, http.StatusBadRequest, "%q is not a valid graph IRI", direct.Value)
			return
		}
		g = direct
	case q.Has("graph") && q.Has("default"):
		fail(w, http.StatusBadRequest, "give either ?graph=IRI or ?default, not both")
		return
	case q.Has("graph"):
		if iri := q.Get("graph"); !rdf.ValidIRI(iri) {
			fail(w, http.StatusBadRequest, "graph %q is not an absolute IRI", iri)
			return
		}
		g = rdf.IRI(q.Get("graph"))
	case q.Has("default"):
	case r.Method == http.MethodPost:
		h.create(w, r)
		return
	default:
		fail(w, http.StatusBadRequest, "name the graph: ?graph=IRI or ?default")
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if sl, ok := h.opts.admit(w, r); ok {
			defer sl.done(nil)
			h.get(w, r, g)
		}
	case http.MethodPut, http.MethodPost:
		if h.opts.authorized(w, r) && h.writable(w, g) {
			h.write(w, r, g, r.Method == http.MethodPut)
		}
	case http.MethodDelete:
		if h.opts.authorized(w, r) && h.writable(w, g) {
			h.delete(w, r, g)
		}
	default:
		w.Header().Set("Allow", "GET, HEAD, PUT, POST, DELETE, OPTIONS")
		fail(w, http.StatusMethodNotAllowed, "method not allowed")
	}
}

// writable answers 403 for a protected graph.
func (h *graphStore) writable(w http.ResponseWriter, g rdf.Term) bool {
	if h.opts.Protected == nil {
		return true
	}
	owner, ok := h.opts.Protected(g)
	if !ok {
		return true
	}
	fail(w, http.StatusForbidden, "%s", (&sparql.ProtectedGraphError{Graph: g, Owner: owner}).Error())
	return false
}

func (h *graphStore) exists(r *http.Request, g rdf.Term) (bool, error) {
	if g.IsZero() {
		return true, nil
	}
	snap, err := h.opts.Store.Snapshot(r.Context())
	if err != nil {
		return false, err
	}
	defer snap.Close()
	_, ok := snap.GraphInfo(g)
	return ok, nil
}

func (h *graphStore) get(w http.ResponseWriter, r *http.Request, g rdf.Term) {
	offers := conneg.RDFOffers(false)
	// The path names the graph (direct identification): a suffix such as
	// .ttl is part of its name, not a format choice.
	offer, _, ok := conneg.Choose(r, "", offers)
	if !ok {
		fail(w, http.StatusNotAcceptable, "acceptable: %s", offerList(offers))
		return
	}
	snap, err := h.opts.Store.Snapshot(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	// The graph is read into memory at the store's pace, and the snapshot
	// closed before the client reads it at its own.
	defer snap.Close()
	if _, known := snap.GraphInfo(g); !g.IsZero() && !known {
		fail(w, http.StatusNotFound, "no graph %s", g.Value)
		return
	}
	var buf bytes.Buffer
	enc, err := rdfio.NewEncoder(&buf, offer.Format, rdfio.EncodeOptions{})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for q, err := range snap.Match(r.Context(), store.Pattern{G: g}) {
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		q.G = rdf.Term{}
		if err := enc.Encode(q); err != nil {
			fail(w, http.StatusNotAcceptable, "the graph cannot be written as %s: %v", offer.MediaType, err)
			return
		}
	}
	if err := enc.Close(); err != nil {
		fail(w, http.StatusNotAcceptable, "the graph cannot be written as %s: %v", offer.MediaType, err)
		return
	}
	snap.Close()
	w.Header().Set("Content-Type", offer.ContentType())
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Vary", "Accept")
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// body parses the request body as RDF in the syntax its Content-Type names,
// or every part of a multipart/form-data body.
func (h *graphStore) body(w http.ResponseWriter, r *http.Request, base string) ([]rdf.Triple, bool) {
	ct := mediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		return h.multipartBody(w, r, base)
	}
	f, ok := rdfio.ByMediaType(ct)
	if !ok {
		fail(w, http.StatusUnsupportedMediaType, "send Turtle, N-Triples, RDF/XML or JSON-LD with its Content-Type (got %q)", ct)
		return nil, false
	}
	ts, err := rdfio.ParseTriples(r.Body, f, rdfio.ParseOptions{Base: base, MaxBytes: h.opts.MaxUploadBytes})
	if err != nil {
		fail(w, uploadErrorStatus(err), "cannot read the %s body: %v", f.Name(), err)
		return nil, false
	}
	return ts, true
}

// multipartBody reads a multipart/form-data body: each part is an RDF
// document in the syntax its Content-Type (else its file name) names; the
// whole body stays within MaxUploadBytes.
func (h *graphStore) multipartBody(w http.ResponseWriter, r *http.Request, base string) ([]rdf.Triple, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, h.opts.MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		fail(w, http.StatusBadRequest, "malformed multipart body: %v", err)
		return nil, false
	}
	var all []rdf.Triple
	for n := 1; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return all, true
		}
		if err != nil {
			fail(w, uploadErrorStatus(err), "malformed multipart body: %v", err)
			return nil, false
		}
		ct := mediaType(part.Header.Get("Content-Type"))
		f, ok := rdfio.ByMediaType(ct)
		if !ok {
			f, ok = rdfio.ByExtension(part.FileName())
		}
		if !ok {
			fail(w, http.StatusUnsupportedMediaType, "part %d (%q): send Turtle, N-Triples, RDF/XML or JSON-LD with its Content-Type (got %q)", n, part.FileName(), ct)
			return nil, false
		}
		ts, err := rdfio.ParseTriples(part, f, rdfio.ParseOptions{Base: base, MaxBytes: h.opts.MaxUploadBytes})
		if err != nil {
			fail(w, uploadErrorStatus(err), "cannot read part %d (%q) as %s: %v", n, part.FileName(), f.Name(), err)
			return nil, false
		}
		all = append(all, ts...)
	}
}

// uploadErrorStatus is 413 for an upload over the limit, else 400.
func uploadErrorStatus(err error) int {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) || errors.Is(err, rdfio.ErrTooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

func (h *graphStore) write(w http.ResponseWriter, r *http.Request, g rdf.Term, replace bool) {
	base := h.newGraphBase
	if g.IsIRI() {
		base = g.Value
	}
	ts, ok := h.body(w, r, base)
	if !ok {
		return
	}
	existed, err := h.exists(r, g)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	err = h.opts.Store.Update(r.Context(), func(wr store.Writer) error {
		if replace {
			if err := wr.ClearGraph(g); err != nil {
				return err
			}
		}
		if !existed && len(ts) == 0 {
			return wr.CreateGraph(g)
		}
		for _, t := range ts {
			if err := wr.Add(rdf.Quad{S: t.S, P: t.P, O: t.O, G: g}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		fail(w, http.StatusBadRequest, "cannot store the graph: %v", err)
		return
	}
	if existed {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func (h *graphStore) delete(w http.ResponseWriter, r *http.Request, g rdf.Term) {
	existed, err := h.exists(r, g)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if !existed {
		fail(w, http.StatusNotFound, "no graph %s", g.Value)
		return
	}
	if err := h.opts.Store.Update(r.Context(), func(wr store.Writer) error { return wr.DropGraph(g) }); err != nil {
		h.serverError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// create stores the body as a new graph with a fresh IRI.
func (h *graphStore) create(w http.ResponseWriter, r *http.Request) {
	if !h.opts.authorized(w, r) {
		return
	}
	var id [8]byte
	rand.Read(id[:])
	g := rdf.IRI(h.newGraphBase + hex.EncodeToString(id[:]))
	ts, ok := h.body(w, r, g.Value)
	if !ok {
		return
	}
	err := h.opts.Store.Update(r.Context(), func(wr store.Writer) error {
		if err := wr.CreateGraph(g); err != nil {
			return err
		}
		for _, t := range ts {
			if err := wr.Add(rdf.Quad{S: t.S, P: t.P, O: t.O, G: g}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		fail(w, http.StatusBadRequest, "cannot store the graph: %v", err)
		return
	}
	w.Header().Set("Location", g.Value)
	w.WriteHeader(http.StatusCreated)
}

func (h *graphStore) serverError(w http.ResponseWriter, r *http.Request, err error) {
	fail(w, http.StatusInternalServerError, "%s", httperror.Internal(w, r, h.opts.Logger, "graph store", err))
}
