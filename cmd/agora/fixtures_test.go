package main

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/merchant"
)

// submitEntry files a valid entry application for a through the services.
func submitEntry(t testing.TB, h *harness, a account.Account, company string) merchant.Application {
	t.Helper()
	ctx := context.Background()
	logo, err := h.svc.files.Upload(ctx, a.ID, "entry_logo", "logo.png", bytes.NewReader(demoPNG()))
	if err != nil {
		t.Fatal(err)
	}
	lic, err := h.svc.files.Upload(ctx, a.ID, "entry_licence", "licence.pdf", bytes.NewReader(demoPDF))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := h.svc.agreements.Current(ctx, agreement.SellerCooperation)
	if err != nil {
		t.Fatal(err)
	}
	app, err := h.svc.merchants.SubmitEntry(ctx, a, merchant.EntryInput{CompanyName: company, Website: "https://example.com",
		LogoFileID: logo.ID.String(), LicenceFileID: lic.ID.String(), YearsInBusiness: "5", Headcount: "30",
		RegisteredCapital: "2000000", ContactName: "Han Mei", ContactPhone: "13800000000", ContactEmail: "han@example.com",
		CSPhone: "400-000-0000", CSEmail: "cs@example.com", Profile: "A software company serving enterprise customers nationwide.",
		AgreementID: cur.ID.String(), Agreed: true})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func merchantDecision(approve bool, reason string, version int) merchant.Decision {
	return merchant.Decision{Approve: approve, Reason: reason, Version: fmt.Sprint(version)}
}
