package publisher

import (
	"context"
	"slices"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// need is a published need, for its map layer.
type need struct {
	IRI          rdf.Term
	Title        texts
	Description  texts
	Places       []place
	Skills       []rdf.Term
	TargetGroups []rdf.Term
	Org          rdf.Term
}

// readNeeds reads the published needs (sm:Need) of a snapshot.
func readNeeds(ctx context.Context, snap store.Reader, n vocab.IRIs, regions *vocab.Regions) ([]*need, error) {
	t := n.Terms()
	var iris []rdf.Term
	for q, err := range snap.Match(ctx, store.Pattern{P: rdf.Type, O: t.Need, AnyGraph: true}) {
		if err != nil {
			return nil, err
		}
		if !slices.Contains(iris, q.S) {
			iris = append(iris, q.S)
		}
	}
	var out []*need
	for _, iri := range iris {
		nd := &need{IRI: iri, Title: texts{}, Description: texts{}}
		var placeIRIs []rdf.Term
		for q, err := range snap.Match(ctx, store.Pattern{S: iri, AnyGraph: true}) {
			if err != nil {
				return nil, err
			}
			switch q.P {
			case vocab.DCTTitle:
				nd.Title.add(q.O.Lang, q.O.Value)
			case vocab.DCTDescription:
				nd.Description.add(q.O.Lang, q.O.Value)
			case vocab.LOCNLocation:
				placeIRIs = appendUnique(placeIRIs, q.O)
			case t.SeeksSkill:
				nd.Skills = appendUnique(nd.Skills, q.O)
			case t.SeeksTargetGroup:
				nd.TargetGroups = appendUnique(nd.TargetGroups, q.O)
			case vocab.PROVWasAttributedTo:
				nd.Org = q.O
			}
		}
		for _, pi := range placeIRIs {
			pl, err := readPlace(ctx, snap, regions, pi)
			if err != nil {
				return nil, err
			}
			nd.Places = append(nd.Places, pl)
		}
		out = append(out, nd)
	}
	slices.SortFunc(out, func(a, b *need) int { return rdf.Compare(a.IRI, b.IRI) })
	return out, nil
}

// needProps are the properties of a need's feature on the map.
type needProps struct {
	IRI          string       `json:"iri"`
	Title        string       `json:"title"`
	Lang         string       `json:"lang,omitempty"`
	Page         string       `json:"page"`
	Description  string       `json:"description,omitempty"`
	Place        string       `json:"place,omitempty"`
	Organisation *conceptRef  `json:"organisation,omitempty"`
	Skills       []conceptRef `json:"skills"`
	TargetGroups []conceptRef `json:"targetGroups"`
}

// needsGeoJSON serves /map/needs.geojson: a point per place of every
// published need, so that practice owners can offer help.
func (s *Server) needsGeoJSON(c *gin.Context) {
	snap, ix, ok := s.openIndex(c)
	if !ok {
		return
	}
	defer snap.Close()
	langs := languages(c.Request)
	addVary(c, "Accept-Language")
	if notModified(c, newValidator(snap.Version(), snap.Modified(), "needs.geojson", langs[0])) {
		return
	}
	v := &viewer{s: s, ix: ix, langs: langs}
	fc := featureCollection{Type: "FeatureCollection", Features: []feature{}}
	for _, nd := range ix.needs {
		title, lang := nd.Title.pickLang(langs)
		props := needProps{IRI: nd.IRI.Value, Title: title, Lang: lang, Page: s.linkFor(nd.IRI),
			Skills: []conceptRef{}, TargetGroups: []conceptRef{}}
		props.Description, _ = nd.Description.pickLang(langs)
		if !nd.Org.IsZero() {
			props.Organisation = &conceptRef{IRI: nd.Org.Value, Label: v.value(nd.Org).Text}
		}
		for _, sk := range nd.Skills {
			props.Skills = append(props.Skills, conceptRef{IRI: sk.Value, Label: v.value(sk).Text})
		}
		for _, tg := range nd.TargetGroups {
			props.TargetGroups = append(props.TargetGroups, conceptRef{IRI: tg.Value, Label: v.value(tg).Text})
		}
		for _, pl := range nd.Places {
			p := props
			p.Place = pl.Name
			f := feature{Type: "Feature", ID: pl.IRI.Value, Properties: p}
			if pl.HasPoint {
				f.Geometry = geojson.NewGeometry(orb.Point{pl.Lon, pl.Lat})
			}
			fc.Features = append(fc.Features, f)
		}
	}
	body, err := marshalJSON(fc, false)
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Access-Control-Allow-Origin", "*")
	serveBytes(c, geoJSONType, body)
}

// lineageProps are the properties of a lineage arc.
type lineageProps struct {
	From      string `json:"from"`
	To        string `json:"to"`
	FromTitle string `json:"fromTitle"`
	ToTitle   string `json:"toTitle"`
}

// lineageGeoJSON serves /map/lineage.geojson: a line from each practice
// to each practice adapted from it (sm:adaptedFrom), between their first
// points, so that maps can draw who adapted what from whom.
func (s *Server) lineageGeoJSON(c *gin.Context) {
	snap, ix, ok := s.openIndex(c)
	if !ok {
		return
	}
	defer snap.Close()
	langs := languages(c.Request)
	addVary(c, "Accept-Language")
	if notModified(c, newValidator(snap.Version(), snap.Modified(), "lineage.geojson", langs[0])) {
		return
	}
	fc := featureCollection{Type: "FeatureCollection", Features: []feature{}}
	for _, p := range ix.practices {
		to := p.points()
		if len(to) == 0 {
			continue
		}
		for _, a := range p.AdaptedFrom {
			origin, ok := ix.byIRI[a]
			if !ok || origin.Withdrawn {
				continue
			}
			from := origin.points()
			if len(from) == 0 {
				continue
			}
			line := orb.LineString{{from[0].Lon, from[0].Lat}, {to[0].Lon, to[0].Lat}}
			fc.Features = append(fc.Features, feature{Type: "Feature", ID: origin.IRI.Value + " " + p.IRI.Value,
				Geometry: geojson.NewGeometry(line),
				Properties: lineageProps{From: origin.IRI.Value, To: p.IRI.Value,
					FromTitle: origin.Title.pick(langs), ToTitle: p.Title.pick(langs)}})
		}
	}
	body, err := marshalJSON(fc, false)
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Access-Control-Allow-Origin", "*")
	serveBytes(c, geoJSONType, body)
}
