package review

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
)

// queueIDs walks the whole queue with opts, page by page.
func queueIDs(t *testing.T, r *Review, opts QueueOptions) []string {
	t.Helper()
	var ids []string
	for range 100 {
		page, err := r.Queue(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		if page.Next == "" {
			return ids
		}
		opts.After = page.Next
	}
	t.Fatal("the queue does not end")
	return nil
}

func TestQueuePagesFiltersAndCounts(t *testing.T) {
	for _, be := range kvtest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := newFixtureOn(t, be)
			ctx := context.Background()
			f.harvest(held, harvestedMany(f.n, held, 7))
			var contributed []string
			for _, title := range []string{"Erstes", "Zweites", "Drittes"} {
				f.tick()
				id, err := f.r.Contribute(ctx, member, "", practice(title))
				if err != nil {
					t.Fatal(err)
				}
				contributed = append(contributed, id)
			}
			newestFirst := slices.Clone(contributed)
			slices.Reverse(newestFirst)
			var harvestedIDs []string
			for i := 6; i >= 0; i-- { // same time: the larger key first
				harvestedIDs = append(harvestedIDs, held+"-0000"+string(rune('0'+i)))
			}
			all := append(slices.Clone(newestFirst), harvestedIDs...)

			for _, tc := range []struct {
				name string
				opts QueueOptions
				want []string
			}{
				{"everything, newest first", QueueOptions{Limit: 3}, all},
				{"one page", QueueOptions{}, all},
				{"by organisation", QueueOptions{Limit: 2, Org: "stadt-leipzig"}, newestFirst},
				{"by source", QueueOptions{Limit: 4, Source: held}, harvestedIDs},
				{"by kind", QueueOptions{Limit: 4, Kind: "new"}, all},
				{"kind with no item", QueueOptions{Kind: "change"}, nil},
				{"organisation with no item", QueueOptions{Org: "city-of-lyon"}, nil},
				{"source and organisation", QueueOptions{Source: held, Org: "stadt-leipzig"}, nil},
			} {
				if got := queueIDs(t, f.r, tc.opts); !slices.Equal(got, tc.want) {
					t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
				}
			}
			total := func() int {
				t.Helper()
				page, err := f.r.Queue(ctx, QueueOptions{Limit: 1})
				if err != nil {
					t.Fatal(err)
				}
				return page.Total
			}
			if n := total(); n != 10 {
				t.Fatalf("total = %d, want 10", n)
			}

			// The item a cursor points at leaves the queue: the next page goes on
			// after it, without skipping or repeating.
			page, _ := f.r.Queue(ctx, QueueOptions{Limit: 2})
			last := page.Items[1]
			if err := f.r.Approve(ctx, editor, last.ID, last.Seq, nil); err != nil {
				t.Fatal(err)
			}
			next, err := f.r.Queue(ctx, QueueOptions{Limit: 2, After: page.Next})
			if err != nil || len(next.Items) != 2 || next.Items[0].ID != all[2] || next.Items[1].ID != all[3] {
				t.Errorf("page after a removed cursor item = %+v, %v; want %v", next.Items, err, all[2:4])
			}
			// … also when it was the newest item of all.
			first, _ := f.r.Queue(ctx, QueueOptions{Limit: 1})
			if err := f.r.Reject(ctx, editor, first.Items[0].ID, first.Items[0].Seq, "Doppelt"); err != nil {
				t.Fatal(err)
			}
			next, err = f.r.Queue(ctx, QueueOptions{Limit: 1, After: first.Next})
			if err != nil || len(next.Items) != 1 || next.Items[0].ID != all[2] {
				t.Errorf("page after the removed newest item = %+v, %v; want %s", next.Items, err, all[2])
			}
			if n := total(); n != 8 {
				t.Errorf("total after two decisions = %d, want 8", n)
			}
			if _, err := f.r.Queue(ctx, QueueOptions{After: "not base64!"}); !errors.Is(err, ErrCursor) {
				t.Errorf("bad cursor: %v", err)
			}

			// A new version of a waiting practice keeps one item; a change of a
			// published one adds one.
			if _, err := f.r.Contribute(ctx, member, contributed[0], practice("Erstes, neu")); err != nil {
				t.Fatal(err)
			}
			if n := total(); n != 8 {
				t.Errorf("total after a new waiting version = %d, want 8", n)
			}
			if _, err := f.r.Contribute(ctx, member, contributed[1], practice("Zweites, geändert")); err != nil {
				t.Fatal(err)
			}
			if n := total(); n != 9 {
				t.Errorf("total after a change = %d, want 9", n)
			}
			if got := queueIDs(t, f.r, QueueOptions{Kind: "change"}); !slices.Equal(got, []string{contributed[1]}) {
				t.Errorf("changes = %v", got)
			}

			// A failed publication leaves the count as it was.
			fs := &failingStore{Store: f.st, fail: true}
			f.r.Close()
			f.st = fs
			f.open()
			d, err := f.r.Detail(ctx, contributed[0])
			if err != nil || d.Entry.Pending == 0 {
				t.Fatalf("detail: %v", err)
			}
			if err := f.r.Approve(ctx, editor, contributed[0], d.Entry.Pending, nil); err == nil || errors.Is(err, ErrState) {
				t.Fatalf("approval with a failing store = %v", err)
			}
			if n := total(); n != 9 {
				t.Errorf("total after a failed approval = %d, want 9", n)
			}
			fs.fail = false

			// A database without the count counts its queue when it opens.
			if err := f.r.db.Update(func(tx kv.Tx) error { return tx.Bucket(bMeta).Delete(queueCountKey) }); err != nil {
				t.Fatal(err)
			}
			f.r.Close()
			f.open()
			if n := total(); n != 9 {
				t.Errorf("total after reopening without a count = %d, want 9", n)
			}
		})
	}
}
