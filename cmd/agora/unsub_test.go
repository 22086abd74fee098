package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/order/ordertest"
	"agora/internal/platform/i18n"
	"agora/internal/platform/money"
	"agora/internal/supervision"
	"agora/internal/unsub"
	"agora/web/locales"
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

// TestUnsubOperationsConsole: a request the seller leaves unanswered reaches
// operations' queue with their clock; the seller can no longer review it; the
// reviewer reads the request and the order's merged evidence (unsubscription
// steps included, also on the buyer's order page), is refused a refund above
// what was paid, and approves a partial refund once.
func TestUnsubOperationsConsole(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, o := supervisedOrder(t, h, "unsubops", catalog.TypeManual)
	r, err := h.svc.unsub.Apply(ctx, buyer, o.ID, unsub.ApplyInput{Amount: money.Input(o.Amount), Reason: "服务商一直联系不上", ShowPhone: true})
	if err != nil {
		t.Fatal(err)
	}
	rev := h.account("unsubops-rev", account.OpsReviewer)
	oc := h.client()
	oc.login(rev.Name, "Passw0rd!x")
	if p := oc.get("/ops/unsubscriptions"); p.Status != http.StatusOK || p.Doc.Find("[data-empty]").Length() != 1 {
		t.Fatalf("queue before the deadline: %d %q", p.Status, text(p, "main"))
	}
	if p := oc.get("/ops/unsubscriptions?view=all"); p.Doc.Find(`[data-unsub="`+r.Number+`"]`).Length() != 1 {
		t.Fatalf("all requests: %q", text(p, "main"))
	}
	h.Clock.Set(*r.DueAt)
	if n := ordertest.Run[unsub.EscalateArgs](t, h.svc.store.Pool, &unsub.EscalateWorker{Unsub: h.svc.unsub}); n != 1 {
		t.Fatalf("escalated %d", n)
	}
	q := oc.get("/ops/unsubscriptions")
	link := attr(q, `[data-unsub="`+r.Number+`"] [data-unsub-link]`, "href")
	if link == "" || q.Doc.Find(`[data-unsub="`+r.Number+`"] .sla`).Length() != 1 || text(q, "[data-unsub-summary]") == "" {
		t.Fatalf("queue: %q", text(q, "main"))
	}
	sc := h.client()
	sc.login(seller.Name, "Passw0rd!x")
	if p := sc.get("/seller/unsubscriptions/" + r.ID.String()); p.Doc.Find("[data-unsub-review]").Length() != 0 {
		t.Fatal("the seller may still review an escalated request")
	}
	d := oc.get(link)
	if d.Status != http.StatusOK || text(d, "[data-buyer-phone]") != "13800138000" || d.Doc.Find("[data-unsub-decide]").Length() != 1 ||
		d.Doc.Find(`[data-timeline] [data-kind="unsubscription"]`).Length() != 2 {
		t.Fatalf("detail: %d %q", d.Status, text(d, "main"))
	}
	if z := oc.get(link + "/evidence.zip"); z.Status != http.StatusOK {
		t.Fatalf("evidence ZIP: %d", z.Status)
	}
	bad := oc.post(link, url.Values{"amount": {money.Input(o.Amount + 1)}, "opinion": {"商家逾期未处理，同意退款。"}, "decision": {"approve"}})
	if bad.Status != http.StatusUnprocessableEntity || bad.Doc.Find(`.field-error[data-field="amount"]`).Length() != 1 {
		t.Fatalf("refund above the payment: %d", bad.Status)
	}
	before, _ := h.svc.orders.Balance(ctx, buyer.ID)
	half := o.Amount / 2
	ok := oc.post(link, url.Values{"amount": {money.Input(half)}, "opinion": {"商家逾期未处理，同意部分退款。"}, "decision": {"approve"}})
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %q", ok.Status, text(ok, ".alert, .field-error"))
	}
	again := oc.post(link, url.Values{"amount": {money.Input(half)}, "opinion": {"商家逾期未处理，同意部分退款。"}, "decision": {"approve"}})
	if again.Status != http.StatusConflict || again.Doc.Find("[data-alert]").Length() != 1 {
		t.Fatalf("second approval: %d", again.Status)
	}
	if after, _ := h.svc.orders.Balance(ctx, buyer.ID); after-before != half {
		t.Fatalf("refunded %d fen, want %d once", after-before, half)
	}
	bc := h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	bp := bc.get("/buyer/orders/" + o.ID.String())
	if !strings.Contains(text(bp, "[data-unsub-box]"), money.Format(half)) {
		t.Fatalf("buyer's order page: %q", text(bp, "[data-unsub-box]"))
	}
	lang, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	if tl := bp.Doc.Find(".timeline").Text(); !strings.Contains(tl, lang.For("en", time.UTC).T("event.unsubscription.escalate")) {
		t.Fatalf("the order's timeline lacks the unsubscription steps: %q", tl)
	}
	if p := bc.get(link); p.Status != http.StatusForbidden && p.Status != http.StatusNotFound {
		t.Errorf("a buyer on the console: %d", p.Status)
	}
}

