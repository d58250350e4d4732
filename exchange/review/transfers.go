package review

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/kv"
	"github.com/skillsmap/skillsmap/internal/rdf"
	"github.com/skillsmap/skillsmap/vocab"
)

// Buckets of transfers.
var (
	bTransfers      = []byte("transfers")        // id → Transfer
	bTransfersByOrg = []byte("transfers-by-org") // org 0 id → "" (both sides; EditorsOrg for harvested practices)
)

func init() { buckets = append(buckets, bTransfers, bTransfersByOrg) }

// EditorsOrg stands for the map's editors as the owning side of a transfer
// of a harvested practice, which no organisation of the exchange owns.
const EditorsOrg = "_editors"

// TransferState is where a transfer stands.
type TransferState string

// Transfer states: an organisation is interested, the owner accepts
// (in progress), and the practice is adapted; or the owner declines, or
// the adopter withdraws.
const (
	TransferInterested TransferState = "interested"
	TransferInProgress TransferState = "in-progress"
	TransferAdapted    TransferState = "adapted"
	TransferDeclined   TransferState = "declined"
	TransferWithdrawn  TransferState = "withdrawn"
)

// MaxMessage bounds a message of a transfer.
const MaxMessage = 10000

// Message is one message between the two sides of a transfer. It goes
// through the site: neither side sees the other's e-mail addresses.
type Message struct {
	From Actor     `json:"from"`
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// TransferStep is one change of a transfer's state.
type TransferStep struct {
	State TransferState `json:"state"`
	By    Actor         `json:"by"`
	At    time.Time     `json:"at"`
}

// Transfer is an organisation adapting a practice to its own place.
type Transfer struct {
	ID string `json:"id"`
	// Practice is the original practice's IRI, Title its title.
	Practice string `json:"practice"`
	Title    string `json:"title"`
	// Owner is the organisation of the original practice (EditorsOrg for
	// a harvested one); Adopter the organisation that adapts it.
	Owner   string `json:"owner"`
	Adopter string `json:"adopter"`
	// Place is where the adopter runs the adaptation.
	Place record.Place `json:"place"`
	// Need is the adopter's need that led to the transfer, if any.
	Need string `json:"need,omitempty"`
	// Offered says the owner opened the transfer, offering its practice
	// for the adopter's published need; the adopter then accepts it.
	Offered  bool           `json:"offered,omitempty"`
	State    TransferState  `json:"state"`
	Steps    []TransferStep `json:"steps"`
	Messages []Message      `json:"messages"`
	// Adapted is the IRI of the adapted practice, once there is one.
	Adapted string    `json:"adapted,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// Side says which side of the transfer an actor is on: "owner",
// "adopter" or "" (editors see every transfer as the owner side of a
// harvested practice, and read all others).
func (t *Transfer) Side(a Actor) string {
	switch {
	case a.Org != "" && a.Org == t.Adopter:
		return "adopter"
	case a.Org != "" && a.Org == t.Owner, t.Owner == EditorsOrg && a.Role.Editor():
		return "owner"
	}
	return ""
}

// transitions are, per target state and side, the states a side may
// move the transfer from. The owner accepts or declines an adopter's
// request; the adopter accepts or declines an owner's offer.
func (t *Transfer) transitions() map[TransferState]map[string][]TransferState {
	if t.Offered {
		return map[TransferState]map[string][]TransferState{
			TransferInProgress: {"adopter": {TransferInterested}},
			TransferDeclined:   {"adopter": {TransferInterested}, "owner": {TransferInProgress}},
			TransferWithdrawn:  {"owner": {TransferInterested}, "adopter": {TransferInProgress}},
			TransferAdapted:    {"owner": {TransferInProgress}, "adopter": {TransferInProgress}},
		}
	}
	return map[TransferState]map[string][]TransferState{
		TransferInProgress: {"owner": {TransferInterested}},
		TransferDeclined:   {"owner": {TransferInterested, TransferInProgress}},
		TransferWithdrawn:  {"adopter": {TransferInterested, TransferInProgress}},
		TransferAdapted:    {"owner": {TransferInterested, TransferInProgress}, "adopter": {TransferInProgress}},
	}
}

// Acts lists the states a side ("owner", "adopter") may move the
// transfer to now.
func (t *Transfer) Acts(side string) []TransferState {
	var out []TransferState
	tr := t.transitions()
	for _, s := range []TransferState{TransferInProgress, TransferAdapted, TransferDeclined, TransferWithdrawn} {
		if slices.Contains(tr[s][side], t.State) {
			out = append(out, s)
		}
	}
	return out
}

// Open reports whether the transfer still goes on.
func (t *Transfer) Open() bool {
	return t.State == TransferInterested || t.State == TransferInProgress
}

// OpenTransfer records that the actor's organisation wants to adapt a
// published practice at place, with a first message to its owner.
func (r *Review) OpenTransfer(ctx context.Context, actor Actor, practice string, place record.Place, need, message string) (*Transfer, error) {
	if actor.Org == "" {
		return nil, fmt.Errorf("%w: transfers are opened by a member of an organisation", ErrForbidden)
	}
	message, err := checkMessage(message, true)
	if err != nil {
		return nil, err
	}
	place.Name = strings.TrimSpace(place.Name)
	if place.Name == "" {
		return nil, fmt.Errorf("%w: say where you want to adapt the practice", ErrState)
	}
	var out *Transfer
	err = r.change(ctx, func(t *txn, pub *publication) error {
		e, owner, err := r.transferable(t, practice)
		if err != nil {
			return err
		}
		if owner == actor.Org {
			return fmt.Errorf("%w: this practice is your organisation's own", ErrState)
		}
		now := r.now()
		tr := &Transfer{ID: newID(now), Practice: e.IRI, Title: e.Title, Owner: owner, Adopter: actor.Org, Place: place,
			Need: need, State: TransferInterested, Created: now, Updated: now,
			Steps:    []TransferStep{{State: TransferInterested, By: actor, At: now}},
			Messages: []Message{{From: actor, Text: message, At: now}}}
		if err := r.putTransfer(t, pub, tr); err != nil {
			return err
		}
		pub.transferEvent(tr, KindTransferOpened, actor, now, message)
		out = tr
		return nil
	})
	return out, err
}

// transferable reads a practice that a transfer can adapt: one on the
// map. owner is the organisation it belongs to, the editors for a
// harvested practice.
func (r *Review) transferable(t *txn, practice string) (e *Entry, owner string, err error) {
	e, err = r.entry(t, r.practiceIRI(practice))
	if err != nil {
		return nil, "", err
	}
	if !e.Public() {
		return nil, "", fmt.Errorf("%w: %s is not on the map", ErrNotPublic, e.ID)
	}
	owner = e.Origin.Org
	if owner == "" {
		owner = EditorsOrg
	}
	return e, owner, nil
}

// OfferTransfer records that the actor's organisation offers one of its
// published practices (editors: a harvested one) for another
// organisation's published need, with a first message; the need's
// organisation is the adopter and accepts or declines the offer. The
// adaptation's place is the need's first place.
func (r *Review) OfferTransfer(ctx context.Context, actor Actor, practice, need, message string) (*Transfer, error) {
	if actor.Org == "" {
		return nil, fmt.Errorf("%w: offers are made by a member of an organisation", ErrForbidden)
	}
	message, err := checkMessage(message, true)
	if err != nil {
		return nil, err
	}
	var out *Transfer
	err = r.change(ctx, func(t *txn, pub *publication) error {
		n, err := readNeed(t.tx, r.needIRI(need))
		if err != nil {
			return err
		}
		if !n.Published {
			return fmt.Errorf("%w: the need is not published", ErrNotFound)
		}
		if n.Org == actor.Org {
			return fmt.Errorf("%w: this need is your organisation's own", ErrState)
		}
		e, owner, err := r.transferable(t, practice)
		if err != nil {
			return err
		}
		if owner != actor.Org && !(owner == EditorsOrg && actor.Role.Editor()) {
			return fmt.Errorf("%w: only the practice's own organisation can offer it", ErrForbidden)
		}
		if owner == n.Org {
			return fmt.Errorf("%w: the need's organisation owns this practice", ErrState)
		}
		var place record.Place
		if len(n.Record.Places) > 0 {
			place = n.Record.Places[0]
		}
		now := r.now()
		tr := &Transfer{ID: newID(now), Practice: e.IRI, Title: e.Title, Owner: owner, Adopter: n.Org, Place: place,
			Need: n.ID, Offered: true, State: TransferInterested, Created: now, Updated: now,
			Steps:    []TransferStep{{State: TransferInterested, By: actor, At: now}},
			Messages: []Message{{From: actor, Text: message, At: now}}}
		if err := r.putTransfer(t, pub, tr); err != nil {
			return err
		}
		pub.transferEvent(tr, KindTransferOffered, actor, now, message)
		out = tr
		return nil
	})
	return out, err
}

// checkMessage checks a message's text.
func checkMessage(text string, required bool) (string, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	switch {
	case text == "" && required:
		return "", fmt.Errorf("%w: write a message", ErrState)
	case !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxMessage:
		return "", fmt.Errorf("%w: a message is UTF-8 text of at most %d characters", ErrState, MaxMessage)
	}
	return text, nil
}

// TransferMessage adds a message to a transfer from one of its sides.
func (r *Review) TransferMessage(ctx context.Context, actor Actor, id, text string) error {
	text, err := checkMessage(text, true)
	if err != nil {
		return err
	}
	return r.change(ctx, func(t *txn, pub *publication) error {
		tr, err := readTransfer(t.tx, id)
		if err != nil {
			return err
		}
		if tr.Side(actor) == "" {
			return fmt.Errorf("%w: not a side of this transfer", ErrForbidden)
		}
		now := r.now()
		tr.Messages = append(tr.Messages, Message{From: actor, Text: text, At: now})
		tr.Updated = now
		if err := r.putTransfer(t, pub, tr); err != nil {
			return err
		}
		pub.transferEvent(tr, KindTransferMessage, actor, now, text)
		return nil
	})
}

// SetTransferState moves a transfer on: the owner accepts (in progress)
// or declines it, the adopter withdraws it, and the owner (or the adopter
// once accepted) marks it adapted. Adapted publishes the adapted practice
// — the original's description at the adopting place, owned by the
// adopter and saying sm:adaptedFrom — and the transfer itself; the
// adopter edits the adaptation afterwards like any of its practices.
func (r *Review) SetTransferState(ctx context.Context, actor Actor, id string, state TransferState, note string) error {
	note, err := checkMessage(note, false)
	if err != nil {
		return err
	}
	return r.change(ctx, func(t *txn, pub *publication) error {
		tr, err := readTransfer(t.tx, id)
		if err != nil {
			return err
		}
		side := tr.Side(actor)
		from, ok := tr.transitions()[state][side]
		switch {
		case side == "":
			return fmt.Errorf("%w: not a side of this transfer", ErrForbidden)
		case !ok:
			return fmt.Errorf("%w: the %s cannot make a transfer %s", ErrForbidden, side, state)
		case !slices.Contains(from, tr.State):
			return fmt.Errorf("%w: the transfer is %s", ErrState, tr.State)
		}
		now := r.now()
		tr.State, tr.Updated = state, now
		tr.Steps = append(tr.Steps, TransferStep{State: state, By: actor, At: now})
		if note != "" {
			tr.Messages = append(tr.Messages, Message{From: actor, Text: note, At: now})
		}
		if state == TransferAdapted {
			if err := r.adapt(t, pub, tr, actor, now); err != nil {
				return err
			}
		}
		if err := r.putTransfer(t, pub, tr); err != nil {
			return err
		}
		pub.transferEvent(tr, KindTransferState, actor, now, note)
		return nil
	})
}

// adapt publishes the adapted practice and links it to the original.
func (r *Review) adapt(t *txn, pub *publication, tr *Transfer, actor Actor, now time.Time) error {
	orig, err := r.entry(t, tr.Practice)
	if err != nil {
		return err
	}
	if !orig.Public() {
		return fmt.Errorf("%w: the original practice is no longer on the map", ErrNotPublic)
	}
	v, err := readVersion(t.tx, orig.IRI, orig.Published)
	if err != nil {
		return err
	}
	src := r.recordOf(orig, v)
	rec := record.Practice{Language: src.Language}
	rec.CopyFields(src, record.FieldTitle, record.FieldDescription, record.FieldTypes, record.FieldTargetGroups,
		record.FieldSkills, record.FieldDeliveryModes, record.FieldLanguages, record.FieldDuration, record.FieldBudget,
		record.FieldStaff, record.FieldPartners)
	suffix := ""
	if tr.Place.Name != "" {
		suffix = " – " + tr.Place.Name
	}
	for l, title := range rec.Title {
		rec.Title[l] = title + suffix
	}
	if rec.Title.Empty() {
		rec.Title = record.Texts{rec.Language: tr.Title + suffix}
	}
	if tr.Place != (record.Place{}) {
		rec.Places = []record.Place{tr.Place}
	}
	rec.Providers = []string{r.iris.Organisation(tr.Adopter).Value}
	rec.AdaptedFrom = []string{orig.IRI}
	rec.Normalize()
	id, err := r.mintID(t, tr.Adopter, rec)
	if err != nil {
		return err
	}
	e := &Entry{IRI: r.iris.Practice(id).Value, ID: id, Origin: Origin{Org: tr.Adopter}, Latest: 1}
	ver := &Version{Seq: 1, State: StateApproved, Record: &rec, Content: rec.Triples(r.iris, id), Author: actor,
		Created: now, Submitted: now, Reviewer: Actor{Role: RoleSystem}, Reviewed: now,
		Reason: "adapted from " + orig.IRI + " through transfer " + tr.ID}
	if err := r.putVersion(t, e, ver); err != nil {
		return err
	}
	r.publishVersion(e, ver)
	if err := r.putEntry(t, e, pub); err != nil {
		return err
	}
	tr.Adapted = e.IRI
	return nil
}

// Transfer reads a transfer.
func (r *Review) Transfer(ctx context.Context, id string) (*Transfer, error) {
	var tr *Transfer
	err := r.db.View(func(tx kv.Tx) error {
		var err error
		tr, err = readTransfer(tx, id)
		return err
	})
	return tr, err
}

// TransfersOf lists the transfers an organisation is a side of (org
// EditorsOrg: those of harvested practices), newest change first.
func (r *Review) TransfersOf(ctx context.Context, org string) ([]*Transfer, error) {
	var out []*Transfer
	err := r.db.View(func(tx kv.Tx) error {
		out = nil // the transaction may run again
		for _, id := range prefixKeys(tx, bTransfersByOrg, org) {
			tr, err := readTransfer(tx, id)
			if err != nil {
				return err
			}
			out = append(out, tr)
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b *Transfer) int { return b.Updated.Compare(a.Updated) })
	return out, err
}

// TransfersOfPractice lists the transfers of a practice (its
// adaptations, going on or done).
func (r *Review) TransfersOfPractice(ctx context.Context, practice string) ([]*Transfer, error) {
	iri := r.practiceIRI(practice)
	var out []*Transfer
	err := r.db.View(func(tx kv.Tx) error {
		out = nil // the transaction may run again
		return tx.Bucket(bTransfers).ForEach(func(k, v []byte) error {
			var tr Transfer
			if err := json.Unmarshal(v, &tr); err != nil {
				return err
			}
			if tr.Practice == iri || tr.Adapted == iri {
				out = append(out, &tr)
			}
			return nil
		})
	})
	return out, err
}

func readTransfer(tx kv.Tx, id string) (*Transfer, error) {
	data := tx.Bucket(bTransfers).Get([]byte(id))
	if data == nil {
		return nil, fmt.Errorf("%w: no transfer %s", ErrNotFound, id)
	}
	var tr Transfer
	if err := json.Unmarshal(data, &tr); err != nil {
		return nil, fmt.Errorf("review: transfer %s: %w", id, err)
	}
	return &tr, nil
}

// putTransfer writes a transfer, its indices and its public record.
func (r *Review) putTransfer(t *txn, pub *publication, tr *Transfer) error {
	if err := t.putJSON(bTransfers, []byte(tr.ID), tr); err != nil {
		return err
	}
	pub.nodes = append(pub.nodes, r.transferSync(t.tx, tr))
	for _, org := range []string{tr.Owner, tr.Adopter} {
		if err := t.put(bTransfersByOrg, pairKey(org, tr.ID), nil); err != nil {
			return err
		}
	}
	return nil
}

// transferSync says what the transfers graph holds of a transfer: the
// transfer once adapted, nothing before.
func (r *Review) transferSync(tx kv.Tx, tr *Transfer) nodeSync {
	s := r.iris.Transfer(tr.ID)
	ns := nodeSync{g: r.iris.TransfersGraph(), subject: s}
	if tr.State != TransferAdapted || tr.Adapted == "" {
		return ns
	}
	add := func(p, o rdf.Term) { ns.triples = append(ns.triples, rdf.Triple{S: s, P: p, O: o}) }
	add(rdf.Type, r.terms.Transfer)
	add(rdf.Type, vocab.PROVActivity)
	add(vocab.PROVUsed, rdf.IRI(tr.Practice))
	add(vocab.PROVGenerated, rdf.IRI(tr.Adapted))
	add(vocab.PROVWasAssociatedWith, r.iris.Organisation(tr.Adopter))
	ns.shared = r.orgTriples(tx, tr.Adopter)
	if tr.Owner != EditorsOrg {
		add(vocab.PROVWasAssociatedWith, r.iris.Organisation(tr.Owner))
		ns.shared = append(ns.shared, r.orgTriples(tx, tr.Owner)...)
	}
	if tr.Place.Region != "" {
		add(vocab.DCTSpatial, vocab.NUTSRegion(tr.Place.Region))
	}
	add(vocab.PROVStartedAtTime, dateTime(tr.Created))
	for _, st := range tr.Steps {
		if st.State == TransferAdapted {
			add(vocab.PROVEndedAtTime, dateTime(st.At))
		}
	}
	return ns
}

// transfersGraphContent is what the transfers graph holds: every adapted
// transfer.
func (r *Review) transfersGraphContent(tx kv.Tx) ([]rdf.Triple, error) {
	out := rdf.NewGraph()
	err := tx.Bucket(bTransfers).ForEach(func(k, v []byte) error {
		var tr Transfer
		if err := json.Unmarshal(v, &tr); err != nil {
			return err
		}
		ns := r.transferSync(tx, &tr)
		for _, t := range append(ns.triples, ns.shared...) {
			out.Add(t)
		}
		return nil
	})
	return out.Sorted(), err
}

// transferEvent tells the other side of a transfer what happened.
func (pub *publication) transferEvent(tr *Transfer, kind Kind, actor Actor, at time.Time, text string) {
	other := tr.Owner
	if actor.Org == tr.Owner || tr.Owner == EditorsOrg && actor.Role.Editor() {
		other = tr.Adopter
	}
	pub.events = append(pub.events, Event{Kind: kind, Practice: tr.Practice, Title: tr.Title, Origin: Origin{Org: other},
		Actor: actor, Reason: text, At: at, Transfer: tr.ID, State: tr.State})
}
