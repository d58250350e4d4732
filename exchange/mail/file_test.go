package mail

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileSender(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outgoing")
	s := FileSender{Dir: dir, Logger: quiet}
	if err := s.Send(context.Background(), testMessage); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) != 1 || !strings.HasSuffix(files[0], ".eml") {
		t.Fatalf("files %v (%v), want one .eml (no temporary file left)", files, err)
	}
	fi, _ := os.Stat(files[0])
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode())
	}
	data, _ := os.ReadFile(files[0])
	p := parseMessage(t, data)
	if p.Subject != testMessage.Subject || !strings.Contains(p.Text, "Hauptstraße") || !strings.Contains(p.Text, "déjà") {
		t.Errorf("file message: %q %q", p.Subject, p.Text)
	}
	if from := p.Header.Get("From"); !strings.Contains(from, "skillsmap@localhost") {
		t.Errorf("From %q", from)
	}
	if err := s.Send(context.Background(), Message{To: "x@example.org\r\nBcc: y@example.org", Subject: "x", Text: "x"}); !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("injection into a file: %v", err)
	}
}
