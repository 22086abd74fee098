package ledger_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"agora/internal/ledger"
	"agora/internal/platform/apperr"
	"agora/internal/store/pg"
)

// Fifty payments of ¥10 race for a balance of ¥100: exactly ten go through,
// the balance ends at zero, never below, and the books still balance.
func TestLedgerConcurrentPaymentsNeverOverdraw(t *testing.T) {
	b := newBank(t)
	b.topUp(t, b.buyer, "100")
	orders := b.orders(t, b.buyer, b.product(t), 1000, 50)
	var wg sync.WaitGroup
	errs := make([]error, len(orders))
	for i, o := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = b.pay(b.buyer, o, 1000)
		}()
	}
	wg.Wait()
	paid := 0
	for _, err := range errs {
		switch {
		case err == nil:
			paid++
		case apperr.Is(err, apperr.Conflict):
			if e, _ := apperr.As(err); e.Msg != ledger.ErrInsufficient {
				t.Fatalf("conflict %v", err)
			}
		default:
			t.Fatal(err)
		}
	}
	if paid != 10 || b.balance(t, b.buyer) != 0 {
		t.Fatalf("%d paid, balance %d", paid, b.balance(t, b.buyer))
	}
	rep, probs := b.check(t)
	if len(probs) != 0 {
		t.Fatalf("check: %v", probs)
	}
	if rep.TopUps != 10000 || rep.Payments != -10000 || rep.Balances != 0 || rep.Entries != 11 {
		t.Fatalf("report %+v", rep)
	}
	// The statement replays: every line's balance is the one below it plus its amount.
	st, err := b.svc.Statement(bg, b.buyer.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(st.Lines); i++ {
		if st.Lines[i].BalanceAfter != st.Lines[i+1].BalanceAfter+st.Lines[i].Amount || st.Lines[i].OrderNumber == "" {
			t.Fatalf("line %d: %+v after %+v", i, st.Lines[i], st.Lines[i+1])
		}
	}
}

