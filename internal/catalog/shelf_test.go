package catalog_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/testfix"
)

// threeSpecs lists a SaaS product with 月付 (monthly ¥10), 年付 (yearly ¥100)
// and 按次 (per use ¥1).
func threeSpecs(t *testing.T, s *shop) catalog.Product {
	t.Helper()
	return s.list(t, specs(s.content(t, catalog.TypeSaaS),
		"月付", catalog.BillMonthly, "10", "",
		"年付", catalog.BillYearly, "100", "",
		"按次", catalog.BillPerUse, "1", ""))
}

// listing reads what buyers' lists show of a product: the cheapest visible price and the billing modes.
func listing(t *testing.T, s *shop, id uuid.UUID) (min *money.Fen, modes string) {
	t.Helper()
	row, err := s.Store.GetProduct(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	if row.MinPriceFen != nil {
		m := money.Fen(*row.MinPriceFen)
		min = &m
	}
	return min, strings.Join(row.BillingModes, ",")
}

func wantListing(t *testing.T, s *shop, id uuid.UUID, min int64, modes string) {
	t.Helper()
	gotMin, gotModes := listing(t, s, id)
	if (min < 0) != (gotMin == nil) || (gotMin != nil && int64(*gotMin) != min) || gotModes != modes {
		t.Errorf("listing shows min %v modes %q, want %d %q", gotMin, gotModes, min, modes)
	}
}

// TestHiding: a hidden product stays on sale (URL only); hidden specs leave the
// listing's price and billing modes; showing the product shows every spec again.
func TestHiding(t *testing.T) {
	s := newShop(t)
	p := threeSpecs(t, s)
	perUse := spec(t, p, "按次")
	wantListing(t, s, p.ID, 100, "monthly,per_use,yearly")

	if err := s.cat.SetSpecPublic(bg, s.seller, p.ID, perUse.ID, false); err != nil {
		t.Fatal(err)
	}
	wantListing(t, s, p.ID, 1000, "monthly,yearly")
	if sp := spec(t, s.product(t, p.ID), "按次"); sp.Public || sp.Status != lifecycle.ShelfListed {
		t.Errorf("hidden spec: %+v", sp)
	}

	if err := s.cat.SetPublic(bg, s.seller, p.ID, false); err != nil {
		t.Fatal(err)
	}
	hidden := s.product(t, p.ID)
	if hidden.Public || hidden.Status != lifecycle.ShelfListed {
		t.Fatalf("hidden product: %+v", hidden)
	}
	if err := s.cat.SetPublic(bg, s.seller, p.ID, false); err != nil {
		t.Fatalf("hiding twice: %v", err)
	}
	buyer := s.Seller(t, s.Name("buyer"))
	if v, err := s.cat.Eligibility(bg, &buyer, hidden, spec(t, hidden, "月付")); err != nil || !v.OK {
		t.Errorf("a hidden product is still sold by its URL: %+v %v", v, err)
	}

	if err := s.cat.SetPublic(bg, s.seller, p.ID, true); err != nil {
		t.Fatal(err)
	}
	shown := s.product(t, p.ID)
	for _, sp := range shown.Specs {
		if !sp.Public {
			t.Errorf("spec %s still hidden after the product was shown", sp.Name)
		}
	}
	if !shown.Public {
		t.Errorf("product still hidden")
	}
	wantListing(t, s, p.ID, 100, "monthly,per_use,yearly")

	// Hiding every spec leaves nothing to show in lists.
	for _, sp := range shown.Specs {
		if err := s.cat.SetSpecPublic(bg, s.seller, p.ID, sp.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	wantListing(t, s, p.ID, -1, "")
	if err := s.cat.SetSpecPublic(bg, s.seller, p.ID, perUse.ID, true); err != nil {
		t.Fatal(err)
	}
	wantListing(t, s, p.ID, 100, "per_use")

	want := []string{"list/reviewer", "hide/applicant", "show/applicant"}
	if got := s.events(t, catalog.ObjectProduct, p.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("product timeline %v, want %v", got, want)
	}
	// Showing the product made the spec public without an event of its own; then it was hidden and shown again.
	if got := s.events(t, catalog.ObjectSpec, perUse.ID); !reflect.DeepEqual(got, []string{"list/reviewer", "hide/applicant", "hide/applicant", "show/applicant"}) {
		t.Errorf("spec timeline %v", got)
	}
}

// TestHidingIsTheSellersOwn: another seller cannot hide or show a product or spec,
// and a spec of another product is not found through this one.
func TestHidingIsTheSellersOwn(t *testing.T) {
	s := newShop(t)
	p := threeSpecs(t, s)
	mine := s.list(t, s.content(t, catalog.TypeLicense))
	other := s.ReadySeller(t, s.Name("other"))
	wantKind(t, s.cat.SetPublic(bg, other, p.ID, false), apperr.NotFound, "")
	wantKind(t, s.cat.SetSpecPublic(bg, other, p.ID, p.Specs[0].ID, false), apperr.NotFound, "")
	wantKind(t, s.cat.SetSpecPublic(bg, s.seller, mine.ID, p.Specs[0].ID, false), apperr.NotFound, "")
	wantKind(t, s.cat.SetPublic(bg, s.seller, uuid.New(), false), apperr.NotFound, "")
	_, err := s.cat.MyProduct(bg, other.ID, p.ID)
	wantKind(t, err, apperr.NotFound, "")
	if got := s.product(t, p.ID); !got.Public || !got.Specs[0].Public {
		t.Errorf("another seller hid the product")
	}
}

// TestDelistRequestRules: a reason of 5–500 characters; the optional proof is
// the seller's own delisting-proof upload, kept as evidence.
func TestDelistRequestRules(t *testing.T) {
	s := newShop(t)
	p := threeSpecs(t, s)
	other := s.Seller(t, s.Name("other"))
	othersProof := s.Upload(t, other, catalog.DelistProofPurpose, "proof.pdf", testfix.PDF())
	logo := s.ProductLogo(t, s.seller)
	for name, tc := range map[string]struct {
		in    catalog.DelistInput
		field string
	}{
		"no reason":              {catalog.DelistInput{}, "reason"},
		"four characters":        {catalog.DelistInput{Reason: " 不卖了啊 "}, "reason"},
		"501 characters":         {catalog.DelistInput{Reason: strings.Repeat("因", 501)}, "reason"},
		"another account's file": {catalog.DelistInput{Reason: "产品停止维护。", ProofFileID: othersProof.ID.String()}, "proof"},
		"a logo is no proof":     {catalog.DelistInput{Reason: "产品停止维护。", ProofFileID: logo.ID.String()}, "proof"},
		"not a file id":          {catalog.DelistInput{Reason: "产品停止维护。", ProofFileID: "proof.pdf"}, "proof"},
	} {
		_, err := s.cat.RequestDelist(bg, s.seller, p.ID, tc.in)
		if apperr.FieldsOf(err)[tc.field] == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got := s.product(t, p.ID); got.Status != lifecycle.ShelfListed {
		t.Fatalf("a refused request changed the product: %s", got.Status)
	}
	proof := s.Upload(t, s.seller, catalog.DelistProofPurpose, "停售说明.pdf", testfix.PDF())
	app, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: " 产品停止维护。 ", ProofFileID: proof.ID.String()})
	if err != nil {
		t.Fatal(err)
	}
	if app.Kind != catalog.KindDelist || app.Status != lifecycle.AppPending || app.Delist.Reason != "产品停止维护。" ||
		app.Delist.ProofFileID != proof.ID.String() || app.Delist.ProofName != "停售说明.pdf" || app.SpecID != nil ||
		!strings.HasPrefix(app.Number, "XJ") || app.Editable() || app.ProductName != p.Name {
		t.Fatalf("delisting request: %+v", app)
	}
	sameTime(t, "due", app.DueAt, at(24, 10, 0))
	items, err := s.cat.Timeline(bg, catalog.ObjectApplication, app.ID)
	if err != nil || len(items) != 1 || len(items[0].Attachments) != 1 || items[0].Attachments[0].SHA256 != proof.SHA256 ||
		items[0].Reason != "产品停止维护。" {
		t.Errorf("the proof is not kept as evidence: %+v %v", items, err)
	}
	wantKind(t, func() error {
		_, err := s.cat.RequestDelist(bg, s.ReadySeller(t, s.Name("intruder")), p.ID, catalog.DelistInput{Reason: "别人的商品下架"})
		return err
	}(),
		apperr.NotFound, "")
	_, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: uuid.NewString(), Reason: "规格不存在。"})
	wantKind(t, err, apperr.NotFound, "")
}

