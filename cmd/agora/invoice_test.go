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
	"agora/internal/order"
	"agora/internal/unsub"
)

// saasOrder has a new funded buyer buy a new seller's SaaS product (Team,
// ¥199 a month, delivered at once): the seller, the buyer and the paid order.
func saasOrder(t *testing.T, h *harness, prefix string) (account.Account, account.Account, order.Order) {
	t.Helper()
	seller := readySeller(t, h, prefix+"-s", prefix+" 软件有限公司")
	p := releaseProduct(t, h, seller, h.account(prefix+"-r", account.OpsReviewer), prefix+" 协同办公 SaaS版")
	buyer := h.account(prefix+"-b", "")
	fund(t, h, buyer, "2000")
	o, err := h.svc.orders.Purchase(context.Background(), buyer, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	return seller, buyer, o
}

var specialForm = url.Values{"vat_kind": {"special"}, "medium": {"electronic"}, "title": {"杭州云帆科技有限公司"},
	"taxpayer_id": {"91330100MA2H123456"}, "bank_info": {"中国工商银行杭州西湖支行 6222021234567890"},
	"reg_address": {"杭州市西湖区文三路 100 号 0571-88886666"}, "email": {"finance@yunfan.example.com"}}

// sellerInvoiceLink finds the request of order number in the seller's list.
func sellerInvoiceLink(t *testing.T, c *client, orderNumber string) string {
	t.Helper()
	list := c.get("/seller/invoices?number=" + url.QueryEscape(orderNumber))
	link := attr(list, "[data-invoice-list] a", "href")
	if list.Status != http.StatusOK || link == "" {
		t.Fatalf("seller's list for %s: %d %q", orderNumber, list.Status, text(list, "main"))
	}
	return link
}

func formVersion(p page, form string) string { return attr(p, form+` input[name="version"]`, "value") }

// TestInvoiceIssuedDownloadedReturned: the buyer asks for a special VAT
// invoice on the order page (a refused form keeps what was typed, with the
// message on the field); the seller finds it pending with the 7-day clock,
// issues it with the PDF (a refused issue keeps the uploaded PDF), a second
// click changes nothing and says so; the buyer downloads the same bytes.
// Return is refused before the refund and accepted after it; another party
// reaches none of it.
func TestInvoiceIssuedDownloadedReturned(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, o := saasOrder(t, h, "invflow")
	bc, sc := h.client(), h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	sc.login(seller.Name, "Passw0rd!x")
	bpath := "/buyer/orders/" + o.ID.String()

	p := bc.get(bpath)
	if p.Doc.Find("[data-invoice-form]").Length() != 1 || attr(p, `[data-invoice-form] input[name="title"]`, "value") != "杭州云帆科技有限公司" {
		t.Fatalf("no prefilled invoice form on a paid order: %q", text(p, "[data-invoice-box]"))
	}
	if attr(p, "[data-invoice-form] [data-freight]", "data-freight") != "paid" {
		t.Errorf("¥199 paper invoice should ship at the seller's cost: %q", text(p, "[data-freight]"))
	}

	// Refused: the fields keep what was typed and each says what is wrong, in the viewer's language.
	bad := url.Values{"vat_kind": {"special"}, "medium": {"electronic"}, "title": {"杭州云帆科技"}, "taxpayer_id": {"123"}, "email": {"nope"}}
	bc.lang = "zh-CN"
	refused := bc.post(bpath+"/invoice", bad)
	bc.lang = "en"
	if refused.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad request: %d", refused.Status)
	}
	for _, f := range []string{"taxpayer_id", "bank_info", "reg_address", "email"} {
		if refused.Doc.Find(`[data-invoice-form] .field-error[data-field="`+f+`"]`).Length() != 1 {
			t.Errorf("no message on %s", f)
		}
	}
	if got := text(refused, `.field-error[data-field="taxpayer_id"]`); got != "请填写纳税人识别号（15–20 位字母或数字）。" {
		t.Errorf("zh-CN message: %q", got)
	}
	if attr(refused, `input[name="title"]`, "value") != "杭州云帆科技" || attr(refused, `input[name="taxpayer_id"]`, "value") != "123" ||
		refused.Doc.Find(`#f-vat-special[checked]`).Length() != 1 {
		t.Errorf("typed values lost")
	}
	en := bc.post(bpath+"/invoice", bad)
	if got := text(en, `.field-error[data-field="email"]`); got != "Give the e-mail address the electronic invoice goes to." {
		t.Errorf("en message: %q", got)
	}

	if ok := bc.post(bpath+"/invoice", specialForm); ok.Status != http.StatusSeeOther {
		t.Fatalf("request: %d %q", ok.Status, ok.Doc.Find(".alert, .field-error").Text())
	}
	p = bc.get(bpath)
	if p.Doc.Find(`[data-invoice-box] [data-status="pending"]`).Length() != 1 || p.Doc.Find("[data-invoice-form]").Length() != 0 {
		t.Fatalf("after requesting: %q", text(p, "[data-invoice-box]"))
	}
	if again := bc.post(bpath+"/invoice", specialForm); again.Status != http.StatusConflict ||
		attr(again, "[data-invoice-why]", "data-invoice-why") != "invoice.already_requested" {
		t.Fatalf("second request: %d %q", again.Status, text(again, "[data-invoice-box]"))
	}

	// The seller: pending, with the clock; another seller sees nothing.
	link := sellerInvoiceLink(t, sc, o.Number)
	if l := sc.get("/seller/invoices"); l.Doc.Find(`[data-invoice-list] tbody tr:first-child .sla`).Length() != 1 ||
		!strings.Contains(text(l, "[data-invoice-waiting]"), "1 waiting") {
		t.Errorf("pending request without its clock: %q", text(l, "main"))
	}
	other := h.client()
	other.login(readySeller(t, h, "invflow-o", "invflow-o 有限公司").Name, "Passw0rd!x")
	if p := other.get(link); p.Status != http.StatusNotFound {
		t.Errorf("another seller's view: %d", p.Status)
	}
	if p := other.postMultipart(link+"/issue", map[string]string{"invoice_no": "12345678", "issued_on": "2026-11-19"},
		map[string][2]string{"file": {"fake.pdf", pdf}}); p.Status != http.StatusNotFound {
		t.Errorf("another seller issuing: %d", p.Status)
	}
	if p := other.post(link+"/reject", url.Values{"reason": {"不是我的订单，驳回。"}}); p.Status != http.StatusNotFound {
		t.Errorf("another seller rejecting: %d", p.Status)
	}

	detail := sc.get(link)
	if detail.Doc.Find("[data-invoice-issue]").Length() != 1 || detail.Doc.Find("[data-invoice-close]").Length() != 1 ||
		detail.Doc.Find("[data-invoice-return]").Length() != 0 {
		t.Fatalf("pending request offers the wrong forms: %q", text(detail, "main"))
	}
	v := formVersion(detail, "[data-invoice-issue]")
	day := h.Clock.Now().In(h.cfg.Location).Format(time.DateOnly)
	noFile := sc.postMultipart(link+"/issue", map[string]string{"invoice_no": "25332000000012345678", "issued_on": day, "version": v}, nil)
	if noFile.Status != http.StatusUnprocessableEntity || text(noFile, `.field-error[data-field="file"]`) == "" ||
		attr(noFile, `input[name="invoice_no"]`, "value") != "25332000000012345678" {
		t.Fatalf("issue without the PDF: %d", noFile.Status)
	}
	notPDF := sc.postMultipart(link+"/issue", map[string]string{"invoice_no": "25332000000012345678", "issued_on": day, "version": v},
		map[string][2]string{"file": {"发票.pdf", "just text"}})
	if got := text(notPDF, `.field-error[data-field="file"]`); notPDF.Status != http.StatusUnprocessableEntity || got != "Upload the invoice as a PDF." {
		t.Fatalf("a text file as the invoice: %d %q", notPDF.Status, got)
	}
	badNo := sc.postMultipart(link+"/issue", map[string]string{"invoice_no": "FP-1", "issued_on": day, "version": v},
		map[string][2]string{"file": {"发票.pdf", pdf}})
	if badNo.Status != http.StatusUnprocessableEntity || text(badNo, `.field-error[data-field="invoice_no"]`) == "" ||
		!strings.Contains(text(badNo, `[data-kept="file"]`), "发票.pdf") {
		t.Fatalf("bad number: %d; kept %q", badNo.Status, text(badNo, `[data-kept="file"]`))
	}
	fields := map[string]string{"invoice_no": "25332000000012345678", "issued_on": day, "version": v,
		"file_id": attr(badNo, `input[name="file_id"]`, "value")}
	if done := sc.postMultipart(link+"/issue", fields, nil); done.Status != http.StatusSeeOther {
		t.Fatalf("issue with the kept PDF: %d %q", done.Status, done.Doc.Find(".alert, .field-error").Text())
	}
	twice := sc.postMultipart(link+"/issue", fields, nil)
	if twice.Status != http.StatusConflict || attr(twice, "[data-refusal]", "data-refusal") != "invoice.already_handled" {
		t.Fatalf("second click: %d %q", twice.Status, text(twice, ".alert"))
	}
	if n := twice.Doc.Find(".timeline-item").Length(); n != 2 {
		t.Errorf("timeline has %d events after a double submit, want request + issue", n)
	}

	// The buyer downloads exactly the uploaded PDF; nobody else can.
	p = bc.get(bpath)
	href := attr(p, "[data-invoice-box] [data-invoice-download]", "href")
	if text(p, "[data-invoice-no]") != "25332000000012345678" || href == "" {
		t.Fatalf("buyer after issue: %q", text(p, "[data-invoice-box]"))
	}
	if status, hdr, body := bc.raw(href); status != http.StatusOK || string(body) != pdf ||
		!strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %q", status, body)
	}
	stranger := h.client()
	stranger.login(h.account("invflow-x", "").Name, "Passw0rd!x")
	if status, _, _ := stranger.raw(href); status != http.StatusNotFound {
		t.Errorf("a stranger downloads the invoice: %d", status)
	}
	invPath := attr(p, "[data-invoice-box] [data-invoice] a", "href")
	if status, _, _ := stranger.raw(invPath); status != http.StatusNotFound {
		t.Errorf("a stranger reads the request: %d", status)
	}
	if l := bc.get("/buyer/invoices?status=issued"); l.Doc.Find(`[data-invoice-list] [data-status="issued"]`).Length() != 1 {
		t.Errorf("buyer's issued list: %q", text(l, "main"))
	}
	if l := bc.get("/buyer/invoices?status=pending"); l.Doc.Find("[data-invoice-list]").Length() != 0 {
		t.Errorf("the pending filter lists an issued invoice")
	}

	// Issued: no reject or cancel; return only after a refund.
	detail = sc.get(link)
	if detail.Doc.Find("[data-invoice-close], [data-invoice-issue], [data-invoice-return]").Length() != 0 ||
		detail.Doc.Find("[data-invoice-return-later]").Length() != 1 {
		t.Fatalf("issued, not refunded: %q", text(detail, "main"))
	}
	if p := sc.post(link+"/reject", url.Values{"reason": {"买家要求驳回此发票。"}}); p.Status != http.StatusConflict {
		t.Errorf("reject after issue: %d", p.Status)
	}
	early := sc.post(link+"/return", url.Values{"reason": {"买家要求红冲发票。"}})
	if early.Status != http.StatusConflict || attr(early, "[data-refusal]", "data-refusal") != "invoice.return_needs_refund" {
		t.Fatalf("return before the refund: %d %q", early.Status, text(early, ".alert"))
	}
	if _, err := h.svc.unsub.Standard(ctx, buyer, o.ID); err != nil {
		t.Fatalf("five-day unsubscription: %v", err)
	}
	detail = sc.get(link)
	if detail.Doc.Find("[data-invoice-return]").Length() != 1 || text(detail, "[data-invoice-refunded]") != "¥199.00" {
		t.Fatalf("refunded order offers no return: %q", text(detail, "main"))
	}
	v = formVersion(detail, "[data-invoice-return]")
	if short := sc.post(link+"/return", url.Values{"reason": {"红冲"}, "version": {v}}); short.Status != http.StatusUnprocessableEntity ||
		short.Doc.Find(`[data-invoice-return] .field-error[data-field="reason"]`).Length() != 1 {
		t.Fatalf("short reason: %d", short.Status)
	}
	if done := sc.post(link+"/return", url.Values{"reason": {"订单已全额退款，发票已红冲。"}, "version": {v}}); done.Status != http.StatusSeeOther {
		t.Fatalf("return: %d %q", done.Status, text(done, ".alert"))
	}
	p = bc.get(bpath)
	if p.Doc.Find(`[data-invoice-box] [data-status="returned"]`).Length() != 1 || p.Doc.Find("[data-invoice-download]").Length() != 0 ||
		!strings.Contains(text(p, "[data-invoice-reason]"), "发票已红冲") {
		t.Fatalf("buyer after return: %q", text(p, "[data-invoice-box]"))
	}
}

