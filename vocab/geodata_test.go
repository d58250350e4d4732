package vocab

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// tinyNUTS holds valid GISCO files of one region: its label point and outline.
var tinyNUTS = map[string]string{
	LabelFile: `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[13.4,52.5]},` +
		`"properties":{"NUTS_ID":"DE","LEVL_CODE":0,"CNTR_CODE":"DE","NAME_LATN":"Deutschland","NUTS_NAME":"Deutschland"}}]}`,
	OutlineFile: `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[6,47],[15,47],[15,55],[6,55],[6,47]]]},` +
		`"properties":{"NUTS_ID":"DE","LEVL_CODE":0,"CNTR_CODE":"DE","NAME_LATN":"Deutschland","NUTS_NAME":"Deutschland"}}]}`,
}

// geodataServer serves GISCO files under /nuts/geojson/, as GISCO does, and
// counts requests: the files of dir, or tinyNUTS when dir is "", unless
// override says otherwise.
func geodataServer(t *testing.T, dir string, override map[string]func(http.ResponseWriter)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		name, ok := strings.CutPrefix(r.URL.Path, "/nuts/geojson/")
		if !ok || strings.Contains(name, "/") {
			http.NotFound(w, r)
			return
		}
		if f, ok := override[name]; ok {
			f(w)
			return
		}
		if dir == "" {
			if body, ok := tinyNUTS[name]; ok {
				w.Write([]byte(body))
			} else {
				http.NotFound(w, r)
			}
			return
		}
		http.ServeFile(w, r, filepath.Join(dir, name))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestFetchGeodata(t *testing.T) {
	srv, hits := geodataServer(t, geoDir(t), nil)
	dir := filepath.Join(t.TempDir(), "geo")
	for _, base := range []string{srv.URL + "/nuts/geojson/", srv.URL + "/nuts/geojson"} {
		if err := FetchGeodata(context.Background(), srv.Client(), base, dir); err != nil {
			t.Fatalf("FetchGeodata(%s): %v", base, err)
		}
	}
	if hits.Load() != 4 {
		t.Errorf("%d requests, want 4", hits.Load())
	}
	for _, name := range geodataFiles {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(filepath.Join(geoDir(t), name))
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the served file", name)
		}
	}
	rs, err := LoadRegions(dir)
	if err != nil || rs.Len() != 2010 {
		t.Fatalf("LoadRegions after fetch: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("fetch left %d files, want 2 (no temporary files)", len(entries))
	}
}

func TestFetchGeodataFailuresKeepOldFiles(t *testing.T) {
	big := func(w http.ResponseWriter) {
		w.Write([]byte(`{"type":"FeatureCollection","features":[`))
		w.Write(bytes.Repeat([]byte(" "), 4096))
	}
	tests := []struct {
		name     string
		override map[string]func(http.ResponseWriter)
		limit    int64
		want     string
	}{
		{"not found", map[string]func(http.ResponseWriter){
			OutlineFile: func(w http.ResponseWriter) { http.Error(w, "gone", http.StatusNotFound) },
		}, maxGeodataBytes, "404"},
		{"not GeoJSON", map[string]func(http.ResponseWriter){
			LabelFile: func(w http.ResponseWriter) { w.Write([]byte("<html>maintenance</html>")) },
		}, maxGeodataBytes, "not NUTS GeoJSON"},
		{"not NUTS", map[string]func(http.ResponseWriter){
			OutlineFile: func(w http.ResponseWriter) {
				w.Write([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"a":1}}]}`))
			},
		}, maxGeodataBytes, "NUTS_ID"},
		{"too large", map[string]func(http.ResponseWriter){LabelFile: big}, 2048, "limit"},
	}
	for _, tt := range tests {
		srv, _ := geodataServer(t, "", tt.override)
		dir := t.TempDir()
		for _, name := range geodataFiles {
			os.WriteFile(filepath.Join(dir, name), []byte("old "+name), 0o644)
		}
		err := fetchGeodata(context.Background(), srv.Client(), srv.URL+"/nuts/geojson/", dir, tt.limit)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want one containing %q", tt.name, err, tt.want)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 2 {
			t.Errorf("%s: %d files in dir after failure, want the 2 old ones", tt.name, len(entries))
		}
		for _, name := range geodataFiles {
			if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != "old "+name {
				t.Errorf("%s: %s was replaced although the fetch failed", tt.name, name)
			}
		}
	}
}

func TestFetchGeodataArguments(t *testing.T) {
	for _, base := range []string{"ftp://example.org/", "not a url", "file:///etc/"} {
		if err := FetchGeodata(context.Background(), nil, base, t.TempDir()); err == nil {
			t.Errorf("FetchGeodata(%q) succeeded", base)
		}
	}
	srv, _ := geodataServer(t, "", nil)
	dir := t.TempDir()
	if err := FetchGeodata(context.Background(), srv.Client(), srv.URL+"/nuts/geojson/", dir); err != nil {
		t.Fatalf("FetchGeodata of small files: %v", err)
	}
	rs, err := LoadRegions(dir)
	if err != nil || rs.Len() != 1 {
		t.Fatalf("LoadRegions after fetch = %v", err)
	}
	if m, ok := rs.Locate(50, 10, ""); !ok || m.RegionCode != "DE" {
		t.Errorf("Locate in the fetched outline = %+v, %v", m, ok)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = FetchGeodata(ctx, srv.Client(), srv.URL+"/nuts/geojson/", t.TempDir())
	if !errors.Is(err, context.Canceled) {
		t.Errorf("FetchGeodata with a cancelled context = %v", err)
	}
}
