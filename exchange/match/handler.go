package match

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/admission"
	"github.com/skillsmap/skillsmap/internal/httperror"
)

// Bounds of a request to the handler, beyond those of a Need.
const (
	maxRawQuery        = 32 << 10 // bytes of the query string
	maxAcceptLanguage  = 1024     // bytes of Accept-Language that are read
	defaultTimeout     = 10 * time.Second
	notReadyRetryAfter = 5 * time.Second
)

// HandlerOptions configure the /api/match handler.
type HandlerOptions struct {
	// I18n renders the reasons (required).
	I18n *i18n.Bundle
	// Gate, when set, bounds how many matches run at once; a request that
	// finds it busy gets 503 with Retry-After.
	Gate *admission.Gate
	// Timeout bounds one request, the wait for the first index included
	// (default 10s).
	Timeout time.Duration
	Logger  *slog.Logger
}

// The query parameters of GET /api/match. Repeatable ones also take
// comma-separated lists (skill=1,4), except place, whose names may hold
// commas ("Halle (Saale), Kreisfreie Stadt").
var (
	singleParams     = []string{"q", "lang", "hl", "country", "limit"}
	repeatableParams = []string{"place", "skill", "targetGroup", "type", "delivery", "materials"}
)

// paramOf maps the fields of a NeedError to the parameters that set them.
var paramOf = map[string]string{
	"text": "q", "language": "lang", "places": "place", "skills": "skill", "targetGroups": "targetGroup",
	"practiceTypes": "type", "deliveryModes": "delivery", "languages": "materials", "limit": "limit",
}

type handler struct {
	ix   *Index
	opts HandlerOptions
	log  *slog.Logger
}

// Handler returns the handler of GET /api/match: anonymous, read-only,
// open to every origin (CORS). It reads
//
//	q            the need in free text (at most 2,000 characters)
//	lang         the language of q (default: the reader's language)
//	place        a place name or NUTS code (repeatable)
//	country      a country code or name: a hint for place names, or, without
//	             place, the need's place
//	skill        a DigComp id (1, 4.2) or ESCO skill IRI (repeatable)
//	targetGroup, type, delivery, materials   concept ids or ISO 639-1 codes (repeatable)
//	limit        the number of results, 1 … 100 (default 20)
//	hl           the reader's language, for the reasons (else Accept-Language)
//
// and answers JSON: {"need": …, "fromText": …, "language": "de",
// "results": [{"practice", "id", "title", "score", "reasons": […],
// "factors": {…}}]}. Bad parameters get 400 with {"error", "parameter",
// "value"}. It serves any path: mount it at /api/match.
func (ix *Index) Handler(opts HandlerOptions) (http.Handler, error) {
	if opts.I18n == nil {
		return nil, errors.New("match: HandlerOptions.I18n is required")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = defaultTimeout
	}
	if opts.Logger == nil {
		opts.Logger = ix.log
	}
	return &handler{ix: ix, opts: opts, log: opts.Logger}, nil
}

// apiError is the body of an error answer.
type apiError struct {
	Error     string `json:"error"`
	Parameter string `json:"parameter,omitempty"`
	Value     string `json:"value,omitempty"`
}

// apiResult is one result as the API gives it.
type apiResult struct {
	Practice string             `json:"practice"`
	ID       string             `json:"id"`
	Title    string             `json:"title"`
	Score    float64            `json:"score"`
	Reasons  []string           `json:"reasons"`
	Factors  map[string]float64 `json:"factors"`
}

type apiAnswer struct {
	Need     Need        `json:"need"`
	FromText Found       `json:"fromText"`
	Language string      `json:"language"`
	Results  []apiResult `json:"results"`
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Access-Control-Allow-Origin", "*")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		hd.Set("Allow", "GET, HEAD, OPTIONS")
		hd.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
		hd.Set("Access-Control-Allow-Headers", "Accept, Accept-Language")
		hd.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		hd.Set("Allow", "GET, HEAD, OPTIONS")
		writeJSON(w, http.StatusMethodNotAllowed, apiError{Error: "only GET, HEAD and OPTIONS are allowed"})
		return
	}
	hd.Set("Vary", "Accept-Language")

	need, limit, loc, perr := h.parse(r)
	if perr != nil {
		writeJSON(w, http.StatusBadRequest, perr)
		return
	}
	release, err := h.opts.Gate.Acquire(r.Context())
	if err != nil {
		admission.SetRetryAfter(hd, h.opts.Gate.RetryAfter())
		writeJSON(w, http.StatusServiceUnavailable, apiError{Error: "the server is busy; try again shortly"})
		return
	}
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
	defer cancel()
	interp, results, err := h.ix.match(ctx, need, limit)
	if err != nil {
		var ne *NeedError
		switch {
		case errors.As(err, &ne):
			writeJSON(w, http.StatusBadRequest, h.needError(ne, r.URL.Query()))
		case errors.Is(err, ErrNotReady):
			admission.SetRetryAfter(hd, notReadyRetryAfter)
			writeJSON(w, http.StatusServiceUnavailable, apiError{Error: "the index of the practices is being built; try again in a few seconds"})
		case errors.Is(err, ErrClosed):
			writeJSON(w, http.StatusServiceUnavailable, apiError{Error: "the server is shutting down"})
		default:
			writeJSON(w, http.StatusInternalServerError, apiError{Error: httperror.Internal(w, r, h.log, "match: rank practices", err)})
		}
		return
	}
	ans := apiAnswer{Need: interp.Need, FromText: interp.FromText, Language: loc.Language(), Results: make([]apiResult, len(results))}
	for i, res := range results {
		f := make(map[string]float64, len(res.Factors))
		for _, x := range res.Factors {
			f[x.Name] = x.Contribution
		}
		ans.Results[i] = apiResult{
			Practice: res.Practice, ID: res.ID, Title: titleFor(res, loc.Language(), interp.Need.Language),
			Score: res.Score, Reasons: Texts(loc, res.Reasons), Factors: f,
		}
	}
	hd.Set("Cache-Control", "public, max-age=60")
	hd.Set("Content-Language", loc.Language())
	writeJSON(w, http.StatusOK, ans)
}

