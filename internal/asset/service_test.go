package asset_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/asset/assettest"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/blob"
	"agora/internal/testfix"
)

var ctx = context.Background()

// env is one test's application with an asset service and a bucket directory.
type env struct {
	*testfix.Env
	Assets  *asset.Service
	Buckets string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := testfix.New(t)
	blobs, err := blob.NewDir(e.BlobDir)
	if err != nil {
		t.Fatal(err)
	}
	svc := asset.NewService(e.Store, e.Clock, e.Files, blobs, e.Calendar, e.Log)
	buckets := t.TempDir()
	svc.UseSource(asset.DirSource{Root: buckets})
	svc.SetTempDir(t.TempDir())
	return &env{Env: e, Assets: svc, Buckets: buckets}
}

func (e *env) scans(t *testing.T) int { t.Helper(); return assettest.RunScans(t, e.DB.Pool, e.Assets) }

func (e *env) draft(t *testing.T, seller account.Account, kind string) asset.Asset {
	t.Helper()
	a, err := e.Assets.Create(ctx, seller, kind, asset.DetailsInput{Name: "云备份客户端", Release: "2.4.1", Description: "Backup agent."})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (e *env) upload(t *testing.T, seller account.Account, a asset.Asset, name string, data []byte) asset.Asset {
	t.Helper()
	a, err := e.Assets.Upload(ctx, seller.ID, a.ID, name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("upload %s: %v", name, err)
	}
	return a
}

func (e *env) submit(t *testing.T, seller account.Account, a asset.Asset) asset.Asset {
	t.Helper()
	a, err := e.Assets.Submit(ctx, seller, a.ID, asset.SubmitInput{Confirmed: assettest.SelfCheck(), Version: testfix.Version(a.Version)})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if a.Status != lifecycle.AssetScanning {
		t.Fatalf("after submit: %s", a.Status)
	}
	return a
}

func (e *env) reload(t *testing.T, a asset.Asset) asset.Asset {
	t.Helper()
	fresh, err := e.Assets.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return fresh
}

func checkOf(t *testing.T, a asset.Asset, id string) asset.Check {
	t.Helper()
	if a.Report == nil {
		t.Fatal("no scan report")
	}
	for _, c := range a.Report.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no %s check in %+v", id, a.Report.Checks)
	return asset.Check{}
}

func TestPackageFromUploadToApproval(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seller := e.ApprovedSeller(t, "pkgseller")
	a := e.draft(t, seller, asset.KindPackage)
	if a.Status != lifecycle.AssetDraft || len(a.Number) != 17 || a.Number[:2] != "ZC" {
		t.Fatalf("draft %s %s", a.Status, a.Number)
	}
	// An infected package fails the scan with a report naming the entry; the seller is told.
	a = e.upload(t, seller, a, "backup-2.4.1.zip", assettest.Zip(t, assettest.Infected(), false))
	a = e.submit(t, seller, a)
	if n := e.scans(t); n != 1 {
		t.Fatalf("%d scan jobs queued", n)
	}
	a = e.reload(t, a)
	if a.Status != lifecycle.AssetScanFailed {
		t.Fatalf("infected package: %s", a.Status)
	}
	if c := checkOf(t, a, "malware"); c.Result != asset.Fail || c.Args["entries"] != "app/samples/eicar.com" {
		t.Fatalf("malware check %+v", c)
	}
	if c := checkOf(t, a, "integrity"); c.Result != asset.Pass {
		t.Fatalf("integrity %+v", c)
	}
	// The seller fixes it: a clean tar.gz, resubmitted.
	a = e.upload(t, seller, a, "backup-2.4.1.tar.gz", assettest.TarGz(t, assettest.Clean()))
	if a.Report != nil {
		t.Fatal("the old report survived a new upload")
	}
	a = e.submit(t, seller, a)
	e.scans(t)
	a = e.reload(t, a)
	if a.Status != lifecycle.AssetPending || a.Format != asset.FormatTarGz || a.Report == nil || !a.Report.Passed() {
		t.Fatalf("clean package: %s %q %+v", a.Status, a.Format, a.Report)
	}
	// Thursday 10:00 plus three working days.
	if want := time.Date(2026, 11, 24, 10, 0, 0, 0, testfix.Shanghai); a.DueAt == nil || !a.DueAt.Equal(want) {
		t.Fatalf("due %v, want %v", a.DueAt, want)
	}
	if _, err := e.Assets.Approved(ctx, seller.ID, a.ID, asset.KindPackage); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("a pending asset counts as approved")
	}
	reviewer := e.Reviewer(t)
	if err := e.Assets.Decide(ctx, reviewer, a.ID, asset.Decision{Approve: true, Version: testfix.Version(a.Version)}); err != nil {
		t.Fatal(err)
	}
	a = e.reload(t, a)
	if a.Status != lifecycle.AssetApproved || a.DecidedBy == nil || *a.DecidedBy != reviewer.ID {
		t.Fatalf("approved: %s", a.Status)
	}
	u, err := e.Assets.Approved(ctx, seller.ID, a.ID, asset.KindPackage)
	if err != nil || u.Number != a.Number || u.Release != "2.4.1" {
		t.Fatalf("Approved: %+v %v", u, err)
	}
	list, err := e.Assets.ListApproved(ctx, seller.ID, asset.KindPackage)
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("ListApproved %+v %v", list, err)
	}
	// Not an image, not another seller's.
	if _, err := e.Assets.Approved(ctx, seller.ID, a.ID, asset.KindImage); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("a package served as an image")
	}
	other := e.ApprovedSeller(t, "other")
	if _, err := e.Assets.Approved(ctx, other.ID, a.ID, asset.KindPackage); err == nil {
		t.Fatal("another seller may use the asset")
	}
	if got := e.Topics(t, seller); !slices.Equal(got[len(got)-3:], []string{"asset_scan_failed", "asset_in_review", "asset_approved"}) {
		t.Fatalf("inbox %q", got)
	}
	items, err := e.Assets.Timeline(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, it := range items {
		events = append(events, it.Event)
	}
	if !slices.Equal(events, []string{"create", "submit", "scan_fail", "resubmit", "scan_pass", "approve"}) {
		t.Fatalf("timeline %q", events)
	}
	if len(items[1].Attachments) != 1 || items[1].Attachments[0].Name != "backup-2.4.1.zip" {
		t.Fatalf("submitted file not kept as evidence: %+v", items[1].Attachments)
	}
}

