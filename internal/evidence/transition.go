package evidence

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store/pg"
)

// Step is one requested state change of one object.
type Step[S ~string, E ~string] struct {
	Machine     *lifecycle.Machine[S, E]
	ObjectType  string
	ObjectID    uuid.UUID
	From        S // the state the caller read under its row lock
	Event       E
	Actor       lifecycle.Actor
	ActorID     *uuid.UUID
	Reason      string
	Attachments []Attachment
	At          time.Time
}

// ErrAlreadyHandled is the message key of a transition that lost a race or
// arrived after the object had moved on.
const ErrAlreadyHandled = "error.already_handled"

// Transition is the one way a status changes. Inside the caller's transaction,
// after the caller has locked the row, it asks the machine whether the event is
// allowed, runs update (a guarded UPDATE … WHERE status = from AND version = …
// returning the rows it changed) and appends the event to the object's chain.
// A refused event or an update that changed nothing is a Conflict.
func Transition[S ~string, E ~string](ctx context.Context, q *pg.Queries, st Step[S, E], update func(to S) (int64, error)) (S, error) {
	to, err := st.Machine.Next(st.From, st.Event, st.Actor)
	if errors.Is(err, lifecycle.ErrNotAllowed) {
		return to, apperr.Wrap(apperr.Conflict, ErrAlreadyHandled, err)
	}
	n, err := update(to)
	if err != nil {
		return to, err
	}
	if n != 1 {
		return to, apperr.E(apperr.Conflict, ErrAlreadyHandled)
	}
	_, err = Append(ctx, q, Entry{ObjectType: st.ObjectType, ObjectID: st.ObjectID, ActorID: st.ActorID,
		ActorRole: string(st.Actor), Event: string(st.Event), From: string(st.From), To: string(to),
		Reason: st.Reason, Attachments: st.Attachments, At: st.At})
	return to, err
}
