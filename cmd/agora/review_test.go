package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/catalog"
	"agora/internal/merchant"
	"agora/internal/testfix"
)

// rvSeller makes an admitted, certified seller of company, ready to release products.
func rvSeller(t *testing.T, h *harness, name, company string) account.Account {
	t.Helper()
	ctx := context.Background()
	a := h.account(name, "")
	rev := h.account(name+"-entry-rev", account.OpsReviewer)
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
	if a, err = h.svc.accounts.Get(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	return a
}

// rvContent is a valid release form of accessType called name, with a logo seller has just uploaded.
func rvContent(t *testing.T, h *harness, seller account.Account, accessType, name string) catalog.Content {
	t.Helper()
	f, err := h.svc.files.Upload(context.Background(), seller.ID, catalog.LogoPurpose, "logo.png", bytes.NewReader(demoPNG()))
	if err != nil {
		t.Fatal(err)
	}
	return testfix.ContentWithLogo(accessType, name, f.ID)
}

// rvRelease submits a release of c for seller, as the seller's release form does.
func rvRelease(t *testing.T, h *harness, seller account.Account, c catalog.Content) catalog.Application {
	t.Helper()
	ctx := context.Background()
	draft, err := h.svc.catalog.StartRelease(ctx, seller, c.AccessType)
	if err != nil {
		t.Fatal(err)
	}
	app, err := h.svc.catalog.Submit(ctx, seller, draft.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// rvListed releases c for seller and has a fresh reviewer approve it.
func rvListed(t *testing.T, h *harness, seller account.Account, c catalog.Content) catalog.Product {
	t.Helper()
	ctx := context.Background()
	app := rvRelease(t, h, seller, c)
	rev := h.account(fmt.Sprintf("list-rev-%d", time.Now().UnixNano()), account.OpsReviewer)
	if err := h.svc.catalog.Decide(ctx, rev, app.ID, catalog.Decision{Approve: true, Version: fmt.Sprint(app.Version)}); err != nil {
		t.Fatal(err)
	}
	app, err := h.svc.catalog.MyApplication(ctx, seller.ID, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := h.svc.catalog.MyProduct(ctx, seller.ID, *app.ProductID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func rvRows(p page) []string {
	var out []string
	p.Doc.Find("[data-review-row]").Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.AttrOr("data-review-row", ""))
	})
	return out
}

func rvWant(t *testing.T, what string, p page, want ...string) {
	t.Helper()
	if p.Status != http.StatusOK {
		t.Fatalf("%s: status %d", what, p.Status)
	}
	if got := rvRows(p); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s: rows %v, want %v", what, got, want)
	}
}

func rvOps(h *harness, name string) (account.Account, *client) {
	a := h.account(name, account.OpsReviewer)
	c := h.client()
	c.login(name, "Passw0rd!x")
	return a, c
}

// TestReviewQueueOverHTTP: the queue shows what waits with its deadline, flags
// it once the deadline passes, filters, and counts it on the dashboard.
func TestReviewQueueOverHTTP(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acme := rvSeller(t, h, "acme", "Acme 云科技有限公司")
	beta := rvSeller(t, h, "beta", "Beta 数据有限公司")
	first := rvRelease(t, h, acme, rvContent(t, h, acme, catalog.TypeLicense, "Acme 备份软件"))
	h.Clock.Advance(time.Hour)
	second := rvRelease(t, h, beta, rvContent(t, h, beta, catalog.TypeManual, "Beta 数据治理服务"))
	_, a := rvOps(h, "reva")

	p := a.get("/ops/reviews")
	rvWant(t, "queue", p, first.Number, second.Number)
	row := p.Doc.Find(`[data-review-row="` + first.Number + `"]`)
	if !strings.Contains(row.Text(), "Acme 云科技有限公司") || !strings.Contains(row.Text(), "Acme 备份软件") {
		t.Fatalf("row: %q", row.Text())
	}
	due := row.Find(".sla-due").Text()
	if !strings.Contains(due, first.DueAt.In(testfix.Shanghai).Format("2006-01-02")) {
		t.Fatalf("due %q, want the day of %v", due, first.DueAt)
	}
	if row.HasClass("row-overdue") || row.Find("[data-overdue]").Length() != 0 {
		t.Fatal("a fresh application is flagged overdue")
	}
	if href, _ := row.Find("[data-review-link]").Attr("href"); href != "/ops/reviews/"+first.ID.String() {
		t.Fatalf("link %q", href)
	}
	if got := text(p, "[data-queue-summary]"); !strings.Contains(got, "2 waiting") {
		t.Fatalf("summary %q", got)
	}

	// Filters.
	rvWant(t, "by company", a.get("/ops/reviews?q=beta+%E6%95%B0%E6%8D%AE"), second.Number)
	rvWant(t, "by number", a.get("/ops/reviews?q="+first.Number), first.Number)
	rvWant(t, "releases", a.get("/ops/reviews?kind=release"), first.Number, second.Number)
	rvWant(t, "modifications", a.get("/ops/reviews?kind=modify"))
	rvWant(t, "claimed by me", a.get("/ops/reviews?claim=mine"))
	rvWant(t, "overdue only", a.get("/ops/reviews?overdue=1"))
	if n := a.get("/ops/reviews?kind=modify").Doc.Find(".empty").Length(); n != 1 {
		t.Fatal("an empty filter says nothing")
	}

	// Past the first deadline: flagged, counted, filtered.
	h.Clock.Set(first.DueAt.Add(time.Minute))
	p = a.get("/ops/reviews")
	row = p.Doc.Find(`[data-review-row="` + first.Number + `"]`)
	if !row.HasClass("row-overdue") || row.Find("[data-overdue]").Length() != 1 {
		t.Fatalf("overdue row not flagged: %q", row.Text())
	}
	if p.Doc.Find(`[data-review-row="`+second.Number+`"] [data-overdue]`).Length() != 0 {
		t.Fatal("the second application is not overdue yet")
	}
	rvWant(t, "overdue only, later", a.get("/ops/reviews?overdue=1"), first.Number)
	dash := a.get("/ops")
	if got := text(dash, `[data-stat="review-pending"]`); got != "2" {
		t.Fatalf("dashboard pending %q", got)
	}
	if got := text(dash, `[data-stat="review-overdue"]`); got != "1" {
		t.Fatalf("dashboard overdue %q", got)
	}

	// Nobody outside operations sees the queue.
	seller := h.client()
	seller.login("acme", "Passw0rd!x")
	if p := seller.get("/ops/reviews"); p.Status != http.StatusNotFound {
		t.Fatalf("seller on the queue: %d", p.Status)
	}
	if p := seller.get("/ops/reviews/" + first.ID.String()); p.Status != http.StatusNotFound {
		t.Fatalf("seller on a review: %d", p.Status)
	}
}

// TestReviewClaimAndReject: a claim keeps other reviewers off; the claimer
// rejects with reasons per field, which reach the seller's inbox.
func TestReviewClaimAndReject(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acme := rvSeller(t, h, "acme", "Acme 云科技有限公司")
	app := rvRelease(t, h, acme, rvContent(t, h, acme, catalog.TypeLicense, "Acme 备份软件"))
	_, a := rvOps(h, "reva")
	_, b := rvOps(h, "revb")
	path := "/ops/reviews/" + app.ID.String()

	p := a.get(path)
	if p.Status != http.StatusOK || p.Doc.Find("[data-decision-form]").Length() != 1 || p.Doc.Find("[data-claim-button]").Length() != 1 {
		t.Fatalf("review page before a claim: %d", p.Status)
	}
	if src, _ := p.Doc.Find("[data-field=logo] img[data-logo]").Attr("src"); src != "/files/"+app.Content.LogoFileID {
		t.Fatalf("logo preview %q", src)
	}
	if got := text(p, "[data-field=license_form] .diff-new"); got != "Authorisation code" {
		t.Fatalf("licence form shown as %q", got)
	}
	if p.Doc.Find("[data-spec]").Length() != 1 || !strings.Contains(text(p, "[data-spec]"), "¥99.00") {
		t.Fatalf("specs: %q", text(p, "[data-specs]"))
	}

	if p := a.post(path+"/claim", url.Values{}); p.Status != http.StatusSeeOther || p.Location != path {
		t.Fatalf("claim: %d %s", p.Status, p.Location)
	}
	if got := text(a.get(path), "[data-claimer]"); !strings.Contains(got, "you") {
		t.Fatalf("claimer for A: %q", got)
	}
	rvWant(t, "A's claims", a.get("/ops/reviews?claim=mine"), app.Number)
	rvWant(t, "B's claims", b.get("/ops/reviews?claim=mine"))
	rvWant(t, "unclaimed for B", b.get("/ops/reviews?claim=unclaimed"))
	if got := text(b.get("/ops/reviews"), "[data-claimer]"); got != "reva" {
		t.Fatalf("claimed by, in B's queue: %q", got)
	}

	// B sees who holds it and cannot decide or take it.
	pb := b.get(path)
	if pb.Doc.Find("[data-blocked]").Length() != 1 || pb.Doc.Find("[data-decision-form]").Length() != 0 ||
		pb.Doc.Find("[data-claim-button]").Length() != 0 || pb.Doc.Find("[data-unclaim-button]").Length() != 0 {
		t.Fatal("B's page offers what B may not do")
	}
	version := fmt.Sprint(app.Version)
	pb = b.post(path+"/decision", url.Values{"version": {version}, "decision": {"approve"}})
	if pb.Status != http.StatusConflict || !strings.Contains(pb.Doc.Text(), "Another reviewer has claimed") {
		t.Fatalf("B's decision: %d %q", pb.Status, text(pb, "main"))
	}
	if pb := b.post(path+"/claim", url.Values{}); pb.Status != http.StatusConflict {
		t.Fatalf("B's claim: %d", pb.Status)
	}
	if pb := b.post(path+"/unclaim", url.Values{}); pb.Status != http.StatusForbidden {
		t.Fatalf("B's unclaim: %d", pb.Status)
	}

	// A rejection needs a reason; what was typed stays.
	long := strings.Repeat("长", 501)
	p = a.post(path+"/decision", url.Values{"version": {version}, "decision": {"reject"}, "fr.name": {long}, "fr.bogus": {"x"}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid rejection: %d", p.Status)
	}
	if v, _ := p.Doc.Find(`input[name="fr.name"]`).Attr("value"); v != long {
		t.Fatal("the typed field reason is lost")
	}
	if p.Doc.Find(`[data-field="fr.name"].field-error`).Length() != 1 {
		t.Fatalf("errors: %q", p.Doc.Find(".field-error").Text())
	}
	p = a.post(path+"/decision", url.Values{"version": {version}, "decision": {"reject"}, "reason": {"不行"}})
	if p.Status != http.StatusUnprocessableEntity || p.Doc.Find(`[data-field="reason"].field-error`).Length() != 1 {
		t.Fatalf("rejection without a reason: %d %q", p.Status, p.Doc.Find(".field-error").Text())
	}
	if got := p.Doc.Find("textarea[name=reason]").Text(); got != "不行" {
		t.Fatalf("the typed reason is lost: %q", got)
	}

	p = a.post(path+"/decision", url.Values{"version": {version}, "decision": {"reject"}, "reason": {""},
		"fr.summary": {"简介需说明备份的对象与恢复方式。"}, "fr.spec.0.name": {"规格名称请写明授权的节点数。"}})
	if p.Status != http.StatusSeeOther || p.Location != path {
		t.Fatalf("rejection: %d %s %q", p.Status, p.Location, p.Doc.Find(".field-error, .alert").Text())
	}
	p = a.get(path)
	if p.Doc.Find("[data-app-status=rejected]").Length() != 1 || !strings.Contains(text(p, "[data-reject-reason]"), "简介需说明备份的对象与恢复方式") {
		t.Fatalf("rejected page: %q", text(p, "[data-reject-reason]"))
	}
	if p.Doc.Find("[data-decision-form]").Length() != 0 {
		t.Fatal("a decided application still offers a decision")
	}

	msgs, err := h.svc.inbox.List(context.Background(), acme.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) == 0 || msgs[0].Topic != "product_release_rejected" || msgs[0].Params["number"] != app.Number ||
		!strings.Contains(msgs[0].Params["reason"], "简介需说明备份的对象与恢复方式") {
		t.Fatalf("seller's inbox: %+v", msgs)
	}
	seller := h.client()
	seller.login("acme", "Passw0rd!x")
	inbox := seller.get("/seller/messages")
	if got := inbox.Doc.Find("[data-message]").First().Text(); !strings.Contains(got, "Release "+app.Number+" rejected") ||
		!strings.Contains(got, "规格名称请写明授权的节点数") || strings.Contains(got, "spec.0") || strings.Contains(got, "summary:") {
		t.Fatalf("seller's inbox page: %q", got)
	}
	// The seller's timeline names the fields as the form does, not by their form keys.
	timeline := seller.get("/seller/applications/" + app.ID.String()).Doc.Find(".timeline").Text()
	if !strings.Contains(timeline, "Spec 1 · Spec name: 规格名称请写明授权的节点数") || !strings.Contains(timeline, "Summary: 简介需说明") ||
		strings.Contains(timeline, "spec.0.name") {
		t.Fatalf("seller's timeline: %q", timeline)
	}

	// Decided: it leaves the queue and shows among the recent decisions.
	rvWant(t, "queue after the decision", a.get("/ops/reviews"))
	rvWant(t, "recent decisions", a.get("/ops/reviews?view=decided"), app.Number)
	rvWant(t, "decided by B", b.get("/ops/reviews?view=decided&claim=mine"))
}

// TestReviewModificationDiff: a modification is shown field by field against
// the live version; approving it swaps it in and tells the seller.
func TestReviewModificationDiff(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	acme := rvSeller(t, h, "acme", "Acme 云科技有限公司")
	c := rvContent(t, h, acme, catalog.TypeSaaS, "Acme 监控")
	c.Specs = append(c.Specs, catalog.SpecDraft{Name: "企业版", BillingMode: catalog.BillYearly, Price: "1999"})
	listed := rvListed(t, h, acme, c)
	draft, err := h.svc.catalog.StartModification(ctx, acme, listed.ID)
	if err != nil {
		t.Fatal(err)
	}
	rev := draft.Content
	oldSummary := rev.Summary
	rev.Summary = "全新版本：支持多云监控与智能告警，分钟级接入。"
	rev.Specs[0].Price = "129"
	rev.Specs = append(rev.Specs, catalog.SpecDraft{Name: "旗舰版", BillingMode: catalog.BillYearly, Price: "4999"})
	app, err := h.svc.catalog.Submit(ctx, acme, draft.ID, rev)
	if err != nil {
		t.Fatal(err)
	}
	_, a := rvOps(h, "reva")
	path := "/ops/reviews/" + app.ID.String()
	p := a.get(path)
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	summary := p.Doc.Find("[data-field=summary]")
	if _, ok := summary.Attr("data-changed"); !ok || text(p, "[data-field=summary] .diff-old") != oldSummary ||
		text(p, "[data-field=summary] .diff-new") != rev.Summary {
		t.Fatalf("summary row: %q", summary.Text())
	}
	if _, ok := p.Doc.Find("[data-field=name]").Attr("data-changed"); ok {
		t.Fatal("the name did not change")
	}
	if got, _ := p.Doc.Find("[data-change-count]").Attr("data-change-count"); got != "3" {
		t.Fatalf("change count %q, want 3 (summary, a price, a new spec)", got)
	}
	states := []string{}
	p.Doc.Find("[data-spec-state]").Each(func(_ int, s *goquery.Selection) {
		states = append(states, s.AttrOr("data-spec-state", ""))
	})
	if fmt.Sprint(states) != "[changed unchanged added]" {
		t.Fatalf("spec states %v", states)
	}
	price := text(p, `[data-spec="1"] .diff-changed`)
	if !strings.Contains(price, "¥99.00") || !strings.Contains(price, "¥129.00") {
		t.Fatalf("price change shown as %q", price)
	}
	if p.Doc.Find(`input[name="fr.spec.2.name"]`).Length() != 1 {
		t.Fatal("no reason box for the new spec")
	}

	p = a.post(path+"/decision", url.Values{"version": {fmt.Sprint(app.Version)}, "decision": {"approve"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %q", p.Status, text(p, "main"))
	}
	live, err := h.svc.catalog.ProductForOps(ctx, listed.ID)
	if err != nil || live.Summary != rev.Summary || len(live.Specs) != 3 {
		t.Fatalf("live after approval: %+v %v", live, err)
	}
	msgs, err := h.svc.inbox.List(ctx, acme.ID, 1)
	if err != nil || len(msgs) == 0 || msgs[0].Topic != "product_modify_approved" {
		t.Fatalf("inbox: %+v %v", msgs, err)
	}
	// Once in effect, the page shows the revision as submitted, not a diff against itself.
	if p := a.get(path); p.Doc.Find("[data-change-count]").Length() != 0 || text(p, "[data-field=summary] .diff-new") != rev.Summary {
		t.Fatal("approved modification page")
	}
}

// TestReviewDelisting: a delisting request shows its scope and reason;
// rejecting it keeps the spec on sale and tells the seller.
func TestReviewDelisting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	acme := rvSeller(t, h, "acme", "Acme 云科技有限公司")
	c := rvContent(t, h, acme, catalog.TypeSaaS, "Acme 监控")
	c.Specs = append(c.Specs, catalog.SpecDraft{Name: "企业版", BillingMode: catalog.BillYearly, Price: "1999"})
	listed := rvListed(t, h, acme, c)
	app, err := h.svc.catalog.RequestDelist(ctx, acme, listed.ID, catalog.DelistInput{SpecID: listed.Specs[1].ID.String(), Reason: "企业版停止销售，客户迁移到标准版。"})
	if err != nil {
		t.Fatal(err)
	}
	_, a := rvOps(h, "reva")
	rvWant(t, "delistings", a.get("/ops/reviews?kind=delist"), app.Number)
	path := "/ops/reviews/" + app.ID.String()
	p := a.get(path)
	if got := text(p, "[data-delist-scope]"); got != "Spec: 企业版" {
		t.Fatalf("scope %q", got)
	}
	if got := text(p, "[data-delist-reason]"); got != "企业版停止销售，客户迁移到标准版。" {
		t.Fatalf("reason %q", got)
	}
	if p.Doc.Find(`input[name^="fr."]`).Length() != 0 {
		t.Fatal("a delisting has no fields to give reasons on")
	}
	p = a.post(path+"/decision", url.Values{"version": {fmt.Sprint(app.Version)}, "decision": {"reject"}, "reason": {"仍有客户在使用企业版，请先完成迁移。"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("reject: %d %q", p.Status, text(p, "main"))
	}
	msgs, err := h.svc.inbox.List(ctx, acme.ID, 1)
	if err != nil || len(msgs) == 0 || msgs[0].Topic != "product_delist_rejected" {
		t.Fatalf("inbox: %+v %v", msgs, err)
	}
	// Deciding again is a conflict, shown as such.
	p = a.post(path+"/decision", url.Values{"version": {fmt.Sprint(app.Version)}, "decision": {"approve"}})
	if p.Status != http.StatusConflict {
		t.Fatalf("second decision: %d", p.Status)
	}
}

// rvImageAsset takes an image asset of seller through submission and the scan;
// approve also has operations approve it.
func rvImageAsset(t *testing.T, h *harness, seller account.Account, name string, approve bool) asset.Asset {
	t.Helper()
	ctx := context.Background()
	svc := h.svc.assets
	a, err := svc.Create(ctx, seller, asset.KindImage, asset.DetailsInput{Name: name, Release: "1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	if a, err = svc.SetImage(ctx, seller.ID, a.ID, asset.ImageInput{Region: "cn-north-4", ImageID: uuid.NewString(), OS: asset.OSes[0],
		DiskGB: "40", Version: fmt.Sprint(a.Version)}); err != nil {
		t.Fatal(err)
	}
	if a, err = svc.Submit(ctx, seller, a.ID, asset.SubmitInput{Confirmed: asset.SelfCheckItems, Version: fmt.Sprint(a.Version)}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Scan(ctx, a.ID, a.Version); err != nil {
		t.Fatal(err)
	}
	if a, err = svc.Get(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if approve {
		rev := h.account(fmt.Sprintf("asset-rev-%d", time.Now().UnixNano()), account.OpsReviewer)
		if err := svc.Decide(ctx, rev, a.ID, asset.Decision{Approve: true, Version: fmt.Sprint(a.Version)}); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// TestReviewAssetsInQueue: assets waiting for review share the queue and link
// to their own review page; an image release links the asset it delivers.
func TestReviewAssetsInQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	acme := rvSeller(t, h, "acme", "Acme 云科技有限公司")
	approved := rvImageAsset(t, h, acme, "Acme 备份镜像", true)
	c := rvContent(t, h, acme, catalog.TypeImage, "Acme 备份镜像版")
	c.AssetID = approved.ID.String()
	app := rvRelease(t, h, acme, c)
	h.Clock.Advance(time.Hour)
	waiting := rvImageAsset(t, h, acme, "Acme 监控镜像", false)
	_, a := rvOps(h, "reva")

	rvWant(t, "queue", a.get("/ops/reviews"), app.Number, waiting.Number)
	p := a.get("/ops/reviews?kind=asset")
	rvWant(t, "assets", p, waiting.Number)
	if href, _ := p.Doc.Find("[data-review-link]").Attr("href"); href != "/ops/assets/"+waiting.ID.String() {
		t.Fatalf("asset link %q", href)
	}
	if got := text(p, `[data-kind="asset"] [data-count]`); got != "1" {
		t.Fatalf("asset tab count %q", got)
	}

	p = a.get("/ops/reviews/" + app.ID.String())
	link := p.Doc.Find("[data-field=asset_id] [data-value-link]")
	if href, _ := link.Attr("href"); href != "/ops/assets/"+approved.ID.String() || !strings.Contains(link.Text(), approved.Number) ||
		!strings.Contains(link.Text(), "Acme 备份镜像") {
		t.Fatalf("asset of the release: %q %q", href, link.Text())
	}
}