func TestRejectAndResubmit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seller := e.ApprovedSeller(t, "rej")
	a := e.draft(t, seller, asset.KindPackage)
	a = e.submit(t, seller, e.upload(t, seller, a, "a.zip", assettest.Zip(t, assettest.Clean(), false)))
	e.scans(t)
	a = e.reload(t, a)
	rev := e.Reviewer(t)
	err := e.Assets.Decide(ctx, rev, a.ID, asset.Decision{Reason: "x", Version: testfix.Version(a.Version)})
	testfix.WantFields(t, err, map[string]string{"reason": "review.reason_rule"})
	if err := e.Assets.Decide(ctx, rev, a.ID, asset.Decision{Reason: "No licence control in the package.", Version: testfix.Version(a.Version)}); err != nil {
		t.Fatal(err)
	}
	a = e.reload(t, a)
	if a.Status != lifecycle.AssetRejected || a.Reason != "No licence control in the package." {
		t.Fatalf("%s %q", a.Status, a.Reason)
	}
	a = e.submit(t, seller, a)
	e.scans(t)
	if a = e.reload(t, a); a.Status != lifecycle.AssetPending || a.Reason != "" || a.ClaimedBy != nil {
		t.Fatalf("resubmitted: %s reason %q claimed %v", a.Status, a.Reason, a.ClaimedBy)
	}
}

