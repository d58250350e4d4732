package publisher

import (
	"reflect"
	"strings"
)

// The OpenAPI document describes what the items responses hold, not just
// "an object": the geometry type of each collection (one per collection,
// so that GIS clients can type their layers) and every feature property.
// The property schemas are read from the Go types the features are
// encoded from, so they cannot drift from the output; the descriptions
// below say what each property means.

// propertyDescriptions describe the feature properties by JSON name.
var propertyDescriptions = map[string]string{
	// practices
	"iri":           "The IRI of the thing the feature stands for; it dereferences to its page or data.",
	"id":            "The practice's id, also the feature's id.",
	"title":         "The title in the language the client asked for (Accept-Language), else another.",
	"lang":          "The BCP 47 language tag of title.",
	"page":          "The page about the thing (its IRI, which answers HTML to browsers).",
	"description":   "The description, in the language of title, cut at 600 characters.",
	"place":         "The IRI of the place (map layer: one feature per place).",
	"city":          "The name of the place as the source wrote it.",
	"approximate":   "True when the point is the region's label point, not the place's own coordinates.",
	"country":       "The country of the place (else the practice's first country).",
	"countries":     "ISO 3166-1 alpha-3 codes of all the practice's countries.",
	"regions":       "NUTS codes of the place's region at every level, country first: DE, DE3, DE30, DE300.",
	"skills":        "DigComp 2.2 competences (or ESCO skills) the practice teaches, with their competence area.",
	"targetGroups":  "The groups the practice is for.",
	"types":         "The kinds of practice (training course, digital hub, …).",
	"delivery":      "The label of the first delivery mode.",
	"deliveryModes": "Face-to-face, online, hybrid.",
	"startDate":     "When the practice started (xsd:date).",
	"endDate":       "When the practice ended or ends (xsd:date).",
	"adaptedFrom":   "IRIs of the practices this one was adapted from (lineage).",
	// countryRef, conceptRef, skillRef
	"code":      "ISO 3166-1 alpha-3 code (regions: the NUTS code).",
	"iso2":      "ISO 3166-1 alpha-2 code.",
	"nuts":      "The NUTS country code (EL for Greece).",
	"label":     "The label in the client's language.",
	"notation":  "The DigComp number (2.1).",
	"area":      "The IRI of the DigComp competence area.",
	"areaLabel": "The label of the DigComp competence area.",
	// regions
	"nativeLabel": "The region's name in its own language.",
	"level":       "The NUTS level: 0 (countries) to 3.",
	"practices":   "How many practices lie in the region or below it, each counted once.",
}

// jsonSchemaOf returns the JSON schema of the JSON encoding of a Go type:
// objects from structs (fields with omitempty are optional), arrays from
// slices, and the scalar types; it knows the types the features use.
func jsonSchemaOf(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return jsonSchemaOf(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": jsonSchemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			s := jsonSchemaOf(f.Type)
			if d, ok := propertyDescriptions[name]; ok {
				s["description"] = d
			}
			switch {
			case strings.Contains(name, "Date"):
				s["format"] = "date"
			case name == "iri" || name == "page" || name == "place" || name == "area" || (name == "adaptedFrom" && s["type"] == "array"):
				if s["type"] == "array" {
					s["items"].(map[string]any)["format"] = "uri"
				} else {
					s["format"] = "uri"
				}
			}
			props[name] = s
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
		out := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			out["required"] = required
		}
		return out
	}
	return map[string]any{}
}

// position is a GeoJSON position: longitude, latitude (WGS84), and an
// optional height.
var position = map[string]any{"type": "array", "minItems": 2, "maxItems": 3, "items": map[string]any{"type": "number"},
	"description": "Longitude, latitude (WGS84, CRS84 axis order)."}

