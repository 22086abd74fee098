package catalog_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

// salesSpecs lists a SaaS product with 试用版 (monthly, 7-day trial), 年付
// (yearly), 买断 (one-time) and 按次 (per use).
func salesSpecs(t *testing.T, s *shop) catalog.Product {
	t.Helper()
	return s.list(t, specs(s.content(t, catalog.TypeSaaS),
		"试用版", catalog.BillMonthly, "10", "7",
		"年付", catalog.BillYearly, "100", "",
		"买断", catalog.BillOneTime, "1000", "",
		"按次", catalog.BillPerUse, "1", ""))
}

// setSpec configures one spec of p as last read.
func (s *shop) setSpec(t *testing.T, p catalog.Product, name string, in catalog.SpecSalesInput) error {
	t.Helper()
	sp := spec(t, s.product(t, p.ID), name)
	in.Version = testfix.Version(sp.Version)
	return s.cat.SetSpecSales(bg, s.seller, p.ID, sp.ID, in)
}

func specTargets(t *testing.T, s *shop, id uuid.UUID) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, sp := range s.product(t, id).Specs {
		out[sp.Name] = sp.Target
	}
	return out
}

// TestSpecTargetsFollowTheProductTarget: which spec targets each product
// target allows (domain §2.10), and narrowing the product resets the specs
// that no longer fit.
func TestSpecTargetsFollowTheProductTarget(t *testing.T) {
	s := newShop(t)
	p := salesSpecs(t, s)
	all, ent, ind, spc := catalog.TargetAll, catalog.TargetEnterprise, catalog.TargetIndividual, catalog.TargetSpecified
	allowed := map[string][]string{
		all: {all, ent, ind, spc},
		ent: {ent, spc},
		ind: {ind, spc},
	}
	for product, specTargets := range allowed {
		if got := catalog.SpecTargets(product); !reflect.DeepEqual(got, specTargets) {
			t.Errorf("SpecTargets(%s) = %v", product, got)
		}
	}
	if catalog.SpecTargets(spc) != nil || catalog.SpecTargets(catalog.TargetAssociated) != nil {
		t.Errorf("specs of a specified or associated product inherit its target")
	}
	for _, product := range []string{all, ent, ind} {
		if err := s.cat.SetTarget(bg, s.seller, p.ID, product, ""); err != nil {
			t.Fatal(err)
		}
		for _, target := range []string{all, ent, ind, spc} {
			err := s.setSpec(t, p, "年付", catalog.SpecSalesInput{Target: target})
			if ok := slices.Contains(allowed[product], target); ok != (err == nil) {
				t.Errorf("product %s, spec %s: %v", product, target, err)
			} else if !ok {
				wantField(t, err, "target", "sales.spec_target_invalid")
			}
		}
	}

	// Back to all users: specs keep what they had.
	if err := s.cat.SetTarget(bg, s.seller, p.ID, all, ""); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"试用版": ind, "年付": ent, "买断": spc, "按次": all} {
		if err := s.setSpec(t, p, name, catalog.SpecSalesInput{Target: target}); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{"试用版": ind, "年付": ent, "买断": spc, "按次": all}
	if got := specTargets(t, s, p.ID); !reflect.DeepEqual(got, want) {
		t.Fatalf("spec targets %v", got)
	}
	// Enterprise users only: the individual spec and the all-users spec become enterprise; specified stays.
	if err := s.cat.SetTarget(bg, s.seller, p.ID, ent, ""); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"试用版": ent, "年付": ent, "买断": spc, "按次": ent}
	if got := specTargets(t, s, p.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("after enterprise: %v, want %v", got, want)
	}
	if err := s.cat.SetTarget(bg, s.seller, p.ID, ind, ""); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"试用版": ind, "年付": ind, "买断": spc, "按次": ind}
	if got := specTargets(t, s, p.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("after individual: %v, want %v", got, want)
	}
	// Specified users: specs inherit; whatever is sent for a spec, it keeps the product's.
	if err := s.cat.SetTarget(bg, s.seller, p.ID, spc, ""); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{"试用版": all, "年付": all, "买断": all, "按次": all}
	if got := specTargets(t, s, p.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("after specified: %v, want %v", got, want)
	}
	if err := s.setSpec(t, p, "年付", catalog.SpecSalesInput{Target: ent}); err != nil {
		t.Fatal(err)
	}
	if got := spec(t, s.product(t, p.ID), "年付").Target; got != all {
		t.Errorf("a spec of a specified-users product took its own target %s", got)
	}
	if got := s.product(t, p.ID); got.Target != spc || got.AssocProduct != nil {
		t.Errorf("product target %s", got.Target)
	}
	err := s.cat.SetTarget(bg, s.seller, p.ID, "vip", "")
	testfix.WantFields(t, err, map[string]string{"target": "sales.target_invalid"})
	other := s.ReadySeller(t, s.Name("other"))
	wantKind(t, s.cat.SetTarget(bg, other, p.ID, all, ""), apperr.NotFound, "")
}

