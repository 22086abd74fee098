package catalog_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/money"
	"agora/internal/testfix"
)

func dtField(t *testing.T, c catalog.Changes, field string) catalog.FieldChange {
	t.Helper()
	for _, f := range c.Fields {
		if f.Field == field {
			return f
		}
	}
	t.Fatalf("no field %q in %+v", field, c.Fields)
	return catalog.FieldChange{}
}

func dtFields(c catalog.Changes) []string {
	out := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		out[i] = f.Field
	}
	return out
}

func dtChanged(c catalog.Changes) []string {
	var out []string
	for _, f := range c.Fields {
		if f.Changed {
			out = append(out, f.Field)
		}
	}
	return out
}

func dtEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// dtLive is a listed hardware product with three specs: one to keep, one to
// change, one delisted after the revision was copied.
func dtLive() (catalog.Product, catalog.Content) {
	logo := uuid.New()
	c := testfix.ContentWithLogo(catalog.TypeHardware, "边缘网关", logo)
	live := catalog.Product{ID: uuid.New(), AccessType: catalog.TypeHardware, Status: lifecycle.ShelfListed, Content: c}
	live.Content.Specs = nil
	specs := []catalog.Spec{
		{ID: uuid.New(), Name: "标准版", BillingMode: catalog.BillOneTime, Price: 9900, Status: lifecycle.ShelfListed},
		{ID: uuid.New(), Name: "增强版", BillingMode: catalog.BillOneTime, Price: 19900, Status: lifecycle.ShelfDelisting},
		{ID: uuid.New(), Name: "旗舰版", BillingMode: catalog.BillOneTime, Price: 29900, Status: lifecycle.ShelfDelisted},
		{ID: uuid.New(), Name: "早已下架", BillingMode: catalog.BillOneTime, Price: 100, Status: lifecycle.ShelfDelisted},
	}
	live.Specs = specs
	rev := c
	rev.Specs = nil
	for _, sp := range specs[:3] { // the copy was taken while the first three were on sale
		rev.Specs = append(rev.Specs, catalog.SpecDraft{ID: sp.ID.String(), Name: sp.Name, BillingMode: sp.BillingMode,
			Price: money.Format(sp.Price)[len("¥"):]})
	}
	return live, rev
}

// TestDiffUnchanged: a revision nobody touched changes nothing, whatever the
// formatting of prices and line endings.
func TestDiffUnchanged(t *testing.T) {
	t.Parallel()
	live, rev := dtLive()
	rev.Description = live.Content.Description + "\r\n"
	rev.Specs[0].Price = "99" // ¥99.00 as typed
	d := catalog.Diff(live, rev)
	want := []string{"name", "name_en", "category_id", "logo", "summary", "description", "support_content", "support_hours",
		"support_tz", "support_phone", "support_email", "user_guide", "eula", "acceptance",
		"ship_from", "carrier", "dispatch_days", "warranty_months"}
	if got := dtFields(d); !dtEqual(got, want) {
		t.Fatalf("fields of a hardware product:\n got %v\nwant %v", got, want)
	}
	if ch := dtChanged(d); len(ch) != 0 {
		t.Fatalf("changed fields of an untouched revision: %v", ch)
	}
	if !dtField(t, d, "description").Long || dtField(t, d, "name").Long {
		t.Fatal("description is long text, name is not")
	}
	if len(d.Specs) != 3 || d.Specs[0].State != catalog.SpecUnchanged || d.Specs[1].State != catalog.SpecUnchanged ||
		d.Specs[1].LiveStatus != string(lifecycle.ShelfDelisting) || d.Specs[2].State != catalog.SpecDelisted {
		t.Fatalf("specs: %+v", d.Specs)
	}
	if d.Count() != 1 { // the spec delisted since the copy: approval drops it
		t.Fatalf("count %d, want 1", d.Count())
	}
}

