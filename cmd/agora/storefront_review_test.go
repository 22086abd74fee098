package main

import (
	"context"
	"fmt"
	"net/http"
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
