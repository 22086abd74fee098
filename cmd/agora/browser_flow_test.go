package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"agora/internal/account"
)

// TestEntryToReadySeller walks the whole way from sign-up to a certified seller,
// in two browsers: the applicant and operations.
func TestEntryToReadySeller(t *testing.T) {
	h := newHarness(t)
	h.account("reviewer1", account.OpsReviewer)
	h.account("admin1", account.OpsAdmin)
	logo, licence := testFiles(t)

	seller := h.browser(t, "en")
	seller.signup("acme", "acmePass123")
	if got := seller.path(); got != "/buyer" {
		t.Fatalf("after sign-up at %s", got)
	}
	seller.open("/seller")
	if got := seller.text("[data-stage]"); !strings.Contains(got, "Not applied yet") {
		t.Fatalf("seller center before applying: %q", got)
	}

	// A first attempt with a too-small team: the form comes back with the message and keeps everything typed.
	seller.open("/seller/entry")
	seller.fill("#f-company_name", "Acme Cloud Ltd")
	seller.fill("#f-website", "https://acme.example.com")
	seller.run(chromedp.SetUploadFiles(chromedp.CSS("#f-logo"), []string{logo}),
		chromedp.SetUploadFiles(chromedp.CSS("#f-licence"), []string{licence}))
	seller.fill("#f-years_in_business", "3")
	seller.fill("#f-headcount", "9")
	seller.fill("#f-registered_capital", "1,000,000")
	seller.fill("#f-contact_name", "Li Lei")
	seller.fill("#f-contact_phone", "+86 138 0000 0001")
	seller.fill("#f-contact_email", "lilei@acme.example.com")
	seller.fill("#f-cs_phone", "400-800-1234")
	seller.fill("#f-cs_email", "support@acme.example.com")
	seller.fill("#f-profile", "We build enterprise collaboration software and run it for three hundred customers.")
	seller.run(chromedp.Click(chromedp.CSS(`input[name="agree"]`)))
	seller.submit(".form-actions button")
	if got := seller.text(`.field-error[data-field="headcount"]`); got != "The technical and service team must have at least 15 people." {
		t.Fatalf("headcount message %q", got)
	}
	company := get(seller, chromedp.Value(chromedp.CSS("#f-company_name")))
	if company != "Acme Cloud Ltd" {
		t.Fatalf("typed company lost: %q", company)
	}
	if got := seller.text(`[data-kept="logo"]`); !strings.Contains(got, "logo.png") {
		t.Fatalf("uploaded logo not kept: %q", got)
	}
	seller.fill("#f-headcount", "40")
	seller.submit(".form-actions button")
	if got := seller.text("[data-entry-status]"); !strings.Contains(got, "Pending review") || !strings.Contains(got, "Due 2026-11-24 10:00") {
		t.Fatalf("after submitting: %q", got)
	}

	// The reviewer sees it in the queue with its deadline and rejects it with a reason.
	ops := h.browser(t, "en")
	ops.login("reviewer1", "Passw0rd!x")
	ops.open("/ops/entries")
	if got := ops.text(`tr[data-row="Acme Cloud Ltd"]`); !strings.Contains(got, "Due 2026-11-24 10:00") {
		t.Fatalf("queue row %q", got)
	}
	ops.run(chromedp.Click(chromedp.CSS(`tr[data-row="Acme Cloud Ltd"] a`)), chromedp.WaitVisible(chromedp.CSS(".decision")))
	ops.submit(`button[value="reject"]`)
	if got := ops.text(`.field-error[data-field="reason"]`); got != "Give a reason of 5–1000 characters." {
		t.Fatalf("reject without reason: %q", got)
	}
	ops.fill("#f-reason", "The business licence scan is unreadable; upload a clearer copy.")
	ops.submit(`button[value="reject"]`)
	if got := ops.text("[data-entry-status] .badge"); got != "Rejected" {
		t.Fatalf("after rejecting: %q", got)
	}

	// The seller reads the reason (page and inbox) and resubmits.
	seller.open("/seller/entry")
	if got := seller.text("[data-reject-reason]"); !strings.Contains(got, "licence scan is unreadable") {
		t.Fatalf("seller sees %q", got)
	}
	seller.open("/buyer/messages")
	if got := seller.text("[data-message]"); !strings.Contains(got, "rejected") || !strings.Contains(got, "licence scan is unreadable") {
		t.Fatalf("inbox %q", got)
	}
	seller.open("/seller/entry")
	seller.run(chromedp.SetUploadFiles(chromedp.CSS("#f-licence"), []string{licence}))
	seller.run(chromedp.Click(chromedp.CSS(`input[name="agree"]`)))
	seller.submit(".form-actions button")
	if got := seller.text("[data-entry-status] .badge"); got != "Pending review" {
		t.Fatalf("after resubmitting: %q", got)
	}
	if got := seller.text(".timeline"); !strings.Contains(got, "Resubmitted after changes") || !strings.Contains(got, "licence scan is unreadable") ||
		strings.Count(got, "licence.pdf") != 2 {
		t.Fatalf("timeline %q", got)
	}

	ops.open("/ops/entries")
	ops.run(chromedp.Click(chromedp.CSS(`tr[data-row="Acme Cloud Ltd"] a`)), chromedp.WaitVisible(chromedp.CSS(".decision")))
	ops.submit(`button[value="approve"]`)
	if got := ops.text("[data-entry-status] .badge"); got != "Approved" {
		t.Fatalf("after approving: %q", got)
	}

	// Certification: two rejections, the third locks, an admin unlocks, then it passes.
	certify := func() {
		seller.open("/seller/certification")
		seller.fill("#f-bank_name", "ICBC")
		seller.fill("#f-bank_branch", "Hangzhou Xihu")
		seller.fill("#f-bank_account", "6222020200112233445")
		seller.fill("#f-tax_id", "91330106MA2B0C1D2E")
		seller.run(chromedp.SetValue(chromedp.CSS("#f-taxpayer_type"), "general"), chromedp.SetValue(chromedp.CSS("#f-tax_rate"), "6"))
		seller.submit(".form-actions button")
		if got := seller.text("[data-cert-status] .badge"); got != "Under review" {
			t.Fatalf("certification submitted: %q", got)
		}
	}
	rejectCert := func(reason string) {
		ops.open("/ops/certifications")
		ops.run(chromedp.Click(chromedp.CSS(`tr[data-row="Acme Cloud Ltd"] a`)), chromedp.WaitVisible(chromedp.CSS(".decision")))
		ops.fill("#f-reason", reason)
		ops.submit(`button[value="reject"]`)
	}
	for i, left := range []string{"2 attempts left", "1 attempts left"} {
		certify()
		rejectCert("The account number does not match the bank's records.")
		seller.open("/seller/certification")
		if got := seller.text("[data-reject-reason]"); !strings.Contains(got, left) {
			t.Fatalf("rejection %d: %q", i+1, got)
		}
	}
	certify()
	rejectCert("Third mismatch of the account number.")
	seller.open("/seller/certification")
	if got := seller.text("[data-locked]"); !strings.Contains(got, "Certification locked") {
		t.Fatalf("after the third failure: %q", got)
	}
	if n := countNodes(seller, "form[action='/seller/certification']"); n != 0 {
		t.Fatal("a locked certification still offers the form")
	}
	ops.open("/ops/certifications?status=locked")
	ops.run(chromedp.Click(chromedp.CSS(`tr[data-row="Acme Cloud Ltd"] a`)), chromedp.WaitReady(chromedp.CSS("body > footer")))
	if n := countNodes(ops, `button[value="unlock"]`); n != 0 {
		t.Fatal("a reviewer is offered the unlock button")
	}
	admin := h.browser(t, "en")
	admin.login("admin1", "Passw0rd!x")
	admin.open(ops.path())
	admin.fill("#f-reason", "Seller called; bank confirmed the new account.")
	admin.submit(`button[value="unlock"]`)
	if got := admin.text("[data-cert-status] .badge"); got != "Rejected" {
		t.Fatalf("after unlocking: %q", got)
	}
	certify()
	ops.open("/ops/certifications")
	ops.run(chromedp.Click(chromedp.CSS(`tr[data-row="Acme Cloud Ltd"] a`)), chromedp.WaitVisible(chromedp.CSS(".decision")))
	ops.submit(`button[value="approve"]`)

	seller.open("/seller")
	if got := seller.text("[data-stage]"); !strings.Contains(got, "Entered and certified") {
		t.Fatalf("seller center at the end: %q", got)
	}
	seller.open("/seller/agreements")
	if got := seller.text("[data-agreement]"); !strings.Contains(got, "Seller Cooperation Agreement") || !strings.Contains(got, "2026.1") {
		t.Fatalf("my agreements: %q", got)
	}
}

