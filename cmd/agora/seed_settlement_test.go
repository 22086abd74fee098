package main

import (
	"context"
	"testing"

	"agora/internal/lifecycle"
	"agora/internal/settlement"
)

// TestSeedDemoSettlement: the demo has last month billed — a paid general
// statement with its fee invoice requested, a joint one waiting for the
// seller's invoice, an order still in supervision that says why it is not
// billed — reproducible by a re-run, with money conserved; seeding again adds
// no statement.
func TestSeedDemoSettlement(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	if err := seedDemo(ctx, h.svc, h.Clock); err != nil {
		t.Fatal(err)
	}
	settled, err := h.svc.accounts.FindByName(ctx, "settled")
	if err != nil {
		t.Fatal(err)
	}
	statements := func() []settlement.Statement {
		sts, _, err := h.svc.settlement.SellerStatements(ctx, settled.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		return sts
	}
	sts := statements()
	states := map[lifecycle.StatementStatus]bool{}
	for _, st := range sts {
		states[st.Status] = true
		if st.Period != 202610 {
			t.Errorf("statement %s of %s", st.Number, st.Period)
		}
	}
	if len(sts) != 2 || !states[lifecycle.StatementPaid] || !states[lifecycle.StatementAwaitingInvoice] {
		t.Fatalf("statements: %+v", sts)
	}
	fees, _, err := h.svc.settlement.SellerFeeInvoices(ctx, settled.ID, 1)
	if err != nil || len(fees) != 1 {
		t.Fatalf("fee invoices: %+v %v", fees, err)
	}
	txs, _, err := h.svc.settlement.Transactions(ctx, settled.ID, settlement.TransactionFilter{State: settlement.ToBeBilled}, 1)
	if err != nil || len(txs) != 1 || txs[0].Reasons[0].Key != "settlement.why.supervision" {
		t.Fatalf("unbilled: %+v %v", txs, err)
	}
	if v, err := h.svc.settlement.Verify(ctx, 202610); err != nil || !v.OK() {
		t.Fatalf("re-run: %+v %v", v, err)
	}
	if rep, err := h.svc.ledger.Check(ctx); err != nil || !rep.OK() || rep.Billed == 0 {
		t.Fatalf("ledger: %+v %v", rep, err)
	}
	if err := seedDemo(ctx, h.svc, h.Clock); err != nil {
		t.Fatal(err)
	}
	if n := len(statements()); n != 2 {
		t.Fatalf("seeding again: %d statements", n)
	}
}
