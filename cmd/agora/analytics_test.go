package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/order"
)

// browserUA is what a person's Chromium sends; Go's own User-Agent is a
// script's, and scripts are not counted as product views.
const browserUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

// view opens a product page as a browser would.
func (c *client) view(productID string) page {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.h.URL+"/products/"+productID, nil)
	req.Header.Set("User-Agent", browserUA)
	return c.do(req)
}

// csvOf fetches a CSV file as text.
func (c *client) csvOf(path string) (int, http.Header, string) {
	c.t.Helper()
	status, hd, body := c.raw(path)
	return status, hd, string(body)
}

// buyEnterprise has buyer buy p's yearly Enterprise spec (¥19,999) through the order service.
func buyEnterprise(t *testing.T, h *harness, buyer account.Account, p catalog.Product) order.Order {
	t.Helper()
	for _, sp := range p.Specs {
		if sp.Name != "Enterprise" {
			continue
		}
		o, err := h.svc.orders.Purchase(context.Background(), buyer, p.ID, order.PurchaseInput{SpecID: sp.ID.String(), Quantity: "1",
			CustomerName: "分析客户有限公司", Phone: "13800138000", Email: "it@example.com", AcceptEULA: true,
			EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
		if err != nil || o.PaidAt == nil {
			t.Fatalf("buy: %+v %v", o, err)
		}
		return o
	}
	t.Fatal("no Enterprise spec")
	return order.Order{}
}

// TestAnalyticsDashboard: a paid order and product page views show on the
// seller's dashboard and in its CSV files (English and Chinese headers); the
// seller's own views and a script's are not counted; a bad period is refused
// in the viewer's language; other sellers see nothing of it and people who
// are not sellers are turned away.
func TestAnalyticsDashboard(t *testing.T) {
	h := newHarness(t)
	seller := readySeller(t, h, "anaseller", "分析科技有限公司")
	p := releaseProduct(t, h, seller, h.account("anarev", account.OpsReviewer), "数据看板SaaS版")
	buyer := h.account("anabuyer", "")
	fund(t, h, buyer, "30000")
	buyEnterprise(t, h, buyer, p)

	anon := h.client()
	anon.view(p.ID.String())
	if pg := anon.view(p.ID.String()); pg.Status != http.StatusOK {
		t.Fatalf("product page: %d", pg.Status)
	}
	b := h.client()
	b.login(buyer.Name, "Passw0rd!x")
	b.view(p.ID.String())
	s := h.client()
	s.login(seller.Name, "Passw0rd!x")
	s.view(p.ID.String())                        // the seller's own: not counted
	h.client().get("/products/" + p.ID.String()) // a script: not counted
	h.svc.analytics.Wait()

	d := s.get("/seller/analytics?period=7")
	if d.Status != http.StatusOK {
		t.Fatalf("dashboard: %d", d.Status)
	}
	kpi := func(name string) string { return text(d, `[data-kpi="`+name+`"] .kpi-num`) }
	if kpi("gmv") != "¥19,999.00" || kpi("paid_orders") != "1" || kpi("refunds") != "¥0.00" || kpi("refund_rate") != "0.0%" ||
		kpi("views") != "3" || kpi("visitors") != "2" {
		t.Errorf("kpis: gmv %s, paid %s, refunds %s, rate %s, views %s, visitors %s", kpi("gmv"), kpi("paid_orders"),
			kpi("refunds"), kpi("refund_rate"), kpi("views"), kpi("visitors"))
	}
	if n := d.Doc.Find(`svg[data-chart="chart-gmv"] .chart-bars rect`).Length(); n != 7 {
		t.Errorf("GMV chart has %d bars, want 7", n)
	}
	if title := text(d, `svg[data-chart="chart-gmv"] > title`); title != "GMV per day" {
		t.Errorf("chart title %q", title)
	}
	if tip := text(d, `svg[data-chart="chart-gmv"] .chart-bars rect:last-child title`); tip != "2026-11-19: ¥19,999.00, 1 paid orders" {
		t.Errorf("today's bar says %q", tip)
	}
	if row := d.Doc.Find(`[data-top-products] tr[data-product="` + p.Number + `"] td`); row.Length() != 7 ||
		row.Eq(2).Text() != "¥19,999.00" || row.Eq(4).Text() != "3" || row.Eq(5).Text() != "2" || row.Eq(6).Text() != "50.0%" {
		t.Errorf("top product row: %q", strings.Fields(row.Text()))
	}

	// The numbers behind the charts.
	status, hd, body := s.csvOf("/seller/analytics/daily.csv?period=7")
	if status != http.StatusOK || !strings.HasPrefix(hd.Get("Content-Type"), "text/csv") ||
		!strings.Contains(hd.Get("Content-Disposition"), "analytics-daily-20261113-20261119.csv") {
		t.Fatalf("daily csv: %d %v", status, hd)
	}
	lines := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	if len(lines) != 8 || lines[0] != "\uFEFFDate,GMV (¥),Paid orders,Refunded (¥),Refunded orders,Views,Visitors" ||
		lines[1] != "2026-11-13,0.00,0,0.00,0,0,0" || lines[7] != "2026-11-19,19999.00,1,0.00,0,3,2" {
		t.Errorf("daily csv:\n%s", body)
	}
	_, _, body = s.csvOf("/seller/analytics/products.csv?period=custom&from=2026-11-01&to=2026-11-19")
	if want := "\uFEFFRank,Product number,Product,GMV (¥),Paid orders,Views,Visitors\r\n1," + p.Number + ",数据看板SaaS版,19999.00,1,3,2\r\n"; body != want {
		t.Errorf("products csv:\n%q\nwant\n%q", body, want)
	}
	s.lang = "zh-CN"
	if _, _, body = s.csvOf("/seller/analytics/daily.csv?period=7"); !strings.HasPrefix(body, "\uFEFF日期,成交额（元）,支付订单数") {
		t.Errorf("Chinese header: %q", strings.SplitN(body, "\r\n", 2)[0])
	}

	// A bad period, in both languages; the CSV of one is refused too.
	bad := s.get("/seller/analytics?period=custom&from=2026-11-19&to=2026-11-01")
	if bad.Status != http.StatusUnprocessableEntity || text(bad, `[data-field="to"]`) != "结束日期不能早于开始日期。" {
		t.Errorf("bad period (zh): %d %q", bad.Status, text(bad, `[data-field="to"]`))
	}
	s.lang = "en"
	bad = s.get("/seller/analytics?period=custom&from=2025-01-01&to=2026-11-19")
	if bad.Status != http.StatusUnprocessableEntity || text(bad, `[data-field="to"]`) != "Choose a period of at most 366 days." {
		t.Errorf("bad period (en): %d %q", bad.Status, text(bad, `[data-field="to"]`))
	}
	if status, _, _ := s.csvOf("/seller/analytics/daily.csv?period=custom&from=x&to=2026-11-19"); status != http.StatusUnprocessableEntity {
		t.Errorf("csv of a bad period: %d", status)
	}

	// Another seller: nothing of this, a friendly empty state.
	other := readySeller(t, h, "anaother", "别家科技有限公司")
	o := h.client()
	o.login(other.Name, "Passw0rd!x")
	e := o.get("/seller/analytics?period=90")
	if e.Status != http.StatusOK || e.Doc.Find("[data-analytics-empty]").Length() != 1 || text(e, `[data-kpi="gmv"] .kpi-num`) != "¥0.00" ||
		e.Doc.Find("svg.chart").Length() != 0 {
		t.Errorf("other seller's dashboard: %d, gmv %q", e.Status, text(e, `[data-kpi="gmv"] .kpi-num`))
	}
	if _, _, body := o.csvOf("/seller/analytics/products.csv?period=90"); strings.Contains(body, p.Number) {
		t.Errorf("another seller's csv lists the product: %q", body)
	}

	// Not sellers: the buyer is refused, a visitor sent to log in.
	if pg := b.get("/seller/analytics"); pg.Status != http.StatusForbidden {
		t.Errorf("buyer: %d", pg.Status)
	}
	if status, _, _ := b.csvOf("/seller/analytics/daily.csv"); status != http.StatusForbidden {
		t.Errorf("buyer's csv: %d", status)
	}
	if pg := h.client().get("/seller/analytics"); pg.Status != http.StatusSeeOther || !strings.HasPrefix(pg.Location, "/login") {
		t.Errorf("visitor: %d %s", pg.Status, pg.Location)
	}
}
