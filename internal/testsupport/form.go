package testsupport

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// FormValues reads the form of an HTML page whose action ends with action,
// as a browser sends it untouched: inputs with their values, checked boxes,
// selected options (the first of a single select when none is selected),
// text areas; disabled fields and buttons left out.
func FormValues(t testing.TB, body, action string) url.Values {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	form := doc.Find(`form[action$="` + action + `"]`).First()
	if form.Length() == 0 {
		t.Fatalf("no form for %q in the page", action)
	}
	vals := url.Values{}
	form.Find("input, select, textarea").Each(func(_ int, el *goquery.Selection) {
		name := el.AttrOr("name", "")
		if _, disabled := el.Attr("disabled"); name == "" || disabled {
			return
		}
		switch goquery.NodeName(el) {
		case "input":
			switch strings.ToLower(el.AttrOr("type", "text")) {
			case "checkbox", "radio":
				if _, checked := el.Attr("checked"); checked {
					vals.Add(name, el.AttrOr("value", "on"))
				}
			case "submit", "button", "image", "file", "reset":
			default:
				vals.Add(name, el.AttrOr("value", ""))
			}
		case "select":
			opts := el.Find("option")
			selected := opts.FilterFunction(func(_ int, o *goquery.Selection) bool { _, ok := o.Attr("selected"); return ok })
			if _, multiple := el.Attr("multiple"); !multiple && selected.Length() == 0 {
				selected = opts.First()
			}
			selected.Each(func(_ int, o *goquery.Selection) { vals.Add(name, o.AttrOr("value", o.Text())) })
		case "textarea":
			vals.Add(name, el.Text())
		}
	})
	return vals
}
