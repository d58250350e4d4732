"""Real Python SPARQL clients against the endpoint: SPARQLWrapper (GET and
POST, every return format, an update with a bearer token) and rdflib's
SPARQLStore and SPARQLUpdateStore. Usage: clients.py QUERY_URL UPDATE_URL
TOKEN NS. Prints one line per check and exits non-zero on the first
failure."""
import sys

from SPARQLWrapper import SPARQLWrapper, JSON, XML, N3, TURTLE, CSV, TSV, RDFXML, GET, POST
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore

query_url, update_url, token, ns = sys.argv[1:5]
NAME = "<%sname>" % ns


def check(what, cond, detail=""):
    if not cond:
        print("FAIL", what, detail)
        sys.exit(1)
    print("ok", what)


select = "SELECT ?n WHERE { ?p %s ?n } ORDER BY ?n" % NAME
construct = "CONSTRUCT { ?p %s ?n } WHERE { ?p %s ?n }" % (NAME, NAME)
describe = "DESCRIBE <%sp1>" % ns

for method in (GET, POST):
    m = "GET" if method == GET else "POST"
    w = SPARQLWrapper(query_url)
    w.setMethod(method)
    w.setQuery(select)
    w.setReturnFormat(JSON)
    rows = w.query().convert()["results"]["bindings"]
    check(m + " SELECT as JSON", [r["n"]["value"] for r in rows] == ["Alice", "Bob", "Chloé"], rows)

    w.setReturnFormat(XML)
    doc = w.query().convert()
    check(m + " SELECT as XML", len(doc.getElementsByTagName("result")) == 3)

    for fmt in (CSV, TSV):
        w.setReturnFormat(fmt)
        text = w.query().convert().decode("utf-8")
        check(m + " SELECT as " + fmt, "Chloé" in text and len(text.strip().splitlines()) == 4, text)

    w.setQuery("ASK { ?p %s \"Bob\"@en }" % NAME)
    w.setReturnFormat(JSON)
    check(m + " ASK", w.query().convert()["boolean"] is True)

    # CONSTRUCT and DESCRIBE: SPARQLWrapper's default (XML) means RDF/XML.
    for q, n in ((construct, 3), (describe, 3)):
        w.setQuery(q)
        w.setReturnFormat(XML)
        g = w.query().convert()
        check(m + " " + q.split()[0] + " as RDF/XML", isinstance(g, rdflib.Graph) and len(g) == n, g)
        # SPARQLWrapper 1.8 refuses JSONLD without the old rdflib-jsonld
        # package; its JSON (format=json) means JSON-LD for these forms.
        for fmt in (TURTLE, N3, JSON, RDFXML):
            w.setReturnFormat(fmt)
            res = w.query()
            data = res.response.read()
            g = rdflib.Graph()
            g.parse(data=data, format={TURTLE: "turtle", N3: "n3", JSON: "json-ld", RDFXML: "xml"}[fmt])
            check("%s %s as %s" % (m, q.split()[0], fmt), len(g) == n, data[:200])

# An update through SPARQLWrapper, with the admin token.
u = SPARQLWrapper(query_url, updateEndpoint=update_url)
u.setMethod(POST)
u.addCustomHttpHeader("Authorization", "Bearer " + token)
u.setQuery("INSERT DATA { GRAPH <%sgraph/py> { <%sp9> %s \"Dora\"@en } }" % (ns, ns, NAME))
r = u.query()
check("SPARQLWrapper update", r.response.status == 200)

# rdflib's SPARQLStore reads, SPARQLUpdateStore writes.
store = SPARQLStore(query_url)
g = rdflib.ConjunctiveGraph(store=store)
names = sorted(str(r[0]) for r in g.query(select))
check("rdflib SPARQLStore query", names == ["Alice", "Bob", "Chloé", "Dora"], names)

ustore = SPARQLUpdateStore(query_url, update_url, headers={"Authorization": "Bearer " + token})
ug = rdflib.Graph(store=ustore, identifier=rdflib.URIRef(ns + "graph/rdflib"))
ug.add((rdflib.URIRef(ns + "p10"), rdflib.URIRef(ns + "name"), rdflib.Literal("Emil", lang="en")))
check("rdflib SPARQLUpdateStore add", (rdflib.URIRef(ns + "p10"), None, None) in ug)
ug.remove((rdflib.URIRef(ns + "p10"), None, None))
check("rdflib SPARQLUpdateStore remove", (rdflib.URIRef(ns + "p10"), None, None) not in ug)
print("all checks passed")
