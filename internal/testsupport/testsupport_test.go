package testsupport

import "testing"

// fakeTB records what Missing does.
type fakeTB struct {
	testing.TB
	skipped, failed bool
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Skipf(string, ...any)  { f.skipped = true }
func (f *fakeTB) Fatalf(string, ...any) { f.failed = true }

func TestMissingFailsInCI(t *testing.T) {
	t.Setenv("CI", "true")
	f := &fakeTB{}
	Missing(f, "no %s", "tool")
	if !f.failed || f.skipped {
		t.Errorf("with CI=true: failed %v, skipped %v; want a failure", f.failed, f.skipped)
	}
	t.Setenv("CI", "")
	f = &fakeTB{}
	Missing(f, "no %s", "tool")
	if f.failed || !f.skipped {
		t.Errorf("without CI: failed %v, skipped %v; want a skip", f.failed, f.skipped)
	}
}
