package catalog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/internal/httperror"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// Opener gives a handler the Input for one request, over a fresh store
// snapshot; release closes the snapshot.
type Opener func(ctx context.Context) (in Input, release func(), err error)

// Handler serves the catalog at {base}catalog and the VoID description at
// {base}.well-known/void, each as Turtle, N-Triples, JSON-LD or RDF/XML:
// chosen by a suffix (/catalog.rdf), a format parameter (?format=jsonld)
// or the Accept header, Turtle by default. Mount it for both paths and
// their suffixed forms (Routes lists them); under a path prefix, strip the
// prefix first (http.StripPrefix).
//
// Responses carry an ETag (a hash of the body) and Last-Modified (the
// store's last write) and answer conditional requests with 304; they allow
// any origin (CORS). A document is built once per store version and
// configuration and kept until the store changes.
func Handler(open Opener) http.Handler {
	return &server{open: open, offers: conneg.RDFOffers(false), docs: map[string]*cachedDoc{}}
}

// Routes are the paths, relative to the base, that Handler answers.
func Routes() []string {
	var out []string
	for _, p := range []string{CatalogPath, VoIDPath} {
		out = append(out, p)
		for _, f := range conneg.RDFOffers(false) {
			for _, s := range f.Suffixes {
				out = append(out, p+s)
			}
		}
	}
	return out
}

type server struct {
	open   Opener
	offers []conneg.Offer

	mu   sync.Mutex // guards docs and serialises builds
	docs map[string]*cachedDoc
}

// cachedDoc is a built document and its serialisations.
type cachedDoc struct {
	key      string
	graph    *rdf.Graph
	modified time.Time
	bodies   map[rdfio.Format][]byte
}

// document kinds, by the path they are served at.
var documents = []struct {
	path  string
	build func(context.Context, Input) (*rdf.Graph, error)
}{
	{"/" + CatalogPath, Catalog},
	{"/" + VoIDPath, VoID},
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		h.Set("Allow", "GET, HEAD, OPTIONS")
		h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Accept, If-None-Match, If-Modified-Since")
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		h.Set("Allow", "GET, HEAD, OPTIONS")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	offer, docPath, ok := conneg.Choose(r, r.URL.Path, s.offers)
	build, name := s.document(docPath)
	if build == nil {
		http.NotFound(w, r)
		return
	}
	h.Add("Vary", "Accept")
	if !ok {
		var types []string
		for _, o := range s.offers {
			types = append(types, o.MediaType)
		}
		http.Error(w, "not acceptable: this document is available as "+strings.Join(types, ", "), http.StatusNotAcceptable)
		return
	}

	in, release, err := s.open(r.Context())
	if err != nil {
		http.Error(w, "the data store is not available: "+httperror.Internal(w, r, slog.Default(), "catalog: open store snapshot", err), http.StatusServiceUnavailable)
		return
	}
	defer release()
	body, modified, err := s.body(r.Context(), name, build, in, offer.Format)
	if err != nil {
		http.Error(w, "could not build "+name+": "+httperror.Internal(w, r, slog.Default(), "catalog: build document", err), http.StatusInternalServerError)
		return
	}

	sum := sha256.Sum256(body)
	h.Set("Content-Type", offer.ContentType())
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	h.Set("Cache-Control", "public, max-age=60")
	h.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, Content-Location, Link")
	if docPath == r.URL.Path { // negotiated: name the representation chosen
		h.Set("Content-Location", docPath+offer.Format.Extension())
	}
	for _, o := range s.offers {
		h.Add("Link", fmt.Sprintf(`<%s%s>; rel="alternate"; type="%s"`, docPath, o.Format.Extension(), o.MediaType))
	}
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

// document returns the builder of the document at path.
func (s *server) document(path string) (func(context.Context, Input) (*rdf.Graph, error), string) {
	for _, d := range documents {
		if path == d.path {
			return d.build, strings.TrimPrefix(d.path, "/")
		}
	}
	return nil, ""
}

// body returns the document in format f, building it if the store or the
// configuration changed since it was last built.
func (s *server) body(ctx context.Context, name string, build func(context.Context, Input) (*rdf.Graph, error), in Input, f rdfio.Format) ([]byte, time.Time, error) {
	key := fmt.Sprintf("%d|%s|%s|%#v|%#v|%s", in.Reader.Version(), in.IRIs.Base(), in.SPARQL, in.Catalog, in.Sources, in.lang())
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[name]
	if d == nil || d.key != key {
		g, err := build(ctx, in)
		if err != nil {
			return nil, time.Time{}, err
		}
		d = &cachedDoc{key: key, graph: g, modified: modifiedOr(in), bodies: map[rdfio.Format][]byte{}}
		s.docs[name] = d
	}
	if b, ok := d.bodies[f]; ok {
		return b, d.modified, nil
	}
	var buf bytes.Buffer
	if err := Write(&buf, d.graph, f); err != nil {
		return nil, time.Time{}, err
	}
	d.bodies[f] = buf.Bytes()
	return d.bodies[f], d.modified, nil
}
