package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/kv"
)

// The parts of the exchange's private state, each a kv database: a file
// in the data directory, or keys under "skillsmap:PART:" in the Redis of
// exchange.redis_url.
const (
	partReview   = "review"
	partAccounts = "accounts"
	partMail     = "mail"
)

// redisPrefix is where a part of the exchange keeps its keys in Redis.
func redisPrefix(part string) string { return "skillsmap:" + part + ":" }

// sharedExchange reports whether the exchange's state is in Redis.
func sharedExchange(cfg *config.Config) bool { return cfg.Exchange.RedisURL != "" }

// exchangeLocation says where a part of the exchange is kept, for people.
func exchangeLocation(cfg *config.Config, part, file string) string {
	if sharedExchange(cfg) {
		return fmt.Sprintf("Redis (keys %s*)", redisPrefix(part))
	}
	return filepath.Join(cfg.DataDir, file)
}

// redisDB is a part of the exchange in Redis, with its own client, which
// Close closes.
type redisDB struct {
	*kv.RedisDB
	client *redis.Client
}

func (d redisDB) Close() error { return errors.Join(d.RedisDB.Close(), d.client.Close()) }

// openRedisPart connects to exchange.redis_url for one part of the
// exchange.
func openRedisPart(cfg *config.Config, part string, log *slog.Logger) (redisDB, error) {
	ropts, err := redis.ParseURL(cfg.Exchange.RedisURL)
	if err != nil {
		return redisDB{}, fmt.Errorf("exchange.redis_url: %w", err)
	}
	client := redis.NewClient(ropts)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return redisDB{}, fmt.Errorf("exchange.redis_url: %s: %w", ropts.Addr, err)
	}
	if part == partAccounts {
		warnVolatileRedis(ctx, client, log)
	}
	db, err := kv.NewRedis(client, kv.RedisOptions{Prefix: redisPrefix(part), Logger: log})
	if err != nil {
		client.Close()
		return redisDB{}, err
	}
	return redisDB{RedisDB: db, client: client}, nil
}

// warnVolatileRedis warns when the Redis that holds the accounts keeps
// nothing across its own restart.
func warnVolatileRedis(ctx context.Context, client *redis.Client, log *slog.Logger) {
	cfg, err := client.ConfigGet(ctx, "*").Result()
	if err != nil {
		log.Warn("exchange.redis_url: cannot read Redis's persistence settings (CONFIG GET refused); make sure it persists its data (appendonly yes): accounts, sessions and review live there", "err", err)
		return
	}
	if !strings.EqualFold(cfg["appendonly"], "yes") {
		log.Warn("exchange.redis_url: Redis runs without appendonly; accounts, sessions, review and queued e-mail written since its last snapshot are lost if it stops — run it with appendonly yes",
			"save", cfg["save"])
	}
}
