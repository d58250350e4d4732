package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// routesContribute registers the pages where organisations share and
// follow their practices.
func (w *Web) routesContribute() {
	w.handle("GET", "/contribute", w.signedIn(w.contributePage))
	w.handle("POST", "/contribute", w.signedIn(w.contribute))
	w.handle("GET", "/contribute/{id}", w.signedIn(w.contributePage))
	w.handle("POST", "/contribute/{id}", w.signedIn(w.contribute))
	w.handle("POST", "/contribute/suggest", w.suggest)
	w.handle("GET", "/exchange/contribute.js", w.script)
	w.handle("GET", "/dashboard", w.signedIn(w.dashboard))
}

// blankPlaceRows is how many empty place rows a form offers without
// JavaScript.
const blankPlaceRows = 2

// choice is one checkbox or option of the form.
type choice struct {
	ID, Label string
	Checked   bool
	// Suggested and Because say the matchers proposed it, and why.
	Suggested bool
	Because   string
	// Children are the competences of a DigComp area.
	Children []choice
}

// placeRow is one place of the form.
type placeRow struct {
	Name, Region, Country, Lat, Lon string
	Options                         []choice // regions to choose from
	Suggested                       bool     // the region comes from the matcher
	Errors                          []string
}

// formView is the body of the contribution form.
type formView struct {
	ID, Action string
	New        bool
	// State is the state of the version being edited, Reason the editor's
	// words when it was sent back or rejected.
	State      review.State
	Reason     string
	PublicHref string
	Lang       string
	Languages  []choice

	Title, Description, Results, Lessons, Staff, Partners, Contact string
	URL, StartDate, EndDate, Duration, AdaptedFrom, BasedOn        string
	Funding, Keywords                                              string

	Types, TargetGroups, Skills, Delivery, Budget, Materials []choice
	// OtherSkills are skills of other schemes (ESCO IRIs), kept as they are.
	OtherSkills []choice
	Places      []placeRow
	Errors      map[string][]string
	HasErrors   bool

	// IDPrefix starts the ids of the inputs ("f-"), so that a page can
	// hold two forms; Script offers what the form's script adds.
	IDPrefix string
	Script   bool
}

// contributePage shows the form: empty for a new practice, else the
// practice's working version.
func (w *Web) contributePage(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	id := r.PathValue("id")
	var rec record.Practice
	fv := &formView{New: id == ""}
	if id != "" {
		d, ok := w.ownPractice(rw, r, id)
		if !ok {
			return
		}
		var ver *review.Version
		rec, ver = d.Working()
		if ver != nil {
			fv.State, fv.Reason = ver.State, ver.Reason
		}
		if d.Entry.Public() {
			fv.PublicHref = d.Entry.IRI
		}
	} else {
		rec.Language = v.Lang
	}
	w.renderForm(rw, r, http.StatusOK, id, rec, fv, nil)
}

// ownPractice reads a practice of the visitor's organisation, or answers
// 404 (another organisation's practice is not even said to exist).
func (w *Web) ownPractice(rw http.ResponseWriter, r *http.Request, id string) (*review.Detail, bool) {
	v := visitorOf(r)
	d, err := w.opts.Review.Detail(r.Context(), id)
	if err != nil || d.Entry.Origin.Org == "" || d.Entry.Origin.Org != v.User.OrgID {
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
		return nil, false
	}
	return d, true
}

