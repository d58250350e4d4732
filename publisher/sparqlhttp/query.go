package sparqlhttp

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/internal/httperror"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/internal/sparql"
	"github.com/skillsmap/skillsmap/internal/sparql/results"
)

// QueryHandler serves the SPARQL 1.1 Protocol's query operation at one URL
// (e.g. /sparql): GET ?query=, POST form-encoded, POST
// application/sparql-query. Without a query it serves the query page to
// browsers and the service description to everyone else.
func QueryHandler(opts Options) http.Handler {
	opts.defaults()
	return &queryHandler{opts: opts}
}

type queryHandler struct{ opts Options }

// tableOffers are the representations of SELECT and ASK results; the first
// is the default.
var tableOffers = func() []conneg.Offer {
	var out []conneg.Offer
	for _, f := range results.Formats() {
		o := conneg.Offer{MediaType: f.MediaType(), Names: []string{f.Name(), strings.TrimPrefix(f.Extension(), ".")}}
		if f == results.JSON {
			o.Aliases = []string{"application/json"}
		}
		if f == results.XML {
			o.Aliases = []string{"application/xml", "text/xml"}
		}
		out = append(out, o)
	}
	return append(out, conneg.HTMLOffer)
}()

// graphOffers are the representations of CONSTRUCT and DESCRIBE results
// and of the service description.
var graphOffers = append(conneg.RDFOffers(false), conneg.HTMLOffer)

// request is a parsed protocol request.
type request struct {
	query         string
	defaultGraphs []string
	namedGraphs   []string
}

func (h *queryHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setCORS(w)
	w.Header().Add("Vary", "Accept")
	switch r.Method {
	case http.MethodOptions:
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, HEAD, POST, OPTIONS")
		fail(w, http.StatusMethodNotAllowed, "the query endpoint takes GET and POST")
		return
	}
	req, status, msg := h.parse(r)
	if status != 0 {
		fail(w, status, "%s", msg)
		return
	}
	if req.query == "" {
		if r.Method == http.MethodPost {
			fail(w, http.StatusBadRequest, "no query: send it as the query parameter or as an application/sparql-query body")
			return
		}
		h.describe(w, r)
		return
	}
	h.run(w, r, req)
}

// parse reads the query and dataset of a request; a non-zero status means
// the request is malformed.
func (h *queryHandler) parse(r *http.Request) (req request, status int, msg string) {
	var params url.Values
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		params = r.URL.Query()
	case http.MethodPost:
		if cs := notUTF8(r.Header.Get("Content-Type")); cs != "" {
			return req, http.StatusUnsupportedMediaType, "the request body must be UTF-8, not " + cs
		}
		switch mediaType(r.Header.Get("Content-Type")) {
		case "application/x-www-form-urlencoded":
			body, err := readLimited(r.Body, h.opts.MaxQueryBytes)
			if err != nil {
				return req, http.StatusRequestEntityTooLarge, err.Error()
			}
			if params, err = url.ParseQuery(string(body)); err != nil {
				return req, http.StatusBadRequest, "malformed form body: " + err.Error()
			}
		case "application/sparql-query":
			body, err := readLimited(r.Body, h.opts.MaxQueryBytes)
			if err != nil {
				return req, http.StatusRequestEntityTooLarge, err.Error()
			}
			params = r.URL.Query()
			if params.Has("query") {
				return req, http.StatusBadRequest, "the query is in the body: do not also pass a query parameter"
			}
			params.Set("query", string(body))
		default:
			return req, http.StatusUnsupportedMediaType,
				"send the query as application/x-www-form-urlencoded (query=...) or as application/sparql-query"
		}
	}
	if qs := params["query"]; len(qs) > 1 {
		return req, http.StatusBadRequest, "more than one query parameter"
	} else if len(qs) == 1 {
		req.query = qs[0]
	}
	if int64(len(req.query)) > h.opts.MaxQueryBytes {
		return req, http.StatusRequestEntityTooLarge, "query longer than " + strconv.FormatInt(h.opts.MaxQueryBytes, 10) + " bytes"
	}
	req.defaultGraphs = params["default-graph-uri"]
	req.namedGraphs = params["named-graph-uri"]
	for _, g := range append(append([]string{}, req.defaultGraphs...), req.namedGraphs...) {
		if !rdf.ValidIRI(g) {
			return req, http.StatusBadRequest, "graph URI " + strconv.Quote(g) + " is not an absolute IRI"
		}
	}
	return req, 0, ""
}