func TestSubmitNeedsSelfCheckAndSource(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seller := e.ApprovedSeller(t, "selfcheck")
	a := e.draft(t, seller, asset.KindPackage)
	_, err := e.Assets.Submit(ctx, seller, a.ID, asset.SubmitInput{Confirmed: assettest.SelfCheck(), Version: testfix.Version(a.Version)})
	testfix.WantFields(t, err, map[string]string{"source": "asset.source_required_package"})
	a = e.upload(t, seller, a, "a.zip", assettest.Zip(t, assettest.Clean(), false))
	_, err = e.Assets.Submit(ctx, seller, a.ID, asset.SubmitInput{Confirmed: asset.SelfCheckItems[1:], Version: testfix.Version(a.Version)})
	testfix.WantFields(t, err, map[string]string{"self_check": "asset.selfcheck_required"})
	// A stale form (the file changed since the page was loaded) is a conflict.
	_, err = e.Assets.Submit(ctx, seller, a.ID, asset.SubmitInput{Confirmed: assettest.SelfCheck(), Version: testfix.Version(a.Version - 1)})
	testfix.WantKind(t, err, apperr.Conflict, "error.already_handled")
	if e.scans(t) != 0 {
		t.Fatal("a refused submission queued a scan")
	}
	a = e.submit(t, seller, a)
	if got := e.reload(t, a).SelfCheck; !slices.Equal(got, asset.SelfCheckItems) {
		t.Fatalf("self-check stored as %q", got)
	}
	// While it is being scanned, nothing can be changed or uploaded.
	if _, err := e.Assets.Upload(ctx, seller.ID, a.ID, "b.zip", bytes.NewReader(assettest.Zip(t, assettest.Clean(), false))); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("upload while scanning: %v", err)
	}
	_, err = e.Assets.UpdateDetails(ctx, seller.ID, a.ID, asset.DetailsInput{Name: "New name", Release: "1.0", Version: testfix.Version(a.Version)})
	testfix.WantKind(t, err, apperr.Conflict, "")
}

// A job of an earlier submission does nothing to a later one.
func TestStaleScanJobDoesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seller := e.ApprovedSeller(t, "stale")
	a := e.submit(t, seller, e.upload(t, seller, e.draft(t, seller, asset.KindPackage), "a.zip", assettest.Zip(t, assettest.Infected(), false)))
	if err := e.Assets.Scan(ctx, a.ID, a.Version-1); err != nil {
		t.Fatal(err)
	}
	if got := e.reload(t, a); got.Status != lifecycle.AssetScanning {
		t.Fatalf("a stale job moved the asset to %s", got.Status)
	}
	e.scans(t)
	if err := e.Assets.Scan(ctx, a.ID, a.Version); err != nil { // the same job again (a retry after success)
		t.Fatal(err)
	}
	items, _ := e.Assets.Timeline(ctx, a.ID)
	if len(items) != 3 {
		t.Fatalf("%d events after a repeated job", len(items))
	}
}

func TestCorruptedArchiveFailsScan(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seller := e.ApprovedSeller(t, "corrupt")
	data := assettest.TarGz(t, assettest.Clean())
	data = data[:len(data)-40]
	a := e.submit(t, seller, e.upload(t, seller, e.draft(t, seller, asset.KindPackage), "a.tar.gz", data))
	e.scans(t)
	a = e.reload(t, a)
	if c := checkOf(t, a, "integrity"); a.Status != lifecycle.AssetScanFailed || c.Result != asset.Fail || c.Note != "truncated" {
		t.Fatalf("%s %+v", a.Status, c)
	}
}