// contribute takes the form: save the draft, show suggestions or the
// preview, or submit it for review.
func (w *Web) contribute(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	ctx := r.Context()
	id := r.PathValue("id")
	var base record.Practice
	fv := &formView{New: id == ""}
	if id != "" {
		d, ok := w.ownPractice(rw, r, id)
		if !ok {
			return
		}
		base, _ = d.Working()
	}
	rec, formErrs := w.readForm(r, base)
	record.CompletePlaces(&rec, w.opts.Places)
	action := r.PostFormValue("action")
	// Drafts are saved whatever they hold, so that nothing typed is lost;
	// a draft that cannot even be stored (over the limits) is shown again.
	if err := rec.Validate(w.opts.Review.Checks()); err != nil && hardErrors(err) {
		w.renderForm(rw, r, http.StatusUnprocessableEntity, id, rec, fv, err)
		return
	}
	newID, err := w.opts.Review.SaveDraft(ctx, v.actor(), id, rec)
	if err != nil {
		w.reviewError(rw, r, err)
		return
	}
	switch action {
	case "preview":
		w.preview(rw, r, newID, rec)
	case "submit":
		if formErrs != nil {
			w.renderForm(rw, r, http.StatusUnprocessableEntity, newID, rec, fv, formErrs)
			return
		}
		if err := w.opts.Review.Submit(ctx, v.actor(), newID); err != nil {
			if _, ok := record.AsErrors(err); ok {
				w.renderForm(rw, r, http.StatusUnprocessableEntity, newID, rec, fv, err)
				return
			}
			w.reviewError(rw, r, err)
			return
		}
		w.redirect(rw, r, "/dashboard", "submitted")
	default:
		if formErrs != nil {
			w.renderForm(rw, r, http.StatusUnprocessableEntity, newID, rec, fv, formErrs)
			return
		}
		w.redirect(rw, r, "/contribute/"+newID, "saved")
	}
}

// hardErrors reports problems that keep even a draft from being stored:
// text that is not UTF-8 or over the size limits.
func hardErrors(err error) bool {
	es, ok := record.AsErrors(err)
	if !ok {
		return true
	}
	for _, e := range es {
		switch e.Code {
		case record.CodeInvalidUTF8, record.CodeTooLong, record.CodeTooMany, record.CodeControlChars:
			return true
		}
	}
	return false
}

// preview shows the practice page as it will look once approved.
func (w *Web) preview(rw http.ResponseWriter, r *http.Request, id string, rec record.Practice) {
	v := visitorOf(r)
	n := w.opts.IRIs
	rec.Providers = []string{n.Organisation(v.User.OrgID).Value}
	ts := rec.Triples(n, id)
	org := n.Organisation(v.User.OrgID)
	ts = append(ts, rdf.Triple{S: org, P: rdf.Type, O: vocab.ORGOrganization},
		rdf.Triple{S: org, P: vocab.SKOSPrefLabel, O: rdf.String(v.Org.Name)})
	banner := v.Loc.T("contribute.preview.banner", map[string]any{"Edit": w.href("/contribute/" + id)})
	w.opts.Publisher.Preview(rw, r, n.Practice(id), ts, banner)
}

// reviewError answers an error of package review.
func (w *Web) reviewError(rw http.ResponseWriter, r *http.Request, err error) {
	v := visitorOf(r)
	switch {
	case errors.Is(err, review.ErrForbidden):
		w.fail(rw, r, http.StatusForbidden, v.Loc.T("web.error.forbidden", nil))
	case errors.Is(err, review.ErrNotFound), errors.Is(err, review.ErrNoVersion):
		w.fail(rw, r, http.StatusNotFound, v.Loc.T("web.error.not_found", nil))
	case errors.Is(err, review.ErrState), errors.Is(err, review.ErrNotPublic), errors.Is(err, review.ErrSameEntity):
		w.fail(rw, r, http.StatusConflict, v.Loc.T("web.error.state", map[string]any{"Detail": err.Error()}))
	default:
		if es, ok := record.AsErrors(err); ok {
			w.fail(rw, r, http.StatusUnprocessableEntity, w.fieldMessages(v, es)[""][0])
			return
		}
		w.log.Error("exchange: review", "path", r.URL.Path, "err", err)
		w.fail(rw, r, http.StatusInternalServerError, v.Loc.T("web.error.internal", nil))
	}
}

// readForm reads the form into a practice, starting from base (so that
// texts in other languages and fields the form does not show are kept).
// It returns the problems the form itself has (a number that is not one).
func (w *Web) readForm(r *http.Request, base record.Practice) (record.Practice, error) {
	_ = r.ParseForm()
	return w.readValues(r.PostForm, visitorOf(r).Lang, base)
}

