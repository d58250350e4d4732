package sparqlhttp

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// pythonWith returns a Python interpreter that can import the modules:
// Debian's (where python3-sparqlwrapper and python3-rdflib install) or the
// first python3 on PATH.
func pythonWith(modules string) (string, error) {
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	var lastErr error
	for _, py := range candidates {
		if _, err := os.Stat(py); err != nil {
			lastErr = err
			continue
		}
		out, err := exec.Command(py, "-c", "import "+modules).CombinedOutput()
		if err == nil {
			return py, nil
		}
		lastErr = &exec.Error{Name: py, Err: &pyError{string(out)}}
	}
	return "", lastErr
}

type pyError struct{ msg string }

func (e *pyError) Error() string { return strings.TrimSpace(e.msg) }

// The most used Python clients work against the endpoint as their users
// call them: SPARQLWrapper (which sends format=xml&output=xml&results=xml
// and its own Accept) in every return format over GET and POST, an update
// with a bearer token, and rdflib's SPARQLStore and SPARQLUpdateStore.
func TestPythonClients(t *testing.T) {
	py, err := pythonWith("SPARQLWrapper, rdflib")
	if err != nil {
		testsupport.Missing(t, "python3 with SPARQLWrapper and rdflib not found (apt-get install python3-sparqlwrapper python3-rdflib): %v", err)
	}
	srv := server(t, Options{Store: testStore(t), AdminToken: "py-token"})
	cmd := exec.Command(py, "testdata/clients.py", srv.URL+"/sparql", srv.URL+"/sparql/update", "py-token", ex)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil || !strings.Contains(string(out), "all checks passed") {
		t.Fatalf("the Python clients failed: %v", err)
	}
}
