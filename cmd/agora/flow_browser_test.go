package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/export/exporttest"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/order/ordertest"
	"agora/internal/platform/money"
	"agora/internal/supervision"
)

// The supervision flows end to end in real Chromium, each party in its own
// browser: buyer, seller and an operations reviewer click the order pages,
// the arbitration console and the courier tracker. Timers run through their
// real workers after the harness clock is moved; nothing sleeps for the app.

// flowFile writes body to a file called name for an upload input.
func flowFile(t *testing.T, name string, body []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// step fills a supervision step's form (scoped by its data-step, since the
// panel's forms share field names), attaches files and sends it; it returns
// when the page the step leads to has loaded and insists that it succeeded.
func (b *browser) step(step string, fields map[string]string, files ...string) {
	b.t.Helper()
	scope := `[data-step="` + step + `"] `
	for name, v := range fields {
		b.fill(scope+`[name="`+name+`"]`, v)
	}
	if len(files) > 0 {
		b.run(chromedp.SetUploadFiles(chromedp.CSS(scope+`input[type="file"]`), files))
	}
	b.submit(scope + `button[type="submit"]`)
	if n := countNodes(b, ".alert-success"); n != 1 {
		b.t.Fatalf("step %s at %s did not go through: %q", step, b.path(), b.text("main"))
	}
}

// has reports whether sel matches anything on the page.
func (b *browser) has(sel string) bool { return countNodes(b, sel) > 0 }

// fetched is a response the page's own fetch() received, with its cookies.
type fetched struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Body        string `json:"body"` // base64
}

// fetch GETs path from the page as a link would (same origin, the session's
// cookies) and returns the response with its bytes.
func (b *browser) fetch(path string) (fetched, []byte) {
	b.t.Helper()
	f := get(b, chromedp.Evaluate[fetched](`fetch(`+jsString(path)+`, {credentials: "same-origin"}).then(async r => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
		return {status: r.status, type: r.headers.get("Content-Type") || "", disposition: r.headers.get("Content-Disposition") || "", body: btoa(s)};
	})`, chromedp.EvalAwaitPromise))
	body, err := base64.StdEncoding.DecodeString(f.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return f, body
}

// waitFor polls the page until the JavaScript predicate holds.
func (b *browser) waitFor(what, predicate string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](predicate, chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		b.t.Fatalf("waiting for %s: %v (page: %q)", what, err, b.text("main"))
	}
}

