package order

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/ledger"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// settle pays a locked order waiting for payment from the buyer's balance and,
// for orders without supervision, completes it. With tolerateShort a short
// balance leaves the order waiting (at purchase); otherwise it is an error.
func (s *Service) settle(ctx context.Context, tx pgx.Tx, q *pg.Queries, o pg.Order, tolerateShort bool) (Order, error) {
	now := s.clock.Now()
	if o.AmountFen > 0 {
		_, err := ledger.Post(ctx, q, ledger.Entry{Account: o.BuyerID, Kind: ledger.KindPayment, Amount: -money.Fen(o.AmountFen),
			OrderID: &o.ID, Reason: o.Number, At: now})
		if apperr.Is(err, apperr.Conflict) && tolerateShort {
			return fromRow(o), nil
		}
		if err != nil {
			return Order{}, err
		}
	}
	if _, err := step(ctx, q, o, lifecycle.OrderPay, lifecycle.Buyer, &o.BuyerID, "", now, func(to lifecycle.OrderStatus) (int64, error) {
		return q.SetOrderPaid(ctx, pg.SetOrderPaidParams{ID: o.ID, FromStatus: o.Status, Version: o.Version, ToStatus: string(to), PaidAt: &now})
	}); err != nil {
		return Order{}, err
	}
	paid, err := q.GetOrder(ctx, o.ID)
	if err != nil {
		return Order{}, err
	}
	if paid.Supervised {
		// Service supervision takes over; the order completes on acceptance.
		if s.sup == nil {
			return Order{}, apperr.Internalf("order: no supervisor for %s", paid.Number)
		}
		return fromRow(paid), s.sup.Start(ctx, tx, q, fromRow(paid))
	}
	return s.complete(ctx, q, paid, now)
}

// complete finishes a paid order; a periodic order's service runs from start.
func (s *Service) complete(ctx context.Context, q *pg.Queries, o pg.Order, start time.Time) (Order, error) {
	now := s.clock.Now()
	if o.RenewsID != nil {
		end, err := q.RenewalChainEnd(ctx, *o.RenewsID)
		if err != nil {
			return Order{}, err
		}
		if end.After(start) {
			start = end // a renewal continues where the service ends
		}
	}
	begin := start
	end := periodEnd(fromRow(o), begin)
	if _, err := step(ctx, q, o, lifecycle.OrderComplete, lifecycle.System, nil, "", now, func(to lifecycle.OrderStatus) (int64, error) {
		return q.SetOrderCompleted(ctx, pg.SetOrderCompletedParams{ID: o.ID, FromStatus: string(lifecycle.OrderProcessing),
			Version: o.Version, ToStatus: string(to), CompletedAt: &now, ServiceStart: &begin, ServiceEnd: end})
	}); err != nil {
		return Order{}, err
	}
	done, err := q.GetOrder(ctx, o.ID)
	return fromRow(done), err
}

// periodEnd is when the service bought by o ends if it starts at start; nil
// for one-time and per-use purchases, which have no period.
func periodEnd(o Order, start time.Time) *time.Time {
	var end time.Time
	switch {
	case o.Trial():
		end = start.AddDate(0, 0, int(o.TrialDays))
	case o.BillingMode == catalog.BillMonthly:
		end = start.AddDate(0, int(o.Quantity), 0)
	case o.BillingMode == catalog.BillYearly:
		end = start.AddDate(int(o.Quantity), 0, 0)
	default:
		return nil
	}
	return &end
}

// Pay pays one of the buyer's orders waiting for payment. Paying twice (a
// double click, two tabs) pays once: the second finds the order paid.
func (s *Service) Pay(ctx context.Context, buyer account.Account, id uuid.UUID) (Order, error) {
	var out Order
	err := s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		o, err := q.LockOrder(ctx, id)
		if err != nil || o.BuyerID != buyer.ID {
			return store.NotFound(errOr(err), "order")
		}
		if lifecycle.OrderStatus(o.Status) != lifecycle.OrderPendingPayment {
			return apperr.E(apperr.Conflict, "order.already_paid_or_cancelled")
		}
		if !s.clock.Now().Before(o.PayBy) {
			return apperr.E(apperr.Conflict, "order.pay_window_closed")
		}
		sp, err := q.ShareLockProductSpec(ctx, o.SpecID)
		if err != nil {
			return err
		}
		if !lifecycle.OnSale(sp.Status) {
			return apperr.E(apperr.Conflict, "buy.not_on_sale")
		}
		out, err = s.settle(ctx, tx, q, o, false)
		return err
	})
	return out, err
}

// Cancel cancels one of the buyer's unpaid orders.
func (s *Service) Cancel(ctx context.Context, buyer account.Account, id uuid.UUID) error {
	return s.st.InTx(ctx, func(q *pg.Queries) error {
		o, err := q.LockOrder(ctx, id)
		if err != nil || o.BuyerID != buyer.ID {
			return store.NotFound(errOr(err), "order")
		}
		return s.cancel(ctx, q, o, lifecycle.Buyer, &buyer.ID, "")
	})
}

func (s *Service) cancel(ctx context.Context, q *pg.Queries, o pg.Order, actor lifecycle.Actor, actorID *uuid.UUID, reason string) error {
	now := s.clock.Now()
	_, err := step(ctx, q, o, lifecycle.OrderCancel, actor, actorID, reason, now, func(to lifecycle.OrderStatus) (int64, error) {
		return q.SetOrderCancelled(ctx, pg.SetOrderCancelledParams{ID: o.ID, FromStatus: o.Status, Version: o.Version,
			ToStatus: string(to), CancelledAt: &now})
	})
	return err
}

// Expire cancels an order whose payment window has closed. It returns how long
// to wait when called early (the timer fired before the injected clock got
// there); an order paid or cancelled meanwhile is left alone.
func (s *Service) Expire(ctx context.Context, id uuid.UUID) (time.Duration, error) {
	var wait time.Duration
	err := s.st.InTx(ctx, func(q *pg.Queries) error {
		o, err := q.LockOrder(ctx, id)
		if store.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if lifecycle.OrderStatus(o.Status) != lifecycle.OrderPendingPayment {
			return nil
		}
		if now := s.clock.Now(); now.Before(o.PayBy) {
			wait = o.PayBy.Sub(now)
			return nil
		}
		return s.cancel(ctx, q, o, lifecycle.System, nil, "")
	})
	return wait, err
}

// ExpireDue cancels up to max orders whose payment window has closed: the
// sweep behind the timers, should one be lost.
func (s *Service) ExpireDue(ctx context.Context, max int) (int, error) {
	ids, err := s.st.DueUnpaidOrders(ctx, pg.DueUnpaidOrdersParams{Now: s.clock.Now(), MaxRows: int32(max)})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if _, err := s.Expire(ctx, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// armPayWindow schedules the order's cancellation at the end of its payment window.
func (s *Service) armPayWindow(ctx context.Context, tx pgx.Tx, o pg.Order) error {
	if s.jobs == nil {
		return apperr.Internalf("order: no job client")
	}
	_, err := s.jobs.InsertTx(ctx, tx, ExpireArgs{OrderID: o.ID}, &river.InsertOpts{ScheduledAt: o.PayBy})
	return err
}

// CompleteSupervised completes a supervised order whose delivery was accepted,
// inside the supervision's transaction; a periodic service starts at start.
func (s *Service) CompleteSupervised(ctx context.Context, q *pg.Queries, id uuid.UUID, start time.Time) (Order, error) {
	o, err := q.LockOrder(ctx, id)
	if err != nil {
		return Order{}, err
	}
	return s.complete(ctx, q, o, start)
}
