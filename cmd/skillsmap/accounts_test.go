package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/accounts"
	"github.com/skillsmap/skillsmap/exchange/mail"
	"github.com/skillsmap/skillsmap/internal/config"
)

func init() {
	// Password hashing at production cost would dominate these tests.
	argon2Params = accounts.Argon2Params{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32, SaltLen: 16}
}

// runIn executes the command line with stdin.
func runIn(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

// exchangeConfig writes a skillsmap.yaml with a data directory, a public
// URL, one source and mail written to files.
func exchangeConfig(t *testing.T, mailSection string) (configPath, dataDir string) {
	t.Helper()
	dir := t.TempDir()
	dataDir = filepath.Join(dir, "data")
	yaml := "public_url: https://map.example.eu/\ndata_dir: " + dataDir + "\n" +
		"catalog: {title: Digital Skills Map, publisher: City of Example}\n" +
		"sources:\n  - {id: urban-skills, start_urls: ['https://urban.example.eu/'], extractor: jsonld}\n" + mailSection
	configPath = filepath.Join(dir, "skillsmap.yaml")
	if err := os.WriteFile(configPath, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return configPath, dataDir
}

const adminPassword = "a long admin passphrase"

func TestUserAddFirstAdminAndList(t *testing.T) {
	cfg, dataDir := exchangeConfig(t, "")
	out, err := runIn(t, adminPassword+"\n", "user", "add", "--config", cfg, "--email", "Ada@Map.example",
		"--name", "Ada Admin", "--org", "digital-skills-map", "--org-name", "Digital Skills Map", "--role", "admin", "--password-stdin")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, "organisation digital-skills-map added") || !strings.Contains(out, "user ada@map.example added: admin of digital-skills-map") {
		t.Errorf("output:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "accounts.db")); err != nil {
		t.Errorf("no accounts.db: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "store")); err == nil {
		t.Error("the accounts commands opened the quad store")
	}

	// A second user into the existing organisation, the password with CRLF.
	if out, err := runIn(t, "another long passphrase\r\n", "user", "add", "--config", cfg, "--email", "ed@map.example",
		"--name", "Ed Editor", "--org", "digital-skills-map", "--role", "editor", "--password-stdin"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	out, err = run(t, "user", "list", "--config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ada@map.example", "Ada Admin", "admin", "ed@map.example", "editor", "password", "active"} {
		if !strings.Contains(out, want) {
			t.Errorf("user list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "argon2") || strings.Contains(out, "$") {
		t.Errorf("user list shows a password hash:\n%s", out)
	}
	out, err = run(t, "org", "list", "--config", cfg)
	if err != nil || !regexp.MustCompile(`digital-skills-map\s+other\s+-\s+2\s+Digital Skills Map`).MatchString(out) {
		t.Errorf("org list: %v\n%s", err, out)
	}

	// The password works, read back through the service.
	svc, st, err := openAccounts(mustConfig(t, cfg))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := svc.Login(context.Background(), "ed@map.example", "another long passphrase", ""); err != nil {
		t.Errorf("login with the password from stdin: %v", err)
	}
}

func mustConfig(t *testing.T, path string) *config.Config {
	t.Helper()
	c, err := loadConfig(&globalFlags{config: path}, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUserAddErrors(t *testing.T) {
	cfg, _ := exchangeConfig(t, "")
	if _, err := runIn(t, adminPassword+"\n", "user", "add", "--config", cfg, "--email", "a@map.example", "--name", "A",
		"--org", "map", "--org-name", "The Map", "--role", "admin", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
		usage bool
	}{
		{"no --password-stdin", adminPassword, []string{"--email", "b@map.example", "--name", "B", "--org", "map"}, "--password-stdin", true},
		{"short password", "short\n", []string{"--email", "b@map.example", "--name", "B", "--org", "map", "--password-stdin"}, "at least 12", false},
		{"no password", "", []string{"--email", "b@map.example", "--name", "B", "--org", "map", "--password-stdin"}, "no password", false},
		{"taken e-mail", adminPassword, []string{"--email", "A@map.example", "--name", "B", "--org", "map", "--password-stdin"}, "exists", false},
		{"unknown organisation", adminPassword, []string{"--email", "b@map.example", "--name", "B", "--org", "nowhere", "--password-stdin"}, "not found", false},
		{"bad role", adminPassword, []string{"--email", "b@map.example", "--name", "B", "--org", "map", "--role", "root", "--password-stdin"}, "--role", true},
		{"org name differs", adminPassword, []string{"--email", "b@map.example", "--name", "B", "--org", "map", "--org-name", "Other", "--password-stdin"}, "exists with the name", false},
		{"source id as organisation", adminPassword, []string{"--email", "b@map.example", "--name", "B", "--org-name", "Urban Skills", "--password-stdin"}, "harvest source", false},
		{"bad e-mail", adminPassword, []string{"--email", "not-an-address", "--name", "B", "--org", "map", "--password-stdin"}, "e-mail", false},
		{"missing flags", adminPassword, []string{"--email", "b@map.example", "--password-stdin"}, "required", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runIn(t, tt.stdin, append([]string{"user", "add", "--config", cfg}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one mentioning %q\n%s", err, tt.want, out)
			}
			var ue usageError
			if errors.As(err, &ue) != tt.usage {
				t.Errorf("usage error = %v, want %v", !tt.usage, tt.usage)
			}
		})
	}
}

func TestUserInviteWithMail(t *testing.T) {
	cfg, dataDir := exchangeConfig(t, "mail: {dir: outgoing, from: 'Digital Skills Map <map@example.eu>'}\n")
	if _, err := runIn(t, adminPassword, "user", "add", "--config", cfg, "--email", "a@map.example", "--name", "A",
		"--org", "map", "--org-name", "The Map", "--role", "admin", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "org", "add", "--config", cfg, "--name", "Stadt Köln", "--kind", "city", "--country", "de"); err != nil ||
		!strings.Contains(out, "organisation stadt-koeln added") {
		t.Fatalf("org add: %v\n%s", err, out)
	}
	out, err := run(t, "user", "invite", "--config", cfg, "--email", "Juergen@Koeln.example", "--org", "stadt-koeln", "--lang", "de")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	m := regexp.MustCompile(`https://map\.example\.eu/invite/([A-Za-z0-9_-]{43})\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no invitation link in:\n%s", out)
	}
	if !strings.Contains(out, "invitation e-mail sent to juergen@koeln.example") {
		t.Errorf("output:\n%s", out)
	}
	files, _ := filepath.Glob(filepath.Join(dataDir, "outgoing", "*.eml"))
	if len(files) != 1 {
		t.Fatalf("%d .eml files, want 1", len(files))
	}
	data, _ := os.ReadFile(files[0])
	text := strings.ReplaceAll(string(data), "=\r\n", "") // quoted-printable soft breaks
	for _, want := range []string{m[0][:len(m[0])-1], "Stadt K=C3=B6ln", "City of Example", "7 Tage", "Content-Language: de", "To: <juergen@koeln.example>"} {
		if !strings.Contains(text, want) {
			t.Errorf("the e-mail lacks %q:\n%s", want, text)
		}
	}
	out, _ = run(t, "user", "list", "--config", cfg)
	if !strings.Contains(out, "pending invitations:") || !strings.Contains(out, "juergen@koeln.example") {
		t.Errorf("pending invitation not listed:\n%s", out)
	}
	// The token in the link is the invitation's.
	svc, st, err := openAccounts(mustConfig(t, cfg))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := svc.AcceptInvitation(context.Background(), m[1], "Jürgen", "a passphrase for köln")
	if err != nil || u.OrgID != "stadt-koeln" || u.Role != accounts.RoleContributor || u.Language != "de" {
		t.Errorf("accept the printed token: %+v %v", u, err)
	}
}

func TestUserInviteWithoutMailAndErrors(t *testing.T) {
	cfg, _ := exchangeConfig(t, "")
	runIn(t, adminPassword, "user", "add", "--config", cfg, "--email", "a@map.example", "--name", "A",
		"--org", "map", "--org-name", "The Map", "--role", "admin", "--password-stdin")
	run(t, "org", "add", "--config", cfg, "--name", "Partner", "--id", "partner")
	out, err := run(t, "user", "invite", "--config", cfg, "--email", "p@partner.example", "--org", "partner")
	if err != nil || !strings.Contains(out, "https://map.example.eu/invite/") || !strings.Contains(out, "no e-mail configured") {
		t.Errorf("%v\n%s", err, out)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--email", "x@partner.example", "--org", "partner", "--role", "editor"}, "organisation that runs the map"},
		{[]string{"--email", "a@map.example", "--org", "map"}, "exists"},
		{[]string{"--email", "x@partner.example", "--org", "nowhere"}, "not found"},
		{[]string{"--email", "x@partner.example", "--org", "partner", "--lang", "it"}, "--lang"},
		{[]string{"--email", "x@partner.example"}, "required"},
	}
	for _, tt := range tests {
		if _, err := run(t, append([]string{"user", "invite", "--config", cfg}, tt.args...)...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("invite %v: %v, want an error mentioning %q", tt.args, err, tt.want)
		}
	}
}

func TestUserDelete(t *testing.T) {
	cfg, dataDir := exchangeConfig(t, "")
	runIn(t, adminPassword, "user", "add", "--config", cfg, "--email", "a@map.example", "--name", "A",
		"--org", "map", "--org-name", "The Map", "--role", "admin", "--password-stdin")
	runIn(t, adminPassword, "user", "add", "--config", cfg, "--email", "gone@map.example", "--name", "Gone Person",
		"--org", "map", "--password-stdin")
	if _, err := run(t, "user", "delete", "--config", cfg, "--email", "a@map.example"); err == nil || !strings.Contains(err.Error(), "last admin") {
		t.Errorf("deleting the last admin: %v", err)
	}
	out, err := run(t, "user", "delete", "--config", cfg, "--email", "GONE@map.example")
	if err != nil || !strings.Contains(out, "gone@map.example deleted") {
		t.Fatalf("%v\n%s", err, out)
	}
	out, _ = run(t, "user", "list", "--config", cfg)
	if strings.Contains(out, "gone@") || !strings.Contains(out, "a@map.example") {
		t.Errorf("list after delete:\n%s", out)
	}
	data, _ := os.ReadFile(filepath.Join(dataDir, "accounts.db"))
	if bytes.Contains(data, []byte("gone@map.example")) || bytes.Contains(data, []byte("Gone Person")) {
		t.Error("the deleted user's data is still in accounts.db")
	}
	if _, err := run(t, "user", "delete", "--config", cfg, "--email", "nobody@map.example"); err == nil || !strings.Contains(err.Error(), "no user") {
		t.Errorf("deleting an unknown user: %v", err)
	}
}

func TestOrgAddErrors(t *testing.T) {
	cfg, _ := exchangeConfig(t, "")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--name", "Urban Skills"}, "harvest source"},
		{[]string{"--name", "X", "--kind", "company"}, "kind"},
		{[]string{"--name", "X", "--country", "Germany"}, "ISO 3166"},
		{[]string{"--kind", "city"}, "--name"},
	}
	for _, tt := range tests {
		if _, err := run(t, append([]string{"org", "add", "--config", cfg}, tt.args...)...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("org add %v: %v, want an error mentioning %q", tt.args, err, tt.want)
		}
	}
}

// TestUserInviteQueuesWhenSMTPIsDown: an invitation whose e-mail cannot be
// sent is still made, and its e-mail stays in the queue.
func TestUserInviteQueuesWhenSMTPIsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now
	cfg, dataDir := exchangeConfig(t, fmt.Sprintf("mail:\n  smtp: {host: 127.0.0.1, port: %d, tls: none}\n  from: map@example.eu\n", port))
	runIn(t, adminPassword, "user", "add", "--config", cfg, "--email", "a@map.example", "--name", "A",
		"--org", "map", "--org-name", "The Map", "--role", "admin", "--password-stdin")
	out, err := run(t, "user", "invite", "--config", cfg, "--email", "p@map.example", "--org", "map")
	if err != nil || !strings.Contains(out, "https://map.example.eu/invite/") || !strings.Contains(out, "stays queued") {
		t.Fatalf("%v\n%s", err, out)
	}
	o, err := mail.OpenOutbox(filepath.Join(dataDir, "mail.db"), mail.FileSender{Dir: t.TempDir()}, mail.OutboxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if n, err := o.Pending(); n != 1 || err != nil {
		t.Errorf("%d queued messages (%v), want the invitation", n, err)
	}
}
