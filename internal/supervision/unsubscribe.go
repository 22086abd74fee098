package supervision

import (
	"context"

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