// readValues reads the values of the form's fields; texts without a
// language are in pageLang.
func (w *Web) readValues(f url.Values, pageLang string, base record.Practice) (record.Practice, error) {
	rec := base.Clone()
	var es record.Errors
	lang := strings.ToLower(strings.TrimSpace(f.Get("language")))
	if lang == "" {
		lang = pageLang
	}
	rec.Language = lang
	setText := func(t *record.Texts, value string) {
		if *t == nil {
			*t = record.Texts{}
		}
		(*t)[lang] = value
	}
	setText(&rec.Title, f.Get("title"))
	setText(&rec.Description, f.Get("description"))
	setText(&rec.Results, f.Get("results"))
	setText(&rec.Lessons, f.Get("lessons"))
	setText(&rec.Staff, f.Get("staff"))
	setText(&rec.Partners, f.Get("partners"))
	setText(&rec.ContactRole, f.Get("contact"))
	rec.Types = f["types"]
	rec.TargetGroups = f["targetGroups"]
	rec.Skills = f["skills"]
	rec.DeliveryModes = f["deliveryModes"]
	rec.MaterialLanguages = f["materials"]
	rec.URL = f.Get("url")
	rec.StartDate, rec.EndDate = f.Get("startDate"), f.Get("endDate")
	rec.Funding = splitLines(f.Get("funding"))
	rec.Keywords = splitList(f.Get("keywords"))
	rec.BasedOn = strings.Fields(f.Get("basedOn"))
	rec.AdaptedFrom = nil
	for _, a := range splitList(f.Get("adaptedFrom")) {
		if !strings.Contains(a, ":") {
			a = w.opts.IRIs.Practice(a).Value
		}
		rec.AdaptedFrom = append(rec.AdaptedFrom, a)
	}
	rec.DurationMonths = 0
	if d := strings.TrimSpace(f.Get("duration")); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			es = append(es, &record.FieldError{Field: record.FieldDuration, Index: -1, Code: record.CodeInvalidNumber,
				Args: map[string]any{"min": 1, "max": record.MaxDuration}})
		} else {
			rec.DurationMonths = n
		}
	}
	rec.Budget = record.Budget{}
	if b, ok := record.BudgetFromRange(f.Get("budget")); ok {
		rec.Budget = b
	} else if b := base.Budget; f.Get("budget") == "keep" {
		rec.Budget = b
	}
	rec.Places = nil
	names, regions, countries := f["place_name"], f["place_region"], f["place_country"]
	lats, lons := f["place_lat"], f["place_lon"]
	for i, name := range names {
		pl := record.Place{Name: name, Region: at(regions, i), Country: at(countries, i)}
		lat, err1 := strconv.ParseFloat(at(lats, i), 64)
		lon, err2 := strconv.ParseFloat(at(lons, i), 64)
		if err1 == nil && err2 == nil {
			pl.Lat, pl.Lon = &lat, &lon
		}
		rec.Places = append(rec.Places, pl)
	}
	rec.Normalize()
	if len(es) > 0 {
		return rec, es
	}
	return rec, nil
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

// splitLines splits a text area into its non-empty lines.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// splitList splits at commas, semicolons and new lines.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
}

// renderForm shows the form for rec with the problems in err.
func (w *Web) renderForm(rw http.ResponseWriter, r *http.Request, status int, id string, rec record.Practice, fv *formView, err error) {
	v := visitorOf(r)
	fv.ID = id
	fv.Action = w.href("/contribute")
	if id != "" {
		fv.Action = w.href("/contribute/" + id)
	}
	fv.Script = true
	w.fillForm(v, rec, fv, err)
	title := v.Loc.T("contribute.title_new", nil)
	if id != "" {
		title = v.Loc.T("contribute.title_edit", map[string]any{"Title": rec.DisplayTitle(fv.Lang)})
	}
	p := w.newPage(r, title, fv)
	if fv.HasErrors {
		p.Error = v.Loc.T("contribute.has_errors", nil)
	}
	w.render(rw, r, status, "contribute", p)
}

