package config

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

func TestParseMailAndAccounts(t *testing.T) {
	c, err := Parse(strings.NewReader(`
mail:
  smtp: {host: smtp.example.eu, username: map, password: from-file}
  from: "Digital Skills Map <map@example.eu>"
accounts:
  oidc: {issuer: "https://login.example.eu/realms/city", client_id: skillsmap, client_secret: s3cret}
`))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Mail.Enabled() || c.Mail.SMTP.TLS != "starttls" || c.Mail.SMTP.Password != "from-file" || c.Mail.SMTP.Timeout != 0 {
		t.Errorf("mail %+v", c.Mail)
	}
	if !c.Accounts.OIDC.Enabled() || c.Accounts.OIDC.ClientSecret != "s3cret" {
		t.Errorf("oidc %+v", c.Accounts.OIDC)
	}
	c, err = Parse(strings.NewReader("mail: {dir: outgoing-mail}\n"))
	if err != nil || !c.Mail.Enabled() || c.Mail.Dir != "outgoing-mail" {
		t.Errorf("mail.dir: %+v %v", c.Mail, err)
	}
	c, err = Parse(strings.NewReader("public_url: https://x.example/\n"))
	if err != nil || c.Mail.Enabled() || c.Accounts.OIDC.Enabled() {
		t.Errorf("without sections, mail and OIDC are off: %+v %v", c, err)
	}
	c, err = Parse(strings.NewReader("mail:\n  smtp: {host: '::1', port: 2525, tls: none, timeout: 5s}\n  from: map@localhost\n"))
	if err != nil || c.Mail.SMTP.Timeout != 5*time.Second {
		t.Errorf("loopback in clear: %+v %v", c.Mail, err)
	}
}

func TestEnvironmentOverridesSecrets(t *testing.T) {
	t.Setenv(EnvSMTPPassword, "from-env")
	t.Setenv(EnvOIDCClientSecret, "secret-from-env")
	c, err := Parse(strings.NewReader(`
mail:
  smtp: {host: smtp.example.eu, username: map}
  from: map@example.eu
accounts:
  oidc: {issuer: "https://login.example.eu", client_id: skillsmap}
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Mail.SMTP.Password != "from-env" || c.Accounts.OIDC.ClientSecret != "secret-from-env" {
		t.Errorf("environment not applied: %+v %+v", c.Mail.SMTP, c.Accounts.OIDC)
	}
	// The variables alone switch nothing on.
	c, err = Parse(strings.NewReader("listen: ':9000'\n"))
	if err != nil || c.Mail.Enabled() || c.Accounts.OIDC.Enabled() || c.Mail.SMTP.Password != "" {
		t.Errorf("an environment variable enabled a section: %+v %v", c, err)
	}
}

func TestExchangeErrorsNameTheKey(t *testing.T) {
	tests := []struct {
		name, yaml, field, fix string
	}{
		{"smtp without host", "mail: {smtp: {port: 587}, from: a@b.example}\n", "mail.smtp.host", "host name"},
		{"host with port", "mail: {smtp: {host: 'smtp.example.eu:587'}, from: a@b.example}\n", "mail.smtp.host", "mail.smtp.port"},
		{"host with scheme", "mail: {smtp: {host: 'smtp://smtp.example.eu'}, from: a@b.example}\n", "mail.smtp.host", "without scheme"},
		{"both smtp and dir", "mail: {smtp: {host: smtp.example.eu}, dir: x, from: a@b.example}\n", "mail", "not both"},
		{"unknown tls", "mail: {smtp: {host: smtp.example.eu, tls: ssl}, from: a@b.example}\n", "mail.smtp.tls", "starttls"},
		{"clear text to a remote host", "mail: {smtp: {host: smtp.example.eu, tls: none}, from: a@b.example}\n", "mail.smtp.tls", "loopback"},
		{"bad port", "mail: {smtp: {host: smtp.example.eu, port: 70000}, from: a@b.example}\n", "mail.smtp.port", "1–65535"},
		{"negative timeout", "mail: {smtp: {host: smtp.example.eu, timeout: -1s}, from: a@b.example}\n", "mail.smtp.timeout", "negative"},
		{"user without password", "mail: {smtp: {host: smtp.example.eu, username: u}, from: a@b.example}\n", "mail.smtp.password", "SKILLSMAP_SMTP_PASSWORD"},
		{"password without user", "mail: {smtp: {host: smtp.example.eu, password: p}, from: a@b.example}\n", "mail.smtp.username", "required"},
		{"no from", "mail: {smtp: {host: smtp.example.eu}}\n", "mail.from", "Digital Skills Map <map@example.eu>"},
		{"bad from", "mail: {dir: x, from: 'not an address'}\n", "mail.from", "want an address"},
		{"unknown mail key", "mail: {smtp: {host: x, passwort: y}}\n", "mail.smtp.passwort", ""},
		{"oidc without issuer", "accounts: {oidc: {client_id: x}}\n", "accounts.oidc.issuer", "issuer URL"},
		{"relative issuer", "accounts: {oidc: {issuer: /realms/x, client_id: x, client_secret: y}}\n", "accounts.oidc.issuer", "absolute"},
		{"http issuer", "accounts: {oidc: {issuer: 'http://login.example.eu', client_id: x, client_secret: y}}\n", "accounts.oidc.issuer", "https"},
		{"no client id", "accounts: {oidc: {issuer: 'https://login.example.eu'}}\n", "accounts.oidc.client_id", "client ID"},
		{"no client secret", "accounts: {oidc: {issuer: 'https://login.example.eu', client_id: x}}\n", "accounts.oidc.client_secret", "SKILLSMAP_OIDC_CLIENT_SECRET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.yaml))
			if err == nil {
				t.Fatal("accepted")
			}
			var fe *sourceconfig.FieldError
			if errors.As(err, &fe) {
				if fe.Field != tt.field {
					t.Errorf("error %v names %s, want %s", err, fe.Field, tt.field)
				}
			} else if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %v does not name %s", err, tt.field)
			}
			if !strings.Contains(err.Error(), tt.fix) {
				t.Errorf("error %v does not say %q", err, tt.fix)
			}
		})
	}
	// http is fine for a provider on loopback (tests, a local Keycloak).
	if _, err := Parse(strings.NewReader("accounts: {oidc: {issuer: 'http://127.0.0.1:8081/realms/x', client_id: x, client_secret: y}}\n")); err != nil {
		t.Errorf("loopback issuer over http: %v", err)
	}
}

// TestAccountsDocExamples parses every YAML example of docs/accounts.md.
func TestAccountsDocExamples(t *testing.T) {
	text, err := os.ReadFile("../../docs/accounts.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(text, -1)
	if len(blocks) == 0 {
		t.Fatal("no YAML examples in docs/accounts.md")
	}
	for i, b := range blocks {
		if _, err := Parse(bytes.NewReader(b[1])); err != nil {
			t.Errorf("docs/accounts.md, example %d: %v\n%s", i+1, err, b[1])
		}
	}
}
