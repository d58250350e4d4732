package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/skillsmap/skillsmap/exchange/mail"
	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

// Environment variables that override secrets of the configuration file.
const (
	EnvSMTPPassword     = "SKILLSMAP_SMTP_PASSWORD"
	EnvOIDCClientSecret = "SKILLSMAP_OIDC_CLIENT_SECRET"
)

// Mail configures the e-mail the exchange sends (invitations, password
// resets, notices about practices): through an SMTP server, or into .eml
// files in a directory (demo, development). Without either, no e-mail is
// sent and invitation links are only shown.
type Mail struct {
	SMTP SMTP `yaml:"smtp"`
	// From is the sender, e.g. "Digital Skills Map <map@example.eu>";
	// required with smtp.
	From string `yaml:"from"`
	// Dir receives one .eml file per message instead of sending it; a
	// relative path is relative to the data directory.
	Dir string `yaml:"dir"`
}

// SMTP is the mail server.
type SMTP struct {
	Host string `yaml:"host"`
	// Port defaults by TLS mode: 587 (starttls), 465 (tls), 25 (none).
	Port     int    `yaml:"port"`
	Username string `yaml:"username"`
	// Password; SKILLSMAP_SMTP_PASSWORD overrides it.
	Password string `yaml:"password"`
	// TLS is starttls (default), tls, or none (for a loopback host only).
	TLS string `yaml:"tls"`
	// Timeout bounds each exchange with the server (default 30s).
	Timeout time.Duration `yaml:"timeout"`
}

// Enabled reports whether e-mail is configured (SMTP or files).
func (m Mail) Enabled() bool { return m.SMTP.Host != "" || m.Dir != "" }

// Accounts configures how people sign in.
type Accounts struct {
	// OIDC enables sign-in with an OpenID Connect provider besides
	// passwords. Accounts are still made by invitation only.
	OIDC OIDC `yaml:"oidc"`
}

// Exchange says where the exchange keeps its private state: review's
// versions, states and queue, the accounts with their sessions and tokens,
// and the e-mail outbox.
type Exchange struct {
	// RedisURL, when set (redis://host:6379/0), keeps that state in Redis,
	// shared by every instance, instead of DATA/review.db, DATA/accounts.db
	// and DATA/mail.db. It requires store.kind sparql (the instances must
	// share the store review publishes into), and a Redis that persists
	// its data (appendonly yes): the accounts live there. It may be the
	// same as harvest.redis_url; there is no default, so that a deployment
	// never moves its accounts without being told.
	RedisURL string `yaml:"redis_url"`
}

// OIDC is an OpenID Connect provider. The redirect URL to register at the
// provider is {public_url}login/oidc/callback.
type OIDC struct {
	// Issuer is the provider's issuer URL (https; http only on loopback).
	Issuer   string `yaml:"issuer"`
	ClientID string `yaml:"client_id"`
	// ClientSecret; SKILLSMAP_OIDC_CLIENT_SECRET overrides it.
	ClientSecret string `yaml:"client_secret"`
}

// Enabled reports whether OpenID Connect sign-in is configured.
func (o OIDC) Enabled() bool { return o.Issuer != "" }

func fieldError(field, format string, args ...any) error {
	return &sourceconfig.FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// validateExchange applies the environment overrides and defaults of the
// mail and accounts sections and checks them; each error names its key.
func (c *Config) validateExchange() error {
	if err := c.Mail.validate(); err != nil {
		return err
	}
	return c.Accounts.OIDC.validate()
}

func (m *Mail) validate() error {
	s := &m.SMTP
	if pw := os.Getenv(EnvSMTPPassword); pw != "" && s.Host != "" {
		s.Password = pw
	}
	if s.Host == "" {
		if s.Port != 0 || s.Username != "" || s.Password != "" || s.TLS != "" || s.Timeout != 0 {
			return fieldError("mail.smtp.host", "required when mail.smtp is given: the mail server's host name")
		}
	} else {
		if m.Dir != "" {
			return fieldError("mail", "give smtp (send e-mail) or dir (write .eml files), not both")
		}
		if strings.ContainsAny(s.Host, "/[] \t\r\n") || (strings.Contains(s.Host, ":") && net.ParseIP(s.Host) == nil) {
			return fieldError("mail.smtp.host", "%q: a host name or address only, without scheme or port (the port is mail.smtp.port)", s.Host)
		}
		switch s.TLS {
		case "":
			s.TLS = mail.TLSStartTLS
		case mail.TLSStartTLS, mail.TLSImplicit:
		case mail.TLSNone:
			if !mail.IsLoopback(s.Host) {
				return fieldError("mail.smtp.tls", "none sends passwords and mail in clear and is allowed for a loopback host only (not %q): use starttls or tls", s.Host)
			}
		default:
			return fieldError("mail.smtp.tls", "%q: want starttls (default), tls or none", s.TLS)
		}
		if s.Port < 0 || s.Port > 65535 {
			return fieldError("mail.smtp.port", "%d: want 1–65535, or leave it out for the default of the tls mode", s.Port)
		}
		if s.Timeout < 0 {
			return fieldError("mail.smtp.timeout", "must not be negative")
		}
		if s.Username != "" && s.Password == "" {
			return fieldError("mail.smtp.password", "required with a username: give it here or in %s", EnvSMTPPassword)
		}
		if s.Username == "" && s.Password != "" {
			return fieldError("mail.smtp.username", "required with a password")
		}
		if m.From == "" {
			return fieldError("mail.from", "required with mail.smtp: the sender, e.g. \"Digital Skills Map <map@example.eu>\"")
		}
	}
	if m.From != "" {
		if _, err := mail.ParseAddress(m.From); err != nil {
			return fieldError("mail.from", "%v: want an address such as \"Digital Skills Map <map@example.eu>\"", err)
		}
	}
	return nil
}

func (o *OIDC) validate() error {
	if secret := os.Getenv(EnvOIDCClientSecret); secret != "" && o.Issuer != "" {
		o.ClientSecret = secret
	}
	if o.Issuer == "" {
		if o.ClientID != "" || o.ClientSecret != "" {
			return fieldError("accounts.oidc.issuer", "required when accounts.oidc is given: the provider's issuer URL")
		}
		return nil
	}
	u, err := url.Parse(o.Issuer)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fieldError("accounts.oidc.issuer", "%q is not an absolute URL without query or fragment", o.Issuer)
	}
	if u.Scheme == "http" && !mail.IsLoopback(u.Hostname()) {
		return fieldError("accounts.oidc.issuer", "%q: use https (http is allowed for a provider on loopback only)", o.Issuer)
	}
	if o.ClientID == "" {
		return fieldError("accounts.oidc.client_id", "required: the client ID registered at the provider")
	}
	if o.ClientSecret == "" {
		return fieldError("accounts.oidc.client_secret", "required: give it here or in %s", EnvOIDCClientSecret)
	}
	return nil
}