// titleFor picks a result's title in the reader's language, else the
// need's, else as Match chose.
func titleFor(r Result, reader, need string) string {
	for _, l := range []string{reader, need} {
		if t := r.Titles[l]; t != "" {
			return t
		}
	}
	return r.Title
}

// parse reads and checks the parameters.
func (h *handler) parse(r *http.Request) (Need, int, *i18n.Localizer, *apiError) {
	if len(r.URL.RawQuery) > maxRawQuery {
		return Need{}, 0, nil, &apiError{Error: fmt.Sprintf("the query string is longer than %d bytes", maxRawQuery)}
	}
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return Need{}, 0, nil, &apiError{Error: "the query string is malformed: " + err.Error()}
	}
	var unknown []string
	for k, vs := range vals {
		switch {
		case slices.Contains(singleParams, k):
			if len(vs) > 1 {
				return Need{}, 0, nil, &apiError{Error: fmt.Sprintf("give %s at most once", k), Parameter: k}
			}
		case slices.Contains(repeatableParams, k):
		default:
			unknown = append(unknown, k)
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return Need{}, 0, nil, &apiError{Error: "the value is not valid UTF-8", Parameter: k}
			}
			if k != "q" && len(v) > maxValueLength {
				return Need{}, 0, nil, &apiError{Error: fmt.Sprintf("a value of %s has at most %d characters", k, maxValueLength), Parameter: k}
			}
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return Need{}, 0, nil, &apiError{
			Error:     fmt.Sprintf("unknown parameter %s; the parameters are %s", strings.Join(unknown, ", "), strings.Join(append(append([]string{}, singleParams...), repeatableParams...), ", ")),
			Parameter: unknown[0],
		}
	}

	// The reader's language: ?hl=, else Accept-Language, else English.
	hl := strings.TrimSpace(vals.Get("hl"))
	if hl != "" {
		if _, ok := NormalizeLanguage(hl); !ok {
			return Need{}, 0, nil, &apiError{Error: fmt.Sprintf("%q is not a language tag; use en, de or fr", hl), Parameter: "hl", Value: hl}
		}
	}
	accept := r.Header.Get("Accept-Language")
	if len(accept) > maxAcceptLanguage {
		accept = ""
	}
	loc := h.opts.I18n.Localizer(hl, accept)

	limit := DefaultLimit
	if s := vals.Get("limit"); s != "" {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > MaxLimit {
			return Need{}, 0, nil, &apiError{Error: fmt.Sprintf("limit must be a whole number between 1 and %d", MaxLimit), Parameter: "limit", Value: s}
		}
		limit = n
	}

	need := Need{Text: vals.Get("q"), Language: strings.TrimSpace(vals.Get("lang"))}
	if n := utf8.RuneCountInString(need.Text); n > MaxTextLength {
		return Need{}, 0, nil, &apiError{Error: fmt.Sprintf("q has %d characters; at most %d are allowed", n, MaxTextLength), Parameter: "q"}
	}
	if need.Language == "" && strings.TrimSpace(need.Text) != "" {
		need.Language = loc.Language()
	}
	list := func(k string) []string {
		var out []string
		for _, v := range vals[k] {
			for _, part := range strings.Split(v, ",") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, part)
				}
			}
		}
		return out
	}
	need.Skills, need.TargetGroups, need.Types, need.DeliveryModes, need.MaterialLanguages =
		list("skill"), list("targetGroup"), list("type"), list("delivery"), list("materials")
	country := strings.TrimSpace(vals.Get("country"))
	for _, v := range vals["place"] {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		p := record.Place{Country: country}
		if code := strings.ToUpper(v); h.ix.in.knownRegion(code) && (strings.ContainsAny(code, "0123456789") || len(code) > 2 && h.ix.opts.Regions != nil) {
			p.Region = code
		} else {
			p.Name = v
		}
		need.Places = append(need.Places, p)
	}
	if len(need.Places) == 0 && country != "" {
		need.Places = []record.Place{{Country: country}}
	}
	if n := need.values(); n > MaxValues {
		return Need{}, 0, nil, &apiError{Error: fmt.Sprintf("the request has %d structured values (place, skill, targetGroup, type, delivery, materials); at most %d are allowed", n, MaxValues)}
	}
	if strings.TrimSpace(need.Text) == "" && need.values() == 0 {
		return Need{}, 0, nil, &apiError{Error: "describe the need: give q or at least one of place, country, skill, targetGroup, type, delivery, materials"}
	}
	return need, limit, loc, nil
}

// needError turns a *NeedError into the answer's error, naming the
// parameter.
func (h *handler) needError(ne *NeedError, vals url.Values) apiError {
	p := paramOf[ne.Field]
	if p == "place" && ne.Value != "" && !slices.Contains(vals["place"], ne.Value) && strings.EqualFold(strings.TrimSpace(vals.Get("country")), ne.Value) {
		p = "country"
	}
	return apiError{Error: ne.Message, Parameter: p, Value: ne.Value}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "could not encode the answer", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
