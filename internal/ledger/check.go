package ledger

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"agora/internal/platform/money"
	"agora/internal/store/pg"
)

// Areas of a discrepancy.
const (
	ProblemBalance = "balance"    // a balance disagrees with its rows
	ProblemChain   = "chain"      // a row breaks its account's running balance
	ProblemOrder   = "order"      // an order's payments and refunds do not add up
	ProblemTotals  = "totals"     // money in and out does not equal the money held
	ProblemSettle  = "settlement" // a statement line, statement or payout disagrees with the ledger
)

// Problem is one discrepancy.
type Problem struct {
	Area        string
	AccountID   uuid.UUID // zero for orders and totals
	AccountName string
	OrderNumber string
	Detail      string
}

func (p Problem) String() string {
	switch {
	case p.OrderNumber != "":
		return fmt.Sprintf("order %s: %s", p.OrderNumber, p.Detail)
	case p.AccountID != uuid.Nil:
		return fmt.Sprintf("%s account %s (%s): %s", p.Area, p.AccountName, p.AccountID, p.Detail)
	}
	return fmt.Sprintf("%s: %s", p.Area, p.Detail)
}

// Report is the result of Check: the totals and every discrepancy found.
type Report struct {
	Accounts    int64 // accounts with a balance
	Entries     int64
	TopUps      money.Fen
	Adjustments money.Fen
	Refunds     money.Fen
	Payments    money.Fen // negative: money out of balances
	Balances    money.Fen // the sum of all balances
	// Settlement: what billed lines took from buyers' payments less refunds,
	// split into the platform's fees and the sellers' shares.
	Billed, Fees, Shares money.Fen
	Problems             []Problem
}

// OK reports whether money is conserved.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Check proves that money is conserved, in one snapshot of the database:
// every balance equals the sum of its account's rows and its last row; each
// row's balance_after is the previous row's plus its amount, in posting order,
// with no row missing; no order was paid twice, paid other than its amount,
// refunded beyond what was paid, or moved money on another account than its
// buyer's; and top-ups, adjustments, refunds and payments add up to the money
// held in all balances.
func (s *Service) Check(ctx context.Context) (Report, error) {
	var rep Report
	err := s.st.InSnapshot(ctx, func(q *pg.Queries) error {
		bals, err := q.CheckBalances(ctx)
		if err != nil {
			return err
		}
		for _, b := range bals {
			rep.Problems = append(rep.Problems, balanceProblems(b)...)
		}
		chain, err := q.CheckLedgerChain(ctx)
		if err != nil {
			return err
		}
		for _, c := range chain {
			p := Problem{Area: ProblemChain, AccountID: c.AccountID, AccountName: c.Name}
			if c.Seq != c.PrevSeq+1 {
				p.Detail = fmt.Sprintf("row %d follows row %d: rows are missing", c.Seq, c.PrevSeq)
				rep.Problems = append(rep.Problems, p)
			}
			if want := c.PrevAfterFen + c.AmountFen; c.BalanceAfterFen != want {
				p.Detail = fmt.Sprintf("row %d (%s %s) says the balance became %s; %s %s makes %s", c.Seq, c.Kind,
					Signed(money.Fen(c.AmountFen)), money.Format(money.Fen(c.BalanceAfterFen)), money.Format(money.Fen(c.PrevAfterFen)),
					Signed(money.Fen(c.AmountFen)), money.Format(money.Fen(want)))
				rep.Problems = append(rep.Problems, p)
			}
		}
		orders, err := q.CheckOrderLedger(ctx)
		if err != nil {
			return err
		}
		for _, o := range orders {
			rep.Problems = append(rep.Problems, orderProblems(o)...)
		}
		t, err := q.LedgerTotals(ctx)
		if err != nil {
			return err
		}
		rep.Accounts, rep.Entries = t.Accounts, t.Entries
		rep.TopUps, rep.Adjustments = money.Fen(t.TopupsFen), money.Fen(t.AdjustmentsFen)
		rep.Refunds, rep.Payments, rep.Balances = money.Fen(t.RefundsFen), money.Fen(t.PaymentsFen), money.Fen(t.BalancesFen)
		if moved := rep.TopUps + rep.Adjustments + rep.Refunds + rep.Payments; moved != rep.Balances {
			rep.Problems = append(rep.Problems, Problem{Area: ProblemTotals, Detail: fmt.Sprintf(
				"top-ups %s + adjustments %s + refunds %s + payments %s = %s, but the balances hold %s",
				money.Format(rep.TopUps), money.Format(rep.Adjustments), money.Format(rep.Refunds), money.Format(rep.Payments),
				money.Format(moved), money.Format(rep.Balances))})
		}
		return settlementProblems(ctx, q, &rep)
	})
	return rep, err
}

