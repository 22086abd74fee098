package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/export/exporttest"
)

// raw fetches path and returns its status, headers and body as they are.
func (c *client) raw(path string) (int, http.Header, []byte) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.h.URL+path, nil)
	req.Header.Set("Accept-Language", c.lang)
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res.StatusCode, res.Header, body
}

// htmx fetches path as htmx's polling does.
func (c *client) htmx(path string) page {
	req, _ := http.NewRequest(http.MethodGet, c.h.URL+path, nil)
	req.Header.Set("HX-Request", "true")
	return c.do(req)
}

// generateOrders adds n orders of p's first spec from buyer, the newest a minute before now.
func generateOrders(t testing.TB, h *harness, p catalog.Product, buyer account.Account, prefix, customer string, n int) {
	t.Helper()
	_, err := exporttest.Generate(context.Background(), h.svc.store, exporttest.Orders{Prefix: prefix, BuyerID: buyer.ID,
		BuyerName: buyer.Name, SellerID: p.SellerID, ProductID: p.ID, SpecID: p.Specs[0].ID, ProductName: p.Name,
		ProductNameEn: p.NameEn, SpecName: p.Specs[0].Name, Customer: customer, N: n, Newest: h.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
}

// TestExportThroughPages: a seller filters the order list, presses Export
// CSV, watches the export record until the job has run, downloads the file
// and finds exactly the filtered orders; nobody else reaches the record or the
// file; three days later the file is gone and the record says so.
func TestExportThroughPages(t *testing.T) {
	h := newHarness(t)
	seller := readySeller(t, h, "expseller", "导出科技有限公司")
	p := releaseProduct(t, h, seller, h.account("exprev", account.OpsReviewer), "导出云SaaS版")
	buyer := h.account("expbuyer", "")
	generateOrders(t, h, p, buyer, "EXPA", "杭州云帆科技有限公司", 40)
	generateOrders(t, h, p, buyer, "EXPB", "北京北辰数据有限公司", 15)

	c := h.client()
	c.lang = "zh-CN"
	c.login(seller.Name, "Passw0rd!x")
	today := h.Clock.Now().In(h.cfg.Location).Format(time.DateOnly)
	filter := url.Values{"status": {"processing"}, "customer": {"云帆"}, "from": {today}, "to": {today}}
	list := c.get("/seller/orders?" + filter.Encode())
	if list.Doc.Find("[data-order]").Length() != 8 {
		t.Fatalf("filtered list shows %d orders", list.Doc.Find("[data-order]").Length())
	}
	if a := attr(list, `[data-export="csv"]`, "formaction"); a != "/seller/exports" || attr(list, `[data-export="csv"]`, "formmethod") != "post" {
		t.Fatalf("export button posts to %q", a)
	}

	// The form posts its fields and the pressed button's format.
	form := url.Values{"format": {"csv"}, "number": {""}, "product": {""}, "user": {""}}
	for k, v := range filter {
		form[k] = v
	}
	res := c.post("/seller/exports", form)
	if res.Status != http.StatusSeeOther || res.Location != "/seller/exports" {
		t.Fatalf("request export: %d %q", res.Status, res.Location)
	}
	records := c.get("/seller/exports")
	row := records.Doc.Find("[data-export-row]")
	if row.Length() != 1 || attr(records, "[data-export-row]", "data-export-status") != "queued" ||
		attr(records, "#exports", "hx-trigger") != "every 2s" || text(records, ".alert-success") != "已提交导出，生成后可在此下载。" {
		t.Fatalf("records while queued: %q", text(records, "#exports"))
	}
	summary := row.Find("td").Eq(2).Text()
	if !strings.Contains(summary, "订单状态: 处理中") || !strings.Contains(summary, "客户名称: 云帆") || !strings.Contains(summary, today+" – "+today) {
		t.Errorf("filter summary %q", summary)
	}
	// htmx polls the fragment alone.
	frag := c.htmx("/seller/exports?page=1")
	if frag.Doc.Find("#exports").Length() != 1 || frag.Doc.Find("nav, header").Length() != 0 {
		t.Errorf("the polled fragment is a whole page")
	}

	if n := exporttest.RunJobs(t, h.svc.store.Pool, h.svc.exports); n != 1 {
		t.Fatalf("ran %d export jobs", n)
	}
	done := c.htmx("/seller/exports?page=1")
	if attr(done, "[data-export-row]", "data-export-status") != "done" || attr(done, "#exports", "hx-get") != "" {
		t.Fatalf("records when done: %q", text(done, "#exports"))
	}
	if rows := text(done, "[data-export-rows]"); rows != "8" {
		t.Errorf("row count %q", rows)
	}
	href := attr(done, "[data-export-download]", "href")
	status, hdr, body := c.raw(href)
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") ||
		!strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download %s: %d %v", href, status, hdr)
	}
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 9 || rows[0][0] != "订单号" || rows[0][12] != "邮箱" {
		t.Fatalf("file: %q", rows)
	}
	for k, i := range []int{5, 10, 15, 20, 25, 30, 35, 40} {
		r := rows[k+1]
		want := []string{fmt.Sprintf("EXPA%09d", i), "导出云SaaS版", "Team", "处理中", fmt.Sprintf("杭州云帆科技有限公司%d", i), "expbuyer"}
		got := []string{r[0], r[1], r[2], r[6], r[9], r[10]}
		if strings.Join(got, "|") != strings.Join(want, "|") || r[5] != fmt.Sprintf("%d.%02d", exporttest.Amount(i)/100, exporttest.Amount(i)%100) {
			t.Errorf("row %d: %q", k+1, r)
		}
	}
	id := strings.TrimPrefix(attr(done, "[data-export-row] a", "href"), "/seller/exports/")
	if one := c.get("/seller/exports/" + id); one.Status != http.StatusOK || one.Doc.Find("[data-export-download]").Length() != 1 {
		t.Errorf("the export's page: %d", one.Status)
	}

	// Another seller, and the same account in the buyer center, find nothing.
	other := h.client()
	other.login(readySeller(t, h, "expother", "别家科技有限公司").Name, "Passw0rd!x")
	if p := other.get("/seller/exports/" + id); p.Status != http.StatusNotFound {
		t.Errorf("another seller's view of the export: %d", p.Status)
	}
	if status, _, _ := other.raw(href); status != http.StatusNotFound {
		t.Errorf("another seller's download: %d", status)
	}
	if p := other.get("/seller/exports"); p.Doc.Find("[data-export-row]").Length() != 0 {
		t.Error("another seller lists the export")
	}
	if p := c.get("/buyer/exports/" + id); p.Status != http.StatusNotFound {
		t.Errorf("the seller's export from the buyer center: %d", p.Status)
	}

	// Three days later the sweep deletes the file; the record stays, without a link.
	h.Clock.Advance(72 * time.Hour)
	if n, err := h.svc.exports.Sweep(context.Background()); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	expired := c.get("/seller/exports")
	if attr(expired, "[data-export-row]", "data-export-status") != "expired" || expired.Doc.Find("[data-export-download]").Length() != 0 {
		t.Errorf("expired record: %q", text(expired, "#exports"))
	}
	if status, _, _ := c.raw(href); status != http.StatusNotFound {
		t.Errorf("download after expiry: %d", status)
	}
}

// TestExportLimitThroughPages: the fourth unfinished export is refused on the
// records page with the reason; an unknown format is refused too.
func TestExportLimitThroughPages(t *testing.T) {
	h := newHarness(t)
	buyer := h.account("explimit", "")
	c := h.client()
	c.login(buyer.Name, "Passw0rd!x")
	orders := c.get("/buyer/orders")
	if attr(orders, `[data-export="xlsx"]`, "formaction") != "/buyer/exports" {
		t.Fatalf("the buyer's list has no export button")
	}
	for i := 0; i < 3; i++ {
		if p := c.post("/buyer/exports", url.Values{"format": {"xlsx"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("export %d: %d", i+1, p.Status)
		}
	}
	p := c.post("/buyer/exports", url.Values{"format": {"csv"}})
	if p.Status != http.StatusConflict || attr(p, "[data-refusal]", "data-refusal") != "export.too_many" ||
		!strings.Contains(text(p, "[data-refusal]"), "3") || p.Doc.Find("[data-export-row]").Length() != 3 {
		t.Fatalf("fourth export: %d %q", p.Status, text(p, "[data-refusal]"))
	}
	if p := c.post("/buyer/exports", url.Values{"format": {"pdf"}}); p.Status != http.StatusUnprocessableEntity ||
		attr(p, "[data-refusal]", "data-refusal") != "export.bad_format" {
		t.Fatalf("unknown format: %d", p.Status)
	}
	exporttest.RunJobs(t, h.svc.store.Pool, h.svc.exports)
	done := c.get("/buyer/exports")
	if done.Doc.Find(`[data-export-status="done"]`).Length() != 3 || attr(done, "#exports", "hx-trigger") != "" {
		t.Errorf("records after the jobs: %q", text(done, "#exports"))
	}
	// An empty list still gives a workbook with its header.
	status, hdr, body := c.raw(attr(done, "[data-export-download]", "href"))
	if status != http.StatusOK || hdr.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!bytes.HasPrefix(body, []byte("PK")) {
		t.Errorf("empty workbook: %d %q", status, hdr.Get("Content-Type"))
	}
}
