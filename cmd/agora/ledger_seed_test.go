package main

import (
	"context"
	"testing"

	"agora/internal/account"
	"agora/internal/ledger"
)

// The demo buyer's money comes from one real top-up by the demo admin, however
// often the demo data is loaded.
func TestLedgerSeedTopsUpOnce(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	admin := h.account("admin", account.OpsAdmin)
	buyer := h.account("buyer", "")
	for range 2 {
		if err := seedBalance(ctx, h.svc, admin, buyer); err != nil {
			t.Fatal(err)
		}
	}
	st, err := h.svc.ledger.Statement(ctx, buyer.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if st.Balance != 5_000_000 || len(st.Lines) != 1 || st.Lines[0].Kind != ledger.KindTopUp || st.Lines[0].Actor != "admin" {
		t.Fatalf("demo balance: %+v", st)
	}
	if rep, err := h.svc.ledger.Check(ctx); err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep.Problems, err)
	}
}
