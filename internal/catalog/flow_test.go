package catalog_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
)

// TestWholeLifeOfAProduct walks one product from the first keystroke to its
// delisting, with a setback at each step, and checks the timelines both
// parties see and that every evidence chain verifies afterwards.
func TestWholeLifeOfAProduct(t *testing.T) {
	s := newShop(t)
	reviewer, admin := s.Reviewer(t), s.Admin(t)
	step := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		s.Clock.Advance(time.Hour)
	}

	// Release: draft, autosaves, a rejection with field reasons, a resubmission, approval.
	draft, err := s.cat.StartRelease(bg, s.seller, catalog.TypeLicense)
	step(err)
	c := s.content(t, catalog.TypeLicense)
	partial := c
	partial.Description = "写了一半"
	_, err = s.cat.SaveDraft(bg, s.seller, draft.ID, partial)
	step(err)
	app, err := s.cat.Submit(bg, s.seller, draft.ID, c)
	step(err)
	step(s.cat.Claim(bg, reviewer, app.ID))
	step(s.decide(reviewer, app, catalog.Decision{Reason: "请完善以下内容。", FieldReasons: map[string]string{"eula": "缺少责任限制条款"}}))
	c.EULA += "在法律允许的范围内，卖家对间接损失不承担责任。"
	app, err = s.cat.Submit(bg, s.seller, draft.ID, c)
	step(err)
	step(s.decide(admin, app, catalog.Decision{Approve: true}))
	app = s.app(t, draft.ID)
	p := s.product(t, *app.ProductID)

	items, err := s.cat.Timeline(bg, catalog.ObjectApplication, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.Event+"/"+it.ActorRole+"/"+it.ActorName+"/"+it.From+">"+it.To)
	}
	want := []string{
		"create/applicant/" + s.seller.Name + "/>draft",
		"submit/applicant/" + s.seller.Name + "/draft>pending",
		"claim/reviewer/" + reviewer.Name + "/pending>pending",
		"reject/reviewer/" + reviewer.Name + "/pending>rejected",
		"resubmit/applicant/" + s.seller.Name + "/rejected>pending",
		"approve/admin/" + admin.Name + "/pending>approved",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("application timeline:\n got %v\nwant %v", got, want)
	}
	if r := items[3].Reason; !strings.Contains(r, "请完善以下内容。") || !strings.Contains(r, "eula: 缺少责任限制条款") {
		t.Errorf("the rejection's evidence: %q", r)
	}
	for i := 1; i < len(items); i++ {
		if items[i].Seq != items[i-1].Seq+1 || !items[i].At.After(items[i-1].At) || items[i].Hash == "" {
			t.Errorf("timeline out of order at %d: %+v", i, items[i])
		}
	}

	// A modification, hiding, sales configuration, a spec added and then delisted.
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	step(err)
	mc := change.Content
	mc.Specs = append(mc.Specs, catalog.SpecDraft{Name: "高级版", BillingMode: catalog.BillYearly, Price: "5000"})
	change, err = s.cat.Submit(bg, s.seller, change.ID, mc)
	step(err)
	step(s.decide(reviewer, change, catalog.Decision{Approve: true}))
	p = s.product(t, p.ID)
	step(s.cat.SetPublic(bg, s.seller, p.ID, false))
	step(s.cat.SetPublic(bg, s.seller, p.ID, true))
	step(s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetSpecified, ""))
	buyer := s.Seller(t, s.Name("buyer"))
	step(s.cat.AddMember(bg, s.seller, p.ID, catalog.ScopeBuyers, buyer.Name, buyer.PublicID))
	adv := spec(t, p, "高级版")
	req, err := s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{SpecID: adv.ID.String(), Reason: "高级版合并进标准版。"})
	step(err)
	step(s.decide(reviewer, req, catalog.Decision{Approve: true}))

	// The product: a request withdrawn, one rejected, one approved.
	req, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "产品停止维护。"})
	step(err)
	step(s.cat.Withdraw(bg, s.seller, req.ID))
	req, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "产品停止维护。"})
	step(err)
	step(s.decide(reviewer, req, catalog.Decision{Reason: "仍有未完成的订单。"}))
	req, err = s.cat.RequestDelist(bg, s.seller, p.ID, catalog.DelistInput{Reason: "订单已处理完毕。"})
	step(err)
	step(s.decide(admin, req, catalog.Decision{Approve: true}))

	if got := s.product(t, p.ID); got.Status != lifecycle.ShelfDelisted {
		t.Fatalf("product %s", got.Status)
	}
	want = []string{"list/admin", "revise/reviewer", "hide/applicant", "show/applicant", "set_target/applicant",
		"add_buyers/applicant", "request_delist/applicant", "cancel_delist/applicant", "request_delist/applicant",
		"reject_delist/reviewer", "request_delist/applicant", "approve_delist/admin"}
	if got := s.events(t, catalog.ObjectProduct, p.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("product timeline:\n got %v\nwant %v", got, want)
	}
	for _, sp := range s.product(t, p.ID).Specs {
		want := []string{"list/admin", "force_delist/admin"} // listed by the admin's approval of the release
		if sp.ID == adv.ID {
			want = []string{"list/reviewer", "request_delist/applicant", "approve_delist/reviewer"}
		}
		if got := s.events(t, catalog.ObjectSpec, sp.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("spec %s timeline %v, want %v", sp.Name, got, want)
		}
	}
	r := s.verifyEvidence(t)
	if r.Chains < 8 || r.Events < 30 {
		t.Errorf("verified only %d chains with %d events", r.Chains, r.Events)
	}
}
