package catalog

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/httperror"
)

// TestStoreFailureCarriesOnlyARequestID checks that the catalog's answer to
// a store failure names a request id, not the failure.
func TestStoreFailureCarriesOnlyARequestID(t *testing.T) {
	h := Handler(func(context.Context) (Input, func(), error) {
		return Input{}, nil, errors.New("open /srv/skillsmap/secret: permission denied")
	})
	for _, route := range Routes() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/"+route, nil))
		id := w.Header().Get(httperror.Header)
		if w.Code < 500 || id == "" || !strings.Contains(w.Body.String(), id) || strings.Contains(w.Body.String(), "/srv/") {
			t.Errorf("/%s: %d, id %q: %s", route, w.Code, id, w.Body)
		}
	}
}
