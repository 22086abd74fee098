package main

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/file"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/supervision"
)

// arbitrationKeys are the keys the arbitration console builds: the kinds of
// chain in its merged timeline.
func arbitrationKeys() []string {
	var keys []string
	for _, k := range []string{order.ObjectOrder, supervision.ObjectSupervision, supervision.ObjectAppeal} {
		keys = append(keys, "arbitration.kind."+k)
	}
	for _, s := range lifecycle.Appeal.States[1:] {
		keys = append(keys, "status.appeal."+string(s))
	}
	for _, e := range lifecycle.Appeal.Events {
		keys = append(keys, "event.appeal."+string(e))
	}
	return keys
}

// arbUpload stores a supervision PDF for owner.
func arbUpload(t *testing.T, h *harness, owner account.Account, name string) file.File {
	t.Helper()
	f, err := h.svc.files.Upload(context.Background(), owner.ID, supervision.FilePurpose, name, strings.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// arbAtAcceptance takes a standard-flow order to the buyer's acceptance: the
// buyer's requirements with a file, the seller's confirmation and delivery with a proof.
func arbAtAcceptance(t *testing.T, h *harness, seller, buyer account.Account, o order.Order) {
	t.Helper()
	ctx := context.Background()
	req := arbUpload(t, h, buyer, "需求说明.pdf")
	if _, err := h.svc.supervision.SubmitRequirements(ctx, buyer, o.ID, supervision.RequirementsInput{Text: "请按合同完成系统部署与数据迁移。",
		Files: []string{req.ID.String()}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.supervision.ConfirmRequirements(ctx, seller, o.ID, ""); err != nil {
		t.Fatal(err)
	}
	proof := arbUpload(t, h, seller, "验收报告.pdf")
	if _, err := h.svc.supervision.Deliver(ctx, seller, o.ID, supervision.DeliverInput{Note: "系统已部署，数据已迁移。",
		Files: []string{proof.ID.String()}}); err != nil {
		t.Fatal(err)
	}
}

// arbAppeal has the buyer appeal with a file; it returns the appeal.
func arbAppeal(t *testing.T, h *harness, buyer account.Account, o order.Order) supervision.Appeal {
	t.Helper()
	material := arbUpload(t, h, buyer, "问题清单.pdf")
	a, err := h.svc.supervision.FileAppeal(context.Background(), buyer, o.ID, supervision.AppealInput{Ground: supervision.GroundOther,
		Reason: "交付的数据迁移缺少 2024 年的订单。", Demands: "按比例退款。", Files: []string{material.ID.String()}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func version(t *testing.T, p page, form string) string {
	t.Helper()
	v, ok := p.Doc.Find(form + ` input[name="version"]`).Attr("value")
	if !ok {
		t.Fatalf("%s has no version: %q", form, text(p, "main"))
	}
	return v
}

// TestArbitrationThroughPages: a buyer's appeal reaches the queue and the
// dashboard; the reviewer sees the appeal, the order, the supervision and one
// merged timeline, asks the buyer for material, and ends the order with a
// partial refund; a second reviewer's stale decision is told it was already
// handled; buyers never see the console.
func TestArbitrationThroughPages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, o := supervisedOrder(t, h, "arb", catalog.TypeManual)
	arbAtAcceptance(t, h, seller, buyer, o)
	a := arbAppeal(t, h, buyer, o)

	rev := h.account("arb-rev", account.OpsReviewer)
	admin := h.account("arb-admin", account.OpsAdmin)
	rc, ac, bc := h.client(), h.client(), h.client()
	rc.login(rev.Name, "Passw0rd!x")
	ac.login(admin.Name, "Passw0rd!x")
	bc.login(buyer.Name, "Passw0rd!x")

	if dash := rc.get("/ops"); text(dash, `[data-stat="appeals-open"]`) != "1" {
		t.Fatalf("dashboard open appeals: %q", text(dash, `[data-stat="appeals-open"]`))
	}
	queue := rc.get("/ops/appeals")
	row := queue.Doc.Find(`[data-appeal="` + a.Number + `"]`)
	if queue.Status != http.StatusOK || row.Length() != 1 || row.Find("[data-overdue]").Length() != 0 {
		t.Fatalf("queue: %d %q", queue.Status, text(queue, "main"))
	}
	href, _ := row.Find("[data-appeal-link]").Attr("href")
	if href != "/ops/appeals/"+a.ID.String() {
		t.Fatalf("queue links to %q", href)
	}
	// Four working days later (Thursday → the next Wednesday) the appeal is overdue.
	h.Clock.Set(start.Add(6 * 24 * time.Hour))
	if q := rc.get("/ops/appeals"); q.Doc.Find(`[data-appeal="`+a.Number+`"] [data-overdue]`).Length() != 1 {
		t.Errorf("an appeal past its deadline is not flagged: %q", text(q, "[data-appeals]"))
	}
	h.Clock.Set(start)

	detail := rc.get(href)
	if detail.Status != http.StatusOK || text(detail, "[data-number]") != a.Number || attr(detail, "[data-appellant]", "data-appellant") != "buyer" ||
		attr(detail, "[data-node]", "data-node") != "acceptance" || text(detail, "[data-order-number]") != o.Number ||
		!strings.Contains(text(detail, "[data-reason]"), "2024 年") || attr(detail, "[data-supervision]", "data-supervision") != "acceptance" ||
		detail.Doc.Find("[data-frozen-flag]").Length() != 1 || !strings.Contains(text(detail, "[data-seller]"), "arb 服务有限公司") {
		t.Fatalf("appeal page: %d %q", detail.Status, text(detail, "main"))
	}
	// One timeline, oldest first: the order, then its supervision, then the appeal.
	var kinds []string
	detail.Doc.Find("[data-timeline] [data-kind]").Each(func(_ int, s *goquery.Selection) {
		k, _ := s.Attr("data-kind")
		if len(kinds) == 0 || kinds[len(kinds)-1] != k {
			kinds = append(kinds, k)
		}
	})
	if len(kinds) < 4 || kinds[0] != "order" || kinds[1] != "supervision" || !slices.Contains(kinds, "appeal") {
		t.Fatalf("merged timeline runs %v", kinds)
	}
	links := detail.Doc.Find("[data-timeline] a.attachment")
	if links.Length() != 4 { // requirements, proof, and the appeal's file on both the appeal and the supervision
		t.Errorf("timeline attachments: %d", links.Length())
	}
	fileURL, _ := links.First().Attr("href")
	if st, _, _ := rawGet(t, rc, fileURL); st != http.StatusOK {
		t.Errorf("reviewer cannot read %s: %d", fileURL, st)
	}
	var outcomes []string
	detail.Doc.Find(`[data-decide-form] input[name="outcome"]`).Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("value")
		outcomes = append(outcomes, v)
	})
	sv, err := h.svc.supervision.ForOps(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(outcomes, supervision.OutcomesFor(sv)) {
		t.Errorf("outcomes %v, want %v", outcomes, supervision.OutcomesFor(sv))
	}
	if v, _ := detail.Doc.Find(`[data-decide-form] input[name="refund"]`).Attr("value"); v != "99" {
		t.Errorf("refund defaults to %q, want the amount paid", v)
	}

	// Asking: a note too short stays on the page; then the buyer is asked.
	v := version(t, detail, "[data-ask-form]")
	bad := rc.post(href+"/ask", url.Values{"party": {"buyer"}, "note": {"要"}, "version": {v}})
	if bad.Status != http.StatusUnprocessableEntity || bad.Doc.Find(`[data-ask-form] .field-error[data-field="note"]`).Length() != 1 {
		t.Fatalf("short note: %d %q", bad.Status, text(bad, "[data-ask-form]"))
	}
	asked := rc.post(href+"/ask", url.Values{"party": {"buyer"}, "note": {"请提供缺失订单的清单。"}, "version": {v}})
	if asked.Status != http.StatusSeeOther {
		t.Fatalf("ask: %d %q", asked.Status, text(asked, "main"))
	}
	if p := rc.get(href); attr(p, "[data-asked]", "data-asked") != "buyer" || p.Doc.Find("[data-ask-form]").Length() != 0 ||
		text(p, ".alert-success") == "" {
		t.Fatalf("after asking: %q", text(p, "main"))
	}
	if err := h.svc.supervision.AnswerAppeal(ctx, buyer, a.ID, supervision.MaterialInput{Note: "缺失订单共 37 笔，清单见附件。",
		Files: []string{arbUpload(t, h, buyer, "缺失订单.pdf").ID.String()}}); err != nil {
		t.Fatal(err)
	}

	// Both reviewers open the page; a bad decision keeps what was typed.
	mine, theirs := rc.get(href), ac.get(href)
	v = version(t, mine, "[data-decide-form]")
	if version(t, theirs, "[data-decide-form]") != v {
		t.Fatal("the reviewers see different versions")
	}
	decision := url.Values{"outcome": {"unsubscribe"}, "reasoning": {"交付不完整，按已完成比例退款。"}, "refund": {"40"}, "version": {v}}
	tooMuch := url.Values{"outcome": {"unsubscribe"}, "reasoning": {"交付不完整，按已完成比例退款。"}, "refund": {"100"}, "version": {v}}
	if p := rc.post(href+"/decision", tooMuch); p.Status != http.StatusUnprocessableEntity ||
		p.Doc.Find(`.field-error[data-field="refund"]`).Length() != 1 || !strings.Contains(text(p, `textarea[name="reasoning"]`), "按已完成比例") {
		t.Fatalf("refund above the amount: %d %q", p.Status, text(p, "[data-decide-form]"))
	}
	before, _ := h.svc.orders.Balance(ctx, buyer.ID)
	if p := rc.post(href+"/decision", decision); p.Status != http.StatusSeeOther {
		t.Fatalf("decision: %d %q", p.Status, text(p, "main"))
	}
	stale := ac.post(href+"/decision", url.Values{"outcome": {"force_accept"}, "reasoning": {"买家应当验收，交付符合约定。"}, "version": {v}})
	if stale.Status != http.StatusConflict || !strings.Contains(text(stale, "[data-alert]"), "already") ||
		stale.Doc.Find("[data-decide-form]").Length() != 0 || attr(stale, "[data-decision]", "data-decision") != "unsubscribe" {
		t.Fatalf("stale decision: %d %q", stale.Status, text(stale, "main"))
	}
	after, _ := h.svc.orders.Balance(ctx, buyer.ID)
	if after-before != 4000 {
		t.Errorf("buyer's balance moved by %d fen, want 4000", after-before)
	}
	if got, _ := h.svc.orders.BuyerOrder(ctx, buyer.ID, o.ID); got.Status != lifecycle.OrderUnsubscribed {
		t.Errorf("order is %s after unsubscription", got.Status)
	}
	done := rc.get(href)
	if text(done, "[data-refund]") != "¥40.00" || done.Doc.Find("[data-ask-form], [data-decide-form]").Length() != 0 ||
		attr(done, "[data-supervision]", "data-supervision") != "unsubscribed" {
		t.Errorf("decided appeal page: %q", text(done, "main"))
	}
	if q := rc.get("/ops/appeals"); q.Doc.Find("[data-appeal]").Length() != 0 {
		t.Error("a decided appeal stays in the open queue")
	}
	if q := rc.get("/ops/appeals?view=decided"); attr(q, `[data-appeal="`+a.Number+`"] [data-outcome]`, "data-outcome") != "unsubscribe" {
		t.Errorf("decided tab: %q", text(q, "main"))
	}

	// The console does not exist for buyers.
	for _, p := range []string{"/ops/appeals", href, href + "/evidence.zip", "/ops/courier"} {
		if st := bc.get(p).Status; st != http.StatusNotFound {
			t.Errorf("buyer GET %s: %d", p, st)
		}
	}
	if st := bc.post(href+"/decision", decision).Status; st != http.StatusNotFound {
		t.Errorf("buyer decided: %d", st)
	}
}

// TestArbitrationConcurrentDecisions: two reviewers submitting at the same
// moment produce exactly one decision and one refund.
func TestArbitrationConcurrentDecisions(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, o := supervisedOrder(t, h, "arbrace", catalog.TypeManual)
	arbAtAcceptance(t, h, seller, buyer, o)
	a := arbAppeal(t, h, buyer, o)
	href := "/ops/appeals/" + a.ID.String()
	var clients []*client
	for i := range 2 {
		c := h.client()
		c.login(h.account("arbrace-r"+strconv.Itoa(i), account.OpsReviewer).Name, "Passw0rd!x")
		clients = append(clients, c)
	}
	v := version(t, clients[0].get(href), "[data-decide-form]")
	before, _ := h.svc.orders.Balance(ctx, buyer.ID)
	statuses := make([]int, 2)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = c.post(href+"/decision", url.Values{"outcome": {"unsubscribe"}, "reasoning": {"双方同时裁决，只能有一个结果。"},
				"refund": {"25.50"}, "version": {v}}).Status
		}()
	}
	wg.Wait()
	slices.Sort(statuses)
	if statuses[0] != http.StatusSeeOther || statuses[1] != http.StatusConflict {
		t.Fatalf("two decisions at once answered %v", statuses)
	}
	after, _ := h.svc.orders.Balance(ctx, buyer.ID)
	items, err := h.svc.supervision.AppealTimeline(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	decisions := 0
	for _, it := range items {
		if it.Event == string(lifecycle.AppealDecide) {
			decisions++
		}
	}
	if decisions != 1 || after-before != 2550 {
		t.Errorf("%d decisions, refund %d fen", decisions, after-before)
	}
}

// TestCourierSignOffArmsAutoAcceptance: operations record a courier's
// sign-off on the tracker page; a waybill with the buyer's phone starts the
// 10-day automatic acceptance, and the page says how many deliveries it reached.
func TestCourierSignOffArmsAutoAcceptance(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, o := supervisedOrder(t, h, "courier", catalog.TypeHardware)
	proof := arbUpload(t, h, seller, "发货单.pdf")
	if _, err := h.svc.supervision.Deliver(ctx, seller, o.ID, supervision.DeliverInput{Courier: "顺丰速运", Waybill: "SF1234567890",
		WaybillPhone: "13800138000", Files: []string{proof.ID.String()}}); err != nil {
		t.Fatal(err)
	}
	rev := h.account("courier-rev", account.OpsReviewer)
	c := h.client()
	c.login(rev.Name, "Passw0rd!x")
	p := c.get("/ops/courier")
	if p.Status != http.StatusOK || p.Doc.Find("[data-courier-form]").Length() != 1 || p.Doc.Find("[data-empty]").Length() != 1 {
		t.Fatalf("tracker page: %d %q", p.Status, text(p, "main"))
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	future := h.Clock.Now().Add(time.Hour).In(sh).Format("2006-01-02T15:04")
	form := url.Values{"courier": {"顺丰速运"}, "waybill": {"sf1234567890"}, "phone": {"138 0013 8000"}, "at": {future}}
	if bad := c.post("/ops/courier", form); bad.Status != http.StatusUnprocessableEntity ||
		bad.Doc.Find(`.field-error[data-field="at"]`).Length() != 1 || attr(bad, `input[name="waybill"]`, "value") != "sf1234567890" {
		t.Fatalf("sign-off in the future: %d %q", bad.Status, text(bad, "[data-courier-form]"))
	}
	signed := h.Clock.Now().Add(-2 * time.Hour).Truncate(time.Minute)
	form.Set("at", signed.In(sh).Format("2006-01-02T15:04"))
	done := c.post("/ops/courier", form)
	if done.Status != http.StatusSeeOther || done.Location != "/ops/courier?applied=1" {
		t.Fatalf("record: %d %q %q", done.Status, done.Location, text(done, "main"))
	}
	p = c.get(done.Location)
	if attr(p, "[data-applied]", "data-applied") != "1" || text(p, `[data-courier-event="SF1234567890"] [data-deliveries]`) != "1" {
		t.Fatalf("after recording: %q", text(p, "main"))
	}
	sv, err := h.svc.supervision.Get(ctx, buyer.ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sv.AutoAcceptAt == nil || !sv.AutoAcceptAt.Equal(signed.Add(supervision.AutoAcceptAfter)) || sv.Trackable == nil || !*sv.Trackable {
		t.Fatalf("automatic acceptance at %v (trackable %v), want %v", sv.AutoAcceptAt, sv.Trackable, signed.Add(supervision.AutoAcceptAfter))
	}
	// A waybill nothing ships under reaches nobody.
	form.Set("waybill", "YT0000000001")
	if p := c.post("/ops/courier", form); p.Location != "/ops/courier?applied=0" {
		t.Errorf("unknown waybill: %d %q", p.Status, p.Location)
	}
	if p := c.get("/ops/courier?applied=0"); attr(p, "[data-applied]", "data-applied") != "0" || p.Doc.Find("[data-courier-event]").Length() != 2 {
		t.Errorf("second sign-off: %q", text(p, "main"))
	}
}
