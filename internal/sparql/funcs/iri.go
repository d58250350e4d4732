package funcs

import "strings"

// resolveIRI resolves ref against base following RFC 3986 §5.2 on strings,
// so IRIs keep their non-ASCII characters (net/url would percent-encode
// them).
func resolveIRI(base, ref string) string {
	rs, ra, rp, rq, rf := splitIRI(ref)
	if rs != "" {
		return joinIRI(rs, ra, removeDotSegments(rp), rq, rf)
	}
	bs, ba, bp, bq, _ := splitIRI(base)
	switch {
	case ra != "":
		return joinIRI(bs, ra, removeDotSegments(rp), rq, rf)
	case rp == "":
		if rq == "" {
			rq = bq
		}
		return joinIRI(bs, ba, bp, rq, rf)
	case strings.HasPrefix(rp, "/"):
		return joinIRI(bs, ba, removeDotSegments(rp), rq, rf)
	}
	var merged string
	if ba != "" && bp == "" {
		merged = "/" + rp
	} else if i := strings.LastIndexByte(bp, '/'); i >= 0 {
		merged = bp[:i+1] + rp
	} else {
		merged = rp
	}
	return joinIRI(bs, ba, removeDotSegments(merged), rq, rf)
}

// splitIRI splits an IRI reference into scheme, authority (with its "//"),
// path, query (with "?") and fragment (with "#").
func splitIRI(s string) (scheme, authority, path, query, fragment string) {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s, fragment = s[:i], s[i:]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s, query = s[:i], s[i:]
	}
	if i := strings.IndexByte(s, ':'); i > 0 && !strings.ContainsAny(s[:i], "/") && validScheme(s[:i]) {
		scheme, s = s[:i+1], s[i+1:]
	}
	if strings.HasPrefix(s, "//") {
		end := strings.IndexByte(s[2:], '/')
		if end < 0 {
			authority, s = s, ""
		} else {
			authority, s = s[:end+2], s[end+2:]
		}
	}
	return scheme, authority, s, query, fragment
}

func validScheme(s string) bool {
	for i, r := range s {
		alpha := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !alpha && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return s != ""
}

func joinIRI(scheme, authority, path, query, fragment string) string {
	return scheme + authority + path + query + fragment
}

// removeDotSegments implements RFC 3986 §5.2.4.
func removeDotSegments(in string) string {
	if !strings.Contains(in, ".") {
		return in
	}
	var out []string
	for in != "" {
		switch {
		case strings.HasPrefix(in, "../"):
			in = in[3:]
		case strings.HasPrefix(in, "./"):
			in = in[2:]
		case strings.HasPrefix(in, "/./"):
			in = in[2:]
		case in == "/.":
			in = "/"
		case strings.HasPrefix(in, "/../"):
			in = in[3:]
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "/..":
			in = "/"
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "." || in == "..":
			in = ""
		default:
			start := 0
			if in[0] == '/' {
				start = 1
			}
			end := strings.IndexByte(in[start:], '/')
			if end < 0 {
				end = len(in)
			} else {
				end += start
			}
			out = append(out, in[:end])
			in = in[end:]
		}
	}
	return strings.Join(out, "")
}