// hardwareSigned ships a hardware order and has the courier show it signed
// for with the buyer's phone.
func hardwareSigned(t *testing.T, h *harness, prefix string) (account.Account, account.Account, order.Order) {
	t.Helper()
	ctx := context.Background()
	seller, buyer, o := supervisedOrder(t, h, prefix, catalog.TypeHardware)
	proof := arbUpload(t, h, seller, "发货单.pdf")
	waybill := "SF" + o.Number[2:14]
	if _, err := h.svc.supervision.Deliver(ctx, seller, o.ID, supervision.DeliverInput{Courier: "顺丰速运", Waybill: waybill,
		WaybillPhone: "13800138000", Files: []string{proof.ID.String()}}); err != nil {
		t.Fatal(err)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if _, err := h.svc.supervision.RecordSigned(ctx, h.account(prefix+"-courier", account.OpsReviewer), supervision.SignInput{
		Courier: "顺丰速运", Waybill: waybill, Phone: "13800138000", At: h.Clock.Now().Add(-time.Hour).In(sh).Format("2006-01-02T15:04")}); err != nil {
		t.Fatal(err)
	}
	return seller, buyer, o
}

// TestUnsubHardwareReturnThroughPages: received hardware is returned from the
// order page with a waybill; both parties see the 15-day clock; the seller's
// refused review keeps the uploaded photo, which the problem report then
// carries; the buyer is told to appeal.
func TestUnsubHardwareReturnThroughPages(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := hardwareSigned(t, h, "unsubret")
	bc, sc := h.client(), h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	sc.login(seller.Name, "Passw0rd!x")
	bpath := "/buyer/orders/" + o.ID.String()
	if p := bc.get(bpath); p.Doc.Find("[data-unsub-return-form]").Length() != 1 {
		t.Fatalf("no return form: %q", text(p, "[data-unsub-box]"))
	}
	bad := bc.post(bpath+"/unsubscribe/return", url.Values{"courier": {"顺丰速运"}, "waybill": {"12"}, "reason": {"设备无法开机"}})
	if bad.Status != http.StatusUnprocessableEntity || bad.Doc.Find(`.field-error[data-field="waybill"]`).Length() != 1 ||
		attr(bad, `input[name="courier"]`, "value") != "顺丰速运" {
		t.Fatalf("bad waybill: %d", bad.Status)
	}
	ok := bc.post(bpath+"/unsubscribe/return", url.Values{"courier": {"顺丰速运"}, "waybill": {"sf9876543210"}, "reason": {"设备无法开机"}})
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("return: %d %q", ok.Status, text(ok, ".alert, .field-error"))
	}
	if p := bc.get(bpath); p.Doc.Find(`[data-unsub-clock="returning"] .sla`).Length() != 1 || !strings.Contains(text(p, "[data-unsub-waybill]"), "SF9876543210") {
		t.Fatalf("buyer after the return: %q", text(p, "[data-unsub-box]"))
	}
	list := sc.get("/seller/unsubscriptions?status=returning")
	link := attr(list, "[data-unsub-list] a", "href")
	if link == "" || list.Doc.Find("[data-unsub-list] .sla").Length() != 1 {
		t.Fatalf("seller's list: %q", text(list, "main"))
	}
	d := sc.get(link)
	if !strings.Contains(text(d, "[data-unsub-waybill]"), "SF9876543210") || d.Doc.Find("[data-unsub-approve]").Length() != 1 {
		t.Fatalf("seller's review page: %q", text(d, "main"))
	}
	short := sc.postMultipart(link, map[string]string{"opinion": "破", "decision": "reject"}, map[string][2]string{"files": {"退货照片.pdf", pdf}})
	kept := attr(short, `input[name="kept_files"]`, "value")
	if short.Status != http.StatusUnprocessableEntity || kept == "" || !strings.Contains(text(short, "[data-kept-files]"), "退货照片.pdf") {
		t.Fatalf("refused review: %d, kept %q", short.Status, kept)
	}
	done := sc.postMultipart(link, map[string]string{"opinion": "退回设备外壳破损，验收异常。", "decision": "reject", "kept_files": kept}, nil)
	if done.Status != http.StatusSeeOther {
		t.Fatalf("problem: %d %q", done.Status, text(done, ".alert, .field-error"))
	}
	if p := sc.get(link); p.Doc.Find(".timeline a.attachment").Length() != 1 || p.Doc.Find(`[data-status="rejected"]`).Length() == 0 {
		t.Fatalf("after the problem: %q", text(p, "main"))
	}
	p := bc.get(bpath)
	if text(p, "[data-unsub-next]") == "" || p.Doc.Find(".timeline a.attachment").Length() < 1 {
		t.Fatalf("buyer after the problem: %q", text(p, "[data-unsub-box]"))
	}
}

