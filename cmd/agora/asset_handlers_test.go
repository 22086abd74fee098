package main

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/asset/assettest"
)

// newAssetVia creates a package (or image) draft through the form and returns its page path.
func newAssetVia(t *testing.T, c *client, kind, name string) string {
	t.Helper()
	p := c.post("/seller/assets", url.Values{"kind": {kind}, "name": {name}, "release": {"1.0.0"}})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/seller/assets/") {
		t.Fatalf("create asset: %d %q %s", p.Status, p.Location, text(p, ".alert"))
	}
	return p.Location
}

func selfCheckForm(version string) url.Values {
	return url.Values{"version": {version}, "self_check": assettest.SelfCheck()}
}

func submitVersion(p page) string {
	v, _ := p.Doc.Find(`form[action$="/submit"] input[name="version"]`).Attr("value")
	return v
}

func TestAssetPagesNeedAReadySeller(t *testing.T) {
	h := newHarness(t)
	h.account("newbie", "")
	anon := h.client()
	if p := anon.get("/seller/assets"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Fatalf("anonymous: %d %s", p.Status, p.Location)
	}
	c := h.client()
	c.login("newbie", "Passw0rd!x")
	if p := c.get("/seller/assets"); p.Status != http.StatusForbidden {
		t.Fatalf("not yet a seller: %d", p.Status)
	}
	if p := c.get("/ops/assets"); p.Status != http.StatusNotFound {
		t.Fatalf("a seller sees the console: %d", p.Status)
	}
}

