package match

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/exchange/record"
)

// Weights are the weights of the ranking. A practice's score is
//
//	score = (1 − Transfer) × relevance + Transfer × transferability
//
// where relevance is the weighted mean of the relevance factors the need
// gives input for (a need without skills leaves the skills factor out),
// each factor between 0 and 1, and transferability is the weighted sum of
// its parts (whose weights sum to 1). See docs/matching.md.
type Weights struct {
	// Relevance factors.
	Skills       float64 // DigComp (with the hierarchy) and ESCO skills asked for
	TargetGroups float64 // target groups, with the hierarchy
	Types        float64 // practice types, with the hierarchy
	Delivery     float64 // delivery modes; hybrid half-fits online and face-to-face
	Place        float64 // same region > same country > distance
	Language     float64 // texts in the need's language, materials in the wanted languages
	Text         float64 // full-text score of the need's text, relative to the best

	// Transfer is the share of transferability in the score.
	Transfer float64
	// Parts of transferability.
	Adapted          float64 // min(adaptations, 3) / 3
	AdaptedInCountry float64 // adapted at least once in a country of the need
	Validated        float64 // validated good practice
	Results          float64 // results documented
	Lessons          float64 // lessons learnt shared
}

// DefaultWeights returns the weights Skillsmap ranks with.
func DefaultWeights() Weights {
	return Weights{
		Skills: 3, TargetGroups: 3, Types: 1.5, Delivery: 1, Place: 2, Language: 1, Text: 2.5,
		Transfer: 0.15,
		Adapted:  0.3, AdaptedInCountry: 0.2, Validated: 0.3, Results: 0.1, Lessons: 0.1,
	}
}

// Factor names, as Result.Factors gives them.
const (
	FactorSkills       = "skills"
	FactorTargetGroups = "targetGroups"
	FactorTypes        = "types"
	FactorDelivery     = "delivery"
	FactorPlace        = "place"
	FactorLanguage     = "language"
	FactorText         = "text"
	FactorTransfer     = "transfer"
)

// Factor is one factor of a result's score.
type Factor struct {
	Name string `json:"name"`
	// Value is between 0 and 1.
	Value float64 `json:"value"`
	// Contribution is what the factor adds to the score.
	Contribution float64 `json:"contribution"`
}

// Result is a practice that fits a need.
type Result struct {
	Practice string `json:"practice"` // IRI
	ID       string `json:"id"`
	// Title is the title in the need's language, else in English, else in
	// any; Titles has every language (BCP 47 tag → title).
	Title  string       `json:"title"`
	Titles record.Texts `json:"titles"`
	// Score is between 0 and 1, rounded to 4 decimals; results are sorted
	// by it, then by IRI.
	Score float64 `json:"score"`
	// Reasons say why the practice fits, the strongest first.
	Reasons []Reason `json:"reasons"`
	Factors []Factor `json:"factors"`
}

// Geography of the place factor.
const (
	maxDistanceKm = 300.0  // the distance score falls linearly from 1 at 0 km to 0 here
	kmPerDegree   = 111.19 // of latitude, on the mean Earth radius
	scoreNUTS2    = 0.85   // the need's and the practice's regions share a NUTS 2 region
	scoreNUTS1    = 0.7    // … a NUTS 1 region
	scoreCountry  = 0.5    // … a country
)

// relevance factor indices.
const (
	fSkills = iota
	fGroups
	fTypes
	fDelivery
	fPlace
	fLanguage
	fText
	nFactors
)

var factorNames = [nFactors]string{FactorSkills, FactorTargetGroups, FactorTypes, FactorDelivery, FactorPlace, FactorLanguage, FactorText}

// scorer ranks one query against one generation.
type scorer struct {
	q      *query
	w      Weights
	tables *tables
	in     *interpreter

	weights    [nFactors]float64
	applicable [nFactors]bool
	qualifying [nFactors]bool
	sum        float64 // of the applicable weights

	wantSkills, wantGroups, wantTypes, wantDelivery []int
	hybrid, online, faceToFace                      int

	// text holds the text factor by entry position (nil: no text).
	text []float64
}

