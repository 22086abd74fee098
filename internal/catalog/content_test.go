package catalog_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/testfix"
)

// formCase is one release form: a valid form of typ changed by edit, and the
// field errors Submit must answer with (none: it must be accepted).
type formCase struct {
	name string
	typ  string
	edit func(c *catalog.Content)
	want map[string]string
}

// runForms submits every case as a new release of the shop's seller.
func runForms(t *testing.T, s *shop, cases []formCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := s.content(t, tc.typ)
			if tc.edit != nil {
				tc.edit(&c)
			}
			app, err := s.submit(t, c)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("a valid form was refused: %v", err)
				}
				if app.Status != lifecycle.AppPending {
					t.Fatalf("status %s, want pending", app.Status)
				}
				return
			}
			testfix.WantFields(t, err, tc.want)
		})
	}
}

func repeat(s string, n int) string { return strings.Repeat(s, n) }

// TestValidFormOfEveryType: the form each access type needs is accepted, and
// one missing type-specific field is named.
func TestValidFormOfEveryType(t *testing.T) {
	s := newShop(t)
	var cases []formCase
	for _, typ := range []string{catalog.TypeSaaS, catalog.TypeLicense, catalog.TypeManual, catalog.TypeHardware, catalog.TypeData} {
		cases = append(cases, formCase{name: typ + "/valid", typ: typ})
	}
	runForms(t, s, append(cases,
		formCase{"saas/http url", catalog.TypeSaaS, func(c *catalog.Content) { c.ProductionURL = "http://api.example.com/agora" },
			map[string]string{"production_url": "product.production_url_rule"}},
		formCase{"saas/host without domain", catalog.TypeSaaS, func(c *catalog.Content) { c.ProductionURL = "https://localhost/agora" },
			map[string]string{"production_url": "product.production_url_rule"}},
		formCase{"saas/no url", catalog.TypeSaaS, func(c *catalog.Content) { c.ProductionURL = "" },
			map[string]string{"production_url": "product.production_url_rule"}},
		formCase{"saas/url too long", catalog.TypeSaaS, func(c *catalog.Content) { c.ProductionURL = "https://api.example.com/" + repeat("a", 290) },
			map[string]string{"production_url": "product.production_url_rule"}},
		formCase{"saas/no delivery", catalog.TypeSaaS, func(c *catalog.Content) { c.Delivery = "" },
			map[string]string{"delivery": "product.delivery_required"}},
		formCase{"saas/unknown delivery", catalog.TypeSaaS, func(c *catalog.Content) { c.Delivery = "pigeon" },
			map[string]string{"delivery": "product.delivery_required"}},
		formCase{"license/no form", catalog.TypeLicense, func(c *catalog.Content) { c.LicenseForm = "" },
			map[string]string{"license_form": "product.license_form_required"}},
		formCase{"license/file", catalog.TypeLicense, func(c *catalog.Content) { c.LicenseForm = catalog.LicenseFile }, nil},
		formCase{"manual/0 days", catalog.TypeManual, func(c *catalog.Content) { c.ServiceDays = "0" },
			map[string]string{"service_days": "product.service_days_rule"}},
		formCase{"manual/366 days", catalog.TypeManual, func(c *catalog.Content) { c.ServiceDays = "366" },
			map[string]string{"service_days": "product.service_days_rule"}},
		formCase{"manual/words", catalog.TypeManual, func(c *catalog.Content) { c.ServiceDays = "ten" },
			map[string]string{"service_days": "product.service_days_rule"}},
		formCase{"manual/365 days", catalog.TypeManual, func(c *catalog.Content) { c.ServiceDays = "365" }, nil},
		formCase{"hardware/no ship from", catalog.TypeHardware, func(c *catalog.Content) { c.ShipFrom = "" },
			map[string]string{"ship_from": "product.ship_from_rule"}},
		formCase{"hardware/no carrier", catalog.TypeHardware, func(c *catalog.Content) { c.Carrier = "顺" },
			map[string]string{"carrier": "product.carrier_rule"}},
		formCase{"hardware/dispatch 61 days", catalog.TypeHardware, func(c *catalog.Content) { c.DispatchDays = "61" },
			map[string]string{"dispatch_days": "product.dispatch_days_rule"}},
		formCase{"hardware/dispatch 0 days", catalog.TypeHardware, func(c *catalog.Content) { c.DispatchDays = "0" },
			map[string]string{"dispatch_days": "product.dispatch_days_rule"}},
		formCase{"hardware/no warranty", catalog.TypeHardware, func(c *catalog.Content) { c.WarrantyMonths = "0" }, nil},
		formCase{"hardware/warranty 121 months", catalog.TypeHardware, func(c *catalog.Content) { c.WarrantyMonths = "121" },
			map[string]string{"warranty_months": "product.warranty_rule"}},
		formCase{"hardware/warranty missing", catalog.TypeHardware, func(c *catalog.Content) { c.WarrantyMonths = "" },
			map[string]string{"warranty_months": "product.warranty_rule"}},
		formCase{"data/no format", catalog.TypeData, func(c *catalog.Content) { c.DataFormat = " " },
			map[string]string{"data_format": "product.data_format_rule"}},
		formCase{"data/no update cycle", catalog.TypeData, func(c *catalog.Content) { c.UpdateCycle = "" },
			map[string]string{"update_cycle": "product.update_cycle_rule"}},
		// Image and package products deliver an approved asset (the asset service decides which are approved).
		formCase{"image/no asset", catalog.TypeImage, nil, map[string]string{"asset_id": "product.asset_required"}},
		formCase{"package/no asset", catalog.TypePackage, nil, map[string]string{"asset_id": "product.asset_required"}},
		formCase{"image/unknown asset", catalog.TypeImage, func(c *catalog.Content) { c.AssetID = uuid.NewString() },
			map[string]string{"asset_id": "product.asset_required"}},
		formCase{"package/not an id", catalog.TypePackage, func(c *catalog.Content) { c.AssetID = "pkg-1" },
			map[string]string{"asset_id": "product.asset_required"}},
	))
}

