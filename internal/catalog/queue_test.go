package catalog_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/catalog"
	"agora/internal/testfix"
)

// qtNumbers lists the numbers of items, in order.
func qtNumbers(items []catalog.ReviewItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Number
	}
	return out
}

func qtQueue(t *testing.T, cat *catalog.Service, f catalog.ReviewFilter) []catalog.ReviewItem {
	t.Helper()
	items, err := cat.ReviewQueue(context.Background(), f, 1)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func qtWant(t *testing.T, what string, items []catalog.ReviewItem, want ...string) {
	t.Helper()
	got := qtNumbers(items)
	if len(got) != len(want) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: got %v, want %v", what, got, want)
		}
	}
}

// qtPendingAsset takes an image asset of seller through submission and the
// automated scan, so that it waits for review.
func qtPendingAsset(t *testing.T, env *testfix.Env, seller account.Account, name string) asset.Asset {
	t.Helper()
	ctx := context.Background()
	svc := env.Assets()
	a, err := svc.Create(ctx, seller, asset.KindImage, asset.DetailsInput{Name: name, Release: "1.0.0"})
	if err != nil {
		t.Fatalf("create asset: %v", err)
	}
	a, err = svc.SetImage(ctx, seller.ID, a.ID, asset.ImageInput{Region: "cn-north-4", ImageID: uuid.NewString(), OS: asset.OSes[0],
		DiskGB: "40", Version: testfix.Version(a.Version)})
	if err != nil {
		t.Fatalf("set image: %v", err)
	}
	a, err = svc.Submit(ctx, seller, a.ID, asset.SubmitInput{Confirmed: asset.SelfCheckItems, Version: testfix.Version(a.Version)})
	if err != nil {
		t.Fatalf("submit asset: %v", err)
	}
	if err := svc.Scan(ctx, a.ID, a.Version); err != nil {
		t.Fatalf("scan asset: %v", err)
	}
	a, err = svc.Get(ctx, a.ID)
	if err != nil || a.DueAt == nil {
		t.Fatalf("scanned asset: %+v %v", a, err)
	}
	return a
}

