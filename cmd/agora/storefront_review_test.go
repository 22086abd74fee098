package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"agora/internal/account"
	"agora/internal/catalog"
)

// TestStorefrontChoosingSpec: each spec on the product page is a link to the
// page with that spec chosen; the chosen one alone is highlighted, and the
// "selected" line, the buy link and the sales verdict follow it.
func TestStorefrontChoosingSpec(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	seller := readySeller(t, h, "spec-seller", "规格科技有限公司")
	p := releaseProduct(t, h, seller, h.account("spec-rev", account.OpsReviewer), "规格云SaaS版")
	team, ent := p.Specs[0], p.Specs[1]
	// The second spec is for enterprises only.
	if err := h.svc.catalog.SetSpecSales(ctx, seller, p.ID, ent.ID, catalog.SpecSalesInput{Target: catalog.TargetEnterprise,
		Version: fmt.Sprint(ent.Version)}); err != nil {
		t.Fatal(err)
	}
	buyer := h.account("spec-buyer", "")
	c := h.client()
	c.login(buyer.Name, "Passw0rd!x")

	path := "/products/" + p.ID.String()
	first := c.get(path)
	if first.Status != http.StatusOK {
		t.Fatalf("product page: %d", first.Status)
	}
	if n := first.Doc.Find(".sf-spec.selected").Length(); n != 1 || attr(first, ".sf-spec.selected", "data-spec") != team.ID.String() {
		t.Fatalf("%d specs highlighted, want the first only", n)
	}
	if attr(first, `[aria-current="true"]`, "data-spec") != team.ID.String() {
		t.Error("the chosen spec is not marked aria-current")
	}
	if !strings.Contains(attr(first, "[data-buy]", "href"), "spec="+team.ID.String()) {
		t.Errorf("buy link %q is not for the first spec", attr(first, "[data-buy]", "href"))
	}

	// Choosing the second spec is following its link.
	href := attr(first, `a.sf-spec[data-spec="`+ent.ID.String()+`"]`, "href")
	if href != path+"?spec="+ent.ID.String() {
		t.Fatalf("second spec links to %q", href)
	}
	second := c.get(href)
	if n := second.Doc.Find(".sf-spec.selected").Length(); n != 1 || attr(second, ".sf-spec.selected", "data-spec") != ent.ID.String() {
		t.Errorf("after choosing the second spec %d are highlighted (%q)", n, attr(second, ".sf-spec.selected", "data-spec"))
	}
	sel := text(second, "[data-selected]")
	if attr(second, "[data-selected]", "data-selected") != ent.ID.String() || !strings.Contains(sel, "Enterprise — ¥19,999.00") {
		t.Errorf("selected line %q", sel)
	}
	// The verdict is the second spec's: enterprises only, for an individual buyer.
	if second.Doc.Find("[data-buy]").Length() != 0 || attr(second, "[data-verdict]", "data-verdict") != "buy.enterprise_only" {
		t.Errorf("verdict for the enterprise spec: %q", attr(second, "[data-verdict]", "data-verdict"))
	}
	// Back to the first: buyable again.
	back := c.get(attr(second, `a.sf-spec[data-spec="`+team.ID.String()+`"]`, "href"))
	if !strings.Contains(attr(back, "[data-buy]", "href"), "spec="+team.ID.String()) {
		t.Errorf("back on the first spec the buy link is %q", attr(back, "[data-buy]", "href"))
	}
	// The listing date does not break inside.
	if back.Doc.Find(".nowrap[data-listed]").Length() != 1 {
		t.Error("listing date may break")
	}
}

