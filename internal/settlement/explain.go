package settlement

import (
	"context"
	"time"

	"github.com/google/uuid"

	"agora/internal/lifecycle"
	"agora/internal/platform/money"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Billing states of a transaction (出账状态).
const (
	Billed     = "billed"       // 已出账
	ToBeBilled = "to_be_billed" // 待出账
	NotBilled  = "not_billable" // nothing to settle (free, or refunded in full before billing)
)

// Reason is why a transaction is not billed yet: a catalog key and its parameters.
type Reason struct {
	Key  string
	Args []any
	// Node is the catalog key of the supervision node an order waits at.
	Node string
}

// Transaction is one paid order as settlement sees it (交易明细).
type Transaction struct {
	OrderID                uuid.UUID
	Number, Kind, Status   string
	ProductName, ProductEn string
	Amount, Refunded       money.Fen
	PaidAt                 time.Time
	State                  string
	Reasons                []Reason
	StatementID            *uuid.UUID
	StatementNumber        string
	Period                 Period
	// Due is the bill run that will bill it once nothing else stands in the way.
	DuePeriod Period
	DueDay    time.Time
}

// TransactionFilter narrows the transaction details.
type TransactionFilter struct {
	State  string // billed, to_be_billed, or all
	Number string
}

// Transactions lists the seller's paid orders with their billing state and,
// for those not billed, every condition that holds them back (§7.1–7.2),
// judged now. The bill run judges the same conditions (bill_candidates).
func (s *Service) Transactions(ctx context.Context, seller uuid.UUID, f TransactionFilter, page int) ([]Transaction, bool, error) {
	now := s.clk.Now()
	arg := pg.SellerTransactionsParams{SellerID: seller, Lim: PageSize + 1, Off: offset(page)}
	switch f.State {
	case Billed, ToBeBilled:
		b := f.State == Billed
		arg.Billed = &b
	}
	if f.Number != "" {
		arg.Number = &f.Number
	}
	var out []Transaction
	err := s.st.InSnapshot(ctx, func(q *pg.Queries) error {
		rows, err := q.SellerTransactions(ctx, arg)
		if err != nil {
			return err
		}
		certified, err := q.SellerCertifiedAt(ctx, seller)
		if err != nil && !store.IsNoRows(err) {
			return err
		}
		runs, err := q.ListBillRuns(ctx, 36)
		if err != nil {
			return err
		}
		ran := map[Period]bool{}
		for _, r := range runs {
			ran[Period(r.Period)] = true
		}
		cal, err := s.cal.Calendar(ctx, q, now)
		if err != nil {
			return err
		}
		for _, r := range rows {
			t := Transaction{OrderID: r.ID, Number: r.Number, Kind: r.Kind, Status: r.Status, ProductName: r.ProductName,
				ProductEn: r.ProductNameEn, Amount: money.Fen(r.AmountFen), Refunded: money.Fen(r.RefundedFen)}
			if r.PaidAt != nil {
				t.PaidAt = *r.PaidAt
			}
			if r.LineID != nil {
				t.State, t.StatementID, t.StatementNumber, t.Period = Billed, r.StatementID, deref(r.StatementNumber), Period(deref(r.StatementPeriod))
			} else {
				s.explain(&t, r, certified, now)
				if t.State == ToBeBilled && len(t.Reasons) == 0 {
					// Nothing stands in the way: the next bill run takes it.
					from := t.PaidAt
					if r.CompletedAt != nil {
						from = *r.CompletedAt
					}
					if r.Kind == "renewal" && r.ServiceStart != nil && r.ServiceStart.After(from) {
						from = *r.ServiceStart
					}
					if certified != nil && certified.After(from) {
						from = *certified
					}
					p := PeriodOf(from, s.loc)
					for ran[p] {
						p = p.Next()
					}
					t.DuePeriod, t.DueDay = p, p.BillDay(cal, s.loc)
					t.Reasons = append(t.Reasons, Reason{Key: "settlement.why.bill_date", Args: []any{"period", p.String(),
						"day", t.DueDay.In(s.loc).Format(time.DateOnly)}})
				}
			}
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return more(out, nil)
}

// explain sets the state and the failing conditions of an unbilled transaction.
func (s *Service) explain(t *Transaction, r pg.SellerTransactionsRow, certified *time.Time, now time.Time) {
	t.State = ToBeBilled
	unsubscribed := r.Status == string(lifecycle.OrderUnsubscribed) && (r.CompletedAt == nil || !r.Supervised)
	switch {
	case r.AmountFen == 0:
		t.State = NotBilled
		t.Reasons = append(t.Reasons, Reason{Key: "settlement.why.free"})
		return
	case unsubscribed && r.RefundedFen >= r.AmountFen && (r.Supervised || r.CompletedAt == nil):
		t.State = NotBilled
		t.Reasons = append(t.Reasons, Reason{Key: "settlement.why.refunded"})
		return
	}
	if r.Supervised && r.Status == string(lifecycle.OrderProcessing) {
		node := "requirements"
		if r.SupervisionStatus != nil {
			node = *r.SupervisionStatus
		}
		t.Reasons = append(t.Reasons, Reason{Key: "settlement.why.supervision", Node: "status.supervision." + node})
	}
	if !r.Supervised && r.Kind != "renewal" && r.Status == string(lifecycle.OrderProcessing) {
		t.Reasons = append(t.Reasons, Reason{Key: "settlement.why.not_opened"})
	}
	if r.Kind == "renewal" && r.ServiceStart != nil && r.ServiceStart.After(now) {
		t.Reasons = append(t.Reasons, Reason{Key: "settlement.why.not_effective",
			Args: []any{"day", r.ServiceStart.In(s.loc).Format(time.DateOnly)}})
	}
	if certified == nil {
		t.Reasons = append(t.Reasons, Reason{Key: "settlement.why.not_certified"})
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