// setText turns the full-text scores into the text factor: each score
// relative to the best.
func (s *scorer) setText(g *generation, hits map[string]float64, best float64) {
	s.text = make([]float64, len(g.entries))
	if best <= 0 {
		return
	}
	for iri, score := range hits {
		if e := g.byIRI[iri]; e != nil {
			s.text[e.pos] = score / best
		}
	}
}

func newScorer(q *query, w Weights, t *tables, in *interpreter, hasText bool) *scorer {
	s := &scorer{q: q, w: w, tables: t, in: in}
	s.weights = [nFactors]float64{w.Skills, w.TargetGroups, w.Types, w.Delivery, w.Place, w.Language, w.Text}
	bitsOf := func(set conceptSet, n int) []int {
		var out []int
		for i := 0; i < n; i++ {
			if set.has(i) {
				out = append(out, i)
			}
		}
		return out
	}
	s.wantSkills = bitsOf(q.skills, len(t.skills.concepts))
	s.wantGroups = bitsOf(q.groups, len(t.groups.concepts))
	s.wantTypes = bitsOf(q.types, len(t.types.concepts))
	s.wantDelivery = bitsOf(q.delivery, len(t.delivery.concepts))
	s.hybrid, s.online, s.faceToFace = bitOr(t.delivery, "hybrid"), bitOr(t.delivery, "online"), bitOr(t.delivery, "face-to-face")
	s.applicable = [nFactors]bool{
		fSkills:   len(s.wantSkills) > 0 || len(q.esco) > 0,
		fGroups:   len(s.wantGroups) > 0,
		fTypes:    len(s.wantTypes) > 0,
		fDelivery: len(s.wantDelivery) > 0,
		fPlace:    len(q.places) > 0,
		fLanguage: q.lang != "" || len(q.materials) > 0,
		fText:     hasText,
	}
	qualifying := false
	for f := range nFactors {
		if s.applicable[f] {
			s.sum += s.weights[f]
			if f != fLanguage {
				s.qualifying[f] = true
				qualifying = true
			}
		}
	}
	if !qualifying {
		// A need for material languages only: the language qualifies.
		s.qualifying[fLanguage] = s.applicable[fLanguage]
	}
	return s
}

func bitOr(t *conceptTable, id string) int {
	if i, ok := t.bit[id]; ok {
		return i
	}
	return -1
}

// explanation collects what makes a practice fit, for its reasons.
type explanation struct {
	skills, groups, types, delivery conceptSet
	esco                            int
	regionCode, regionName          string
	km                              float64
	hasKm                           bool
	textLang                        bool
	materials                       []string
	adaptedCountry                  string
	adaptedIn                       int
}

