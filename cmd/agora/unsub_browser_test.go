package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/order/ordertest"
	"agora/internal/platform/money"
	"agora/internal/unsub"
)

// Unsubscriptions in the browser: the buyer applies on the order page, the
// seller reviews in after-sales, timers run through their real workers after
// the harness clock is moved.

func balanceOf(t *testing.T, h *harness, a account.Account) money.Fen {
	t.Helper()
	b, err := h.svc.orders.Balance(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// applyInBrowser fills the negotiated form on the buyer's order page.
func applyInBrowser(t *testing.T, b *browser, path, amount, reason string) {
	t.Helper()
	b.open(path)
	b.fill(`[data-unsub-form] [name="amount"]`, amount)
	b.fill(`[data-unsub-form] [name="reason"]`, reason)
	b.submit("[data-unsub-apply]")
	if !b.has(`[data-unsub-box] [data-status="pending"]`) || !b.has(`[data-unsub-clock="pending"] .sla`) {
		t.Fatalf("after applying: %q", b.text("[data-unsub-box]"))
	}
}

// reviewInBrowser opens the seller's only request and decides it.
func reviewInBrowser(t *testing.T, s *browser, opinion, button string, files ...string) {
	t.Helper()
	s.open("/seller/unsubscriptions")
	s.submit("[data-unsub-list] a")
	s.fill(`[data-unsub-review] [name="opinion"]`, opinion)
	if len(files) > 0 {
		s.run(chromedp.SetUploadFiles(chromedp.CSS(`[data-unsub-review] input[type="file"]`), files))
	}
	s.submit(button)
	if !s.has(".alert-success") {
		t.Fatalf("review did not go through: %q", s.text("main"))
	}
}

// TestUnsubNegotiatedApprovedInBrowser: the buyer asks for part of the price
// back; the seller approves with the agreed confirmation attached; the
// buyer's balance grows by that amount and the buyer downloads the file.
func TestUnsubNegotiatedApprovedInBrowser(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := supervisedOrder(t, h, "brunsub", catalog.TypeManual)
	b := h.browser(t, "zh-CN")
	b.login(buyer.Name, "Passw0rd!x")
	path := "/buyer/orders/" + o.ID.String()
	half := o.Amount / 2
	applyInBrowser(t, b, path, money.Input(half), "服务商迟迟没有开始实施，协商退一半。")

	before := balanceOf(t, h, buyer)
	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")
	reviewInBrowser(t, s, "Agreed by phone: half of the price is refunded.", "[data-unsub-approve]",
		flowFile(t, "协商确认书.pdf", []byte(pdf)))
	if !s.has(`[data-unsub-detail] [data-status="approved"]`) || !s.has(".timeline a.attachment") {
		t.Fatalf("seller after approving: %q", s.text("main"))
	}
	if got := balanceOf(t, h, buyer) - before; got != half {
		t.Fatalf("refunded %d, want %d", got, half)
	}
	b.open(path)
	if !strings.Contains(b.text("[data-unsub-opinion]"), "half of the price") || b.attr(".timeline a.attachment", "href") == "" ||
		b.text(`[data-order-facts] [data-status]`) != "已退订" {
		t.Fatalf("buyer after approval: %q / %q", b.text("[data-unsub-box]"), b.text("[data-order-facts]"))
	}
}

// TestUnsubRejectedThenAppealInBrowser: the seller rejects; the buyer reads
// the opinion and what to do next, and appeals in service supervision.
func TestUnsubRejectedThenAppealInBrowser(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := supervisedOrder(t, h, "brunrej", catalog.TypeManual)
	b := h.browser(t, "en")
	b.login(buyer.Name, "Passw0rd!x")
	path := "/buyer/orders/" + o.ID.String()
	applyInBrowser(t, b, path, money.Input(o.Amount), "The seller never started the work.")
	s := h.browser(t, "zh-CN")
	s.login(seller.Name, "Passw0rd!x")
	reviewInBrowser(t, s, "需求已确认并开始实施，不同意全额退款。", "[data-unsub-reject]")

	b.open(path)
	if !b.has(`[data-unsub-box] [data-status="rejected"]`) || b.text("[data-unsub-next]") == "" ||
		!strings.Contains(b.text("[data-unsub-opinion]"), "不同意全额退款") {
		t.Fatalf("buyer after rejection: %q", b.text("[data-unsub-box]"))
	}
	b.run(chromedp.Click(chromedp.CSS(".sup-appeal-new summary")))
	b.step("appeal", map[string]string{"reason": "The seller rejected my unsubscription without doing any work.", "demands": "Full refund."})
	if b.attr("[data-appeal]", "data-appeal-status") != "open" || !b.has("[data-supervision][data-frozen]") {
		t.Fatalf("appeal: %q", b.text("[data-supervision]"))
	}
}

// unsubSaaSOrder has a new buyer buy a monthly SaaS product (¥199, instant).
func unsubSaaSOrder(t *testing.T, h *harness, prefix string) (account.Account, order.Order) {
	t.Helper()
	seller := readySeller(t, h, prefix+"-s", prefix+" 科技有限公司")
	p := releaseProduct(t, h, seller, h.account(prefix+"-ops", account.OpsReviewer), prefix+" 云SaaS版")
	buyer := h.account(prefix+"-b", "")
	fund(t, h, buyer, "1000")
	o, err := h.svc.orders.Purchase(context.Background(), buyer, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com", Address: "浙江省杭州市西湖区文三路 100 号",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	return buyer, o
}

// TestUnsubFiveDayRefundInBrowser: within five days the page offers the full
// refund and shows the year's quota; one click refunds it.
func TestUnsubFiveDayRefundInBrowser(t *testing.T) {
	h := newHarness(t)
	buyer, o := unsubSaaSOrder(t, h, "brfive")
	h.Clock.Advance(3 * 24 * time.Hour)
	b := h.browser(t, "zh-CN")
	b.login(buyer.Name, "Passw0rd!x")
	b.open("/buyer/orders/" + o.ID.String())
	if b.attr("[data-unsub-quote]", "data-unsub-quote") != unsub.RuleFiveDay || !strings.Contains(b.text("[data-unsub-quota]"), "5") {
		t.Fatalf("quote: %q", b.text("[data-unsub-box]"))
	}
	before := balanceOf(t, h, buyer)
	b.submit("[data-unsub-standard]")
	if !b.has(".alert-success") || !b.has(`[data-unsub-box] [data-status="approved"]`) {
		t.Fatalf("after the refund: %q", b.text("main"))
	}
	if got := balanceOf(t, h, buyer) - before; got != o.Amount {
		t.Fatalf("refunded %d, want the full %d", got, o.Amount)
	}
	b.open("/buyer/unsubscriptions")
	if !b.has(`[data-unsub-list] [data-status="approved"]`) {
		t.Fatalf("list: %q", b.text("main"))
	}
}

// TestUnsubProRataRefundInBrowser: ten days into a 30-day month, the unused
// 19 whole days are refunded.
func TestUnsubProRataRefundInBrowser(t *testing.T) {
	h := newHarness(t)
	buyer, o := unsubSaaSOrder(t, h, "brprorata")
	h.Clock.Advance(10*24*time.Hour + time.Hour)
	want, unused, total := unsub.ProRata(o.Amount, *o.ServiceStart, *o.ServiceEnd, h.Clock.Now())
	if unused != 19 || total != 30 {
		t.Fatalf("period: %d of %d", unused, total)
	}
	b := h.browser(t, "en")
	b.login(buyer.Name, "Passw0rd!x")
	b.open("/buyer/orders/" + o.ID.String())
	if b.attr("[data-unsub-quote]", "data-unsub-quote") != unsub.RuleProRata || !strings.Contains(b.text("[data-unsub-quote]"), money.Format(want)) {
		t.Fatalf("quote: %q", b.text("[data-unsub-box]"))
	}
	before := balanceOf(t, h, buyer)
	b.submit("[data-unsub-standard]")
	if !b.has(".alert-success") {
		t.Fatalf("after the refund: %q", b.text("main"))
	}
	if got := balanceOf(t, h, buyer) - before; got != want {
		t.Fatalf("refunded %d, want %d", got, want)
	}
	if got, _ := h.svc.orders.BuyerOrder(context.Background(), buyer.ID, o.ID); got.Status != lifecycle.OrderUnsubscribed {
		t.Fatalf("order %s", got.Status)
	}
}

// TestUnsubHardwareReturnAutoAcceptedInBrowser: received hardware goes back
// with a waybill; both parties see the 15-day clock; the seller does nothing
// and after 15 days the timer accepts the return and refunds the buyer.
func TestUnsubHardwareReturnAutoAcceptedInBrowser(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := hardwareSigned(t, h, "brreturn")
	b := h.browser(t, "zh-CN")
	b.login(buyer.Name, "Passw0rd!x")
	path := "/buyer/orders/" + o.ID.String()
	b.open(path)
	b.fill(`[data-unsub-return-form] [name="courier"]`, "顺丰速运")
	b.fill(`[data-unsub-return-form] [name="waybill"]`, "SF5550001112")
	b.fill(`[data-unsub-return-form] [name="reason"]`, "设备无法开机，已原包装寄回。")
	b.submit("[data-unsub-return]")
	if !b.has(`[data-unsub-clock="returning"] .sla`) || !strings.Contains(b.text("[data-unsub-waybill]"), "SF5550001112") {
		t.Fatalf("buyer after the return: %q", b.text("[data-unsub-box]"))
	}
	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")
	s.open("/seller/unsubscriptions")
	if !s.has("[data-unsub-list] .sla") {
		t.Fatalf("seller's list: %q", s.text("main"))
	}
	before := balanceOf(t, h, buyer)
	worker := &unsub.ReturnWorker{Unsub: h.svc.unsub}
	h.Clock.Advance(unsub.ReturnWindow - time.Minute)
	if n := ordertest.Run[unsub.ReturnArgs](t, h.svc.store.Pool, worker); n != 0 {
		t.Fatalf("accepted %d early", n)
	}
	h.Clock.Advance(time.Minute)
	if n := ordertest.Run[unsub.ReturnArgs](t, h.svc.store.Pool, worker); n != 1 {
		t.Fatalf("return timer ran %d", n)
	}
	if got := balanceOf(t, h, buyer) - before; got != o.Amount {
		t.Fatalf("refunded %d, want %d", got, o.Amount)
	}
	b.open(path)
	if !b.has(`[data-unsub-box] [data-status="approved"]`) || b.text(`[data-order-facts] [data-status]`) != "已退订" {
		t.Fatalf("buyer after 15 days: %q", b.text("[data-unsub-box]"))
	}
	s.open("/seller/unsubscriptions?status=approved")
	if !s.has(`[data-unsub-list] [data-status="approved"]`) {
		t.Fatalf("seller after 15 days: %q", s.text("main"))
	}
}
