package catalog_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

// TestApprovalListsTheProduct: approving a release puts the product and its
// specs on sale, refreshes what lists show, closes the record and tells the seller.
func TestApprovalListsTheProduct(t *testing.T) {
	s := newShop(t)
	c := specs(s.content(t, catalog.TypeSaaS),
		"专业版", catalog.BillYearly, "999", "30",
		"基础版", catalog.BillMonthly, "99", "")
	c.Name, c.NameEn = "  云眼监控 SaaS版 ", "CloudEye SaaS Edition"
	app, err := s.submit(t, c)
	if err != nil {
		t.Fatal(err)
	}
	reviewer := s.Reviewer(t)
	if err := s.decide(reviewer, app, catalog.Decision{Approve: true, Reason: "ignored", FieldReasons: map[string]string{"x": "y"}}); err != nil {
		t.Fatal(err)
	}
	done := s.app(t, app.ID)
	if done.Status != lifecycle.AppApproved || done.ProductID == nil || done.DecidedAt == nil || done.Reason != "" ||
		len(done.FieldReasons) != 0 || done.Editable() || done.ProductName != "云眼监控 SaaS版" {
		t.Fatalf("approved record: %+v", done)
	}
	p := s.product(t, *done.ProductID)
	if p.Status != lifecycle.ShelfListed || !p.Public || p.Name != "云眼监控 SaaS版" || p.NameEn != "CloudEye SaaS Edition" ||
		p.AccessType != catalog.TypeSaaS || p.CategoryID != c.CategoryID || p.Summary != c.Summary ||
		p.LogoFileID == nil || p.LogoFileID.String() != c.LogoFileID || p.Target != catalog.TargetAll ||
		!strings.HasPrefix(p.Number, "SP26111910") || !p.ListedAt.Equal(testfix.Start) || p.SpecsOnSale != 2 {
		t.Fatalf("listed product: %+v", p)
	}
	if p.Content.Description != c.Description || p.Content.ProductionURL != c.ProductionURL || len(p.Content.Specs) != 0 {
		t.Errorf("live content: %+v", p.Content)
	}
	if pro := spec(t, p, "专业版"); pro.Price != 99900 || pro.TrialDays != 30 || pro.Position != 1 || pro.Status != lifecycle.ShelfListed {
		t.Errorf("spec 专业版: %+v", pro)
	}
	if p.MinPrice == nil || *p.MinPrice != 9900 {
		t.Errorf("min price %v, want 9900", p.MinPrice)
	}
	row, err := s.Store.GetProduct(bg, p.ID)
	if err != nil || strings.Join(row.BillingModes, ",") != "monthly,yearly" {
		t.Errorf("billing modes on the product row: %v %v", row.BillingModes, err)
	}
	mine, err := s.cat.MyProducts(bg, s.seller.ID, 1)
	if err != nil || len(mine) != 1 || mine[0].ID != p.ID || mine[0].SpecsOnSale != 2 || mine[0].HasOpenChange {
		t.Errorf("my products: %+v %v", mine, err)
	}
	if got := s.Topics(t, s.seller); got[len(got)-1] != "product_release_approved" {
		t.Errorf("inbox %v", got)
	}
	if got := s.events(t, catalog.ObjectProduct, p.ID); !reflect.DeepEqual(got, []string{"list/reviewer"}) {
		t.Errorf("product timeline %v", got)
	}
	for _, sp := range p.Specs {
		if got := s.events(t, catalog.ObjectSpec, sp.ID); !reflect.DeepEqual(got, []string{"list/reviewer"}) {
			t.Errorf("spec timeline %v", got)
		}
	}
	// The decided record is final.
	wantKind(t, s.decide(reviewer, done, catalog.Decision{Approve: true}), apperr.Conflict, "")
}

