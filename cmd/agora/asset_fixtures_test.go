package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/asset/assettest"
	"agora/internal/merchant"
)

// readySeller creates an account called name (password Passw0rd!x) whose
// entry is approved and whose business information is certified: a seller who
// may reach the product pages.
func (h *harness) readySeller(name string) account.Account {
	h.t.Helper()
	ctx := context.Background()
	a := h.account(name, "")
	company := name + " Software Co"
	app := submitEntry(h.t, h, a, company)
	rev := h.account(name+"-vetter", account.OpsReviewer)
	if err := h.svc.merchants.DecideEntry(ctx, rev, app.ID, merchantDecision(true, "", int(app.Version))); err != nil {
		h.t.Fatal(err)
	}
	c, err := h.svc.merchants.SubmitCert(ctx, a, merchant.CertInput{BankName: "ICBC", BankBranch: "Hangzhou Xihu",
		AccountHolder: company, BankAccount: "6222020200112233445", TaxRate: "6", TaxpayerType: "general", TaxID: "91330106MA2B0C1D2E"})
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.svc.merchants.DecideCert(ctx, rev, c.ID, merchantDecision(true, "", int(c.Version))); err != nil {
		h.t.Fatal(err)
	}
	return a
}

// scans runs the queued asset scans now, as the job runner would.
func (h *harness) scans() int {
	h.t.Helper()
	return assettest.RunScans(h.t, h.svc.store.Pool, h.svc.assets)
}

// buckets turns on bucket import from a fresh directory and returns it.
func (h *harness) buckets(t testing.TB) string {
	dir := t.TempDir()
	h.svc.assets.UseSource(asset.DirSource{Root: dir})
	return dir
}

func assetSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// submitV is an asset's version as its forms carry it.
func submitV(v int32) string { return strconv.Itoa(int(v)) }