// TestStorefrontShortChineseSearch: one or two Chinese characters find the
// products that contain them anywhere in the name, in every order; Chinese
// has no spaces, so "客服" must find "智能客服".
func TestStorefrontShortChineseSearch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seller := readySeller(t, h, "short-seller", "短词科技有限公司")
	rev := h.account("short-rev", account.OpsReviewer)
	for _, name := range []string{"智能客服 SaaS版", "云栖客服中心 SaaS版", "数据库审计 SaaS版"} {
		releaseProduct(t, h, seller, rev, name)
	}
	c := h.client()
	c.lang = "zh-CN"
	names := func(path string) []string {
		t.Helper()
		p := c.get(path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, p.Status)
		}
		var out []string
		p.Doc.Find("[data-product] [data-name]").Each(func(_ int, s *goqSelection) { out = append(out, strings.TrimSpace(s.Text())) })
		sort.Strings(out)
		return out
	}
	want := "[云栖客服中心 SaaS版 智能客服 SaaS版]"
	for _, q := range []string{"客服", "客"} {
		for _, order := range []string{"", "&sort=newest", "&sort=price_asc", "&sort=price_desc"} {
			if got := fmt.Sprint(names("/products?q=" + url.QueryEscape(q) + order)); got != want {
				t.Errorf("%s%s: %s, want %s", q, order, got, want)
			}
		}
	}
	if got := fmt.Sprint(names("/products?q=" + url.QueryEscape("审计"))); got != "[数据库审计 SaaS版]" {
		t.Errorf("审计: %s", got)
	}
	if got := names("/products?q=" + url.QueryEscape("客户")); len(got) != 0 {
		t.Errorf("客户 matched %v", got)
	}
}

// TestStorefrontHeadingSaysFilters: the catalog's heading names every filter
// in force, each of which can be taken off on its own; with none it is "All products".
func TestStorefrontHeadingSaysFilters(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	if got := text(c.get("/products"), ".sf-results-head h1"); got != "All products" {
		t.Errorf("unfiltered heading %q", got)
	}
	p := c.get("/products?type=hardware&billing=one_time&price_min=1000&price_max=30000")
	head := text(p, ".sf-results-head h1")
	for _, want := range []string{"Hardware", "One-time", "¥1,000.00 – ¥30,000.00"} {
		if !strings.Contains(head, want) {
			t.Errorf("heading %q does not say %q", head, want)
		}
	}
	if strings.Contains(head, "All products") || !strings.Contains(text(p, "title"), head) {
		t.Errorf("heading %q, title %q", head, text(p, "title"))
	}
	off := attr(p, `[data-active-filter="type"]`, "href")
	if strings.Contains(off, "type=") || !strings.Contains(off, "billing=one_time") || !strings.Contains(off, "price_min=1000") {
		t.Errorf("removing the type filter goes to %q", off)
	}
	if off := attr(p, `[data-active-filter="price"]`, "href"); strings.Contains(off, "price_") {
		t.Errorf("removing the price filter goes to %q", off)
	}
	if got := text(c.get("/products?price_min=50"), ".sf-results-head h1"); got != "¥50.00 and up" {
		t.Errorf("lower bound only: %q", got)
	}
}

// TestStorefrontHiddenNoticeForSeller: a hidden product's own seller is told on
// its storefront page why nobody finds it; buyers are not.
func TestStorefrontHiddenNoticeForSeller(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seller := readySeller(t, h, "hide-seller", "隐藏科技有限公司")
	p := releaseProduct(t, h, seller, h.account("hide-rev", account.OpsReviewer), "隐藏云 SaaS版")
	path := "/products/" + p.ID.String()
	sc := h.client()
	sc.login(seller.Name, "Passw0rd!x")
	if sc.get(path).Doc.Find("[data-own-hidden]").Length() != 0 {
		t.Error("a public product says it is hidden")
	}
	if err := h.svc.catalog.SetPublic(context.Background(), seller, p.ID, false); err != nil {
		t.Fatal(err)
	}
	if got := text(sc.get(path), "[data-own-hidden]"); !strings.Contains(got, "only people with the link") {
		t.Errorf("seller's notice: %q", got)
	}
	if h.client().get(path).Doc.Find("[data-own-hidden]").Length() != 0 {
		t.Error("a visitor is shown the seller's notice")
	}
}

// TestTopBarByRole: operations accounts are neither buyers nor sellers, so their
// top bar leads to the console only.
func TestTopBarByRole(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.account("bar-buyer", "")
	h.account("bar-ops", account.OpsReviewer)
	for _, tc := range []struct {
		name       string
		buyer, ops bool
	}{{"bar-buyer", true, false}, {"bar-ops", false, true}} {
		c := h.client()
		c.login(tc.name, "Passw0rd!x")
		p := c.get("/")
		nav := p.Doc.Find(".topnav")
		if got := nav.Find(`a[href="/buyer"]`).Length() == 1 && nav.Find(`a[href="/seller"]`).Length() == 1; got != tc.buyer {
			t.Errorf("%s: buyer and seller links %v", tc.name, got)
		}
		if got := nav.Find(`a[href="/ops"]`).Length() == 1; got != tc.ops {
			t.Errorf("%s: console link %v", tc.name, got)
		}
	}
}
