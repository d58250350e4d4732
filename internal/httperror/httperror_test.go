package httperror

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestInternalLogsTheDetailAndAnswersTheID(t *testing.T) {
	var logBuf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logBuf, nil))
	secret := errors.New("open /var/lib/skillsmap/store: permission denied")
	for _, withID := range []bool{true, false} {
		logBuf.Reset()
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/catalog", nil)
		if withID {
			r = WithID(w, r)
		}
		msg := Internal(w, r, log, "catalog", secret)
		id := w.Header().Get(Header)
		if len(id) != 16 {
			t.Fatalf("request id %q", id)
		}
		if withID && ID(r.Context()) != id {
			t.Errorf("context id %q, header %q", ID(r.Context()), id)
		}
		if strings.Contains(msg, "/var/lib") || !strings.Contains(msg, id) {
			t.Errorf("message %q leaks the detail or lacks the id %s", msg, id)
		}
		if l := logBuf.String(); !strings.Contains(l, id) || !strings.Contains(l, "permission denied") || !strings.Contains(l, "/catalog") {
			t.Errorf("log lacks the id, the detail or the path: %s", l)
		}
	}
	a, b := newID(), newID()
	if a == b {
		t.Error("two requests got the same id")
	}
}
