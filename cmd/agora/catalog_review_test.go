package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/web/locales"
)

// TestApplicationPageReadsLikeTheForm: an application shows what was submitted
// as the seller chose it (category and asset by name, prices with their unit),
// is titled by number and product, sits under the right menu entry, and shows
// the review deadline only while it is pending.
func TestApplicationPageReadsLikeTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	acme := rvSeller(t, h, "apppage", "Acme 云科技有限公司")
	img := rvImageAsset(t, h, acme, "Acme 备份镜像", true)
	c := rvContent(t, h, acme, catalog.TypeImage, "Acme 备份镜像版")
	c.AssetID = img.ID.String()
	c.Specs = []catalog.SpecDraft{{Name: "标准版", BillingMode: catalog.BillMonthly, Price: "3600"},
		{Name: "企业版", BillingMode: catalog.BillYearly, Price: "199,000"}}
	app := rvRelease(t, h, acme, c)
	sc := h.client()
	sc.login(acme.Name, "Passw0rd!x")
	path := "/seller/applications/" + app.ID.String()

	p := sc.get(path)
	if p.Status != http.StatusOK {
		t.Fatalf("application page: %d", p.Status)
	}
	if got := text(p, "title"); !strings.HasPrefix(got, "Application "+app.Number+" — Acme 备份镜像版") {
		t.Errorf("title %q", got)
	}
	facts := map[string]string{}
	p.Doc.Find(".facts dt").Each(func(_ int, dt *goqSelection) {
		facts[strings.TrimSpace(dt.Text())] = strings.TrimSpace(dt.Next().Text())
	})
	if got := facts["Category"]; got != "Development & operations" {
		t.Errorf("category shown as %q", got)
	}
	if got := facts["Delivered asset"]; !strings.Contains(got, img.Number) || !strings.Contains(got, "Acme 备份镜像") {
		t.Errorf("asset shown as %q (facts %v)", got, facts)
	}
	specs := p.Doc.Find("table").Last().Text()
	for _, want := range []string{"¥3,600.00/month", "¥199,000.00/year"} {
		if !strings.Contains(specs, want) {
			t.Errorf("spec prices %q lack %q", specs, want)
		}
	}
	if p.Doc.Find(".sla").Length() != 1 || attr(p, ".sidenav a.active", "href") != "/seller/applications" {
		t.Errorf("pending: %d deadlines, menu %q", p.Doc.Find(".sla").Length(), attr(p, ".sidenav a.active", "href"))
	}

	// Decided: no deadline, here or in the list.
	rev := h.account("apppage-rev", account.OpsReviewer)
	if err := h.svc.catalog.Decide(ctx, rev, app.ID, catalog.Decision{Approve: true, Version: fmt.Sprint(app.Version)}); err != nil {
		t.Fatal(err)
	}
	if n := sc.get(path).Doc.Find(".sla").Length(); n != 0 {
		t.Errorf("approved application shows %d deadlines", n)
	}
	if n := sc.get("/seller/applications").Doc.Find(".sla").Length(); n != 0 {
		t.Errorf("the list shows %d deadlines for a decided application", n)
	}

	// An empty drafts box says so; a draft sits under Drafts.
	if got := text(sc.get("/seller/drafts"), "[data-empty]"); !strings.HasPrefix(got, "No drafts") {
		t.Errorf("empty drafts box: %q", got)
	}
	draft, err := h.svc.catalog.StartRelease(ctx, acme, catalog.TypeSaaS)
	if err != nil {
		t.Fatal(err)
	}
	if got := attr(sc.get("/seller/applications/"+draft.ID.String()), ".sidenav a.active", "href"); got != "/seller/drafts" {
		t.Errorf("a draft is under %q", got)
	}
	// A modification form sits under the products.
	app, err = h.svc.catalog.MyApplication(ctx, acme.ID, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	started := sc.post("/seller/products/"+app.ProductID.String()+"/modify", url.Values{})
	if started.Status != http.StatusSeeOther {
		t.Fatalf("modify: %d", started.Status)
	}
	if got := attr(sc.get(started.Location), ".sidenav a.active", "href"); got != "/seller/products" {
		t.Errorf("a modification form is under %q", got)
	}
}

