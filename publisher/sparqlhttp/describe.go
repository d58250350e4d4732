package sparqlhttp

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/skillsmap/skillsmap/internal/conneg"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
)

// Result-format IRIs of the W3C "Unique URIs for File Formats" registry.
var resultFormatIRIs = []string{
	"http://www.w3.org/ns/formats/SPARQL_Results_JSON",
	"http://www.w3.org/ns/formats/SPARQL_Results_XML",
	"http://www.w3.org/ns/formats/SPARQL_Results_CSV",
	"http://www.w3.org/ns/formats/SPARQL_Results_TSV",
	"http://www.w3.org/ns/formats/Turtle",
	"http://www.w3.org/ns/formats/N-Triples",
	"http://www.w3.org/ns/formats/JSON-LD",
	"http://www.w3.org/ns/formats/RDF_XML",
}

// describe answers a GET without a query: the query page for browsers,
// the SPARQL 1.1 Service Description for everyone else.
func (h *queryHandler) describe(w http.ResponseWriter, r *http.Request) {
	offers := append([]conneg.Offer{conneg.HTMLOffer}, conneg.RDFOffers(false)...)
	if r.Header.Get("Accept") == "" || r.Header.Get("Accept") == "*/*" {
		// A machine asking for "anything" gets the description, not a page.
		offers = append(conneg.RDFOffers(false), conneg.HTMLOffer)
	}
	offer, _, ok := conneg.Choose(r, r.URL.Path, offers)
	if !ok {
		fail(w, http.StatusNotAcceptable, "acceptable: %s", offerList(offers))
		return
	}
	if offer.MediaType == conneg.HTML {
		h.page(w, r, "", nil, nil)
		return
	}
	g, err := h.serviceDescription(r)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := rdfio.Write(&buf, offer.Format, rdf.InGraph(g.Sorted(), rdf.Term{}),
		rdfio.EncodeOptions{Prefixes: append(rdfio.CommonPrefixes(), rdfio.Prefix{Name: "sd", Namespace: rdf.NSSD})}); err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", offer.ContentType())
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// serviceDescription describes the endpoint (SPARQL 1.1 Service
// Description): what it supports, its result formats, and its default
// dataset with the named graphs it holds.
func (h *queryHandler) serviceDescription(r *http.Request) (*rdf.Graph, error) {
	sd := func(local string) rdf.Term { return rdf.IRI(rdf.NSSD + local) }
	g := rdf.NewGraph()
	add := func(s, p, o rdf.Term) { g.Add(rdf.Triple{S: s, P: p, O: o}) }
	svc := rdf.IRI(h.opts.Endpoint + "#service")
	add(svc, rdf.Type, sd("Service"))
	add(svc, sd("endpoint"), rdf.IRI(h.opts.Endpoint))
	add(svc, sd("supportedLanguage"), sd("SPARQL11Query"))
	if h.opts.AdminToken != "" {
		add(svc, sd("supportedLanguage"), sd("SPARQL11Update"))
	}
	add(svc, sd("feature"), sd("UnionDefaultGraph"))
	if h.opts.Service != nil {
		add(svc, sd("feature"), sd("BasicFederatedQuery"))
	}
	for _, f := range resultFormatIRIs {
		add(svc, sd("resultFormat"), rdf.IRI(f))
	}
	add(svc, rdf.IRI(rdf.NSDCT+"title"), rdf.LangString(h.opts.Title+" SPARQL endpoint", "en"))
	ds := rdf.IRI(h.opts.Endpoint + "#dataset")
	add(svc, sd("defaultDataset"), ds)
	add(ds, rdf.Type, sd("Dataset"))
	dg := rdf.IRI(h.opts.Endpoint + "#default-graph")
	add(ds, sd("defaultGraph"), dg)
	add(dg, rdf.Type, sd("Graph"))
	snap, err := h.opts.Store.Snapshot(r.Context())
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	add(dg, rdf.IRI(rdf.NSVOID+"triples"), rdf.Literal(strconv.FormatUint(snap.Len(), 10), rdf.XSDInteger))
	graphs, err := snap.Graphs(r.Context())
	if err != nil {
		return nil, err
	}
	// The descriptions of named graphs are blank nodes: an IRI minted from
	// the graph's name could be invalid (a name with a fragment).
	for i, name := range graphs {
		if !name.IsIRI() {
			continue
		}
		ng := rdf.Blank(fmt.Sprintf("ng%d", i))
		add(ds, sd("namedGraph"), ng)
		add(ng, rdf.Type, sd("NamedGraph"))
		add(ng, sd("name"), name)
		if info, ok := snap.GraphInfo(name); ok {
			gr := rdf.Blank(fmt.Sprintf("g%d", i))
			add(ng, sd("graph"), gr)
			add(gr, rdf.Type, sd("Graph"))
			add(gr, rdf.IRI(rdf.NSVOID+"triples"), rdf.Literal(strconv.FormatUint(info.Quads, 10), rdf.XSDInteger))
		}
	}
	return g, nil
}
