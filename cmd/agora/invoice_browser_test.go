package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// visible reports whether the element sel is shown (not hidden by CSS).
func (b *browser) visible(sel string) bool {
	b.t.Helper()
	return get(b, chromedp.Evaluate[bool](`(() => { const e = document.querySelector(`+jsString(sel)+`); return !!e && e.offsetParent !== null })()`))
}

// TestInvoiceIssuedDownloadedReturnedInBrowser: the buyer, in Chinese, asks
// for a special VAT invoice on the order page (its tax fields appear when
// the type is chosen); the seller, in English, issues it with the PDF; the
// buyer downloads the very file; after the buyer's five-day unsubscription
// refunds the order, the seller returns (red-flushes) the invoice and the
// buyer sees it returned, with no download left.
func TestInvoiceIssuedDownloadedReturnedInBrowser(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := saasOrder(t, h, "brinv")
	bpath := "/buyer/orders/" + o.ID.String()
	invoicePDF := []byte(pdf)

	b := h.browser(t, "zh-CN")
	b.login(buyer.Name, "Passw0rd!x")
	b.open(bpath)
	if b.visible(`#f-bank_info`) || !b.visible(`#f-email`) || b.visible(`#f-ship_address`) {
		t.Fatalf("a normal electronic invoice asks for the wrong fields")
	}
	b.run(chromedp.Click(chromedp.CSS("#f-vat-special")))
	if !b.visible(`#f-bank_info`) || !b.visible(`#f-reg_address`) {
		t.Fatalf("choosing a special VAT invoice does not ask for the bank and registered address")
	}
	b.fill("#f-taxpayer_id", "91330100MA2H123456")
	b.fill("#f-bank_info", "中国工商银行杭州西湖支行 6222021234567890")
	b.fill("#f-reg_address", "杭州市西湖区文三路 100 号 0571-88886666")
	b.submit("[data-invoice-request]")
	if !b.has(".alert-success") || b.text(`[data-invoice-box] [data-status]`) != "待审核" {
		t.Fatalf("after requesting: %q", b.text("main"))
	}

	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")
	s.open("/seller/invoices")
	s.submit(`[data-invoice-row="` + b.attr("[data-invoice-box] [data-invoice]", "data-invoice") + `"] a`)
	if s.text("[data-invoice-kind]") != "Special VAT invoice · Electronic" || !s.has("[data-invoice-due] .sla") {
		t.Fatalf("seller's request: %q", s.text("[data-invoice-detail]"))
	}
	s.fill("#f-invoice_no", "25332000000012345678")
	s.run(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{flowFile(t, "电子发票.pdf", invoicePDF)}))
	s.submit("[data-invoice-issue-button]")
	if s.text("[data-invoice-detail] [data-status]") != "Issued" || s.has("[data-invoice-return]") || !s.has("[data-invoice-return-later]") {
		t.Fatalf("after issuing: %q", s.text("main"))
	}
	detail := s.path()

	b.open(bpath)
	if b.text("[data-invoice-no]") != "25332000000012345678" || b.text(`[data-invoice-box] [data-status]`) != "已完成" {
		t.Fatalf("buyer after issue: %q", b.text("[data-invoice-box]"))
	}
	res, body := b.fetch(b.attr("[data-invoice-box] [data-invoice-download]", "href"))
	if res.Status != 200 || !bytes.Equal(body, invoicePDF) || !strings.Contains(res.Disposition, "attachment") {
		t.Fatalf("download: %d %q %q", res.Status, res.Disposition, body)
	}

	// The buyer unsubscribes within five days: the full amount comes back.
	b.submit("[data-unsub-standard]")
	if !b.has(".alert-success") {
		t.Fatalf("unsubscribing: %q", b.text("main"))
	}

	s.open(detail)
	if !strings.Contains(s.text("[data-invoice-return]"), "¥199.00") {
		t.Fatalf("refunded order, no return form: %q", s.text("main"))
	}
	s.fill("[data-invoice-return] textarea", "The order was refunded in full; the invoice is red-flushed.")
	s.submit("[data-invoice-return-button]")
	if s.text("[data-invoice-detail] [data-status]") != "Returned" || s.has("[data-invoice-return]") {
		t.Fatalf("after returning: %q", s.text("main"))
	}
	events := s.texts(".timeline-item .timeline-what strong")
	if strings.Join(events, "|") != "Invoice requested|Invoice issued|Invoice returned (red-flushed)" {
		t.Errorf("timeline %q", events)
	}

	b.open("/buyer/invoices")
	if b.text(`[data-invoice-list] [data-status]`) != "已退回" || b.has("[data-invoice-download]") {
		t.Fatalf("buyer's list after the return: %q", b.text("main"))
	}
}
