package mail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// received is a message as the test server got it.
type received struct {
	From string
	To   []string
	Data []byte
	User string // who authenticated, "" if nobody
	Pass string
}

// recorder is an SMTP backend that keeps what it receives.
type recorder struct {
	mu       sync.Mutex
	messages []received
	refuse   string // a recipient answered with 550
}

func (r *recorder) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{r: r}, nil }

func (r *recorder) all() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.messages...)
}

type session struct {
	r   *recorder
	cur received
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if password != "s3cret pässword" {
			return errors.New("bad password")
		}
		s.cur.User, s.cur.Pass = username, password
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.cur.From = from; return nil }

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == s.r.refuse {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = data
	s.r.mu.Lock()
	s.r.messages = append(s.r.messages, s.cur)
	s.r.mu.Unlock()
	s.cur = received{User: s.cur.User, Pass: s.cur.Pass}
	return nil
}

func (s *session) Reset()        { s.cur.From, s.cur.To, s.cur.Data = "", nil, nil }
func (s *session) Logout() error { return nil }

// testServer is an SMTP server on loopback.
type testServer struct {
	rec  *recorder
	port int
	srv  *smtp.Server
}

// startSMTP starts a server on 127.0.0.1 (on port, or any port for 0).
// With tlsCfg it offers STARTTLS, or with implicit speaks TLS at once.
func startSMTP(t *testing.T, port int, tlsCfg *tls.Config, implicit bool) *testServer {
	t.Helper()
	rec := &recorder{}
	s := smtp.NewServer(rec)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	s.TLSConfig = tlsCfg
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	if implicit {
		ln = tls.NewListener(ln, tlsCfg)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	return &testServer{rec: rec, port: ln.Addr().(*net.TCPAddr).Port, srv: s}
}

// testCert returns a server certificate for 127.0.0.1 and a client
// configuration that trusts it.
func testCert(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test SMTP"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

// parsed is a received message read back as a mail program would.
type parsed struct {
	Header  mail.Header
	Subject string
	Text    string
	HTML    string
}

func parseMessage(t *testing.T, data []byte) parsed {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not RFC 5322: %v\n%s", err, data)
	}
	var p parsed
	p.Header = m.Header
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	var walk func(ctype string, enc string, body io.Reader)
	walk = func(ctype, enc string, body io.Reader) {
		mt, params, err := mime.ParseMediaType(ctype)
		if err != nil {
			t.Fatalf("content type %q: %v", ctype, err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				part, err := mr.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				walk(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part)
			}
		}
		if !strings.EqualFold(params["charset"], "utf-8") {
			t.Errorf("part %s has charset %q, want UTF-8", mt, params["charset"])
		}
		r := body
		if strings.EqualFold(enc, "quoted-printable") {
			r = quotedprintable.NewReader(body)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		switch mt {
		case "text/plain":
			p.Text = string(b)
		case "text/html":
			p.HTML = string(b)
		}
	}
	walk(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body)
	return p
}

var testMessage = Message{
	To:       "Jürgen Müller <juergen@stadt.example>",
	Subject:  "Einladung: Grüße aus Köln – « Élève » déjà prêt",
	Text:     "Guten Tag,\r\n\r\nGrüße aus der Hauptstraße – ß, ä, ö, ü.\r\nUn élève français : « ça a déjà commencé ».\r\n",
	HTML:     "<p>Grüße – « déjà »</p>",
	Language: "de",
}

func TestSMTPSend(t *testing.T) {
	serverTLS, clientTLS := testCert(t)
	tests := []struct {
		name     string
		mode     string
		implicit bool
		offerTLS bool
		user     string
	}{
		{"none, loopback, with login", TLSNone, false, false, "mapper"},
		{"starttls with login", TLSStartTLS, false, true, "mapper"},
		{"implicit tls", TLSImplicit, true, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg *tls.Config
			if tt.offerTLS {
				cfg = serverTLS
			}
			srv := startSMTP(t, 0, cfg, tt.implicit)
			sc := SMTPConfig{Host: "127.0.0.1", Port: srv.port, TLS: tt.mode, From: "Digital Skills Map <map@skills.example>",
				Timeout: 10 * time.Second, TLSConfig: clientTLS}
			if tt.user != "" {
				sc.Username, sc.Password = tt.user, "s3cret pässword"
			}
			s, err := NewSMTPSender(sc)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Send(context.Background(), testMessage); err != nil {
				t.Fatal(err)
			}
			got := srv.rec.all()
			if len(got) != 1 {
				t.Fatalf("%d messages received", len(got))
			}
			r := got[0]
			if r.From != "map@skills.example" || len(r.To) != 1 || r.To[0] != "juergen@stadt.example" {
				t.Errorf("envelope from %q to %v", r.From, r.To)
			}
			if r.User != tt.user {
				t.Errorf("authenticated as %q, want %q", r.User, tt.user)
			}
			p := parseMessage(t, r.Data)
			if p.Subject != testMessage.Subject {
				t.Errorf("subject %q", p.Subject)
			}
			if to, _ := p.Header.AddressList("To"); len(to) != 1 || to[0].Name != "Jürgen Müller" || to[0].Address != "juergen@stadt.example" {
				t.Errorf("To %v", to)
			}
			if from, _ := p.Header.AddressList("From"); len(from) != 1 || from[0].Address != "map@skills.example" {
				t.Errorf("From %v", from)
			}
			if strings.ReplaceAll(p.Text, "\r\n", "\n") != strings.ReplaceAll(testMessage.Text, "\r\n", "\n") {
				t.Errorf("text body:\n%q\nwant\n%q", p.Text, testMessage.Text)
			}
			if p.HTML != testMessage.HTML {
				t.Errorf("HTML body %q", p.HTML)
			}
			if p.Header.Get("Content-Language") != "de" || p.Header.Get("Auto-Submitted") != "auto-generated" {
				t.Errorf("headers %v", p.Header)
			}
			if id := p.Header.Get("Message-Id"); !strings.HasSuffix(id, "@skills.example>") {
				t.Errorf("Message-ID %q", id)
			}
		})
	}
}

func TestSMTPRefusesHeaderInjection(t *testing.T) {
	srv := startSMTP(t, 0, nil, false)
	ctx := context.Background()
	for _, from := range []string{
		"map@skills.example\r\nBcc: victim@example.org",
		"Map\r\nBcc: victim@example.org <map@skills.example>",
		"map@skills.example\nX-Evil: 1",
	} {
		if _, err := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: srv.port, TLS: TLSNone, From: from}); err == nil {
			t.Errorf("From %q accepted", from)
		}
	}
	s, err := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: srv.port, TLS: TLSNone, From: "map@skills.example"})
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]Message{
		"recipient CRLF":   {To: "a@example.org\r\nBcc: victim@example.org", Subject: "Hi", Text: "x"},
		"recipient LF":     {To: "a@example.org\nBcc: victim@example.org", Subject: "Hi", Text: "x"},
		"recipient list":   {To: "a@example.org, victim@example.org", Subject: "Hi", Text: "x"},
		"subject CRLF":     {To: "a@example.org", Subject: "Hi\r\nBcc: victim@example.org", Text: "x"},
		"no subject":       {To: "a@example.org", Text: "x"},
		"no text":          {To: "a@example.org", Subject: "Hi"},
		"bad language tag": {To: "a@example.org", Subject: "Hi", Text: "x", Language: "de\r\nX: 1"},
	} {
		err := s.Send(ctx, m)
		if !errors.Is(err, ErrInvalidMessage) || !errors.Is(err, ErrPermanent) {
			t.Errorf("%s: %v, want ErrInvalidMessage (permanent)", name, err)
		}
	}
	if n := len(srv.rec.all()); n != 0 {
		t.Errorf("the server received %d messages", n)
	}
}

