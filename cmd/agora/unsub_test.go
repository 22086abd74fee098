package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/unsub"
)

// TestUnsubThroughPages: the buyer applies for a negotiated unsubscription on
// the order page, the seller finds it in after-sales with the clock, sees the
// consented phone, approves with an attachment, and the buyer's balance grows
// by the agreed amount; the buyer reads the seller's opinion. Another seller's
// request answers 404.
func TestUnsubThroughPages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, o := supervisedOrder(t, h, "unsubflow", catalog.TypeManual)
	bc, sc := h.client(), h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	sc.login(seller.Name, "Passw0rd!x")
	bpath := "/buyer/orders/" + o.ID.String()

	page := bc.get(bpath)
	if page.Doc.Find("[data-unsub-form]").Length() != 1 {
		t.Fatalf("no unsubscribe form on the order page: %q", text(page, "[data-unsub-box]"))
	}
	bad := bc.post(bpath+"/unsubscribe", url.Values{"amount": {"99999"}, "reason": {"短"}})
	if bad.Status != http.StatusUnprocessableEntity || bad.Doc.Find(`.field-error[data-field="reason"]`).Length() != 1 {
		t.Fatalf("bad request: %d", bad.Status)
	}
	ok := bc.post(bpath+"/unsubscribe", url.Values{"amount": {"50.00"}, "reason": {"服务商迟迟没有开始实施"}, "show_phone": {"1"}})
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("apply: %d %q", ok.Status, ok.Doc.Find(".alert, .field-error").Text())
	}
	if p := bc.get(bpath); p.Doc.Find(`[data-unsub-box] [data-status="pending"]`).Length() != 1 || p.Doc.Find("[data-unsub-withdraw]").Length() != 1 {
		t.Fatalf("buyer after applying: %q", text(p, "[data-unsub-box]"))
	}

	list := sc.get("/seller/unsubscriptions")
	link := attr(list, "[data-unsub-list] a", "href")
	if list.Status != http.StatusOK || link == "" || list.Doc.Find("[data-unsub-list] .sla").Length() != 1 {
		t.Fatalf("seller's list: %d %q", list.Status, text(list, "[data-unsub-list]"))
	}
	detail := sc.get(link)
	if text(detail, "[data-buyer-phone]") != "13800138000" {
		t.Fatalf("consented phone not shown: %q", text(detail, "[data-buyer-phone]"))
	}
	other := h.client()
	other.login(readySeller(t, h, "unsubflow-o", "unsubflow-o 有限公司").Name, "Passw0rd!x")
	if p := other.get(link); p.Status != http.StatusNotFound {
		t.Errorf("another seller's view: %d", p.Status)
	}
	if p := other.postMultipart(link, map[string]string{"opinion": "同意退款给买家", "decision": "approve"}, nil); p.Status != http.StatusNotFound {
		t.Errorf("another seller approving: %d", p.Status)
	}

	before, _ := h.svc.orders.Balance(ctx, buyer.ID)
	short := sc.postMultipart(link, map[string]string{"opinion": "好", "decision": "approve"}, nil)
	if short.Status != http.StatusUnprocessableEntity || short.Doc.Find(`.field-error[data-field="opinion"]`).Length() != 1 {
		t.Fatalf("short opinion: %d", short.Status)
	}
	done := sc.postMultipart(link, map[string]string{"opinion": "已与买家电话沟通，同意退款 50 元。", "decision": "approve"},
		map[string][2]string{"files": {"沟通记录.pdf", pdf}})
	if done.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %q", done.Status, done.Doc.Find(".alert, .field-error").Text())
	}
	after, _ := h.svc.orders.Balance(ctx, buyer.ID)
	if after-before != 5000 {
		t.Fatalf("balance grew by %d fen, want 5000", after-before)
	}
	if got, _ := h.svc.orders.BuyerOrder(ctx, buyer.ID, o.ID); got.Status != lifecycle.OrderUnsubscribed {
		t.Fatalf("order %s", got.Status)
	}
	if p := sc.get(link); p.Doc.Find(`[data-status="approved"]`).Length() == 0 || p.Doc.Find(".timeline a.attachment").Length() != 1 {
		t.Fatalf("seller after approving: %q", text(p, "[data-unsub-detail]"))
	}
	p := bc.get(bpath)
	if !strings.Contains(text(p, "[data-unsub-opinion]"), "同意退款 50 元") {
		t.Fatalf("buyer does not see the opinion: %q", text(p, "[data-unsub-box]"))
	}
	if l := bc.get("/buyer/unsubscriptions"); l.Doc.Find(`[data-unsub-list] [data-status="approved"]`).Length() != 1 {
		t.Fatalf("buyer's list: %q", text(l, "[data-unsub-list]"))
	}
	if q, err := h.svc.unsub.Quote(ctx, buyer.ID, o.ID); err != nil || q.Possible() {
		t.Fatalf("an unsubscribed order is quoted again: %+v %v", q, err)
	}
	if p := bc.get(bpath); text(p, "[data-unsub-why]") == "" {
		t.Fatalf("no reason shown once unsubscribed: %q", text(p, "[data-unsub-box]"))
	}
	_ = unsub.FiveDayQuota
}
