package review

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/kv"
)

// ErrCursor is the error of a queue cursor that is not one Page.Next gave.
var ErrCursor = errors.New("review: bad queue cursor")

// QueueOptions page and filter the editors' queue.
type QueueOptions struct {
	// Limit is the page size (default 50, at most 500).
	Limit int
	// After is the cursor of the previous page's last item (Page.Next).
	After string
	// Kind keeps only "new", "change" or "conflict" items ("" for all).
	Kind string
	// Source or Org keep only the items of one source or organisation.
	Source, Org string
}

// Page is one page of the queue.
type Page struct {
	Items []QueueItem
	// Next is the cursor of the next page, "" on the last.
	Next string
	// Total is how many items wait in all (before Kind/Source/Org filters).
	Total int
}

// Queue lists what waits for the editors, newest first: submitted and
// changed versions, and conflicts between corrections and sources.
func (r *Review) Queue(ctx context.Context, opts QueueOptions) (Page, error) {
	if opts.Limit <= 0 {
		opts.Limit = 50
	}
	opts.Limit = min(opts.Limit, 500)
	var page Page
	var after []byte
	if opts.After != "" {
		var err error
		if after, err = base64.RawURLEncoding.DecodeString(opts.After); err != nil {
			return page, ErrCursor
		}
	}
	// Filters look for their JSON in an item before decoding it, so that a
	// filter that matches few items does not decode the whole queue.
	var needles [][]byte
	for _, f := range []struct{ name, value string }{{"kind", opts.Kind}, {"source", opts.Source}, {"org", opts.Org}} {
		if f.value != "" {
			v, _ := json.Marshal(f.value)
			needles = append(needles, append([]byte(`"`+f.name+`":`), v...))
		}
	}
	err := r.db.View(func(tx kv.Tx) error {
		page = Page{} // the transaction may run again
		page.Total = queueCount(tx)
		c := tx.Bucket(bQueue).Cursor()
		var k, v []byte
		if after != nil {
			c.Seek(after)
			k, v = c.Prev()
		} else {
			k, v = c.Last()
		}
		n := 0
		for ; k != nil; k, v = c.Prev() {
			if n++; n%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if !containsAll(v, needles) {
				continue
			}
			var it QueueItem
			if err := json.Unmarshal(v, &it); err != nil {
				return err
			}
			if opts.Kind != "" && it.Kind != opts.Kind || opts.Source != "" && it.Origin.Source != opts.Source ||
				opts.Org != "" && it.Origin.Org != opts.Org {
				continue
			}
			if len(page.Items) == opts.Limit {
				page.Next = base64.RawURLEncoding.EncodeToString(page.Items[len(page.Items)-1].sortKey)
				break
			}
			it.sortKey = bytes.Clone(k)
			page.Items = append(page.Items, it)
		}
		return nil
	})
	return page, err
}

// containsAll reports whether data contains every needle.
func containsAll(data []byte, needles [][]byte) bool {
	for _, n := range needles {
		if !bytes.Contains(data, n) {
			return false
		}
	}
	return true
}

// Detail is everything known of one practice, for editors and its
// organisation.
type Detail struct {
	Entry      *Entry
	Versions   []*Version // oldest first
	Activities []Activity // oldest first
	r          *Review
}