// TestCommonFieldRules: every field of the form has its rule, and a value just
// inside the rule is accepted.
func TestCommonFieldRules(t *testing.T) {
	s := newShop(t)
	lic := catalog.TypeLicense
	runForms(t, s, []formCase{
		{"name/one character", lic, func(c *catalog.Content) { c.Name = "云" }, map[string]string{"name": "product.name_rule"}},
		{"name/61 characters", lic, func(c *catalog.Content) { c.Name = repeat("云", 61) }, map[string]string{"name": "product.name_rule"}},
		{"name/60 characters", lic, func(c *catalog.Content) { c.Name = repeat("云", 60) }, nil},
		{"name/only spaces", lic, func(c *catalog.Content) { c.Name = "   " }, map[string]string{"name": "product.name_rule"}},
		{"name_en/101", lic, func(c *catalog.Content) { c.NameEn = repeat("a", 101) }, map[string]string{"name_en": "product.name_en_rule"}},
		{"name_en/empty", lic, func(c *catalog.Content) { c.NameEn = "" }, nil},
		{"category/missing", lic, func(c *catalog.Content) { c.CategoryID = "" }, map[string]string{"category_id": "product.category_required"}},
		{"category/unknown", lic, func(c *catalog.Content) { c.CategoryID = "games" }, map[string]string{"category_id": "product.category_required"}},
		{"logo/missing", lic, func(c *catalog.Content) { c.LogoFileID = "" }, map[string]string{"logo": "product.logo_required"}},
		{"logo/not an id", lic, func(c *catalog.Content) { c.LogoFileID = "logo.png" }, map[string]string{"logo": "product.logo_required"}},
		{"logo/unknown", lic, func(c *catalog.Content) { c.LogoFileID = uuid.NewString() }, map[string]string{"logo": "product.logo_required"}},
		{"summary/9", lic, func(c *catalog.Content) { c.Summary = repeat("好", 9) }, map[string]string{"summary": "product.summary_rule"}},
		{"summary/201", lic, func(c *catalog.Content) { c.Summary = repeat("好", 201) }, map[string]string{"summary": "product.summary_rule"}},
		{"support content/short", lic, func(c *catalog.Content) { c.SupportContent = "电话支持" }, map[string]string{"support_content": "product.support_content_rule"}},
		{"support hours/short", lic, func(c *catalog.Content) { c.SupportHours = "24" }, map[string]string{"support_hours": "product.support_hours_rule"}},
		{"support tz/missing", lic, func(c *catalog.Content) { c.SupportTimeZone = "" }, map[string]string{"support_tz": "product.support_tz_rule"}},
		{"support phone/letters", lic, func(c *catalog.Content) { c.SupportPhone = "call us" }, map[string]string{"support_phone": "entry.phone_rule"}},
		{"support phone/international", lic, func(c *catalog.Content) { c.SupportPhone = "+86 571 8888 6666" }, nil},
		{"support email/invalid", lic, func(c *catalog.Content) { c.SupportEmail = "support@" }, map[string]string{"support_email": "account.email_invalid"}},
		{"support email/with name", lic, func(c *catalog.Content) { c.SupportEmail = "Support <s@example.com>" }, map[string]string{"support_email": "account.email_invalid"}},
		{"user guide/short", lic, func(c *catalog.Content) { c.UserGuide = "见官网" }, map[string]string{"user_guide": "product.user_guide_rule"}},
		{"eula/short", lic, func(c *catalog.Content) { c.EULA = "按现状提供" }, map[string]string{"eula": "product.eula_rule"}},
		{"surrounding spaces are not content", lic, func(c *catalog.Content) { c.Name = "  " + c.Name + "\n" }, nil},
	})
}