// TestRejectionNeedsAReason: a rejection names a reason of five characters or
// more, or at least one field; the reasons are kept and sent to the seller.
func TestRejectionNeedsAReason(t *testing.T) {
	s := newShop(t)
	app, err := s.submit(t, s.content(t, catalog.TypeHardware))
	if err != nil {
		t.Fatal(err)
	}
	reviewer := s.Reviewer(t)
	for name, d := range map[string]catalog.Decision{
		"none":                  {},
		"blank":                 {Reason: "     "},
		"four characters":       {Reason: "不合格啊"},
		"blank field reasons":   {FieldReasons: map[string]string{"name": " "}},
		"over a thousand":       {Reason: strings.Repeat("长", 1001)},
		"field reason over 500": {Reason: "请修改以下内容。", FieldReasons: map[string]string{"name": strings.Repeat("长", 501)}},
	} {
		err := s.decide(reviewer, app, d)
		if apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	wantField(t, s.decide(reviewer, app, catalog.Decision{}), "reason", "review.reason_or_fields")
	wantField(t, s.decide(reviewer, app, catalog.Decision{Reason: "请修改以下内容。", FieldReasons: map[string]string{"name": strings.Repeat("长", 501)}}),
		"reason_name", "review.field_reason_long")
	if got := s.app(t, app.ID); got.Status != lifecycle.AppPending {
		t.Fatalf("invalid rejections changed the record: %+v", got)
	}

	// Field reasons alone are enough.
	fields := map[string]string{"ship_from": "发货地与营业执照不符", "spec.0.price": "价格需含税"}
	if err := s.decide(reviewer, app, catalog.Decision{FieldReasons: fields}); err != nil {
		t.Fatal(err)
	}
	got := s.app(t, app.ID)
	if got.Status != lifecycle.AppRejected || got.Reason != "" || !reflect.DeepEqual(got.FieldReasons, fields) || got.ProductID != nil {
		t.Fatalf("rejected: %+v", got)
	}
	if mine, _ := s.cat.MyProducts(bg, s.seller.ID, 1); len(mine) != 0 {
		t.Errorf("a rejected release listed a product")
	}
	if topics := s.Topics(t, s.seller); topics[len(topics)-1] != "product_release_rejected" {
		t.Errorf("inbox %v", topics)
	}
	items, err := s.cat.Timeline(bg, catalog.ObjectApplication, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := items[len(items)-1]
	if last.Event != "reject" || !strings.Contains(last.Reason, "ship_from: 发货地与营业执照不符") || !strings.Contains(last.Reason, "spec.0.price: 价格需含税") {
		t.Errorf("the evidence does not keep the field reasons: %+v", last)
	}
}

// TestDoubleApprovalListsOneProduct: two reviewers approving the same record at
// the same moment list one product; the slower one gets a Conflict.
func TestDoubleApprovalListsOneProduct(t *testing.T) {
	s := newShop(t)
	app, err := s.submit(t, s.content(t, catalog.TypeSaaS))
	if err != nil {
		t.Fatal(err)
	}
	a, b := s.Reviewer(t), s.Admin(t)
	oneWinner(t, testfix.Race(
		func() error { return s.decide(a, app, catalog.Decision{Approve: true}) },
		func() error { return s.decide(b, app, catalog.Decision{Approve: true}) },
		func() error { return s.decide(a, app, catalog.Decision{Reason: "同时驳回也不行"}) },
	))
	if mine, _ := s.cat.MyProducts(bg, s.seller.ID, 1); len(mine) > 1 {
		t.Fatalf("%d products listed from one release", len(mine))
	}
	s.verifyEvidence(t)
}

// TestStaleVersionIsAConflict: a reviewer deciding on a version the seller has
// since changed (withdrawn and resubmitted) gets a Conflict.
func TestStaleVersionIsAConflict(t *testing.T) {
	s := newShop(t)
	c := s.content(t, catalog.TypeLicense)
	app, err := s.submit(t, c)
	if err != nil {
		t.Fatal(err)
	}
	reviewer := s.Reviewer(t)
	for _, v := range []string{"", "x", testfix.Version(app.Version - 1), testfix.Version(app.Version + 1)} {
		err := s.cat.Decide(bg, reviewer, app.ID, catalog.Decision{Approve: true, Version: v})
		wantKind(t, err, apperr.Conflict, "error.already_handled")
	}
	if err := s.cat.Withdraw(bg, s.seller, app.ID); err != nil {
		t.Fatal(err)
	}
	again, err := s.cat.Submit(bg, s.seller, app.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.decide(reviewer, app, catalog.Decision{Approve: true}), apperr.Conflict, "error.already_handled")
	if err := s.decide(reviewer, again, catalog.Decision{Approve: true}); err != nil {
		t.Fatalf("the current version: %v", err)
	}
}

// TestClaims: a record claimed by one reviewer is decided by that reviewer
// only; a double claim is harmless; only the claimer or an admin releases it.
func TestClaims(t *testing.T) {
	s := newShop(t)
	app, err := s.submit(t, s.content(t, catalog.TypeLicense))
	if err != nil {
		t.Fatal(err)
	}
	a, b, admin := s.Reviewer(t), s.Reviewer(t), s.Admin(t)
	if err := s.cat.Claim(bg, a, app.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.cat.Claim(bg, a, app.ID); err != nil {
		t.Fatalf("a double claim: %v", err)
	}
	got, err := s.cat.GetForReview(bg, app.ID)
	if err != nil || got.ClaimedBy == nil || *got.ClaimedBy != a.ID || got.ClaimedAt == nil {
		t.Fatalf("claimed: %+v %v", got, err)
	}
	wantKind(t, s.cat.Claim(bg, b, app.ID), apperr.Conflict, "review.claimed_by_other")
	wantKind(t, s.decide(b, got, catalog.Decision{Approve: true}), apperr.Conflict, "review.claimed_by_other")
	wantKind(t, s.decide(b, got, catalog.Decision{Reason: "抢先驳回一下"}), apperr.Conflict, "review.claimed_by_other")
	wantKind(t, s.cat.Unclaim(bg, b, app.ID), apperr.Forbidden, "")
	if got := s.app(t, app.ID); got.ClaimedBy == nil || *got.ClaimedBy != a.ID || got.Status != lifecycle.AppPending {
		t.Fatalf("B changed A's claim: %+v", got)
	}
	if err := s.cat.Unclaim(bg, admin, app.ID); err != nil {
		t.Fatalf("an admin releases any claim: %v", err)
	}
	if err := s.cat.Claim(bg, b, app.ID); err != nil {
		t.Fatalf("claim after release: %v", err)
	}
	if err := s.cat.Unclaim(bg, b, app.ID); err != nil {
		t.Fatalf("the claimer releases its claim: %v", err)
	}
	if err := s.cat.Unclaim(bg, b, app.ID); err != nil {
		t.Fatalf("releasing an unclaimed record: %v", err)
	}
	if err := s.cat.Claim(bg, b, app.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = s.cat.GetForReview(bg, app.ID)
	if err := s.decide(b, got, catalog.Decision{Approve: true}); err != nil {
		t.Fatalf("the claimer decides: %v", err)
	}
	if got := s.app(t, app.ID); got.ClaimedBy != nil || got.Status != lifecycle.AppApproved {
		t.Errorf("after the decision: %+v", got)
	}
	wantKind(t, s.cat.Claim(bg, a, app.ID), apperr.Conflict, "error.already_handled")

	// Every claim and release is in the record's evidence, once: the double
	// claim, the refused ones and the no-op release left nothing.
	want := []string{"create/applicant", "submit/applicant", "claim/reviewer", "unclaim/admin", "claim/reviewer",
		"unclaim/reviewer", "claim/reviewer", "approve/reviewer"}
	if got := s.events(t, catalog.ObjectApplication, app.ID); !slices.Equal(got, want) {
		t.Errorf("timeline:\n got %v\nwant %v", got, want)
	}
	s.verifyEvidence(t)
}

// TestConcurrentClaims: of two reviewers claiming at once, one gets the record.
func TestConcurrentClaims(t *testing.T) {
	s := newShop(t)
	app, err := s.submit(t, s.content(t, catalog.TypeLicense))
	if err != nil {
		t.Fatal(err)
	}
	a, b := s.Reviewer(t), s.Reviewer(t)
	oneWinner(t, testfix.Race(
		func() error { return s.cat.Claim(bg, a, app.ID) },
		func() error { return s.cat.Claim(bg, b, app.ID) },
	))
}

// TestReviewIsForOperations: a seller or buyer cannot claim, release or decide.
func TestReviewIsForOperations(t *testing.T) {
	s := newShop(t)
	app, err := s.submit(t, s.content(t, catalog.TypeLicense))
	if err != nil {
		t.Fatal(err)
	}
	buyer := s.Seller(t, s.Name("buyer"))
	for _, acct := range []account.Account{s.seller, buyer} {
		wantKind(t, s.cat.Claim(bg, acct, app.ID), apperr.Forbidden, "")
		wantKind(t, s.cat.Unclaim(bg, acct, app.ID), apperr.Forbidden, "")
		wantKind(t, s.decide(acct, app, catalog.Decision{Approve: true}), apperr.Forbidden, "")
		wantKind(t, s.decide(acct, app, catalog.Decision{Reason: "自己驳回自己"}), apperr.Forbidden, "")
	}
	if got := s.app(t, app.ID); got.Status != lifecycle.AppPending || got.ClaimedBy != nil {
		t.Errorf("a non-reviewer changed the record: %+v", got)
	}
}

// TestDraftsAreNotReviewed: operations never see a draft, and cannot decide one.
func TestDraftsAreNotReviewed(t *testing.T) {
	s := newShop(t)
	id := s.startRelease(t, s.seller, catalog.TypeLicense)
	_, err := s.cat.GetForReview(bg, id)
	wantKind(t, err, apperr.NotFound, "")
	draft := s.app(t, id)
	wantKind(t, s.decide(s.Reviewer(t), draft, catalog.Decision{Approve: true}), apperr.Conflict, "")
	wantKind(t, s.cat.Claim(bg, s.Reviewer(t), id), apperr.Conflict, "")
}

// TestApprovalRechecksTheForm: a release whose name another listing took
// while it waited is not listed; the reviewer is told it is no longer valid.
func TestApprovalRechecksTheForm(t *testing.T) {
	s := newShop(t)
	c := s.content(t, catalog.TypeLicense)
	first, err := s.submit(t, c)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.submit(t, c)
	if err != nil {
		t.Fatal(err)
	}
	s.ApproveApp(t, s.cat, first)
	wantKind(t, s.decide(s.Reviewer(t), second, catalog.Decision{Approve: true}), apperr.Conflict, "review.no_longer_valid")
	if got := s.app(t, second.ID); got.Status != lifecycle.AppPending {
		t.Errorf("the refused approval changed the record: %+v", got)
	}
	// It can still be rejected.
	s.reject(t, second, "同名商品已上架。")
}

// TestSameNameApprovedAtOnce: two releases of the same name approved by two
// reviewers at the same moment must not both be listed (the name rule of
// TestNameTakenByListedProduct must hold under concurrency too).
func TestSameNameApprovedAtOnce(t *testing.T) {
	s := newShop(t)
	a, b := s.Reviewer(t), s.Reviewer(t)
	for round := 0; round < 5; round++ {
		c := s.content(t, catalog.TypeLicense)
		first, err := s.submit(t, c)
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.submit(t, c)
		if err != nil {
			t.Fatal(err)
		}
		oneWinner(t, testfix.Race(
			func() error { return s.decide(a, first, catalog.Decision{Approve: true}) },
			func() error { return s.decide(b, second, catalog.Decision{Approve: true}) },
		))
	}
}