// TestDelistSpec: a spec waiting for delisting stays on sale; approval takes
// it off sale for good while the other specs keep selling.
func TestDelistSpec(t *testing.T) {
	s := newShop(t)
	p := threeSpecs(t, s)
	perUse := spec(t, p, "按次")
	app, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: perUse.ID.String(), Reason: "按次计费停止提供。"})
	if err != nil {
		t.Fatal(err)
	}
	if app.SpecID == nil || *app.SpecID != perUse.ID || app.Delist.SpecName != "按次" {
		t.Fatalf("request: %+v", app)
	}
	during := s.product(t, p.ID)
	sp := spec(t, during, "按次")
	if sp.Status != lifecycle.ShelfDelisting || during.Status != lifecycle.ShelfListed || during.SpecsOnSale != 3 {
		t.Fatalf("while pending: product %s spec %s", during.Status, sp.Status)
	}
	buyer := s.Seller(t, s.Name("buyer"))
	if v, _ := s.cat.Eligibility(bg, &buyer, during, sp); !v.OK {
		t.Errorf("a spec waiting for delisting is still on sale: %+v", v)
	}
	wantListing(t, s, p.ID, 100, "monthly,per_use,yearly")
	_, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: perUse.ID.String(), Reason: "再申请一次。"})
	wantKind(t, err, apperr.Conflict, "")

	s.ApproveApp(t, s.cat, app)
	after := s.product(t, p.ID)
	if sp := spec(t, after, "按次"); sp.Status != lifecycle.ShelfDelisted {
		t.Errorf("approved spec: %+v", sp)
	}
	if after.Status != lifecycle.ShelfListed || after.SpecsOnSale != 2 || spec(t, after, "月付").Status != lifecycle.ShelfListed {
		t.Errorf("the other specs stop selling: %+v", after)
	}
	wantListing(t, s, p.ID, 1000, "monthly,yearly")
	if v, _ := s.cat.Eligibility(bg, &buyer, after, spec(t, after, "按次")); v.OK || v.Reason != "buy.not_on_sale" {
		t.Errorf("a delisted spec is sold: %+v", v)
	}
	if topics := s.Topics(t, s.seller); topics[len(topics)-1] != "product_delist_approved" {
		t.Errorf("inbox %v", topics)
	}
	// A delisted spec cannot come back, be hidden or delisted again.
	wantKind(t, s.cat.SetSpecPublic(bg, s.seller, p.ID, perUse.ID, false), apperr.Conflict, "")
	_, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: perUse.ID.String(), Reason: "再申请一次。"})
	wantKind(t, err, apperr.Conflict, "")
	if ev := s.events(t, catalog.ObjectSpec, perUse.ID); !reflect.DeepEqual(ev, []string{"list/reviewer", "request_delist/applicant", "approve_delist/reviewer"}) {
		t.Errorf("spec timeline %v", ev)
	}
	// The last spec on sale is not delisted on its own: the product would be
	// on sale with nothing to buy. A spec already waiting does not count.
	if _, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: spec(t, after, "月付").ID.String(), Reason: "月付停止提供。"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: spec(t, after, "年付").ID.String(), Reason: "年付也停止。"})
	wantField(t, err, "spec_id", "product.delist_last_spec")
	if _, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "整个商品停止销售。"}); err != nil {
		t.Errorf("the whole product: %v", err)
	}
}

