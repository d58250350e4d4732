package sparqlhttp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

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
	// params are the request's parameters (the URL's, or a POST form's),
	// for the format parameters.
	params url.Values
}

func (h *queryHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setReadCORS(w, "GET, HEAD, POST, OPTIONS")
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
	if !h.opts.admitRate(w, r) {
		return
	}
	h.run(w, r, req)
}

// parse reads the query and dataset of a request; a non-zero status means
// the request is malformed or ambiguous.
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
			if r.URL.Query().Has("query") {
				return req, http.StatusBadRequest, "the query is in the form body: do not also pass a query parameter in the URL"
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
	if params.Has("update") {
		return req, http.StatusBadRequest, "this is the query endpoint: send updates to the update endpoint (POST update=...), and never a query and an update together"
	}
	if qs := params["query"]; len(qs) > 1 {
		return req, http.StatusBadRequest, "more than one query parameter"
	} else if len(qs) == 1 {
		req.query = qs[0]
	}
	if int64(len(req.query)) > h.opts.MaxQueryBytes {
		return req, http.StatusRequestEntityTooLarge, "query longer than " + strconv.FormatInt(h.opts.MaxQueryBytes, 10) + " bytes"
	}
	req.params = params
	req.defaultGraphs = params["default-graph-uri"]
	req.namedGraphs = params["named-graph-uri"]
	for _, g := range append(append([]string{}, req.defaultGraphs...), req.namedGraphs...) {
		if !rdf.ValidIRI(g) {
			return req, http.StatusBadRequest, "graph URI " + strconv.Quote(g) + " is not an absolute IRI"
		}
	}
	return req, 0, ""
}

// outcome is the part of a result the HTML page shows: at most
// maxPageRows rows or triples, and how many there were.
type outcome struct {
	form    sparql.Form
	vars    []string
	rows    [][]rdf.Term
	boolean bool
	triples []rdf.Triple
	count   int
}

// streamStart is how much of a result is held before the response starts:
// a result that fits gets a Content-Length, and a query that fails within
// it gets its own status and message.
const streamStart = 256 << 10

// deadlineGrace is the time a result has to reach the client beyond the
// query timeout; then the connection is cut, so that a slow reader cannot
// keep a store snapshot open.
const deadlineGrace = 5 * time.Second

func (h *queryHandler) run(w http.ResponseWriter, r *http.Request, req request) {
	// The form decides the offers; parse it first (cheap) so a syntax error
	// is a 400 whatever the Accept header says.
	opts := h.opts.queryOptions(req.defaultGraphs, req.namedGraphs)
	pq, err := sparql.Prepare(req.query, opts)
	if err != nil {
		h.failQuery(w, r, err)
		return
	}
	form := pq.Form()
	offers := tableOffers
	if form == sparql.Construct || form == sparql.Describe {
		offers = graphOffers
	}
	offer, ok := chooseFormat(req.params, r.Header.Get("Accept"), form, offers)
	if !ok {
		fail(w, http.StatusNotAcceptable, "none of the result formats is acceptable; offered: %s", offerList(offers))
		return
	}
	var format results.Format
	if offer.MediaType != conneg.HTML && (form == sparql.Select || form == sparql.Ask) {
		format, _ = results.ByMediaType(offer.MediaType)
		if form == sparql.Ask && !format.SupportsBoolean() {
			fail(w, http.StatusNotAcceptable, "%s cannot carry an ASK result: ask for JSON or XML", format.Name())
			return
		}
	}
	sl, ok := h.opts.admit(w, r)
	if !ok {
		return
	}
	defer func() { sl.done(err) }()
	// The result must reach the client within the query's time: a reader
	// that takes longer is cut off, and the snapshot released.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(h.opts.Timeout + deadlineGrace))
	var res *sparql.Result
	if h.opts.Forward != nil {
		res, err = h.opts.Forward(r.Context(), req.query, form, opts)
	} else {
		res, err = pq.Exec(r.Context(), h.opts.Store, opts)
	}
	if err != nil {
		if offer.MediaType == conneg.HTML {
			h.page(w, r, req.query, nil, err)
			return
		}
		h.failQuery(w, r, err)
		return
	}
	defer res.Close()
	if offer.MediaType == conneg.HTML {
		var out *outcome
		out, err = collectPage(res)
		if err != nil {
			h.page(w, r, req.query, nil, err)
			return
		}
		h.page(w, r, req.query, out, nil)
		return
	}
	body := &responseBuffer{w: w, limit: streamStart, contentType: offer.ContentType(), head: r.Method == http.MethodHead}
	if form == sparql.Select || form == sparql.Ask {
		err = writeTable(body, format, res)
	} else {
		err = writeGraph(body, offer.Format, res)
	}
	if err == nil {
		err = body.finish()
	}
	if err == nil {
		return
	}
	if body.committed {
		// The status is sent: cut the connection, so that the client sees
		// an incomplete transfer rather than a document that looks whole.
		if !errors.Is(err, errClientWrite) {
			h.opts.Logger.Warn("sparql result stopped while streaming", "path", r.URL.Path, "err", err)
		}
		panic(http.ErrAbortHandler)
	}
	var encErr *encodeError
	if errors.As(err, &encErr) {
		// Some results cannot be written in every syntax (RDF/XML needs
		// predicates that end in an XML name).
		fail(w, http.StatusNotAcceptable, "the result cannot be written as %s: %v", offer.MediaType, encErr.err)
		return
	}
	h.failQuery(w, r, err)
}

