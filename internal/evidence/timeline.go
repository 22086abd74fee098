package evidence

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"agora/internal/store/pg"
)

// Item is one line of an object's timeline: who did what, when, why, with which files.
type Item struct {
	ID          int64 // the event's place in the whole log: orders steps of several chains taken at one instant
	Seq         int32
	At          time.Time
	ActorName   string
	ActorRole   string
	Event       string
	From, To    string
	Reason      string
	Attachments []Attachment
	Hash        string
}

// Timeline returns the events of one object in order.
func Timeline(ctx context.Context, q *pg.Queries, objectType string, id uuid.UUID) ([]Item, error) {
	rows, err := q.ListObjectEvents(ctx, pg.ListObjectEventsParams{ObjectType: objectType, ObjectID: id})
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(rows))
	for i, r := range rows {
		it := Item{ID: r.ID, Seq: r.Seq, At: r.CreatedAt, ActorName: r.ActorName, ActorRole: r.ActorRole, Event: r.Event,
			From: r.FromState, To: r.ToState, Reason: r.Reason, Hash: r.Hash}
		_ = json.Unmarshal(r.Attachments, &it.Attachments)
		out[i] = it
	}
	return out, nil
}
