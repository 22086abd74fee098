package main

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/asset/assettest"
)

// throttleUploads slows the browser's uploads to bytesPerSec (0 lifts it), so
// that a test can watch the progress bar move.
func throttleUploads(bytesPerSec float64) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return chromedp.Void{}, err
		}
		up := -1.0
		if bytesPerSec > 0 {
			up = bytesPerSec
		}
		err := t.Call(ctx, "Network.emulateNetworkConditions", map[string]any{"offline": false, "latency": 0,
			"downloadThroughput": -1, "uploadThroughput": up}, nil)
		return chromedp.Void{}, err
	}
}

// uploadPackage chooses file in the upload form and sends it; the page the
// upload leads to is loaded when it returns.
func (b *browser) uploadPackage(file string) {
	b.t.Helper()
	b.run(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
	b.submit("[data-upload-submit]")
}

// TestAssetUploadScanReview: a seller uploads a package with the EICAR test
// file, watches it fail the scan with a report, uploads a clean one,
// resubmits, and a reviewer approves it; the seller sees it approved.
func TestAssetUploadScanReview(t *testing.T) {
	h := newHarness(t)
	h.readySeller("acme")
	h.account("reviewer1", account.OpsReviewer)
	dir := t.TempDir()
	infected, clean := filepath.Join(dir, "backup-2.4.1.zip"), filepath.Join(dir, "backup-2.4.1-fixed.zip")
	if err := os.WriteFile(infected, assettest.Zip(t, assettest.Infected(), false), 0o600); err != nil {
		t.Fatal(err)
	}
	// 600 KB of incompressible data: slow enough under throttling to see the bar move.
	noise := make([]byte, 600<<10)
	_, _ = rand.Read(noise)
	if err := os.WriteFile(clean, assettest.Zip(t, append(assettest.Clean(), assettest.File{Name: "app/data.bin", Body: noise}), true), 0o600); err != nil {
		t.Fatal(err)
	}
	notZip := filepath.Join(dir, "readme.zip")
	_ = os.WriteFile(notZip, []byte("this is only text, whatever the name says"), 0o600)

	seller := h.browser(t, "en")
	seller.login("acme", "Passw0rd!x")
	seller.open("/seller/assets")
	if got := seller.text("[data-quota]"); !strings.Contains(got, "0 B of 10 GB, 0 of 100 files") {
		t.Fatalf("quota %q", got)
	}
	seller.submit("[data-new-asset]")
	seller.fill("#f-name", "Cloud Backup Agent")
	seller.fill("#f-release", "2.4.1")
	seller.submit(".form-actions .btn-primary")
	if got := seller.text("[data-asset-status] .badge"); got != "Draft" {
		t.Fatalf("new asset: %q", got)
	}
	assetPath := seller.path()

	// The script refuses a text file before sending a byte.
	seller.run(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{notZip}), chromedp.Click(chromedp.CSS("[data-upload-submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-upload-error]")))
	if got := seller.text("[data-upload-error]"); !strings.Contains(got, "not a zip, tar or tar.gz") {
		t.Fatalf("client-side format check: %q", got)
	}

	seller.uploadPackage(infected)
	if got := seller.text(`[data-source="upload"]`); !strings.Contains(got, "backup-2.4.1.zip") {
		t.Fatalf("after upload: %q", got)
	}
	for _, id := range asset.SelfCheckItems {
		seller.run(chromedp.Click(chromedp.CSS(`input[name="self_check"][value="` + id + `"]`)))
	}
	seller.submit("[data-submit-asset]")
	if got := seller.text("[data-asset-status] .badge"); got != "Scanning" {
		t.Fatalf("after submitting: %q", got)
	}
	if n := h.scans(); n != 1 {
		t.Fatalf("%d scans", n)
	}
	seller.open(assetPath)
	if got := seller.text("[data-asset-status] .badge"); got != "Scan failed" {
		t.Fatalf("after the scan: %q", got)
	}
	if got := seller.text(`[data-report] [data-check="malware"]`); !strings.Contains(got, "EICAR-Test-File found in app/samples/eicar.com") {
		t.Fatalf("report: %q", got)
	}
	// The same report in Chinese.
	seller.open("/lang?to=zh-CN&next=" + assetPath)
	if got := seller.text("[data-asset-status] .badge"); got != "扫描未通过" {
		t.Fatalf("zh status %q", got)
	}
	if got := seller.text(`[data-check="malware"]`); !strings.Contains(got, "发现 EICAR-Test-File") {
		t.Fatalf("zh report %q", got)
	}
	seller.open("/lang?to=en&next=" + assetPath)

	// A clean package, sent slowly enough to watch the progress bar.
	seller.run(throttleUploads(200 << 10))
	seller.run(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{clean}))
	_ = get(seller, chromedp.Evaluate[bool](`document.body.dataset.stale = "1"; true`))
	seller.run(chromedp.Click(chromedp.CSS("[data-upload-submit]")), chromedp.WaitVisible(chromedp.CSS("[data-upload-progress]")))
	progress := get(seller, chromedp.Poll[string](`(function () {
		var s = document.querySelector("[data-upload-status]");
		return s && /^[1-9][0-9]?% · /.test(s.textContent) ? s.textContent : false;
	})()`, chromedp.WithPollingMutation()))
	if !strings.Contains(progress, "KB /") {
		t.Fatalf("progress %q", progress)
	}
	seller.run(chromedp.WaitReady(chromedp.CSS("body:not([data-stale]) > footer")), throttleUploads(0))
	if got := seller.text(".alert-success"); !strings.Contains(got, "Package uploaded") {
		t.Fatalf("after the clean upload: %q", got)
	}
	if got := seller.text(`[data-source="upload"]`); !strings.Contains(got, "backup-2.4.1-fixed.zip") {
		t.Fatalf("file now %q", got)
	}
	// The self-check is kept from the first submission; resubmit.
	seller.submit("[data-submit-asset]")
	h.scans()
	seller.open(assetPath)
	if got := seller.text("[data-asset-status]"); !strings.Contains(got, "Pending review") || !strings.Contains(got, "Due 2026-11-24 10:00") {
		t.Fatalf("after the second scan: %q", got)
	}
	number := seller.text("[data-asset-number]")

	// The reviewer finds it, claims it and approves it.
	ops := h.browser(t, "en")
	ops.login("reviewer1", "Passw0rd!x")
	ops.open("/ops/assets")
	if got := ops.text(`tr[data-row="` + number + `"]`); !strings.Contains(got, "Cloud Backup Agent") || !strings.Contains(got, "Unclaimed") {
		t.Fatalf("queue row %q", got)
	}
	ops.submit(`tr[data-row="` + number + `"] a`)
	if got := ops.text("[data-report]"); !strings.Contains(got, "Passed") {
		t.Fatalf("reviewer's report %q", got)
	}
	ops.submit("[data-claim-button]")
	if got := ops.text(".asset-claim"); !strings.Contains(got, "You claimed this asset") {
		t.Fatalf("claim %q", got)
	}
	ops.submit(`button[value="approve"]`)
	if got := ops.text("[data-asset-status] .badge"); got != "Approved" {
		t.Fatalf("after approving: %q", got)
	}

	seller.open(assetPath)
	if got := seller.text("[data-asset-status] .badge"); got != "Approved" {
		t.Fatalf("seller sees %q", got)
	}
	if got := seller.text(".timeline"); !strings.Contains(got, "Security scan failed") || !strings.Contains(got, "Approved") {
		t.Fatalf("timeline %q", got)
	}
	seller.open("/seller/messages")
	if got := seller.text("[data-message]"); !strings.Contains(got, "Asset "+number+" approved") {
		t.Fatalf("inbox %q", got)
	}
}