// TestAssociatedTarget: "buyers of an associated product" names another product
// of the same seller that is on sale, by its number.
func TestAssociatedTarget(t *testing.T) {
	s := newShop(t)
	p := salesSpecs(t, s)
	base := s.list(t, s.content(t, catalog.TypeLicense))
	gone := s.list(t, s.content(t, catalog.TypeLicense))
	req, err := s.cat.RequestDelist(bg, s.seller, gone.ID, catalog.DelistInput{Reason: "停止销售。"})
	if err != nil {
		t.Fatal(err)
	}
	s.ApproveApp(t, s.cat, req)
	other := s.ReadySeller(t, s.Name("other"))
	foreign := s.ListProduct(t, s.cat, other, s.ProductContent(t, other, catalog.TypeLicense))
	invalid := map[string]string{"assoc_number": "sales.assoc_invalid"}
	for name, number := range map[string]string{
		"none":                     "",
		"unknown":                  "SP0000000000AAAAA",
		"itself":                   p.Number,
		"a delisted product":       gone.Number,
		"another seller's product": foreign.Number,
	} {
		err := s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetAssociated, number)
		if !reflect.DeepEqual(apperr.FieldsOf(err), invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetAssociated, " "+base.Number+" "); err != nil {
		t.Fatal(err)
	}
	got := s.product(t, p.ID)
	if got.Target != catalog.TargetAssociated || got.AssocProduct == nil || *got.AssocProduct != base.ID {
		t.Fatalf("associated: %+v", got)
	}
	buyer := s.Seller(t, s.Name("buyer"))
	if v, _ := s.cat.Eligibility(bg, &buyer, got, got.Specs[0]); v.OK || v.Reason != "buy.associated_only" {
		t.Errorf("a buyer who never bought the associated product: %+v", v)
	}
	// Back to all users drops the association.
	if err := s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetAll, base.Number); err != nil {
		t.Fatal(err)
	}
	if got := s.product(t, p.ID); got.AssocProduct != nil {
		t.Errorf("the association stayed: %+v", got.AssocProduct)
	}
	items, _ := s.cat.Timeline(bg, catalog.ObjectProduct, p.ID)
	if r := items[1].Reason; items[1].Event != "set_target" || !strings.Contains(r, base.Number) {
		t.Errorf("the evidence does not name the associated product: %+v", items[1])
	}
}

