package publisher

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// validate checks a decoded JSON value against a schema of the API
// definition: $ref, type, enum, required, the declared properties (a
// property the schema does not declare is an error: the definition must
// describe everything the features hold) and array items.
func validate(root map[string]any, schema map[string]any, v any, path string) []string {
	if r, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		target, ok := root["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if !ok {
			return []string{path + ": unresolved " + r}
		}
		return validate(root, target, v, path)
	}
	var errs []string
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v not in %v", path, v, enum))
	}
	switch schema["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want an object", path, v))
		}
		props, _ := schema["properties"].(map[string]any)
		for _, r := range anyStrings(schema["required"]) {
			if _, ok := m[r]; !ok {
				errs = append(errs, path+": lacks required "+r)
			}
		}
		for k, x := range m {
			ps, ok := props[k].(map[string]any)
			if !ok {
				errs = append(errs, path+": property "+k+" is not in the schema")
				continue
			}
			errs = append(errs, validate(root, ps, x, path+"."+k)...)
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want an array", path, v))
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range arr {
				errs = append(errs, validate(root, items, x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			errs = append(errs, fmt.Sprintf("%s: %T, want a string", path, v))
		}
	case "number", "integer":
		n, ok := v.(float64)
		if !ok || (schema["type"] == "integer" && n != float64(int64(n))) {
			errs = append(errs, fmt.Sprintf("%s: %v, want an %s", path, v, schema["type"]))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			errs = append(errs, fmt.Sprintf("%s: %T, want a boolean", path, v))
		}
	}
	return errs
}

func anyStrings(v any) []string {
	var out []string
	arr, _ := v.([]any)
	for _, x := range arr {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// The API definition says what the items hold — one geometry type per
// collection and every feature property — and the features served match
// it, for the fixture's practices, the demo sites' and the NUTS regions.
func TestOpenAPIDescribesTheFeatures(t *testing.T) {
	f := newFixture(t, fixtureOptions{regions: true})
	f.harvestDemo(t)
	api := ogcJSON(t, f, "/ogc/api", openAPIType)
	schemas := api["components"].(map[string]any)["schemas"].(map[string]any)
	geometryType := func(name string) any {
		return schemas[name].(map[string]any)["properties"].(map[string]any)["type"].(map[string]any)["enum"]
	}
	if got := geometryType("practiceGeometry"); !reflect.DeepEqual(got, []any{"MultiPoint"}) {
		t.Errorf("practices geometry %v, want MultiPoint only", got)
	}
	if got := geometryType("regionGeometry"); !reflect.DeepEqual(got, []any{"MultiPolygon"}) {
		t.Errorf("regions geometry %v, want MultiPolygon only", got)
	}
	props := schemas["practiceProperties"].(map[string]any)["properties"].(map[string]any)
	if skills := props["skills"].(map[string]any); skills["type"] != "array" || skills["items"].(map[string]any)["type"] != "object" {
		t.Errorf("skills schema %v", skills)
	}
	for _, tt := range []struct{ target, schema string }{
		{"/ogc/collections/practices/items?limit=1000", "practiceFeatureCollection"},
		{"/ogc/collections/practices/items/mikado", "practiceFeature"},
		{"/ogc/collections/practices/items/digilyftet", "practiceFeature"}, // no place: an empty MultiPoint
		{"/ogc/collections/regions/items?level=1&limit=200", "regionFeatureCollection"},
		{"/ogc/collections/regions/items/DE300", "regionFeature"},
		{"/ogc", "landingPage"},
		{"/ogc/conformance", "conformance"},
		{"/ogc/collections", "collections"},
		{"/ogc/collections/practices", "collection"},
	} {
		var v any
		if err := json.Unmarshal(body(t, f.get(tt.target)), &v); err != nil {
			t.Fatalf("%s: %v", tt.target, err)
		}
		for _, e := range validate(api, map[string]any{"$ref": "#/components/schemas/" + tt.schema}, v, tt.target) {
			t.Error(e)
		}
	}
	for _, e := range validate(api, map[string]any{"$ref": "#/components/schemas/exception"},
		decodeJSON(t, body(t, f.get("/ogc/collections/practices/items?limit=x"))), "400") {
		t.Error(e)
	}
}

func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// The API definition is served as YAML too (f=yaml, or the OpenAPI YAML
// media type), with the same content as the JSON.
func TestOpenAPIAsYAML(t *testing.T) {
	f := newFixture(t)
	want := decodeJSON(t, body(t, f.get("/ogc/api")))
	for _, tt := range []struct{ target, accept string }{
		{"/ogc/api?f=yaml", ""},
		{"/ogc/api", openAPIYAMLType},
		{"/ogc/api", "application/yaml"},
	} {
		var headers []string
		if tt.accept != "" {
			headers = append(headers, "Accept: "+tt.accept)
		}
		w := f.get(tt.target, headers...)
		if w.Code != 200 || w.Header().Get("Content-Type") != openAPIYAMLType {
			t.Fatalf("%s (Accept %q): status %d, type %q", tt.target, tt.accept, w.Code, w.Header().Get("Content-Type"))
		}
		var got any
		if err := yaml.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s: not YAML: %v", tt.target, err)
		}
		// YAML decodes numbers as int or float64 and maps as map[string]any:
		// compare through JSON.
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(decodeJSON(t, b), want) {
			t.Errorf("%s: the YAML differs from the JSON", tt.target)
		}
	}
	if w := f.get("/ogc/api?f=xml"); w.Code != 400 {
		t.Errorf("f=xml: status %d, want 400", w.Code)
	}
	if w := f.get("/ogc/api", "Accept: application/xml"); w.Code != 406 {
		t.Errorf("Accept: application/xml: status %d, want 406", w.Code)
	}
	// The landing page links the YAML as a service-desc.
	found := false
	for _, l := range links(t, ogcJSON(t, f, "/ogc", "application/json"))["service-desc"] {
		found = found || l["type"] == openAPIYAMLType
	}
	if !found {
		t.Error("the landing page has no service-desc link to the YAML")
	}
}
