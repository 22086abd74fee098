package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/order"
	"agora/internal/settlement"
)

// TestSettlementPagesGuarded: a seller sees only their own statements (another
// seller's is a 404, its CSV too); the lines download as CSV with a BOM and a
// header in the viewer's language; reviewers move statements but cannot bill
// or add fee rules; a second click on the same step gets the already-handled
// message, not a second effect.
func TestSettlementPagesGuarded(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller := readySeller(t, h, "stlguard", "结算守卫科技有限公司")
	reviewer := h.account("stlg-rev", account.OpsReviewer)
	p := releaseProduct(t, h, seller, reviewer, "守卫云SaaS版")
	buyer := h.account("stlg-b", "")
	fund(t, h, buyer, "1000")
	o, err := h.svc.orders.Purchase(ctx, buyer, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "2",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	h.Clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, h.cfg.Location))

	rc := h.client()
	rc.login(reviewer.Name, "Passw0rd!x")
	if p := rc.post("/ops/settlement/runs", url.Values{"period": {"2026-11"}, "action": {"run"}}); p.Status != http.StatusForbidden && p.Status != http.StatusNotFound {
		t.Fatalf("a reviewer billed a period: %d", p.Status)
	}
	if p := rc.post("/ops/settlement/fees", url.Values{"scope": {"default"}, "rate": {"1"}}); p.Status != http.StatusForbidden && p.Status != http.StatusNotFound {
		t.Fatalf("a reviewer added a fee rule: %d", p.Status)
	}
	ac := h.client()
	ac.login(h.account("stlg-admin", account.OpsAdmin).Name, "Passw0rd!x")
	if p := ac.post("/ops/settlement/runs", url.Values{"period": {"2026-12"}, "action": {"run"}}); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("billing an open period: %d", p.Status)
	}
	if p := ac.post("/ops/settlement/runs", url.Values{"period": {"2026-11"}, "action": {"run"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("run: %d %q", p.Status, text(p, ".alert"))
	}
	if p := ac.post("/ops/settlement/runs", url.Values{"period": {"2026-11"}, "action": {"run"}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(text(p, ".alert"), "already") {
		t.Fatalf("second run: %d %q", p.Status, text(p, ".alert"))
	}

	sts, _, err := h.svc.settlement.SellerStatements(ctx, seller.ID, 1)
	if err != nil || len(sts) != 1 {
		t.Fatalf("statements: %v %v", sts, err)
	}
	path := "/seller/settlement/" + sts[0].ID.String()
	sc := h.client()
	sc.login(seller.Name, "Passw0rd!x")
	page := sc.get(path)
	if page.Status != http.StatusOK || page.Doc.Find(`[data-line="`+o.Number+`"]`).Length() != 1 {
		t.Fatalf("statement page: %d", page.Status)
	}
	status, hdr, body := sc.raw(path + "/lines.csv")
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") || !strings.HasPrefix(string(body), "\xEF\xBB\xBF") ||
		!strings.Contains(string(body), o.Number) || !strings.Contains(string(body), "398.00") || !strings.Contains(string(body), "19.90") {
		t.Fatalf("csv: %d %q", status, body)
	}

	other := h.client()
	other.login(readySeller(t, h, "stlguard-o", "另一家科技有限公司").Name, "Passw0rd!x")
	for _, p := range []string{path, path + "/lines.csv"} {
		if got := other.get(p); got.Status != http.StatusNotFound {
			t.Errorf("another seller reads %s: %d", p, got.Status)
		}
	}
	if got := other.postMultipart(path+"/invoice", map[string]string{"invoice_no": "04400123", "total": "378.10", "date": "2026-12-03"}, nil); got.Status != http.StatusNotFound {
		t.Errorf("another seller invoices: %d", got.Status)
	}

	ops := "/ops/settlement/" + sts[0].ID.String()
	if p := rc.post(ops+"/send", url.Values{"version": {"1"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("send: %d %q", p.Status, text(p, ".alert"))
	}
	if p := rc.post(ops+"/send", url.Values{"version": {"1"}}); p.Status != http.StatusConflict {
		t.Fatalf("send again: %d", p.Status)
	}
	if p := rc.post(ops+"/requisition", url.Values{"version": {"2"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("requisition: %d %q", p.Status, text(p, ".alert"))
	}
	if p := rc.post(ops+"/pay", url.Values{"version": {"3"}, "payout_ref": {""}}); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("pay without a reference: %d", p.Status)
	}
	if p := rc.post(ops+"/pay", url.Values{"version": {"3"}, "payout_ref": {"TRX-20261203-01"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d %q", p.Status, text(p, ".alert, .field-error"))
	}
	if got := text(sc.get(path), "[data-statement-detail] [data-status]"); got != "Paid" && got != "已支付" {
		t.Fatalf("seller sees %q", got)
	}
	fee := sc.post("/seller/settlement/fee-invoices", url.Values{"statement": {sts[0].ID.String()}, "kind": {"digital_special"},
		"email": {"finance@example.com"}})
	if fee.Status != http.StatusSeeOther {
		t.Fatalf("fee invoice request: %d %q", fee.Status, text(fee, ".alert, .field-error"))
	}
	if got := text(sc.get("/seller/settlement/fee-invoices"), "[data-fee-invoices] td.num"); got != "¥19.90" {
		t.Fatalf("fee invoice amount: %q", got)
	}
	if got := text(ac.get("/ops/settlement/fee-invoices"), "[data-fee-invoice] p"); !strings.Contains(got, sts[0].Number) {
		t.Fatalf("operations' fee invoice request lacks its statement: %q", got)
	}
	if v, err := h.svc.settlement.Verify(ctx, settlement.Period(202611)); err != nil || !v.OK() {
		t.Fatalf("verify: %+v %v", v, err)
	}
}
