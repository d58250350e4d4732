package testsupport

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// virtuosoINI is a Virtuoso 7 configuration for one test: loopback ports,
// every file in one directory, little memory, and reads that may be paged
// past Virtuoso's default sort limit.
const virtuosoINI = `[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sqlport}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxSortedTopRows = 10000000
DirsAllowed = .
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{httpport}
ServerRoot = {dir}
ServerThreads = 20
MaxClientConnections = 20
MaxKeepAlives = 20
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
`

// Virtuoso is a running Virtuoso server.
type Virtuoso struct {
	// SPARQL is the query and update endpoint (http://127.0.0.1:PORT/sparql).
	SPARQL string
	// Dir holds its database and log.
	Dir string
}

// VirtuosoBuffers is the number of 8 KiB pages a test's Virtuoso caches
// (about 80 MB); benchmarks pass more to StartVirtuosoWith.
const VirtuosoBuffers = 10000

// StartVirtuoso runs Debian's virtuoso-t (package virtuoso-opensource) on
// free loopback ports with a fresh database in a temporary directory,
// lets anonymous SPARQL clients update (GRANT SPARQL_UPDATE) and stops it
// when the test ends. Without the package the test is Missing.
func StartVirtuoso(t testing.TB) *Virtuoso {
	t.Helper()
	v, stop, err := StartVirtuosoWith(t.TempDir(), VirtuosoBuffers)
	if err == errNoVirtuoso {
		Missing(t, "virtuoso-t is not installed (Debian package virtuoso-opensource): skipping the Virtuoso test")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return v
}

var errNoVirtuoso = fmt.Errorf("virtuoso-t is not installed")

// StartVirtuosoWith starts Virtuoso in dir with the given number of page
// buffers; stop ends it. For benchmarks and tests alike.
func StartVirtuosoWith(dir string, buffers int) (v *Virtuoso, stop func(), err error) {
	bin, err := exec.LookPath("virtuoso-t")
	if err != nil {
		return nil, nil, errNoVirtuoso
	}
	isql, err := exec.LookPath("isql-vt")
	if err != nil {
		return nil, nil, errNoVirtuoso
	}
	sqlPort, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	httpPort, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	ini := strings.NewReplacer("{dir}", dir, "{sqlport}", fmt.Sprint(sqlPort), "{httpport}", fmt.Sprint(httpPort),
		"{buffers}", fmt.Sprint(buffers), "{dirty}", fmt.Sprint(buffers*3/4)).Replace(virtuosoINI)
	iniPath := filepath.Join(dir, "virtuoso.ini")
	if err := os.WriteFile(iniPath, []byte(ini), 0o600); err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(bin, "-c", iniPath, "+foreground")
	cmd.Dir = dir
	logFile, err := os.Create(filepath.Join(dir, "stdout.log"))
	if err != nil {
		return nil, nil, err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, nil, fmt.Errorf("start virtuoso-t: %w", err)
	}
	stop = func() {
		cmd.Process.Kill()
		cmd.Wait()
		logFile.Close()
	}
	v = &Virtuoso{SPARQL: fmt.Sprintf("http://127.0.0.1:%d/sparql", httpPort), Dir: dir}
	if err := waitHTTP(v.SPARQL+"?query="+url.QueryEscape("ASK {}"), 90*time.Second); err != nil {
		stop()
		log, _ := os.ReadFile(filepath.Join(dir, "virtuoso.log"))
		return nil, nil, fmt.Errorf("virtuoso did not start: %w\n%s", err, log)
	}
	out, err := exec.Command(isql, fmt.Sprintf("127.0.0.1:%d", sqlPort), "dba", "dba",
		`exec=GRANT SPARQL_UPDATE TO "SPARQL";`).CombinedOutput()
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("grant SPARQL_UPDATE: %w\n%s", err, out)
	}
	return v, stop, nil
}

// freePort returns a TCP port free on 127.0.0.1 at the time of asking.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitHTTP polls u until it answers 200 or the wait ends.
func waitHTTP(u string, wait time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	var last error
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		last = err
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s: %w", u, last)
}
