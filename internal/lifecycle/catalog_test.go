package lifecycle

import (
	"fmt"
	"testing"
)

func TestApplicationMachine(t *testing.T) {
	exhaust(t, Application, map[string]AppStatus{
		"|create|applicant":            AppDraft,
		"|submit|applicant":            AppPending,
		"draft|submit|applicant":       AppPending,
		"draft|delete|applicant":       AppDeleted,
		"pending|approve|reviewer":     AppApproved,
		"pending|approve|admin":        AppApproved,
		"pending|reject|reviewer":      AppRejected,
		"pending|reject|admin":         AppRejected,
		"pending|withdraw|applicant":   AppWithdrawn,
		"rejected|resubmit|applicant":  AppPending,
		"rejected|delete|applicant":    AppDeleted,
		"withdrawn|resubmit|applicant": AppPending,
		"withdrawn|delete|applicant":   AppDeleted,
		"draft|cancel|system":          AppCancelled,
		"pending|cancel|system":        AppCancelled,
		"rejected|cancel|system":       AppCancelled,
		"withdrawn|cancel|system":      AppCancelled,
	})
	for _, s := range []AppStatus{AppApproved, AppDeleted, AppCancelled} {
		if !Application.Terminal(s) {
			t.Errorf("%s must be terminal", s)
		}
	}
	if got := Application.Allowed(AppPending, Applicant); fmt.Sprint(got) != "[withdraw]" {
		t.Errorf("seller buttons on pending = %v", got)
	}
	for s, want := range map[AppStatus]bool{AppDraft: true, AppRejected: true, AppWithdrawn: true, AppPending: false, AppApproved: false} {
		if AppEditable(s) != want {
			t.Errorf("AppEditable(%s) = %v", s, !want)
		}
	}
}

func TestShelfMachine(t *testing.T) {
	exhaust(t, Shelf, map[string]ShelfStatus{
		"|list|reviewer":                    ShelfListed,
		"|list|admin":                       ShelfListed,
		"listed|request_delist|applicant":   ShelfDelisting,
		"delisting|approve_delist|reviewer": ShelfDelisted,
		"delisting|approve_delist|admin":    ShelfDelisted,
		"delisting|reject_delist|reviewer":  ShelfListed,
		"delisting|reject_delist|admin":     ShelfListed,
		"delisting|cancel_delist|applicant": ShelfListed,
		"listed|force_delist|reviewer":      ShelfDelisted,
		"listed|force_delist|admin":         ShelfDelisted,
		"delisting|force_delist|reviewer":   ShelfDelisted,
		"delisting|force_delist|admin":      ShelfDelisted,
	})
	if !Shelf.Terminal(ShelfDelisted) {
		t.Error("a delisted product can never come back")
	}
	if !OnSale(ShelfDelisting) || OnSale(ShelfDelisted) {
		t.Error("a product keeps selling until its delisting is approved")
	}
}

func TestAssetMachine(t *testing.T) {
	exhaust(t, Asset, map[string]AssetStatus{
		"|create|applicant":              AssetDraft,
		"draft|submit|applicant":         AssetScanning,
		"draft|delete|applicant":         AssetDeleted,
		"scanning|scan_pass|system":      AssetPending,
		"scanning|scan_fail|system":      AssetScanFailed,
		"scan_failed|resubmit|applicant": AssetScanning,
		"scan_failed|delete|applicant":   AssetDeleted,
		"pending|approve|reviewer":       AssetApproved,
		"pending|approve|admin":          AssetApproved,
		"pending|reject|reviewer":        AssetRejected,
		"pending|reject|admin":           AssetRejected,
		"rejected|resubmit|applicant":    AssetScanning,
		"rejected|delete|applicant":      AssetDeleted,
		"approved|delete|applicant":      AssetDeleted,
	})
	if Asset.Can(AssetScanning, AssetScanPass, Applicant) {
		t.Error("only the scanner decides a scan")
	}
}
