// Package testsupport holds helpers for tests. Its one rule: a test whose
// prerequisite (a suite in ../shared, a tool, a server, a package) is
// missing skips with a message on a developer's machine, but fails in CI,
// where .ci/run installs everything, so that CI cannot silently lose a
// suite.
package testsupport

import (
	"os"
	"testing"
)

// InCI reports whether the tests run in CI (the environment variable CI is
// "true", as .ci/run and most CI services set it).
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing reports a missing prerequisite: the test skips with the message,
// or fails with it when InCI.
func Missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if InCI() {
		tb.Fatalf("CI=true but a prerequisite is missing: "+format, args...)
		return
	}
	tb.Skipf(format, args...)
}
