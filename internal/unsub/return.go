package unsub

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/text"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// ReturnInput is the buyer's hardware return (已收货退订): how the goods go
// back, and why.
type ReturnInput struct {
	Courier string
	Waybill string
	Reason  string
}

// ApplyReturn files the return of hardware the courier shows signed for. The
// goods go back under the buyer's waybill; the seller accepts the return (the
// refund runs) or reports a problem within ReturnWindow, after which the
// system accepts it. Meanwhile the delivery's automatic acceptance waits.
func (s *Service) ApplyReturn(ctx context.Context, buyer account.Account, orderID uuid.UUID, in ReturnInput) (Request, error) {
	v := apperr.Validation{}
	courier, okC := text.Bounded(in.Courier, 2, 40)
	waybill, okW := text.Bounded(in.Waybill, 6, 40)
	if !okC {
		v.Add("courier", "unsub.courier_rule")
	}
	if !okW || strings.ContainsAny(waybill, " \t") {
		v.Add("waybill", "unsub.waybill_rule")
	}
	reason, ok := text.Bounded(in.Reason, 5, 500)
	if !ok {
		v.Add("reason", "unsub.reason_rule")
	}
	if err := v.Err(); err != nil {
		return Request{}, err
	}
	var out Request
	err := s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		l, err := s.lockOrder(ctx, q, buyer.ID, orderID)
		if err != nil {
			return err
		}
		qt, err := s.quote(ctx, q, l.o, l.sv)
		if err != nil {
			return err
		}
		if err := refuse(qt, KindReturn); err != nil {
			return err
		}
		if err := invoiceFree(ctx, q, orderID); err != nil {
			return err
		}
		now := s.clock.Now()
		due := now.Add(ReturnWindow)
		row, err := s.create(ctx, q, buyer, l.o, pg.CreateUnsubscriptionParams{Kind: KindReturn, AmountFen: int64(qt.Amount),
			Reason: reason, Courier: courier, Waybill: strings.ToUpper(waybill), DueAt: &due}, lifecycle.UnsubApplyReturn, now)
		if err != nil {
			return err
		}
		if err := s.sup.HoldForReturn(ctx, q, orderID, row.Number, now); err != nil {
			return err
		}
		if s.jobs == nil {
			return apperr.Internalf("unsub: no job client")
		}
		if _, err := s.jobs.InsertTx(ctx, tx, ReturnArgs{ID: row.ID}, &river.InsertOpts{ScheduledAt: due}); err != nil {
			return err
		}
		out = fromRow(row)
		return tell(ctx, q, row, l.o.Number, "unsub_return_applied", now, l.o.SellerID)
	})
	return out, err
}

// AcceptReturnDue accepts a return the seller left unanswered for
// ReturnWindow: the refund runs. Called early it returns how long to wait; a
// return decided meanwhile is left alone (a stale timer does nothing).
func (s *Service) AcceptReturnDue(ctx context.Context, id uuid.UUID) (time.Duration, error) {
	peek, err := s.st.GetUnsubscription(ctx, id)
	if store.IsNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if lifecycle.UnsubStatus(peek.Status) != lifecycle.UnsubReturning {
		return 0, nil
	}
	var wait time.Duration
	err = s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		l, err := s.lockOrder(ctx, q, peek.BuyerID, peek.OrderID)
		if err != nil {
			return err
		}
		u, err := q.LockUnsubscription(ctx, id)
		if err != nil {
			return err
		}
		if lifecycle.UnsubStatus(u.Status) != lifecycle.UnsubReturning || u.DueAt == nil {
			return nil
		}
		now := s.clock.Now()
		if now.Before(*u.DueAt) {
			wait = u.DueAt.Sub(now)
			return nil
		}
		if l.sv != nil && l.sv.Frozen {
			return nil // operations arbitrate first; the sweep tries again after
		}
		err = step(ctx, q, u.ID, lifecycle.UnsubReturning, lifecycle.UnsubAutoAccept, lifecycle.System, nil, "", nil, now,
			func(to lifecycle.UnsubStatus) (int64, error) {
				return q.DecideUnsubscription(ctx, pg.DecideUnsubscriptionParams{ID: u.ID, FromStatus: u.Status, Version: u.Version,
					ToStatus: string(to), At: &now, AmountFen: u.AmountFen})
			})
		if err != nil {
			return err
		}
		if err := s.finish(ctx, tx, q, l, u, nil, "unsub "+u.Number+": return accepted automatically", now); err != nil {
			return err
		}
		return tell(ctx, q, u, l.o.Number, "unsub_return_auto", now, u.BuyerID, u.SellerID)
	})
	return wait, err
}

// ReturnArgs is a hardware return's automatic acceptance.
type ReturnArgs struct {
	ID uuid.UUID `json:"id"`
}

// Kind names the job in River.
func (ReturnArgs) Kind() string { return "unsub_return_accept" }

// ReturnWorker runs the return timers.
type ReturnWorker struct {
	river.WorkerDefaults[ReturnArgs]
	Unsub *Service
}

// Work accepts when the time has come; early, it waits again.
func (w *ReturnWorker) Work(ctx context.Context, job *river.Job[ReturnArgs]) error {
	wait, err := w.Unsub.AcceptReturnDue(ctx, job.Args.ID)
	if err != nil {
		return err
	}
	if wait > 0 {
		return river.JobSnooze(wait)
	}
	return nil
}

// Sweep runs every deadline that has passed — seller deadlines (escalation)
// and return acceptances — should a timer have been lost. It returns how many
// requests it looked at.
func (s *Service) Sweep(ctx context.Context, max int) (int, error) {
	now := s.clock.Now()
	ids, err := s.st.DueUnsubscriptions(ctx, pg.DueUnsubscriptionsParams{Now: &now, MaxRows: int32(max)})
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := s.Escalate(ctx, id); err != nil {
			return 0, err
		}
		if _, err := s.AcceptReturnDue(ctx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// SweepArgs is the periodic sweep behind the unsubscription timers.
type SweepArgs struct{}

// Kind names the job in River.
func (SweepArgs) Kind() string { return "unsub_sweep" }

// SweepInterval is how often the sweep runs.
const SweepInterval = 10 * time.Minute

// SweepWorker runs the sweep.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	Unsub *Service
}

// Work handles the overdue requests, a batch at a time (a bounded number of
// batches: a request that must wait, such as a frozen one, stays due).
func (w *SweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	for range 20 {
		n, err := w.Unsub.Sweep(ctx, 500)
		if err != nil || n < 500 {
			return err
		}
	}
	return nil
}
