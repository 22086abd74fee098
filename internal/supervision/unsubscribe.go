package supervision

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// LockForUnsubscription locks an order's supervision inside the caller's
// transaction (supervision before order, the lock order everywhere) and returns
// it: an unsubscription checks its node and whether an appeal froze it.
func (s *Service) LockForUnsubscription(ctx context.Context, q *pg.Queries, orderID uuid.UUID) (Supervision, error) {
	row, err := q.LockSupervision(ctx, orderID)
	if err != nil {
		return Supervision{}, store.NotFound(err, "supervision")
	}
	return fromRow(row), nil
}

// EndForUnsubscription ends an order's supervision for an approved
// unsubscription, inside the caller's transaction: the system moves it to
// unsubscribed (the approver is recorded with the reason). It refuses while an
// appeal freezes the flow and once the flow has finished.
func (s *Service) EndForUnsubscription(ctx context.Context, tx pgx.Tx, q *pg.Queries, orderID uuid.UUID, actorID *uuid.UUID,
	reason string) error {
	row, err := q.LockSupervision(ctx, orderID)
	if err != nil {
		return store.NotFound(err, "supervision")
	}
	cur := fromRow(row)
	if cur.Frozen {
		return apperr.E(apperr.Conflict, "supervision.frozen")
	}
	if cur.Machine().Terminal(cur.Status) {
		return apperr.E(apperr.Conflict, "appeal.supervision_over")
	}
	_, err = s.move(ctx, tx, q, cur, moveParams(row), lifecycle.SupUnsubscribe, lifecycle.System, actorID, reason, nil)
	return err
}

// HoldForReturn stops a hardware delivery's automatic-acceptance clock while
// the buyer returns the goods (已收货退订), inside the caller's transaction:
// what was left is kept, and the step is noted on the supervision's evidence.
func (s *Service) HoldForReturn(ctx context.Context, q *pg.Queries, orderID uuid.UUID, number string, now time.Time) error {
	row, err := q.LockSupervision(ctx, orderID)
	if err != nil {
		return store.NotFound(err, "supervision")
	}
	cur := fromRow(row)
	if cur.AutoAcceptAt != nil {
		left := int64(max(cur.AutoAcceptAt.Sub(now), 0).Seconds())
		if n, err := q.SetSupervisionTracking(ctx, pg.SetSupervisionTrackingParams{OrderID: orderID, Version: cur.Version,
			SignedAt: cur.SignedAt, Trackable: cur.Trackable, PausedLeftS: &left, At: now}); err != nil || n != 1 {
			return errOrConflict(err)
		}
	}
	return s.note(ctx, q, cur, "return_held", number, now)
}

// ResumeAfterReturn restarts the automatic-acceptance clock with what was left
// when the seller reports a problem with returned goods: the delivery waits
// for the buyer again, who may accept, reject or appeal.
func (s *Service) ResumeAfterReturn(ctx context.Context, tx pgx.Tx, q *pg.Queries, orderID uuid.UUID, number string, now time.Time) error {
	row, err := q.LockSupervision(ctx, orderID)
	if store.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	cur := fromRow(row)
	if cur.Machine().Terminal(cur.Status) {
		return nil
	}
	var due *time.Time
	if cur.Status == lifecycle.SupAcceptance && !cur.Frozen && cur.AutoAcceptAt == nil && cur.PausedLeft != nil {
		d := now.Add(*cur.PausedLeft)
		due = &d
		if n, err := q.SetSupervisionTracking(ctx, pg.SetSupervisionTrackingParams{OrderID: orderID, Version: cur.Version,
			SignedAt: cur.SignedAt, Trackable: cur.Trackable, AutoAcceptAt: due, At: now}); err != nil || n != 1 {
			return errOrConflict(err)
		}
	}
	if err := s.note(ctx, q, cur, "return_disputed", number, now); err != nil {
		return err
	}
	if due != nil {
		return s.armAutoAccept(ctx, tx, orderID, *due)
	}
	return nil
}

// returnOpen refuses an appeal while an unsubscription request of the order
// is open: a returned parcel is answered by the seller first (or accepted by
// the system after 15 days); a negotiated request reaches operations by itself
// when the seller lets its deadline pass. An arbitration beside it could end
// the order under the request and leave the request open for ever.
func returnOpen(ctx context.Context, q *pg.Queries, orderID uuid.UUID) error {
	u, err := q.OpenUnsubscription(ctx, orderID)
	if store.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if u.Kind == "return" {
		return apperr.E(apperr.Conflict, "appeal.return_open")
	}
	return apperr.E(apperr.Conflict, "appeal.unsub_open")
}