func TestAssetUploadScanAndReviewPages(t *testing.T) {
	h := newHarness(t)
	h.readySeller("acme")
	h.readySeller("rival")
	h.account("rev-a", account.OpsReviewer)
	h.account("rev-b", account.OpsReviewer)
	c := h.client()
	c.login("acme", "Passw0rd!x")

	// The form refuses a missing kind and keeps what was typed.
	p := c.post("/seller/assets", url.Values{"name": {"Backup agent"}, "release": {"1.0"}})
	if p.Status != http.StatusUnprocessableEntity || text(p, `.field-error[data-field="kind"]`) != "Choose the asset type." {
		t.Fatalf("no kind: %d %q", p.Status, text(p, ".field-error"))
	}
	path := newAssetVia(t, c, "package", "Backup agent")
	p = c.get(path)
	if got := text(p, "[data-asset-status] .badge"); got != "Draft" {
		t.Fatalf("new asset: %q", got)
	}
	if max, _ := p.Doc.Find("form[data-upload]").Attr("data-max-bytes"); max != "1073741824" {
		t.Fatalf("upload limit announced as %q", max)
	}
	if n := p.Doc.Find(`input[name="self_check"]`).Length(); n != len(asset.SelfCheckItems) {
		t.Fatalf("%d self-check items", n)
	}

	// Submitting without a file: the page says what is missing.
	p = c.post(path+"/submit", selfCheckForm(submitVersion(p)))
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(text(p, `[data-field="source"]`), "Upload the package") {
		t.Fatalf("submit without file: %d %q", p.Status, text(p, `[data-field="source"]`))
	}
	// A multipart post without a file, and one with a text file.
	p = c.postMultipart(path+"/upload", map[string]string{"note": "x"}, nil)
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(text(p, "[data-upload-card] .alert"), "Choose a package file") {
		t.Fatalf("no file: %d %q", p.Status, text(p, "[data-upload-card] .alert"))
	}
	p = c.postMultipart(path+"/upload", nil, map[string][2]string{"file": {"app.zip", "just some text"}})
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(text(p, "[data-upload-card] .alert"), "not a zip, tar or tar.gz") {
		t.Fatalf("text file: %d %q", p.Status, text(p, "[data-upload-card] .alert"))
	}

	// The infected package fails the scan; the report names the entry.
	infected := string(assettest.Zip(t, assettest.Infected(), false))
	p = c.postMultipart(path+"/upload", nil, map[string][2]string{"file": {"backup-1.0.zip", infected}})
	if p.Status != http.StatusSeeOther || p.Location != path {
		t.Fatalf("upload: %d %q", p.Status, text(p, ".alert"))
	}
	p = c.get(path)
	if got := text(p, `[data-source="upload"] [data-file]`); got != "backup-1.0.zip" {
		t.Fatalf("uploaded file shown as %q", got)
	}
	if p = c.post(path+"/submit", selfCheckForm(submitVersion(p))); p.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d %q", p.Status, text(p, ".alert"))
	}
	if got := text(c.get(path), "[data-asset-status] .badge"); got != "Scanning" {
		t.Fatalf("after submit: %q", got)
	}
	if n := h.scans(); n != 1 {
		t.Fatalf("%d scans ran", n)
	}
	p = c.get(path)
	if got := text(p, "[data-asset-status] .badge"); got != "Scan failed" {
		t.Fatalf("after the scan: %q", got)
	}
	if got := text(p, `[data-check="malware"]`); !strings.Contains(got, "EICAR-Test-File found in app/samples/eicar.com") || !strings.Contains(got, "Failed") {
		t.Fatalf("malware line %q", got)
	}
	if got := text(p, `[data-check="integrity"]`); !strings.Contains(got, "Passed") {
		t.Fatalf("integrity line %q", got)
	}
	// The same page in Chinese.
	c.lang = "zh-CN"
	if got := text(c.get(path), `[data-check="malware"]`); !strings.Contains(got, "发现 EICAR-Test-File") {
		t.Fatalf("zh report %q", got)
	}
	c.lang = "en"

	// Another seller sees nothing of it.
	other := h.client()
	other.login("rival", "Passw0rd!x")
	if p := other.get(path); p.Status != http.StatusNotFound {
		t.Fatalf("rival sees the asset: %d", p.Status)
	}
	if p := other.postMultipart(path+"/upload", nil, map[string][2]string{"file": {"x.zip", infected}}); p.Status != http.StatusNotFound {
		t.Fatalf("rival uploads: %d", p.Status)
	}
	if p := other.get("/seller/assets"); strings.Contains(p.Doc.Text(), "Backup agent") {
		t.Fatal("rival's list shows the asset")
	}

	// Fixed and resubmitted: under review with a deadline.
	p = c.postMultipart(path+"/upload", nil, map[string][2]string{"file": {"backup-1.0.tar.gz", string(assettest.TarGz(t, assettest.Clean()))}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("clean upload: %d", p.Status)
	}
	p = c.get(path)
	if p.Doc.Find(`input[name="self_check"]:checked`).Length() != len(asset.SelfCheckItems) {
		t.Fatal("the self-check is not kept for the resubmission")
	}
	if got := text(p, "[data-submit-asset]"); got != "Resubmit for scan and review" {
		t.Fatalf("button %q", got)
	}
	c.post(path+"/submit", selfCheckForm(submitVersion(p)))
	h.scans()
	p = c.get(path)
	if got := text(p, "[data-asset-status]"); !strings.Contains(got, "Pending review") || !strings.Contains(got, "Due 2026-11-24 10:00") {
		t.Fatalf("pending: %q", got)
	}
	if p.Doc.Find("form[data-upload]").Length() != 0 {
		t.Fatal("a pending asset still offers the upload")
	}
	id := strings.TrimPrefix(path, "/seller/assets/")

	// Operations: the list, a claim, a second reviewer locked out, the decision.
	a, b := h.client(), h.client()
	a.login("rev-a", "Passw0rd!x")
	b.login("rev-b", "Passw0rd!x")
	q := a.get("/ops/assets")
	row := q.Doc.Find(`tr[data-row]`)
	if row.Length() != 1 || !strings.Contains(row.Text(), "Backup agent") || !strings.Contains(row.Text(), "Due 2026-11-24 10:00") {
		t.Fatalf("queue row %q", row.Text())
	}
	r := a.get("/ops/assets/" + id)
	if got := text(r, `[data-report]`); !strings.Contains(got, "Passed") {
		t.Fatalf("reviewer's report %q", got)
	}
	if r.Doc.Find(`[data-self-check] li[data-confirmed="pass"]`).Length() != len(asset.SelfCheckItems) {
		t.Fatal("reviewer does not see the confirmed self-check")
	}
	fileURL, _ := r.Doc.Find(`[data-source="upload"] a[data-file]`).Attr("href")
	if res, err := a.http.Get(h.URL + fileURL); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("reviewer download: %v %v", err, res)
	}
	if p := a.post("/ops/assets/"+id+"/claim", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("claim: %d", p.Status)
	}
	r = b.get("/ops/assets/" + id)
	if got := text(r, "[data-claimed-other]"); !strings.Contains(got, "rev-a claimed this asset") {
		t.Fatalf("second reviewer sees %q", got)
	}
	if r.Doc.Find(".decision").Length() != 0 {
		t.Fatal("the second reviewer is offered the decision")
	}
	v, _ := a.get("/ops/assets/" + id).Doc.Find(`.decision input[name="version"]`).Attr("value")
	p = b.post("/ops/assets/"+id+"/decision", url.Values{"decision": {"approve"}, "version": {v}})
	if p.Status != http.StatusConflict || !strings.Contains(text(p, ".error-card"), "rev-a has claimed this asset") {
		t.Fatalf("second reviewer decides: %d %q", p.Status, text(p, ".error-card"))
	}
	p = a.post("/ops/assets/"+id+"/decision", url.Values{"decision": {"reject"}, "reason": {"bad"}, "version": {v}})
	if p.Status != http.StatusUnprocessableEntity || text(p, `.field-error[data-field="reason"]`) != "Give a reason of 5–1000 characters." {
		t.Fatalf("short reason: %d", p.Status)
	}
	if p = a.post("/ops/assets/"+id+"/decision", url.Values{"decision": {"approve"}, "version": {v}}); p.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %q", p.Status, text(p, ".error-card"))
	}
	if p = a.post("/ops/assets/"+id+"/decision", url.Values{"decision": {"approve"}, "version": {v}}); p.Status != http.StatusConflict {
		t.Fatalf("double approve: %d", p.Status)
	}
	if got := text(c.get(path), "[data-asset-status] .badge"); got != "Approved" {
		t.Fatalf("seller sees %q", got)
	}
	if got := text(c.get("/seller/messages"), "[data-message]"); !strings.Contains(got, "approved") {
		t.Fatalf("inbox %q", got)
	}
}

