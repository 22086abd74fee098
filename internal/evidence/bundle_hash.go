package evidence

import (
	"time"

	"github.com/google/uuid"
)

// Hashed is an event as its hash covers it: what an exported copy of the log
// (an evidence bundle) must carry for anyone to recompute the chain.
type Hashed struct {
	ObjectType  string
	ObjectID    uuid.UUID
	Seq         int32
	ActorID     *uuid.UUID // nil for the system
	ActorRole   string
	Event       string
	From, To    string
	Reason      string
	Attachments []Attachment
	At          time.Time
}

// GenesisHash is the prev hash of the first event of every chain.
func GenesisHash() string { return genesis }

// HashEvent computes an event's hash from its predecessor's exactly as Append does.
func HashEvent(prev string, e Hashed) (string, error) {
	return hashOf(prev, canonical{ObjectType: e.ObjectType, ObjectID: e.ObjectID.String(), Seq: e.Seq, ActorID: idString(e.ActorID),
		ActorRole: e.ActorRole, Event: e.Event, From: e.From, To: e.To, Reason: e.Reason, Attachments: e.Attachments, At: formatAt(e.At)})
}

// FormatAt is an event time as the hash covers it: UTC, to the microsecond.
func FormatAt(t time.Time) string { return formatAt(t) }