// TestUnsubCatalogKeys: the keys the unsubscription pages build from data
// are in both catalogs.
func TestUnsubCatalogKeys(t *testing.T) {
	b, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, st := range lifecycle.Unsubscription.States[1:] {
		keys = append(keys, "status.unsubscription."+string(st), "status.unsub."+string(st))
	}
	for _, topic := range []string{"unsub_return_applied", "unsub_return_accepted", "unsub_return_problem", "unsub_return_auto"} {
		keys = append(keys, "inbox."+topic+".subject", "inbox."+topic+".body")
	}
	keys = append(keys, "arbitration.kind.unsubscription", "event.supervision.return_held", "event.supervision.return_disputed")
	for _, k := range keys {
		if !b.Has("en", k) || !b.Has("zh-CN", k) {
			t.Errorf("key %q is missing from a catalog", k)
		}
	}
}

// TestUnsubSeedDemo: the demo buyer has unsubscriptions in every state and of
// every kind, and seeding again adds none.
func TestUnsubSeedDemo(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if err := seedDemo(ctx, h.svc, h.Clock); err != nil {
		t.Fatal(err)
	}
	buyer, err := h.svc.accounts.FindByName(ctx, "buyer")
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := h.svc.unsub.BuyerRequests(ctx, buyer.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range list {
		seen[string(r.Status)]++
		seen[r.Kind]++
		seen[r.Rule]++
	}
	for _, want := range []string{"pending", "escalated", "approved", "rejected", "withdrawn", "returning", "negotiated", "standard", "return",
		unsub.RuleFiveDay, unsub.RuleProRata} {
		if seen[want] == 0 {
			t.Errorf("no demo unsubscription %q: %v", want, seen)
		}
	}
	if err := seedDemo(ctx, h.svc, h.Clock); err != nil {
		t.Fatal(err)
	}
	if again, _, _ := h.svc.unsub.BuyerRequests(ctx, buyer.ID, 1); len(again) != len(list) {
		t.Fatalf("seeding again: %d requests, then %d", len(list), len(again))
	}
}
