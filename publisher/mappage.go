package publisher

import (
	"embed"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/skillsmap/skillsmap/vocab"
)

// assetFS holds the map page's script and the site's style sheet, served
// from the binary: the pages load nothing from other servers.
//
//go:embed assets/*
var assetFS embed.FS

// mapView is the body of the map page.
type mapView struct {
	PracticesURL string
	NeedsURL     string
	LineageURL   string
	RegionsURL   string
	Notice       string
	Attribution  string
	HasRegions   bool
}

// mapPage serves /map: an SVG map of the practices over the NUTS regions,
// with filters, a list and a card, drawn by assets/map.js from the two
// GeoJSON layers.
func (s *Server) mapPage(c *gin.Context) {
	if notModified(c, newValidator(0, time.Time{}, "map", s.geodataNotice(), assetVersion)) {
		return
	}
	mv := &mapView{
		PracticesURL: s.href("/map/practices.geojson"),
		NeedsURL:     s.href("/map/needs.geojson"),
		LineageURL:   s.href("/map/lineage.geojson"),
		RegionsURL:   s.href("/map/regions.geojson"),
		Notice:       s.geodataNotice(),
		Attribution:  vocab.GeodataAttribution,
		HasRegions:   s.regions != nil,
	}
	p := s.newPage(c, "Map", mv)
	p.Wide = true
	p.Attribution = s.regions != nil
	p.Description = "Digital-skills practices on a map of Europe's regions."
	s.render(c, http.StatusOK, "map", p)
}

// assetVersion changes whenever an asset changes, for validators.
var assetVersion = func() string {
	entries, _ := assetFS.ReadDir("assets")
	var b strings.Builder
	for _, e := range entries {
		data, _ := assetFS.ReadFile("assets/" + e.Name())
		b.WriteString(e.Name())
		b.Write(data)
	}
	return newValidator(0, time.Time{}, b.String()).ETag
}()

// asset serves a file of assets/.
func (s *Server) asset(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("file"), "/")
	if name == "" || strings.Contains(name, "/") {
		s.notFound(c)
		return
	}
	data, err := assetFS.ReadFile("assets/" + name)
	if err != nil {
		s.notFound(c)
		return
	}
	if notModified(c, newValidator(0, time.Time{}, name, string(data))) {
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	if strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "charset") {
		ct += "; charset=utf-8"
	}
	send(c, http.StatusOK, ct, data)
}