// Detail reads a practice's entry, versions and history.
func (r *Review) Detail(ctx context.Context, id string) (*Detail, error) {
	iri := r.practiceIRI(id)
	d := &Detail{r: r}
	err := r.db.View(func(tx kv.Tx) error {
		d.Activities = nil // the transaction may run again
		var err error
		if d.Entry, err = readEntry(tx, iri); err != nil {
			if errors.Is(err, errNoEntry) {
				return fmt.Errorf("%w: %s", ErrNotFound, id)
			}
			return err
		}
		if d.Versions, err = readVersions(tx, iri); err != nil {
			return err
		}
		prefix := pairKey(iri, "")
		c := tx.Bucket(bActivities).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var a Activity
			if err := json.Unmarshal(v, &a); err != nil {
				return err
			}
			d.Activities = append(d.Activities, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Version returns version seq.
func (d *Detail) Version(seq int) (*Version, bool) {
	for _, v := range d.Versions {
		if v.Seq == seq {
			return v, true
		}
	}
	return nil, false
}

// Record reads version seq as a record; ok is false if there is none.
func (d *Detail) Record(seq int) (record.Practice, bool) {
	v, ok := d.Version(seq)
	if !ok {
		return record.Practice{}, false
	}
	return d.r.recordOf(d.Entry, v), true
}

// Working returns what the organisation edits next and its version: the
// draft, else the version waiting for review or sent back, else the
// published one, else the latest.
func (d *Detail) Working() (record.Practice, *Version) {
	e := d.Entry
	for _, seq := range []int{e.Draft, e.Pending} {
		if v, ok := d.Version(seq); ok && seq > 0 {
			return d.r.recordOf(e, v), v
		}
	}
	if v, ok := d.Version(e.Latest); ok && v.State == StateChangesRequested {
		return d.r.recordOf(e, v), v
	}
	for _, seq := range []int{e.Published, e.Latest} {
		if v, ok := d.Version(seq); ok && seq > 0 {
			return d.r.recordOf(e, v), v
		}
	}
	return record.Practice{}, nil
}

// Public returns the record as the public sees it: the published version
// with the corrections applied; ok is false when nothing is published.
func (d *Detail) Public() (record.Practice, bool) {
	e := d.Entry
	p, ok := d.Record(e.Published)
	if !ok || e.Published == 0 {
		return record.Practice{}, false
	}
	for f, c := range e.Corrections {
		fix := d.r.correctionRecord(e, c)
		p.CopyFields(fix, f)
	}
	return p, true
}

// correctionRecord reads a correction's triples as a record.
func (r *Review) correctionRecord(e *Entry, c *Correction) record.Practice {
	p := record.FromTriples(r.iris, e.Subject(), c.Triples)
	p.Normalize()
	return p
}

// Changes compares version seq with the public record: what an approval
// would change. For a harvested practice the comparison leaves out the
// fields editors corrected (the corrections stay).
func (d *Detail) Changes(seq int) []record.Change {
	next, ok := d.Record(seq)
	if !ok {
		return nil
	}
	prev, _ := d.Record(d.Entry.Published)
	changes := record.Diff(prev, next)
	if d.Entry.Origin.Harvested() {
		changes = slices.DeleteFunc(changes, func(c record.Change) bool { return d.Entry.Corrections[c.Field] != nil })
	}
	return changes
}

// CorrectionValues returns a correction's values and the source's, as
// canonical texts.
func (d *Detail) CorrectionValues(f record.Field) (editor, source []string) {
	e := d.Entry
	c, ok := e.Corrections[f]
	if !ok {
		return nil, nil
	}
	mine := d.r.correctionRecord(e, c)
	theirs := record.FromTriples(d.r.iris, e.Subject(), c.Base)
	theirs.Normalize()
	if conflict, ok := e.Conflicts[f]; ok {
		theirs = record.FromTriples(d.r.iris, e.Subject(), conflict.Source)
		theirs.Normalize()
	}
	return mine.Values(f), theirs.Values(f)
}

// ByOrganisation lists the practices an organisation contributed, newest
// change first.
func (r *Review) ByOrganisation(ctx context.Context, org string) ([]*Entry, error) {
	return r.list(ctx, bByOrg, org)
}

// BySource lists the practices harvested from a source, newest change
// first.
func (r *Review) BySource(ctx context.Context, source string) ([]*Entry, error) {
	return r.list(ctx, bBySource, source)
}

func (r *Review) list(ctx context.Context, index []byte, key string) ([]*Entry, error) {
	var out []*Entry
	err := r.db.View(func(tx kv.Tx) error {
		out = nil // the transaction may run again
		for _, iri := range prefixKeys(tx, index, key) {
			if err := ctx.Err(); err != nil {
				return err
			}
			e, err := readEntry(tx, iri)
			if err != nil {
				return err
			}
			e.Raw = nil // lists need no triples
			out = append(out, e)
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b *Entry) int { return b.Updated.Compare(a.Updated) })
	return out, err
}

// Organisation returns what review knows of an organisation.
func (r *Review) Organisation(ctx context.Context, id string) (Organisation, bool) {
	var o Organisation
	found := false
	_ = r.db.View(func(tx kv.Tx) error {
		o, found = Organisation{}, false // the transaction may run again
		if data := tx.Bucket(bOrgs).Get([]byte(id)); data != nil {
			found = json.Unmarshal(data, &o) == nil
		}
		return nil
	})
	return o, found
}

// Lookup returns the entry of a practice id or IRI, without its versions.
func (r *Review) Lookup(ctx context.Context, id string) (*Entry, bool) {
	var e *Entry
	_ = r.db.View(func(tx kv.Tx) error {
		e, _ = readEntry(tx, r.practiceIRI(id))
		return nil
	})
	return e, e != nil
}

// Sources returns the ids of the sources review holds practices of.
func (r *Review) Sources(ctx context.Context) []string {
	var out []string
	_ = r.db.View(func(tx kv.Tx) error {
		out = nil // the transaction may run again
		return tx.Bucket(bShared).ForEach(func(k, _ []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	slices.SortFunc(out, strings.Compare)
	return out
}
