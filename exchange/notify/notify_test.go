package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/exchange/i18n"
)

func bundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fullData(kind Kind) Data {
	d := Data{
		Site: "Digital Skills Map", RecipientName: "Jürgen", Organisation: "Stadt Köln",
		InviterOrganisation: "Digital Skills Map editors", Practice: "Café numérique für Seniorinnen",
		Source: "Urban Skills Exchange", Reason: "Please add the target groups.\nAnd a contact address.",
		Fields: []string{"title", "places", "custom_field"}, Link: "https://map.example.eu/practice/koeln-cafe",
		OtherOrganisation: "Ville de Lyon", State: "in-progress",
	}
	switch kind {
	case Invitation:
		d.Expires = 7 * 24 * time.Hour
	case PasswordReset:
		d.Expires = time.Hour
	}
	return d
}

// TestComposeEveryKindInEveryLanguage renders each e-mail in each language
// and checks that the values it must carry are in it, and no template
// residue.
func TestComposeEveryKindInEveryLanguage(t *testing.T) {
	b := bundle(t)
	expiry := map[string]map[Kind]string{
		"en": {Invitation: "7 days", PasswordReset: "1 hour"},
		"de": {Invitation: "7 Tage", PasswordReset: "1 Stunde"},
		"fr": {Invitation: "7 jours", PasswordReset: "1 heure"},
	}
	for _, lang := range i18n.SupportedLanguages() {
		loc := b.Localizer(lang)
		for _, kind := range Kinds() {
			t.Run(lang+"/"+string(kind), func(t *testing.T) {
				d := fullData(kind)
				m, err := Compose(loc, kind, "Jürgen <juergen@koeln.example>", d)
				if err != nil {
					t.Fatal(err)
				}
				if err := m.Validate(); err != nil {
					t.Fatal(err)
				}
				if m.Language != lang || m.To != "Jürgen <juergen@koeln.example>" {
					t.Errorf("language %q, to %q", m.Language, m.To)
				}
				want := []string{d.Link, "Jürgen", d.Site}
				switch kind {
				case Invitation:
					want = append(want, d.Organisation, d.InviterOrganisation, expiry[lang][kind])
				case PasswordReset:
					want = append(want, expiry[lang][kind])
				default:
					want = append(want, d.Practice, d.Organisation)
					if !strings.Contains(m.Subject, d.Practice) {
						t.Errorf("subject %q lacks the practice", m.Subject)
					}
				}
				switch kind {
				case PracticeRejected, ChangesRequested:
					want = append(want, "Please add the target groups.\nAnd a contact address.")
				case HarvestHeld:
					want = append(want, d.Source)
				}
				for _, w := range want {
					if !strings.Contains(m.Text, w) {
						t.Errorf("text lacks %q:\n%s", w, m.Text)
					}
				}
				for _, bad := range []string{"<no value>", "mail.", "{{", "%!"} {
					if strings.Contains(m.Text, bad) || strings.Contains(m.Subject, bad) || strings.Contains(m.HTML, bad) {
						t.Errorf("residue %q:\n%s\n%s", bad, m.Subject, m.Text)
					}
				}
				if !strings.Contains(m.HTML, `<a href="`+d.Link+`">`) || !strings.Contains(m.HTML, `<html lang="`+lang+`">`) {
					t.Errorf("HTML lacks the link or the language:\n%s", m.HTML)
				}
			})
		}
	}
}

