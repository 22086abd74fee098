package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"agora/internal/account"
)

// TestAnalyticsInBrowser: a buyer opens a product page and buys; the seller's
// dashboard then shows the sale and the view in its figures and charts, and a
// custom period chosen in the form draws the same numbers.
func TestAnalyticsInBrowser(t *testing.T) {
	h := newHarness(t)
	seller := readySeller(t, h, "brana", "浏览器分析科技有限公司")
	p := releaseProduct(t, h, seller, h.account("branaops", account.OpsReviewer), "浏览器分析云SaaS版")
	buyer := h.account("branabuyer", "")
	fund(t, h, buyer, "1000")

	b := h.browser(t, "zh-CN")
	b.login(buyer.Name, "Passw0rd!x")
	b.open("/products/" + p.ID.String())
	b.submit("[data-buy]")
	b.run(chromedp.Click(chromedp.CSS(`input[name="accept_eula"]`)))
	b.fill("#f-phone", "0571-8888 6666")
	b.submit("[data-confirm-purchase]")
	if !strings.HasPrefix(b.path(), "/buyer/orders/") || b.text("[data-order-amount]") != "¥199.00" {
		t.Fatalf("after buying: %s %q", b.path(), b.text("[data-order-amount]"))
	}
	h.svc.analytics.Wait() // the view is recorded in the background

	s := h.browser(t, "en")
	s.login(seller.Name, "Passw0rd!x")
	s.open("/seller")
	s.submit(`a[href="/seller/analytics"]`) // the menu entry
	figures := func() (gmv, paid, views, visitors string) {
		return s.text(`[data-kpi="gmv"] .kpi-num`), s.text(`[data-kpi="paid_orders"] .kpi-num`),
			s.text(`[data-kpi="views"] .kpi-num`), s.text(`[data-kpi="visitors"] .kpi-num`)
	}
	if gmv, paid, views, visitors := figures(); gmv != "¥199.00" || paid != "1" || views != "1" || visitors != "1" {
		t.Errorf("dashboard: GMV %s, paid %s, views %s, visitors %s", gmv, paid, views, visitors)
	}
	// The last (today's) bar stands as high as the chart's scale allows for ¥199 (scale ¥200).
	bar := get(s, chromedp.Evaluate[float64](`(() => { const r = [...document.querySelectorAll('svg[data-chart="chart-gmv"] .chart-bars rect')];
		return r.length === 30 ? r[29].getBBox().height : -r.length })()`))
	if bar < 150 {
		t.Errorf("today's GMV bar: %v", bar)
	}
	tip := get(s, chromedp.Evaluate[string](`document.querySelector('svg[data-chart="chart-traffic"] .series-views circle:last-of-type title').textContent`))
	if tip != "2026-11-19: 1 views" {
		t.Errorf("views line ends with %q", tip)
	}

	// A custom period through the form.
	s.fill("#f-from", "2026-11-19")
	s.fill("#f-to", "2026-11-19")
	s.submit("[data-analytics-range] button[type=submit]")
	if !strings.Contains(s.text("[data-period-label]"), "2026-11-19 to 2026-11-19: a 1-day period") {
		t.Errorf("period: %q", s.text("[data-period-label]"))
	}
	if gmv, paid, views, _ := figures(); gmv != "¥199.00" || paid != "1" || views != "1" {
		t.Errorf("one day: GMV %s, paid %s, views %s", gmv, paid, views)
	}
	if n := get(s, chromedp.Evaluate[int](`document.querySelectorAll('svg[data-chart="chart-gmv"] .chart-bars rect').length`)); n != 1 {
		t.Errorf("one-day chart has %d bars", n)
	}
}
