// Package mail sends the exchange's e-mail: invitations, password resets
// and notices about practices.
//
// A Sender delivers one Message: SMTPSender through an SMTP server
// (github.com/wneessen/go-mail), FileSender into .eml files for the demo and
// development (nothing leaves the machine). Outbox is a persistent queue in
// front of a Sender: Enqueue commits a message to a bbolt file at once and a
// worker sends it, retrying with backoff, so a mail server that is down
// delays mail but never loses it or fails the act that caused it.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
)

// Message is one e-mail to one recipient.
type Message struct {
	// To is the recipient: "name@example.org" or "Name <name@example.org>".
	To      string `json:"to"`
	Subject string `json:"subject"`
	// Text is the plain-text body (required); HTML an optional alternative.
	Text string `json:"text"`
	HTML string `json:"html,omitempty"`
	// Language of the message (en, de, fr), sent as Content-Language.
	Language string `json:"language,omitempty"`
}

// Sender delivers messages.
type Sender interface {
	// Send delivers m or returns why not. Errors that retrying cannot fix
	// (a recipient the server refuses, an invalid message) wrap
	// ErrPermanent.
	Send(ctx context.Context, m Message) error
}

// ErrPermanent marks a delivery error that retrying will not fix: the
// Outbox gives such a message up at once.
var ErrPermanent = errors.New("permanent failure")

// ErrInvalidMessage marks a message that cannot be sent as it is.
var ErrInvalidMessage = fmt.Errorf("invalid message (%w)", ErrPermanent)

// MaxBodyBytes bounds each body of a message.
const MaxBodyBytes = 1 << 20

var languageTag = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// Validate checks that m can be sent: a recipient address, a subject and a
// text, no line breaks in header fields (header injection), bounded bodies.
func (m Message) Validate() error {
	if _, err := ParseAddress(m.To); err != nil {
		return fmt.Errorf("%w: to: %w", ErrInvalidMessage, err)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return fmt.Errorf("%w: no subject", ErrInvalidMessage)
	}
	if hasLineBreak(m.Subject) {
		return fmt.Errorf("%w: the subject contains a line break", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Text) == "" {
		return fmt.Errorf("%w: no text", ErrInvalidMessage)
	}
	if len(m.Text) > MaxBodyBytes || len(m.HTML) > MaxBodyBytes {
		return fmt.Errorf("%w: a body is larger than %d bytes", ErrInvalidMessage, MaxBodyBytes)
	}
	if m.Language != "" && !languageTag.MatchString(m.Language) {
		return fmt.Errorf("%w: language %q is not a language tag", ErrInvalidMessage, m.Language)
	}
	return nil
}

// ParseAddress parses one address ("a@example.org" or "Name
// <a@example.org>"), refusing line breaks and lists.
func ParseAddress(s string) (*mail.Address, error) {
	if hasLineBreak(s) {
		return nil, fmt.Errorf("address %q contains a line break", s)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w", s, err)
	}
	if !strings.Contains(a.Address, "@") {
		return nil, fmt.Errorf("address %q has no domain", s)
	}
	return a, nil
}

func hasLineBreak(s string) bool { return strings.ContainsAny(s, "\r\n\u0085\u2028\u2029") }
