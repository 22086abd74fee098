// Package evidence keeps the append-only, hash-chained event log of every
// object with a status, and is the one way a status changes (Transition).
package evidence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"agora/internal/store"
	"agora/internal/store/pg"
)

// Attachment is a file kept as evidence with an event.
type Attachment struct {
	FileID uuid.UUID `json:"file_id"`
	Name   string    `json:"name"`
	SHA256 string    `json:"sha256"`
	Size   int64     `json:"size"`
}

// Entry is one event to append.
type Entry struct {
	ObjectType  string
	ObjectID    uuid.UUID
	ActorID     *uuid.UUID // nil for the system
	ActorRole   string
	Event       string
	From, To    string
	Reason      string
	Attachments []Attachment
	At          time.Time
}

// genesis is the prev_hash of the first event of every chain.
var genesis = strings.Repeat("0", 64)

// canonical is the hashed form of an event. Field order is fixed by the struct,
// times are UTC with microseconds (what PostgreSQL keeps), so the bytes can be
// recomputed exactly from the stored row.
type canonical struct {
	ObjectType  string       `json:"object_type"`
	ObjectID    string       `json:"object_id"`
	Seq         int32        `json:"seq"`
	ActorID     string       `json:"actor_id"`
	ActorRole   string       `json:"actor_role"`
	Event       string       `json:"event"`
	From        string       `json:"from"`
	To          string       `json:"to"`
	Reason      string       `json:"reason"`
	Attachments []Attachment `json:"attachments"`
	At          string       `json:"at"`
}

func hashOf(prev string, c canonical) (string, error) {
	if c.Attachments == nil {
		c.Attachments = []Attachment{}
	}
	body, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	p, err := hex.DecodeString(prev)
	if err != nil {
		return "", fmt.Errorf("evidence: bad prev hash: %w", err)
	}
	h := sha256.New()
	h.Write(p)
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil)), nil
}

func formatAt(t time.Time) string { return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano) }

func idString(id *uuid.UUID) string {
	if id == nil {
		return ""
	}
	return id.String()
}

// Append adds e to its object's chain inside the caller's transaction. The
// chain head is locked, so concurrent appends to one object serialize.
func Append(ctx context.Context, q *pg.Queries, e Entry) (pg.Event, error) {
	at := e.At.UTC().Truncate(time.Microsecond)
	prev, seq := genesis, int32(1)
	head, err := q.LockEventHead(ctx, pg.LockEventHeadParams{ObjectType: e.ObjectType, ObjectID: e.ObjectID})
	switch {
	case err == nil:
		prev, seq = head.Hash, head.Seq+1
	case !store.IsNoRows(err):
		return pg.Event{}, fmt.Errorf("evidence: lock head: %w", err)
	}
	atts := e.Attachments
	if atts == nil {
		atts = []Attachment{}
	}
	c := canonical{ObjectType: e.ObjectType, ObjectID: e.ObjectID.String(), Seq: seq, ActorID: idString(e.ActorID),
		ActorRole: e.ActorRole, Event: e.Event, From: e.From, To: e.To, Reason: e.Reason, Attachments: atts, At: formatAt(at)}
	hash, err := hashOf(prev, c)
	if err != nil {
		return pg.Event{}, err
	}
	attJSON, _ := json.Marshal(atts)
	ev, err := q.InsertEvent(ctx, pg.InsertEventParams{
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, Seq: seq, ActorID: e.ActorID, ActorRole: e.ActorRole,
		Event: e.Event, FromState: e.From, ToState: e.To, Reason: e.Reason, Attachments: attJSON,
		CreatedAt: at, PrevHash: prev, Hash: hash,
	})
	if err != nil {
		return pg.Event{}, fmt.Errorf("evidence: insert event: %w", err)
	}
	if seq == 1 {
		err = q.InsertEventHead(ctx, pg.InsertEventHeadParams{ObjectType: e.ObjectType, ObjectID: e.ObjectID, Seq: seq, Hash: hash})
	} else {
		var n int64
		n, err = q.UpdateEventHead(ctx, pg.UpdateEventHeadParams{ObjectType: e.ObjectType, ObjectID: e.ObjectID, Seq: seq, Hash: hash, PrevSeq: seq - 1})
		if err == nil && n != 1 {
			err = fmt.Errorf("head moved")
		}
	}
	if err != nil {
		return pg.Event{}, fmt.Errorf("evidence: update head: %w", err)
	}
	return ev, nil
}

// rowHash recomputes the hash of a stored event.
func rowHash(ev pg.Event) (string, error) {
	var atts []Attachment
	if err := json.Unmarshal(ev.Attachments, &atts); err != nil {
		return "", fmt.Errorf("attachments: %w", err)
	}
	return hashOf(ev.PrevHash, canonical{ObjectType: ev.ObjectType, ObjectID: ev.ObjectID.String(), Seq: ev.Seq,
		ActorID: idString(ev.ActorID), ActorRole: ev.ActorRole, Event: ev.Event, From: ev.FromState, To: ev.ToState,
		Reason: ev.Reason, Attachments: atts, At: formatAt(ev.CreatedAt)})
}
