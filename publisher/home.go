package publisher

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// homeView is the body of the home page.
type homeView struct {
	Description  string
	Publisher    string
	PublisherURL string
	Notice       string
	Counts       []count
	Services     []item
	Dumps        []item
	Graphs       []graphRow
	Latest       []item
}

// count is one live figure on the home page.
type count struct {
	Label, Value, Href string
}

// graphRow is a named graph in the home page's table.
type graphRow struct {
	Name, Href string
	Quads      uint64
	Modified   string
}

// maxHomeGraphs bounds the graphs the home page lists.
const maxHomeGraphs = 200

// home serves the home page: what the map is, live counts, and every way
// to the data.
func (s *Server) home(c *gin.Context) {
	ctx := c.Request.Context()
	snap, err := s.store.Snapshot(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	defer snap.Close()
	addVary(c, "Accept-Language")
	langs := languages(c.Request)
	if notModified(c, newValidator(snap.Version(), snap.Modified(), append([]string{"home"}, langs...)...)) {
		return
	}
	ix, err := s.index(ctx, snap)
	if err != nil {
		s.serverError(c, err)
		return
	}
	v := &viewer{s: s, ix: ix, langs: langs}
	cat := s.cfg.Catalog
	hv := &homeView{
		Description: cat.Description, Publisher: cat.Publisher, PublisherURL: cat.PublisherURL,
		Notice: s.geodataNotice(),
		Counts: []count{
			{"practices", thousands(len(ix.practices)), s.href("/practices")},
			{"sources", thousands(len(ix.sources)), ""},
			{"countries", thousands(ix.countries), s.href("/map")},
			{"organisations", thousands(ix.organisations), ""},
			{"triples", thousands(ix.quads), s.href("/dump.nq")},
		},
	}
	hv.Services = append(hv.Services,
		item{Label: "Map", Href: s.href("/map"), Note: "practices on a map of Europe's regions, with filters"},
		item{Label: "Practice list", Href: s.href("/practices"), Note: "search and filter; also as Turtle, JSON-LD, N-Triples, RDF/XML"},
	)
	if s.hasMount("/sparql") {
		hv.Services = append(hv.Services, item{Label: "SPARQL endpoint", Href: s.href("/sparql"), Note: "SPARQL 1.1 Protocol over all graphs"})
	}
	if s.hasMount("/catalog") {
		hv.Services = append(hv.Services, item{Label: "DCAT-AP catalog", Href: s.href("/catalog"), Note: "for data portals that harvest DCAT-AP"})
	}
	if s.hasMount("/.well-known/void") {
		hv.Services = append(hv.Services, item{Label: "VoID description", Href: s.href("/.well-known/void"), Note: "the dataset's statistics and vocabularies"})
	}
	hv.Services = append(hv.Services,
		item{Label: "OGC API – Features", Href: s.href("/ogc"), Note: "practices and regions as feature collections for GIS (QGIS, ArcGIS, OpenLayers)"},
		item{Label: "GeoJSON layer", Href: s.href("/map/practices.geojson"), Note: "a point per place of every practice (Leaflet, OpenLayers, QGIS)"},
		item{Label: "JSON-LD context", Href: s.href("/context.jsonld"), Note: "the stable names of the JSON-LD representations"},
		item{Label: "Ontology", Href: s.href("/ns"), Note: "the terms Skillsmap defines"},
	)
	for _, d := range dumpFormats {
		hv.Dumps = append(hv.Dumps, item{Label: d.format.String() + " (" + d.format.Extension() + ")",
			Href: s.href("/dump" + d.format.Extension()), Note: d.note})
	}
	graphs, err := snap.Graphs(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	for _, g := range graphs {
		info, ok := snap.GraphInfo(g)
		if !ok || info.Quads == 0 || !strings.HasPrefix(g.Value, s.iris.Base()) {
			continue
		}
		if len(hv.Graphs) == maxHomeGraphs {
			break
		}
		hv.Graphs = append(hv.Graphs, graphRow{Name: strings.TrimPrefix(g.Value, s.iris.Base()), Href: s.linkFor(g),
			Quads: info.Quads, Modified: info.Modified.UTC().Format(time.DateTime)})
	}
	latest := append([]*practice(nil), ix.practices...)
	sortByFirstSeen(latest)
	for _, p := range latest[:min(len(latest), 8)] {
		hv.Latest = append(hv.Latest, s.practiceItem(v, p))
	}
	pg := s.newPage(c, cat.Title, hv)
	pg.Description = cat.Description
	s.render(c, http.StatusOK, "home", pg)
}
