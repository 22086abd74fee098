package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/order"
)

// TestSettlementInBrowser: an admin makes a product's platform invoice its
// buyers (10 %); a month of orders is billed from the console while one order
// is still in supervision, which the seller's transaction details explain;
// operations send the statement and raise the requisition; the seller's
// invoice with a total 10 fen short is refused with the difference, the right
// one goes to review; and re-running the month reproduces it.
func TestSettlementInBrowser(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, waiting := supervisedOrder(t, h, "stl", catalog.TypeManual)
	p := releaseProduct(t, h, seller, h.account("stl-rev", account.OpsReviewer), "结算云SaaS版")
	admin := h.account("stl-admin", account.OpsAdmin)

	ops := h.browser(t, "en")
	ops.login(admin.Name, "Passw0rd!x")
	ops.open("/ops/settlement/fees")
	ops.run(chromedp.SetValue(chromedp.CSS("#f-scope"), "product"))
	ops.fill("#f-product_number", p.Number)
	ops.fill("#f-rate", "10")
	ops.run(chromedp.Click(chromedp.CSS(`input[name="platform_invoices"]`)))
	ops.submit("[data-fee-rule-form] button[type=submit]")
	if row := ops.text(`[data-rule="` + p.Name + `"]`); !strings.Contains(row, "10%") {
		t.Fatalf("fee rule not listed: %q", ops.text("[data-fee-rules]"))
	}

	bought, err := h.svc.orders.Purchase(ctx, buyer, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}

	// 3 December 2026 is a Thursday: November's bill day.
	h.Clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, h.cfg.Location))
	ops.open("/ops/settlement")
	ops.fill("#f-period", "2026-11")
	ops.submit("[data-run]")
	if ops.text(`[data-run-period="2026-11"]`) == "" || ops.text("[data-statements]") == "" {
		t.Fatalf("after the run: %q", ops.text("main"))
	}

	s := h.browser(t, "zh-CN")
	s.login(seller.Name, "Passw0rd!x")
	s.open("/seller/settlement/transactions")
	if row := s.text(`[data-tx="` + waiting.Number + `"]`); !strings.Contains(row, "待出账") || !strings.Contains(row, "服务监管未完成") {
		t.Fatalf("the order in supervision: %q", row)
	}
	if row := s.text(`[data-tx="` + bought.Number + `"]`); !strings.Contains(row, "已出账") {
		t.Fatalf("the billed order: %q", row)
	}
	s.submit(`[data-tx="` + bought.Number + `"] .small a`)
	statement := s.path()
	if got := s.text("[data-statement-share]"); got != "¥179.10" {
		t.Fatalf("share of ¥199.00 at 10 %%: %q", got)
	}

	ops.open(strings.Replace(statement, "/seller/", "/ops/", 1))
	ops.submit("[data-send]")
	ops.submit("[data-requisition-raise]")
	if ops.text("[data-requisition]") == "" {
		t.Fatalf("no requisition: %q", ops.text("main"))
	}

	invoice := filepath.Join(t.TempDir(), "invoice.pdf")
	if err := os.WriteFile(invoice, []byte(pdf), 0o600); err != nil {
		t.Fatal(err)
	}
	s.open(statement)
	s.fill("#f-invoice_no", "04400123")
	s.fill("#f-total", "179.00")
	s.fill("#f-date", "2026-12-03")
	s.run(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{invoice}))
	s.submit("[data-submit-invoice]")
	if alert := s.text(".alert"); !strings.Contains(alert, "相差 ¥0.10") || !strings.Contains(alert, "¥179.10") {
		t.Fatalf("wrong total: %q", alert)
	}
	if got := s.text(`[data-statement-detail] [data-status]`); got != "待开票" {
		t.Fatalf("status after a refused invoice: %q", got)
	}
	s.fill("#f-total", "179.10")
	s.run(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{invoice}))
	s.submit("[data-submit-invoice]")
	if got := s.text(`[data-statement-detail] [data-status]`); got != "发票审核" || !strings.Contains(s.text("[data-invoice]"), "04400123") {
		t.Fatalf("after the right invoice: %q %q", got, s.text("main"))
	}

	ops.open("/ops/settlement")
	ops.fill("#f-period", "2026-11")
	ops.submit("[data-verify]")
	if got := get(ops, chromedp.AttributeValue(chromedp.CSS("[data-verify-result]"), "data-verify-result")).Value; got != "true" {
		t.Fatalf("re-run: %q", ops.text("[data-verify-result]"))
	}
}
