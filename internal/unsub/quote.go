package unsub

import (
	"context"
	"time"

	"github.com/google/uuid"

	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
	"agora/internal/supervision"
)

// Quote is what an order allows now: a negotiated request (Amount is the most
// the buyer may ask for), a standard unsubscription (Amount is the refund by
// Rule), or nothing (Kind "", Why says why as a message key).
type Quote struct {
	Kind                   string
	Rule                   string
	Amount                 money.Fen
	Paid                   money.Fen
	Quota                  int // five-day full refunds a year
	QuotaLeft              int
	Why                    string
	UnusedDays, PeriodDays int // pro rata
}

// Possible reports whether the order may be unsubscribed now.
func (q Quote) Possible() bool { return q.Kind != "" }

// Quote tells the buyer what unsubscribing the order would do now.
func (s *Service) Quote(ctx context.Context, buyer, orderID uuid.UUID) (Quote, error) {
	o, err := s.orders.BuyerOrder(ctx, buyer, orderID)
	if err != nil {
		return Quote{}, err
	}
	var sv *supervision.Supervision
	if o.Supervised && o.Status == lifecycle.OrderProcessing {
		cur, err := s.sup.Get(ctx, buyer, orderID)
		if err != nil {
			return Quote{}, err
		}
		sv = &cur
	}
	return s.quote(ctx, s.st.Queries, o, sv)
}

// quote applies the rules to o (and its supervision, if any), reading the
// open request and the five-day quota through q.
func (s *Service) quote(ctx context.Context, q *pg.Queries, o order.Order, sv *supervision.Supervision) (Quote, error) {
	out := Quote{Paid: o.Amount, Quota: FiveDayQuota}
	used, err := s.fiveDayUsed(ctx, q, o.BuyerID)
	if err != nil {
		return out, err
	}
	out.QuotaLeft = max(FiveDayQuota-used, 0)
	if _, err := q.OpenUnsubscription(ctx, o.ID); err == nil {
		out.Why = "unsub.why_open"
		return out, nil
	} else if !store.IsNoRows(err) {
		return out, err
	}
	switch {
	case o.Status == lifecycle.OrderUnsubscribed:
		out.Why = "unsub.why_unsubscribed"
	case o.Amount <= 0:
		out.Why = "unsub.why_free"
	case o.Supervised:
		s.negotiated(&out, o, sv)
	case o.Status == lifecycle.OrderCompleted:
		s.standard(&out, o)
	default:
		out.Why = "unsub.why_status"
	}
	return out, nil
}

// negotiated: a supervised order may be unsubscribed by agreement while in
// escrow — paid, supervision not finished and not frozen; a License not once
// the licence was delivered. Hardware not yet shipped is unsubscribed by
// agreement (未收货退订); once the courier shows it signed for, it is returned
// (已收货退订); in transit, neither.
func (s *Service) negotiated(out *Quote, o order.Order, sv *supervision.Supervision) {
	switch {
	case o.Status != lifecycle.OrderProcessing || sv == nil || sv.Machine().Terminal(sv.Status):
		out.Why = "unsub.why_supervision_over"
	case sv.Frozen:
		out.Why = "unsub.why_frozen"
	case sv.Flow == lifecycle.FlowLicense && sv.Status != lifecycle.SupImplementing:
		out.Why = "unsub.why_licence_delivered"
	case sv.Flow == lifecycle.FlowHardware && sv.Status == lifecycle.SupAcceptance && sv.SignedAt != nil:
		// 已收货退订: the courier shows the goods signed for; they go back and
		// the seller accepts the return. The refund is what was paid.
		out.Kind, out.Amount = KindReturn, o.Amount
	case sv.Flow == lifecycle.FlowHardware && sv.Status != lifecycle.SupImplementing:
		out.Why = "unsub.why_shipped" // in transit: neither before nor after receipt
	default:
		out.Kind, out.Amount = KindNegotiated, o.Amount
	}
}

// standard: the platform's rules for a delivered order without supervision.
func (s *Service) standard(out *Quote, o order.Order) {
	now := s.clock.Now()
	if o.PaidAt != nil && now.Sub(*o.PaidAt) < FiveDays && out.QuotaLeft > 0 {
		out.Kind, out.Rule, out.Amount = KindStandard, RuleFiveDay, o.Amount
		return
	}
	if !o.Periodic() || o.ServiceStart == nil || o.ServiceEnd == nil {
		out.Why = "unsub.why_not_refundable"
		if o.PaidAt != nil && now.Sub(*o.PaidAt) < FiveDays {
			out.Why = "unsub.why_quota_used"
		}
		return
	}
	amount, unused, total := ProRata(o.Amount, *o.ServiceStart, *o.ServiceEnd, now)
	out.UnusedDays, out.PeriodDays = unused, total
	if amount <= 0 {
		out.Why = "unsub.why_used_up"
		return
	}
	out.Kind, out.Rule, out.Amount = KindStandard, RuleProRata, amount
}

// ProRata is the refund of the unused whole days of a service period
// [start, end) at now: paid × unused days ÷ days of the period, rounded down
// to the fen. A period not begun yet (a renewal) is refunded whole.
func ProRata(paid money.Fen, start, end, now time.Time) (refund money.Fen, unused, total int) {
	total = int(end.Sub(start).Round(time.Hour) / (24 * time.Hour))
	if total <= 0 {
		return 0, 0, 0
	}
	from := start
	if now.After(start) {
		from = now
	}
	if end.After(from) {
		unused = int(end.Sub(from) / (24 * time.Hour))
	}
	unused = min(unused, total)
	return money.Fen(int64(paid) * int64(unused) / int64(total)), unused, total
}

// fiveDayUsed counts the buyer's five-day full refunds this calendar year.
func (s *Service) fiveDayUsed(ctx context.Context, q *pg.Queries, buyer uuid.UUID) (int, error) {
	now := s.clock.Now().In(s.loc)
	from := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, s.loc)
	n, err := q.CountFiveDayRefunds(ctx, pg.CountFiveDayRefundsParams{BuyerID: buyer, FromAt: from, ToAt: from.AddDate(1, 0, 0)})
	return int(n), err
}
