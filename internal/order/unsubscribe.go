package order

import (
	"context"

	"github.com/google/uuid"

	"agora/internal/ledger"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
)

// UnsubscribeTx ends a paid order with a refund of refund (at most what was
// paid) to the buyer's balance, inside the caller's transaction — operations'
// arbitration of an appeal. The refund and the status change are one step.
func (s *Service) UnsubscribeTx(ctx context.Context, q *pg.Queries, id uuid.UUID, refund money.Fen, actor lifecycle.Actor,
	actorID *uuid.UUID, reason string) (Order, error) {
	o, err := q.LockOrder(ctx, id)
	if err != nil {
		return Order{}, err
	}
	if refund < 0 || refund > money.Fen(o.AmountFen) {
		return Order{}, (apperr.Validation{"refund": "order.refund_rule"}).Err()
	}
	now := s.clock.Now()
	if refund > 0 {
		if _, err := ledger.Post(ctx, q, ledger.Entry{Account: o.BuyerID, Kind: ledger.KindRefund, Amount: refund, OrderID: &o.ID,
			Reason: o.Number, At: now}); err != nil {
			return Order{}, err
		}
	}
	if _, err := step(ctx, q, o, lifecycle.OrderUnsubscribe, actor, actorID, reason, now, func(to lifecycle.OrderStatus) (int64, error) {
		return q.SetOrderCancelled(ctx, pg.SetOrderCancelledParams{ID: o.ID, FromStatus: o.Status, Version: o.Version,
			ToStatus: string(to), CancelledAt: &now})
	}); err != nil {
		return Order{}, err
	}
	r, err := q.GetOrder(ctx, id)
	return fromRow(r), err
}
