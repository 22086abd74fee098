package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/merchant"
)

// readySeller makes an admitted, certified seller ready to release products.
func readySeller(t testing.TB, h *harness, name, company string) account.Account {
	t.Helper()
	ctx := context.Background()
	a := h.account(name, "")
	rev := h.account(name+"-rev", account.OpsReviewer)
	app := submitEntry(t, h, a, company)
	if err := h.svc.merchants.DecideEntry(ctx, rev, app.ID, merchantDecision(true, "", int(app.Version))); err != nil {
		t.Fatal(err)
	}
	cert, err := h.svc.merchants.SubmitCert(ctx, a, merchant.CertInput{BankName: "中国工商银行", BankBranch: "杭州西湖支行",
		AccountHolder: company, BankAccount: "6222 0212 3456 7890", TaxRate: "6", TaxpayerType: "general", TaxID: "91330100MA2H123456"})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.svc.merchants.DecideCert(ctx, rev, cert.ID, merchantDecision(true, "", int(cert.Version))); err != nil {
		t.Fatal(err)
	}
	a, err = h.svc.accounts.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// longText repeats a sentence past the description minimum.
func longText(sentence string) string {
	var b strings.Builder
	for b.Len() < 3*catalog.MinDescriptionText {
		b.WriteString(sentence)
		b.WriteString(" ")
	}
	return b.String()
}

// saasForm is a complete, valid SaaS release form named name.
func saasForm(name, logoID string) url.Values {
	return url.Values{
		"name": {name}, "category_id": {"enterprise"}, "logo_file_id": {logoID},
		"summary":         {"Customer relationship management for growing sales teams."},
		"description":     {longText("Track leads, deals and customers in one place; forecast revenue and automate follow-ups.")},
		"support_content": {"Onboarding, configuration help and troubleshooting by ticket and phone."},
		"support_hours":   {"Mon–Fri 09:00–18:00"}, "support_tz": {"UTC+08:00"}, "support_phone": {"400-800-1234"},
		"support_email": {"support@example.com"}, "user_guide": {"Sign in with the link in your order, then invite your team."},
		"eula":           {"You may use the service for your own business during the paid period."},
		"production_url": {"https://crm.example.com/agora"}, "delivery": {"instant"},
		"spec_id": {""}, "spec_name": {"Team"}, "spec_billing": {"monthly"}, "spec_price": {"199"}, "spec_trial": {"14"},
	}
}

// productLogo uploads a logo for seller through the file service.
func productLogo(t testing.TB, h *harness, seller account.Account) string {
	t.Helper()
	f, err := h.svc.files.Upload(context.Background(), seller.ID, catalog.LogoPurpose, "logo.png", bytes.NewReader(demoPNG()))
	if err != nil {
		t.Fatal(err)
	}
	return f.ID.String()
}

// releaseProduct releases and approves a SaaS product through the services.
func releaseProduct(t testing.TB, h *harness, seller, reviewer account.Account, name string) catalog.Product {
	t.Helper()
	ctx := context.Background()
	app, err := h.svc.catalog.StartRelease(ctx, seller, catalog.TypeSaaS)
	if err != nil {
		t.Fatal(err)
	}
	f := saasForm(name, productLogo(t, h, seller))
	c := catalog.Content{Name: f.Get("name"), CategoryID: f.Get("category_id"), LogoFileID: f.Get("logo_file_id"), Summary: f.Get("summary"),
		Description: f.Get("description"), SupportContent: f.Get("support_content"), SupportHours: f.Get("support_hours"),
		SupportTimeZone: f.Get("support_tz"), SupportPhone: f.Get("support_phone"), SupportEmail: f.Get("support_email"),
		UserGuide: f.Get("user_guide"), EULA: f.Get("eula"), ProductionURL: f.Get("production_url"), Delivery: f.Get("delivery"),
		Specs: []catalog.SpecDraft{{Name: "Team", BillingMode: "monthly", Price: "199", TrialDays: "14"},
			{Name: "Enterprise", BillingMode: "yearly", Price: "19,999"}}}
	app, err = h.svc.catalog.Submit(ctx, seller, app.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.svc.catalog.Decide(ctx, reviewer, app.ID, catalog.Decision{Approve: true, Version: fmt.Sprint(app.Version)}); err != nil {
		t.Fatal(err)
	}
	app, err = h.svc.catalog.MyApplication(ctx, seller.ID, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := h.svc.catalog.MyProduct(ctx, seller.ID, *app.ProductID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