// values returns the relevance factors' values and the transferability of
// e; with x set it also records what makes them.
func (s *scorer) values(e *entry, x *explanation) (v [nFactors]float64, transfer float64) {
	q := s.q
	var why [4]conceptSet
	if x != nil {
		x.skills, x.groups, x.types, x.delivery = s.tables.skills.newSet(), s.tables.groups.newSet(), s.tables.types.newSet(), s.tables.delivery.newSet()
		why = [4]conceptSet{x.skills, x.groups, x.types, x.delivery}
	}
	if s.applicable[fSkills] {
		sum := 0.0
		for _, i := range s.wantSkills {
			sum += s.tables.skills.conceptMatch(i, e.skills, e.skillsX, why[0])
		}
		esco := 0
		for _, iri := range q.esco {
			if slices.Contains(e.esco, iri) {
				esco++
			}
		}
		if x != nil {
			x.esco = esco
		}
		v[fSkills] = (sum + float64(esco)) / float64(len(s.wantSkills)+len(q.esco))
	}
	if s.applicable[fGroups] {
		v[fGroups] = meanMatch(s.tables.groups, s.wantGroups, e.groups, e.groupsX, why[1])
	}
	if s.applicable[fTypes] {
		v[fTypes] = meanMatch(s.tables.types, s.wantTypes, e.types, e.typesX, why[2])
	}
	if s.applicable[fDelivery] {
		sum := 0.0
		for _, i := range s.wantDelivery {
			m := s.tables.delivery.conceptMatch(i, e.delivery, e.deliveryX, why[3])
			if m == 0 {
				m = s.hybridMatch(i, e.delivery, why[3])
			}
			sum += m
		}
		v[fDelivery] = sum / float64(len(s.wantDelivery))
	}
	if s.applicable[fPlace] {
		v[fPlace] = s.place(e, x)
	}
	if s.applicable[fLanguage] {
		v[fLanguage] = s.language(e, x)
	}
	if s.applicable[fText] && s.text != nil {
		v[fText] = s.text[e.pos]
	}

	w := s.w
	transfer += w.Adapted * float64(min(e.adaptations, 3)) / 3
	bestIn, bestCountry := 0, ""
	for _, c := range q.countries {
		if n := e.adaptationsByCountry[c]; n > bestIn {
			bestIn, bestCountry = n, c
		}
	}
	if bestIn > 0 {
		transfer += w.AdaptedInCountry
	}
	if x != nil {
		x.adaptedIn, x.adaptedCountry = bestIn, bestCountry
	}
	if e.validated {
		transfer += w.Validated
	}
	if e.hasResults {
		transfer += w.Results
	}
	if e.hasLessons {
		transfer += w.Lessons
	}
	return v, transfer
}

func meanMatch(t *conceptTable, want []int, raw, expanded, why conceptSet) float64 {
	if len(want) == 0 {
		return 0
	}
	sum := 0.0
	for _, i := range want {
		sum += t.conceptMatch(i, raw, expanded, why)
	}
	return sum / float64(len(want))
}

// hybridMatch: a hybrid practice half-fits a need for online or
// face-to-face delivery, and either half-fits a need for hybrid delivery.
func (s *scorer) hybridMatch(want int, raw, why conceptSet) float64 {
	if s.hybrid < 0 {
		return 0
	}
	if want == s.hybrid {
		m := 0.0
		for _, i := range []int{s.online, s.faceToFace} {
			if i >= 0 && raw.has(i) {
				why.add(i)
				m = 0.5
			}
		}
		return m
	}
	if (want == s.online || want == s.faceToFace) && raw.has(s.hybrid) {
		why.add(s.hybrid)
		return 0.5
	}
	return 0
}

// place scores geography: the best of the region score (the practice lies
// in the need's region: 1; they share a NUTS 2 region: 0.85, a NUTS 1
// region: 0.7, a country: 0.5) and the distance score (1 − km/300, at
// least 0) between the need's places and the practice's nearest place.
func (s *scorer) place(e *entry, x *explanation) float64 {
	best, bestCode, bestName := 0.0, "", ""
	consider := func(sc float64, code string, np needPlace) {
		if sc > best || (sc == best && len(code) > len(bestCode)) {
			best, bestCode = sc, code
			if code == np.region && np.name != "" {
				bestName = np.name
			} else {
				bestName = ""
			}
		}
	}
	km, hasKm := math.Inf(1), false
	for _, np := range s.q.places {
		if np.region != "" {
			for _, list := range [][]string{e.regions, e.countries} {
				for _, c := range list {
					sc, code := regionScore(np.region, c)
					if sc > 0 {
						consider(sc, code, np)
					}
				}
			}
		}
		if np.hasPoint {
			for _, pl := range e.places {
				// A degree of latitude is 111 km: most places are too far
				// north or south to count, and need no trigonometry.
				if pl.hasPoint && math.Abs(pl.lat-np.lat)*kmPerDegree < maxDistanceKm {
					if d := haversineKm(np.lat, np.lon, pl.lat, pl.lon); d < km {
						km, hasKm = d, true
					}
				}
			}
		}
	}
	v := best
	if hasKm {
		v = max(v, 1-km/maxDistanceKm)
	}
	if x != nil {
		x.regionCode = bestCode
		x.regionName = bestName
		if bestCode != "" && bestName == "" && len(bestCode) > 2 {
			if name := s.in.regionName(bestCode); name != bestCode {
				x.regionName = name // else unnamed: without geodata only codes are known
			}
		}
		x.km, x.hasKm = km, hasKm && km < maxDistanceKm
	}
	return v
}