// TestDiffChanges: every kind of change is reported with the old and the new value.
func TestDiffChanges(t *testing.T) {
	t.Parallel()
	live, rev := dtLive()
	newLogo := uuid.NewString()
	rev.Summary = "新版摘要：支持更多工业协议，部署更简单。"
	rev.LogoFileID = newLogo
	rev.Carrier = "中国邮政 EMS"
	rev.EULA = live.Content.EULA + "\n新增第七条：数据保护。"
	rev.DataFormat = "CSV" // not a field of hardware: ignored
	rev.Specs[0].Price = "129.5"
	rev.Specs[1].Name = "增强版 Plus"
	rev.Specs = append(rev.Specs, catalog.SpecDraft{Name: "工业版", BillingMode: catalog.BillOneTime, Price: "499"})
	d := catalog.Diff(live, rev)

	want := []string{"logo", "summary", "eula", "carrier"}
	if got := dtChanged(d); !dtEqual(got, want) {
		t.Fatalf("changed fields: got %v, want %v", got, want)
	}
	if f := dtField(t, d, "logo"); f.Old != live.Content.LogoFileID || f.New != newLogo {
		t.Fatalf("logo: %+v", f)
	}
	if f := dtField(t, d, "carrier"); f.Old != "顺丰速运" || f.New != "中国邮政 EMS" {
		t.Fatalf("carrier: %+v", f)
	}
	if f := dtField(t, d, "eula"); !f.Long || f.Old != live.Content.EULA {
		t.Fatalf("eula: %+v", f)
	}

	if len(d.Specs) != 4 {
		t.Fatalf("specs: %+v", d.Specs)
	}
	price := d.Specs[0]
	if price.State != catalog.SpecChanged || price.Index != 0 || price.Fields[2].Field != "spec.0.price" ||
		price.Fields[2].Old != "¥99.00" || price.Fields[2].New != "¥129.50" || !price.Fields[2].Changed || price.Fields[0].Changed {
		t.Fatalf("price change: %+v", price)
	}
	if n := d.Specs[1]; n.State != catalog.SpecChanged || n.Fields[0].Old != "增强版" || n.Fields[0].New != "增强版 Plus" {
		t.Fatalf("name change: %+v", n)
	}
	if d.Specs[2].State != catalog.SpecDelisted {
		t.Fatalf("delisted since: %+v", d.Specs[2])
	}
	added := d.Specs[3]
	if added.State != catalog.SpecAdded || added.ID != "" || added.Index != 3 || added.Fields[0].New != "工业版" ||
		added.Fields[0].Old != "" || added.Fields[2].New != "¥499.00" {
		t.Fatalf("added spec: %+v", added)
	}
	if d.Count() != 4+4 {
		t.Fatalf("count %d, want 8", d.Count())
	}
}

// TestDiffRemovedSpecAndTrial: a spec on sale that the revision drops is
// reported (approval will refuse it), and a trial change counts.
func TestDiffRemovedSpecAndTrial(t *testing.T) {
	t.Parallel()
	logo := uuid.New()
	c := testfix.ContentWithLogo(catalog.TypeSaaS, "云眼监控", logo)
	keep := catalog.Spec{ID: uuid.New(), Name: "标准版", BillingMode: catalog.BillMonthly, Price: 9900, Status: lifecycle.ShelfListed}
	gone := catalog.Spec{ID: uuid.New(), Name: "企业版", BillingMode: catalog.BillYearly, Price: 99900, TrialDays: 7, Status: lifecycle.ShelfListed}
	live := catalog.Product{AccessType: catalog.TypeSaaS, Status: lifecycle.ShelfListed, Content: c, Specs: []catalog.Spec{keep, gone}}
	rev := c
	rev.Delivery = catalog.DeliverySupervised
	rev.Specs = []catalog.SpecDraft{{ID: keep.ID.String(), Name: "标准版", BillingMode: catalog.BillMonthly, Price: "99.00", TrialDays: "14"}}
	d := catalog.Diff(live, rev)
	if got := dtChanged(d); !dtEqual(got, []string{"delivery"}) {
		t.Fatalf("changed: %v", got)
	}
	if f := dtField(t, d, "production_url"); f.Changed || f.Old != "https://api.example.com/agora/v1" {
		t.Fatalf("production_url: %+v", f)
	}
	if len(d.Specs) != 2 {
		t.Fatalf("specs: %+v", d.Specs)
	}
	if s := d.Specs[0]; s.State != catalog.SpecChanged || s.Fields[3].Old != "" || s.Fields[3].New != "14" || !s.Fields[3].Changed {
		t.Fatalf("trial change: %+v", s)
	}
	if s := d.Specs[1]; s.State != catalog.SpecRemoved || s.Index != -1 || s.ID != gone.ID.String() || s.Fields[0].Old != "企业版" ||
		s.Fields[0].New != "" || s.Fields[0].Field != "name" || s.Fields[3].Old != "7" {
		t.Fatalf("removed spec: %+v", s)
	}
}

