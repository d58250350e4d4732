package sparqlhttp

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/internal/testsupport"
)

// The most used Python clients work against the endpoint as their users
// call them: SPARQLWrapper (which sends format=xml&output=xml&results=xml
// and its own Accept) in every return format over GET and POST, an update
// with a bearer token, and rdflib's SPARQLStore and SPARQLUpdateStore.
func TestPythonClients(t *testing.T) {
	py, err := testsupport.PythonWith("SPARQLWrapper, rdflib")
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