// regionScore compares a need's region (or country) code with one of a
// practice's and returns the score and the region they share.
func regionScore(need, practice string) (float64, string) {
	switch {
	case strings.HasPrefix(practice, need):
		return 1, need // the practice lies in the need's region
	case strings.HasPrefix(need, practice):
		if len(practice) > 2 {
			return 1, practice // the practice's region holds the need's place
		}
		return scoreCountry, practice
	}
	k := 0
	for k < len(need) && k < len(practice) && need[k] == practice[k] {
		k++
	}
	switch {
	case k >= 4:
		return scoreNUTS2, need[:4]
	case k == 3:
		return scoreNUTS1, need[:3]
	case k == 2:
		return scoreCountry, need[:2]
	}
	return 0, ""
}

// language scores the practice's languages: half for texts in the need's
// language, half for the share of the wanted material languages (the
// need's language when it names none) its materials exist in.
func (s *scorer) language(e *entry, x *explanation) float64 {
	q := s.q
	text := 0.0
	if q.lang != "" && slices.Contains(e.textLangs, q.lang) {
		text = 1
	}
	want := q.materials
	if len(want) == 0 && q.lang != "" {
		want = []string{q.lang}
	}
	have := 0
	for _, l := range want {
		if slices.Contains(e.materials, l) {
			have++
			if x != nil {
				x.materials = append(x.materials, l)
			}
		}
	}
	if x != nil {
		x.textLang = text > 0
	}
	mat := 0.0
	if len(want) > 0 {
		mat = float64(have) / float64(len(want))
	}
	if q.lang == "" {
		return mat
	}
	return 0.5*text + 0.5*mat
}

// total combines the values into the score.
func (s *scorer) total(v [nFactors]float64, transfer float64) (score float64, qualifies bool) {
	rel := 0.0
	for f := range nFactors {
		if !s.applicable[f] {
			continue
		}
		rel += s.weights[f] * v[f]
		if s.qualifying[f] && v[f] > 0 {
			qualifies = true
		}
	}
	if s.sum > 0 {
		rel /= s.sum
	}
	return round4((1-s.w.Transfer)*rel + s.w.Transfer*transfer), qualifies
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// candidate is a practice and its score.
type candidate struct {
	e     *entry
	score float64
}

// better orders candidates: higher score first, then IRI.
func better(a, b candidate) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	return strings.Compare(a.e.iri, b.e.iri)
}

