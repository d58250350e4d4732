// Package notify writes the exchange's e-mails: invitations, password
// resets and notices about a practice's state, in the recipient's
// language, as a plain-text body with an HTML alternative.
//
// It joins exchange/i18n (the texts) and exchange/mail (the message), so
// that neither depends on the other.
package notify

import (
	"errors"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/mail"
)

// Kind is the kind of an e-mail.
type Kind string

// The kinds of e-mail.
const (
	// Invitation invites a person into an organisation.
	Invitation Kind = "invitation"
	// PasswordReset carries a password reset link.
	PasswordReset Kind = "password_reset"
	// PracticeSubmitted confirms a submission to the organisation.
	PracticeSubmitted Kind = "practice_submitted"
	// PracticeApproved tells the organisation its practice is published.
	PracticeApproved Kind = "practice_approved"
	// PracticeRejected gives the editor's reason for not publishing.
	PracticeRejected Kind = "practice_rejected"
	// ChangesRequested gives the editor's request and the edit link.
	ChangesRequested Kind = "changes_requested"
	// PracticeCorrected names the fields an editor corrected.
	PracticeCorrected Kind = "practice_corrected"
	// HarvestHeld tells an organisation that a practice harvested from a
	// source held for review waits for the editors.
	HarvestHeld Kind = "harvest_held"
	// TransferOpened tells a practice's organisation that another one
	// wants to adapt it, with its first message.
	TransferOpened Kind = "transfer_opened"
	// TransferOffered tells a need's organisation that another one offers
	// its practice for the need, with its first message.
	TransferOffered Kind = "transfer_offered"
	// TransferMessage carries a message between the sides of a transfer.
	TransferMessage Kind = "transfer_message"
	// TransferState tells a side of a transfer that it was accepted,
	// declined, withdrawn or marked adapted.
	TransferState Kind = "transfer_state"
)

// Kinds lists every kind.
func Kinds() []Kind {
	return []Kind{Invitation, PasswordReset, PracticeSubmitted, PracticeApproved, PracticeRejected,
		ChangesRequested, PracticeCorrected, HarvestHeld, TransferOpened, TransferOffered, TransferMessage, TransferState}
}

// Data is what an e-mail says. Which fields a kind needs: Site and Link
// always; Invitation: Organisation, InviterOrganisation, Expires;
// PasswordReset: Expires; the practice kinds: Practice and Organisation,
// and PracticeRejected and ChangesRequested a Reason, PracticeCorrected
// Fields, HarvestHeld Source.
type Data struct {
	// Site is the map's name (the catalog title, "Digital Skills Map").
	Site string
	// RecipientName greets the recipient; "" for a neutral greeting.
	RecipientName string
	// Organisation is the organisation joined or whose practice it is.
	Organisation string
	// InviterOrganisation is the inviter's organisation.
	InviterOrganisation string
	// Practice is the practice's title.
	Practice string
	// Source is the name of the harvest source.
	Source string
	// Reason is the editor's text; it may have several lines.
	Reason string
	// Fields are the corrected fields' names (title, description, …, as
	// exchange/record names them); known ones are translated.
	Fields []string
	// Link is the absolute http(s) URL of the invitation, the reset, the
	// public practice, the edit form or the practice's state.
	Link string
	// Expires is how long Link is valid (invitations, resets).
	Expires time.Duration
	// OtherOrganisation is the other side of a transfer; State a
	// transfer's new state (in-progress, declined, withdrawn, adapted).
	OtherOrganisation string
	State             string
}