// TestReviewQueue: releases, modifications, delistings and assets wait in one
// queue, most urgent first, and every filter narrows it as a reviewer expects.
func TestReviewQueue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := testfix.New(t)
	cat := env.Catalog()
	alpha := env.ReadySeller(t, "alpha")
	beta := env.ReadySeller(t, "beta")
	reviewer, other := env.Reviewer(t), env.Reviewer(t)

	// A listed product of alpha's, with two specs: one to revise, one to delist.
	c := env.ProductContent(t, alpha, catalog.TypeSaaS)
	c.Specs = append(c.Specs, catalog.SpecDraft{Name: "企业版", BillingMode: catalog.BillYearly, Price: "999"})
	listed := env.ListProduct(t, cat, alpha, c)

	env.Clock.Advance(time.Hour)
	release := env.SubmitRelease(t, cat, alpha, env.ProductContent(t, alpha, catalog.TypeLicense))
	env.Clock.Advance(time.Hour)
	draft, err := cat.StartModification(ctx, alpha, listed.ID)
	if err != nil {
		t.Fatal(err)
	}
	rev := draft.Content
	rev.Summary = "全新改版的一站式云监控服务，分钟级接入，告警更及时。"
	modify, err := cat.Submit(ctx, alpha, draft.ID, rev)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Hour)
	delist, err := cat.RequestDelist(ctx, alpha, listed.ID, catalog.DelistInput{SpecID: listed.Specs[1].ID.String(), Reason: "企业版不再提供。"})
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Hour)
	betaRelease := env.SubmitRelease(t, cat, beta, env.ProductContent(t, beta, catalog.TypeManual))
	env.Clock.Advance(time.Hour)
	img := qtPendingAsset(t, env, beta, "Ubuntu 24.04 监控镜像")

	all := qtQueue(t, cat, catalog.ReviewFilter{})
	qtWant(t, "all, by due time", all, release.Number, modify.Number, delist.Number, betaRelease.Number, img.Number)
	first := all[0]
	if first.Kind != catalog.KindRelease || first.Company != testfix.Company(alpha) || first.Title != release.Title ||
		first.AccessType != catalog.TypeLicense || first.DueAt == nil || !first.DueAt.Equal(*release.DueAt) ||
		first.SubmittedAt == nil || first.ClaimedBy != nil || first.Href() != "/ops/reviews/"+release.ID.String() {
		t.Fatalf("first row: %+v", first)
	}
	if d := all[2]; d.Kind != catalog.KindDelist || d.SpecName != "企业版" || d.Title != listed.Name {
		t.Fatalf("delisting row: %+v", d)
	}
	if a := all[4]; a.Kind != catalog.ReviewAsset || a.Title != "Ubuntu 24.04 监控镜像" || a.AccessType != asset.KindImage ||
		a.Company != testfix.Company(beta) || a.Href() != "/ops/assets/"+img.ID.String() {
		t.Fatalf("asset row: %+v", a)
	}

	qtWant(t, "releases", qtQueue(t, cat, catalog.ReviewFilter{Kind: catalog.KindRelease}), release.Number, betaRelease.Number)
	qtWant(t, "modifications", qtQueue(t, cat, catalog.ReviewFilter{Kind: catalog.KindModify}), modify.Number)
	qtWant(t, "delistings", qtQueue(t, cat, catalog.ReviewFilter{Kind: catalog.KindDelist}), delist.Number)
	qtWant(t, "assets", qtQueue(t, cat, catalog.ReviewFilter{Kind: catalog.ReviewAsset}), img.Number)
	qtWant(t, "unknown kind is no filter", qtQueue(t, cat, catalog.ReviewFilter{Kind: "bogus"}), qtNumbers(all)...)

	qtWant(t, "by company", qtQueue(t, cat, catalog.ReviewFilter{Search: " BETA"}), betaRelease.Number, img.Number)
	qtWant(t, "by number", qtQueue(t, cat, catalog.ReviewFilter{Search: modify.Number[2:]}), modify.Number)
	qtWant(t, "by title", qtQueue(t, cat, catalog.ReviewFilter{Search: "监控镜像"}), img.Number)
	qtWant(t, "search and kind", qtQueue(t, cat, catalog.ReviewFilter{Search: "beta", Kind: catalog.KindRelease}), betaRelease.Number)
	qtWant(t, "nothing matches", qtQueue(t, cat, catalog.ReviewFilter{Search: "no such thing"}))

	if err := cat.Claim(ctx, reviewer, betaRelease.ID); err != nil {
		t.Fatal(err)
	}
	if err := env.Assets().Claim(ctx, reviewer, img.ID); err != nil {
		t.Fatal(err)
	}
	mine := qtQueue(t, cat, catalog.ReviewFilter{Claim: catalog.ClaimMine, Viewer: reviewer.ID})
	qtWant(t, "mine", mine, betaRelease.Number, img.Number)
	if mine[0].ClaimerName != reviewer.Name || mine[0].ClaimedBy == nil || *mine[0].ClaimedBy != reviewer.ID || mine[0].ClaimedAt == nil {
		t.Fatalf("claimed row: %+v", mine[0])
	}
	qtWant(t, "another reviewer's", qtQueue(t, cat, catalog.ReviewFilter{Claim: catalog.ClaimMine, Viewer: other.ID}))
	qtWant(t, "unclaimed", qtQueue(t, cat, catalog.ReviewFilter{Claim: catalog.ClaimUnclaimed, Viewer: other.ID}),
		release.Number, modify.Number, delist.Number)

	counts, err := cat.ReviewQueueCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Pending[catalog.KindRelease] != 2 || counts.Pending[catalog.KindModify] != 1 || counts.Pending[catalog.KindDelist] != 1 ||
		counts.Pending[catalog.ReviewAsset] != 1 || counts.Total() != 5 || counts.TotalOverdue() != 0 {
		t.Fatalf("counts now: %+v", counts)
	}
	qtWant(t, "overdue now", qtQueue(t, cat, catalog.ReviewFilter{Overdue: true}))

	// Just past the first deadline: only the first record is overdue.
	env.Clock.Set(release.DueAt.Add(time.Minute))
	qtWant(t, "overdue later", qtQueue(t, cat, catalog.ReviewFilter{Overdue: true}), release.Number)
	if counts, err = cat.ReviewQueueCounts(ctx); err != nil || counts.Overdue[catalog.KindRelease] != 1 || counts.TotalOverdue() != 1 {
		t.Fatalf("counts later: %+v %v", counts, err)
	}

	// Decided records leave the queue and show among the decisions, newest first.
	if err := cat.Decide(ctx, reviewer, betaRelease.ID, catalog.Decision{Reason: "产品描述与实际功能不符。", Version: testfix.Version(betaRelease.Version)}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Minute)
	if err := cat.Decide(ctx, other, modify.ID, catalog.Decision{Approve: true, Version: testfix.Version(modify.Version)}); err != nil {
		t.Fatal(err)
	}
	qtWant(t, "after decisions", qtQueue(t, cat, catalog.ReviewFilter{}), release.Number, delist.Number, img.Number)
	decided, err := cat.ReviewDecisions(ctx, catalog.ReviewFilter{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	// The listing of alpha's product was decided too, before everything else.
	if len(decided) != 3 || decided[0].Number != modify.Number || decided[0].Status != "approved" || decided[0].DeciderName != other.Name ||
		decided[1].Number != betaRelease.Number || decided[1].Status != "rejected" || decided[1].DecidedAt == nil {
		t.Fatalf("decisions: %+v", decided)
	}
	byMe, err := cat.ReviewDecisions(ctx, catalog.ReviewFilter{Claim: catalog.ClaimMine, Viewer: reviewer.ID, Kind: catalog.KindRelease}, 1)
	if err != nil {
		t.Fatal(err)
	}
	qtWant(t, "decided by me", byMe, betaRelease.Number)
}

// TestReviewQueuePagesAndExtension: a seller's tenth and later release of one
// day carry the SLA extension into the queue, and the queue pages by twenty.
func TestReviewQueuePagesAndExtension(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := testfix.New(t)
	cat := env.Catalog()
	seller := env.ReadySeller(t, "busy")
	var apps []catalog.Application
	for range catalog.ReviewPage + 1 {
		apps = append(apps, env.SubmitRelease(t, cat, seller, env.ProductContent(t, seller, catalog.TypeLicense)))
		env.Clock.Advance(time.Minute)
	}
	page1, err := cat.ReviewQueue(ctx, catalog.ReviewFilter{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(page1) != catalog.ReviewPage+1 {
		t.Fatalf("page 1 has %d rows, want %d (one more: there is a next page)", len(page1), catalog.ReviewPage+1)
	}
	// Due order: the first nine (3 working days), then the tenth to nineteenth (+1), then the rest (+2).
	for i, it := range page1[:catalog.ReviewPage] {
		want := catalog.ExtraReviewDays(i + 1)
		if it.ExtraDays != want {
			t.Errorf("row %d: extra days %d, want %d", i, it.ExtraDays, want)
		}
		if i > 0 && it.DueAt.Before(*page1[i-1].DueAt) {
			t.Errorf("row %d is due before row %d", i, i-1)
		}
	}
	if page1[9].Number != apps[9].Number || !page1[9].DueAt.After(*page1[8].DueAt) {
		t.Fatalf("the tenth release should be due a working day later: %+v", page1[8:10])
	}
	page2, err := cat.ReviewQueue(ctx, catalog.ReviewFilter{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	qtWant(t, "page 2", page2, apps[catalog.ReviewPage].Number)
}
