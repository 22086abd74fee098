package main

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"agora/internal/account"
	"agora/internal/catalog"
)

// Browser tests of the seller catalog: release with auto-saved drafts and a
// rejection, modification with a diff, hiding, specified buyers, delisting.
// Set-up that is not under test (an approved seller, a listed product) goes
// through the services; everything under test is clicked and typed.

// typeInto types text at the end of a field, key by key, as a person would
// after clicking into it.
func (b *browser) typeInto(sel, text string) {
	b.t.Helper()
	b.run(chromedp.Focus(chromedp.CSS(sel)))
	_ = get(b, chromedp.Evaluate[bool](`(() => { const e = document.activeElement;
		try { e.setSelectionRange(e.value.length, e.value.length) } catch (_) {} return true })()`))
	b.run(chromedp.KeyEvent(text))
}

// retype selects everything in a field and types text over it.
func (b *browser) retype(sel, text string) {
	b.t.Helper()
	b.run(chromedp.Focus(chromedp.CSS(sel)))
	_ = get(b, chromedp.Evaluate[bool](`(() => { document.activeElement.select(); return true })()`))
	b.run(chromedp.KeyEvent(text))
}

// paste focuses a field and inserts text in one go, as a paste does (one
// input event); for texts too long to type key by key.
func (b *browser) paste(sel, text string) {
	b.t.Helper()
	b.run(chromedp.Focus(chromedp.CSS(sel)), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
}

// choose picks an option of a select by its value.
func (b *browser) choose(sel, value string) {
	b.t.Helper()
	b.run(chromedp.SetValue(chromedp.CSS(sel), value))
}

func (b *browser) value(sel string) string {
	b.t.Helper()
	return get(b, chromedp.Value(chromedp.CSS(sel)))
}

func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	return get(b, chromedp.AttributeValue(chromedp.CSS(sel), name)).Value
}

