package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/rdfio"
	"github.com/skillsmap/skillsmap/vocab"
)

// MaxBodyBytes bounds an API body: a practice is a few kilobytes.
const MaxBodyBytes = 1 << 20

// ErrUnsupportedMedia is returned for a body that is neither JSON,
// JSON-LD nor Turtle.
var ErrUnsupportedMedia = errors.New("send the practice as application/json, application/ld+json or text/turtle")

// Parse reads a practice from an API body: JSON with the field names of
// /context.jsonld (application/json), JSON-LD (application/ld+json) or
// Turtle (text/turtle). In plain JSON, concept-valued fields may hold bare
// ids ("skills": ["1", "4.2"], "targetGroups": ["refugee-women"]), regions
// and countries bare codes, languages ISO 639-1 codes. The body must
// describe exactly one practice; properties the exchange does not know are
// an error (they would otherwise be lost).
func Parse(n vocab.IRIs, mediaType string, body io.Reader) (Practice, error) {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		return Practice{}, ErrUnsupportedMedia
	}
	data, err := io.ReadAll(io.LimitReader(body, MaxBodyBytes+1))
	if err != nil {
		return Practice{}, fmt.Errorf("read body: %w", err)
	}
	if len(data) > MaxBodyBytes {
		return Practice{}, fmt.Errorf("the body is over %d bytes", MaxBodyBytes)
	}
	var ts []rdf.Triple
	switch mt {
	case "application/json", "application/ld+json":
		doc, err := jsonDocument(n, data)
		if err != nil {
			return Practice{}, err
		}
		if ts, err = rdfio.ParseTriples(bytes.NewReader(doc), rdfio.JSONLD, rdfio.ParseOptions{Base: n.Base(), MaxBytes: 4 * MaxBodyBytes}); err != nil {
			return Practice{}, fmt.Errorf("JSON-LD: %w", err)
		}
	case "text/turtle", "application/x-turtle":
		if ts, err = rdfio.ParseTriples(bytes.NewReader(data), rdfio.Turtle, rdfio.ParseOptions{Base: n.Base(), MaxBytes: MaxBodyBytes}); err != nil {
			return Practice{}, fmt.Errorf("Turtle: %w", err)
		}
	default:
		return Practice{}, ErrUnsupportedMedia
	}
	subject, err := practiceSubject(n, ts)
	if err != nil {
		return Practice{}, err
	}
	p := FromTriples(n, subject, Content(subject, ts))
	if len(p.Other) > 0 {
		var props []string
		for _, tr := range p.Other {
			if !slices.Contains(props, tr.P.Value) {
				props = append(props, tr.P.Value)
			}
		}
		return Practice{}, fmt.Errorf("properties the exchange does not take (see /context.jsonld for the field names): %s", strings.Join(props, ", "))
	}
	p.Normalize()
	return p, nil
}

// practiceSubject finds the one practice a body describes: the subject
// typed sm:Practice, else the only subject nothing points to.
func practiceSubject(n vocab.IRIs, ts []rdf.Triple) (rdf.Term, error) {
	var typed, roots []rdf.Term
	objects := map[rdf.Term]bool{}
	for _, tr := range ts {
		objects[tr.O] = true
	}
	for _, tr := range ts {
		if tr.P == rdf.Type && tr.O == n.Terms().Practice && !slices.Contains(typed, tr.S) {
			typed = append(typed, tr.S)
		}
		if !objects[tr.S] && !slices.Contains(roots, tr.S) {
			roots = append(roots, tr.S)
		}
	}
	switch {
	case len(typed) == 1:
		return typed[0], nil
	case len(typed) > 1:
		return rdf.Term{}, fmt.Errorf("the body describes %d practices; send one at a time", len(typed))
	case len(roots) == 1:
		return roots[0], nil
	case len(ts) == 0:
		return rdf.Term{}, errors.New("the body describes no practice")
	}
	return rdf.Term{}, errors.New("the body must describe one practice (give it \"type\": \"Practice\")")
}

// idFields are the JSON fields whose bare values stand for IRIs of a
// scheme or table, and how to expand them.
func idFields(n vocab.IRIs) map[string]func(string) string {
	concept := func(s vocab.Scheme) func(string) string {
		return func(v string) string { return n.Concept(s, v).Value }
	}
	return map[string]func(string) string{
		"skills":        concept(vocab.DigComp),
		"targetGroups":  concept(vocab.TargetGroups),
		"practiceTypes": concept(vocab.PracticeTypes),
		"deliveryModes": concept(vocab.DeliveryModes),
		"regions":       func(v string) string { return vocab.NUTSRegion(v).Value },
		"region":        func(v string) string { return vocab.NUTSRegion(v).Value },
		"countries": func(v string) string {
			if c, ok := vocab.CountryByCode(v); ok {
				return c.IRI().Value
			}
			return v
		},
		"languages": func(v string) string {
			if iri, ok := vocab.LanguageIRI(v); ok {
				return iri.Value
			}
			return v
		},
		"adaptedFrom": func(v string) string { return n.Practice(v).Value },
		"provider":    func(v string) string { return n.Organisation(v).Value },
	}
}

// jsonDocument turns an API JSON body into a JSON-LD document: it puts our
// context in (inline, so nothing is fetched), types the practice, and
// expands bare ids. A body that already is JSON-LD keeps its own context
// after ours.
func jsonDocument(n vocab.IRIs, data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, fmt.Errorf("JSON: %w", err)
	}
	if obj == nil {
		return nil, errors.New("JSON: the body must be an object describing one practice")
	}
	var ctx map[string]any
	if err := json.Unmarshal(vocab.JSONLDContext(n), &ctx); err != nil {
		return nil, err
	}
	contexts := []any{ctx["@context"]}
	// "language" says what language untagged texts are in.
	if lang, ok := obj["language"].(string); ok {
		delete(obj, "language")
		if lang = strings.ToLower(strings.TrimSpace(lang)); validTag(lang) {
			contexts = append(contexts, map[string]any{"@language": lang})
		}
	}
	if own, ok := obj["@context"]; ok {
		contexts = append(contexts, own)
	}
	obj["@context"] = contexts
	if _, ok := obj["type"]; !ok {
		if _, ok := obj["@type"]; !ok {
			obj["type"] = "Practice"
		}
	}
	expandIDs(obj, idFields(n), 0)
	return json.Marshal(obj)
}

// expandIDs replaces bare values (without ':') of idFields in obj and in
// the objects it holds.
func expandIDs(v any, fields map[string]func(string) string, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if expand, ok := fields[k]; ok {
				x[k] = expandValue(val, expand)
				continue
			}
			expandIDs(val, fields, depth+1)
		}
	case []any:
		for _, e := range x {
			expandIDs(e, fields, depth+1)
		}
	}
}

func expandValue(v any, expand func(string) string) any {
	switch x := v.(type) {
	case string:
		if x != "" && !strings.Contains(x, ":") {
			return expand(strings.TrimSpace(x))
		}
	case []any:
		for i, e := range x {
			x[i] = expandValue(e, expand)
		}
	}
	return v
}
