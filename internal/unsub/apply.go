package unsub

import (
	"agora/internal/platform/text"
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"agora/internal/account"
	"agora/internal/inbox"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/ids"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
	"agora/internal/supervision"
)

// ApplyInput is the buyer's negotiated request.
type ApplyInput struct {
	Amount    string // yuan
	Reason    string
	ShowPhone bool
}

// locked is an order under its row lock (and its supervision's, locked first).
type locked struct {
	o  order.Order
	sv *supervision.Supervision
}

// lockOrder locks the buyer's order for an unsubscription: supervision first,
// then the order (the lock order of every supervision step). Anyone else's
// order is not found.
func (s *Service) lockOrder(ctx context.Context, q *pg.Queries, buyer, orderID uuid.UUID) (locked, error) {
	peek, err := q.GetOrder(ctx, orderID)
	if err != nil || peek.BuyerID != buyer {
		return locked{}, apperr.E(apperr.NotFound, "error.not_found")
	}
	var out locked
	if peek.Supervised && peek.Status == string(lifecycle.OrderProcessing) {
		sv, err := s.sup.LockForUnsubscription(ctx, q, orderID)
		if err != nil {
			return out, err
		}
		out.sv = &sv
	}
	if _, err := q.LockOrder(ctx, orderID); err != nil {
		return out, err
	}
	out.o, err = s.orders.BuyerOrder(ctx, buyer, orderID)
	return out, err
}

// refuse turns a quote that does not allow kind into the buyer's message.
func refuse(qt Quote, kind string) error {
	if qt.Kind == kind {
		return nil
	}
	if qt.Why == "" {
		qt.Why = "unsub.why_other_kind"
	}
	return apperr.E(apperr.Conflict, qt.Why)
}

// invoiceFree refuses while an invoice request of the order waits for the seller (domain §6.2).
func invoiceFree(ctx context.Context, q *pg.Queries, orderID uuid.UUID) error {
	pending, err := q.PendingInvoiceOfOrder(ctx, orderID)
	if err != nil {
		return err
	}
	if pending {
		return apperr.E(apperr.Conflict, "unsub.invoice_pending")
	}
	return nil
}

// Apply files a negotiated request for a supervised order in escrow. The
// seller has ReviewDays working days to answer; then operations decide.
func (s *Service) Apply(ctx context.Context, buyer account.Account, orderID uuid.UUID, in ApplyInput) (Request, error) {
	v := apperr.Validation{}
	amount, err := money.Parse(strings.TrimSpace(in.Amount))
	if err != nil || amount <= 0 {
		v.Add("amount", "unsub.amount_rule")
	}
	reason, ok := text.Bounded(in.Reason, 5, 500)
	if !ok {
		v.Add("reason", "unsub.reason_rule")
	}
	if err := v.Err(); err != nil {
		return Request{}, err
	}
	var out Request
	err = s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		l, err := s.lockOrder(ctx, q, buyer.ID, orderID)
		if err != nil {
			return err
		}
		qt, err := s.quote(ctx, q, l.o, l.sv)
		if err != nil {
			return err
		}
		if err := refuse(qt, KindNegotiated); err != nil {
			return err
		}
		if amount > l.o.Amount {
			return (apperr.Validation{"amount": "unsub.amount_over"}).Err()
		}
		if err := invoiceFree(ctx, q, orderID); err != nil {
			return err
		}
		now := s.clock.Now()
		due, err := s.calendar.DueIn(ctx, q, now, ReviewDays)
		if err != nil {
			return err
		}
		row, err := s.create(ctx, q, buyer, l.o, pg.CreateUnsubscriptionParams{Kind: KindNegotiated, AmountFen: int64(amount),
			Reason: reason, ShowPhone: in.ShowPhone, DueAt: &due}, lifecycle.UnsubApply, now)
		if err != nil {
			return err
		}
		if s.jobs == nil {
			return apperr.Internalf("unsub: no job client")
		}
		if _, err := s.jobs.InsertTx(ctx, tx, EscalateArgs{ID: row.ID}, &river.InsertOpts{ScheduledAt: due}); err != nil {
			return err
		}
		out = fromRow(row)
		return tell(ctx, q, row, l.o.Number, "unsub_applied", now, l.o.SellerID)
	})
	return out, err
}

