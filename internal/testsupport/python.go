package testsupport

import (
	"os"
	"os/exec"
	"strings"
)

// PythonWith returns a Python interpreter that can import the modules
// (comma-separated, as after "import"): Debian's, where the python3-*
// packages install, or else the first python3 on PATH.
func PythonWith(modules string) (string, error) {
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
		lastErr = &exec.Error{Name: py, Err: &pythonError{string(out)}}
	}
	return "", lastErr
}

// pythonError is what Python printed when an import failed.
type pythonError struct{ msg string }

func (e *pythonError) Error() string { return strings.TrimSpace(e.msg) }
