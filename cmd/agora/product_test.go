package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
)

// A seller who is not yet admitted and certified cannot reach product pages.
func TestProductPagesNeedReadySeller(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.account("fresh", "")
	c := h.client()
	c.login("fresh", "Passw0rd!x")
	for _, path := range []string{"/seller/products", "/seller/products/new", "/seller/applications", "/seller/drafts"} {
		if p := c.get(path); p.Status != http.StatusForbidden || !strings.Contains(p.Doc.Text(), "certified") {
			t.Errorf("%s: status %d, want 403 explaining the entry steps", path, p.Status)
		}
	}
}

// The release flow through the real server: start, auto-save, a submission
// with mistakes that keeps every typed value, a logo, a valid submission,
// rejection with a field reason, fix, resubmit, approval, listing.
func TestReleaseFlowOverHTTP(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seller := readySeller(t, h, "crmco", "CRM 软件有限公司")
	rev := h.account("rev1", account.OpsReviewer)
	c := h.client()
	c.login("crmco", "Passw0rd!x")

	p := c.post("/seller/products/new", url.Values{"access_type": {"saas"}})
	if p.Status != http.StatusSeeOther || !strings.HasSuffix(p.Location, "/edit") {
		t.Fatalf("start release: %d %s", p.Status, p.Location)
	}
	edit := p.Location
	appPath := strings.TrimSuffix(edit, "/edit")

	// Auto-save keeps half-typed, invalid input and answers the status line.
	p = c.post(appPath+"/autosave", url.Values{"name": {"Cloud CRM"}, "summary": {"short"}, "spec_name": {"Team"}, "spec_billing": {"monthly"}, "spec_price": {"abc"}})
	if p.Status != http.StatusOK || p.Doc.Find("#autosave-status").Length() != 1 {
		t.Fatalf("autosave: %d %q", p.Status, p.Doc.Text())
	}
	p = c.get(edit)
	if v, _ := p.Doc.Find(`input[name=name]`).Attr("value"); v != "Cloud CRM" {
		t.Errorf("after reload the name is %q", v)
	}
	if v, _ := p.Doc.Find(`input[name=spec_price]`).Attr("value"); v != "abc" {
		t.Errorf("after reload the price is %q, want what was typed", v)
	}
	if p.Doc.Find(`[data-app]`).Length() != 0 {
		t.Error("edit page should not be a list")
	}
	drafts := c.get("/seller/drafts")
	if drafts.Doc.Find(`[data-app-status=draft]`).Length() != 1 {
		t.Errorf("the draft is not in the drafts box: %s", drafts.Doc.Find("main").Text())
	}

	// Submitting with mistakes: 422, errors on the fields, nothing lost.
	f := saasForm("Cloud CRM", "")
	p = c.post(appPath+"/submit", f)
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid submit: %d", p.Status)
	}
	for _, field := range []string{"name", "logo"} {
		if p.Doc.Find(`.field-error[data-field=`+field+`]`).Length() != 1 {
			t.Errorf("no error shown on %s", field)
		}
	}
	if v := p.Doc.Find(`textarea[name=description]`).Text(); v != f.Get("description") {
		t.Error("the description typed was not kept on the error page")
	}

	// A logo, then a valid submission.
	f.Set("name", "Cloud CRM SaaS Edition")
	f.Set("logo_file_id", productLogo(t, h, seller))
	p = c.post(appPath+"/submit", f)
	if p.Status != http.StatusSeeOther || p.Location != appPath {
		t.Fatalf("submit: %d %s %s", p.Status, p.Location, p.Doc.Find(".field-error").Text())
	}
	// A second click on submit lands on the application too, not on an error.
	if again := c.post(appPath+"/submit", f); again.Status != http.StatusSeeOther || again.Location != appPath {
		t.Fatalf("second submit: %d %s", again.Status, again.Location)
	}
	p = c.get(appPath)
	if p.Doc.Find(`[data-status=pending]`).Length() == 0 || p.Doc.Find(".sla").Length() == 0 {
		t.Errorf("submitted application should show pending with its review deadline")
	}
	if p.Doc.Find(`[data-withdraw]`).Length() != 1 {
		t.Error("a pending application offers withdrawal")
	}

	// The reviewer rejects with a reason on the name.
	id := mustAppID(t, appPath)
	app, err := h.svc.catalog.GetForReview(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	err = h.svc.catalog.Decide(context.Background(), rev, id, catalog.Decision{Reason: "Please fix the name.",
		FieldReasons: map[string]string{"name": "Use the product's real brand name."}, Version: fmt.Sprint(app.Version)})
	if err != nil {
		t.Fatal(err)
	}
	p = c.get(edit)
	if got := text(p, `[data-field-reason=name]`); !strings.Contains(got, "real brand name") {
		t.Errorf("edit page shows reason %q on the name", got)
	}
	f.Set("name", "Acme Cloud CRM SaaS Edition")
	if p = c.post(appPath+"/submit", f); p.Status != http.StatusSeeOther {
		t.Fatalf("resubmit: %d", p.Status)
	}
	app, _ = h.svc.catalog.GetForReview(context.Background(), id)
	if err := h.svc.catalog.Decide(context.Background(), rev, id, catalog.Decision{Approve: true, Version: fmt.Sprint(app.Version)}); err != nil {
		t.Fatal(err)
	}
	p = c.get("/seller/products")
	if got := text(p, `[data-products] a`); got != "Acme Cloud CRM SaaS Edition" {
		t.Errorf("my products lists %q", got)
	}
}

func mustAppID(t *testing.T, path string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(path[strings.LastIndex(path, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestSpecSalesFormKeepsTyped: a refused spec sales setting shows the error
// next to what the seller typed, not next to the stored value.
func TestSpecSalesFormKeepsTyped(t *testing.T) {
	h := newHarness(t)
	seller := readySeller(t, h, "salesform", "销售配置科技有限公司")
	p := releaseProduct(t, h, seller, h.account("salesform-ops", account.OpsReviewer), "销售配置SaaS版")
	c := h.client()
	c.login(seller.Name, "Passw0rd!x")
	sp := p.Specs[0]
	page := c.post("/seller/products/"+p.ID.String()+"/sales/specs/"+sp.ID.String(), url.Values{"target": {"all"},
		"limit": {"五千"}, "until_expiry": {"yes"}, "version": {fmt.Sprint(sp.Version)}})
	if page.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", page.Status)
	}
	row := page.Doc.Find(`tr[data-spec="` + sp.Name + `"]`)
	if v, _ := row.Find(`input[name="limit"]`).Attr("value"); v != "五千" {
		t.Errorf("typed limit shown as %q", v)
	}
	if _, ticked := row.Find(`input[name="until_expiry"]`).Attr("checked"); !ticked {
		t.Error("the ticked box came back unticked")
	}
	if row.Find(`.field-error[data-field="limit"]`).Length() != 1 {
		t.Errorf("no error on the limit: %q", row.Text())
	}
}