// top scores every entry and keeps the best limit, in order.
func (s *scorer) top(entries []*entry, limit int) []candidate {
	out := make([]candidate, 0, limit+1)
	for _, e := range entries {
		if s.q.exclude != nil && s.q.exclude[e.iri] {
			continue
		}
		v, tr := s.values(e, nil)
		score, ok := s.total(v, tr)
		if !ok {
			continue
		}
		c := candidate{e, score}
		if len(out) == limit && better(c, out[len(out)-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(out, c, better)
		out = slices.Insert(out, i, c)
		if len(out) > limit {
			out = out[:limit]
		}
	}
	return out
}

// result explains a candidate: its factors and reasons, the strongest
// first. words are the need's words its texts hold.
func (s *scorer) result(c candidate, words []string) Result {
	e := c.e
	x := &explanation{}
	v, _ := s.values(e, x)
	type weighted struct {
		r       Reason
		contrib float64
		order   int
	}
	var rs []weighted
	add := func(contrib float64, order int, r Reason) { rs = append(rs, weighted{r, contrib, order}) }
	res := Result{Practice: e.iri, ID: e.id, Title: e.title(s.q.lang), Titles: e.titles, Score: c.score}
	rel := 1 - s.w.Transfer
	for f := range nFactors {
		if !s.applicable[f] {
			continue
		}
		contrib := 0.0
		if s.sum > 0 {
			contrib = rel * s.weights[f] * v[f] / s.sum
		}
		res.Factors = append(res.Factors, Factor{Name: factorNames[f], Value: round4(v[f]), Contribution: round4(contrib)})
		if v[f] <= 0 {
			continue
		}
		switch f {
		case fSkills:
			if ids := s.tables.skills.ids(x.skills); len(ids) > 0 {
				add(contrib, 0, Reason{Code: ReasonSkills, Args: map[string]any{"skills": ids}})
			}
			if x.esco > 0 {
				add(contrib, 1, Reason{Code: ReasonESCO, Args: map[string]any{"count": x.esco}})
			}
		case fGroups:
			add(contrib, 2, Reason{Code: ReasonTargetGroups, Args: map[string]any{"groups": s.tables.groups.ids(x.groups)}})
		case fTypes:
			add(contrib, 3, Reason{Code: ReasonTypes, Args: map[string]any{"types": s.tables.types.ids(x.types)}})
		case fDelivery:
			add(contrib, 4, Reason{Code: ReasonDelivery, Args: map[string]any{"modes": s.tables.delivery.ids(x.delivery)}})
		case fText:
			if len(words) > 0 {
				add(contrib, 5, Reason{Code: ReasonMentions, Args: map[string]any{"words": words}})
			}
		case fPlace:
			switch {
			case len(x.regionCode) == 2:
				add(contrib, 6, Reason{Code: ReasonCountry, Args: map[string]any{"country": x.regionCode}})
			case x.regionCode != "":
				add(contrib, 6, Reason{Code: ReasonRegion, Args: map[string]any{"region": x.regionCode, "name": x.regionName}})
			}
			if x.hasKm {
				add(contrib, 7, Reason{Code: ReasonDistance, Args: map[string]any{"km": roundKm(x.km)}})
			}
		case fLanguage:
			if x.textLang {
				add(contrib, 8, Reason{Code: ReasonDescribed, Args: map[string]any{"language": s.q.lang}})
			}
			if len(x.materials) > 0 {
				add(contrib, 9, Reason{Code: ReasonMaterials, Args: map[string]any{"languages": x.materials}})
			}
		}
	}
	w, t := s.w, s.w.Transfer
	transfer := 0.0
	if e.adaptations > 0 {
		contrib := t * w.Adapted * float64(min(e.adaptations, 3)) / 3
		args := map[string]any{"count": e.adaptations}
		if x.adaptedIn > 0 {
			contrib += t * w.AdaptedInCountry
			args["inCountry"], args["country"] = x.adaptedIn, x.adaptedCountry
		}
		transfer += contrib
		add(contrib, 10, Reason{Code: ReasonAdapted, Args: args})
	}
	for _, part := range []struct {
		on     bool
		weight float64
		code   string
		order  int
	}{
		{e.validated, w.Validated, ReasonValidated, 11},
		{e.hasResults, w.Results, ReasonResults, 12},
		{e.hasLessons, w.Lessons, ReasonLessons, 13},
	} {
		if part.on {
			transfer += t * part.weight
			add(t*part.weight, part.order, Reason{Code: part.code})
		}
	}
	res.Factors = append(res.Factors, Factor{Name: FactorTransfer, Value: round4(transfer / max(t, 1e-9)), Contribution: round4(transfer)})
	slices.SortStableFunc(rs, func(a, b weighted) int {
		if c := cmp.Compare(round4(b.contrib), round4(a.contrib)); c != 0 {
			return c
		}
		return cmp.Compare(a.order, b.order)
	})
	res.Reasons = make([]Reason, len(rs))
	for i, r := range rs {
		res.Reasons[i] = r.r
	}
	return res
}

// roundKm rounds a distance for people: to the km below 100 km, to 10 km
// above.
func roundKm(km float64) int {
	if km < 100 {
		return int(math.Round(km))
	}
	return int(math.Round(km/10) * 10)
}

// haversineKm is the great-circle distance between two WGS84 points.
func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088 // mean Earth radius, km
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(min(1, a)))
}