// TestDelistRejectedOrWithdrawn: a rejected or withdrawn request puts the spec
// or product back on sale; a new request can follow.
func TestDelistRejectedOrWithdrawn(t *testing.T) {
	s := newShop(t)
	p := threeSpecs(t, s)
	year := spec(t, p, "年付")

	specReq, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: year.ID.String(), Reason: "年付改为月付。"})
	if err != nil {
		t.Fatal(err)
	}
	s.reject(t, specReq, "仍有年付客户在续费。")
	if sp := spec(t, s.product(t, p.ID), "年付"); sp.Status != lifecycle.ShelfListed {
		t.Errorf("rejected spec request: %s", sp.Status)
	}
	if got := s.app(t, specReq.ID); got.Status != lifecycle.AppRejected || got.Reason != "仍有年付客户在续费。" {
		t.Errorf("rejected request: %+v", got)
	}
	// A rejected delisting is not a form: it cannot be edited or resubmitted.
	_, err = s.cat.Submit(bg, s.seller, specReq.ID, catalog.Content{})
	wantKind(t, err, apperr.NotFound, "")

	whole, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "产品线调整。"})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.product(t, p.ID); got.Status != lifecycle.ShelfDelisting {
		t.Fatalf("product while pending: %s", got.Status)
	}
	_, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "产品线调整。"})
	wantKind(t, err, apperr.Conflict, "")
	if err := s.cat.Withdraw(bg, s.seller, whole.ID); err != nil {
		t.Fatal(err)
	}
	back := s.product(t, p.ID)
	if back.Status != lifecycle.ShelfListed || back.SpecsOnSale != 3 {
		t.Fatalf("after withdrawal: %+v", back)
	}
	if got := s.app(t, whole.ID); got.Status != lifecycle.AppWithdrawn {
		t.Errorf("withdrawn request: %+v", got)
	}
	again, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "产品线调整，再次申请。"})
	if err != nil {
		t.Fatalf("a new request after withdrawal: %v", err)
	}
	s.reject(t, again, "请先通知现有客户。")
	if got := s.product(t, p.ID); got.Status != lifecycle.ShelfListed {
		t.Errorf("after rejection: %s", got.Status)
	}
	want := []string{"list/reviewer", "request_delist/applicant", "cancel_delist/applicant", "request_delist/applicant", "reject_delist/reviewer"}
	if got := s.events(t, catalog.ObjectProduct, p.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("product timeline %v, want %v", got, want)
	}
	s.verifyEvidence(t)
}

