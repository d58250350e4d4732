package publisher

import (
	"net/http"
	"strings"

	"github.com/skillsmap/skillsmap/internal/rdf"
)

// Similar gives practice pages their "similar practices". The publisher
// does not rank practices itself: the exchange's matching does (cmd wires
// it), and a page without the hook simply has no such section.
type Similar interface {
	// Similar returns the practices most like practice, best first, each
	// with the reasons why in the reader's language (r tells it). It must
	// be quick and bounded: a page waits for it. Nil means none.
	Similar(r *http.Request, practice rdf.Term) []SimilarPractice
}

// SimilarPractice is one practice like the one of a page.
type SimilarPractice struct {
	Practice rdf.Term
	// Reasons say why it is alike ("teaches DigComp 1 · for refugee women").
	Reasons []string
}

// maxSimilar is how many similar practices a page lists.
const maxSimilar = 5

// similarSection lists the practices the hook finds like subject, those
// the index knows and that are not withdrawn.
func (s *Server) similarSection(r *http.Request, rv *resourceView, v *viewer, subject rdf.Term) {
	if s.similar == nil {
		return
	}
	sec := section{Title: "Similar practices"}
	for _, sp := range s.similar.Similar(r, subject) {
		p, ok := v.ix.byIRI[sp.Practice]
		if !ok || p.Withdrawn || sp.Practice == subject {
			continue
		}
		it := s.practiceItem(v, p)
		if len(sp.Reasons) > 0 {
			it.Note = strings.Join(sp.Reasons, " · ")
		}
		sec.Items = append(sec.Items, it)
		if len(sec.Items) == maxSimilar {
			break
		}
	}
	if len(sec.Items) > 0 {
		rv.Sections = append(rv.Sections, sec)
	}
}
