package publisher

import (
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// ogrinfo runs GDAL's ogrinfo, or skips the test without it. GDAL's OAPIF
// driver is a client of OGC API – Features written by others: if it reads
// the service, QGIS (which uses GDAL) does too.
func ogrinfo(t *testing.T, args ...string) string {
	t.Helper()
	path, err := exec.LookPath("ogrinfo")
	if err != nil {
		testsupport.Missing(t, "ogrinfo not found (Debian package gdal-bin): skipping the GDAL client test")
	}
	cmd := exec.Command(path, append([]string{"--config", "GDAL_HTTP_TIMEOUT", "20", "--config", "CPL_CURL_VERBOSE", "NO"}, args...)...)
	cmd.Env = append(cmd.Environ(), "NO_PROXY=*", "no_proxy=*", "HTTP_PROXY=", "http_proxy=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// featureCount reads "Feature Count: N" from ogrinfo's output.
func featureCount(t *testing.T, out string) int {
	t.Helper()
	m := regexp.MustCompile(`Feature Count: (\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no feature count in:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestGDALReadsTheOGCAPI(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		testsupport.Missing(t, "ogrinfo not found (Debian package gdal-bin): skipping the GDAL client test")
	}
	f, base := serveFixture(t, true, true)
	service := "OAPIF:" + base + "ogc"
	layers := ogrinfo(t, "-ro", "-q", service)
	if !strings.Contains(layers, "practices") {
		t.Errorf("GDAL does not list the practices collection:\n%s", layers)
	}
	summary := ogrinfo(t, "-ro", "-so", service, "practices")
	if n := featureCount(t, summary); n != 5 {
		t.Errorf("GDAL counts %d practices, want 5:\n%s", n, summary)
	}
	// GDAL pages through the items with the next links (page size 2).
	all := ogrinfo(t, "-ro", "-oo", "PAGE_SIZE=2", service, "practices")
	if got := strings.Count(all, "OGRFeature(practices)"); got != 5 {
		t.Errorf("GDAL read %d features page by page, want 5:\n%s", got, all)
	}
	if !strings.Contains(all, "MULTIPOINT ((13.405 52.52))") || !strings.Contains(all, "MULTIPOINT EMPTY") {
		t.Errorf("GDAL did not read MIKADO's point and Digilyftet's empty multipoint:\n%s", all)
	}
	// One geometry type for the layer, so that QGIS does not show "Unknown".
	if !strings.Contains(summary, "Geometry: Multi Point") {
		t.Errorf("GDAL does not see one geometry type:\n%s", summary)
	}
	// The site's root, as users paste it, works as well as /ogc.
	if n := featureCount(t, ogrinfo(t, "-ro", "-so", "OAPIF:"+base, "practices")); n != 5 {
		t.Errorf("GDAL given the site's root counts %d practices, want 5", n)
	}
	// A spatial filter becomes a bbox request: Germany and the Netherlands.
	spat := ogrinfo(t, "-ro", "-spat", "3", "47", "16", "55", service, "practices")
	if got := strings.Count(spat, "OGRFeature(practices)"); got != 3 {
		t.Errorf("GDAL's spatial filter found %d practices, want 3:\n%s", got, spat)
	}
	if f.regions != nil {
		regions := ogrinfo(t, "-ro", "-so", service, "regions")
		if n := featureCount(t, regions); n != f.regions.Len() {
			t.Errorf("GDAL counts %d regions, want %d:\n%s", n, f.regions.Len(), regions)
		}
		de := ogrinfo(t, "-ro", "-where", "code = 'DE300'", service, "regions")
		if !regexp.MustCompile(`practices \(Integer(64)?\) = 2`).MatchString(de) {
			t.Errorf("GDAL does not read DE300's practice count of 2:\n%s", de)
		}
	}
	// The plain GeoJSON layer reads too.
	layer := ogrinfo(t, "-ro", "-so", "GeoJSON:/vsicurl/"+base+"map/practices.geojson", "practices")
	if n := featureCount(t, layer); n != 6 {
		t.Errorf("GDAL counts %d features in the GeoJSON layer, want 6 (5 points and 1 without):\n%s", n, layer)
	}
}

// OWSLib, the Python OGC client, reads the service given the site's root:
// the landing page, the conformance classes, the API definition through
// the service-desc link, the collections, items with a bbox, one feature.
func TestOWSLibReadsTheOGCAPI(t *testing.T) {
	py, err := testsupport.PythonWith("owslib.ogcapi.features")
	if err != nil {
		testsupport.Missing(t, "python3 with OWSLib not found (apt-get install python3-owslib): %v", err)
	}
	_, base := serveFixture(t, false, true)
	cmd := exec.Command(py, "testdata/owslib_client.py", base, "3")
	cmd.Env = append(cmd.Environ(), "NO_PROXY=*", "no_proxy=*", "HTTP_PROXY=", "http_proxy=")
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil || !strings.Contains(string(out), "all checks passed") {
		t.Fatalf("OWSLib failed: %v", err)
	}
}

// GDAL's /vsicurl/ reads the GeoJSON layer in ranges (here 16 KiB
// chunks) and gets 206 answers.
func TestGDALReadsTheLayerInRanges(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		testsupport.Missing(t, "ogrinfo not found (Debian package gdal-bin): skipping the GDAL client test")
	}
	var partial atomic.Int64
	countPartial := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/map/practices.geojson" {
				w = &statusWatcher{ResponseWriter: w, partial: &partial}
			}
			next.ServeHTTP(w, r)
		})
	}
	f, base := serveFixture(t, false, true, countPartial)
	f.harvestDemo(t) // a layer larger than one chunk
	out := ogrinfo(t, "--config", "CPL_VSIL_CURL_CHUNK_SIZE", "16384", "-ro", "-al", "GeoJSON:/vsicurl/"+base+"map/practices.geojson")
	if got := strings.Count(out, "OGRFeature(practices)"); got < 20 {
		t.Errorf("GDAL read %d features, want the whole layer:\n%s", got, out)
	}
	if n := partial.Load(); n < 2 {
		t.Errorf("GDAL made %d ranged requests answered 206, want several", n)
	}
}

// statusWatcher counts 206 answers as their status is written, before the
// client can have the body.
type statusWatcher struct {
	http.ResponseWriter
	partial *atomic.Int64
}

func (w *statusWatcher) WriteHeader(code int) {
	if code == http.StatusPartialContent {
		w.partial.Add(1)
	}
	w.ResponseWriter.WriteHeader(code)
}