// TestDelistProduct: the product sells until the request is approved; then it
// and every spec are gone for good, its open change is cancelled, and nothing
// can be done to it any more.
func TestDelistProduct(t *testing.T) {
	s := newShop(t)
	p := threeSpecs(t, s)
	buyer := s.Seller(t, s.Name("buyer"))
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	specReq, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: p.Specs[0].ID.String(), Reason: "月付先停。"})
	if err != nil {
		t.Fatal(err)
	}
	app, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "产品停止维护。"})
	if err != nil {
		t.Fatal(err)
	}
	during := s.product(t, p.ID)
	if v, _ := s.cat.Eligibility(bg, &buyer, during, spec(t, during, "年付")); !v.OK || during.Status != lifecycle.ShelfDelisting {
		t.Errorf("a product waiting for delisting is still on sale: %s %+v", during.Status, v)
	}
	s.ApproveApp(t, s.cat, app)

	gone := s.product(t, p.ID)
	if gone.Status != lifecycle.ShelfDelisted || gone.DelistedAt == nil || gone.SpecsOnSale != 0 {
		t.Fatalf("delisted product: %+v", gone)
	}
	for _, sp := range gone.Specs {
		if sp.Status != lifecycle.ShelfDelisted {
			t.Errorf("spec %s is %s", sp.Name, sp.Status)
		}
		if v, _ := s.cat.Eligibility(bg, &buyer, gone, sp); v.OK || v.Reason != "buy.not_on_sale" {
			t.Errorf("a delisted product sells %s: %+v", sp.Name, v)
		}
	}
	wantListing(t, s, p.ID, -1, "")
	for _, id := range []uuid.UUID{change.ID, specReq.ID} {
		if got := s.app(t, id); got.Status != lifecycle.AppCancelled {
			t.Errorf("open record %s is %s, want cancelled", got.Number, got.Status)
		}
	}
	if ev := s.events(t, catalog.ObjectApplication, change.ID); ev[len(ev)-1] != "cancel/system" {
		t.Errorf("change timeline %v", ev)
	}
	_, err = s.cat.SaveDraft(bg, s.seller, change.ID, change.Content)
	wantKind(t, err, apperr.Conflict, "")
	_, err = s.cat.StartModification(bg, s.seller, p.ID)
	wantKind(t, err, apperr.Conflict, "product.not_on_sale")
	wantKind(t, s.cat.SetPublic(bg, s.seller, p.ID, false), apperr.Conflict, "product.not_on_sale")
	wantKind(t, s.cat.SetSpecPublic(bg, s.seller, p.ID, p.Specs[1].ID, false), apperr.Conflict, "")
	_, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "再下架一次。"})
	wantKind(t, err, apperr.Conflict, "")
	_, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: p.Specs[1].ID.String(), Reason: "再下架一次。"})
	wantKind(t, err, apperr.Conflict, "")
	wantKind(t, s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetEnterprise, ""), apperr.Conflict, "")
	mine, err := s.cat.MyProducts(bg, s.seller.ID, 1)
	if err != nil || len(mine) != 1 || mine[0].Status != lifecycle.ShelfDelisted || mine[0].HasOpenChange {
		t.Errorf("my products: %+v %v", mine, err)
	}
	// Its name is free again.
	c := s.content(t, catalog.TypeSaaS)
	c.Name = p.Name
	if _, err := s.submit(t, c); err != nil {
		t.Errorf("re-releasing a delisted product's name: %v", err)
	}
	s.verifyEvidence(t)
}

