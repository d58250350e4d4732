package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes of SMTPConfig.
const (
	// TLSStartTLS upgrades a plain connection with STARTTLS and refuses a
	// server that does not offer it (port 587 by default).
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (port 465 by default).
	TLSImplicit = "tls"
	// TLSNone sends in clear: allowed for a server on loopback only (a local
	// relay or a test server), port 25 by default.
	TLSNone = "none"
)

// SMTPConfig says how to reach the SMTP server.
type SMTPConfig struct {
	Host string
	// Port defaults by TLS mode: 587, 465 or 25.
	Port     int
	Username string
	Password string
	// TLS is "starttls" (default), "tls" or "none" (loopback hosts only).
	TLS string
	// From is the sender, e.g. "Digital Skills Map <map@example.eu>".
	From string
	// Timeout bounds connecting and each exchange with the server
	// (default 30 s).
	Timeout time.Duration
	// TLSConfig overrides the TLS settings, e.g. to trust a private CA;
	// its ServerName defaults to Host.
	TLSConfig *tls.Config
}

// SMTPSender sends each message over its own connection to an SMTP server.
type SMTPSender struct {
	cfg  SMTPConfig
	from *mail.Address
}

var _ Sender = (*SMTPSender)(nil)

// IsLoopback reports whether host names this machine: "localhost" or a
// loopback address (127.0.0.0/8, ::1).
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// NewSMTPSender checks the configuration and returns the sender. It does
// not connect: a server that is down fails the first Send, which the
// Outbox retries.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if cfg.Host == "" {
		return nil, errors.New("smtp: no host")
	}
	if strings.ContainsAny(cfg.Host, "/ \r\n") {
		return nil, fmt.Errorf("smtp: host %q is not a host name or address", cfg.Host)
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = TLSStartTLS
	case TLSStartTLS, TLSImplicit:
	case TLSNone:
		if !IsLoopback(cfg.Host) {
			return nil, fmt.Errorf("smtp: tls %q is allowed for a loopback host only, not %q: use starttls or tls", TLSNone, cfg.Host)
		}
	default:
		return nil, fmt.Errorf("smtp: tls %q: want starttls, tls or none", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[cfg.TLS]
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return nil, fmt.Errorf("smtp: port %d out of range", cfg.Port)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if (cfg.Username == "") != (cfg.Password == "") {
		return nil, errors.New("smtp: give both username and password, or neither")
	}
	if hasLineBreak(cfg.Username) || hasLineBreak(cfg.Password) {
		return nil, errors.New("smtp: username or password contains a line break")
	}
	from, err := ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("smtp: from: %w", err)
	}
	return &SMTPSender{cfg: cfg, from: from}, nil
}

// Send implements Sender.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	msg, err := buildMsg(s.from, m, time.Now())
	if err != nil {
		return err
	}
	tlsCfg := &tls.Config{ServerName: s.cfg.Host, MinVersion: tls.VersionTLS12}
	if s.cfg.TLSConfig != nil {
		tlsCfg = s.cfg.TLSConfig.Clone()
		if tlsCfg.ServerName == "" {
			tlsCfg.ServerName = s.cfg.Host
		}
	}
	opts := []gomail.Option{
		gomail.WithPort(s.cfg.Port),
		gomail.WithTimeout(s.cfg.Timeout),
		gomail.WithTLSConfig(tlsCfg),
	}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.Username != "" {
		auth := gomail.SMTPAuthAutoDiscover
		if s.cfg.TLS == TLSNone {
			auth = gomail.SMTPAuthPlain // allowed in clear to loopback only
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	client, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp %s:%d: %w", s.cfg.Host, s.cfg.Port, err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		err = fmt.Errorf("smtp %s:%d: %w", s.cfg.Host, s.cfg.Port, err)
		if refused(err) {
			return fmt.Errorf("%w (%w)", err, ErrPermanent)
		}
		return err
	}
	return nil
}

// refused reports whether the server refused the recipient or the
// message with a permanent (5xx) reply: sending again will not help. Other
// failures, a 5xx to the login included (a configuration to fix), are
// retried.
func refused(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return false
	}
	code := se.ErrorCode()
	return (se.Reason == gomail.ErrSMTPRcptTo || se.Reason == gomail.ErrSMTPData || se.Reason == gomail.ErrSMTPDataClose) &&
		code >= 500 && code < 600
}
