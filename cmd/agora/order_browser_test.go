package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"agora/internal/account"
)

// TestPurchaseInBrowser: a buyer goes from the product page to the purchase
// form, changes the quantity and sees the price follow (htmx), accepts the
// agreement and pays; the order page shows it completed, and the seller sees it.
func TestPurchaseInBrowser(t *testing.T) {
	h := newHarness(t)
	seller := readySeller(t, h, "brseller", "浏览器购买科技有限公司")
	p := releaseProduct(t, h, seller, h.account("brops", account.OpsReviewer), "浏览器购买云SaaS版")
	buyer := h.account("brbuyer", "")
	fund(t, h, buyer, "1000")

	b := h.browser(t, "zh-CN")
	b.login(buyer.Name, "Passw0rd!x")
	b.open("/products/" + p.ID.String())
	b.submit("[data-buy]")
	if !strings.HasPrefix(b.path(), "/buyer/buy/"+p.ID.String()) || b.text("[data-quote-amount]") != "¥199.00" {
		t.Fatalf("purchase form at %s: %q", b.path(), b.text("[data-quote-amount]"))
	}
	// The price follows the quantity without a reload.
	b.run(chromedp.SetValue(chromedp.CSS("#f-quantity"), ""), chromedp.SendKeys(chromedp.CSS("#f-quantity"), "3"))
	waitText(t, b, "[data-quote-amount]", "¥597.00")
	b.fill("#f-phone", "0571-8888 6666")
	b.run(chromedp.Click(chromedp.CSS(`input[name="accept_eula"]`)))
	b.submit("[data-confirm-purchase]")
	if !strings.HasPrefix(b.path(), "/buyer/orders/") {
		t.Fatalf("after confirming: %s (%s)", b.path(), b.text("body"))
	}
	if got := b.text(`[data-order-facts] [data-status]`); got != "已完成" || b.text("[data-order-amount]") != "¥597.00" {
		t.Errorf("order page: status %q, amount %q", got, b.text("[data-order-amount]"))
	}
	number := b.text("[data-order-number]")

	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")
	s.open("/seller/orders")
	if row := s.text(`[data-order="` + number + `"]`); !strings.Contains(row, "0571-8888 6666") || !strings.Contains(row, "Completed") {
		t.Errorf("seller's list row: %q", row)
	}
}

// waitText polls until sel's text is want (the page changes it without a reload).
func waitText(t *testing.T, b *browser, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := get(b, chromedp.Evaluate[string](`(document.querySelector(`+jsString(sel)+`) || {}).textContent || ""`))
		if strings.TrimSpace(got) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %q, want %q", sel, strings.TrimSpace(got), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