func countNodes(b *browser, sel string) int {
	return get(b, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }

// TestConcurrentApproval: two reviewers open the same application; the one who
// clicks second gets the "already handled" page, and the application is approved once.
func TestConcurrentApproval(t *testing.T) {
	h := newHarness(t)
	h.account("rev-a", account.OpsReviewer)
	h.account("rev-b", account.OpsReviewer)
	seller := h.account("zeta", "")
	app := submitEntry(t, h, seller, "Zeta Data Co")
	a, b := h.browser(t, "en"), h.browser(t, "en")
	a.login("rev-a", "Passw0rd!x")
	b.login("rev-b", "Passw0rd!x")
	a.open("/ops/entries/" + app.ID.String())
	b.open("/ops/entries/" + app.ID.String())
	a.submit(`button[value="approve"]`)
	b.submit(`button[value="approve"]`)
	if got := a.text("[data-entry-status] .badge"); got != "Approved" {
		t.Fatalf("first reviewer: %q", got)
	}
	if got := b.text(".error-card"); !strings.Contains(got, "Already handled") {
		t.Fatalf("second reviewer: %q", got)
	}
	items, err := h.svc.merchants.Timeline(t.Context(), "entry_application", app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[1].Event != "approve" {
		t.Fatalf("timeline %+v", items)
	}
}

// TestLanguageSwitch: the switch is on every page and remembered.
func TestLanguageSwitch(t *testing.T) {
	h := newHarness(t)
	b := h.browser(t, "zh-CN")
	b.open("/login")
	if got := b.text("h1"); got != "登录 Agora" {
		t.Fatalf("Accept-Language zh-CN: %q", got)
	}
	b.submit(`a[data-lang="en"]`)
	if got, p := b.text("h1"), b.path(); got != "Log in to Agora" || p != "/login" {
		t.Fatalf("after switching: %q at %s", got, p)
	}
	b.open("/signup")
	if got := b.text("h1"); got != "Create your Agora account" {
		t.Fatalf("choice not remembered: %q", got)
	}
	b.submit(`a[data-lang="zh-CN"]`)
	if got := b.text("h1"); got != "注册 Agora 账号" {
		t.Fatalf("back to Chinese: %q", got)
	}
}

// TestLoginThrottlingInBrowser: five wrong passwords close the door with a clear message.
func TestLoginThrottlingInBrowser(t *testing.T) {
	h := newHarness(t)
	h.account("mallory", "")
	b := h.browser(t, "en")
	for i := 0; i < 5; i++ {
		b.login("mallory", "wrong-password-1")
		if got := b.text(".alert"); got != "The account name or password is incorrect." {
			t.Fatalf("attempt %d: %q", i+1, got)
		}
	}
	b.login("mallory", "Passw0rd!x")
	if got := b.text(".alert"); got != "Too many failed attempts. Try again in 15 minutes." {
		t.Fatalf("throttled: %q", got)
	}
	h.Clock.Advance(15*time.Minute + time.Second)
	b.login("mallory", "Passw0rd!x")
	if got := b.path(); got != "/buyer" {
		t.Fatalf("after the cooldown: at %s", got)
	}
}