// encodeError is a result the chosen syntax cannot express.
type encodeError struct{ err error }

func (e *encodeError) Error() string { return e.err.Error() }

// writeTable writes a SELECT or ASK result row by row.
func writeTable(w io.Writer, f results.Format, res *sparql.Result) error {
	if res.Form == sparql.Ask {
		return results.WriteBoolean(w, f, res.Boolean)
	}
	rw, err := results.NewWriter(w, f, res.Vars)
	if err != nil {
		return err
	}
	for res.Next() {
		if err := rw.Write(res.Solution()); err != nil {
			return err
		}
	}
	if err := res.Err(); err != nil {
		return err
	}
	return rw.Close()
}

// writeGraph writes a CONSTRUCT or DESCRIBE result triple by triple.
func writeGraph(w *responseBuffer, f rdfio.Format, res *sparql.Result) error {
	enc, err := rdfio.NewEncoder(w, f, rdfio.EncodeOptions{})
	if err != nil {
		return err
	}
	for res.Next() {
		if err := enc.Encode(res.Quad()); err != nil {
			if w.err != nil {
				return w.err
			}
			return &encodeError{err}
		}
	}
	if err := res.Err(); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		if w.err != nil {
			return w.err
		}
		return &encodeError{err}
	}
	return nil
}

// collectPage reads what the HTML page shows of a result.
func collectPage(res *sparql.Result) (*outcome, error) {
	out := &outcome{form: res.Form, vars: res.Vars, boolean: res.Boolean}
	for res.Next() {
		out.count++
		if out.count > maxPageRows {
			continue
		}
		switch res.Form {
		case sparql.Select:
			out.rows = append(out.rows, res.Solution())
		case sparql.Construct, sparql.Describe:
			out.triples = append(out.triples, res.Triple())
		}
	}
	return out, res.Err()
}

// errClientWrite marks a failure to write to the client (gone, or too slow).
var errClientWrite = errors.New("writing the response failed")

// responseBuffer holds the first bytes of a result body: a result that
// fits is sent with a Content-Length once complete, and a query that fails
// before the limit still gets its own status. Beyond the limit the
// response starts and the rest streams.
type responseBuffer struct {
	w           http.ResponseWriter
	buf         bytes.Buffer
	limit       int
	contentType string
	head        bool
	committed   bool
	err         error
}

func (b *responseBuffer) Write(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if !b.committed {
		b.buf.Write(p)
		if b.buf.Len() > b.limit {
			b.commit(-1)
		}
		return len(p), b.err
	}
	if b.head {
		return len(p), nil
	}
	n, err := b.w.Write(p)
	if err != nil {
		b.err = fmt.Errorf("%w: %w", errClientWrite, err)
	}
	return n, b.err
}

// commit sends the header and what is buffered; length < 0: unknown.
func (b *responseBuffer) commit(length int) {
	b.committed = true
	h := b.w.Header()
	h.Set("Content-Type", b.contentType)
	if length >= 0 {
		h.Set("Content-Length", strconv.Itoa(length))
	}
	b.w.WriteHeader(http.StatusOK)
	if !b.head {
		if _, err := b.w.Write(b.buf.Bytes()); err != nil {
			b.err = fmt.Errorf("%w: %w", errClientWrite, err)
		}
	}
	b.buf = bytes.Buffer{}
}

// finish sends a result that never reached the limit.
func (b *responseBuffer) finish() error {
	if !b.committed {
		b.commit(b.buf.Len())
	}
	return b.err
}

func (h *queryHandler) failQuery(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := h.opts.engineError(err)
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
