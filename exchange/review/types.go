package review

import (
	"errors"
	"time"

	"github.com/skillsmap/skillsmap/exchange/record"
	"github.com/skillsmap/skillsmap/internal/rdf"
)

// State is the state of a version.
type State string

// States of a version. A version moves draft → submitted → approved,
// rejected or changes-requested; an approved version is published until a
// later approved version supersedes it.
const (
	StateDraft            State = "draft"
	StateSubmitted        State = "submitted"
	StateApproved         State = "approved"
	StateRejected         State = "rejected"
	StateChangesRequested State = "changes-requested"
	// StateSuperseded marks a submitted version that a newer one replaced
	// before anyone reviewed it (a source changed again, an editor edited
	// it before approving).
	StateSuperseded State = "superseded"
)

// Role is what an actor may do; it mirrors the account roles.
type Role string

// Roles.
const (
	RoleContributor Role = "contributor"
	RoleEditor      Role = "editor"
	RoleAdmin       Role = "admin"
	// RoleSystem acts for the harvester.
	RoleSystem Role = "system"
)

// Editor reports whether the role may review and correct.
func (r Role) Editor() bool { return r == RoleEditor || r == RoleAdmin }

// Actor is who does something: an account of an organisation, or the
// harvester. Review never stores names or e-mail addresses, only the user
// id, which the accounts resolve (and forget when the account is deleted).
type Actor struct {
	UserID string
	Org    string // organisation id
	Role   Role
}

// Organisation is what the public data says of a contributing
// organisation: its name and web site (no person).
type Organisation struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Website string `json:"website,omitempty"`
}

// Origin says where a practice comes from.
type Origin struct {
	// Source is the harvest source id, for harvested practices.
	Source string `json:"source,omitempty"`
	// Org is the contributing organisation's id, for contributions.
	Org string `json:"org,omitempty"`
}

// Harvested reports whether the practice comes from a harvest source.
func (o Origin) Harvested() bool { return o.Source != "" }

// Version is one version of a practice.
type Version struct {
	Seq   int   `json:"seq"`
	State State `json:"state"`
	// Content is the practice's triples, without harvest bookkeeping.
	Content Triples `json:"content"`
	// Record is the practice as its organisation wrote it (contributions
	// only; harvested versions are read from Content).
	Record *record.Practice `json:"record,omitempty"`
	// Author made the version (for a harvest, the system actor).
	Author Actor `json:"author"`
	// Run is the harvest run that found it.
	Run string `json:"run,omitempty"`
	// BasedOn is the version an edit or a revert started from.
	BasedOn   int       `json:"basedOn,omitempty"`
	Created   time.Time `json:"created"`
	Submitted time.Time `json:"submitted,omitzero"`
	// Reviewer and Reviewed say who decided and when; Reason is why it was
	// rejected or what changes were asked for.
	Reviewer Actor     `json:"reviewer,omitzero"`
	Reviewed time.Time `json:"reviewed,omitzero"`
	Reason   string    `json:"reason,omitempty"`
}

// Correction is an editor's value for one field of a harvested practice,
// which replaces what the source says until the editor drops it.
type Correction struct {
	Field record.Field `json:"field"`
	// Triples are the editor's values (the field's triples).
	Triples Triples `json:"triples"`
	// Base are the source's values of the field when the correction was
	// made: when the source's values change, the editor sees a conflict.
	Base Triples   `json:"base"`
	By   Actor     `json:"by"`
	At   time.Time `json:"at"`
}

// Conflict is a field the source changed after an editor corrected it.
type Conflict struct {
	Field record.Field `json:"field"`
	// Source are the source's new values.
	Source Triples   `json:"source"`
	Since  time.Time `json:"since"`
}

// Entry is everything review knows of one practice.
type Entry struct {
	IRI    string `json:"iri"`
	ID     string `json:"id"`
	Origin Origin `json:"origin"`
	// Title is the latest version's title in its language, for lists.
	Title string `json:"title"`
	// Latest is the newest version's number; Published the one the public
	// sees (0: none).
	Latest    int `json:"latest"`
	Published int `json:"published"`
	// Pending is the version waiting for an editor (0: none); Draft the
	// version its organisation is still writing (0: none).
	Pending int `json:"pending,omitempty"`
	Draft   int `json:"draft,omitempty"`
	// Harvested is the latest version a harvest brought (0: none).
	Harvested int `json:"harvested,omitempty"`
	// State is the newest version's state.
	State State `json:"state"`
	// Issued is when the practice was first published; Modified when the
	// public record last changed through a new version.
	Issued   time.Time `json:"issued,omitzero"`
	Modified time.Time `json:"modified,omitzero"`
	// Updated is when anything about the entry last changed.
	Updated time.Time `json:"updated"`

	Corrections map[record.Field]*Correction `json:"corrections,omitempty"`
	Conflicts   map[record.Field]*Conflict   `json:"conflicts,omitempty"`
	// MergedInto is the IRI of the practice this one was merged into.
	MergedInto string `json:"mergedInto,omitempty"`
	// GoodPractice marks a practice editors validated as a good practice.
	GoodPractice bool `json:"goodPractice,omitempty"`
	// Withdrawn is set when an editor took the practice off the map
	// (WithdrawnReason says why); SourceWithdrawn when its source withdrew
	// it (the harvester's tombstone).
	Withdrawn       bool      `json:"withdrawn,omitempty"`
	WithdrawnReason string    `json:"withdrawnReason,omitempty"`
	WithdrawnAt     time.Time `json:"withdrawnAt,omitzero"`
	SourceWithdrawn bool      `json:"sourceWithdrawn,omitempty"`
	// Raw is what the source said last, without the harvester's
	// bookkeeping (harvested practices only); nil when the source no longer
	// has the practice.
	Raw Triples `json:"raw,omitempty"`
}