// TestInvoiceRejectCancelPending: reject and cancel are offered and accepted
// only while the request is pending; a rejected buyer may ask again, a paper
// invoice under ¥100 says freight collect on both sides.
func TestInvoiceRejectCancelPending(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := saasOrder(t, h, "invrej")
	bc, sc := h.client(), h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	sc.login(seller.Name, "Passw0rd!x")
	bpath := "/buyer/orders/" + o.ID.String()
	paper := url.Values{"vat_kind": {"normal"}, "medium": {"paper"}, "title": {"张三"}, "ship_address": {"北京市朝阳区建国路 1 号 张三 13800000000"}}
	if p := bc.post(bpath+"/invoice", paper); p.Status != http.StatusSeeOther {
		t.Fatalf("request: %d %q", p.Status, p.Doc.Find(".field-error, .alert").Text())
	}
	link := sellerInvoiceLink(t, sc, o.Number)
	detail := sc.get(link)
	if detail.Doc.Find(`[data-invoice-issue] input[name="courier"]`).Length() != 1 || detail.Doc.Find(`[data-invoice-issue] input[type="file"]`).Length() != 0 {
		t.Fatalf("a paper invoice's issue form: %q", text(detail, "[data-invoice-issue]"))
	}
	v := formVersion(detail, "[data-invoice-close]")
	if p := sc.post(link+"/reject", url.Values{"reason": {"短"}, "version": {v}}); p.Status != http.StatusUnprocessableEntity ||
		p.Doc.Find(`[data-invoice-close] .field-error[data-field="reason"]`).Length() != 1 {
		t.Fatalf("short reason: %d", p.Status)
	}
	if p := sc.post(link+"/reject", url.Values{"reason": {"抬头与付款方不一致，请核对后重新申请。"}, "version": {v}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reject: %d %q", p.Status, text(p, ".alert"))
	}
	if p := sc.post(link+"/cancel", url.Values{"reason": {"买家要求撤销开票。"}, "version": {v}}); p.Status != http.StatusConflict {
		t.Errorf("cancel after reject: %d", p.Status)
	}
	if p := sc.get(link); p.Doc.Find("[data-invoice-close], [data-invoice-issue], [data-invoice-return]").Length() != 0 {
		t.Errorf("a rejected request still offers actions: %q", text(p, "main"))
	}
	p := bc.get(bpath)
	if !strings.Contains(text(p, "[data-invoice-reason]"), "抬头与付款方不一致") || p.Doc.Find("[data-invoice-form]").Length() != 1 {
		t.Fatalf("buyer after rejection: %q", text(p, "[data-invoice-box]"))
	}
	if p := bc.post(bpath+"/invoice", paper); p.Status != http.StatusSeeOther {
		t.Fatalf("asking again: %d", p.Status)
	}
	link = sellerInvoiceLink(t, sc, o.Number) // the newest request first
	detail = sc.get(link)
	if p := sc.post(link+"/cancel", url.Values{"reason": {"买家来电要求撤销开票。"}, "version": {formVersion(detail, "[data-invoice-close]")}}); p.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d %q", p.Status, text(p, ".alert"))
	}
	if p := sc.get("/seller/invoices?status=cancelled"); p.Doc.Find(`[data-invoice-list] [data-status="cancelled"]`).Length() != 2 {
		t.Errorf("cancelled filter: %q", text(p, "[data-invoice-list]"))
	}
}