func TestAssetUploadLimitsSayImportFromBucket(t *testing.T) {
	h := newHarness(t)
	big := h.readySeller("big")
	lim := asset.DefaultLimits
	lim.MaxUpload, lim.DailyBytes = 5000, 6000
	h.svc.assets.SetLimits(lim)
	c := h.client()
	c.login("big", "Passw0rd!x")
	path := newAssetVia(t, c, "package", "Large suite")
	large := string(assettest.Tar(t, []assettest.File{{Name: "big.bin", Body: make([]byte, 6000)}}))
	p := c.postMultipart(path+"/upload", nil, map[string][2]string{"file": {"suite.tar", large}})
	msg := text(p, "[data-upload-card] .alert")
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(msg, "larger than 4.9 KB") || !strings.Contains(msg, "import larger ones from an object-storage bucket") {
		t.Fatalf("too large: %d %q", p.Status, msg)
	}
	small := string(assettest.Tar(t, []assettest.File{{Name: "a", Body: make([]byte, 2000)}})) // 3.5 KiB: two fit in 6000 bytes only once
	if p := c.postMultipart(path+"/upload", nil, map[string][2]string{"file": {"a.tar", small}}); p.Status != http.StatusSeeOther {
		t.Fatalf("small upload: %d", p.Status)
	}
	p = c.postMultipart(path+"/upload", nil, map[string][2]string{"file": {"b.tar", small}})
	msg = text(p, "[data-upload-card] .alert")
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(msg, "today's upload quota of 5.9 KB") || !strings.Contains(msg, "Import the package from an object-storage bucket") {
		t.Fatalf("over quota: %d %q", p.Status, msg)
	}
	c.lang = "zh-CN"
	p = c.postMultipart(path+"/upload", nil, map[string][2]string{"file": {"b.tar", small}})
	if msg := text(p, "[data-upload-card] .alert"); !strings.Contains(msg, "从对象存储桶导入") {
		t.Fatalf("zh over quota: %q", msg)
	}
	c.lang = "en"

	// The bucket import takes the large package instead.
	dir := h.buckets(t)
	bucket := filepath.Join(dir, big.PublicID, "big-releases")
	if err := os.MkdirAll(bucket, 0o755); err != nil {
		t.Fatal(err)
	}
	data := assettest.TarGz(t, assettest.Clean())
	if err := os.WriteFile(filepath.Join(bucket, "suite.tar.gz"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	p = c.get(path)
	v, _ := p.Doc.Find(`form[action$="/import"] input[name="version"]`).Attr("value")
	p = c.post(path+"/import", url.Values{"version": {v}, "bucket": {"big-releases"}, "object_key": {"suite.tar.gz"},
		"declared_size": {strconv.Itoa(len(data))}, "declared_sha256": {assetSHA(data)}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("import: %d %q", p.Status, text(p, ".field-error"))
	}
	p = c.get(path)
	if got := text(p, `[data-source="bucket"]`); !strings.Contains(got, "big-releases") {
		t.Fatalf("source %q", got)
	}
	c.post(path+"/submit", selfCheckForm(submitVersion(p)))
	h.scans()
	if got := text(c.get(path), "[data-asset-status] .badge"); got != "Pending review" {
		t.Fatalf("imported package: %q", got)
	}
}