func TestUploadLimitsAndQuota(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lim := asset.DefaultLimits
	lim.MaxUpload, lim.DailyBytes, lim.DailyFiles = 4000, 5000, 3
	e.Assets.SetLimits(lim)
	seller := e.ApprovedSeller(t, "quota")
	a := e.draft(t, seller, asset.KindPackage)
	small := assettest.Tar(t, []assettest.File{{Name: "a.txt", Body: []byte("hello")}}) // 2 KiB: header, body, end blocks
	big := assettest.Tar(t, []assettest.File{{Name: "b.bin", Body: make([]byte, 5000)}})
	blobsBefore := countFiles(t, e.BlobDir)

	_, err := e.Assets.Upload(ctx, seller.ID, a.ID, "big.tar", bytes.NewReader(big))
	testfix.WantKind(t, err, apperr.Invalid, "asset.upload_too_large")
	_, err = e.Assets.Upload(ctx, seller.ID, a.ID, "notes.zip", bytes.NewReader([]byte("not an archive at all")))
	testfix.WantKind(t, err, apperr.Invalid, "asset.upload_format")
	_, err = e.Assets.Upload(ctx, seller.ID, a.ID, "empty.zip", bytes.NewReader(nil))
	testfix.WantKind(t, err, apperr.Invalid, "asset.upload_empty")
	// A connection that breaks mid-upload.
	_, err = e.Assets.Upload(ctx, seller.ID, a.ID, "cut.tar", &failingReader{data: small[:2000]})
	testfix.WantKind(t, err, apperr.Invalid, "asset.upload_interrupted")
	if n := countFiles(t, e.BlobDir); n != blobsBefore {
		t.Fatalf("refused uploads left %d blobs behind", n-blobsBefore)
	}
	al, _ := e.Assets.Allowance(ctx, seller.ID)
	if al.FilesUsed != 0 || al.BytesUsed != 0 {
		t.Fatalf("refused uploads used quota: %+v", al)
	}

	e.upload(t, seller, a, "1.tar", small)
	e.upload(t, seller, a, "2.tar", small)
	// 4096 bytes used of 5000: a third 2 KiB file exceeds the day's volume.
	_, err = e.Assets.Upload(ctx, seller.ID, a.ID, "3.tar", bytes.NewReader(small))
	ae := testfix.WantKind(t, err, apperr.Invalid, "asset.quota_bytes")
	if len(ae.Args) != 4 || ae.Args[3] != "904 B" {
		t.Fatalf("quota args %v", ae.Args)
	}
	e.upload(t, seller, a, "3.tar", small[:600]) // a truncated tar still uploads (the scan judges it)
	_, err = e.Assets.Upload(ctx, seller.ID, a.ID, "4.tar", bytes.NewReader(small[:600]))
	testfix.WantKind(t, err, apperr.Invalid, "asset.quota_files")
	// Midnight in Shanghai starts a new day.
	e.Clock.Set(time.Date(2026, 11, 20, 0, 0, 1, 0, testfix.Shanghai))
	e.upload(t, seller, a, "5.tar", small)
	// Another seller has a quota of their own.
	other := e.ApprovedSeller(t, "other")
	e.upload(t, other, e.draft(t, other, asset.KindPackage), "x.tar", small)
}

type failingReader struct {
	data []byte
	done bool
}

