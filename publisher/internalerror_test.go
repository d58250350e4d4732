package publisher

import (
	"net/http"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/httperror"
)

// TestInternalErrorsCarryOnlyARequestID closes the store under the server
// and checks that pages and data answer 500 with a request id, and that
// only the log has the store's error.
func TestInternalErrorsCarryOnlyARequestID(t *testing.T) {
	f := newFixture(t)
	if ok := f.get("/dump.nq"); ok.Code != http.StatusOK || ok.Header().Get(httperror.Header) == "" {
		t.Fatalf("before: %d, request id %q", ok.Code, ok.Header().Get(httperror.Header))
	}
	f.store.Close()
	for _, path := range []string{"/dump.nq", "/map/practices.geojson", "/"} {
		f.logs.Reset()
		w := f.get(path, "Accept: text/html")
		id := w.Header().Get(httperror.Header)
		if w.Code != http.StatusInternalServerError || id == "" {
			t.Errorf("%s: %d, request id %q", path, w.Code, id)
			continue
		}
		if strings.Contains(w.Body.String(), "closed") || !strings.Contains(w.Body.String(), id) {
			t.Errorf("%s: the answer carries the error or lacks the id %s: %s", path, id, w.Body)
		}
		if !strings.Contains(f.logs.String(), id) || !strings.Contains(f.logs.String(), "closed") {
			t.Errorf("%s: the log lacks the id or the error: %s", path, f.logs)
		}
	}
}