// TestSellerProductsInViewerLanguage: the seller's products read in the
// viewer's language, prices carry their unit as on the storefront, the page
// title is not repeated as the first card's, and the delisting warning is a
// warning, not an error.
func TestSellerProductsInViewerLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acme := rvSeller(t, h, "mylist", "Acme 云科技有限公司")
	c := rvContent(t, h, acme, catalog.TypeSaaS, "云眼监控")
	c.Specs = []catalog.SpecDraft{{Name: "按次", BillingMode: catalog.BillPerUse, Price: "6"}}
	p := rvListed(t, h, acme, c)
	sc := h.client()
	sc.login(acme.Name, "Passw0rd!x")

	list := sc.get("/seller/products")
	row := list.Doc.Find(`[data-product="` + p.Number + `"]`)
	if !strings.Contains(row.Text(), "CloudEye Monitor") || !strings.Contains(row.Text(), "¥6.00/use") {
		t.Errorf("English row: %q", strings.Join(strings.Fields(row.Text()), " "))
	}
	if list.Doc.Find("main h2").FilterFunction(func(_ int, s *goqSelection) bool { return strings.TrimSpace(s.Text()) == text(list, "main h1") }).Length() != 0 {
		t.Error("the list repeats its title")
	}
	sc.lang = "zh-CN"
	if row := sc.get("/seller/products").Doc.Find(`[data-product="` + p.Number + `"]`); !strings.Contains(row.Text(), "云眼监控 SaaS版") ||
		!strings.Contains(row.Text(), "¥6.00/次") {
		t.Errorf("Chinese row: %q", strings.Join(strings.Fields(row.Text()), " "))
	}
	sc.lang = "en"
	page := sc.get("/seller/products/" + p.ID.String())
	if got := text(page, "main h1"); got != "CloudEye Monitor" {
		t.Errorf("product page title %q", got)
	}
	if page.Doc.Find("main h2").FilterFunction(func(_ int, s *goqSelection) bool { return strings.TrimSpace(s.Text()) == "CloudEye Monitor" }).Length() != 0 {
		t.Error("the product page repeats its title")
	}
	if !strings.Contains(page.Doc.Find("[data-specs]").Text(), "¥6.00/use") {
		t.Errorf("spec price: %q", page.Doc.Find("[data-specs]").Text())
	}
	delist := sc.get("/seller/products/" + p.ID.String() + "/delist")
	if delist.Doc.Find("[data-delist-warning].alert-warn").Length() != 1 || delist.Doc.Find(".alert-error").Length() != 0 {
		t.Error("the delisting warning is not a plain warning")
	}
}

// TestSalesPageLayout: each spec's sales settings sit in the column of their
// header and still save as one form; the add-user error sits above its fields.
func TestSalesPageLayout(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seller := readySeller(t, h, "layout-seller", "布局科技有限公司")
	p := releaseProduct(t, h, seller, h.account("layout-rev", account.OpsReviewer), "布局云 SaaS版")
	sc := h.client()
	sc.login(seller.Name, "Passw0rd!x")
	path := "/seller/products/" + p.ID.String() + "/sales"
	page := sc.get(path)
	heads := page.Doc.Find("[data-spec-sales] thead th").Length()
	team := p.Specs[0]
	row := page.Doc.Find(`[data-spec-sales] tbody tr[data-spec="Team"]`)
	if n := row.Find("td").Length(); n != heads {
		t.Fatalf("a spec row has %d cells under %d headers", n, heads)
	}
	formID := "spec-sales-" + team.ID.String()
	cells := row.Find("td")
	for i, sel := range []string{`select[name=target], input[name=target]`, `input[type=text][name=limit]`, `input[name=trial_restricted]`} {
		if cells.Eq(i+1).Find(sel).Length() != 1 || cells.Eq(i+1).Find(sel).AttrOr("form", "") != formID {
			t.Errorf("column %d lacks %s of form %s", i+1, sel, formID)
		}
	}
	if row.Find("form#"+formID+" [data-save-spec-sales]").Length() != 1 {
		t.Error("no save button in the row's form")
	}

	bad := sc.post(path+"/buyers", url.Values{"member_name": {""}, "member_id": {""}})
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty member: %d", bad.Status)
	}
	form := bad.Doc.Find(`form[data-add-member="buyers"]`)
	if form.Find(".alert").Length() != 0 || form.Prev().Filter(".alert").Length() != 1 {
		t.Error("the add-user error is not above the form")
	}
}

// TestAssetReviewNamesCompany: reviewers see an asset's seller by company, as
// in the product review queue.
func TestAssetReviewNamesCompany(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acme := rvSeller(t, h, "assetco", "Acme 云科技有限公司")
	a := rvImageAsset(t, h, acme, "Acme 监控镜像", false)
	_, ops := rvOps(h, "asset-reviewer")
	if got := ops.get("/ops/assets").Doc.Find("tbody tr").First().Text(); !strings.Contains(got, "Acme 云科技有限公司") {
		t.Errorf("queue row: %q", got)
	}
	p := ops.get("/ops/assets/" + a.ID.String())
	if got := text(p, "[data-seller]"); got != "Acme 云科技有限公司" {
		t.Errorf("review page seller %q", got)
	}
}

// TestEnglishCatalogsHaveNoChinese: English texts are English; the few that
// quote what a seller must type in Chinese say so in English too.
func TestEnglishCatalogsHaveNoChinese(t *testing.T) {
	quoted := map[string]bool{ // literal Chinese a seller types, or example data
		"product.name_hint.license": true, "product.name_hint.manual": true, "product.name_hint.saas": true,
		"product.name_saas": true, "courier.courier_placeholder": true,
	}
	han := regexp.MustCompile(`\p{Han}`)
	files, err := fs.Glob(locales.FS, "*.en.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(locales.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range m {
			if han.MatchString(v) && !quoted[k] {
				t.Errorf("%s: %s is %q", f, k, v)
			}
		}
	}
}
