package testfix

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/catalog"
	"agora/internal/file"
	"agora/internal/merchant"
	"agora/internal/platform/blob"
)

// Assets returns an asset service over e, wired as cmd/agora/wire.go does.
// Services keep no state of their own, so each call may build a fresh one.
func (e *Env) Assets() *asset.Service {
	blobs, err := blob.NewDir(e.BlobDir)
	if err != nil {
		panic(err) // the directory exists: New made it
	}
	return asset.NewService(e.Store, e.Clock, e.Files, blobs, e.Calendar, e.Log)
}

// Catalog returns a catalog service over e, wired as cmd/agora/wire.go does.
// Call it once per test and keep the result.
func (e *Env) Catalog() *catalog.Service {
	return catalog.NewService(e.Store, e.Clock, e.Files, e.Assets(), e.Calendar, e.Log)
}

// ReadySeller signs up a seller called name, has its entry and its business
// certification approved (domain §2.2: ready to release products) and returns
// the account as it now reads (an enterprise identity).
func (e *Env) ReadySeller(t testing.TB, name string) account.Account {
	t.Helper()
	ctx := context.Background()
	s := e.Seller(t, name)
	reviewer := e.Reviewer(t)
	entry := e.SubmitEntry(t, s)
	if err := e.Merchants.DecideEntry(ctx, reviewer, entry.ID, merchant.Decision{Approve: true, Version: Version(entry.Version)}); err != nil {
		t.Fatalf("approve entry: %v", err)
	}
	cert, err := e.Merchants.SubmitCert(ctx, s, CertInput(s))
	if err != nil {
		t.Fatalf("submit certification: %v", err)
	}
	if err := e.Merchants.DecideCert(ctx, reviewer, cert.ID, merchant.Decision{Approve: true, Version: Version(cert.Version)}); err != nil {
		t.Fatalf("approve certification: %v", err)
	}
	return e.Reload(t, s)
}

// Reload reads acct again (its identity changes when its entry is approved).
func (e *Env) Reload(t testing.TB, acct account.Account) account.Account {
	t.Helper()
	a, err := e.Accounts.Get(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// ProductLogo uploads a real PNG as seller's product logo.
func (e *Env) ProductLogo(t testing.TB, seller account.Account) file.File {
	t.Helper()
	return e.Upload(t, seller, catalog.LogoPurpose, "logo.png", PNG(t))
}

// Description is a product description of 425 non-space characters (Chinese).
var Description = strings.Repeat("本产品为企业提供云上数据分析服务。", 25)

// ProductContent returns a valid release form of accessType for seller, with
// a product logo it has just uploaded and a fresh name (SaaS names end in
// "SaaS版"). Image and package forms still need an approved asset in AssetID.
// Change one field to test a rule.
func (e *Env) ProductContent(t testing.TB, seller account.Account, accessType string) catalog.Content {
	t.Helper()
	return ContentWithLogo(accessType, e.Name("云眼监控"), e.ProductLogo(t, seller).ID)
}

// ContentWithLogo returns a valid release form of accessType called name
// (without the SaaS suffix, which it adds for SaaS) with logo as its logo.
func ContentWithLogo(accessType, name string, logo uuid.UUID) catalog.Content {
	c := catalog.Content{AccessType: accessType, Name: name, NameEn: "CloudEye Monitor", CategoryID: "devops",
		LogoFileID: logo.String(), Summary: "面向中小企业的一站式云监控服务，分钟级接入。", Description: Description,
		SupportContent: "7×24 小时在线工单与电话支持，含故障排查与使用咨询。", SupportHours: "周一至周日 9:00-21:00",
		SupportTimeZone: "UTC+08:00", SupportPhone: "400-800-8888", SupportEmail: "support@example.com",
		UserGuide: "登录控制台后按照向导添加监控对象，五分钟即可看到第一张图表。",
		EULA:      "本软件按现状提供。买家在订购期内可在其组织内部使用本软件，不得转售或再许可。",
		Specs:     []catalog.SpecDraft{{Name: "标准版", BillingMode: catalog.BillMonthly, Price: "99.00"}}}
	switch accessType {
	case catalog.TypeSaaS:
		c.Name += " SaaS版"
		c.ProductionURL, c.Delivery = "https://api.example.com/agora/v1", catalog.DeliveryInstant
	case catalog.TypeLicense:
		c.LicenseForm = catalog.LicenseAuthCode
	case catalog.TypeManual:
		c.ServiceDays = "10"
	case catalog.TypeHardware:
		c.ShipFrom, c.Carrier, c.DispatchDays, c.WarrantyMonths = "浙江杭州", "顺丰速运", "3", "12"
	case catalog.TypeData:
		c.DataFormat, c.UpdateCycle = "CSV, Parquet", "每日更新"
	}
	if c.Supervised() {
		c.Acceptance = "买家收到授权码或交付物并完成功能核对后，在服务监管中确认验收。"
	}
	switch accessType {
	case catalog.TypeManual, catalog.TypeHardware, catalog.TypeData:
		c.Specs[0].BillingMode = catalog.BillOneTime
	}
	return c
}

// SubmitRelease starts a release of c's access type for seller and submits c.
func (e *Env) SubmitRelease(t testing.TB, cat *catalog.Service, seller account.Account, c catalog.Content) catalog.Application {
	t.Helper()
	ctx := context.Background()
	draft, err := cat.StartRelease(ctx, seller, c.AccessType)
	if err != nil {
		t.Fatalf("start release: %v", err)
	}
	app, err := cat.Submit(ctx, seller, draft.ID, c)
	if err != nil {
		t.Fatalf("submit release: %v", err)
	}
	return app
}

// ApproveApp has a fresh reviewer approve app as last seen.
func (e *Env) ApproveApp(t testing.TB, cat *catalog.Service, app catalog.Application) {
	t.Helper()
	err := cat.Decide(context.Background(), e.Reviewer(t), app.ID, catalog.Decision{Approve: true, Version: Version(app.Version)})
	if err != nil {
		t.Fatalf("approve %s %s: %v", app.Kind, app.Number, err)
	}
}

// ListProduct releases c for seller, has it approved and returns the listed product.
func (e *Env) ListProduct(t testing.TB, cat *catalog.Service, seller account.Account, c catalog.Content) catalog.Product {
	t.Helper()
	app := e.SubmitRelease(t, cat, seller, c)
	e.ApproveApp(t, cat, app)
	got, err := cat.MyApplication(context.Background(), seller.ID, app.ID)
	if err != nil || got.ProductID == nil {
		t.Fatalf("approved release has no product: %+v %v", got, err)
	}
	return e.MyProduct(t, cat, seller, *got.ProductID)
}

// MyProduct reloads one of seller's products.
func (e *Env) MyProduct(t testing.TB, cat *catalog.Service, seller account.Account, id uuid.UUID) catalog.Product {
	t.Helper()
	p, err := cat.MyProduct(context.Background(), seller.ID, id)
	if err != nil {
		t.Fatalf("my product: %v", err)
	}
	return p
}

// MyApp reloads one of seller's application records.
func (e *Env) MyApp(t testing.TB, cat *catalog.Service, seller account.Account, id uuid.UUID) catalog.Application {
	t.Helper()
	a, err := cat.MyApplication(context.Background(), seller.ID, id)
	if err != nil {
		t.Fatalf("my application: %v", err)
	}
	return a
}
