package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/skillsmap/skillsmap/exchange/i18n"
	"github.com/skillsmap/skillsmap/exchange/match"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/publisher"
)

// similarTimeout bounds the similar practices of one page: a page is not
// held up by a busy ranking, it shows no such section instead.
const similarTimeout = 500 * time.Millisecond

// SimilarPractices returns the publisher's hook that lists similar
// practices on practice pages, with the reasons in the reader's language
// (nil without Options.Match).
func (w *Web) SimilarPractices() publisher.Similar {
	if w.opts.Match == nil {
		return nil
	}
	return similarHook{w}
}

type similarHook struct{ w *Web }

// Similar ranks the published practices against practice. A practice the
// index does not know yet (just published) makes it catch up once.
func (s similarHook) Similar(r *http.Request, practice rdf.Term) []publisher.SimilarPractice {
	ctx, cancel := context.WithTimeout(r.Context(), similarTimeout)
	defer cancel()
	if g := s.w.opts.MatchGate; g != nil {
		release, err := g.Acquire(ctx)
		if err != nil {
			return nil
		}
		defer release()
	}
	ix := s.w.opts.Match
	res, err := ix.Similar(ctx, practice.Value, 5)
	if errors.Is(err, match.ErrUnknownPractice) && ix.Refresh(ctx) == nil {
		res, err = ix.Similar(ctx, practice.Value, 5)
	}
	if err != nil {
		return nil
	}
	loc := s.w.opts.I18n.Localizer(i18n.Negotiate(r))
	out := make([]publisher.SimilarPractice, 0, len(res))
	for _, x := range res {
		out = append(out, publisher.SimilarPractice{Practice: rdf.IRI(x.Practice), Reasons: match.Texts(loc, x.Reasons)})
	}
	return out
}