func TestComposeGerman(t *testing.T) {
	loc := bundle(t).Localizer("de")
	d := fullData(PracticeCorrected)
	m, err := Compose(loc, PracticeCorrected, "juergen@koeln.example", d)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Von der Redaktion korrigiert: Café numérique für Seniorinnen" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{
		"Guten Tag Jürgen,",
		"„Café numérique für Seniorinnen“ von Stadt Köln korrigiert. Geändert wurden diese 3 Felder: Titel, Orte, custom_field.",
		"Mit freundlichen Grüßen\nDigital Skills Map",
		"\n-- \nSie erhalten diese E-Mail, weil Sie auf Digital Skills Map Mitglied von Stadt Köln sind.",
	} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	d.Fields = []string{"description"}
	m, _ = Compose(loc, PracticeCorrected, "juergen@koeln.example", d)
	if !strings.Contains(m.Text, "Geändert wurde dieses Feld: Beschreibung.") {
		t.Errorf("singular:\n%s", m.Text)
	}
	d.RecipientName = ""
	m, _ = Compose(bundle(t).Localizer("fr"), PracticeApproved, "juergen@koeln.example", d)
	if !strings.HasPrefix(m.Text, "Bonjour,\n\nBonne nouvelle : l’équipe éditoriale de Digital Skills Map a approuvé la pratique « Café numérique für Seniorinnen »") {
		t.Errorf("French without a name:\n%s", m.Text)
	}
}

func TestComposeEscapesAndFlattens(t *testing.T) {
	loc := bundle(t).Localizer("en")
	d := fullData(PracticeRejected)
	d.Practice = "<script>alert(1)</script>\r\nBcc: victim@example.org"
	d.Reason = "Not <b>suitable</b> & off-topic.\nSorry."
	m, err := Compose(loc, PracticeRejected, "a@example.org", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") || m.Subject != "Not published: <script>alert(1)</script> Bcc: victim@example.org" {
		t.Errorf("subject %q", m.Subject)
	}
	if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, "<b>") ||
		!strings.Contains(m.HTML, "&lt;script&gt;") || !strings.Contains(m.HTML, "Not &lt;b&gt;suitable&lt;/b&gt; &amp; off-topic.<br>\nSorry.") {
		t.Errorf("HTML not escaped:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, "Not <b>suitable</b> & off-topic.\nSorry.") {
		t.Errorf("text should carry the reason as written:\n%s", m.Text)
	}
}

func TestComposeRefusesIncompleteData(t *testing.T) {
	loc := bundle(t).Localizer("en")
	tests := []struct {
		name string
		kind Kind
		edit func(*Data)
		want string
	}{
		{"unknown kind", Kind("birthday"), func(*Data) {}, "unknown kind"},
		{"no link", PracticeApproved, func(d *Data) { d.Link = "" }, "Link"},
		{"relative link", PracticeApproved, func(d *Data) { d.Link = "/practice/x" }, "absolute"},
		{"javascript link", PracticeApproved, func(d *Data) { d.Link = "javascript:alert(1)" }, "absolute"},
		{"no site", PasswordReset, func(d *Data) { d.Site = "" }, "Site"},
		{"invitation without expiry", Invitation, func(d *Data) { d.Expires = 0 }, "Expires"},
		{"invitation without inviter", Invitation, func(d *Data) { d.InviterOrganisation = "" }, "InviterOrganisation"},
		{"rejection without reason", PracticeRejected, func(d *Data) { d.Reason = " " }, "Reason"},
		{"changes without reason", ChangesRequested, func(d *Data) { d.Reason = "" }, "Reason"},
		{"correction without fields", PracticeCorrected, func(d *Data) { d.Fields = nil }, "Fields"},
		{"held harvest without source", HarvestHeld, func(d *Data) { d.Source = "" }, "Source"},
		{"approval without practice", PracticeApproved, func(d *Data) { d.Practice = "" }, "Practice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fullData(tt.kind)
			if tt.kind == Invitation || tt.kind == PasswordReset {
				d.Expires = time.Hour
			}
			tt.edit(&d)
			if _, err := Compose(loc, tt.kind, "a@example.org", d); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := Compose(loc, PracticeApproved, "a@example.org\r\nBcc: b@example.org", fullData(PracticeApproved)); err == nil {
		t.Error("a recipient with a line break was accepted")
	}
}
