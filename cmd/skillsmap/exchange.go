package main

import (
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/mail"
	"github.com/skillsmap/skillsmap/internal/config"
)

// The exchange's databases in the data directory: never the quad store,
// which holds only what is public.
const (
	accountsFile = "accounts.db"
	mailFile     = "mail.db"
)

// argon2Params are the parameters of new password hashes (tests lower
// them: the default costs 64 MiB and a noticeable time per hash).
var argon2Params = accounts.DefaultArgon2

// openAccounts opens DATA/accounts.db and the service over it. The
// configured sources' IDs are reserved: an organisation cannot take one.
func openAccounts(cfg *config.Config) (*accounts.Service, *accounts.BoltStore, error) {
	st, err := accounts.OpenBolt(filepath.Join(cfg.DataDir, accountsFile))
	if err != nil {
		return nil, nil, err
	}
	var reserved []string
	for _, s := range cfg.Sources {
		reserved = append(reserved, s.ID)
	}
	svc, err := accounts.NewService(st, accounts.Options{ReservedIDs: reserved, Argon2: argon2Params, Logger: slog.Default()})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, st, nil
}

// newMailSender returns the configured Sender: SMTP, or .eml files in
// mail.dir (relative to the data directory); nil when mail is not
// configured.
func newMailSender(cfg *config.Config) (mail.Sender, error) {
	m := cfg.Mail
	switch {
	case m.SMTP.Host != "":
		s, err := mail.NewSMTPSender(mail.SMTPConfig{
			Host: m.SMTP.Host, Port: m.SMTP.Port, Username: m.SMTP.Username, Password: m.SMTP.Password,
			TLS: m.SMTP.TLS, From: m.From, Timeout: m.SMTP.Timeout,
		})
		if err != nil {
			return nil, fmt.Errorf("mail.smtp: %w", err)
		}
		return s, nil
	case m.Dir != "":
		dir := m.Dir
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(cfg.DataDir, dir)
		}
		return mail.FileSender{Dir: dir, From: m.From, Logger: slog.Default()}, nil
	}
	return nil, nil
}

// openOutbox opens DATA/mail.db over the configured sender; nil, nil when
// mail is not configured.
func openOutbox(cfg *config.Config) (*mail.Outbox, error) {
	sender, err := newMailSender(cfg)
	if err != nil || sender == nil {
		return nil, err
	}
	return mail.OpenOutbox(filepath.Join(cfg.DataDir, mailFile), sender, mail.OutboxOptions{Logger: slog.Default()})
}
