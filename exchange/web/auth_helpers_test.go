package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/skillsmap/skillsmap/exchange/mail"
	"github.com/skillsmap/skillsmap/exchange/review"
)

// testPassword is the password newSite gives every user.
const testPassword = "correct horse battery staple"

// signIn signs a browser in through the sign-in form and returns the
// form's answer; the client keeps the session cookie and learns the
// session's form token from the next page.
func (c *client) signIn(email, password string, extra ...string) *http.Response {
	c.s.t.Helper()
	f := url.Values{"email": {email}, "password": {password}}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	res, _ := c.post("/login", f)
	if res.StatusCode == http.StatusSeeOther {
		c.learnCSRF()
	}
	return res
}

// learnCSRF reads the session's form token from the account page, as a
// browser gets it with every form.
func (c *client) learnCSRF() {
	c.s.t.Helper()
	res, body := c.get("/account")
	if res.StatusCode != http.StatusOK {
		c.s.t.Fatalf("account page after sign-in: %d", res.StatusCode)
	}
	m := inputValue.FindStringSubmatch(body)
	if m == nil {
		c.s.t.Fatal("no form token on the account page")
	}
	c.csrf = m[1]
}

// sessionToken is the session cookie the browser holds ("" when none).
func (c *client) sessionToken() string {
	u, _ := url.Parse(c.s.srv.URL)
	for _, ck := range c.c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	return ""
}

// cookieSet returns the cookie a response sets, or nil.
func cookieSet(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// DeleteFor drops the queued messages to an address, as the mail outbox
// does for a deleted account.
func (o *outbox) DeleteFor(_ context.Context, addr string) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	kept := o.msgs[:0]
	for _, m := range o.msgs {
		if m.To != addr {
			kept = append(kept, m)
		}
	}
	n := len(o.msgs) - len(kept)
	o.msgs = kept
	return n, nil
}

// mailTo returns the messages queued for an address.
func (s *site) mailTo(addr string) []mail.Message {
	var out []mail.Message
	for _, m := range s.mail.all() {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// linkIn finds the first link under the site with a path prefix in an
// e-mail's text, and returns its path.
func (s *site) linkIn(t *testing.T, text, prefix string) string {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(s.srv.URL+prefix) + `[A-Za-z0-9_\-]+`)
	m := re.FindString(text)
	if m == "" {
		t.Fatalf("no %s link in:\n%s", prefix, text)
	}
	return strings.TrimPrefix(m, s.srv.URL)
}

// publish submits a practice through the form as a user (a key of
// s.users) and has the editor approve it; it returns the practice's id.
func (s *site) publish(t *testing.T, who, title string) string {
	t.Helper()
	ctx := context.Background()
	f := practiceForm(title)
	f.Set("action", "submit")
	if res, _ := s.as(who).post("/contribute", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit %q: %d", title, res.StatusCode)
	}
	page, err := s.review.Queue(ctx, review.QueueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		if it.Title == title {
			editor := review.Actor{UserID: s.users["editor"].ID, Org: "skillsmap-team", Role: review.RoleEditor}
			if err := s.review.Approve(ctx, editor, it.ID, it.Seq, nil); err != nil {
				t.Fatal(err)
			}
			return it.ID
		}
	}
	t.Fatalf("%q is not in the queue", title)
	return ""
}
