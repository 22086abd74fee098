package settlement_test

import (
	"testing"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/settlement"
	"agora/internal/testfix"
)

// TestJointStatementInvoiceAndFeeInvoice: a product whose platform invoices
// the buyer gets its own statement, which the seller must invoice to the fen
// before it is paid; the general statement is paid directly and its fee
// invoiced by the platform on request.
func TestJointStatementInvoiceAndFeeInvoice(t *testing.T) {
	s := newShop(t)
	admin := s.Admin(t)
	joint := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "300.00")
	general := s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "100.00")
	if _, err := s.set.AddFeeRule(bg, admin, settlement.FeeRuleInput{Scope: "product", ProductNumber: joint.Number, Rate: "10",
		PlatformInvoices: true, EffectiveFrom: "2026-10-01"}); apperr.FieldsOf(err)["effective_from"] != "settlement.effective_past" {
		t.Fatalf("a rule taking effect in the past: %v", err)
	}
	if _, err := s.set.AddFeeRule(bg, admin, settlement.FeeRuleInput{Scope: "product", ProductNumber: joint.Number, Rate: "10",
		PlatformInvoices: true}); err != nil {
		t.Fatal(err)
	}
	s.buy(t, joint)
	s.buy(t, general)
	s.Clock.Set(at(2026, 11, 3, 9))
	if _, err := s.set.RunPeriod(bg, 202610, &admin); err != nil {
		t.Fatal(err)
	}
	var j, g settlement.Statement
	for _, st := range s.statements(t) {
		if st.PlatformInvoices {
			j = st
		} else {
			g = st
		}
	}
	if j.Share != 27000 || j.Fee != 3000 || g.Share != 9500 || g.Fee != 500 {
		t.Fatalf("joint %+v general %+v", j, g)
	}
	reviewer := s.Reviewer(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.set.Send(bg, reviewer, j.ID, "1"))
	if err := s.set.Send(bg, reviewer, j.ID, "1"); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("sent twice: %v", err)
	}
	must(s.set.RaiseRequisition(bg, reviewer, j.ID, ""))
	if got := s.statement(t, j); got.Status != lifecycle.StatementAwaitingInvoice || got.RequisitionNo == "" {
		t.Fatalf("after requisition: %+v", got)
	}
	pdf := s.Upload(t, s.seller, settlement.InvoiceFilePurpose, "发票.pdf", testfix.PDF())
	in := settlement.InvoiceInput{InvoiceNo: "04400123", Total: "270.01", Date: "2026-11-03", FileID: pdf.ID.String()}
	err := s.set.SubmitInvoice(bg, s.seller, j.ID, in)
	e := testfix.WantKind(t, err, apperr.Invalid, "settlement.invoice_total_mismatch")
	if e.Args[5] != "¥0.01" {
		t.Fatalf("difference shown: %v", e.Args)
	}
	in.Total = "270.00"
	must(s.set.SubmitInvoice(bg, s.seller, j.ID, in))
	must(s.set.RejectInvoice(bg, reviewer, j.ID, "发票抬头有误", ""))
	in.InvoiceNo = "04400124"
	must(s.set.SubmitInvoice(bg, s.seller, j.ID, in))
	must(s.set.AcceptInvoice(bg, reviewer, j.ID, ""))
	must(s.set.Pay(bg, reviewer, j.ID, "TRX-2026-0001", ""))
	if got := s.statement(t, j); got.Status != lifecycle.StatementPaid || got.InvoiceNo != "04400124" {
		t.Fatalf("joint paid: %+v", got)
	}

	must(s.set.Send(bg, reviewer, g.ID, ""))
	must(s.set.RaiseRequisition(bg, reviewer, g.ID, ""))
	if err := s.set.SubmitInvoice(bg, s.seller, g.ID, in); err == nil {
		t.Fatal("invoiced a general statement")
	}
	must(s.set.Pay(bg, reviewer, g.ID, "TRX-2026-0002", ""))

	cands, err := s.set.FeeInvoiceCandidates(bg, s.seller.ID)
	if err != nil || len(cands) != 1 || cands[0].ID != g.ID {
		t.Fatalf("fee invoice candidates: %+v %v", cands, err)
	}
	fi, err := s.set.RequestFeeInvoice(bg, s.seller, settlement.FeeInvoiceInput{Statements: []string{g.ID.String()},
		Kind: "digital_normal", Email: "finance@example.com"})
	if err != nil || fi.Amount != 500 {
		t.Fatalf("fee invoice: %+v %v", fi, err)
	}
	if _, err := s.set.RequestFeeInvoice(bg, s.seller, settlement.FeeInvoiceInput{Statements: []string{g.ID.String()},
		Kind: "digital_normal", Email: "finance@example.com"}); err == nil {
		t.Fatal("fee invoiced twice")
	}
	if _, err := s.set.RequestFeeInvoice(bg, s.seller, settlement.FeeInvoiceInput{Statements: []string{j.ID.String()},
		Kind: "digital_normal", Email: "finance@example.com"}); err == nil {
		t.Fatal("fee invoice for a joint statement")
	}
	out := s.Upload(t, admin, settlement.InvoiceFilePurpose, "平台费发票.pdf", testfix.PDF())
	must(s.set.IssueFeeInvoice(bg, admin, fi.ID, "25440000000012", out.ID.String(), ""))
	if _, rc, err := s.Files.Open(bg, s.seller, out.ID); err != nil {
		t.Fatalf("seller cannot download the fee invoice: %v", err)
	} else {
		rc.Close()
	}
	s.verified(t, 202610)
	if p := s.ledger(t); len(p) > 0 {
		t.Fatalf("check-ledger: %v", p)
	}
}

