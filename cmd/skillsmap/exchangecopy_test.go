package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/exchange/review"
	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/store"
	"github.com/skillsmap/skillsmap/internal/testsupport"
	"github.com/skillsmap/skillsmap/vocab"
)

// TestExchangeCopyToRedis: an exchange kept in the data directory's files
// moves to Redis with 'skillsmap exchange copy-to-redis': the accounts and
// review's practices are there afterwards, a missing file is skipped, and a
// second copy is refused rather than overwrite anything.
func TestExchangeCopyToRedis(t *testing.T) {
	redisAddr := testsupport.StartRedis(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	fileConfig := filepath.Join(dir, "files.yaml")
	redisConfig := filepath.Join(dir, "redis.yaml")
	for path, cfg := range map[string]string{
		fileConfig: fmt.Sprintf("data_dir: %s\n", data),
		redisConfig: fmt.Sprintf("data_dir: %s\nstore: {kind: sparql, query_url: 'http://127.0.0.1:9/sparql'}\nexchange: {redis_url: 'redis://%s/0'}\n",
			data, redisAddr),
	} {
		if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	runCommand(t, "correct horse battery staple\n", "user", "add", "--config", fileConfig,
		"--email", "anna@leipzig.example", "--name", "Anna Beispiel", "--org-name", "Stadt Leipzig", "--password-stdin")
	iris, err := vocab.NewIRIs("http://localhost:8080/")
	if err != nil {
		t.Fatal(err)
	}
	st := store.NewMemory()
	defer st.Close()
	rv, err := review.Open(filepath.Join(data, reviewFile), review.Options{IRIs: iris, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	actor := review.Actor{UserID: "u1", Org: "stadt-leipzig", Role: review.RoleContributor}
	id, err := rv.SaveDraft(ctx, actor, "", practiceRecord("Digitalcafé"))
	if err != nil {
		t.Fatal(err)
	}
	rv.Close()

	out := runCommand(t, "", "exchange", "copy-to-redis", "--config", redisConfig)
	for _, want := range []string{"review.db: ", "accounts.db: 15 buckets", "copied to Redis (skillsmap:review:*)", "mail.db: no such file, skipped"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if out := runCommand(t, "", "user", "list", "--config", redisConfig); !strings.Contains(out, "anna@leipzig.example") {
		t.Errorf("the copied accounts in Redis:\n%s", out)
	}
	client := redis.NewClient(&redis.Options{Addr: redisAddr})
	defer client.Close()
	db, err := kv.NewRedis(client, kv.RedisOptions{Prefix: redisPrefix(partReview)})
	if err != nil {
		t.Fatal(err)
	}
	rr, err := review.New(db, review.Options{IRIs: iris, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := rr.Lookup(ctx, id); !ok || e.Origin.Org != "stadt-leipzig" {
		t.Errorf("the draft %s is not in review in Redis: %+v", id, e)
	}
	if _, err := rr.SaveDraft(ctx, actor, id, practiceRecord("Digitalcafé für alle")); err != nil {
		t.Errorf("changing the copied draft: %v", err)
	}

	cmd := exec.Command(os.Args[0], "exchange", "copy-to-redis", "--config", redisConfig)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "holds data already") {
		t.Errorf("a second copy was not refused: %v\n%s", err, out)
	}
}

// practiceRecord is a complete practice in German.
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