// TestSpecSalesRules: purchase limits are not for per-use specs, "until the
// previous order expires" only for periodic ones, and the trial restriction
// only for SaaS specs with a trial.
func TestSpecSalesRules(t *testing.T) {
	s := newShop(t)
	p := salesSpecs(t, s)
	limit := func(m string) map[string]string { return map[string]string{"limit": m} }
	for name, tc := range map[string]struct {
		spec string
		in   catalog.SpecSalesInput
		want map[string]string
	}{
		"limit on monthly":        {"试用版", catalog.SpecSalesInput{LimitPerUser: "1"}, nil},
		"limit on one-time":       {"买断", catalog.SpecSalesInput{LimitPerUser: "3"}, nil},
		"limit 1000":              {"年付", catalog.SpecSalesInput{LimitPerUser: "1000"}, nil},
		"no limit":                {"按次", catalog.SpecSalesInput{LimitPerUser: " 0 "}, nil},
		"limit on per use":        {"按次", catalog.SpecSalesInput{LimitPerUser: "1"}, limit("sales.limit_per_use")},
		"until expiry on per use": {"按次", catalog.SpecSalesInput{LimitUntilExpiry: true}, limit("sales.limit_per_use")},
		"until expiry on yearly":  {"年付", catalog.SpecSalesInput{LimitUntilExpiry: true}, nil},
		"until expiry one-time":   {"买断", catalog.SpecSalesInput{LimitUntilExpiry: true}, limit("sales.limit_expiry_periodic")},
		"limit in words":          {"年付", catalog.SpecSalesInput{LimitPerUser: "one"}, limit("sales.limit_rule")},
		"negative limit":          {"年付", catalog.SpecSalesInput{LimitPerUser: "-1"}, limit("sales.limit_rule")},
		"limit 1001":              {"年付", catalog.SpecSalesInput{LimitPerUser: "1001"}, limit("sales.limit_rule")},
		"trial restricted":        {"试用版", catalog.SpecSalesInput{TrialRestricted: true}, nil},
		"restricted without trial": {"年付", catalog.SpecSalesInput{TrialRestricted: true},
			map[string]string{"trial": "sales.trial_saas_only"}},
	} {
		in := tc.in
		in.Target = catalog.TargetAll
		err := s.setSpec(t, p, tc.spec, in)
		if tc.want == nil && err != nil {
			t.Errorf("%s: %v", name, err)
		} else if tc.want != nil && !reflect.DeepEqual(apperr.FieldsOf(err), tc.want) {
			t.Errorf("%s: want %v, got %v", name, tc.want, err)
		}
	}
	if err := s.setSpec(t, p, "年付", catalog.SpecSalesInput{Target: catalog.TargetEnterprise, LimitPerUser: "2", LimitUntilExpiry: true}); err != nil {
		t.Fatal(err)
	}
	trial := catalog.SpecSalesInput{Target: catalog.TargetAll, TrialRestricted: true}
	if err := s.setSpec(t, p, "试用版", trial); err != nil {
		t.Fatal(err)
	}
	got := s.product(t, p.ID)
	if y := spec(t, got, "年付"); y.Target != catalog.TargetEnterprise || y.LimitPerUser != 2 || !y.LimitUntilExpiry || y.TrialRestricted {
		t.Errorf("年付 configured: %+v", y)
	}
	if tr := spec(t, got, "试用版"); !tr.TrialRestricted || tr.LimitPerUser != 0 {
		t.Errorf("试用版 configured: %+v", tr)
	}
	// A stale form is a Conflict.
	old := spec(t, got, "年付")
	err := s.cat.SetSpecSales(bg, s.seller, p.ID, old.ID, catalog.SpecSalesInput{Target: catalog.TargetAll, Version: testfix.Version(old.Version - 1)})
	wantKind(t, err, apperr.Conflict, "")
	// Another seller, or a spec of another product, is not found.
	other := s.ReadySeller(t, s.Name("other"))
	err = s.cat.SetSpecSales(bg, other, p.ID, old.ID, catalog.SpecSalesInput{Target: catalog.TargetAll, Version: testfix.Version(old.Version)})
	wantKind(t, err, apperr.NotFound, "")

	// A trial spec of a product that is not SaaS cannot be restricted.
	hw := s.list(t, specs(s.content(t, catalog.TypeHardware), "租用", catalog.BillMonthly, "300", "15"))
	err = s.setSpec(t, hw, "租用", catalog.SpecSalesInput{Target: catalog.TargetAll, TrialRestricted: true})
	testfix.WantFields(t, err, map[string]string{"trial": "sales.trial_saas_only"})
	if ev := s.events(t, catalog.ObjectSpec, old.ID); ev[len(ev)-1] != "set_sales/applicant" {
		t.Errorf("spec timeline %v", ev)
	}
}

