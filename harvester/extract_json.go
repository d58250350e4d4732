package harvester

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/skillsmap/skillsmap/harvester/sourceconfig"
)

type jsonExtractor struct {
	m    sourceconfig.JSONMapping
	lang string
}

func newJSONExtractor(m *sourceconfig.JSONMapping, lang string) (*jsonExtractor, error) {
	return &jsonExtractor{m: *m, lang: lang}, nil
}

// Extract reads the items of one API page and says where the next is.
func (e *jsonExtractor) Extract(p *Page) (Extraction, error) {
	if p.MediaType != "application/json" && !strings.HasSuffix(p.MediaType, "+json") && p.MediaType != "text/json" && p.MediaType != "text/plain" {
		return Extraction{}, fmt.Errorf("unexpected content type %q (want application/json)", p.MediaType)
	}
	body, warning, err := decodeText(p.Body, "", "utf-8") // JSON is UTF-8 (RFC 8259)
	if err != nil {
		return Extraction{}, err
	}
	var x Extraction
	if warning != "" {
		x.Warnings = append(x.Warnings, warning)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return Extraction{}, fmt.Errorf("JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Extraction{}, errors.New("JSON: data after the document")
	}
	var items []any
	for _, v := range jsonPath(doc, e.m.Items) {
		if list, ok := v.([]any); ok {
			items = append(items, list...)
		} else {
			items = append(items, v)
		}
	}
	fields := make([]string, 0, len(e.m.Fields))
	for f := range e.m.Fields {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for i, item := range items {
		if _, ok := item.(map[string]any); !ok {
			x.Warnings = append(x.Warnings, fmt.Sprintf("JSON item %d is not an object: skipped", i+1))
			continue
		}
		r := Record{SourcePage: p.URL.String(), Language: e.lang}
		for _, f := range fields {
			var values []string
			for _, v := range jsonPath(item, e.m.Fields[f]) {
				values = append(values, jsonScalars(v)...)
			}
			if len(values) == 0 {
				continue
			}
			if err := r.setValues(f, values, e.m.Split); err != nil {
				x.Warnings = append(x.Warnings, fmt.Sprintf("JSON item %d: %v", i+1, err))
			}
		}
		if r.URL != "" {
			if u, err := p.URL.Parse(r.URL); err == nil {
				r.URL = u.String()
			}
		}
		if r.FirstTitle() == "" {
			x.Warnings = append(x.Warnings, fmt.Sprintf("JSON item %d has no title: skipped", i+1))
			continue
		}
		x.Records = append(x.Records, r)
	}
	switch {
	case e.m.Next != "":
		for _, v := range jsonPath(doc, e.m.Next) {
			if s, ok := v.(string); ok && strings.TrimSpace(s) != "" {
				if u, err := p.URL.Parse(strings.TrimSpace(s)); err == nil {
					x.Next = append(x.Next, u.String())
				}
			}
		}
	case e.m.PageParam != "" && len(items) > 0:
		x.Next = append(x.Next, nextPageURL(p.URL, e.m.PageParam))
	}
	return x, nil
}

// nextPageURL counts the page parameter up (a missing one is page 1).
func nextPageURL(u *url.URL, param string) string {
	q := u.Query()
	n, err := strconv.Atoi(q.Get(param))
	if err != nil || n < 1 {
		n = 1
	}
	q.Set(param, strconv.Itoa(n+1))
	next := *u
	next.RawQuery = q.Encode()
	return next.String()
}

// jsonPath returns the values at a dot path; lists on the way are
// entered element by element.
func jsonPath(v any, path string) []any {
	cur := []any{v}
	if path = strings.TrimSpace(path); path == "" {
		return cur
	}
	for _, key := range strings.Split(path, ".") {
		var next []any
		for _, c := range cur {
			next = append(next, jsonStep(c, key)...)
		}
		cur = next
	}
	return cur
}

func jsonStep(v any, key string) []any {
	switch v := v.(type) {
	case map[string]any:
		if x, ok := v[key]; ok && x != nil {
			return []any{x}
		}
	case []any:
		var out []any
		for _, e := range v {
			out = append(out, jsonStep(e, key)...)
		}
		return out
	}
	return nil
}

// jsonScalars turns a value into strings: scalars as text, lists element
// by element; objects give their "name", "label" or "title".
func jsonScalars(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case json.Number:
		return []string{v.String()}
	case bool:
		return []string{strconv.FormatBool(v)}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, jsonScalars(e)...)
		}
		return out
	case map[string]any:
		for _, k := range []string{"name", "label", "title", "@value"} {
			if s, ok := v[k].(string); ok {
				return []string{s}
			}
		}
	}
	return nil
}