// TestDescriptionNeedsFourHundredCharacters: the description counts the
// characters that are not white space, Chinese and English alike (domain §2.2).
func TestDescriptionNeedsFourHundredCharacters(t *testing.T) {
	s := newShop(t)
	lic := catalog.TypeLicense
	short := map[string]string{"description": "product.description_min"}
	words := func(letters int) string { // "abcd abcd …" with one space after every four letters
		var b strings.Builder
		for i := 0; i < letters; i++ {
			b.WriteByte(byte('a' + i%4))
			if i%4 == 3 {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	runForms(t, s, []formCase{
		{"chinese/400", lic, func(c *catalog.Content) { c.Description = repeat("云", 400) }, nil},
		{"chinese/399", lic, func(c *catalog.Content) { c.Description = repeat("云", 399) }, short},
		{"chinese/399 padded with spaces", lic, func(c *catalog.Content) {
			c.Description = repeat("云 \n\t　", 399) // ideographic space too
		}, short},
		{"english/400 letters", lic, func(c *catalog.Content) { c.Description = words(400) }, nil},
		{"english/399 letters", lic, func(c *catalog.Content) { c.Description = words(399) }, short},
		{"mixed/400", lic, func(c *catalog.Content) { c.Description = repeat("云", 200) + "\n\n" + words(200) }, nil},
		{"empty", lic, func(c *catalog.Content) { c.Description = "" }, short},
		{"20001 characters", lic, func(c *catalog.Content) { c.Description = repeat("云", 20001) },
			map[string]string{"description": "product.description_max"}},
	})
	if n := catalog.TextLength(" 云 a\n\tb　"); n != 3 {
		t.Errorf("TextLength counts %d, want 3", n)
	}
}

// TestSaaSNaming: a SaaS product is called "… SaaS版" or "… SaaS Edition" (domain §2.1).
func TestSaaSNaming(t *testing.T) {
	s := newShop(t)
	saas := catalog.TypeSaaS
	bad := map[string]string{"name": "product.name_saas"}
	name := func(n string) func(c *catalog.Content) { return func(c *catalog.Content) { c.Name = n } }
	runForms(t, s, []formCase{
		{"chinese suffix", saas, name("云眼监控SaaS版"), nil},
		{"chinese suffix with space", saas, name("云眼监控 SaaS版"), nil},
		{"english suffix", saas, name("CloudEye SaaS Edition"), nil},
		{"letter case", saas, name("CloudEye saas edition"), nil},
		{"no suffix", saas, name("云眼监控"), bad},
		{"suffix not at the end", saas, name("云眼监控SaaS版本"), bad},
		{"suffix in the middle", saas, name("SaaS版云眼监控"), bad},
		{"other types need none", catalog.TypeLicense, name("云眼监控独立部署"), nil},
	})
}

// TestAcceptanceTemplateForSupervisedTypes: License, manual service, hardware,
// data files and SaaS delivered under supervision need the delivery/acceptance
// template (domain §2.2, §5.9); the others do not.
func TestAcceptanceTemplateForSupervisedTypes(t *testing.T) {
	s := newShop(t)
	need := map[string]string{"acceptance": "product.acceptance_required"}
	none := func(c *catalog.Content) { c.Acceptance = "" }
	tooShort := func(c *catalog.Content) { c.Acceptance = "验收即可" }
	runForms(t, s, []formCase{
		{"license", catalog.TypeLicense, none, need},
		{"manual", catalog.TypeManual, none, need},
		{"hardware", catalog.TypeHardware, tooShort, need},
		{"saas supervised", catalog.TypeSaaS, func(c *catalog.Content) { c.Delivery, c.Acceptance = catalog.DeliverySupervised, "" }, need},
		{"saas supervised with template", catalog.TypeSaaS, func(c *catalog.Content) {
			c.Delivery, c.Acceptance = catalog.DeliverySupervised, "买家登录后台确认账号开通并完成功能核对后确认验收。"
		}, nil},
		{"saas instant", catalog.TypeSaaS, none, nil},
		{"data", catalog.TypeData, none, need},
		{"template too long", catalog.TypeData, func(c *catalog.Content) { c.Acceptance = repeat("验", 5001) },
			map[string]string{"acceptance": "product.acceptance_max"}},
	})
	for typ, want := range map[string]bool{catalog.TypeLicense: true, catalog.TypeManual: true, catalog.TypeHardware: true,
		catalog.TypeSaaS: false, catalog.TypeData: true, catalog.TypeImage: false, catalog.TypePackage: false} {
		if got := (catalog.Content{AccessType: typ}).Supervised(); got != want {
			t.Errorf("%s supervised = %v, want %v", typ, got, want)
		}
	}
}

// TestSpecRules: at least one and at most 20 specs, unique names, a billing
// mode, a price in yuan with at most two decimals.
func TestSpecRules(t *testing.T) {
	s := newShop(t)
	saas := catalog.TypeSaaS
	m, y, o, u := catalog.BillMonthly, catalog.BillYearly, catalog.BillOneTime, catalog.BillPerUse
	withSpecs := func(f ...string) func(c *catalog.Content) {
		return func(c *catalog.Content) { *c = specs(*c, f...) }
	}
	many := func(n int) func(c *catalog.Content) {
		return func(c *catalog.Content) {
			c.Specs = nil
			for i := 0; i < n; i++ {
				c.Specs = append(c.Specs, catalog.SpecDraft{Name: "规格" + strconv.Itoa(i), BillingMode: m, Price: "10"})
			}
		}
	}
	price := map[string]string{"spec.0.price": "product.price_rule"}
	runForms(t, s, []formCase{
		{"none", saas, withSpecs(), map[string]string{"specs": "product.specs_required"}},
		{"twenty", saas, many(20), nil},
		{"twenty-one", saas, many(21), map[string]string{"specs": "product.specs_max"}},
		{"every billing mode", saas, withSpecs("包月", m, "10", "", "包年", y, "100", "", "买断", o, "1000", "", "按次", u, "0.5", ""), nil},
		{"same name", saas, withSpecs("专业版", m, "10", "", "专业版", y, "100", ""), map[string]string{"spec.1.name": "product.spec_name_dup"}},
		{"same name in another case", saas, withSpecs("Pro", m, "10", "", "pro ", y, "100", ""), map[string]string{"spec.1.name": "product.spec_name_dup"}},
		{"no name", saas, withSpecs(" ", m, "10", ""), map[string]string{"spec.0.name": "product.spec_name_rule"}},
		{"41 characters", saas, withSpecs(repeat("规", 41), m, "10", ""), map[string]string{"spec.0.name": "product.spec_name_rule"}},
		{"no billing mode", saas, withSpecs("标准版", "", "10", ""), map[string]string{"spec.0.billing_mode": "product.billing_required"}},
		{"unknown billing mode", saas, withSpecs("标准版", "weekly", "10", ""), map[string]string{"spec.0.billing_mode": "product.billing_required"}},
		{"no price", saas, withSpecs("标准版", m, "", ""), price},
		{"words", saas, withSpecs("标准版", m, "ten", ""), price},
		{"negative", saas, withSpecs("标准版", m, "-1", ""), price},
		{"three decimals", saas, withSpecs("标准版", m, "9.999", ""), price},
		{"above the ceiling", saas, withSpecs("标准版", m, "100000000.01", ""), price},
		{"at the ceiling", saas, withSpecs("标准版", m, "100,000,000.00", ""), nil},
		{"free", saas, withSpecs("免费版", m, "0", ""), nil},
		{"an id on a new release", saas, func(c *catalog.Content) { c.Specs[0].ID = uuid.NewString() },
			map[string]string{"spec.0.name": "product.spec_unknown"}},
		{"errors name their spec", saas, withSpecs("A", m, "1", "", "B", "", "x", ""),
			map[string]string{"spec.1.billing_mode": "product.billing_required", "spec.1.price": "product.price_rule"}},
	})
}

// TestTrialRules: a trial of 3–180 days, only on monthly or yearly specs, and
// never for License or manual service (domain §2.11).
func TestTrialRules(t *testing.T) {
	s := newShop(t)
	m, y, o, u := catalog.BillMonthly, catalog.BillYearly, catalog.BillOneTime, catalog.BillPerUse
	trial := func(mode, days string) func(c *catalog.Content) {
		return func(c *catalog.Content) { *c = specs(*c, "标准版", mode, "99", days) }
	}
	rule := map[string]string{"spec.0.trial_days": "product.trial_rule"}
	periodic := map[string]string{"spec.0.trial_days": "product.trial_periodic"}
	typ := map[string]string{"spec.0.trial_days": "product.trial_type"}
	runForms(t, s, []formCase{
		{"monthly 3", catalog.TypeSaaS, trial(m, "3"), nil},
		{"yearly 180", catalog.TypeSaaS, trial(y, "180"), nil},
		{"no trial", catalog.TypeSaaS, trial(m, ""), nil},
		{"zero is no trial", catalog.TypeSaaS, trial(o, "0"), nil},
		{"2 days", catalog.TypeSaaS, trial(m, "2"), rule},
		{"181 days", catalog.TypeSaaS, trial(y, "181"), rule},
		{"words", catalog.TypeSaaS, trial(m, "a week"), rule},
		{"one-time", catalog.TypeSaaS, trial(o, "7"), periodic},
		{"per use", catalog.TypeSaaS, trial(u, "7"), periodic},
		{"license", catalog.TypeLicense, trial(m, "7"), typ},
		{"manual", catalog.TypeManual, trial(m, "7"), typ},
		{"hardware monthly", catalog.TypeHardware, trial(m, "7"), nil},
		{"data yearly", catalog.TypeData, trial(y, "30"), nil},
	})
}

// TestEveryFieldErrorAtOnce: a blank form names every missing field in one answer.
func TestEveryFieldErrorAtOnce(t *testing.T) {
	s := newShop(t)
	for typ, own := range map[string][]string{
		catalog.TypeSaaS:     {"production_url"},
		catalog.TypeLicense:  {"license_form", "acceptance"},
		catalog.TypeImage:    {"asset_id"},
		catalog.TypePackage:  {"asset_id"},
		catalog.TypeManual:   {"service_days", "acceptance"},
		catalog.TypeHardware: {"ship_from", "carrier", "dispatch_days", "warranty_months", "acceptance"},
		catalog.TypeData:     {"data_format", "update_cycle"},
	} {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			_, err := s.submit(t, catalog.Content{AccessType: typ})
			fields := []string{"name", "category_id", "logo", "summary", "description", "support_content", "support_hours",
				"support_tz", "support_phone", "support_email", "user_guide", "eula", "specs"}
			got := apperr.FieldsOf(err)
			for _, f := range append(fields, own...) {
				if got[f] == "" {
					t.Errorf("no error for %s: %v", f, got)
				}
			}
		})
	}
}

// TestPricesInYuanAreKeptInFen: the prices typed in yuan list in fen, and the
// cheapest and the billing modes on offer are refreshed on the product.
func TestPricesInYuanAreKeptInFen(t *testing.T) {
	s := newShop(t)
	c := specs(s.content(t, catalog.TypeSaaS),
		"入门版", catalog.BillMonthly, "99", "7",
		"专业版", catalog.BillYearly, "1,234.5", "",
		"按次", catalog.BillPerUse, "0.01", "",
		"旗舰版", catalog.BillMonthly, "¥88.80", "")
	p := s.list(t, c)
	want := map[string]money.Fen{"入门版": 9900, "专业版": 123450, "按次": 1, "旗舰版": 8880}
	for name, fen := range want {
		if sp := spec(t, p, name); sp.Price != fen || sp.Status != lifecycle.ShelfListed || !sp.Public {
			t.Errorf("%s: %+v, want %d fen listed and public", name, sp, fen)
		}
	}
	if sp := spec(t, p, "入门版"); sp.TrialDays != 7 || sp.BillingMode != catalog.BillMonthly {
		t.Errorf("trial spec: %+v", sp)
	}
	if p.MinPrice == nil || *p.MinPrice != 1 {
		t.Errorf("min price %v, want 1 fen", p.MinPrice)
	}
	row, err := s.Store.GetProduct(bg, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(row.BillingModes, ","); got != "monthly,per_use,yearly" {
		t.Errorf("billing modes %q", got)
	}
	for i, sp := range p.Specs {
		if sp.Position != int32(i+1) {
			t.Errorf("spec %s at position %d, want %d", sp.Name, sp.Position, i+1)
		}
	}
}

// TestNameTakenByListedProduct: a seller cannot list two products of the same
// name (any letter case); another seller can.
func TestNameTakenByListedProduct(t *testing.T) {
	s := newShop(t)
	c := s.content(t, catalog.TypeLicense)
	c.Name = "CloudEye 独立部署"
	s.list(t, c)

	again := s.content(t, catalog.TypeLicense)
	again.Name = "cloudeye 独立部署"
	_, err := s.submit(t, again)
	testfix.WantFields(t, err, map[string]string{"name": "product.name_taken"})

	other := s.ReadySeller(t, s.Name("other"))
	oc := s.ProductContent(t, other, catalog.TypeLicense)
	oc.Name = c.Name
	if _, err := s.cat.Submit(bg, other, s.startRelease(t, other, catalog.TypeLicense), oc); err != nil {
		t.Fatalf("another seller's product may have the name: %v", err)
	}
}

// TestLogoMustBeTheSellersProductLogo: the logo is an upload of the seller's,
// made for a product logo.
func TestLogoMustBeTheSellersProductLogo(t *testing.T) {
	s := newShop(t)
	other := s.Seller(t, s.Name("other"))
	entryLogo := s.Upload(t, s.seller, "entry_logo", "logo.png", testfix.PNG(t))
	for name, id := range map[string]uuid.UUID{
		"another account's": s.ProductLogo(t, other).ID,
		"an entry logo":     entryLogo.ID,
	} {
		c := s.content(t, catalog.TypeLicense)
		c.LogoFileID = id.String()
		_, err := s.submit(t, c)
		if apperr.FieldsOf(err)["logo"] != "product.logo_required" {
			t.Errorf("%s logo: %v", name, err)
		}
	}
}