// TestSpecifiedUsers: a buyer is added by account name and account ID, which
// must name the same account; the seller itself and operations cannot be added.
func TestSpecifiedUsers(t *testing.T) {
	s := newShop(t)
	p := salesSpecs(t, s)
	buyer, other := s.Seller(t, s.Name("buyer")), s.Seller(t, s.Name("buyer"))
	reviewer := s.Reviewer(t)
	mismatch := map[string]string{"member_id": "sales.member_mismatch"}
	notBuyer := map[string]string{"member_name": "sales.member_not_buyer"}
	for name, tc := range map[string]struct {
		name, id string
		want     map[string]string
	}{
		"no name":            {"", buyer.PublicID, map[string]string{"member_name": "sales.member_name_required"}},
		"no id":              {buyer.Name, " ", map[string]string{"member_id": "sales.member_id_required"}},
		"another account id": {buyer.Name, other.PublicID, mismatch},
		"unknown name":       {"nobody-here", buyer.PublicID, mismatch},
		"made-up id":         {buyer.Name, strings.Repeat("0", 32), mismatch},
		"the seller itself":  {s.seller.Name, s.seller.PublicID, notBuyer},
		"operations":         {reviewer.Name, reviewer.PublicID, notBuyer},
	} {
		err := s.cat.AddMember(bg, s.seller, p.ID, catalog.ScopeBuyers, tc.name, tc.id)
		if !reflect.DeepEqual(apperr.FieldsOf(err), tc.want) {
			t.Errorf("%s: want %v, got %v", name, tc.want, err)
		}
	}
	// Letter case and surrounding spaces do not matter; adding twice keeps one entry.
	if err := s.cat.AddMember(bg, s.seller, p.ID, catalog.ScopeBuyers, " "+strings.ToUpper(buyer.Name)+" ", strings.ToUpper(buyer.PublicID)); err != nil {
		t.Fatal(err)
	}
	if err := s.cat.AddMember(bg, s.seller, p.ID, catalog.ScopeBuyers, buyer.Name, buyer.PublicID); err != nil {
		t.Fatalf("adding twice: %v", err)
	}
	members, err := s.cat.Audience(bg, p.ID, catalog.ScopeBuyers)
	if err != nil || len(members) != 1 || members[0].AccountID != buyer.ID || members[0].Name != buyer.Name || members[0].PublicID != buyer.PublicID {
		t.Fatalf("specified users: %+v %v", members, err)
	}
	if trial, _ := s.cat.Audience(bg, p.ID, catalog.ScopeTrial); len(trial) != 0 {
		t.Errorf("a specified buyer is also a trial exception")
	}
	if err := s.cat.AddMember(bg, s.seller, p.ID, catalog.ScopeTrial, other.Name, other.PublicID); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.cat.AddMember(bg, s.seller, p.ID, "everyone", buyer.Name, buyer.PublicID), apperr.NotFound, "")
	intruder := s.ReadySeller(t, s.Name("intruder"))
	wantKind(t, s.cat.AddMember(bg, intruder, p.ID, catalog.ScopeBuyers, other.Name, other.PublicID), apperr.NotFound, "")
	wantKind(t, s.cat.RemoveMember(bg, intruder, p.ID, catalog.ScopeBuyers, buyer.ID), apperr.NotFound, "")

	if err := s.cat.RemoveMember(bg, s.seller, p.ID, catalog.ScopeBuyers, buyer.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.cat.RemoveMember(bg, s.seller, p.ID, catalog.ScopeBuyers, buyer.ID); err != nil {
		t.Fatalf("removing twice: %v", err)
	}
	if m, _ := s.cat.Audience(bg, p.ID, catalog.ScopeBuyers); len(m) != 0 {
		t.Errorf("removed buyer still listed: %+v", m)
	}
	if m, _ := s.cat.Audience(bg, p.ID, catalog.ScopeTrial); len(m) != 1 {
		t.Errorf("removing a buyer touched the trial exceptions: %+v", m)
	}
	want := []string{"list/reviewer", "add_buyers/applicant", "add_trial/applicant", "remove_buyers/applicant"}
	if got := s.events(t, catalog.ObjectProduct, p.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("product timeline %v, want %v", got, want)
	}
}

