package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"agora/internal/catalog"
)

// TestCatalogLooksBrowser: what the screenshot review of the catalog pages
// found, as a browser renders it: logos shown whole, English names not cut
// mid-word, Latin punctuation on English pages, hints clear of the field
// above them, choosing a spec by its card, and a spec's sales row saving as
// one form although its controls sit in separate columns.
func TestCatalogLooksBrowser(t *testing.T) {
	h := newHarness(t)
	acme := rvSeller(t, h, "lookco", "Acme 云科技有限公司")
	c := rvContent(t, h, acme, catalog.TypeLicense, "智慧工地管理平台 独立部署")
	c.NameEn = "Smart Construction Site Platform (Standalone)"
	c.Specs = []catalog.SpecDraft{{Name: "单项目", BillingMode: catalog.BillYearly, Price: "30,000"},
		{Name: "集团版", BillingMode: catalog.BillYearly, Price: "98,000"}}
	p := rvListed(t, h, acme, c)

	b := h.browser(t, "en")
	b.open("/products")
	// The card shows the whole English name and the whole logo.
	card := `[data-product]:has([data-name])`
	if got := b.text(card + " [data-name]"); got != c.NameEn {
		t.Errorf("card name %q", got)
	}
	if cut := get(b, chromedp.Evaluate[bool](`(() => { const n = document.querySelector("[data-product] [data-name]");
		return n.scrollHeight > n.clientHeight + 1 })()`)); cut {
		t.Error("the English card name is cut")
	}
	if fit := get(b, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("[data-product] img.sf-logo")).objectFit`)); fit != "contain" {
		t.Errorf("card logo object-fit %q", fit)
	}
	// Quotes on English pages are Latin-width, on Chinese pages full-width.
	quote := `(() => { const s = document.createElement("span"); s.textContent = "\u201c";
		document.querySelector("main").appendChild(s);
		return s.getBoundingClientRect().width / parseFloat(getComputedStyle(s).fontSize) })()`
	if w := get(b, chromedp.Evaluate[float64](quote)); w > 0.6 {
		t.Errorf("an English quote is %.2f em wide", w)
	}

	// The product page: its logo whole in a 168×80 box; another spec chosen by its card.
	b.open("/products/" + p.ID.String())
	box := get(b, chromedp.Evaluate[[]float64](`(() => { const i = document.querySelector("img.sf-logo-big"); const r = i.getBoundingClientRect();
		return [r.width, r.height, getComputedStyle(i).objectFit === "contain" ? 1 : 0] })()`))
	if len(box) != 3 || box[0] != 168 || box[1] != 80 || box[2] != 1 {
		t.Errorf("product logo box %v", box)
	}
	second := p.Specs[1].ID.String()
	b.submit(`a.sf-spec[data-spec="` + second + `"]`)
	if !strings.HasSuffix(b.path(), "?spec="+second) || b.attr(".sf-spec.selected", "data-spec") != second ||
		len(b.texts(".sf-spec.selected")) != 1 || !strings.Contains(b.text("[data-selected]"), "集团版 — ¥98,000.00") {
		t.Errorf("after choosing the second spec: %s, selected %q", b.path(), b.text("[data-selected]"))
	}

	// Seller pages: a hint never overlaps what is above it.
	b.login(acme.Name, "Passw0rd!x")
	below := `(() => Array.from(document.querySelectorAll("main .hint")).filter(h => {
		const prev = h.previousElementSibling; return prev && h.getBoundingClientRect().top < prev.getBoundingClientRect().bottom
	}).map(h => h.textContent.trim().slice(0, 40)))()`
	for _, path := range []string{"/seller/products/" + p.ID.String(), "/seller/products/" + p.ID.String() + "/sales"} {
		b.open(path)
		if over := get(b, chromedp.Evaluate[[]string](below)); len(over) > 0 {
			t.Errorf("%s: hints overlap what is above them: %q", path, over)
		}
	}

	// The sales row of a spec saves its limit although the field sits in its own column.
	first := p.Specs[0].ID.String()
	b.fill(`input[name=limit][form="spec-sales-`+first+`"]`, "3")
	b.submit(`#spec-sales-` + first + ` [data-save-spec-sales]`)
	b.open("/seller/products/" + p.ID.String() + "/sales")
	if got := b.value(`input[name=limit][form="spec-sales-` + first + `"]`); got != "3" {
		t.Errorf("limit after saving %q", got)
	}
}
