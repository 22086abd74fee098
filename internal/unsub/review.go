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
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// MaxFiles is how many attachments a review may carry.
const MaxFiles = 10

// ReviewInput is the seller's (or operations') review: an opinion, and files
// such as communication records or the confirmation agreed with the buyer.
// Amount is for operations only: the refund they grant in yuan (empty keeps
// what the buyer asked for).
type ReviewInput struct {
	Opinion string
	Files   []string
	Amount  string
}

// reviewer is who decides a request: its seller while pending, operations once escalated.
func reviewer(who account.Account, r pg.Unsubscription) (lifecycle.Actor, error) {
	if who.IsOps() {
		return merchant.OpsActor(who)
	}
	if who.ID != r.SellerID || r.Kind == KindStandard {
		return "", apperr.E(apperr.NotFound, "error.not_found")
	}
	return lifecycle.Seller, nil
}

// attachments checks that every file is the reviewer's own upload.
func (s *Service) attachments(ctx context.Context, who account.Account, raw []string) ([]evidence.Attachment, error) {
	var out []evidence.Attachment
	seen := map[uuid.UUID]bool{}
	for _, r := range raw {
		id, err := uuid.Parse(strings.TrimSpace(r))
		if err != nil {
			return nil, (apperr.Validation{"files": "unsub.file_invalid"}).Err()
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		f, err := s.files.Owned(ctx, who.ID, id, FilePurpose)
		if err != nil {
			return nil, (apperr.Validation{"files": "unsub.file_invalid"}).Err()
		}
		out = append(out, evidence.Attachment{FileID: f.ID, Name: f.Name, SHA256: f.SHA256, Size: f.Size})
	}
	if len(out) > MaxFiles {
		return nil, (apperr.Validation{"files": "unsub.too_many_files"}).Err()
	}
	return out, nil
}

// Approve agrees to a request in one transaction: the agreed amount goes back
// to the buyer's balance, supervision ends, the order is unsubscribed, the
// attachments are kept as evidence and shared with the buyer, and both
// parties are told. On a hardware return it accepts the returned goods.
func (s *Service) Approve(ctx context.Context, who account.Account, id uuid.UUID, in ReviewInput) error {
	return s.decide(ctx, who, id, in, true)
}

// Reject turns a negotiated request down with an opinion; the buyer may apply
// again or appeal. On a hardware return it reports a problem with the returned
// goods: the buyer may appeal, and the delivery's acceptance clock runs again.
func (s *Service) Reject(ctx context.Context, who account.Account, id uuid.UUID, in ReviewInput) error {
	return s.decide(ctx, who, id, in, false)
}

// event is the machine's event for a decision on a request of kind.
func event(kind string, approve bool) lifecycle.UnsubEvent {
	switch {
	case kind == KindReturn && approve:
		return lifecycle.UnsubAcceptReturn
	case kind == KindReturn:
		return lifecycle.UnsubProblem
	case approve:
		return lifecycle.UnsubApprove
	}
	return lifecycle.UnsubReject
}

// grant parses the refund operations grant: more than 0, at most what was paid.
func grant(raw string, paid money.Fen) (money.Fen, error) {
	amount, err := money.Parse(strings.TrimSpace(raw))
	if err != nil || amount <= 0 {
		return 0, (apperr.Validation{"amount": "unsub.amount_rule"}).Err()
	}
	if amount > paid {
		return 0, (apperr.Validation{"amount": "unsub.grant_over"}).Err()
	}
	return amount, nil
}

func (s *Service) decide(ctx context.Context, who account.Account, id uuid.UUID, in ReviewInput, approve bool) error {
	peek, err := s.st.GetUnsubscription(ctx, id)
	if err != nil {
		return store.NotFound(err, "unsubscription")
	}
	actor, err := reviewer(who, peek)
	if err != nil {
		return err
	}
	opinion, ok := text.Bounded(in.Opinion, 5, 1000)
	if !ok {
		return (apperr.Validation{"opinion": "unsub.opinion_rule"}).Err()
	}
	attach, err := s.attachments(ctx, who, in.Files)
	if err != nil {
		return err
	}
	ev := event(peek.Kind, approve)
	return s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		l, err := s.lockOrder(ctx, q, peek.BuyerID, peek.OrderID)
		if err != nil {
			return err
		}
		u, err := q.LockUnsubscription(ctx, id)
		if err != nil {
			return err
		}
		if approve && l.sv != nil && l.sv.Frozen {
			return apperr.E(apperr.Conflict, "unsub.why_frozen")
		}
		amount := u.AmountFen
		if approve && who.IsOps() && strings.TrimSpace(in.Amount) != "" {
			a, err := grant(in.Amount, l.o.Amount)
			if err != nil {
				return err
			}
			amount = int64(a)
		}
		now := s.clock.Now()
		err = step(ctx, q, u.ID, lifecycle.UnsubStatus(u.Status), ev, actor, &who.ID, opinion, attach, now,
			func(to lifecycle.UnsubStatus) (int64, error) {
				return q.DecideUnsubscription(ctx, pg.DecideUnsubscriptionParams{ID: u.ID, FromStatus: u.Status, Version: u.Version,
					ToStatus: string(to), Opinion: opinion, DecidedBy: &who.ID, At: &now, AmountFen: amount})
			})
		if err != nil {
			return err
		}
		u.AmountFen = amount
		for _, a := range attach {
			if err := q.GrantFile(ctx, pg.GrantFileParams{FileID: a.FileID, AccountID: u.BuyerID}); err != nil {
				return err
			}
		}
		topic := map[lifecycle.UnsubEvent]string{lifecycle.UnsubApprove: "unsub_approved", lifecycle.UnsubReject: "unsub_rejected",
			lifecycle.UnsubAcceptReturn: "unsub_return_accepted", lifecycle.UnsubProblem: "unsub_return_problem"}[ev]
		switch {
		case approve:
			if err := s.finish(ctx, tx, q, l, u, &who.ID, "unsub "+u.Number+": "+opinion, now); err != nil {
				return err
			}
		case u.Kind == KindReturn:
			if err := s.sup.ResumeAfterReturn(ctx, tx, q, u.OrderID, u.Number, now); err != nil {
				return err
			}
		}
		return tell(ctx, q, u, l.o.Number, topic, now, u.BuyerID, u.SellerID)
	})
}

