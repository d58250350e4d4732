package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// DefaultFileFrom is the sender of FileSender's messages when From is "".
const DefaultFileFrom = "Skillsmap <skillsmap@localhost>"

// FileSender writes each message as an RFC 5322 .eml file into Dir, for
// the demo and development: nothing leaves the machine, and any mail
// program opens the files.
type FileSender struct {
	// Dir receives the files (created if missing).
	Dir string
	// From is the sender (DefaultFileFrom when "").
	From string
	// Logger gets one line per message with the file's path (default
	// slog.Default()).
	Logger *slog.Logger
}

var _ Sender = FileSender{}

// Send implements Sender: it writes DIR/20060102-150405-<random>.eml
// (mode 0600: the message holds personal data) atomically.
func (f FileSender) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	fromText := f.From
	if fromText == "" {
		fromText = DefaultFileFrom
	}
	from, err := ParseAddress(fromText)
	if err != nil {
		return fmt.Errorf("mail file: from: %w (%w)", err, ErrPermanent)
	}
	now := time.Now()
	msg, err := buildMsg(from, m, now)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return fmt.Errorf("mail file: %w", err)
	}
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return fmt.Errorf("mail file: %w", err)
	}
	b := make([]byte, 4)
	rand.Read(b)
	path := filepath.Join(f.Dir, now.UTC().Format("20060102-150405")+"-"+hex.EncodeToString(b)+".eml")
	tmp, err := os.CreateTemp(f.Dir, ".eml-*")
	if err != nil {
		return fmt.Errorf("mail file: %w", err)
	}
	_, err = tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("mail file: %w", err)
	}
	log := f.Logger
	if log == nil {
		log = slog.Default()
	}
	log.Info("e-mail written to a file instead of sent", "path", path, "subject", m.Subject)
	return nil
}
