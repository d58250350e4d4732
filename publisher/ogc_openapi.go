package publisher

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.yaml.in/yaml/v3"

	"github.com/skillsmap/skillsmap/internal/conneg"
)

// apiPath is one operation of the OGC API, for the API definition and its
// HTML documentation.
type apiPath struct {
	Path, Summary string
	GeoJSON       bool   // answers GeoJSON rather than JSON
	Schema        string // the component schema of the JSON answer
	Params        []apiParam
	NotFound      bool // may answer 404
}

// apiParam is one parameter of an operation.
type apiParam struct {
	Name, In, Description string
	Schema                map[string]any
	Required              bool
	Style                 string
	Explode               *bool
}

// apiPaths describes the service's operations. The items of each
// collection have paths of their own, so that the definition can say what
// their features hold and which parameters each takes.
func (s *Server) apiPaths() []apiPath {
	f := apiParam{Name: "f", In: "query", Description: "The format of the response: json (the default for clients that send no Accept header) or html.",
		Schema: map[string]any{"type": "string", "enum": []string{"json", "html"}}}
	collection := apiParam{Name: "collectionId", In: "path", Required: true, Description: "practices, or regions (when the NUTS geodata is loaded)",
		Schema: map[string]any{"type": "string", "enum": s.collectionIDs()}}
	featureID := func(what string) apiParam {
		return apiParam{Name: "featureId", In: "path", Required: true, Description: what, Schema: map[string]any{"type": "string"}}
	}
	no := false
	paging := []apiParam{
		{Name: "limit", In: "query", Description: "The number of features per page (larger values are capped at 1000).",
			Schema: map[string]any{"type": "integer", "minimum": 1, "maximum": ogcMaxLimit, "default": ogcDefaultLimit}, Style: "form", Explode: &no},
		{Name: "offset", In: "query", Description: "How many matching features to skip (the next and prev links set it).",
			Schema: map[string]any{"type": "integer", "minimum": 0, "default": 0}},
		{Name: "bbox-crs", In: "query", Description: "The CRS of bbox; only " + crs84 + ".", Schema: map[string]any{"type": "string", "format": "uri"}},
	}
	bbox := func(what string) apiParam {
		return apiParam{Name: "bbox", In: "query", Description: "Only features with " + what + " in this box: minLon,minLat,maxLon,maxLat in WGS84 (CRS84); minLon > maxLon crosses the antimeridian.",
			Schema: map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}, Style: "form", Explode: &no}
	}
	country := apiParam{Name: "country", In: "query", Description: "A NUTS, ISO 3166-1 alpha-2 or alpha-3 country code.", Schema: map[string]any{"type": "string"}}
	practiceItems := append(slices.Clone(paging), bbox("a point"),
		apiParam{Name: "datetime", In: "query", Description: "Only practices running at this instant or during this interval (RFC 3339, open ends as ..); practices without dates do not match.",
			Schema: map[string]any{"type": "string"}},
		apiParam{Name: "skill", In: "query", Description: "A DigComp competence or area (2.1, 2) or a skill IRI; narrower competences match.", Schema: map[string]any{"type": "string"}},
		apiParam{Name: "targetGroup", In: "query", Description: "A target group id (refugee-women) or IRI; narrower groups match.", Schema: map[string]any{"type": "string"}},
		apiParam{Name: "type", In: "query", Description: "A kind of practice (training-course) or IRI.", Schema: map[string]any{"type": "string"}},
		apiParam{Name: "delivery", In: "query", Description: "face-to-face, online or hybrid.", Schema: map[string]any{"type": "string"}},
		apiParam{Name: "region", In: "query", Description: "A NUTS code of any level; DE matches DE300.", Schema: map[string]any{"type": "string"}},
		country,
		apiParam{Name: "q", In: "query", Description: "Words that must all occur in the title, description, places, skills or target groups (accents and case are ignored).", Schema: map[string]any{"type": "string"}},
		f,
	)
	paths := []apiPath{
		{Path: "/", Summary: "The landing page", Schema: "landingPage", Params: []apiParam{f}},
		{Path: "/conformance", Summary: "The conformance classes implemented", Schema: "conformance", Params: []apiParam{f}},
		{Path: "/api", Summary: "This API definition (OpenAPI 3.0) as JSON, or as YAML with f=yaml; f=html documents it"},
		{Path: "/collections", Summary: "The feature collections", Schema: "collections", Params: []apiParam{f}},
		{Path: "/collections/{collectionId}", Summary: "One collection", Schema: "collection", Params: []apiParam{collection, f}, NotFound: true},
		{Path: "/collections/practices/items", Summary: "The practices, filtered and paged: one MultiPoint feature per practice", GeoJSON: true,
			Schema: "practiceFeatureCollection", Params: practiceItems},
		{Path: "/collections/practices/items/{featureId}", Summary: "One practice", GeoJSON: true, Schema: "practiceFeature", NotFound: true,
			Params: []apiParam{featureID("A practice's id"), f}},
	}
	if s.regions != nil {
		paths = append(paths,
			apiPath{Path: "/collections/regions/items", Summary: "The NUTS regions with their practice counts, filtered and paged: one MultiPolygon feature per region",
				GeoJSON: true, Schema: "regionFeatureCollection", Params: append(slices.Clone(paging), bbox("an outline"),
					apiParam{Name: "level", In: "query", Description: "The NUTS level, 0 (countries) to 3; all levels without it.", Schema: map[string]any{"type": "integer", "minimum": 0, "maximum": 3}},
					country, f)},
			apiPath{Path: "/collections/regions/items/{featureId}", Summary: "One region", GeoJSON: true, Schema: "regionFeature", NotFound: true,
				Params: []apiParam{featureID("A NUTS code"), f}},
		)
	}
	return paths
}