// TestEligibility: who may buy what under the sales configuration.
func TestEligibility(t *testing.T) {
	s := newShop(t)
	p := salesSpecs(t, s)
	person := s.Seller(t, s.Name("person"))
	company := s.Seller(t, s.Name("company"))
	reviewer := s.Reviewer(t)
	verdict := func(viewer *account.Account, spec string) string {
		t.Helper()
		cur := s.product(t, p.ID)
		var sp catalog.Spec
		for _, x := range cur.Specs {
			if x.Name == spec {
				sp = x
			}
		}
		v, err := s.cat.Eligibility(bg, viewer, cur, sp)
		if err != nil {
			t.Fatal(err)
		}
		if v.OK != (v.Reason == "") {
			t.Fatalf("verdict %+v", v)
		}
		if v.OK {
			return "ok"
		}
		return v.Reason
	}
	expect := func(what string, viewer *account.Account, spec, want string) {
		t.Helper()
		if got := verdict(viewer, spec); got != want {
			t.Errorf("%s: %s, want %s", what, got, want)
		}
	}
	expect("anonymous", nil, "年付", "buy.login")
	expect("operations", &reviewer, "年付", "buy.ops")
	expect("the seller", &s.seller, "年付", "buy.own_product")
	expect("anyone", &person, "年付", "ok")

	// Enterprise users only. An account is an enterprise once its entry is approved.
	if err := s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetEnterprise, ""); err != nil {
		t.Fatal(err)
	}
	expect("an individual, enterprise product", &company, "年付", "buy.enterprise_only")
	s.Approve(t, s.SubmitEntry(t, company))
	company = s.Reload(t, company)
	if company.Identity != "enterprise" {
		t.Fatalf("identity after entry approval: %q", company.Identity)
	}
	expect("an enterprise, enterprise product", &company, "年付", "ok")
	expect("an individual, enterprise product", &person, "年付", "buy.enterprise_only")

	// Individual users only.
	if err := s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetIndividual, ""); err != nil {
		t.Fatal(err)
	}
	expect("an enterprise, individual product", &company, "年付", "buy.individual_only")
	expect("an individual, individual product", &person, "年付", "ok")

	// All users, with one spec for specified users only.
	if err := s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetAll, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.setSpec(t, p, "买断", catalog.SpecSalesInput{Target: catalog.TargetSpecified}); err != nil {
		t.Fatal(err)
	}
	if err := s.setSpec(t, p, "年付", catalog.SpecSalesInput{Target: catalog.TargetEnterprise}); err != nil {
		t.Fatal(err)
	}
	expect("a spec for specified users", &person, "买断", "buy.specified_only")
	expect("an enterprise spec", &person, "年付", "buy.enterprise_only")
	expect("an all-users spec", &person, "按次", "ok")
	if err := s.cat.AddMember(bg, s.seller, p.ID, catalog.ScopeBuyers, person.Name, person.PublicID); err != nil {
		t.Fatal(err)
	}
	expect("an added specified user", &person, "买断", "ok")
	expect("a specified user buying an enterprise spec", &person, "年付", "buy.enterprise_only")
	expect("not added", &company, "买断", "buy.specified_only")

	// Specified users for the whole product.
	if err := s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetSpecified, ""); err != nil {
		t.Fatal(err)
	}
	expect("added, specified product", &person, "按次", "ok")
	expect("added, specified product, formerly enterprise spec", &person, "年付", "ok")
	expect("not added, specified product", &company, "按次", "buy.specified_only")
	// A trial exception is no specified buyer.
	if err := s.cat.AddMember(bg, s.seller, p.ID, catalog.ScopeTrial, company.Name, company.PublicID); err != nil {
		t.Fatal(err)
	}
	expect("a trial exception, specified product", &company, "按次", "buy.specified_only")
	if err := s.cat.RemoveMember(bg, s.seller, p.ID, catalog.ScopeBuyers, person.ID); err != nil {
		t.Fatal(err)
	}
	expect("removed", &person, "按次", "buy.specified_only")
}

// TestNewSpecFollowsTheProductTarget: a spec added by a change to a product
// sold to enterprises only is sold to enterprises only too.
func TestNewSpecFollowsTheProductTarget(t *testing.T) {
	s := newShop(t)
	p := salesSpecs(t, s)
	if err := s.cat.SetTarget(bg, s.seller, p.ID, catalog.TargetEnterprise, ""); err != nil {
		t.Fatal(err)
	}
	change, err := s.cat.StartModification(bg, s.seller, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := change.Content
	c.Specs = append(c.Specs, catalog.SpecDraft{Name: "新增版", BillingMode: catalog.BillMonthly, Price: "5"})
	pending, err := s.cat.Submit(bg, s.seller, change.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	s.ApproveApp(t, s.cat, pending)
	after := s.product(t, p.ID)
	person := s.Seller(t, s.Name("person"))
	if v, err := s.cat.Eligibility(bg, &person, after, spec(t, after, "新增版")); err != nil || v.OK || v.Reason != "buy.enterprise_only" {
		t.Errorf("an individual buying the new spec of an enterprise product: %+v %v", v, err)
	}
	if v, _ := s.cat.Eligibility(bg, &s.seller, after, spec(t, after, "新增版")); v.Reason != "buy.own_product" {
		t.Errorf("the seller: %+v", v)
	}
}