func (f *failingReader) Read(p []byte) (int, error) {
	if !f.done {
		f.done = true
		return copy(p, f.data), nil
	}
	return 0, os.ErrDeadlineExceeded
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// Concurrent uploads cannot together go past the day's file count.
func TestConcurrentUploadsRespectQuota(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lim := asset.DefaultLimits
	lim.DailyFiles = 2
	e.Assets.SetLimits(lim)
	seller := e.ApprovedSeller(t, "conc")
	data := assettest.Zip(t, assettest.Clean(), false)
	var fns []func() error
	for range 4 {
		a := e.draft(t, seller, asset.KindPackage)
		fns = append(fns, func() error {
			_, err := e.Assets.Upload(ctx, seller.ID, a.ID, "a.zip", bytes.NewReader(data))
			return err
		})
	}
	ok := 0
	for _, err := range testfix.Race(fns...) {
		switch {
		case err == nil:
			ok++
		case !apperr.Is(err, apperr.Invalid):
			t.Fatal(err)
		}
	}
	if al, _ := e.Assets.Allowance(ctx, seller.ID); ok != 2 || al.FilesUsed != 2 {
		t.Fatalf("%d uploads succeeded, %d counted", ok, al.FilesUsed)
	}
}

func writeObject(t *testing.T, e *env, owner account.Account, bucket, key string, data []byte) {
	t.Helper()
	p := filepath.Join(e.Buckets, owner.PublicID, bucket, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBucketImport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seller := e.ApprovedSeller(t, "bucket")
	data := assettest.TarGz(t, assettest.Clean())
	writeObject(t, e, seller, "acme-releases", "v2/app.tar.gz", data)
	sum := sha256Hex(data)
	a := e.draft(t, seller, asset.KindPackage)
	in := asset.ImportInput{Bucket: "acme-releases", Key: "v2/app.tar.gz", Size: itoa(len(data)), SHA256: sum, Version: testfix.Version(a.Version)}

	bad := in
	bad.Bucket, bad.Key, bad.SHA256 = "../etc", "../../secret", "xyz"
	_, err := e.Assets.Import(ctx, seller.ID, a.ID, bad)
	testfix.WantFields(t, err, map[string]string{"bucket": "asset.bucket_rule", "object_key": "asset.key_rule", "declared_sha256": "asset.sha_rule"})
	bad = in
	bad.Key = "v2/missing.tar.gz"
	_, err = e.Assets.Import(ctx, seller.ID, a.ID, bad)
	testfix.WantFields(t, err, map[string]string{"object_key": "asset.import_not_found"})
	// Another seller knowing bucket, key and checksum still cannot reach it.
	thief := e.ApprovedSeller(t, "thief")
	other := e.draft(t, thief, asset.KindPackage)
	steal := in
	steal.Version = testfix.Version(other.Version)
	_, err = e.Assets.Import(ctx, thief.ID, other.ID, steal)
	testfix.WantFields(t, err, map[string]string{"object_key": "asset.import_not_found"})
	bad = in
	bad.Size = itoa(len(data) + 1)
	_, err = e.Assets.Import(ctx, seller.ID, a.ID, bad)
	testfix.WantFields(t, err, map[string]string{"declared_size": "asset.import_size_mismatch"})

	// A wrong checksum is found by the scan, which reads every byte.
	wrong := in
	wrong.SHA256 = sha256Hex([]byte("something else"))
	a, err = e.Assets.Import(ctx, seller.ID, a.ID, wrong)
	if err != nil {
		t.Fatal(err)
	}
	a = e.submit(t, seller, a)
	e.scans(t)
	a = e.reload(t, a)
	if c := checkOf(t, a, "checksum"); a.Status != lifecycle.AssetScanFailed || c.Result != asset.Fail || c.Args["actual"] != sum {
		t.Fatalf("%s %+v", a.Status, c)
	}
	if a.FileID != nil {
		t.Fatal("a mismatching object was kept")
	}
	in.Version = testfix.Version(a.Version)
	a, err = e.Assets.Import(ctx, seller.ID, a.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	a = e.submit(t, seller, a)
	e.scans(t)
	a = e.reload(t, a)
	if a.Status != lifecycle.AssetPending || a.FileID == nil || a.SHA256 != sum || a.Format != asset.FormatTarGz {
		t.Fatalf("clean import: %s %+v", a.Status, a.Report)
	}
	// The marketplace keeps its own copy: changing the bucket object later changes nothing.
	writeObject(t, e, seller, "acme-releases", "v2/app.tar.gz", []byte("replaced"))
	f, rc, err := e.Files.Open(ctx, seller, *a.FileID)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if f.SHA256 != sum || f.Name != "app.tar.gz" {
		t.Fatalf("copy %+v", f)
	}
}

// The directory source never leaves its bucket, through ".." or a symbolic link.
func TestDirSourceStaysInsideBucket(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	bucket := filepath.Join(root, "owner1", "bucket-a")
	if err := os.MkdirAll(bucket, 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.MkdirAll(filepath.Join(root, "owner2", "bucket-b"), 0o755)
	_ = os.WriteFile(filepath.Join(root, "owner2", "bucket-b", "theirs.zip"), []byte("PK"), 0o600)
	secret := filepath.Join(root, "secret.txt")
	_ = os.WriteFile(secret, []byte("secret"), 0o600)
	_ = os.WriteFile(filepath.Join(bucket, "ok.zip"), []byte("PK"), 0o600)
	if err := os.Symlink(secret, filepath.Join(bucket, "link.zip")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(bucket, "up")); err != nil {
		t.Fatal(err)
	}
	src := asset.DirSource{Root: root}
	if n, err := src.Stat(ctx, "owner1", "bucket-a", "ok.zip"); err != nil || n != 2 {
		t.Fatalf("ok.zip: %d %v", n, err)
	}
	for _, c := range [][3]string{{"owner1", "bucket-a", "link.zip"}, {"owner1", "bucket-a", "up/secret.txt"},
		{"owner1", "bucket-a", "../secret.txt"}, {"owner1", "..", "secret.txt"}, {"owner1", "bucket-a", "/etc/passwd"},
		{"owner1", "bucket-b", "theirs.zip"}, {"owner1", "bucket-a", "."}, {"..", "owner2", "bucket-b/theirs.zip"},
		{"owner2/bucket-b", "x", "theirs.zip"}, {"", "bucket-a", "ok.zip"}} {
		if _, _, err := src.Open(ctx, c[0], c[1], c[2]); err != asset.ErrNoObject {
			t.Errorf("%s/%s/%s: %v", c[0], c[1], c[2], err)
		}
	}
}

func TestImageAsset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seller := e.ApprovedSeller(t, "img")
	a := e.draft(t, seller, asset.KindImage)
	_, err := e.Assets.SetImage(ctx, seller.ID, a.ID, asset.ImageInput{Region: "mars-1", ImageID: "nope", OS: "beos", DiskGB: "0", Version: testfix.Version(a.Version)})
	testfix.WantFields(t, err, map[string]string{"image_region": "asset.image_region_required", "image_id": "asset.image_id_rule",
		"image_os": "asset.image_os_required", "image_disk_gb": "asset.image_disk_rule"})
	img := uuid.NewString()
	in := asset.ImageInput{Region: "cn-north-4", ImageID: img, OS: "openeuler", DiskGB: "40", Version: testfix.Version(a.Version)}
	a, err = e.Assets.SetImage(ctx, seller.ID, a.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Assets.Upload(ctx, seller.ID, a.ID, "a.zip", bytes.NewReader(assettest.Zip(t, assettest.Clean(), false))); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("an image asset took a package upload")
	}
	a = e.submit(t, seller, a)
	e.scans(t)
	a = e.reload(t, a)
	if a.Status != lifecycle.AssetPending || checkOf(t, a, "image_security").Result != asset.Manual {
		t.Fatalf("image: %s %+v", a.Status, a.Report)
	}
	// Another seller naming the same private image fails the scan.
	thief := e.ApprovedSeller(t, "thief")
	b := e.draft(t, thief, asset.KindImage)
	in.Version = testfix.Version(b.Version)
	b, err = e.Assets.SetImage(ctx, thief.ID, b.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	b = e.submit(t, thief, b)
	e.scans(t)
	if b = e.reload(t, b); b.Status != lifecycle.AssetScanFailed || checkOf(t, b, "image_unique").Result != asset.Fail {
		t.Fatalf("duplicate image: %s", b.Status)
	}
}

// Another seller's asset does not exist, whatever one tries.
func TestOtherSellersAssetIsNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	owner, other := e.ApprovedSeller(t, "owner"), e.ApprovedSeller(t, "intruder")
	a := e.upload(t, owner, e.draft(t, owner, asset.KindPackage), "a.zip", assettest.Zip(t, assettest.Clean(), false))
	v := testfix.Version(a.Version)
	_, err := e.Assets.Mine(ctx, other.ID, a.ID)
	testfix.WantKind(t, err, apperr.NotFound, "")
	_, err = e.Assets.Upload(ctx, other.ID, a.ID, "x.zip", bytes.NewReader(assettest.Zip(t, assettest.Clean(), false)))
	testfix.WantKind(t, err, apperr.NotFound, "")
	_, err = e.Assets.UpdateDetails(ctx, other.ID, a.ID, asset.DetailsInput{Name: "Mine now", Release: "1", Version: v})
	testfix.WantKind(t, err, apperr.NotFound, "")
	_, err = e.Assets.Submit(ctx, other, a.ID, asset.SubmitInput{Confirmed: assettest.SelfCheck(), Version: v})
	testfix.WantKind(t, err, apperr.NotFound, "")
	testfix.WantKind(t, e.Assets.Delete(ctx, other, a.ID, v), apperr.NotFound, "")
	if _, err := e.Files.Get(ctx, other, *a.FileID); !apperr.Is(err, apperr.NotFound) {
		t.Fatal("another seller can download the package")
	}
	// Sellers cannot review.
	testfix.WantKind(t, e.Assets.Decide(ctx, other, a.ID, asset.Decision{Approve: true, Version: v}), apperr.Forbidden, "")
	testfix.WantKind(t, e.Assets.Claim(ctx, other, a.ID), apperr.Forbidden, "")
}

func TestDeleteRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seller := e.ApprovedSeller(t, "del")
	d := e.draft(t, seller, asset.KindPackage)
	if err := e.Assets.Delete(ctx, seller, d.ID, testfix.Version(d.Version)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Assets.Mine(ctx, seller.ID, d.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatal("a deleted asset is still listed")
	}
	approve := func() asset.Asset {
		a := e.submit(t, seller, e.upload(t, seller, e.draft(t, seller, asset.KindPackage), "a.zip", assettest.Zip(t, assettest.Clean(), false)))
		e.scans(t)
		a = e.reload(t, a)
		if err := e.Assets.Decide(ctx, e.Reviewer(t), a.ID, asset.Decision{Approve: true, Version: testfix.Version(a.Version)}); err != nil {
			t.Fatal(err)
		}
		return e.reload(t, a)
	}
	// Pending cannot be deleted.
	p := e.submit(t, seller, e.upload(t, seller, e.draft(t, seller, asset.KindPackage), "p.zip", assettest.Zip(t, assettest.Clean(), false)))
	e.scans(t)
	p = e.reload(t, p)
	testfix.WantKind(t, e.Assets.Delete(ctx, seller, p.ID, testfix.Version(p.Version)), apperr.Conflict, "error.already_handled")
	// An approved asset named by an open product application stays.
	a := approve()
	linkApplication(t, e, seller, a.ID, "pending")
	testfix.WantKind(t, e.Assets.Delete(ctx, seller, a.ID, testfix.Version(a.Version)), apperr.Conflict, "asset.linked_cannot_delete")
	if linked, _ := e.Assets.Linked(ctx, a); !linked {
		t.Fatal("Linked says no")
	}
	// One whose application was deleted may go; so may one whose approved
	// release's product has since been delisted for good.
	b := approve()
	linkApplication(t, e, seller, b.ID, "deleted")
	c := approve()
	linkApplication(t, e, seller, c.ID, "approved")
	list, err := e.Assets.List(ctx, seller.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	linked, err := e.Assets.LinkedOf(ctx, seller.ID, list)
	if err != nil || !linked[a.ID] || linked[b.ID] || linked[c.ID] || len(linked) != 1 {
		t.Fatalf("linked on the list page: %v %v", linked, err)
	}
	for _, x := range []asset.Asset{b, c} {
		if err := e.Assets.Delete(ctx, seller, x.ID, testfix.Version(x.Version)); err != nil {
			t.Fatal(err)
		}
	}
}

// linkApplication stores a product application naming asset id, as the catalog would.
func linkApplication(t *testing.T, e *env, seller account.Account, id uuid.UUID, status string) {
	t.Helper()
	_, err := e.DB.Pool.Exec(ctx, `INSERT INTO product_applications (id, number, seller_id, kind, status, access_type, content, saved_at, created_at)
		VALUES ($1, $2, $3, 'release', $4, 'package', jsonb_build_object('asset_id', $5::text), now(), now())`,
		uuid.Must(uuid.NewV7()), "SQ"+uuid.NewString()[:12], seller.ID, status, id.String())
	if err != nil {
		t.Fatal(err)
	}
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
