package catalog_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/testfix"
)

// listedForChange lists a SaaS product with two specs: 标准版 (monthly ¥1,234.50,
// 7-day trial) and 企业版 (yearly ¥9,999).
func listedForChange(t *testing.T, s *shop) catalog.Product {
	t.Helper()
	return s.list(t, specs(s.content(t, catalog.TypeSaaS),
		"标准版", catalog.BillMonthly, "1234.5", "7",
		"企业版", catalog.BillYearly, "9999", ""))
}

// TestStartModificationCopiesTheLiveVersion: a change starts as a draft copy
// of what is on sale, specs with their ids and prices in yuan; a second start
// returns the same open change.
func TestStartModificationCopiesTheLiveVersion(t *testing.T) {
	s := newShop(t)
	p := listedForChange(t, s)
	s.Clock.Advance(time.Hour)
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if change.Kind != catalog.KindModify || change.Status != lifecycle.AppDraft || change.ProductID == nil ||
		*change.ProductID != p.ID || !strings.HasPrefix(change.Number, "BG") || change.AccessType != catalog.TypeSaaS {
		t.Fatalf("change: %+v", change)
	}
	c := change.Content
	if c.Name != p.Name || c.NameEn != p.NameEn || c.Summary != p.Summary || c.Description != p.Content.Description ||
		c.LogoFileID != p.LogoFileID.String() || c.ProductionURL != p.Content.ProductionURL || c.Delivery != p.Content.Delivery ||
		c.EULA != p.Content.EULA || c.CategoryID != p.CategoryID {
		t.Errorf("copied content differs from the live one:\n%+v\n%+v", c, p)
	}
	if len(c.Specs) != 2 {
		t.Fatalf("copied specs: %+v", c.Specs)
	}
	for i, name := range []string{"标准版", "企业版"} {
		live, sd := spec(t, p, name), c.Specs[i]
		price, err := money.Parse(sd.Price)
		if sd.ID != live.ID.String() || sd.Name != name || sd.BillingMode != live.BillingMode || err != nil || price != live.Price ||
			sd.Price != money.Input(live.Price) || strings.ContainsAny(sd.Price, "¥,") {
			t.Errorf("copied spec %d: %+v (live %+v)", i, sd, live)
		}
	}
	if c.Specs[0].TrialDays != "7" || c.Specs[1].TrialDays != "" {
		t.Errorf("copied trial and price: %+v", c.Specs)
	}
	// The copy submits as it is.
	if _, err := s.cat.SaveDraft(bg, s.seller, change.ID, c); err != nil {
		t.Fatal(err)
	}
	again, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil || again.ID != change.ID {
		t.Fatalf("second start: %+v %v", again.ID, err)
	}
	open, err := s.cat.OpenChange(bg, s.seller.ID, p.ID)
	if err != nil || open.ID != change.ID {
		t.Errorf("open change: %v %v", open.ID, err)
	}
	if mine, _ := s.cat.MyProducts(bg, s.seller.ID, 1); len(mine) != 1 || !mine[0].HasOpenChange {
		t.Errorf("my products do not show the open change: %+v", mine)
	}
	other := s.ReadySeller(t, s.Name("other"))
	_, err = s.cat.StartModification(bg, other, p.ID)
	wantKind(t, err, apperr.NotFound, "")
	_, err = s.cat.OpenChange(bg, other.ID, p.ID)
	wantKind(t, err, apperr.NotFound, "")
}

// TestConcurrentStartsOpenOneChange: two clicks on 修改 open one change.
func TestConcurrentStartsOpenOneChange(t *testing.T) {
	s := newShop(t)
	p := listedForChange(t, s)
	ids := make([]uuid.UUID, 3)
	errs := testfix.Race(
		func() error { a, err := s.cat.StartModification(bg, s.seller, p.ID); ids[0] = a.ID; return err },
		func() error { a, err := s.cat.StartModification(bg, s.seller, p.ID); ids[1] = a.ID; return err },
		func() error { a, err := s.cat.StartModification(bg, s.seller, p.ID); ids[2] = a.ID; return err },
	)
	for _, err := range errs {
		if err != nil {
			t.Fatalf("a concurrent start failed: %v", err)
		}
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Errorf("concurrent starts opened different changes: %v", ids)
	}
}