// strayLabels lists the supervision panel's labels that do not name a field
// of their own form (a label whose id another form's field also has, or none).
func (b *browser) strayLabels() []string {
	b.t.Helper()
	return get(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('[data-supervision] form label'), l => {
		const f = l.htmlFor ? document.getElementById(l.htmlFor) : l.querySelector('input, textarea, select');
		const ok = f && f.form === l.closest('form') && document.querySelectorAll('[id="' + l.htmlFor + '"]').length <= 1;
		return ok ? "" : l.closest('form').dataset.step + ": " + l.textContent.trim();
	}).filter(Boolean)`))
}

// timeline is the events of the order page's history, oldest first.
func (b *browser) timeline() []string {
	b.t.Helper()
	return b.texts(".timeline-item .timeline-what strong")
}

// isSubsequence reports whether want appears in got in order (other events may sit between).
func isSubsequence(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

// TestStandardFlowInBrowser: a manual-service order from requirements to
// acceptance with both rejection loops — the seller returns the buyer's first
// requirements with a reason, the buyer rejects the first delivery with a
// reason — then both pages show it completed, the history has every step with
// its reason and files, and the seller downloads the buyer's file.
func TestStandardFlowInBrowser(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, o := supervisedOrder(t, h, "brstd", catalog.TypeManual)
	spec := []byte(pdf + "% 需求说明: 20 名员工\n")
	specFile := flowFile(t, "需求说明.pdf", spec)
	proof1 := flowFile(t, "部署记录.pdf", []byte(pdf))
	proof2 := flowFile(t, "验收报告.pdf", []byte(pdf+"% v2\n"))
	bpath, spath := "/buyer/orders/"+o.ID.String(), "/seller/orders/"+o.ID.String()

	b := h.browser(t, "en")
	b.login(buyer.Name, "Passw0rd!x")
	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")

	b.open(bpath)
	if b.attr("[data-waiting]", "data-waiting") != "buyer" || !b.has(`[data-step="submit_requirements"]`) {
		t.Fatalf("buyer's first view: %q", b.text("[data-supervision]"))
	}
	b.step("submit_requirements", map[string]string{"text": "请为 20 名员工部署协同办公系统。"}, specFile)

	// The seller reads the requirements and returns them with a reason.
	h.Clock.Advance(time.Hour)
	s.open(spath)
	if !strings.Contains(s.text("[data-requirements]"), "20 名员工") || s.attr("[data-waiting]", "data-waiting") != "seller" {
		t.Fatalf("seller after the requirements: %q", s.text("[data-supervision]"))
	}
	if stray := s.strayLabels(); len(stray) > 0 {
		t.Errorf("labels naming another form's field: %q", stray)
	}
	s.step("return_requirements", map[string]string{"reason": "请注明部署在公有云还是本地机房。"})
	if s.attr("[data-supervision]", "data-supervision") != "requirements" || s.has("[data-step]:not([data-step=appeal])") {
		t.Fatalf("seller after returning: %q", s.text("[data-supervision]"))
	}

	// The buyer sees it back, with the seller's reason, and sends it again.
	h.Clock.Advance(time.Hour)
	b.open(bpath)
	if !b.has(`[data-step="submit_requirements"]`) || !slices.Contains(b.texts(".timeline-reason"), "请注明部署在公有云还是本地机房。") {
		t.Fatalf("buyer after the return: %q", b.text("main"))
	}
	// What the buyer wrote comes back to be edited, not typed again.
	if got := b.value(`[data-step="submit_requirements"] textarea[name="text"]`); got != "请为 20 名员工部署协同办公系统。" {
		t.Errorf("returned requirements to edit: %q", got)
	}
	b.step("submit_requirements", map[string]string{"text": "请为 20 名员工在公有云上部署协同办公系统。"})

	h.Clock.Advance(time.Hour)
	s.open(spath)
	if got := s.text("[data-requirements]"); !strings.Contains(got, "公有云") {
		t.Fatalf("seller sees the old requirements: %q", got)
	}
	s.step("confirm_requirements", map[string]string{"note": "已确认，下周一开始实施。"})

	// Delivery needs a proof: without one the page says so and keeps the note.
	h.Clock.Advance(time.Hour)
	s.fill(`[data-step="deliver"] textarea[name="note"]`, "系统已部署。")
	s.submit(`[data-step="deliver"] button[type="submit"]`)
	if !s.has(`[data-step="deliver"] .field-error[data-field="files"]`) || s.value(`[data-step="deliver"] textarea[name="note"]`) != "系统已部署。" {
		t.Fatalf("delivery without a proof: %q", s.text("[data-supervision]"))
	}
	s.step("deliver", map[string]string{"note": "系统已部署。", "actual_start": "2026-11-19"}, proof1)
	if got := s.text("[data-supervision] .facts"); !strings.Contains(got, "2026-11-19") {
		t.Errorf("actual start not shown: %q", got)
	}

	// The buyer rejects the first delivery with a reason; the seller sees why.
	h.Clock.Advance(time.Hour)
	b.open(bpath)
	if !b.has(`[data-step="accept"]`) || !b.has(`[data-step="reject_delivery"]`) {
		t.Fatalf("buyer at acceptance: %q", b.text("[data-supervision]"))
	}
	if stray := b.strayLabels(); len(stray) > 0 {
		t.Errorf("labels naming another form's field: %q", stray)
	}
	b.step("reject_delivery", map[string]string{"reason": "单点登录尚未配置，无法验收。"})
	h.Clock.Advance(time.Hour)
	s.open(spath)
	if s.attr("[data-supervision]", "data-supervision") != "implementing" || !s.has(`[data-step="deliver"]`) ||
		!slices.Contains(s.texts(".timeline-reason"), "单点登录尚未配置，无法验收。") {
		t.Fatalf("seller after the rejection: %q", s.text("main"))
	}
	s.step("deliver", map[string]string{"note": "单点登录已配置。"}, proof2)

	h.Clock.Advance(time.Hour)
	b.open(bpath)
	b.submit("[data-accept]")
	if n := countNodes(b, ".alert-success"); n != 1 {
		t.Fatalf("accept: %q", b.text("main"))
	}
	s.open(spath)
	for _, p := range []*browser{b, s} {
		if p.attr("[data-supervision]", "data-supervision") != "completed" || !p.has(`[data-order-facts] [data-status="completed"]`) ||
			p.has("[data-step]") || p.attr("[data-waiting]", "data-waiting") != "" {
			t.Errorf("%s after acceptance: %q", p.path(), p.text("main"))
		}
	}
	if got, _ := h.svc.orders.BuyerOrder(ctx, buyer.ID, o.ID); got.Status != lifecycle.OrderCompleted {
		t.Errorf("order is %s", got.Status)
	}

	// The history tells every step in order, each with its reason and files.
	events := s.timeline()
	want := []string{"Supervision started", "Requirements submitted", "Requirements returned", "Requirements submitted",
		"Requirements confirmed", "Delivered", "Delivery rejected", "Delivered", "Accepted"}
	orderEvents := []string{"Order placed", "Paid from balance", "Completed"}
	sup := slices.DeleteFunc(slices.Clone(events), func(e string) bool { return slices.Contains(orderEvents, e) })
	if !slices.Equal(sup, want) || !isSubsequence(events, orderEvents[:2]) || !slices.Contains(events, "Completed") {
		t.Errorf("timeline %q", events)
	}
	if got := s.texts(".timeline a.attachment"); len(got) != 3 || !strings.HasPrefix(got[0], "需求说明.pdf") ||
		!strings.HasPrefix(got[1], "部署记录.pdf") || !strings.HasPrefix(got[2], "验收报告.pdf") {
		t.Errorf("timeline files %q", got)
	}
	// The seller downloads the buyer's file as it was uploaded.
	href := s.attr(".timeline a.attachment", "href")
	res, body := s.fetch(href)
	if res.Status != 200 || !bytes.Equal(body, spec) || !strings.Contains(res.Disposition, "attachment") {
		t.Errorf("seller's download of %s: %d %q %q", href, res.Status, res.Disposition, body)
	}
}

// TestLicenseFlowInBrowser: the seller opens the licence (开通交付) with its
// validity and a proof; the buyer, in Chinese, accepts; the service period
// runs from the actual start.
func TestLicenseFlowInBrowser(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := supervisedOrder(t, h, "brlic", catalog.TypeLicense)
	bpath, spath := "/buyer/orders/"+o.ID.String(), "/seller/orders/"+o.ID.String()

	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")
	s.open(spath)
	if s.attr("[data-supervision]", "data-supervision") != "implementing" || s.has(`[data-step="submit_requirements"], [data-step="confirm_requirements"]`) ||
		!s.has(`[data-step="deliver"] input[name="licence_until"]`) {
		t.Fatalf("seller's licence order: %q", s.text("[data-supervision]"))
	}
	// The licence was in use from the day of payment; acceptance comes days later.
	h.Clock.Advance(3 * 24 * time.Hour)
	s.step("deliver", map[string]string{"licence_until": "2027-11-30", "actual_start": "2026-11-19", "note": "授权码已发送至买家邮箱。"},
		flowFile(t, "授权码截图.pdf", []byte(pdf)))
	if got := s.text("[data-supervision] .facts"); !strings.Contains(got, "2027-11-30") {
		t.Errorf("licence validity not shown: %q", got)
	}

	h.Clock.Advance(2 * time.Hour)
	b := h.browser(t, "zh-CN")
	b.login(buyer.Name, "Passw0rd!x")
	b.open(bpath)
	if got := b.text(`[data-step="accept"] h3`); got != "确认验收" {
		t.Errorf("accept in Chinese: %q", got)
	}
	if !strings.Contains(b.text("[data-supervision] .facts"), "2027-11-30") {
		t.Errorf("buyer does not see the licence validity: %q", b.text("[data-supervision]"))
	}
	b.submit("[data-accept]")
	if b.attr("[data-supervision]", "data-supervision") != "completed" || !b.has(`[data-order-facts] [data-status="completed"]`) {
		t.Fatalf("after acceptance: %q", b.text("main"))
	}
	if got := b.text("[data-service-period]"); !strings.HasPrefix(got, "2026-11-19") {
		t.Errorf("service period %q, want it from the actual start", got)
	}
	s.open(spath)
	if !s.has(`[data-order-facts] [data-status="completed"]`) || !slices.Contains(s.timeline(), "Accepted") {
		t.Errorf("seller after acceptance: %q", s.text("main"))
	}
}

// TestHardwareAutoAcceptanceInBrowser: the seller ships two parcels, one to the
// buyer's phone and one to another; a reviewer records both sign-offs on the
// courier tracker; the first counts down to automatic acceptance, the second
// asks the buyer to accept and the seller to remind them. Nine days on nothing
// happens; on the tenth day the first completes and the second still waits.
func TestHardwareAutoAcceptanceInBrowser(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, first := supervisedOrder(t, h, "brhw", catalog.TypeHardware)
	p, err := h.svc.catalog.MyProduct(ctx, seller.ID, first.ProductID)
	if err != nil {
		t.Fatal(err)
	}
	second, err := h.svc.orders.Purchase(ctx, buyer, p.ID, order.PurchaseInput{SpecID: first.SpecID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com", Address: "浙江省杭州市西湖区文三路 100 号",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	proof := flowFile(t, "发货单.pdf", []byte(pdf))
	waybills := map[string]struct{ id, number, phone string }{
		"first":  {first.ID.String(), "SF1000000001", "138 0013 8000"}, // the buyer's phone, written differently
		"second": {second.ID.String(), "SF1000000002", "13900001111"},
	}

	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")
	for _, k := range []string{"first", "second"} {
		w := waybills[k]
		s.open("/seller/orders/" + w.id)
		if s.has(`[data-step="deliver"] input[name="actual_start"]`) || len(s.strayLabels()) > 0 {
			t.Errorf("hardware delivery form: %q", s.strayLabels())
		}
		s.step("deliver", map[string]string{"courier": "顺丰速运", "waybill": w.number, "waybill_phone": w.phone}, proof)
		if got := s.text("[data-waybill]"); !strings.Contains(got, w.number) {
			t.Errorf("%s order's shipping: %q", k, got)
		}
	}

	// Operations record what the courier shows: signed an hour ago, by the phone on each waybill.
	signed := h.Clock.Now().Add(-time.Hour).Truncate(time.Minute)
	r := h.browser(t, "en")
	r.login(h.account("brhw-courier", account.OpsReviewer).Name, "Passw0rd!x")
	for _, k := range []string{"first", "second"} {
		w := waybills[k]
		r.open("/ops/courier")
		r.fill(`[data-courier-form] input[name="courier"]`, "顺丰速运")
		r.fill(`[data-courier-form] input[name="waybill"]`, w.number)
		r.fill(`[data-courier-form] input[name="phone"]`, w.phone)
		r.fill(`[data-courier-form] input[name="at"]`, signed.In(h.cfg.Location).Format("2006-01-02T15:04"))
		r.submit(`[data-courier-form] button[type="submit"]`)
		if r.attr("[data-applied]", "data-applied") != "1" || r.text(`[data-courier-event="`+w.number+`"] [data-deliveries]`) != "1" {
			t.Fatalf("recording %s: %q", w.number, r.text("main"))
		}
	}

	b := h.browser(t, "en")
	b.login(buyer.Name, "Passw0rd!x")
	b.open("/buyer/orders/" + first.ID.String())
	// Signed 09:00 on the 19th: accepted for the buyer at 09:00 on the 29th.
	if got := b.text("[data-auto-accept]"); !strings.Contains(got, "9 d 23 h") || !strings.Contains(got, "(2026-11-29 09:00)") ||
		!b.has(`[data-step="accept"]`) {
		t.Errorf("first order's clock: %q", got)
	}
	b.open("/buyer/orders/" + second.ID.String())
	if b.has("[data-auto-accept]") || !strings.Contains(b.text("[data-waiting]"), "not to your phone number: please accept the delivery yourself") {
		t.Errorf("second order for the buyer: %q", b.text("[data-waiting]"))
	}
	s.open("/seller/orders/" + second.ID.String())
	if s.has("[data-auto-accept]") || !strings.Contains(s.text("[data-waiting]"), "Remind the buyer to accept.") {
		t.Errorf("second order for the seller: %q", s.text("[data-waiting]"))
	}
	s.open("/seller/messages")
	if got := strings.Join(s.texts("[data-message]"), "\n"); !strings.Contains(got, "Order "+second.Number+": remind the buyer to accept") {
		t.Errorf("seller's inbox: %q", got)
	}

	// Nine days on the timer wakes early and waits; on the tenth day it accepts.
	worker := &supervision.AutoAcceptWorker{Supervision: h.svc.supervision}
	h.Clock.Advance(9 * 24 * time.Hour)
	if n := ordertest.Run[supervision.AutoAcceptArgs](t, h.svc.store.Pool, worker); n != 0 {
		t.Fatalf("%d automatic acceptances after nine days", n)
	}
	b.open("/buyer/orders/" + first.ID.String())
	if got := b.text("[data-auto-accept]"); b.attr("[data-supervision]", "data-supervision") != "acceptance" || !strings.Contains(got, " 23 h ") || strings.Contains(got, " d ") {
		t.Fatalf("first order after nine days: %q", got)
	}
	h.Clock.Advance(24 * time.Hour)
	if n := ordertest.Run[supervision.AutoAcceptArgs](t, h.svc.store.Pool, worker); n != 1 {
		t.Fatalf("%d automatic acceptances after ten days", n)
	}
	b.open("/buyer/orders/" + first.ID.String())
	if b.attr("[data-supervision]", "data-supervision") != "completed" || !b.has(`[data-order-facts] [data-status="completed"]`) ||
		!slices.Contains(b.timeline(), "Accepted automatically") {
		t.Errorf("first order after ten days: %q", b.text("main"))
	}
	b.open("/buyer/orders/" + second.ID.String())
	if b.attr("[data-supervision]", "data-supervision") != "acceptance" || !b.has(`[data-step="accept"]`) ||
		!b.has(`[data-order-facts] [data-status="processing"]`) {
		t.Errorf("second order after ten days: %q", b.text("main"))
	}
	for k, want := range map[string]lifecycle.OrderStatus{"first": lifecycle.OrderCompleted, "second": lifecycle.OrderProcessing} {
		id := first.ID
		if k == "second" {
			id = second.ID
		}
		if got, _ := h.svc.orders.BuyerOrder(ctx, buyer.ID, id); got.Status != want {
			t.Errorf("%s order is %s, want %s", k, got.Status, want)
		}
	}
}

// TestAppealAndArbitrationInBrowser: the buyer appeals at acceptance; both
// pages freeze; a reviewer asks the seller for material, the seller answers
// from the frozen page with a file, and the reviewer ends the order with a
// partial refund that reaches the buyer's balance; both inboxes hear of it.
func TestAppealAndArbitrationInBrowser(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, o := supervisedOrder(t, h, "brarb", catalog.TypeManual)
	arbAtAcceptance(t, h, seller, buyer, o)
	bpath, spath := "/buyer/orders/"+o.ID.String(), "/seller/orders/"+o.ID.String()

	b := h.browser(t, "en")
	b.login(buyer.Name, "Passw0rd!x")
	b.open(bpath)
	if !b.has(`[data-step="accept"]`) {
		t.Fatalf("not at acceptance: %q", b.text("[data-supervision]"))
	}
	b.run(chromedp.Click(chromedp.CSS(".sup-appeal-new summary")))
	b.step("appeal", map[string]string{"reason": "交付的数据迁移缺少 2024 年的订单。", "demands": "按比例退款。"},
		flowFile(t, "问题清单.pdf", []byte(pdf)))
	number := b.attr("[data-appeal]", "data-appeal")

	h.Clock.Advance(time.Hour)
	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")
	s.open(spath)
	for _, p := range []*browser{b, s} {
		if !p.has("[data-supervision][data-frozen]") || p.has("[data-step]") || p.has("[data-accept], .sup-appeal-new") ||
			p.attr("[data-appeal]", "data-appeal-status") != "open" || !strings.Contains(p.text("[data-waiting]"), "frozen") {
			t.Fatalf("%s while frozen: %q", p.path(), p.text("[data-supervision]"))
		}
	}

	// The reviewer finds it in the queue and asks the seller for material.
	r := h.browser(t, "en")
	r.login(h.account("brarb-rev", account.OpsReviewer).Name, "Passw0rd!x")
	r.open("/ops/appeals")
	r.submit(`[data-appeal="` + number + `"] [data-appeal-link]`)
	if r.text("[data-number]") != number || r.attr("[data-node]", "data-node") != "acceptance" || !r.has("[data-frozen-flag]") {
		t.Fatalf("appeal page: %q", r.text("main"))
	}
	appealPath := r.path()
	r.fill(`[data-ask-form] select[name="party"]`, "seller")
	r.fill(`[data-ask-form] textarea[name="note"]`, "请提供数据迁移的完整日志。")
	r.submit(`[data-ask-form] button[type="submit"]`)
	if r.attr("[data-asked]", "data-asked") != "seller" {
		t.Fatalf("after asking: %q", r.text("main"))
	}

	// The seller answers from the frozen order page, with a file.
	h.Clock.Advance(time.Hour)
	s.open(spath)
	if !strings.Contains(s.text("[data-appeal] .alert-info"), "请提供数据迁移的完整日志。") || countNodes(s, "[data-step]") != 1 {
		t.Fatalf("seller asked for material: %q", s.text("[data-supervision]"))
	}
	if stray := s.strayLabels(); len(stray) > 0 {
		t.Errorf("labels naming another form's field: %q", stray)
	}
	s.step("answer", map[string]string{"note": "迁移日志见附件，2024 年订单已在第二批迁移。"}, flowFile(t, "迁移日志.pdf", []byte(pdf)))
	if s.has("[data-step]") || !s.has("[data-supervision][data-frozen]") {
		t.Errorf("seller after answering: %q", s.text("[data-supervision]"))
	}

	// The reviewer sees the answer and its file, and decides: unsubscribe with ¥40 back.
	h.Clock.Advance(time.Hour)
	r.open(appealPath)
	if got := r.texts("[data-timeline] a.attachment"); !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "迁移日志.pdf") }) {
		t.Fatalf("the seller's material is not in the timeline: %q", got)
	}
	before, _ := h.svc.orders.Balance(ctx, buyer.ID)
	r.run(chromedp.Click(chromedp.CSS(`[data-decide-form] input[data-outcome="unsubscribe"]`)))
	r.fill(`[data-decide-form] textarea[name="reasoning"]`, "交付不完整，按已完成比例退款。")
	r.fill(`[data-decide-form] input[name="refund"]`, "40")
	r.submit(`[data-decide-form] button[type="submit"]`)
	if r.attr("[data-decision]", "data-decision") != "unsubscribe" || r.text("[data-decision] [data-refund]") != "¥40.00" {
		t.Fatalf("after deciding: %q", r.text("main"))
	}

	// The buyer's balance has the refund; the order is unsubscribed on both sides.
	b.open("/buyer/balance")
	if got := b.text("[data-balance]"); got != money.Format(before+4000) {
		t.Errorf("balance %q, want %s", got, money.Format(before+4000))
	}
	if got := b.text(`[data-statement] tr[data-kind="refund"]`); !strings.Contains(got, "40.00") || !strings.Contains(got, o.Number) {
		t.Errorf("refund line %q", got)
	}
	b.open(bpath)
	s.open(spath)
	for _, p := range []*browser{b, s} {
		if !p.has(`[data-order-facts] [data-status="unsubscribed"]`) || p.attr("[data-supervision]", "data-supervision") != "unsubscribed" ||
			p.attr("[data-appeal] [data-outcome]", "data-outcome") != "unsubscribe" || !strings.Contains(p.text("[data-appeal]"), "交付不完整") {
			t.Errorf("%s after the decision: %q", p.path(), p.text("main"))
		}
	}
	if got, _ := h.svc.orders.BuyerOrder(ctx, buyer.ID, o.ID); got.Status != lifecycle.OrderUnsubscribed {
		t.Errorf("order is %s", got.Status)
	}
	b.open("/buyer/messages")
	s.open("/seller/messages")
	for _, p := range []*browser{b, s} {
		if got := strings.Join(p.texts("[data-message]"), "\n"); !strings.Contains(got, "Order "+o.Number+": appeal "+number+" decided") {
			t.Errorf("%s inbox: %q", p.path(), got)
		}
	}
}

// TestExportInBrowser: a seller filters the order list and exports it as CSV
// and XLSX; the export records page, left open, turns both rows done by its
// own polling once the job has run; the files hold exactly the filtered orders.
func TestExportInBrowser(t *testing.T) {
	h := newHarness(t)
	seller := readySeller(t, h, "brexp", "导出浏览器科技有限公司")
	p := releaseProduct(t, h, seller, h.account("brexp-ops", account.OpsReviewer), "浏览器导出云SaaS版")
	buyer := h.account("brexp-b", "")
	generateOrders(t, h, p, buyer, "BRXA", "杭州云帆科技有限公司", 12)
	generateOrders(t, h, p, buyer, "BRXB", "北京北辰数据有限公司", 6)

	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")
	s.open("/seller/orders")
	all := countNodes(s, "[data-order]")
	s.fill(`[data-order-filter] input[name="customer"]`, "云帆")
	s.fill(`[data-order-filter] select[name="status"]`, "processing")
	s.submit(`[data-order-filter] .form-actions .btn-primary`)
	list := s.path()
	numbers := s.texts("[data-order] td:first-child a")
	if len(numbers) == 0 || len(numbers) >= all || !strings.Contains(list, "customer=") {
		t.Fatalf("filtered list at %s: %d of %d orders", list, len(numbers), all)
	}
	for _, st := range s.texts("[data-order] .badge") {
		if st != "Processing" {
			t.Fatalf("filter let through %q", st)
		}
	}
	s.submit(`[data-export="csv"]`)
	if s.path() != "/seller/exports" || s.flash() == "" {
		t.Fatalf("after exporting: %s %q", s.path(), s.text("main"))
	}
	s.open(list)
	s.submit(`[data-export="xlsx"]`)
	if got := s.texts("[data-export-row] .badge"); len(got) != 2 || got[0] != "Queued" || got[1] != "Queued" || !s.has("#exports[data-polling]") {
		t.Fatalf("records before the job: %q", s.text("#exports"))
	}

	// The page stays open: the job runs, and polling alone turns the rows done.
	_ = get(s, chromedp.Evaluate[bool](`window.flowNoReload = true`))
	if n := exporttest.RunJobs(t, h.svc.store.Pool, h.svc.exports); n != 2 {
		t.Fatalf("ran %d export jobs", n)
	}
	s.waitFor("both exports done", `document.querySelectorAll('[data-export-row][data-export-status="done"]').length === 2`)
	if !get(s, chromedp.Evaluate[bool](`window.flowNoReload === true`)) || s.has("#exports[data-polling]") {
		t.Fatalf("the page reloaded or still polls: %q", s.text("#exports"))
	}
	if got := s.texts("[data-export-rows]"); len(got) != 2 || got[0] != got[1] || got[0] != strconv.Itoa(len(numbers)) {
		t.Errorf("row counts %q, want %d", got, len(numbers))
	}

	links := get(s, chromedp.Evaluate[map[string]string](`Object.fromEntries(Array.from(document.querySelectorAll('[data-export-row]'),
		r => [r.cells[1].textContent.trim().toLowerCase(), r.querySelector('[data-export-download]').getAttribute('href')]))`))
	res, body := s.fetch(links["csv"])
	if res.Status != 200 || !strings.HasPrefix(res.Type, "text/csv") || !strings.Contains(res.Disposition, "attachment") {
		t.Fatalf("CSV download %s: %d %q %q", links["csv"], res.Status, res.Type, res.Disposition)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	checkExport(t, "CSV", rows, numbers)

	res, body = s.fetch(links["xlsx"])
	if res.Status != 200 || res.Type != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("XLSX download: %d %q", res.Status, res.Type)
	}
	book, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err = book.GetRows(book.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	checkExport(t, "XLSX", rows, numbers)
}

// checkExport: the file has the header and exactly the listed orders, all
// processing, all for the filtered customer.
func checkExport(t *testing.T, kind string, rows [][]string, numbers []string) {
	t.Helper()
	if len(rows) == 0 || rows[0][0] != "Order number" || !slices.Contains(rows[0], "Customer name") {
		t.Fatalf("%s header %q", kind, rows)
	}
	status, customer := slices.Index(rows[0], "Status"), slices.Index(rows[0], "Customer name")
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0])
		if status < 0 || r[status] != "Processing" || customer < 0 || !strings.Contains(r[customer], "云帆") {
			t.Errorf("%s row %q", kind, r)
		}
	}
	want := slices.Clone(numbers)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s orders %q, want %q", kind, got, want)
	}
}