func TestSMTPConfig(t *testing.T) {
	tests := []struct {
		name     string
		cfg      SMTPConfig
		wantPort int
		wantErr  string
	}{
		{"starttls default", SMTPConfig{Host: "mail.example.eu", From: "a@example.eu"}, 587, ""},
		{"tls default port", SMTPConfig{Host: "mail.example.eu", TLS: TLSImplicit, From: "a@example.eu"}, 465, ""},
		{"none on localhost", SMTPConfig{Host: "localhost", TLS: TLSNone, From: "a@example.eu"}, 25, ""},
		{"none on ::1", SMTPConfig{Host: "::1", TLS: TLSNone, Port: 2525, From: "a@example.eu"}, 2525, ""},
		{"none elsewhere", SMTPConfig{Host: "mail.example.eu", TLS: TLSNone, From: "a@example.eu"}, 0, "loopback"},
		{"none on a private address", SMTPConfig{Host: "10.0.0.5", TLS: TLSNone, From: "a@example.eu"}, 0, "loopback"},
		{"unknown tls", SMTPConfig{Host: "mail.example.eu", TLS: "ssl", From: "a@example.eu"}, 0, "starttls, tls or none"},
		{"no host", SMTPConfig{From: "a@example.eu"}, 0, "no host"},
		{"bad port", SMTPConfig{Host: "mail.example.eu", Port: 70000, From: "a@example.eu"}, 0, "port"},
		{"user without password", SMTPConfig{Host: "mail.example.eu", Username: "u", From: "a@example.eu"}, 0, "both"},
		{"no from", SMTPConfig{Host: "mail.example.eu"}, 0, "from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSMTPSender(tt.cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.cfg.Port != tt.wantPort {
				t.Errorf("port %d, want %d", s.cfg.Port, tt.wantPort)
			}
		})
	}
}

// TestSMTPStartTLSIsRequired: with tls: starttls, a server that offers no
// STARTTLS gets nothing (no password, no message) in clear.
func TestSMTPStartTLSIsRequired(t *testing.T) {
	srv := startSMTP(t, 0, nil, false)
	s, err := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: srv.port, TLS: TLSStartTLS, From: "map@skills.example",
		Username: "mapper", Password: "s3cret pässword", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), testMessage)
	if err == nil || errors.Is(err, ErrPermanent) {
		t.Errorf("send without STARTTLS: %v, want a (temporary) error", err)
	}
	if n := len(srv.rec.all()); n != 0 {
		t.Errorf("%d messages sent in clear", n)
	}
}

func TestSMTPRecipientRefusedIsPermanent(t *testing.T) {
	srv := startSMTP(t, 0, nil, false)
	srv.rec.refuse = "gone@stadt.example"
	s, _ := NewSMTPSender(SMTPConfig{Host: "127.0.0.1", Port: srv.port, TLS: TLSNone, From: "map@skills.example"})
	err := s.Send(context.Background(), Message{To: "gone@stadt.example", Subject: "Hi", Text: "x"})
	if !errors.Is(err, ErrPermanent) {
		t.Errorf("550 to the recipient: %v, want ErrPermanent", err)
	}
}