// TestApprovedChangeSwapsTheLiveVersion: until approval buyers see the old
// version; approval swaps name, summary, content and prices in, adds new specs
// and keeps the ids of the old ones.
func TestApprovedChangeSwapsTheLiveVersion(t *testing.T) {
	s := newShop(t)
	p := listedForChange(t, s)
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := change.Content
	c.Name, c.Summary = "云眼监控二代 SaaS版", "第二代云监控：更快的告警与更低的价格。"
	c.Description = strings.Repeat("第二代产品带来了全新的告警引擎。", 30)
	c.Specs[0].Price, c.Specs[0].TrialDays = "88", "14"
	c.Specs[1].Name = "企业版（含专属支持）"
	c.Specs = append(c.Specs, catalog.SpecDraft{Name: "按次版", BillingMode: catalog.BillPerUse, Price: "0.5"})
	s.Clock.Advance(time.Hour)
	pending, err := s.cat.Submit(bg, s.seller, change.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	sameTime(t, "due", pending.DueAt, at(24, 11, 0))

	before := s.product(t, p.ID)
	if before.Name != p.Name || before.Summary != p.Summary || before.Content.Description != p.Content.Description ||
		!reflect.DeepEqual(before.Specs, p.Specs) || *before.MinPrice != *p.MinPrice {
		t.Fatalf("the live product changed before approval:\n%+v\n%+v", before, p)
	}

	// The seller hides 企业版 and limits 标准版 meanwhile: the approval keeps both.
	if err := s.cat.SetSpecPublic(bg, s.seller, p.ID, p.Specs[1].ID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.setSpec(t, p, "标准版", catalog.SpecSalesInput{Target: catalog.TargetIndividual, LimitPerUser: "2", TrialRestricted: true}); err != nil {
		t.Fatal(err)
	}
	s.ApproveApp(t, s.cat, pending)
	after := s.product(t, p.ID)
	if after.Name != c.Name || after.Summary != c.Summary || after.Content.Description != c.Description ||
		after.Status != lifecycle.ShelfListed || after.Number != p.Number || !after.ListedAt.Equal(p.ListedAt) {
		t.Fatalf("after approval: %+v", after)
	}
	if len(after.Specs) != 3 {
		t.Fatalf("specs after approval: %+v", after.Specs)
	}
	std, ent, use := after.Specs[0], after.Specs[1], after.Specs[2]
	if std.ID != p.Specs[0].ID || std.Price != 8800 || std.TrialDays != 14 || std.BillingMode != catalog.BillMonthly ||
		std.Target != catalog.TargetIndividual || std.LimitPerUser != 2 || !std.TrialRestricted || !std.Public {
		t.Errorf("标准版 after approval: %+v", std)
	}
	if ent.ID != p.Specs[1].ID || ent.Name != "企业版（含专属支持）" || ent.Price != 999900 || ent.Public {
		t.Errorf("企业版 after approval: %+v", ent)
	}
	if use.Name != "按次版" || use.Price != 50 || use.Position != 3 || use.Status != lifecycle.ShelfListed || !use.Public {
		t.Errorf("new spec: %+v", use)
	}
	if after.MinPrice == nil || *after.MinPrice != 50 {
		t.Errorf("min price after approval: %v", after.MinPrice)
	}
	row, _ := s.Store.GetProduct(bg, p.ID)
	if strings.Join(row.BillingModes, ",") != "monthly,per_use" || !strings.Contains(row.SearchText, "云眼监控二代") {
		t.Errorf("listing columns after approval: %v %q", row.BillingModes, row.SearchText)
	}
	if got := s.app(t, change.ID); got.Status != lifecycle.AppApproved {
		t.Errorf("change record: %+v", got)
	}
	if topics := s.Topics(t, s.seller); topics[len(topics)-1] != "product_modify_approved" {
		t.Errorf("inbox %v", topics)
	}
	if ev := s.events(t, catalog.ObjectProduct, p.ID); !reflect.DeepEqual(ev, []string{"list/reviewer", "revise/reviewer"}) {
		t.Errorf("product timeline %v", ev)
	}
	// A new change can start from the new version.
	next, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil || next.ID == change.ID || len(next.Content.Specs) != 3 || next.Content.Name != c.Name {
		t.Errorf("next change: %+v %v", next, err)
	}
}

// TestChangeRules: existing specs cannot be removed (delist them instead) or
// change their billing mode; ids must be the product's own.
func TestChangeRules(t *testing.T) {
	s := newShop(t)
	p := listedForChange(t, s)
	otherProduct := s.list(t, s.content(t, catalog.TypeLicense))
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	base := change.Content
	edit := func(f func(c *catalog.Content)) catalog.Content {
		c := base
		c.Specs = append([]catalog.SpecDraft(nil), base.Specs...)
		f(&c)
		return c
	}
	for name, tc := range map[string]struct {
		c    catalog.Content
		want map[string]string
	}{
		"drop a spec":                 {edit(func(c *catalog.Content) { c.Specs = c.Specs[:1] }), map[string]string{"specs": "product.spec_removed"}},
		"replace a spec by a new one": {edit(func(c *catalog.Content) { c.Specs[1].ID = "" }), map[string]string{"specs": "product.spec_removed"}},
		"change a billing mode": {edit(func(c *catalog.Content) { c.Specs[1].BillingMode = catalog.BillMonthly }),
			map[string]string{"spec.1.billing_mode": "product.spec_billing_fixed"}},
		"another product's spec": {edit(func(c *catalog.Content) { c.Specs[1].ID = otherProduct.Specs[0].ID.String() }),
			map[string]string{"spec.1.name": "product.spec_unknown", "specs": "product.spec_removed"}},
		"a made-up id": {edit(func(c *catalog.Content) { c.Specs[1].ID = "not-an-id" }),
			map[string]string{"spec.1.name": "product.spec_unknown", "specs": "product.spec_removed"}},
	} {
		_, err := s.cat.Submit(bg, s.seller, change.ID, tc.c)
		if err == nil {
			t.Fatalf("%s: accepted", name)
		}
		got := apperr.FieldsOf(err)
		for f, msg := range tc.want {
			if got[f] != msg {
				t.Errorf("%s: want %s: %s, got %v", name, f, msg, got)
			}
		}
	}
	if live := s.product(t, p.ID); !reflect.DeepEqual(live.Specs, p.Specs) {
		t.Errorf("refused changes touched the live specs")
	}
	// Keeping its own name is fine; taking another listed product's name is not.
	lic, err := s.cat.StartModification(bg, s.seller, otherProduct.ID)
	if err != nil {
		t.Fatal(err)
	}
	lc := lic.Content
	lc.Name = strings.ToUpper(p.Name)
	_, err = s.cat.Submit(bg, s.seller, lic.ID, lc)
	testfix.WantFields(t, err, map[string]string{"name": "product.name_taken"})
	lc.Name = otherProduct.Name
	if _, err := s.cat.Submit(bg, s.seller, lic.ID, lc); err != nil {
		t.Fatalf("keeping the product's own name: %v", err)
	}
}

// TestRejectedChangeLeavesTheLiveVersion: a rejected change changes nothing on
// sale; it stays open, editable and resubmittable.
func TestRejectedChangeLeavesTheLiveVersion(t *testing.T) {
	s := newShop(t)
	p := listedForChange(t, s)
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := change.Content
	c.Name = "云眼监控改名 SaaS版"
	c.Specs[0].Price = "1"
	pending, err := s.cat.Submit(bg, s.seller, change.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	s.reject(t, pending, "降价幅度过大，请说明原因。")
	live := s.product(t, p.ID)
	if live.Name != p.Name || live.Specs[0].Price != p.Specs[0].Price || *live.MinPrice != *p.MinPrice || live.Version != p.Version {
		t.Fatalf("a rejected change touched the live product: %+v", live)
	}
	again, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil || again.ID != change.ID || again.Status != lifecycle.AppRejected || again.Content.Name != c.Name {
		t.Fatalf("the rejected change is the open one: %+v %v", again, err)
	}
	c.Specs[0].Price = "999"
	re, err := s.cat.Submit(bg, s.seller, change.ID, c)
	if err != nil || re.Status != lifecycle.AppPending {
		t.Fatalf("resubmit: %+v %v", re, err)
	}
	if topics := s.Topics(t, s.seller); topics[len(topics)-1] != "product_modify_rejected" {
		t.Errorf("inbox %v", topics)
	}
}

// TestChangeOfADelistedSpec: a spec delisted while a change was open is left
// out of the change instead of being revived or blocking it.
func TestChangeOfADelistedSpec(t *testing.T) {
	s := newShop(t)
	p := listedForChange(t, s)
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	req, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: p.Specs[1].ID.String(), Reason: "企业版停止销售。"})
	if err != nil {
		t.Fatal(err)
	}
	s.ApproveApp(t, s.cat, req)
	c := change.Content
	c.Specs[1].Price = "1"
	pending, err := s.cat.Submit(bg, s.seller, change.ID, c)
	if err != nil {
		t.Fatalf("a change naming a spec delisted meanwhile: %v", err)
	}
	s.ApproveApp(t, s.cat, pending)
	after := s.product(t, p.ID)
	if ent := spec(t, after, "企业版"); ent.Status != lifecycle.ShelfDelisted || ent.Price != 999900 {
		t.Errorf("the delisted spec was revised: %+v", ent)
	}
	if after.SpecsOnSale != 1 || *after.MinPrice != 123450 {
		t.Errorf("after: %+v", after)
	}
}

// TestChangeNamesEachSpecOnce: a change that lists one existing spec twice
// (say, as 企业版 at ¥1 and as 企业版二 at ¥2) is refused: approving it would
// silently keep only the second copy, not what the reviewer saw.
func TestChangeNamesEachSpecOnce(t *testing.T) {
	s := newShop(t)
	p := listedForChange(t, s)
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := change.Content
	dup := c.Specs[1]
	dup.Name, dup.Price = "企业版二", "2"
	c.Specs[1].Price = "1"
	c.Specs = append(c.Specs, dup)
	_, err = s.cat.Submit(bg, s.seller, change.ID, c)
	testfix.WantFields(t, err, map[string]string{"spec.2.name": "product.spec_twice"})
}

// TestConcurrentSubmitsOfOneDraft: a double click on 提交 submits once.
func TestConcurrentSubmitsOfOneDraft(t *testing.T) {
	s := newShop(t)
	id := s.startRelease(t, s.seller, catalog.TypeLicense)
	c := s.content(t, catalog.TypeLicense)
	submit := func() error { _, err := s.cat.Submit(bg, s.seller, id, c); return err }
	oneWinner(t, testfix.Race(submit, submit, submit))
	if ev := s.events(t, catalog.ObjectApplication, id); !reflect.DeepEqual(ev, []string{"create/applicant", "submit/applicant"}) {
		t.Errorf("timeline %v", ev)
	}
	// A withdrawal and a decision at the same moment: one of them wins.
	app, reviewer := s.app(t, id), s.Reviewer(t)
	oneWinner(t, testfix.Race(
		func() error { return s.cat.Withdraw(bg, s.seller, id) },
		func() error { return s.decide(reviewer, app, catalog.Decision{Approve: true}) },
	))
}

// TestTrialRemovedByAChange: when an approved change takes the trial off a
// spec, the spec no longer carries a trial restriction (a restriction applies
// only to SaaS specs with a trial, domain §2.10), so its sales settings still save.
func TestTrialRemovedByAChange(t *testing.T) {
	s := newShop(t)
	p := listedForChange(t, s)
	if err := s.setSpec(t, p, "标准版", catalog.SpecSalesInput{Target: catalog.TargetAll, TrialRestricted: true}); err != nil {
		t.Fatal(err)
	}
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := change.Content
	c.Specs[0].TrialDays = ""
	pending, err := s.cat.Submit(bg, s.seller, change.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	s.ApproveApp(t, s.cat, pending)
	std := spec(t, s.product(t, p.ID), "标准版")
	if std.TrialDays != 0 || std.TrialRestricted {
		t.Errorf("a spec without a trial keeps its trial restriction: %+v", std)
	}
	if err := s.setSpec(t, p, "标准版", catalog.SpecSalesInput{Target: catalog.TargetAll, LimitPerUser: "3", TrialRestricted: std.TrialRestricted}); err != nil {
		t.Errorf("saving the spec's sales settings as shown: %v", err)
	}
}