// fillForm sets the fields of fv to rec's values, labelled in the
// visitor's language, with the problems in err next to their fields.
func (w *Web) fillForm(v *visitor, rec record.Practice, fv *formView, err error) {
	if fv.IDPrefix == "" {
		fv.IDPrefix = "f-"
	}
	lang := rec.Language
	if lang == "" {
		lang = v.Lang
	}
	fv.Lang = lang
	fv.Title, fv.Description = rec.Title[lang], rec.Description[lang]
	fv.Results, fv.Lessons, fv.Staff, fv.Partners, fv.Contact = rec.Results[lang], rec.Lessons[lang], rec.Staff[lang], rec.Partners[lang], rec.ContactRole[lang]
	fv.URL, fv.StartDate, fv.EndDate = rec.URL, rec.StartDate, rec.EndDate
	if rec.DurationMonths > 0 {
		fv.Duration = strconv.Itoa(rec.DurationMonths)
	}
	fv.Funding = strings.Join(rec.Funding, "\n")
	fv.Keywords = strings.Join(rec.Keywords, ", ")
	var adapted []string
	for _, a := range rec.AdaptedFrom {
		if pid, ok := w.opts.IRIs.ParsePractice(rdf.IRI(a)); ok {
			a = pid
		}
		adapted = append(adapted, a)
	}
	fv.AdaptedFrom = strings.Join(adapted, ", ")
	fv.BasedOn = strings.Join(rec.BasedOn, "\n")

	sugg := record.Suggest(rec, w.opts.Places, v.Lang)
	labels := []string{v.Lang, "en"}
	fv.Types = conceptChoices(vocab.PracticeTypes, rec.Types, sugg.Types, labels)
	fv.TargetGroups = conceptChoices(vocab.TargetGroups, rec.TargetGroups, sugg.TargetGroups, labels)
	fv.Delivery = conceptChoices(vocab.DeliveryModes, rec.DeliveryModes, sugg.DeliveryModes, labels)
	fv.Skills = conceptChoices(vocab.DigComp, rec.Skills, sugg.Skills, labels)
	for _, sk := range rec.Skills {
		if _, ok := vocab.ConceptByID(vocab.DigComp, sk); !ok {
			fv.OtherSkills = append(fv.OtherSkills, choice{ID: sk, Label: sk, Checked: true})
		}
	}
	for _, b := range record.BudgetRanges {
		fv.Budget = append(fv.Budget, choice{ID: b.ID, Label: v.Loc.T("contribute.budget."+b.ID, nil), Checked: rec.Budget.Range() == b.ID})
	}
	if !rec.Budget.IsZero() && rec.Budget.Range() == "" {
		fv.Budget = append(fv.Budget, choice{ID: "keep", Label: rec.Budget.String(), Checked: true})
	}
	fv.Languages = languageChoices([]string{lang}, v.Lang)
	fv.Materials = languageChoices(rec.MaterialLanguages, v.Lang)
	for _, pl := range rec.Places {
		fv.Places = append(fv.Places, w.placeRow(pl, v.Lang))
	}
	for range blankPlaceRows {
		fv.Places = append(fv.Places, placeRow{})
	}
	if err != nil {
		es, ok := record.AsErrors(err)
		if !ok {
			es = record.Errors{{Field: "", Index: -1, Code: "internal"}}
		}
		fv.Errors = w.fieldMessages(v, es)
		fv.HasErrors = true
		for _, e := range es {
			if e.Field == record.FieldPlaces && e.Index >= 0 && e.Index < len(fv.Places) {
				fv.Places[e.Index].Errors = append(fv.Places[e.Index].Errors, w.fieldMessage(v, e))
			}
		}
	}
}

// formValues are the values a browser sends for a form that fillForm
// filled when nobody changes it. Reading them back tells which fields a
// person changed: a record does not always come back from the form as it
// was (a keyword with a comma, a region the form does not offer).
func formValues(fv *formView) url.Values {
	f := url.Values{}
	set := func(name, value string) { f[name] = append(f[name], value) }
	set("language", fv.Lang)
	for name, value := range map[string]string{"title": fv.Title, "description": fv.Description, "results": fv.Results,
		"lessons": fv.Lessons, "staff": fv.Staff, "partners": fv.Partners, "contact": fv.Contact, "url": fv.URL,
		"startDate": fv.StartDate, "endDate": fv.EndDate, "duration": fv.Duration, "funding": fv.Funding,
		"keywords": fv.Keywords, "adaptedFrom": fv.AdaptedFrom, "basedOn": fv.BasedOn} {
		set(name, value)
	}
	checked := func(name string, cs []choice) {
		for _, c := range cs {
			if c.Checked {
				set(name, c.ID)
			}
			for _, sub := range c.Children {
				if sub.Checked {
					set(name, sub.ID)
				}
			}
		}
	}
	checked("types", fv.Types)
	checked("targetGroups", fv.TargetGroups)
	checked("skills", fv.Skills)
	checked("skills", fv.OtherSkills)
	checked("deliveryModes", fv.Delivery)
	checked("materials", fv.Materials)
	budget := ""
	for _, b := range fv.Budget {
		if b.Checked {
			budget = b.ID
		}
	}
	set("budget", budget)
	for _, pl := range fv.Places {
		region := ""
		for _, o := range pl.Options {
			if o.Checked {
				region = o.ID
			}
		}
		set("place_name", pl.Name)
		set("place_region", region)
		set("place_country", pl.Country)
		set("place_lat", pl.Lat)
		set("place_lon", pl.Lon)
	}
	return f
}