// Each kind of tampering with the books is reported, naming where.
func TestLedgerCheckReportsTampering(t *testing.T) {
	b := newBank(t)
	other := b.Seller(t, b.Name("other"))
	b.topUp(t, b.buyer, "500")
	b.topUp(t, other, "80")
	orders := b.orders(t, b.buyer, b.product(t), 12000, 3)
	for _, o := range orders {
		if err := b.pay(b.buyer, o, 12000); err != nil {
			t.Fatal(err)
		}
	}
	b.refund(t, b.buyer, orders[0], 12000)
	rep, probs := b.check(t)
	if len(probs) != 0 {
		t.Fatalf("clean books reported: %v", probs)
	}
	if rep.TopUps != 58000 || rep.Payments != -36000 || rep.Refunds != 12000 || rep.Balances != 34000 || rep.Accounts != 2 {
		t.Fatalf("report %+v", rep)
	}

	want := func(name string, parts ...string) {
		t.Helper()
		_, probs := b.check(t)
		all := strings.Join(probs, "\n")
		for _, p := range parts {
			if !strings.Contains(all, p) {
				t.Errorf("%s: report lacks %q:\n%s", name, p, all)
			}
		}
	}
	// A balance raised in place.
	b.exec(t, `UPDATE balances SET balance_fen = balance_fen + 100 WHERE account_id = $1`, b.buyer.ID)
	want("balance", "balance account "+b.buyer.Name, "balance ¥261.00, but its 5 rows sum to ¥260.00",
		"balance ¥261.00, but its last row left ¥260.00", "totals: ")
	b.exec(t, `UPDATE balances SET balance_fen = balance_fen - 100 WHERE account_id = $1`, b.buyer.ID)

	// A payment made smaller: the row no longer follows from the one before.
	b.exec(t, `UPDATE ledger_entries SET amount_fen = -100 WHERE account_id = $1 AND seq = 3`, b.buyer.ID)
	want("amount", "chain account "+b.buyer.Name, "row 3 (payment -¥1.00) says the balance became ¥260.00; ¥380.00 -¥1.00 makes ¥379.00",
		"order CS", "paid ¥1.00 for an order of ¥120.00", "its 5 rows sum to ¥379.00")
	b.exec(t, `UPDATE ledger_entries SET amount_fen = -12000 WHERE account_id = $1 AND seq = 3`, b.buyer.ID)

	// A row deleted from the middle.
	var id uuid.UUID
	if err := b.DB.Pool.QueryRow(bg, `SELECT id FROM ledger_entries WHERE account_id = $1 AND seq = 2`, b.buyer.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	b.exec(t, `CREATE TABLE saved AS SELECT * FROM ledger_entries WHERE id = $1`, id)
	b.exec(t, `DELETE FROM ledger_entries WHERE id = $1`, id)
	want("delete", "row 3 follows row 1: rows are missing", "4 rows, but the last is numbered 5")
	b.exec(t, `INSERT INTO ledger_entries SELECT * FROM saved`)

	// More refunded than paid, through the ledger itself (the order service must not let this happen).
	b.refund(t, b.buyer, orders[0], 1)
	b.refund(t, b.buyer, orders[2], 12001)
	want("refund", "refunded ¥120.01, more than the ¥120.00 paid")
	_, probs = b.check(t)
	if len(probs) != 2 {
		t.Fatalf("want exactly the two over-refunds, got %v", probs)
	}
}

// A payment whose time is earlier than the row before it (it waited for the
// balance lock) still replays: posting order, not the clock, is what counts.
func TestLedgerCheckFollowsPostingOrderNotClock(t *testing.T) {
	b := newBank(t)
	b.topUp(t, b.buyer, "50")
	orders := b.orders(t, b.buyer, b.product(t), 1000, 1)
	early := b.Clock.Now().Add(-3600e9)
	err := b.Store.InTx(bg, func(q *pg.Queries) error {
		_, err := ledger.Post(bg, q, ledger.Entry{Account: b.buyer.ID, Kind: ledger.KindPayment, Amount: -1000, OrderID: &orders[0], At: early})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.setStatus(bg, orders[0], "completed"); err != nil {
		t.Fatal(err)
	}
	if _, probs := b.check(t); len(probs) != 0 {
		t.Fatalf("check: %v", probs)
	}
}

// An order's status and its money agree: delivered orders were paid, unpaid
// ones were not, and only an unsubscribed order was refunded.
func TestLedgerCheckComparesOrderStatus(t *testing.T) {
	b := newBank(t)
	b.topUp(t, b.buyer, "100")
	orders := b.orders(t, b.buyer, b.product(t), 1000, 3)
	if err := b.pay(b.buyer, orders[0], 1000); err != nil {
		t.Fatal(err)
	}
	if _, probs := b.check(t); len(probs) != 0 {
		t.Fatalf("clean books reported: %v", probs)
	}
	// Delivered without payment; cancelled after payment; refunded while completed.
	b.exec(t, `UPDATE orders SET status = 'completed' WHERE id = $1`, orders[1])
	b.exec(t, `UPDATE orders SET status = 'cancelled' WHERE id = $1`, orders[0])
	_, probs := b.check(t)
	all := strings.Join(probs, "\n")
	for _, want := range []string{"completed without its payment of ¥10.00", "cancelled but paid ¥10.00"} {
		if !strings.Contains(all, want) {
			t.Errorf("report lacks %q:\n%s", want, all)
		}
	}
	b.exec(t, `UPDATE orders SET status = 'pending_payment' WHERE id = $1`, orders[1])
	b.exec(t, `UPDATE orders SET status = 'completed' WHERE id = $1`, orders[0])
	b.refund(t, b.buyer, orders[0], 500)
	b.exec(t, `UPDATE orders SET status = 'completed' WHERE id = $1`, orders[0])
	if _, probs := b.check(t); len(probs) != 1 || !strings.Contains(probs[0], "refunded ¥5.00 but completed") {
		t.Errorf("refund of a completed order: %v", probs)
	}
}

// Operations find accounts by part of the name or the exact public ID, with balances.
func TestLedgerFindAccounts(t *testing.T) {
	b := newBank(t)
	b.topUp(t, b.buyer, "88.80")
	list, more, err := b.svc.FindAccounts(bg, "", 1)
	if err != nil || more || len(list) != 1 || list[0].ID != b.buyer.ID || list[0].Balance != 8880 || list[0].MovedAt == nil {
		t.Fatalf("balances: %+v %v %v", list, more, err)
	}
	for _, q := range []string{strings.ToUpper(b.buyer.Name[1:4]), " " + b.buyer.PublicID + " "} {
		list, _, err = b.svc.FindAccounts(bg, q, 1)
		if err != nil || len(list) != 1 || list[0].ID != b.buyer.ID || list[0].Balance != 8880 {
			t.Fatalf("%q: %+v %v", q, list, err)
		}
	}
	// Wildcards are text, not patterns.
	if list, _, _ = b.svc.FindAccounts(bg, "%", 1); len(list) != 0 {
		t.Fatalf("%% matched %+v", list)
	}
	list, _, _ = b.svc.FindAccounts(bg, b.admin.Name, 1)
	if len(list) != 1 || list[0].Balance != 0 || list[0].MovedAt != nil {
		t.Fatalf("admin: %+v", list)
	}
	if _, err := b.svc.Account(bg, uuid.Must(uuid.NewV7())); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown account: %v", err)
	}
}