// Subject is the practice's IRI as a term.
func (e *Entry) Subject() rdf.Term { return rdf.IRI(e.IRI) }

// Public reports whether the practice is on the map: published, not
// merged, not withdrawn.
func (e *Entry) Public() bool {
	return e.Published > 0 && e.MergedInto == "" && !e.Withdrawn && !e.SourceWithdrawn && (e.Raw != nil || !e.Origin.Harvested())
}

// Activity is one act on a practice, for its history page. Acts on
// published practices are also recorded publicly (as prov:Activity,
// naming the organisation, never the person).
type Activity struct {
	ID       string         `json:"id"`
	Practice string         `json:"practice"`
	Kind     Kind           `json:"kind"`
	Actor    Actor          `json:"actor"`
	At       time.Time      `json:"at"`
	Version  int            `json:"version,omitempty"`
	Fields   []record.Field `json:"fields,omitempty"`
	Reason   string         `json:"reason,omitempty"`
	// Other is the other practice of a merge.
	Other string `json:"other,omitempty"`
	// Public says the act is in the public provenance graph.
	Public bool `json:"public"`
}

// Kind is the kind of an activity or event.
type Kind string

// Kinds of activity and event.
const (
	KindSubmitted        Kind = "submitted"
	KindApproved         Kind = "approved"
	KindRejected         Kind = "rejected"
	KindChangesRequested Kind = "changes-requested"
	KindCorrected        Kind = "corrected"
	KindMerged           Kind = "merged"
	KindUnmerged         Kind = "unmerged"
	KindValidated        Kind = "validated"
	KindUnvalidated      Kind = "unvalidated"
	KindReverted         Kind = "reverted"
	KindWithdrawn        Kind = "withdrawn"
	KindRepublished      Kind = "republished"
	KindConflictResolved Kind = "conflict-resolved"
	KindHarvested        Kind = "harvested"        // a source brought a new version
	KindHarvestHeld      Kind = "harvest-held"     // … that waits for review
	KindConflict         Kind = "conflict"         // a source changed a corrected field
	KindSourceWithdrawn  Kind = "source-withdrawn" // the source withdrew the practice
	KindTransferOpened   Kind = "transfer-opened"  // an organisation wants to adapt a practice
	KindTransferOffered  Kind = "transfer-offered" // a practice's organisation offers it for a published need
	KindTransferMessage  Kind = "transfer-message" // a message between the sides of a transfer
	KindTransferState    Kind = "transfer-state"   // a transfer was accepted, declined, withdrawn or adapted
)

// Event is what happened, told to Options.OnEvent after it was committed
// and published, so that the organisation can be told by e-mail.
type Event struct {
	Kind     Kind
	Practice string // IRI
	ID       string
	Title    string
	Origin   Origin
	Actor    Actor
	Version  int
	Reason   string
	Fields   []record.Field
	At       time.Time
	// Transfer and State identify a transfer and its new state; Origin.Org
	// is then the side to tell.
	Transfer string
	State    TransferState
}

// QueueItem is one practice waiting for an editor.
type QueueItem struct {
	IRI   string `json:"iri"`
	ID    string `json:"id"`
	Title string `json:"title"`
	// Kind is "new" (never published), "change" (a new version of a
	// published practice) or "conflict" (a source changed a corrected
	// field).
	Kind    string    `json:"kind"`
	Seq     int       `json:"seq,omitempty"`
	Origin  Origin    `json:"origin"`
	Since   time.Time `json:"since"`
	sortKey []byte
}

// Errors of review operations.
var (
	ErrNotFound   = errors.New("no such practice")
	ErrForbidden  = errors.New("not allowed")
	ErrState      = errors.New("the practice is not in a state that allows this")
	ErrNoVersion  = errors.New("no such version")
	ErrNotPublic  = errors.New("the practice is not published")
	ErrSameEntity = errors.New("a practice cannot be merged into itself")
)