// geometrySchema is the schema of a GeoJSON geometry of one type whose
// coordinates nest positions depth times.
func geometrySchema(geometryType string, depth int, description string) map[string]any {
	coords := position
	for range depth {
		coords = map[string]any{"type": "array", "items": coords}
	}
	return map[string]any{
		"type": "object", "required": []string{"type", "coordinates"}, "description": description,
		"properties": map[string]any{
			"type":        map[string]any{"type": "string", "enum": []string{geometryType}},
			"coordinates": coords,
		},
	}
}

// openAPIComponents are the schemas the API definition refers to.
func (s *Server) openAPIComponents() map[string]any {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	links := map[string]any{"type": "array", "items": ref("link")}
	feature := func(geometry, properties string) map[string]any {
		return map[string]any{
			"type": "object", "required": []string{"type", "id", "geometry", "properties"},
			"properties": map[string]any{
				"type":       map[string]any{"type": "string", "enum": []string{"Feature"}},
				"id":         map[string]any{"type": "string"},
				"geometry":   ref(geometry),
				"properties": ref(properties),
				"links":      links,
			},
		}
	}
	collection := func(feature string) map[string]any {
		return map[string]any{
			"type": "object", "required": []string{"type", "features"},
			"properties": map[string]any{
				"type":           map[string]any{"type": "string", "enum": []string{"FeatureCollection"}},
				"features":       map[string]any{"type": "array", "items": ref(feature)},
				"numberMatched":  map[string]any{"type": "integer", "minimum": 0},
				"numberReturned": map[string]any{"type": "integer", "minimum": 0},
				"timeStamp":      map[string]any{"type": "string", "format": "date-time"},
				"attribution":    map[string]any{"type": "string"},
				"links":          links,
			},
		}
	}
	practiceProperties := jsonSchemaOf(reflect.TypeFor[practiceProps]())
	practiceProperties["description"] = "A practice: what it teaches, to whom, where and when."
	regionProperties := jsonSchemaOf(reflect.TypeFor[regionProps]())
	regionProperties["description"] = "A NUTS 2021 region with the number of practices in it."
	schemas := map[string]any{
		"link": jsonSchemaOf(reflect.TypeFor[ogcLink]()),
		"practiceGeometry": geometrySchema("MultiPoint", 1,
			"Every practice feature is a MultiPoint: a point per place; empty (no coordinates) for a practice without a known place."),
		"practiceProperties":        practiceProperties,
		"practiceFeature":           feature("practiceGeometry", "practiceProperties"),
		"practiceFeatureCollection": collection("practiceFeature"),
		"exception": map[string]any{"type": "object", "required": []string{"code", "description"}, "properties": map[string]any{
			"code": map[string]any{"type": "string"}, "status": map[string]any{"type": "integer"}, "description": map[string]any{"type": "string"}}},
		"landingPage": map[string]any{"type": "object", "required": []string{"links"}, "properties": map[string]any{
			"title": map[string]any{"type": "string"}, "description": map[string]any{"type": "string"}, "links": links}},
		"conformance": map[string]any{"type": "object", "required": []string{"conformsTo"}, "properties": map[string]any{
			"conformsTo": map[string]any{"type": "array", "items": map[string]any{"type": "string", "format": "uri"}}, "links": links}},
		"collection": jsonSchemaOf(reflect.TypeFor[ogcCollection]()),
		"collections": map[string]any{"type": "object", "required": []string{"links", "collections"}, "properties": map[string]any{
			"links": links, "collections": map[string]any{"type": "array", "items": ref("collection")}}},
	}
	if s.regions != nil {
		schemas["regionGeometry"] = geometrySchema("MultiPolygon", 3,
			"Every region feature is a MultiPolygon (GISCO 1:60 million), exterior rings counterclockwise and holes clockwise (RFC 7946).")
		schemas["regionProperties"] = regionProperties
		schemas["regionFeature"] = feature("regionGeometry", "regionProperties")
		schemas["regionFeatureCollection"] = collection("regionFeature")
	}
	return map[string]any{"schemas": schemas}
}