// outcome is a query's complete result, collected before anything is sent.
type outcome struct {
	form    sparql.Form
	vars    []string
	rows    [][]rdf.Term
	boolean bool
	triples []rdf.Triple
}

// execute runs a query and collects its result within the limits.
func (h *queryHandler) execute(ctx context.Context, req request) (*outcome, error) {
	opts := h.opts.queryOptions(req.defaultGraphs, req.namedGraphs)
	pq, err := sparql.Prepare(req.query, opts)
	if err != nil {
		return nil, err
	}
	res, err := pq.Exec(ctx, h.opts.Store, opts)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	out := &outcome{form: res.Form, vars: res.Vars, boolean: res.Boolean}
	for res.Next() {
		switch res.Form {
		case sparql.Select:
			out.rows = append(out.rows, res.Solution())
		case sparql.Construct, sparql.Describe:
			out.triples = append(out.triples, res.Triple())
		}
	}
	return out, res.Err()
}

func (h *queryHandler) run(w http.ResponseWriter, r *http.Request, req request) {
	// The form decides the offers; parse it first (cheap) so a syntax error
	// is a 400 whatever the Accept header says.
	pq, err := sparql.Prepare(req.query, h.opts.queryOptions(nil, nil))
	if err != nil {
		h.failQuery(w, r, req, err)
		return
	}
	offers := tableOffers
	if f := pq.Form(); f == sparql.Construct || f == sparql.Describe {
		offers = graphOffers
	}
	offer, _, ok := conneg.Choose(r, r.URL.Path, offers)
	if !ok {
		fail(w, http.StatusNotAcceptable, "none of the result formats is acceptable; offered: %s", offerList(offers))
		return
	}
	out, err := h.execute(r.Context(), req)
	if err != nil {
		if offer.MediaType == conneg.HTML {
			h.page(w, r, req.query, nil, err)
			return
		}
		h.failQuery(w, r, req, err)
		return
	}
	if offer.MediaType == conneg.HTML {
		h.page(w, r, req.query, out, nil)
		return
	}
	var buf bytes.Buffer
	if out.form == sparql.Select || out.form == sparql.Ask {
		f, _ := results.ByMediaType(offer.MediaType)
		if out.form == sparql.Ask && !f.SupportsBoolean() {
			fail(w, http.StatusNotAcceptable, "%s cannot carry an ASK result: ask for JSON or XML", f.Name())
			return
		}
		if err := writeTable(&buf, f, out); err != nil {
			h.serverError(w, r, err)
			return
		}
	} else if err := rdfio.Write(&buf, offer.Format, rdf.InGraph(out.triples, rdf.Term{}), rdfio.EncodeOptions{}); err != nil {
		// Some results cannot be written in every syntax (RDF/XML needs
		// predicates that end in an XML name).
		fail(w, http.StatusNotAcceptable, "the result cannot be written as %s: %v", offer.MediaType, err)
		return
	}
	w.Header().Set("Content-Type", offer.ContentType())
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

func writeTable(buf *bytes.Buffer, f results.Format, out *outcome) error {
	if out.form == sparql.Ask {
		return results.WriteBoolean(buf, f, out.boolean)
	}
	rw, err := results.NewWriter(buf, f, out.vars)
	if err != nil {
		return err
	}
	for _, row := range out.rows {
		if err := rw.Write(row); err != nil {
			return err
		}
	}
	return rw.Close()
}

func (h *queryHandler) failQuery(w http.ResponseWriter, r *http.Request, req request, err error) {
	status, msg := engineError(err)
	if status == http.StatusInternalServerError {
		h.serverError(w, r, err)
		return
	}
	fail(w, status, "%s", msg)
}

func (h *queryHandler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	fail(w, http.StatusInternalServerError, "%s", httperror.Internal(w, r, h.opts.Logger, "sparql query", err))
}

func offerList(offers []conneg.Offer) string {
	var names []string
	for _, o := range offers {
		names = append(names, o.MediaType)
	}
	return strings.Join(names, ", ")
}
