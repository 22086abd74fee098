package supervision

import (
	"agora/internal/platform/text"
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
)

// Arbitration outcomes.
const (
	OutcomeResume         = "resume"          // go on at the node where the flow stopped
	OutcomeToRequirements = "to_requirements" // back to the buyer's requirements
	OutcomeToImplementing = "to_implementing" // back to the seller's implementation
	OutcomeToAcceptance   = "to_acceptance"   // on to the buyer's acceptance
	OutcomeForceAccept    = "force_accept"    // accepted: the order completes
	OutcomeUnsubscribe    = "unsubscribe"     // ended, with a full or partial refund
)

// Outcomes lists the outcomes in display order.
var Outcomes = []string{OutcomeResume, OutcomeToRequirements, OutcomeToImplementing, OutcomeToAcceptance, OutcomeForceAccept, OutcomeUnsubscribe}

var outcomeEvent = map[string]lifecycle.SupEvent{
	OutcomeToRequirements: lifecycle.SupToRequirements, OutcomeToImplementing: lifecycle.SupToImplementing,
	OutcomeToAcceptance: lifecycle.SupToAcceptance, OutcomeForceAccept: lifecycle.SupForceAccept, OutcomeUnsubscribe: lifecycle.SupUnsubscribe,
}

// OutcomesFor lists the outcomes possible for a supervision at its current
// node (the flow decides which nodes exist).
func OutcomesFor(sv Supervision) []string {
	out := []string{OutcomeResume}
	for _, o := range Outcomes[1:] {
		if sv.Machine().Can(sv.Status, outcomeEvent[o], lifecycle.Reviewer) {
			out = append(out, o)
		}
	}
	return out
}

// DecisionInput is operations' arbitration.
type DecisionInput struct {
	Outcome   string
	Reasoning string
	Refund    string // yuan, for unsubscribe; empty: the full amount
	Version   string
}

// Decide arbitrates an appeal: the flow thaws and goes where operations send
// it — on where it stopped, to a chosen node, to acceptance (the order
// completes) or to an end with a refund to the buyer's balance. The decision
// and its reasoning go into the evidence and to both parties' inboxes.
func (s *Service) Decide(ctx context.Context, ops account.Account, id uuid.UUID, in DecisionInput) error {
	actor, err := merchant.OpsActor(ops)
	if err != nil {
		return err
	}
	reasoning, ok := text.Bounded(in.Reasoning, 10, 2000)
	if !ok {
		return (apperr.Validation{"reasoning": "appeal.reasoning_rule"}).Err()
	}
	return s.inTx(ctx, func(tx pgx.Tx, q *pg.Queries) error {
		a, cur, err := s.lockAppeal(ctx, q, id)
		if err != nil {
			return err
		}
		if in.Version != "" && in.Version != itoa(a.Version) || !lifecycle.AppealActive(lifecycle.AppealStatus(a.Status)) {
			return apperr.E(apperr.Conflict, evidence.ErrAlreadyHandled)
		}
		allowed := OutcomesFor(cur)
		if !contains(allowed, in.Outcome) {
			return (apperr.Validation{"outcome": "appeal.outcome_rule"}).Err()
		}
		o, err := q.GetOrder(ctx, cur.OrderID)
		if err != nil {
			return err
		}
		var refund *int64
		amount := money.Fen(o.AmountFen)
		if in.Outcome == OutcomeUnsubscribe {
			amount = money.Fen(o.AmountFen)
			if r := strings.TrimSpace(in.Refund); r != "" {
				amount, err = money.Parse(r)
				if err != nil || amount > money.Fen(o.AmountFen) {
					return (apperr.Validation{"refund": "appeal.refund_rule"}).Err()
				}
			}
			f := int64(amount)
			refund = &f
		}
		now := s.clock.Now()
		err = appealStep(ctx, q, a, lifecycle.AppealDecide, actor, &ops.ID, in.Outcome+": "+reasoning, nil, now,
			func(to lifecycle.AppealStatus) (int64, error) {
				return q.DecideAppeal(ctx, pg.DecideAppealParams{ID: a.ID, FromStatus: a.Status, Version: a.Version, ToStatus: string(to),
					Outcome: in.Outcome, Decision: reasoning, RefundFen: refund, DecidedBy: &ops.ID, At: &now})
			})
		if err != nil {
			return err
		}
		if err := s.thaw(ctx, tx, q, cur, now); err != nil {
			return err
		}
		row, err := q.LockSupervision(ctx, cur.OrderID)
		if err != nil {
			return err
		}
		cur = fromRow(row)
		if err := appendNote(ctx, q, cur.OrderID, string(cur.Status), "appeal_decided", a.Number+" "+in.Outcome, &ops.ID, string(actor), now); err != nil {
			return err
		}
		if ev, ok := outcomeEvent[in.Outcome]; ok {
			if _, err := s.move(ctx, tx, q, cur, moveParams(row), ev, actor, &ops.ID, reasoning, nil); err != nil {
				return err
			}
		}
		if in.Outcome == OutcomeUnsubscribe {
			if _, err := s.orders.UnsubscribeTx(ctx, q, cur.OrderID, amount, actor, &ops.ID, reasoning); err != nil {
				return err
			}
		}
		return s.tellAppeal(ctx, q, cur, a, "appeal_decided", now, "decision", reasoning)
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
