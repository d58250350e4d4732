package vocab

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// MaxSlugLen is the longest slug Slug returns, in bytes.
const MaxSlugLen = 80

// Slug returns a stable, readable IRI segment for a title in any European
// language: transliterated to lower-case ASCII ("ä" → "ae", "ß" → "ss",
// "é" → "e", Cyrillic and Greek to Latin), words joined by "-", cut at a word
// boundary to at most MaxSlugLen bytes. It returns "" when the title has no
// letters or digits; callers then fall back to IDFromURL.
func Slug(title string) string {
	words := strings.Fields(Fold(truncateText(title, 4*MaxSlugLen+64)))
	var b strings.Builder
	for _, w := range words {
		if len(w) > MaxSlugLen {
			w = w[:MaxSlugLen]
		}
		n := len(w)
		if b.Len() > 0 {
			n++
		}
		if b.Len()+n > MaxSlugLen {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	return b.String()
}

// IDFromURL returns a stable identifier for a canonical URL: 16 hex digits
// of the SHA-256 of its normal form (scheme and host in lower case, default
// port, fragment and empty query removed, empty path as "/"). Two spellings
// of the same URL give the same identifier.
//
// The identifier names the page, not what it describes: a page that
// describes several practices needs one identifier per practice (a title
// slug, or the URL with a fragment).
func IDFromURL(canonicalURL string) (string, error) {
	n, err := NormalizeURL(canonicalURL)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(n))
	return hex.EncodeToString(sum[:8]), nil
}

// NormalizeURL returns the normal form of an absolute http(s) URL that
// IDFromURL hashes.
func NormalizeURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("normalize URL %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("normalize URL %q: scheme must be http or https", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("normalize URL %q: no host", raw)
	}
	host, port := u.Hostname(), u.Port()
	host = strings.ToLower(host)
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host = net.JoinHostPort(strings.Trim(host, "[]"), port)
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	if u.RawQuery == "" {
		u.ForceQuery = false
	}
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	return u.String(), nil
}
