package store

import (
	"bytes"
	"context"
	"fmt"
)

// compactBatch is how many dictionary entries one CompactTerms transaction
// examines, so that Updates wait at most for one batch.
const compactBatch = 4096

// compactTerms removes terms that no index entry and no graph record uses.
func (e *engine) compactTerms(ctx context.Context) (uint64, error) {
	var removed uint64
	from := appendID(nil, firstID)
	for from != nil {
		var n uint64
		err := e.maintain(ctx, func(tx kvWriteTx) error {
			type entry struct {
				id  uint64
				enc []byte
			}
			var batch []entry
			var err error
			tx.ascend(bucketIDToTerm, from, func(k, v []byte) bool {
				var id uint64
				if id, err = decodeIDValue(k); err != nil {
					return false
				}
				batch = append(batch, entry{id, bytes.Clone(v)})
				return len(batch) < compactBatch
			})
			if err != nil {
				return err
			}
			if len(batch) < compactBatch {
				from = nil
			} else {
				from = appendID(nil, batch[len(batch)-1].id+1)
			}
			for _, t := range batch {
				if termInUse(tx, t.id) {
					continue
				}
				key, _ := termKey(t.enc)
				if err := tx.delete(bucketTermToID, key); err != nil {
					return err
				}
				if err := tx.delete(bucketIDToTerm, appendID(nil, t.id)); err != nil {
					return err
				}
				n++
			}
			return ctx.Err()
		})
		if err != nil {
			return removed, fmt.Errorf("store: compact terms: %w", err)
		}
		removed += n
	}
	return removed, nil
}

// termInUse reports whether some quad has id as S, P, O or G, or a graph
// record names it. Each test is one seek in the index that starts with that
// position.
func termInUse(r kvReader, id uint64) bool {
	prefix := appendID(nil, id)
	for _, b := range [...]bucket{bucketSPOG, bucketPOSG, bucketOSPG, bucketGSPO} {
		if hasPrefixKey(r, b, prefix) {
			return true
		}
	}
	return r.has(bucketGraphs, prefix)
}
