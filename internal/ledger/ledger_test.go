package ledger_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"agora/internal/ledger"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

// An admin's top-up reaches the balance and the statement with who and why,
// and the account's evidence log records it.
func TestLedgerTopUpShowsOnStatementAndTimeline(t *testing.T) {
	b := newBank(t)
	res := b.topUp(t, b.buyer, "1,234.50")
	if res.Balance != 123450 || res.Duplicate {
		t.Fatalf("result %+v", res)
	}
	b.Clock.Advance(1e9)
	if _, err := b.svc.Adjust(bg, b.admin, b.buyer.ID, ledger.OpsInput{Direction: ledger.Debit, Amount: "34.5",
		Reason: "扣回重复充值 duplicate", Token: token()}); err != nil {
		t.Fatal(err)
	}
	st, err := b.svc.Statement(bg, b.buyer.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if st.Balance != 120000 || len(st.Lines) != 2 || st.HasNext {
		t.Fatalf("statement %+v", st)
	}
	newest, first := st.Lines[0], st.Lines[1]
	if newest.Kind != ledger.KindAdjustment || newest.Amount != -3450 || newest.BalanceAfter != 120000 || newest.Actor != b.admin.Name {
		t.Errorf("newest line %+v", newest)
	}
	if first.Kind != ledger.KindTopUp || first.Amount != 123450 || first.Reason != "线下汇款到账 bank transfer" {
		t.Errorf("first line %+v", first)
	}
	hist, err := b.svc.History(bg, b.buyer.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Event != ledger.EventTopUp || hist[1].Event != ledger.EventAdjust ||
		hist[0].Reason != "+¥1,234.50 · 线下汇款到账 bank transfer" || hist[1].ActorName != b.admin.Name {
		t.Fatalf("history %+v", hist)
	}
	if _, probs := b.check(t); len(probs) != 0 {
		t.Fatalf("check: %v", probs)
	}
}

// A double-click, a retried POST or the same form racing itself moves money once.
func TestLedgerSameFormTokenPostsOnce(t *testing.T) {
	b := newBank(t)
	in := ledger.OpsInput{Amount: "500", Reason: "对公转账到账", Token: token()}
	var wg sync.WaitGroup
	results := make([]ledger.Result, 8)
	errs := make([]error, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = b.svc.TopUp(bg, b.admin, b.buyer.ID, in)
		}()
	}
	wg.Wait()
	dups := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
		if results[i].Balance != 50000 {
			t.Errorf("attempt %d sees balance %d", i, results[i].Balance)
		}
		if results[i].Duplicate {
			dups++
		}
	}
	if dups != 7 || b.balance(t, b.buyer) != 50000 {
		t.Fatalf("%d duplicates, balance %d", dups, b.balance(t, b.buyer))
	}
	// Later, once more: still one effect.
	if res, err := b.svc.TopUp(bg, b.admin, b.buyer.ID, in); err != nil || !res.Duplicate {
		t.Fatalf("retry: %+v %v", res, err)
	}
	// The same token for another account is refused, not swallowed.
	other := b.Seller(t, b.Name("other"))
	_, err := b.svc.TopUp(bg, b.admin, other.ID, in)
	testfix.WantKind(t, err, apperr.Conflict, "ledger.form_reused")
	hist, _ := b.svc.History(bg, b.buyer.ID)
	if len(hist) != 1 {
		t.Fatalf("%d evidence events", len(hist))
	}
}

// Only admins move money by hand, never on their own account, and the form
// says what is wrong field by field.
func TestLedgerOperationRules(t *testing.T) {
	b := newBank(t)
	_, err := b.svc.TopUp(bg, b.Reviewer(t), b.buyer.ID, ledger.OpsInput{Amount: "10", Reason: "reviewer tries", Token: token()})
	testfix.WantKind(t, err, apperr.Forbidden, "error.admin_only")
	_, err = b.svc.TopUp(bg, b.buyer, b.buyer.ID, ledger.OpsInput{Amount: "10", Reason: "buyer tries", Token: token()})
	testfix.WantKind(t, err, apperr.Forbidden, "error.admin_only")
	_, err = b.svc.TopUp(bg, b.admin, b.admin.ID, ledger.OpsInput{Amount: "10", Reason: "to myself", Token: token()})
	testfix.WantKind(t, err, apperr.Forbidden, "ledger.not_own")

	cases := []struct {
		in   ledger.OpsInput
		want map[string]string
	}{
		{ledger.OpsInput{Amount: "", Reason: "five!"}, map[string]string{"amount": "ledger.amount_required"}},
		{ledger.OpsInput{Amount: "12.345", Reason: "five!"}, map[string]string{"amount": "ledger.amount_invalid"}},
		{ledger.OpsInput{Amount: "-5", Reason: "five!"}, map[string]string{"amount": "ledger.amount_invalid"}},
		{ledger.OpsInput{Amount: "0.00", Reason: "five!"}, map[string]string{"amount": "ledger.amount_positive"}},
		{ledger.OpsInput{Amount: "1000000.01", Reason: "five!"}, map[string]string{"amount": "ledger.amount_cap"}},
		{ledger.OpsInput{Amount: "10", Reason: " 四个字 "}, map[string]string{"reason": "ledger.reason_rule"}},
		{ledger.OpsInput{Amount: "10", Reason: strings.Repeat("长", 501)}, map[string]string{"reason": "ledger.reason_rule"}},
	}
	for _, c := range cases {
		c.in.Token = token()
		_, err := b.svc.TopUp(bg, b.admin, b.buyer.ID, c.in)
		testfix.WantFields(t, err, c.want)
	}
	_, err = b.svc.Adjust(bg, b.admin, b.buyer.ID, ledger.OpsInput{Amount: "10", Reason: "no direction", Token: token()})
	testfix.WantFields(t, err, map[string]string{"direction": "ledger.direction_required"})
	_, err = b.svc.TopUp(bg, b.admin, b.buyer.ID, ledger.OpsInput{Amount: "10", Reason: "no token", Token: "short"})
	testfix.WantKind(t, err, apperr.Invalid, "ledger.form_expired")
	_, err = b.svc.TopUp(bg, b.admin, uuid.Must(uuid.NewV7()), ledger.OpsInput{Amount: "10", Reason: "nobody here", Token: token()})
	testfix.WantKind(t, err, apperr.NotFound, "")
	// The cap itself is allowed.
	if res := b.topUp(t, b.buyer, "1,000,000.00"); res.Balance != ledger.MaxOpsAmount {
		t.Fatalf("balance %d", res.Balance)
	}
	// A debit never takes the balance below zero: the amount field says so.
	_, err = b.svc.Adjust(bg, b.admin, b.buyer.ID, ledger.OpsInput{Direction: ledger.Debit, Amount: "1000000.01", Reason: "too much",
		Token: token()})
	testfix.WantFields(t, err, map[string]string{"amount": "ledger.amount_cap"})
	b.topUp(t, b.buyer, "1")
	_, err = b.svc.Adjust(bg, b.admin, b.buyer.ID, ledger.OpsInput{Direction: ledger.Debit, Amount: "1000000.00", Reason: "all of it",
		Token: token()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.svc.Adjust(bg, b.admin, b.buyer.ID, ledger.OpsInput{Direction: ledger.Debit, Amount: "1.01", Reason: "too much",
		Token: token()})
	testfix.WantFields(t, err, map[string]string{"amount": "ledger.debit_exceeds"})
	if got := b.balance(t, b.buyer); got != 100 {
		t.Fatalf("balance %d", got)
	}
}
