package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/skillsmap/skillsmap/internal/config"
	"github.com/skillsmap/skillsmap/internal/kv"
)

func newExchangeCommand(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "exchange",
		Short: "Maintain the exchange's private state (review, accounts, mail queue)",
	}
	cmd.AddCommand(newExchangeCopyCommand(g))
	return cmd
}

func newExchangeCopyCommand(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "copy-to-redis",
		Short: "Copy DATA/review.db, accounts.db and mail.db into the Redis of exchange.redis_url",
		Long: `Moves an exchange kept in the data directory's files to Redis, for several instances
(exchange.redis_url, see the README's Deployment section): every bucket of DATA/review.db, DATA/accounts.db
and DATA/mail.db, with its keys, values and sequence, is copied into Redis under skillsmap:review:,
skillsmap:accounts: and skillsmap:mail:, one transaction per file. A missing file is skipped. Stop the
instance that uses the files first (they are locked while it runs). Redis must not hold that part of the
exchange yet: the copy refuses to overwrite anything. The files are left as they were.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g, "")
			if err != nil {
				return err
			}
			if !sharedExchange(cfg) {
				return usageError{errors.New("exchange.redis_url is not set in the configuration: there is no Redis to copy to")}
			}
			out := cmd.OutOrStdout()
			for _, p := range []struct{ part, file string }{
				{partReview, reviewFile}, {partAccounts, accountsFile}, {partMail, mailFile},
			} {
				path := filepath.Join(cfg.DataDir, p.file)
				if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
					fmt.Fprintf(out, "%s: no such file, skipped\n", path)
					continue
				}
				src, err := kv.OpenBolt(path, kv.BoltOptions{})
				if errors.Is(err, kv.ErrLocked) {
					return fmt.Errorf("%s is in use by another process: stop 'skillsmap serve' first", path)
				}
				if err != nil {
					return err
				}
				buckets, keys, err := copyPart(cfg, src, p.part)
				src.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
				fmt.Fprintf(out, "%s: %d buckets, %d keys copied to Redis (%s*)\n", path, buckets, keys, redisPrefix(p.part))
			}
			return nil
		},
	}
}

// copyPart copies one file into its part of the exchange in Redis.
func copyPart(cfg *config.Config, src *kv.BoltDB, part string) (int, int, error) {
	dst, err := openRedisPart(cfg, part, slog.Default())
	if err != nil {
		return 0, 0, err
	}
	defer dst.Close()
	return src.CopyTo(dst)
}