// TestTransactionsExplainWhyNotBilled: each unbilled order says why, and the
// ones with nothing in the way name the bill run that takes them.
func TestTransactionsExplainWhyNotBilled(t *testing.T) {
	s := newShop(t)
	instant := s.buy(t, s.product(t, catalog.TypeSaaS, catalog.BillMonthly, "300.00"))
	waiting := s.buy(t, s.product(t, catalog.TypeManual, catalog.BillOneTime, "1000.00"))
	s.deliver(t, waiting)
	why := func() map[string]settlement.Transaction {
		txs, _, err := s.set.Transactions(bg, s.seller.ID, settlement.TransactionFilter{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]settlement.Transaction{}
		for _, x := range txs {
			m[x.Number] = x
		}
		return m
	}
	m := why()
	if x := m[instant.Number]; x.State != settlement.ToBeBilled || x.Reasons[0].Key != "settlement.why.bill_date" || x.DuePeriod != 202610 ||
		x.DueDay.Format("2006-01-02") != "2026-11-03" {
		t.Fatalf("instant: %+v", x)
	}
	if x := m[waiting.Number]; x.State != settlement.ToBeBilled || x.Reasons[0].Key != "settlement.why.supervision" ||
		x.Reasons[0].Node != "status.supervision.acceptance" {
		t.Fatalf("waiting: %+v", x)
	}
	s.Clock.Set(at(2026, 11, 3, 9))
	if _, err := s.set.DueRun(bg); err != nil {
		t.Fatal(err)
	}
	m = why()
	if x := m[instant.Number]; x.State != settlement.Billed || x.Period != 202610 || x.StatementNumber == "" {
		t.Fatalf("instant after the run: %+v", x)
	}
	if x := m[waiting.Number]; x.State != settlement.ToBeBilled {
		t.Fatalf("waiting after the run: %+v", x)
	}
	s.accept(t, waiting)
	if x := why()[waiting.Number]; x.DuePeriod != 202611 || x.DueDay.Format("2006-01-02") != "2026-12-03" {
		t.Fatalf("accepted in November: %+v", x)
	}
}
