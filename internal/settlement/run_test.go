package settlement_test

import (
	"errors"
	"testing"
	"time"

	"agora/internal/catalog"
	"agora/internal/order"
	"agora/internal/settlement"
)

// TestBillRunMonth bills October: an instant SaaS order, a supervised order
// accepted in October, a five-day refund (billed and reversed), while a
// supervised order still in delivery and a renewal not yet in effect wait for
// November. Re-running reproduces October to the digest, after November too.
func TestBillRunMonth(t *testing.T) {
	s := newShop(t)
	saas := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "300.00")
	manual := s.product(t, catalog.TypeManual, catalog.BillOneTime, "1000.00")

	instant := s.buy(t, saas)
	done := s.buy(t, manual)
	s.deliver(t, done)
	s.accept(t, done)
	waiting := s.buy(t, manual)
	s.deliver(t, waiting)
	refunded := s.buy(t, saas)
	s.Clock.Advance(time.Hour)
	if _, err := s.unsub.Standard(bg, s.buyer, refunded.ID); err != nil {
		t.Fatal(err)
	}
	renewal, err := s.orders.Renew(bg, s.buyer, instant.ID, order.RenewInput{Quantity: "1", AcceptEULA: true,
		EULASHA256: order.EULAHash(saas.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}

	// Too early: October is still open on 31 October, and the 3rd is the bill day.
	s.Clock.Set(at(2026, 10, 31, 23))
	if _, err := s.set.RunPeriod(bg, 202610, nil); err == nil {
		t.Fatal("billed an open period")
	}
	s.Clock.Set(at(2026, 11, 2, 9))
	if ran, err := s.set.DueRun(bg); err != nil || ran {
		t.Fatalf("ran before the bill day: %v %v", ran, err)
	}
	s.Clock.Set(at(2026, 11, 3, 9))
	if ran, err := s.set.DueRun(bg); err != nil || !ran {
		t.Fatalf("bill day: %v %v", ran, err)
	}
	if ran, _ := s.set.DueRun(bg); ran {
		t.Fatal("billed October twice")
	}
	if _, err := s.set.RunPeriod(bg, 202610, nil); !errors.Is(err, settlement.ErrAlreadyRun) {
		t.Fatalf("second run: %v", err)
	}

	sts := s.statements(t)
	if len(sts) != 1 {
		t.Fatalf("statements: %+v", sts)
	}
	st := sts[0]
	// 300 + 1000 + 300 − 300; fees 5 % each way.
	if st.Lines != 4 || st.Gross != 130000 || st.Fee != 6500 || st.Share != 123500 || st.Status != "generated" {
		t.Fatalf("October: %+v", st)
	}
	lines := s.lines(t, st)
	kinds := map[string]int{}
	for _, l := range lines {
		kinds[l.Kind]++
		if l.OrderID == waiting.ID || l.OrderID == renewal.ID {
			t.Fatalf("billed %s before it could be", l.OrderNumber)
		}
		if l.Kind == "refund" && (l.OrderID != refunded.ID || l.Gross != -30000 || l.Fee != -1500 || l.OriginalLineID == nil) {
			t.Fatalf("refund line: %+v", l)
		}
	}
	if kinds["new"] != 3 || kinds["refund"] != 1 {
		t.Fatalf("kinds: %v", kinds)
	}
	s.verified(t, 202610)

	// November: the waiting order is accepted and the renewal takes effect on 20 November.
	s.accept(t, waiting)
	s.Clock.Set(at(2026, 12, 3, 9))
	if ran, err := s.set.DueRun(bg); err != nil || !ran {
		t.Fatalf("December bill day: %v %v", ran, err)
	}
	nov := s.statements(t)[0]
	if nov.Period != 202611 || nov.Lines != 2 || nov.Gross != 130000 {
		t.Fatalf("November: %+v", nov)
	}
	s.verified(t, 202610)
	s.verified(t, 202611)
	if p := s.ledger(t); len(p) > 0 {
		t.Fatalf("check-ledger: %v", p)
	}
}

// TestVerifyFindsTampering: a stored line changed after the run no longer
// matches its statement's digest or the re-run.
func TestVerifyFindsTampering(t *testing.T) {
	s := newShop(t)
	s.buy(t, s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "300.00"))
	s.Clock.Set(at(2026, 11, 3, 9))
	admin := s.Admin(t)
	if _, err := s.set.RunPeriod(bg, 202610, &admin); err != nil {
		t.Fatal(err)
	}
	s.verified(t, 202610)
	if _, err := s.DB.Pool.Exec(bg, `UPDATE statement_lines SET fee_fen = fee_fen + 100, share_fen = share_fen - 100`); err != nil {
		t.Fatal(err)
	}
	v, err := s.set.Verify(bg, 202610)
	if err != nil {
		t.Fatal(err)
	}
	if v.OK() || len(v.Mismatches) != 1 {
		t.Fatalf("tampered run verified: %+v", v)
	}
	if p := s.ledger(t); len(p) != 2 || p[0].Area != "settlement" {
		t.Fatalf("check-ledger on a tampered line: %v", p)
	}
}

func (s *shop) verified(t *testing.T, p settlement.Period) {
	t.Helper()
	v, err := s.set.Verify(bg, p)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Fatalf("%s does not reproduce: %+v", p, v)
	}
}