// TestConcurrentDelistRequests: two delisting requests at once make one record.
func TestConcurrentDelistRequests(t *testing.T) {
	s := newShop(t)
	p := threeSpecs(t, s)
	req := func() error {
		_, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "产品停止维护。"})
		return err
	}
	oneWinner(t, testfix.Race(req, req, req))
	list, err := s.cat.MyApplications(bg, s.seller.ID, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range list {
		if a.Kind == catalog.KindDelist {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d delisting requests recorded", n)
	}
	if got := s.product(t, p.ID); got.Status != lifecycle.ShelfDelisting {
		t.Errorf("product %s", got.Status)
	}
}

// TestChangeAndDelistingDecidedAtOnce: two reviewers, one approving a product's
// change and one approving its delisting at the same moment. Whichever wins,
// the loser gets a Conflict (never an internal error), and the product ends
// delisted with the change either approved first or cancelled.
func TestChangeAndDelistingDecidedAtOnce(t *testing.T) {
	s := newShop(t)
	a, b := s.Reviewer(t), s.Reviewer(t)
	for round := 0; round < 4; round++ {
		p := s.list(t, s.content(t, catalog.TypeLicense))
		change, err := s.cat.StartModification(bg, s.seller, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		c := change.Content
		c.Summary = "修改后的简介，等待审核通过。"
		change, err = s.cat.Submit(bg, s.seller, change.ID, c)
		if err != nil {
			t.Fatal(err)
		}
		delist, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "产品停止维护。"})
		if err != nil {
			t.Fatal(err)
		}
		errs := testfix.Race(
			func() error { return s.decide(a, change, catalog.Decision{Approve: true}) },
			func() error { return s.decide(b, delist, catalog.Decision{Approve: true}) },
		)
		for _, err := range errs {
			if err != nil && !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("round %d: a concurrent decision failed with %v", round, err)
			}
		}
		if errs[1] != nil {
			t.Fatalf("round %d: the delisting lost: %v", round, errs[1])
		}
		got := s.app(t, change.ID)
		if (errs[0] == nil) != (got.Status == lifecycle.AppApproved) || (errs[0] != nil && got.Status != lifecycle.AppCancelled) {
			t.Errorf("round %d: change is %s after %v", round, got.Status, errs[0])
		}
		if st := s.product(t, p.ID).Status; st != lifecycle.ShelfDelisted {
			t.Errorf("round %d: product %s", round, st)
		}
	}
	s.verifyEvidence(t)
}