// TestSubmittedRelease: a release shows every field of its type as submitted.
func TestSubmittedRelease(t *testing.T) {
	t.Parallel()
	c := testfix.ContentWithLogo(catalog.TypeData, "行业数据", uuid.New())
	s := catalog.Submitted(c)
	if f := dtField(t, s, "update_cycle"); f.New != "每日更新" || f.Old != "" {
		t.Fatalf("update_cycle: %+v", f)
	}
	for _, f := range s.Fields {
		if f.Field == "production_url" || f.Field == "carrier" {
			t.Fatalf("a data product has no %s", f.Field)
		}
	}
	if len(s.Specs) != 1 || s.Specs[0].Fields[2].New != "¥99.00" || s.Specs[0].Fields[1].New != catalog.BillOneTime {
		t.Fatalf("specs: %+v", s.Specs)
	}
}

// TestDiffOfRealModification: a modification opened, edited and submitted
// through the service compares with the live product as the reviewer expects,
// including a spec delisted while the change waited.
func TestDiffOfRealModification(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := testfix.New(t)
	cat := env.Catalog()
	seller := env.ReadySeller(t, "gamma")
	c := env.ProductContent(t, seller, catalog.TypeSaaS)
	c.Specs = append(c.Specs, catalog.SpecDraft{Name: "企业版", BillingMode: catalog.BillYearly, Price: "1,999"})
	listed := env.ListProduct(t, cat, seller, c)

	draft, err := cat.StartModification(ctx, seller, listed.ID)
	if err != nil {
		t.Fatal(err)
	}
	untouched := catalog.Diff(listed, draft.Content)
	if untouched.Count() != 0 {
		t.Fatalf("a fresh copy differs: %v %+v", dtChanged(untouched), untouched.Specs)
	}
	rev := draft.Content
	rev.SupportHours = "周一至周五 9:00-18:00"
	rev.Specs[0].Price = "109"
	rev.Specs = append(rev.Specs, catalog.SpecDraft{Name: "旗舰版", BillingMode: catalog.BillYearly, Price: "4999", TrialDays: "30"})
	app, err := cat.Submit(ctx, seller, draft.ID, rev)
	if err != nil {
		t.Fatal(err)
	}
	// The seller delists the enterprise spec while the change waits; operations agree.
	delist, err := cat.RequestDelist(ctx, seller, listed.ID, catalog.DelistInput{SpecID: listed.Specs[1].ID.String(), Reason: "企业版停止销售。"})
	if err != nil {
		t.Fatal(err)
	}
	env.ApproveApp(t, cat, delist)

	live, err := cat.ProductForOps(ctx, listed.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := cat.GetForReview(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	d := catalog.Diff(live, got.Content)
	if ch := dtChanged(d); !dtEqual(ch, []string{"support_hours"}) {
		t.Fatalf("changed: %v", ch)
	}
	states := []string{}
	for _, s := range d.Specs {
		states = append(states, s.State)
	}
	if !dtEqual(states, []string{catalog.SpecChanged, catalog.SpecDelisted, catalog.SpecAdded}) {
		t.Fatalf("spec states: %v", states)
	}
	if p := d.Specs[0].Fields[2]; p.Old != "¥99.00" || p.New != "¥109.00" {
		t.Fatalf("price: %+v", p)
	}
}