// TestInvoiceOverdueAndUnsubscription: a request left 7 days is flagged in
// the seller's list and reaches operations with how long it is overdue; an
// order with an unsubscription under way refuses a request, saying why.
func TestInvoiceOverdueAndUnsubscription(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	seller, buyer, o := saasOrder(t, h, "invdue")
	bc, sc := h.client(), h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	sc.login(seller.Name, "Passw0rd!x")
	if p := bc.post("/buyer/orders/"+o.ID.String()+"/invoice", specialForm); p.Status != http.StatusSeeOther {
		t.Fatalf("request: %d", p.Status)
	}
	ops := h.client()
	ops.login(h.account("invdue-ops", account.OpsReviewer).Name, "Passw0rd!x")
	if p := ops.get("/ops/invoices"); p.Doc.Find("[data-invoice-overdue]").Length() != 0 {
		t.Fatalf("a fresh request is listed as overdue")
	}
	h.Clock.Advance(7*24*time.Hour + 3*time.Hour)
	l := sc.get("/seller/invoices")
	if l.Doc.Find(`[data-invoice-row][data-overdue]`).Length() != 1 || !strings.Contains(text(l, ".sla-overdue"), "Overdue by 3 h") ||
		!strings.Contains(text(l, "[data-invoice-overdue-count]"), "1 overdue") {
		t.Fatalf("seller's overdue flag: %q", text(l, "main"))
	}
	if p := bc.get("/buyer/orders/" + o.ID.String()); p.Doc.Find("[data-invoice-box] [data-invoice-overdue]").Length() != 1 {
		t.Errorf("the buyer is not told the request is overdue: %q", text(p, "[data-invoice-box]"))
	}
	p := ops.get("/ops/invoices")
	row := p.Doc.Find("[data-invoice-overdue] tbody tr")
	if row.Length() != 1 || !strings.Contains(row.Text(), "invdue 软件有限公司") || !strings.Contains(row.Text(), o.Number) ||
		strings.TrimSpace(row.Find("[data-overdue-by]").Text()) != "3 h" {
		t.Fatalf("operations' list: %q", row.Text())
	}
	if d := ops.get(attr(p, "[data-invoice-overdue] a", "href")); d.Status != http.StatusOK || d.Doc.Find(".timeline-item").Length() != 1 {
		t.Fatalf("operations' detail: %d", d.Status)
	}
	if d := bc.get("/ops/invoices"); d.Status == http.StatusOK {
		t.Errorf("a buyer reads the operations list")
	}

	// An unsubscription under way: no invoice, and the page says why.
	_, buyer2, o2 := supervisedOrder(t, h, "invunsub", catalog.TypeManual)
	if _, err := h.svc.unsub.Apply(ctx, buyer2, o2.ID, unsub.ApplyInput{Amount: "50", Reason: "服务商迟迟没有开始实施"}); err != nil {
		t.Fatal(err)
	}
	b2 := h.client()
	b2.login(buyer2.Name, "Passw0rd!x")
	path := "/buyer/orders/" + o2.ID.String()
	if p := b2.get(path); attr(p, "[data-invoice-why]", "data-invoice-why") != "invoice.unsub_pending" || p.Doc.Find("[data-invoice-form]").Length() != 0 {
		t.Fatalf("order with an unsubscription under way: %q", text(p, "[data-invoice-box]"))
	}
	refused := b2.post(path+"/invoice", specialForm)
	if refused.Status != http.StatusConflict || !strings.Contains(text(refused, "[data-invoice-why]"), "unsubscription of this order is under way") {
		t.Fatalf("request during an unsubscription: %d %q", refused.Status, text(refused, "[data-invoice-box]"))
	}
}

// TestInvoiceCrossSiteRefused: a request or an issue posted from another
// site changes nothing.
func TestInvoiceCrossSiteRefused(t *testing.T) {
	h := newHarness(t)
	_, buyer, o := saasOrder(t, h, "invcsrf")
	bc := h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	req, _ := http.NewRequest(http.MethodPost, h.URL+"/buyer/orders/"+o.ID.String()+"/invoice", strings.NewReader(specialForm.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := bc.do(req); p.Status != http.StatusForbidden {
		t.Fatalf("cross-site request answered %d", p.Status)
	}
	if list, _, err := h.svc.invoices.BuyerInvoices(context.Background(), buyer.ID, "", 1); err != nil || len(list) != 0 {
		t.Fatalf("a cross-site post made a request: %d %v", len(list), err)
	}
}