// finish runs an approved request: supervision ends (if it still runs), the
// amount is refunded and the order unsubscribed.
func (s *Service) finish(ctx context.Context, tx pgx.Tx, q *pg.Queries, l locked, u pg.Unsubscription, actorID *uuid.UUID,
	reason string, now time.Time) error {
	if l.sv != nil && !l.sv.Machine().Terminal(l.sv.Status) {
		if err := s.sup.EndForUnsubscription(ctx, tx, q, u.OrderID, actorID, reason); err != nil {
			return err
		}
	}
	return s.refund(ctx, q, u, actorID, reason, now)
}

// Withdraw lets the buyer take back a request that waits for a decision.
func (s *Service) Withdraw(ctx context.Context, buyer account.Account, id uuid.UUID) error {
	peek, err := s.st.GetUnsubscription(ctx, id)
	if err != nil || peek.BuyerID != buyer.ID {
		return apperr.E(apperr.NotFound, "error.not_found")
	}
	return s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		l, err := s.lockOrder(ctx, q, buyer.ID, peek.OrderID)
		if err != nil {
			return err
		}
		u, err := q.LockUnsubscription(ctx, id)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if err := s.move(ctx, q, u, lifecycle.UnsubWithdraw, lifecycle.Buyer, &buyer.ID, u.DueAt, now); err != nil {
			return err
		}
		return tell(ctx, q, u, l.o.Number, "unsub_withdrawn", now, u.SellerID)
	})
}

// move steps a request without a decision; due is its deadline afterwards.
func (s *Service) move(ctx context.Context, q *pg.Queries, u pg.Unsubscription, ev lifecycle.UnsubEvent, actor lifecycle.Actor,
	actorID *uuid.UUID, due *time.Time, now time.Time) error {
	return step(ctx, q, u.ID, lifecycle.UnsubStatus(u.Status), ev, actor, actorID, "", nil, now, func(to lifecycle.UnsubStatus) (int64, error) {
		return q.MoveUnsubscription(ctx, pg.MoveUnsubscriptionParams{ID: u.ID, FromStatus: u.Status, Version: u.Version,
			ToStatus: string(to), DueAt: due, At: now})
	})
}

// EscalateArgs is the seller's deadline on a negotiated request.
type EscalateArgs struct {
	ID uuid.UUID `json:"id"`
}

// Kind names the job in River.
func (EscalateArgs) Kind() string { return "unsub_escalate" }

// EscalateWorker runs the deadlines.
type EscalateWorker struct {
	river.WorkerDefaults[EscalateArgs]
	Unsub *Service
}

// Work escalates when the deadline has come; early, it waits again.
func (w *EscalateWorker) Work(ctx context.Context, job *river.Job[EscalateArgs]) error {
	wait, err := w.Unsub.Escalate(ctx, job.Args.ID)
	if err != nil {
		return err
	}
	if wait > 0 {
		return river.JobSnooze(wait)
	}
	return nil
}

// Escalate hands a request the seller left unanswered past its deadline to
// operations. Called early it returns how long to wait; a request decided or
// withdrawn meanwhile is left alone.
func (s *Service) Escalate(ctx context.Context, id uuid.UUID) (time.Duration, error) {
	var wait time.Duration
	err := s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		u, err := q.LockUnsubscription(ctx, id)
		if store.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if lifecycle.UnsubStatus(u.Status) != lifecycle.UnsubPending || u.DueAt == nil {
			return nil
		}
		now := s.clock.Now()
		if now.Before(*u.DueAt) {
			wait = u.DueAt.Sub(now)
			return nil
		}
		// Operations answer within ReviewDays working days of the escalation.
		due, err := s.calendar.DueIn(ctx, q, now, ReviewDays)
		if err != nil {
			return err
		}
		if err := s.move(ctx, q, u, lifecycle.UnsubEscalate, lifecycle.System, nil, &due, now); err != nil {
			return err
		}
		o, err := q.GetOrder(ctx, u.OrderID)
		if err != nil {
			return err
		}
		return tell(ctx, q, u, o.Number, "unsub_escalated", now, u.BuyerID, u.SellerID)
	})
	return wait, err
}
