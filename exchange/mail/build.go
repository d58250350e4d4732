package mail

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// headerAutoSubmitted marks the exchange's mail as automatic (RFC 3834),
// so that out-of-office replies do not answer it.
const headerAutoSubmitted gomail.Header = "Auto-Submitted"

// buildMsg makes the RFC 5322 message of m from the sender from: UTF-8,
// quoted-printable bodies, a text part and, with HTML, an alternative.
func buildMsg(from *mail.Address, m Message, now time.Time) (*gomail.Msg, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	to, _ := ParseAddress(m.To)
	msg := gomail.NewMsg()
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderFrom, from)
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderTo, to)
	msg.Subject(m.Subject)
	msg.SetDateWithValue(now)
	msg.SetMessageIDWithValue(messageID(from.Address))
	msg.SetGenHeader(headerAutoSubmitted, "auto-generated")
	if m.Language != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Language)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// messageID is random at the sender's domain (not the host name, which
// would tell the world the server's name).
func messageID(from string) string {
	domain := "localhost"
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		domain = from[i+1:]
	}
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("%s@%s", hex.EncodeToString(b), domain)
}