// openAPI builds the OpenAPI 3.0 definition of the service.
func (s *Server) openAPI() map[string]any {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	exception := map[string]any{"application/json": map[string]any{"schema": ref("exception")}}
	html := map[string]any{"schema": map[string]any{"type": "string"}}
	paths := map[string]any{}
	for _, p := range s.apiPaths() {
		var params []any
		for _, pa := range p.Params {
			m := map[string]any{"name": pa.Name, "in": pa.In, "description": pa.Description, "schema": pa.Schema, "required": pa.Required}
			if pa.Style != "" {
				m["style"] = pa.Style
			}
			if pa.Explode != nil {
				m["explode"] = *pa.Explode
			}
			params = append(params, m)
		}
		jsonType := "application/json"
		if p.GeoJSON {
			jsonType = geoJSONType
		}
		content := map[string]any{jsonType: map[string]any{"schema": ref(p.Schema)}, "text/html": html}
		if p.Path == "/api" {
			content = map[string]any{openAPIType: map[string]any{"schema": map[string]any{"type": "object"}},
				openAPIYAMLType: map[string]any{"schema": map[string]any{"type": "string"}}, "text/html": html}
		}
		responses := map[string]any{"200": map[string]any{"description": "OK", "content": content}}
		if len(p.Params) > 0 {
			responses["400"] = map[string]any{"description": "A parameter is unknown or has a bad value", "content": exception}
		}
		if p.NotFound {
			responses["404"] = map[string]any{"description": "No such collection or feature", "content": exception}
		}
		op := map[string]any{"summary": p.Summary, "responses": responses}
		if params != nil {
			op["parameters"] = params
		}
		paths[p.Path] = map[string]any{"get": op}
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       s.cfg.Catalog.Title + " – OGC API Features",
			"description": s.cfg.Catalog.Description,
			"version":     "1.0.0",
			"license":     map[string]any{"name": "Data licence", "url": s.cfg.Catalog.License},
		},
		"servers":    []any{map[string]any{"url": s.publicURL("/ogc")}},
		"paths":      paths,
		"components": s.openAPIComponents(),
	}
}

// openAPIOffers are the API definition's representations without f: JSON
// first (no Accept header, or */*), YAML for clients that ask for it.
var openAPIOffers = []conneg.Offer{
	{MediaType: openAPIType, Aliases: []string{"application/vnd.oai.openapi+json", "application/json"}, Names: []string{"json"}},
	{MediaType: openAPIYAMLType, Aliases: []string{"application/vnd.oai.openapi", "application/yaml", "application/x-yaml", "text/yaml"}, Names: []string{"yaml"}},
}

// ogcAPI serves /ogc/api: the OpenAPI definition as JSON or YAML (f=json,
// f=yaml or the Accept header), or its documentation with f=html.
func (s *Server) ogcAPI(c *gin.Context) {
	for k := range c.Request.URL.Query() {
		if k != "f" {
			s.ogcError(c, http.StatusBadRequest, "unknown query parameter "+k)
			return
		}
	}
	addVary(c, "Accept")
	format := strings.ToLower(c.Query("f"))
	switch format {
	case "json", "yaml", "html":
	case "":
		chosen, ok := conneg.ByAccept(c.GetHeader("Accept"), openAPIOffers)
		if !ok {
			send(c, http.StatusNotAcceptable, "text/plain; charset=utf-8", []byte("406 Not Acceptable: the API definition is available as "+openAPIType+" and "+openAPIYAMLType+"; f=html documents it\n"))
			return
		}
		format = chosen.Names[0]
	default:
		s.ogcError(c, http.StatusBadRequest, "f: want json, yaml or html")
		return
	}
	if notModified(c, newValidator(0, time.Time{}, "ogc-api", s.iris.Base(), s.cfg.Catalog.Title, s.cfg.Catalog.Description, s.geodataNotice(), format)) {
		return
	}
	switch format {
	case "html":
		view := &ogcView{Kind: "api", Title: "OGC API Features – API documentation", Description: s.cfg.Catalog.Description,
			API: s.apiPaths(), JSONHref: s.ogcURL("/api", nil)}
		s.ogcWrite(c, true, "", nil, view)
	case "yaml":
		data, err := yaml.Marshal(s.openAPI())
		if err != nil {
			s.serverError(c, fmt.Errorf("OpenAPI as YAML: %w", err))
			return
		}
		send(c, http.StatusOK, openAPIYAMLType, data)
	default:
		data, err := marshalJSON(s.openAPI(), true)
		if err != nil {
			s.serverError(c, err)
			return
		}
		send(c, http.StatusOK, openAPIType, data)
	}
}