// fieldMessage translates one field problem.
func (w *Web) fieldMessage(v *visitor, e *record.FieldError) string {
	data := map[string]any{}
	for k, a := range e.Args {
		data[strings.ToUpper(k[:1])+k[1:]] = a
	}
	id := "contribute.error." + e.Code
	if !v.Loc.Has(id) {
		return e.Error()
	}
	return v.Loc.T(id, data)
}

// fieldMessages groups translated problems by field ("" for all of them).
func (w *Web) fieldMessages(v *visitor, es record.Errors) map[string][]string {
	out := map[string][]string{}
	for _, e := range es {
		msg := w.fieldMessage(v, e)
		if e.Field != record.FieldPlaces || e.Index < 0 {
			out[string(e.Field)] = append(out[string(e.Field)], msg)
		}
		label := v.Loc.T("contribute.field."+string(e.Field), nil)
		out[""] = append(out[""], label+": "+msg)
	}
	return out
}

// conceptChoices lists a scheme's concepts as checkboxes; DigComp areas
// carry their competences.
func conceptChoices(scheme vocab.Scheme, have []string, sugg []record.Suggestion, labels []string) []choice {
	cs, ok := vocab.LookupScheme(scheme)
	if !ok {
		return nil
	}
	mk := func(c vocab.Concept) choice {
		ch := choice{ID: c.ID, Label: c.Label(labels...), Checked: slices.Contains(have, c.ID)}
		if c.Notation != "" {
			ch.Label = c.Notation + " " + ch.Label
		}
		for _, s := range sugg {
			if s.ID == c.ID {
				ch.Suggested, ch.Because = true, s.Because
			}
		}
		return ch
	}
	var out []choice
	for _, c := range cs.Concepts() {
		if scheme == vocab.DigComp {
			if !c.Top() {
				continue
			}
			ch := mk(c)
			for _, id := range c.Narrower() {
				if n, ok := cs.Concept(id); ok {
					ch.Children = append(ch.Children, mk(n))
				}
			}
			out = append(out, ch)
			continue
		}
		out = append(out, mk(c))
	}
	return out
}

// commonLanguages are offered first in language lists.
var commonLanguages = []string{"en", "de", "fr", "es", "it", "nl", "pl", "pt", "ro", "bg", "el", "cs", "hu", "sv", "ar", "uk", "tr", "fa"}