// texts is the trimmed text of every element matching sel, in page order.
func (b *browser) texts(sel string) []string {
	b.t.Helper()
	return get(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(`+jsString(sel)+
		`), e => e.textContent.replace(/\s+/g, " ").trim())`))
}

// flash is the page's success message, shown once.
func (b *browser) flash() string {
	b.t.Helper()
	msgs := b.texts(".alert-success")
	if len(msgs) != 1 {
		b.t.Fatalf("success messages %q, want one", msgs)
	}
	return msgs[0]
}

// status opens path and answers the HTTP status of the page.
func (b *browser) status(path string) int64 {
	b.t.Helper()
	res := get(b, chromedp.NavigateResponse(b.h.URL+path))
	return res.Status
}

// watchAutosave notes, in the page, when the seller last typed into the
// auto-saved form and which auto-save requests were sent after that.
func (b *browser) watchAutosave() {
	b.t.Helper()
	_ = get(b, chromedp.Evaluate[bool](`(() => {
		const f = document.querySelector("form[data-autosave]");
		const w = window.agoraTest = {lastInput: 0, savedAfterInput: false};
		f.addEventListener("input", () => { w.lastInput = performance.now(); w.savedAfterInput = false; });
		document.body.addEventListener("htmx:beforeRequest", e => { e.detail.requestConfig.sentAt = performance.now(); });
		document.body.addEventListener("htmx:afterRequest", e => {
			if (e.detail.successful && e.detail.requestConfig.sentAt > w.lastInput) { w.savedAfterInput = true; }
		});
		return true })()`))
}

// waitAutosaved waits, without pressing anything, until an auto-save sent
// after the last keystroke has come back and the status line says so; it
// returns the status line.
func (b *browser) waitAutosaved() string {
	b.t.Helper()
	return get(b, chromedp.Poll[string](`(() => {
		const s = document.querySelector("#autosave-status.autosave-fresh");
		return window.agoraTest.savedAfterInput && s && !s.classList.contains("autosave-failed") ? s.textContent.trim() : false })()`,
		chromedp.WithPollingTimeout(15*time.Second)))
}

// decide opens the application numbered number from the review queue and
// approves it, or rejects it with reasons per field ("fr.<field>" boxes).
func (b *browser) decide(number string, approve bool, fieldReasons map[string]string) {
	b.t.Helper()
	b.open("/ops/reviews")
	b.submit(`tr[data-review-row="` + number + `"] [data-review-link]`)
	for field, reason := range fieldReasons {
		b.typeInto(`input[name="fr.`+field+`"]`, reason)
	}
	if approve {
		b.submit("[data-approve]")
	} else {
		b.submit("[data-reject]")
	}
	want := "rejected"
	if approve {
		want = "approved"
	}
	if got := b.attr(".review-summary", "data-app-status"); got != want {
		b.t.Fatalf("after deciding %s: %s (%s)", number, got, b.text("main"))
	}
}

// searchNames searches the storefront for q and lists the names on the cards.
func (b *browser) searchNames(q string) []string {
	b.t.Helper()
	b.open("/products?q=" + url.QueryEscape(q))
	return b.texts("[data-product] [data-name]")
}

// TestCatalogBrowserRelease: a seller starts a SaaS release, types, and the
// draft saves itself; it is in the drafts box and the applications after a
// fresh load. A logo goes up through the file input, "save draft" keeps
// everything, a submission missing the support e-mail says so on that field
// and loses nothing. A reviewer rejects with a reason on the summary; the
// seller reads it, fixes the summary, resubmits; the reviewer approves and an
// anonymous visitor finds the product by searching.
func TestCatalogBrowserRelease(t *testing.T) {
	h := newHarness(t)
	readySeller(t, h, "zephyr", "Zephyr Software Co")
	h.account("reviewer1", account.OpsReviewer)
	logo, _ := testFiles(t)

	seller := h.browser(t, "en")
	seller.login("zephyr", "Passw0rd!x")
	seller.open("/seller/products/new")
	seller.run(chromedp.Click(chromedp.CSS(`[data-type="saas"]`)))
	seller.submit("[data-start-release]")
	edit := seller.path()
	if !strings.HasPrefix(edit, "/seller/applications/") || !strings.HasSuffix(edit, "/edit") {
		t.Fatalf("start release went to %s", edit)
	}
	appPath := strings.TrimSuffix(edit, "/edit")
	number := seller.text("[data-app-number]")

	// Typing only: the debounced auto-save stores the draft and says so.
	seller.watchAutosave()
	seller.typeInto("#f-name", "Zephyr CRM")
	seller.typeInto("#f-summary", "Pipeline")
	if got := seller.waitAutosaved(); !strings.HasPrefix(got, "Draft saved") {
		t.Fatalf("auto-save status %q", got)
	}
	seller.open(edit)
	if n, s := seller.value("#f-name"), seller.value("#f-summary"); n != "Zephyr CRM" || s != "Pipeline" {
		t.Fatalf("after a fresh load the form has name %q, summary %q", n, s)
	}
	row := `tr[data-app="` + number + `"]`
	for _, list := range []string{"/seller/drafts", "/seller/applications"} {
		seller.open(list)
		if st, name := seller.attr(row, "data-app-status"), seller.text(row); st != "draft" || !strings.Contains(name, "Zephyr CRM") {
			t.Fatalf("%s lists the draft as %q: %q", list, st, name)
		}
	}

	// Back from the drafts box: the logo through the file input; what was typed stays.
	seller.open("/seller/drafts")
	seller.submit(row + " [data-edit]")
	if seller.path() != edit || seller.value("#f-summary") != "Pipeline" {
		t.Fatalf("continue from the drafts box: %s, summary %q", seller.path(), seller.value("#f-summary"))
	}
	seller.typeInto("#f-name", " SaaS Edition")
	seller.typeInto("#f-summary", " management for growing sales teams.")
	seller.run(chromedp.SetUploadFiles(chromedp.CSS("#f-logo"), []string{logo}))
	seller.submit("[data-upload-logo]")
	if countNodes(seller, "[data-logo-preview]") != 1 || seller.value(`input[name="logo_file_id"]`) == "" {
		t.Fatal("the uploaded logo is not shown on the form")
	}
	if got := seller.value("#f-summary"); got != "Pipeline management for growing sales teams." {
		t.Fatalf("summary after the logo upload: %q", got)
	}

	// Everything else but the support e-mail, then "save draft".
	description := longText("Track leads, deals and customers in one place; forecast revenue and automate follow-ups.")
	seller.choose("#f-category_id", "enterprise")
	seller.paste("#f-description", description)
	seller.typeInto("#f-support_content", "Onboarding, configuration help and troubleshooting by ticket and phone.")
	seller.typeInto("#f-support_hours", "Mon-Fri 09:00-18:00")
	seller.typeInto("#f-support_phone", "400-800-1234")
	seller.typeInto("#f-user_guide", "Sign in with the link in your order, then invite your team.")
	seller.typeInto("#f-eula", "You may use the service for your own business during the paid period.")
	seller.typeInto("#f-production_url", "https://crm.zephyr.example.com/agora")
	seller.choose("#f-delivery", "instant")
	spec := `tr[data-spec-row="0"] `
	seller.typeInto(spec+`input[name="spec_name"]`, "Team")
	seller.typeInto(spec+`input[name="spec_price"]`, "199")
	seller.typeInto(spec+`input[name="spec_trial"]`, "14")
	seller.submit("[data-save-draft]")
	if got := seller.flash(); got != "Draft saved." || seller.path() != edit {
		t.Fatalf("save draft: %q at %s", got, seller.path())
	}
	if seller.value("#f-description") != description || seller.value("#f-support_phone") != "400-800-1234" ||
		seller.value(spec+`input[name="spec_price"]`) != "199" {
		t.Fatal("save draft lost what was typed")
	}

	// Submitting without the e-mail: the error sits on its field, nothing is lost.
	seller.submit("[data-submit]")
	if got := seller.text(`.field-error[data-field="support_email"]`); got != "Enter a valid e-mail address." {
		t.Fatalf("missing e-mail: %q", got)
	}
	if n := countNodes(seller, ".field-error"); n != 1 {
		t.Fatalf("%d field errors, want only the e-mail's: %v", n, seller.texts(".field-error"))
	}
	if seller.value("#f-name") != "Zephyr CRM SaaS Edition" || seller.value("#f-description") != description ||
		seller.value("#f-eula") == "" || seller.value(spec+`input[name="spec_name"]`) != "Team" || countNodes(seller, "[data-logo-preview]") != 1 {
		t.Fatal("the refused submission lost what was typed")
	}
	seller.typeInto("#f-support_email", "support@zephyr.example.com")
	seller.submit("[data-submit]")
	if seller.path() != appPath || seller.attr("[data-application] .card-head [data-status]", "data-status") != "pending" {
		t.Fatalf("after submitting: %s, %q", seller.path(), seller.text("[data-application]"))
	}
	if got := seller.flash(); got != "Submitted. Operations will review it within the deadline shown." {
		t.Fatalf("after submitting: %q", got)
	}

	// The reviewer returns it with a reason on the summary.
	ops := h.browser(t, "en")
	ops.login("reviewer1", "Passw0rd!x")
	const reason = "Say what the product does and for whom, not how it is sold."
	ops.decide(number, false, map[string]string{"summary": reason})

	seller.open(appPath)
	if got := seller.text(`[data-reject-reason] [data-field-reason="summary"]`); got != "Summary: "+reason {
		t.Fatalf("seller sees on the application: %q", got)
	}
	seller.submit("[data-application] [data-edit]")
	if got := seller.text(`.field-reason[data-field-reason="summary"]`); !strings.Contains(got, reason) {
		t.Fatalf("the form shows on the summary: %q", got)
	}
	const summary = "Track leads, deals and revenue forecasts for sales teams of 5 to 500 people."
	seller.retype("#f-summary", summary)
	seller.submit("[data-submit]")
	if got := seller.attr("[data-application] .card-head [data-status]", "data-status"); got != "pending" {
		t.Fatalf("after resubmitting: %q", got)
	}

	ops.open("/ops/reviews")
	ops.submit(`tr[data-review-row="` + number + `"] [data-review-link]`)
	if got := ops.text(`tr[data-field="summary"] .diff-new`); got != summary {
		t.Fatalf("reviewer sees the summary %q", got)
	}
	ops.decide(number, true, nil)
	seller.open(appPath)
	if got := seller.attr("[data-application] .card-head [data-status]", "data-status"); got != "approved" {
		t.Fatalf("seller sees %q", got)
	}

	// Listed and searchable by anyone.
	anon := h.browser(t, "en")
	if names := anon.searchNames("Zephyr"); !slices.Contains(names, "Zephyr CRM SaaS Edition") {
		t.Fatalf("search finds %v", names)
	}
	anon.submit("[data-product]")
	if got := anon.text(".sf-product-main .lead"); got != summary {
		t.Fatalf("product page summary %q", got)
	}
}

// TestCatalogBrowserModification: a seller changes the summary of a listed
// product and adds a spec; until approval the storefront keeps the old
// version, the reviewer sees old and new side by side, and after approval the
// storefront shows the new summary and spec.
func TestCatalogBrowserModification(t *testing.T) {
	h := newHarness(t)
	s := readySeller(t, h, "orbit", "Orbit Data Co")
	rev := h.account("reviewer1", account.OpsReviewer)
	p := releaseProduct(t, h, s, rev, "Orbit CRM SaaS Edition")
	old := p.Summary
	const summary = "Customer relationship management with AI-written follow-ups."
	product := "/products/" + p.ID.String()

	seller := h.browser(t, "en")
	seller.login("orbit", "Passw0rd!x")
	seller.open("/seller/products/" + p.ID.String())
	seller.submit("[data-modify]")
	if !strings.HasSuffix(seller.path(), "/edit") || seller.value("#f-summary") != old {
		t.Fatalf("modify opened %s with summary %q", seller.path(), seller.value("#f-summary"))
	}
	number := seller.text("[data-app-number]")
	seller.retype("#f-summary", summary)
	seller.submit("[data-add-spec]")
	if got := seller.value("#f-summary"); got != summary {
		t.Fatalf("adding a spec lost the new summary: %q", got)
	}
	added := `tr[data-spec-row="2"] `
	seller.typeInto(added+`input[name="spec_name"]`, "Business")
	seller.choose(added+`select[name="spec_billing"]`, "monthly")
	seller.typeInto(added+`input[name="spec_price"]`, "599")
	seller.submit("[data-submit]")
	if got := seller.attr("[data-application] .card-head [data-status]", "data-status"); got != "pending" {
		t.Fatalf("modification submitted: %q (%s)", got, seller.texts(".field-error"))
	}

	// The live version keeps selling unchanged.
	anon := h.browser(t, "en")
	anon.open(product)
	if got, specs := anon.text(".sf-product-main .lead"), anon.texts("[data-price-row] td:first-child"); got != old || slices.Contains(specs, "Business") {
		t.Fatalf("while the change is pending the storefront shows %q with specs %v", got, specs)
	}

	ops := h.browser(t, "en")
	ops.login("reviewer1", "Passw0rd!x")
	ops.open("/ops/reviews")
	ops.submit(`tr[data-review-row="` + number + `"] [data-review-link]`)
	changed := `tr[data-field="summary"][data-changed] `
	if o, n := ops.text(changed+".diff-old"), ops.text(changed+".diff-new"); o != old || n != summary {
		t.Fatalf("diff of the summary: %q → %q", o, n)
	}
	if got := ops.text(`[data-spec-state="added"]`); !strings.Contains(got, "Business") || !strings.Contains(got, "599") {
		t.Fatalf("added spec: %q", got)
	}
	if got := ops.attr("[data-change-count]", "data-change-count"); got != "2" {
		t.Fatalf("changes counted: %s", got)
	}
	if n := countNodes(ops, `tr[data-field="name"][data-changed]`); n != 0 {
		t.Fatal("the unchanged name is marked changed")
	}
	ops.decide(number, true, nil)

	anon.open(product)
	if got, specs := anon.text(".sf-product-main .lead"), anon.texts("[data-price-row] td:first-child"); got != summary || !slices.Contains(specs, "Business") || !slices.Contains(specs, "Team") {
		t.Fatalf("after approval the storefront shows %q with specs %v", got, specs)
	}
}

// TestCatalogBrowserHide: a hidden spec leaves the product page but its
// purchase link still selects it; a hidden product leaves search but its
// address, as the seller page gives it, still opens it. Made public again,
// the product is found and every spec is shown (domain §2.8).
func TestCatalogBrowserHide(t *testing.T) {
	h := newHarness(t)
	s := readySeller(t, h, "nimbus", "Nimbus Backup Co")
	rev := h.account("reviewer1", account.OpsReviewer)
	p := releaseProduct(t, h, s, rev, "Nimbus Backup SaaS Edition")
	anon := h.browser(t, "en")
	if names := anon.searchNames("Nimbus"); !slices.Contains(names, p.Name) {
		t.Fatalf("listed product not found: %v", names)
	}
	// copied reads an address from the seller's page; it must be on the
	// public base address, and the test server answers its path.
	copied := func(b *browser, sel string) string {
		t.Helper()
		link, err := url.Parse(b.value(sel))
		if err != nil || link.Scheme+"://"+link.Host != h.cfg.BaseURL || link.Path != "/products/"+p.ID.String() {
			t.Fatalf("address in %s: %q", sel, b.value(sel))
		}
		return link.RequestURI()
	}

	seller := h.browser(t, "en")
	seller.login("nimbus", "Passw0rd!x")
	seller.open("/seller/products/" + p.ID.String())
	enterprise := `tr[data-spec="Enterprise"] `
	seller.submit(enterprise + "[data-hide-spec]")
	if got := seller.flash(); got != "The spec is hidden: only its purchase link shows it." || countNodes(seller, enterprise+"[data-hidden]") != 1 {
		t.Fatalf("after hiding a spec: %q", got)
	}
	specLink := copied(seller, enterprise+"input.copy-field")
	anon.open("/products/" + p.ID.String())
	if specs := anon.texts("[data-price-row] td:first-child"); slices.Contains(specs, "Enterprise") || !slices.Contains(specs, "Team") {
		t.Fatalf("with a hidden spec the product page shows %v", specs)
	}
	anon.open(specLink)
	if got := anon.text("[data-selected]"); !strings.Contains(got, "Enterprise") {
		t.Fatalf("the spec's purchase link selects %q", got)
	}

	seller.submit("[data-hide]")
	if got := seller.flash(); got != "The product is hidden: only its address leads to it." || countNodes(seller, "[data-show]") != 1 {
		t.Fatalf("after hiding: %q", got)
	}
	link := copied(seller, "[data-product-url]")
	if names := anon.searchNames("Nimbus"); slices.Contains(names, p.Name) {
		t.Fatalf("hidden product still in search: %v", names)
	}
	anon.open(link)
	if got := anon.text("h1[data-name]"); got != p.Name {
		t.Fatalf("the address opens %q", got)
	}

	seller.submit("[data-show]")
	if got := seller.flash(); got != "The product is public again, with all its specs." || countNodes(seller, "[data-hidden]") != 0 {
		t.Fatalf("after making it public: %q, hidden marks %d", got, countNodes(seller, "[data-hidden]"))
	}
	if names := anon.searchNames("Nimbus"); !slices.Contains(names, p.Name) {
		t.Fatalf("public again but not found: %v", names)
	}
	anon.open(link)
	if specs := anon.texts("[data-price-row] td:first-child"); !slices.Contains(specs, "Enterprise") {
		t.Fatalf("public again, the product page shows %v", specs)
	}
}

// TestCatalogBrowserSpecifiedUsers: sold to specified users only; a buyer
// added with a wrong ID is refused, with the right one listed; the listed
// buyer may buy, another sees whom to ask; removed, the first one may not.
func TestCatalogBrowserSpecifiedUsers(t *testing.T) {
	h := newHarness(t)
	s := readySeller(t, h, "vela", "Vela Tech Co")
	rev := h.account("reviewer1", account.OpsReviewer)
	p := releaseProduct(t, h, s, rev, "Vela CRM SaaS Edition")
	ann, bob := h.account("buyer-ann", ""), h.account("buyer-bob", "")
	product := "/products/" + p.ID.String()

	seller := h.browser(t, "en")
	seller.login("vela", "Passw0rd!x")
	seller.open("/seller/products/" + p.ID.String())
	seller.submit("[data-sales]")
	seller.choose("#f-target", catalog.TargetSpecified)
	seller.submit("[data-save-target]")
	if got := seller.value("#f-target"); got != catalog.TargetSpecified || seller.flash() != "Saved." {
		t.Fatalf("target now %q", got)
	}

	form := `form[data-add-member="buyers"] `
	seller.typeInto(form+`input[name="member_name"]`, "buyer-ann")
	seller.typeInto(form+`input[name="member_id"]`, bob.PublicID) // someone's ID, but not Ann's
	seller.submit(form + "[data-add-member-submit]")
	if got := seller.text(form + `.field-error[data-field="member_id"]`); got != "No account has this name and this ID. Check both with the buyer." {
		t.Fatalf("wrong ID: %q", got)
	}
	if n := countNodes(seller, `[data-members="buyers"] tr[data-member]`); n != 0 {
		t.Fatalf("%d buyers listed after a refused add", n)
	}
	if got := seller.value(form + `input[name="member_name"]`); got != "buyer-ann" {
		t.Fatalf("the name typed was lost: %q", got)
	}
	seller.retype(form+`input[name="member_id"]`, ann.PublicID)
	seller.submit(form + "[data-add-member-submit]")
	if got := seller.text(`[data-members="buyers"] tr[data-member="buyer-ann"]`); !strings.Contains(got, ann.PublicID) {
		t.Fatalf("listed buyer: %q", got)
	}

	annB := h.browser(t, "en")
	annB.login("buyer-ann", "Passw0rd!x")
	annB.open(product)
	if countNodes(annB, "[data-buy]") != 1 {
		t.Fatalf("the specified buyer cannot buy: %q", annB.text("#buy"))
	}
	bobB := h.browser(t, "zh-CN")
	bobB.login("buyer-bob", "Passw0rd!x")
	bobB.open(product)
	if countNodes(bobB, "[data-buy]") != 0 || countNodes(bobB, `[data-verdict="buy.specified_only"]`) != 1 {
		t.Fatalf("an unlisted buyer sees %q", bobB.text("#buy"))
	}
	if got := bobB.text(`[data-verdict] [data-contact]`); !strings.Contains(got, "请联系 Vela Tech Co") || !strings.Contains(got, "cs@example.com") {
		t.Fatalf("seller's contact: %q", got)
	}

	seller.submit(`tr[data-member="buyer-ann"] [data-remove-member]`)
	if n := countNodes(seller, `[data-members="buyers"] tr[data-member]`); n != 0 {
		t.Fatalf("%d buyers listed after removing", n)
	}
	annB.open(product)
	if countNodes(annB, "[data-buy]") != 0 || countNodes(annB, `[data-verdict="buy.specified_only"]`) != 1 {
		t.Fatalf("a removed buyer sees %q", annB.text("#buy"))
	}
}

// TestCatalogBrowserDelist: a spec is delisted, then the whole product: it
// keeps selling while the request is reviewed; once approved its address
// answers 410, search no longer finds it, and the seller can do nothing more
// with it.
func TestCatalogBrowserDelist(t *testing.T) {
	h := newHarness(t)
	s := readySeller(t, h, "lyra", "Lyra Mail Co")
	rev := h.account("reviewer1", account.OpsReviewer)
	p := releaseProduct(t, h, s, rev, "Lyra Mail SaaS Edition")
	_, proof := testFiles(t)
	product, mine := "/products/"+p.ID.String(), "/seller/products/"+p.ID.String()
	var enterprise string
	for _, sp := range p.Specs {
		if sp.Name == "Enterprise" {
			enterprise = sp.ID.String()
		}
	}

	seller := h.browser(t, "en")
	seller.login("lyra", "Passw0rd!x")
	ops := h.browser(t, "en")
	ops.login("reviewer1", "Passw0rd!x")
	anon := h.browser(t, "en")

	// One spec: the others keep selling.
	seller.open(mine)
	seller.submit("[data-delist]")
	seller.choose("#f-spec_id", enterprise)
	seller.typeInto("#f-reason", "The enterprise plan is replaced by the team plan.")
	seller.submit("[data-delist-submit]")
	number := seller.attr("[data-application]", "data-application")
	ops.decide(number, true, nil)
	anon.open(product)
	if specs := anon.texts("[data-price-row] td:first-child"); slices.Contains(specs, "Enterprise") || !slices.Contains(specs, "Team") {
		t.Fatalf("after delisting a spec the storefront sells %v", specs)
	}

	// The whole product, with proof.
	seller.open(mine)
	seller.submit("[data-delist]")
	if got := seller.value("#f-spec_id"); got != "" {
		t.Fatalf("delist scope defaults to %q", got)
	}
	seller.typeInto("#f-reason", "We are closing the service at the end of the year.")
	seller.run(chromedp.SetUploadFiles(chromedp.CSS("#f-proof"), []string{proof}))
	seller.submit("[data-delist-submit]")
	if got := seller.flash(); got != "Delisting requested. Operations will review it." {
		t.Fatalf("after requesting: %q", got)
	}
	if got := seller.text("main"); !strings.Contains(got, "licence.pdf") || !strings.Contains(got, "closing the service") {
		t.Fatalf("delisting application: %q", got)
	}
	number = seller.attr("[data-application]", "data-application")
	seller.open(mine)
	if got := seller.attr(`[data-product-page] .card-head [data-status]`, "data-status"); got != "delisting" || countNodes(seller, "[data-pending-delist]") != 1 {
		t.Fatalf("product while delisting: %q", got)
	}
	// This tab stays open on the product page, Modify button and all.

	// Still on sale while the request is reviewed.
	if code := anon.status(product); code != 200 || countNodes(anon, `[data-verdict="buy.login"]`) != 1 {
		t.Fatalf("pending delisting: status %d, %q", code, anon.text("main"))
	}
	if names := anon.searchNames("Lyra"); !slices.Contains(names, p.Name) {
		t.Fatalf("pending delisting: search finds %v", names)
	}

	ops.open("/ops/reviews")
	ops.submit(`tr[data-review-row="` + number + `"] [data-review-link]`)
	if got := ops.text("[data-delist-scope]"); got != "The whole product (cannot be undone)" {
		t.Fatalf("reviewer sees scope %q", got)
	}
	if got := ops.text("[data-proof]"); !strings.Contains(got, "licence.pdf") {
		t.Fatalf("reviewer sees proof %q", got)
	}
	ops.decide(number, true, nil)

	if code := anon.status(product); code != 410 || anon.text(`[data-status="410"] h1`) != "No longer available" {
		t.Fatalf("delisted product: status %d, %q", code, anon.text("main"))
	}
	if names := anon.searchNames("Lyra"); slices.Contains(names, p.Name) {
		t.Fatalf("delisted product still in search: %v", names)
	}

	// The stale tab's Modify button is refused; the fresh page offers nothing.
	seller.submit("[data-modify]")
	if got := seller.text(".error-card"); !strings.Contains(got, "no longer on sale") {
		t.Fatalf("modifying a delisted product: %q", got)
	}
	seller.open(mine)
	if got := seller.attr(`[data-product-page] .card-head [data-status]`, "data-status"); got != "delisted" {
		t.Fatalf("seller sees %q", got)
	}
	for _, sel := range []string{"[data-modify]", "[data-delist]", "[data-hide]", "[data-show]", "[data-sales]", "[data-product-url]"} {
		if countNodes(seller, sel) != 0 {
			t.Errorf("a delisted product still offers %s", sel)
		}
	}
	if code := seller.status(mine + "/delist"); code != 409 {
		t.Errorf("delist form of a delisted product: %d", code)
	}
}
