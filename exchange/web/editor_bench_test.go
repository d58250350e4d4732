package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
)

// BenchmarkQueuePage measures GET /editor, the first page of the queue and
// a filtered one, with 10,000 practices waiting (held harvests of two
// sources, and contributions of an organisation), through the publisher's
// engine as a browser reaches it. It reports the 99th percentile besides
// the mean: the goal is p99 under 50 ms.
func BenchmarkQueuePage(b *testing.B) {
	const waiting = 10000
	const contributed = 40
	s := newSite(b, withPolicy(func(string) review.Policy { return review.PolicyHold }),
		withSources(Source{ID: "held", Name: "Partnerseite Sachsen", Hold: true}, Source{ID: "other", Name: "Digitalnetz", Hold: true}))
	ctx := context.Background()
	for i, source := range []string{"held", "other"} {
		var ps []harvestedPractice
		for j := range (waiting - contributed) / 2 {
			ps = append(ps, harvestedPractice{id: fmt.Sprintf("%s-%05d", source, j), title: fmt.Sprintf("Digitalcafé %d-%d", i, j), region: "DED51"})
		}
		s.harvest(source, ps...)
	}
	anna := s.users["contributor"]
	for i := range contributed {
		rec := practiceRecord(fmt.Sprintf("Smartphone-Sprechstunde %d", i))
		if _, err := s.review.Contribute(ctx, review.Actor{UserID: anna.ID, Org: anna.OrgID, Role: review.RoleContributor}, "", rec); err != nil {
			b.Fatal(err)
		}
	}
	if page, err := s.review.Queue(ctx, review.QueueOptions{Limit: 1}); err != nil || page.Total != waiting {
		b.Fatalf("queue: %d waiting, %v", page.Total, err)
	}
	token, _, err := s.accounts.StartSession(ctx, s.users["editor"])
	if err != nil {
		b.Fatal(err)
	}
	h := s.pub.Handler()
	for _, bc := range []struct{ name, path, want string }{
		{"first page", "/editor", "Smartphone-Sprechstunde 39"},
		{"by source", "/editor?source=other", "Digitalcafé 1-4979"},
		{"by organisation", "/editor?org=stadt-leipzig", "Smartphone-Sprechstunde 0"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, bc.path, nil)
				req.Header.Set("Accept", "text/html")
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				took = append(took, time.Since(start))
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), bc.want) {
					b.Fatalf("GET %s: %d", bc.path, rec.Code)
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// practiceRecord is a complete contribution in German.
func practiceRecord(title string) record.Practice {
	return record.Practice{
		Language:     "de",
		Title:        record.Texts{"de": title},
		Description:  record.Texts{"de": "Digitale Kompetenzen für geflüchtete Frauen in Leipzig."},
		TargetGroups: []string{"refugee-women"},
		Skills:       []string{"1"},
		Places:       []record.Place{{Name: "Leipzig", Region: "DED51", Country: "DE"}},
	}
}