// languageChoices lists the languages of the table by their own names,
// the common ones first.
func languageChoices(have []string, pageLang string) []choice {
	codes := slices.Clone(commonLanguages)
	for _, c := range vocab.LanguageCodes() {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	var out []choice
	for _, c := range codes {
		out = append(out, choice{ID: c, Label: languageName(c, pageLang), Checked: slices.Contains(have, c)})
	}
	return out
}

// languageName names a language in its own language and, when different,
// in the page's.
func languageName(code, pageLang string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	self := display.Self.Name(tag)
	other := display.Tags(language.Make(pageLang)).Name(tag)
	if self == "" {
		return code
	}
	if other != "" && !strings.EqualFold(other, self) {
		return self + " (" + other + ")"
	}
	return self
}

// placeRow shows a place with the regions it could be in.
func (w *Web) placeRow(pl record.Place, lang string) placeRow {
	row := placeRow{Name: pl.Name, Region: pl.Region, Country: pl.Country}
	if pl.Lat != nil && pl.Lon != nil {
		row.Lat, row.Lon = strconv.FormatFloat(*pl.Lat, 'f', -1, 64), strconv.FormatFloat(*pl.Lon, 'f', -1, 64)
	}
	suggested := pl.Region
	if pl.Name != "" {
		if ps, ok := record.SuggestPlace(w.opts.Places, pl.Name, pl.Country, lang); ok {
			suggested = ps.Region
			row.Suggested = ps.Region == pl.Region
		}
	}
	row.Options = w.regionOptions(suggested, pl.Region, lang)
	return row
}

// regionOptions are the regions offered for a place: the suggested one,
// its neighbours in the same parent region, and its parents up to the
// country; the chosen one is selected.
func (w *Web) regionOptions(suggested, chosen, lang string) []choice {
	var codes []string
	addCode := func(c string) {
		if c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	addCode(chosen)
	addCode(suggested)
	rs := w.opts.Regions
	for _, c := range []string{suggested, chosen} {
		if c == "" {
			continue
		}
		if rs != nil {
			if r, ok := rs.Region(c); ok && r.Level > 0 {
				for _, sib := range rs.Children(r.Parent()) {
					addCode(sib.Code)
				}
			}
			for _, a := range rs.Ancestors(c) {
				addCode(a.Code)
			}
		} else {
			for l := len(c) - 1; l >= 2; l-- {
				addCode(c[:l])
			}
		}
	}
	slices.Sort(codes)
	var out []choice
	for _, c := range codes {
		out = append(out, choice{ID: c, Label: w.regionLabel(c, lang), Checked: c == chosen, Suggested: c == suggested})
	}
	return out
}

// regionLabel names a NUTS region: "Leipzig (DED51)".
func (w *Web) regionLabel(code, lang string) string {
	if rs := w.opts.Regions; rs != nil {
		if r, ok := rs.Region(code); ok {
			return r.Name + " (" + code + ")"
		}
	}
	if len(code) == 2 {
		if c, ok := vocab.CountryByCode(code); ok {
			return c.Name(lang, "en") + " (" + code + ")"
		}
	}
	return code
}

// suggestRequest is what the form's script sends while the contributor
// types.
type suggestRequest struct {
	Language    string   `json:"language"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Keywords    string   `json:"keywords"`
	Places      []string `json:"places"`
	Countries   []string `json:"countries"`
}

// suggestAnswer is the matchers' proposal, labelled in the page's language.
type suggestAnswer struct {
	record.Suggestions
	// Regions lists, per place, the regions to choose from.
	Regions [][]choice `json:"regions"`
}

// suggest answers the form's script: the concepts and places the
// vocabulary matchers find in what was typed so far.
func (w *Web) suggest(rw http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	var req suggestRequest
	if err := decodeJSON(r, &req); err != nil {
		w.fail(rw, r, http.StatusBadRequest, err.Error())
		return
	}
	if len(req.Places) > record.MaxItems {
		req.Places = req.Places[:record.MaxItems]
	}
	rec := record.Practice{Language: req.Language, Title: record.Texts{req.Language: req.Title},
		Description: record.Texts{req.Language: req.Description}, Keywords: splitList(req.Keywords)}
	ans := suggestAnswer{Suggestions: record.Suggest(rec, w.opts.Places, v.Lang)}
	ans.Places = []record.PlaceSuggestion{}
	ans.Regions = [][]choice{}
	for i, name := range req.Places {
		ps, ok := record.SuggestPlace(w.opts.Places, name, at(req.Countries, i), v.Lang)
		if !ok {
			ans.Places = append(ans.Places, record.PlaceSuggestion{For: name})
			ans.Regions = append(ans.Regions, []choice{})
			continue
		}
		ps.RegionLabel = w.regionLabel(ps.Region, v.Lang)
		ans.Places = append(ans.Places, ps)
		ans.Regions = append(ans.Regions, w.regionOptions(ps.Region, ps.Region, v.Lang))
	}
	writeJSON(rw, http.StatusOK, ans)
}

// script serves the form's script: live suggestions while typing, more
// place rows. The form works without it.
func (w *Web) script(rw http.ResponseWriter, r *http.Request) {
	data, err := files.ReadFile("assets/contribute.js")
	if err != nil {
		w.fail(rw, r, http.StatusNotFound, "no script")
		return
	}
	rw.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	rw.Header().Set("Cache-Control", "public, max-age=3600")
	rw.Write(data)
}
