package sourceconfig

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/robfig/cron/v3"
	"golang.org/x/text/language"
)

// FieldError is a configuration error that names the offending field, such
// as "sources[2].start_urls[0]", and says what a valid value looks like.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// Problems collects the errors of a whole configuration, so that one run of
// `skillsmap validate` names every problem, not only the first.
type Problems []error

// Add records a problem with field.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, &FieldError{Field: field, Err: fmt.Errorf(format, args...)})
}

// Check records err, if not nil, as a problem with field.
func (p *Problems) Check(field string, err error) {
	if err != nil {
		*p = append(*p, &FieldError{Field: field, Err: err})
	}
}

// Err returns the problems as one error (errors.Join; each one is a
// *FieldError), or nil.
func (p Problems) Err() error { return errors.Join(p...) }

// HTTPURL checks that raw is an absolute http or https URL with a host:
// what a crawler may fetch and a page may link to. Other schemes
// (javascript:, data:, file:, mailto:) are refused.
func HTTPURL(raw string) error {
	const want = "want an absolute http(s) URL such as https://www.example.eu/"
	if raw != strings.TrimSpace(raw) || strings.ContainsFunc(raw, unicode.IsControl) {
		return fmt.Errorf("%q has spaces or control characters around or in it: %s", raw, want)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL (%v): %s", raw, err, want)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return fmt.Errorf("%q is relative: %s", raw, want)
		}
		return fmt.Errorf("%q has the scheme %q: %s", raw, u.Scheme, want)
	}
	if u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("%q has no host: %s", raw, want)
	}
	if u.User != nil {
		return fmt.Errorf("%q carries a user name or password: %s, without credentials", raw, want)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q has the port %q: ports are 1–65535", raw, p)
		}
	}
	return nil
}

// cronParser parses schedules the way gocron does for CronJob(expr, false):
// five fields or a descriptor (cron.ParseStandard).
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Cron checks a five-field cron expression as gocron reads it, and that it
// ever fires.
func Cron(expr string) error {
	const want = `want five fields (minute hour day-of-month month day-of-week) such as "0 3 * * *" (daily at 03:00) or "*/30 * * * 1-5", or a descriptor such as "@daily"`
	if strings.TrimSpace(expr) == "" {
		return fmt.Errorf("empty: %s", want)
	}
	sched, err := cronParser.Parse(expr)
	if err != nil {
		return fmt.Errorf("%q is not a cron expression (%v): %s", expr, err, want)
	}
	// "0 0 31 2 *" (February 31st) parses but never fires: the library
	// then answers the zero time.
	if sched.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return fmt.Errorf("%q never fires (no such date): %s", expr, want)
	}
	return nil
}

// DurationBetween checks that d lies in [min, max].
func DurationBetween(d, min, max time.Duration) error {
	if d < min || d > max {
		return fmt.Errorf("%v is out of range: want a duration between %v and %v, written like 30s, 5m or 6h", d, fmtDuration(min), fmtDuration(max))
	}
	return nil
}

// IntBetween checks that n lies in [min, max].
func IntBetween[T ~int | ~int64](n, min, max T) error {
	if n < min || n > max {
		return fmt.Errorf("%d is out of range: want a whole number from %d to %d", n, min, max)
	}
	return nil
}

// fmtDuration writes 1h0m0s as 1h and 10m0s as 10m.
func fmtDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// LanguageTag checks a BCP 47 language tag such as "en", "de" or "pt-BR".
func LanguageTag(tag string) error {
	const want = `want a BCP 47 language tag such as "en", "de" or "pt-BR"`
	if tag == "" {
		return fmt.Errorf("empty: %s", want)
	}
	t, err := language.Parse(tag)
	if err != nil {
		return fmt.Errorf("%q is not a language tag: %s", tag, want)
	}
	if base, conf := t.Base(); conf == language.No || base.String() == "und" {
		return fmt.Errorf("%q names no language: %s", tag, want)
	}
	return nil
}

var hostLabel = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$`)

// Hostname checks a host name or an IP address, without scheme or port
// ("www.example.eu", "127.0.0.1").
func Hostname(h string) error {
	const want = `want a host name such as "www.example.eu" (no scheme, path or port)`
	if net.ParseIP(h) != nil {
		return nil
	}
	if h == "" || len(h) > 253 {
		return fmt.Errorf("%q is empty or too long: %s", h, want)
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if !hostLabel.MatchString(label) {
			return fmt.Errorf("%q is not a host name: %s", h, want)
		}
	}
	return nil
}

// NoControl checks that s has no control characters (a line break in a
// User-Agent would split the request's headers).
func NoControl(s string) error {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return fmt.Errorf("%q contains control characters (line breaks, tabs): want plain text on one line", s)
	}
	return nil
}
