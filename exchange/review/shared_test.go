package review

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/kv/kvtest"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/vocab"
)

// TestTwoInstancesShareReview: two instances (two Redis connections) keep
// review in one Redis and publish into one store. Drafts with the same
// titles saved at the same time through both get distinct ids, every
// submission is in the queue both see, and approvals made through either
// publish each practice once.
func TestTwoInstancesShareReview(t *testing.T) {
	ctx := context.Background()
	iris, err := vocab.NewIRIs("http://localhost:8080/")
	if err != nil {
		t.Fatal(err)
	}
	st := store.NewMemory()
	defer st.Close()
	c1 := kvtest.RedisClient(t)
	c2 := redis.NewClient(&redis.Options{Addr: c1.Options().Addr})
	defer c2.Close()
	var mu sync.Mutex
	events := map[Kind]int{}
	open := func(c *redis.Client) *Review {
		r, err := New(kvtest.RedisDB(t, c, kv.RedisOptions{Prefix: "skillsmap:review:"}), Options{IRIs: iris, Store: st,
			OnEvent: func(e Event) { mu.Lock(); events[e.Kind]++; mu.Unlock() }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
	instances := []*Review{open(c1), open(c2)}

	const n = 6
	ids := make(chan string, 2*n)
	var wg sync.WaitGroup
	for _, r := range instances {
		wg.Go(func() {
			for i := range n {
				id, err := r.SaveDraft(ctx, member, "", practice(fmt.Sprintf("Digitalcafé %d", i)))
				if err != nil {
					t.Error(err)
					return
				}
				if err := r.Submit(ctx, member, id); err != nil {
					t.Error(err)
					return
				}
				ids <- id
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("id %s minted twice", id)
		}
		seen[id] = true
	}
	if len(seen) != 2*n {
		t.Fatalf("%d practices, want %d", len(seen), 2*n)
	}
	for i, r := range instances {
		page, err := r.Queue(ctx, QueueOptions{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		inQueue := map[string]bool{}
		for _, it := range page.Items {
			inQueue[it.ID] = true
		}
		if page.Total != 2*n || len(inQueue) != 2*n {
			t.Errorf("instance %d: queue total %d with %d practices, want %d", i, page.Total, len(inQueue), 2*n)
		}
		for id := range seen {
			if !inQueue[id] {
				t.Errorf("instance %d: %s is not in the queue", i, id)
			}
		}
	}

	// Each instance approves half of them, at the same time.
	var list []string
	for id := range seen {
		list = append(list, id)
	}
	for k, r := range instances {
		wg.Go(func() {
			for i := k; i < len(list); i += 2 {
				d, err := r.Detail(ctx, list[i])
				if err != nil {
					t.Error(err)
					return
				}
				if err := r.Approve(ctx, editor, list[i], d.Entry.Pending, nil); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	snap, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	terms := iris.Terms()
	for _, id := range list {
		if n := snap.Estimate(store.Pattern{S: iris.Practice(id), P: rdf.Type, O: terms.Practice, AnyGraph: true}); n != 1 {
			t.Errorf("%s: %d published types, want 1", id, n)
		}
	}
	for i, r := range instances {
		if page, err := r.Queue(ctx, QueueOptions{}); err != nil || page.Total != 0 || len(page.Items) != 0 {
			t.Errorf("instance %d: queue after approving everything: total %d, %d items (%v)", i, page.Total, len(page.Items), err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if events[KindApproved] != 2*n {
		t.Errorf("%d approval events, want %d (one per approval, none for a retried transaction)", events[KindApproved], 2*n)
	}
}