// create inserts a request through the machine's first event.
func (s *Service) create(ctx context.Context, q *pg.Queries, buyer account.Account, o order.Order, p pg.CreateUnsubscriptionParams,
	ev lifecycle.UnsubEvent, now time.Time) (pg.Unsubscription, error) {
	p.ID, p.Number, p.OrderID, p.BuyerID, p.SellerID, p.At = uuid.Must(uuid.NewV7()), ids.Number("TD", now, s.loc), o.ID, buyer.ID, o.SellerID, now
	var row pg.Unsubscription
	reason := p.Reason
	if p.Rule != "" {
		reason = p.Rule
	}
	if p.Kind == KindReturn {
		reason += " — " + p.Courier + " " + p.Waybill
	}
	err := step(ctx, q, p.ID, lifecycle.UnsubNone, ev, lifecycle.Buyer, &buyer.ID, reason, nil, now,
		func(to lifecycle.UnsubStatus) (int64, error) {
			p.Status = string(to)
			if to == lifecycle.UnsubApproved {
				p.DecidedAt = &now
			}
			var err error
			row, err = q.CreateUnsubscription(ctx, p)
			if store.IsUniqueViolation(err, "unsubscriptions_one_open_idx") {
				return 0, apperr.E(apperr.Conflict, "unsub.why_open")
			}
			return 1, err
		})
	return row, err
}

// Standard unsubscribes a delivered order without supervision by the
// platform's rules, at once: the refund goes to the buyer's balance, the order
// is unsubscribed and its service ends now.
func (s *Service) Standard(ctx context.Context, buyer account.Account, orderID uuid.UUID) (Request, error) {
	var out Request
	err := s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		// One standard unsubscription of a buyer at a time: two orders
		// unsubscribed at once must not both take the last five-day refund.
		if err := q.LockBuyerUnsubscriptions(ctx, buyer.ID.String()); err != nil {
			return err
		}
		l, err := s.lockOrder(ctx, q, buyer.ID, orderID)
		if err != nil {
			return err
		}
		qt, err := s.quote(ctx, q, l.o, l.sv)
		if err != nil {
			return err
		}
		if err := refuse(qt, KindStandard); err != nil {
			return err
		}
		if err := invoiceFree(ctx, q, orderID); err != nil {
			return err
		}
		now := s.clock.Now()
		row, err := s.create(ctx, q, buyer, l.o, pg.CreateUnsubscriptionParams{Kind: KindStandard, AmountFen: int64(qt.Amount),
			Rule: qt.Rule, Reason: qt.Rule}, lifecycle.UnsubStandard, now)
		if err != nil {
			return err
		}
		if err := s.refund(ctx, q, row, &buyer.ID, "unsub "+row.Number+" "+qt.Rule, now); err != nil {
			return err
		}
		out = fromRow(row)
		return tell(ctx, q, row, l.o.Number, "unsub_standard", now, l.o.BuyerID, l.o.SellerID)
	})
	return out, err
}

// refund pays an approved request back: the order is unsubscribed with the
// request's amount refunded, and its service ends now.
func (s *Service) refund(ctx context.Context, q *pg.Queries, row pg.Unsubscription, actorID *uuid.UUID, reason string, now time.Time) error {
	if _, err := s.orders.UnsubscribeTx(ctx, q, row.OrderID, money.Fen(row.AmountFen), lifecycle.System, actorID, reason); err != nil {
		return err
	}
	_, err := q.CutOrderServiceEnd(ctx, pg.CutOrderServiceEndParams{ID: row.OrderID, At: &now})
	return err
}

// tell sends topic about a request to each of to.
func tell(ctx context.Context, q *pg.Queries, row pg.Unsubscription, orderNumber string, topic string, at time.Time, to ...uuid.UUID) error {
	params := map[string]string{"number": row.Number, "order": orderNumber, "amount": money.Format(money.Fen(row.AmountFen))}
	for _, acct := range to {
		link := "/buyer/orders/" + row.OrderID.String()
		if acct == row.SellerID {
			link = "/seller/unsubscriptions/" + row.ID.String()
		}
		if err := inbox.Send(ctx, q, acct, topic, params, link, at); err != nil {
			return err
		}
	}
	return nil
}