// Compose writes the e-mail of a kind to the address to, in the language
// of loc.
func Compose(loc *i18n.Localizer, kind Kind, to string, d Data) (mail.Message, error) {
	if err := d.check(kind); err != nil {
		return mail.Message{}, fmt.Errorf("compose %s e-mail: %w", kind, err)
	}
	vars := map[string]any{
		"Site":                oneLine(d.Site),
		"Name":                oneLine(d.RecipientName),
		"Organisation":        oneLine(d.Organisation),
		"InviterOrganisation": oneLine(d.InviterOrganisation),
		"Practice":            oneLine(d.Practice),
		"Source":              oneLine(d.Source),
		"Reason":              strings.TrimSpace(strings.ReplaceAll(d.Reason, "\r\n", "\n")),
		"Link":                d.Link,
		"Expiry":              duration(loc, d.Expires),
		"OtherOrganisation":   oneLine(d.OtherOrganisation),
		"State":               d.State,
	}
	if d.State != "" {
		if id := "mail.transfer_state." + d.State; loc.Has(id) {
			vars["State"] = loc.T(id, nil)
		}
	}
	if kind == PracticeCorrected {
		names := make([]string, len(d.Fields))
		for i, f := range d.Fields {
			names[i] = f
			if id := "mail.field." + f; loc.Has(id) {
				names[i] = loc.T(id, nil)
			}
		}
		vars["Changes"] = loc.Plural("mail.practice_corrected.fields", len(names), map[string]any{"Fields": strings.Join(names, ", ")})
	}
	prefix := "mail." + string(kind)
	subject := loc.T(prefix+".subject", vars)
	body := loc.T(prefix+".body", vars)
	if subject == prefix+".subject" || body == prefix+".body" {
		return mail.Message{}, fmt.Errorf("compose %s e-mail: no text in the catalog", kind)
	}
	greeting := loc.T("mail.greeting_anonymous", nil)
	if d.RecipientName != "" {
		greeting = loc.T("mail.greeting", vars)
	}
	footer := loc.T("mail.footer_member", vars)
	switch kind {
	case Invitation:
		footer = loc.T("mail.footer_invitation", vars)
	case PasswordReset:
		footer = loc.T("mail.footer_reset", vars)
	}
	signature := loc.T("mail.signature", vars)
	text := greeting + "\n\n" + body + "\n\n" + signature + "\n\n-- \n" + footer + "\n"
	m := mail.Message{
		To:       to,
		Subject:  subject,
		Text:     text,
		HTML:     htmlBody(loc.Language(), subject, []string{greeting, body, signature}, footer, d.Link),
		Language: loc.Language(),
	}
	if err := m.Validate(); err != nil {
		return mail.Message{}, fmt.Errorf("compose %s e-mail: %w", kind, err)
	}
	return m, nil
}

func (d Data) check(kind Kind) error {
	if !slices.Contains(Kinds(), kind) {
		return fmt.Errorf("unknown kind %q", kind)
	}
	var missing []string
	need := func(name, v string) {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, name)
		}
	}
	need("Site", d.Site)
	need("Link", d.Link)
	switch kind {
	case Invitation:
		need("Organisation", d.Organisation)
		need("InviterOrganisation", d.InviterOrganisation)
	case PasswordReset:
	default:
		need("Practice", d.Practice)
		need("Organisation", d.Organisation)
	}
	switch kind {
	case Invitation, PasswordReset:
		if d.Expires < time.Minute {
			missing = append(missing, "Expires")
		}
	case PracticeRejected, ChangesRequested:
		need("Reason", d.Reason)
	case PracticeCorrected:
		if len(d.Fields) == 0 {
			missing = append(missing, "Fields")
		}
	case HarvestHeld:
		need("Source", d.Source)
	case TransferOpened, TransferOffered, TransferMessage:
		need("OtherOrganisation", d.OtherOrganisation)
		need("Reason", d.Reason)
	case TransferState:
		need("OtherOrganisation", d.OtherOrganisation)
		need("State", d.State)
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s", strings.Join(missing, ", "))
	}
	if u, err := url.Parse(d.Link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		strings.ContainsFunc(d.Link, unicode.IsSpace) {
		return errors.New("Link must be an absolute http(s) URL")
	}
	return nil
}

// oneLine makes a value fit a subject line: no line breaks, at most 200
// characters.
func oneLine(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085' }), " ")
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:199]) + "…"
	}
	return s
}

// duration says how long a link is valid, in whole days, hours or minutes.
func duration(loc *i18n.Localizer, d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return loc.Plural("mail.duration_days", int(d/(24*time.Hour)), nil)
	case d >= time.Hour && d%time.Hour == 0:
		return loc.Plural("mail.duration_hours", int(d/time.Hour), nil)
	default:
		return loc.Plural("mail.duration_minutes", int(d.Round(time.Minute)/time.Minute), nil)
	}
}

// htmlBody renders the same text as HTML: each paragraph a <p>, line
// breaks kept, the link a link. Every text is escaped: practice titles and
// reasons come from people.
func htmlBody(lang, subject string, blocks []string, footer, link string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + html.EscapeString(lang) + "\">\n<head><meta charset=\"utf-8\"><title>")
	b.WriteString(html.EscapeString(subject))
	b.WriteString("</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em\">\n")
	for _, block := range blocks {
		for _, para := range strings.Split(block, "\n\n") {
			if strings.TrimSpace(para) == "" {
				continue
			}
			lines := strings.Split(para, "\n")
			for i, line := range lines {
				if line == link {
					e := html.EscapeString(link)
					lines[i] = "<a href=\"" + e + "\">" + e + "</a>"
				} else {
					lines[i] = html.EscapeString(line)
				}
			}
			b.WriteString("<p>" + strings.Join(lines, "<br>\n") + "</p>\n")
		}
	}
	b.WriteString("<hr>\n<p style=\"color: #555; font-size: smaller\">" + html.EscapeString(footer) + "</p>\n</body>\n</html>\n")
	return b.String()
}