func balanceProblems(b pg.CheckBalancesRow) []Problem {
	var out []Problem
	add := func(format string, args ...any) {
		out = append(out, Problem{Area: ProblemBalance, AccountID: b.AccountID, AccountName: b.Name, Detail: fmt.Sprintf(format, args...)})
	}
	if !b.HasBalance {
		add("%d rows (summing to %s) but no balance", b.Entries, money.Format(money.Fen(b.TotalFen)))
		return out
	}
	if b.BalanceFen != b.TotalFen {
		add("balance %s, but its %d rows sum to %s", money.Format(money.Fen(b.BalanceFen)), b.Entries, money.Format(money.Fen(b.TotalFen)))
	}
	if b.BalanceFen != b.LastAfterFen {
		add("balance %s, but its last row left %s", money.Format(money.Fen(b.BalanceFen)), money.Format(money.Fen(b.LastAfterFen)))
	}
	if b.Entries != b.LastSeq {
		add("%d rows, but the last is numbered %d: rows are missing", b.Entries, b.LastSeq)
	}
	return out
}

func orderProblems(o pg.CheckOrderLedgerRow) []Problem {
	var out []Problem
	add := func(format string, args ...any) {
		out = append(out, Problem{Area: ProblemOrder, OrderNumber: o.Number, Detail: fmt.Sprintf(format, args...)})
	}
	if o.Payments > 1 {
		add("paid %d times", o.Payments)
	}
	if o.Payments == 1 && o.PaidFen != o.AmountFen {
		add("paid %s for an order of %s", money.Format(money.Fen(o.PaidFen)), money.Format(money.Fen(o.AmountFen)))
	}
	if o.RefundedFen > o.PaidFen {
		add("refunded %s, more than the %s paid", money.Format(money.Fen(o.RefundedFen)), money.Format(money.Fen(o.PaidFen)))
	}
	if o.ForeignRows > 0 {
		add("%d ledger rows on an account that is not the buyer's", o.ForeignRows)
	}
	switch delivered := o.Status == "processing" || o.Status == "completed" || o.Status == "unsubscribed"; {
	case delivered && o.AmountFen > 0 && o.Payments == 0:
		add("%s without its payment of %s", o.Status, money.Format(money.Fen(o.AmountFen)))
	case !delivered && o.Payments > 0:
		add("%s but paid %s", o.Status, money.Format(money.Fen(o.PaidFen)))
	}
	if o.Decided && o.RefundedFen != o.DecidedRefundFen {
		add("refunded %s where arbitration decided %s", money.Format(money.Fen(o.RefundedFen)), money.Format(money.Fen(o.DecidedRefundFen)))
	}
	if o.RefundedFen > 0 && o.Status != "unsubscribed" {
		add("refunded %s but %s", money.Format(money.Fen(o.RefundedFen)), o.Status)
	}
	return out
}

// settlementProblems checks that settlement moved no money of its own: every
// line bills exactly its ledger entry, fee + share = gross at the line's rate,
// statements add up to their lines and digest, no order is billed beyond what
// its buyer paid, refunds follow their payment's line, paid statements name the
// transfer; and in total, billed = fees + shares = the ledger's billed entries.
func settlementProblems(ctx context.Context, q *pg.Queries, rep *Report) error {
	rows, err := q.SettlementProblems(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		rep.Problems = append(rep.Problems, Problem{Area: ProblemSettle, Detail: fmt.Sprintf("%s %s: %s", r.What, r.ObjectID, r.Detail)})
	}
	t, err := q.SettlementTotals(ctx)
	if err != nil {
		return err
	}
	rep.Billed, rep.Fees, rep.Shares = money.Fen(t.GrossFen), money.Fen(t.FeeFen), money.Fen(t.ShareFen)
	if rep.Fees+rep.Shares != rep.Billed || rep.Billed != money.Fen(t.LedgerFen) {
		rep.Problems = append(rep.Problems, Problem{Area: ProblemSettle, Detail: fmt.Sprintf(
			"billed %s, fees %s + shares %s, ledger entries billed %s", money.Format(rep.Billed), money.Format(rep.Fees),
			money.Format(rep.Shares), money.Format(money.Fen(t.LedgerFen)))})
	}
	return nil
}
