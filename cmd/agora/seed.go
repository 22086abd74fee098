package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/platform/clock"
	"agora/internal/workday"
)

type demoAccount struct {
	role, name, password string
	ops                  account.OpsRole
}

// demoAccounts are printed by `make run`; passwords are for the demo only.
var demoAccounts = []demoAccount{
	{"operations admin", "admin", "Admin12345", account.OpsAdmin},
	{"operations reviewer", "reviewer", "Review12345", account.OpsReviewer},
	{"approved seller", "seller", "Seller12345", account.OpsNone},
	{"buyer (with orders)", "buyer", "Buyer12345", account.OpsNone},
	{"applicant (pending)", "newco", "Newco12345", account.OpsNone},
	{"seller (security)", "secure", "Secure12345", account.OpsNone},
	{"seller (data)", "datawise", "Datawise12345", account.OpsNone},
	{"seller (settled last month)", "settled", "Settled12345", account.OpsNone},
}

// CooperationAgreement is version 1 of the seller cooperation agreement.
var cooperationAgreement = agreement.Agreement{Kind: agreement.SellerCooperation, Version: "2026.1",
	TitleZh: "Agora 云市场通用商品商家合作协议", TitleEn: "Agora Marketplace Seller Cooperation Agreement",
	BodyZh:      "本协议由商家与 Agora 平台运营方订立。\n\n1. 商家保证所提交的企业资质、营业执照及联系方式真实、准确、有效。\n2. 商家在平台发布的商品须符合法律法规及平台商品发布规范，并按承诺向买家交付。\n3. 商家客服电话与邮箱须在 24 小时内响应买家。\n4. 平台按结算规则与商家结算，商家须完成商业信息认证后方可生成结算单。\n5. 商家违反本协议的，平台可下架商品、暂停或终止合作。\n\n（演示文本，正式运营前请替换为法务审定版本。）",
	BodyEn:      "This agreement is made between the seller and the operator of the Agora marketplace.\n\n1. The seller warrants that its company qualifications, business licence and contact details are true, accurate and valid.\n2. Products the seller publishes must comply with the law and the marketplace's publishing rules, and be delivered as promised.\n3. The seller's customer-service phone and e-mail must answer buyers within 24 hours.\n4. The platform settles with the seller under the settlement rules; settlement statements require completed business-information certification.\n5. If the seller breaches this agreement, the platform may delist products and suspend or end the cooperation.\n\n(Demo text: replace with the legally reviewed version before going live.)",
	PublishedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}

// demoHolidays are 2026 overrides for the National Day week (demo data; check the official notice).
var demoHolidays = []workday.SetInput{
	{Day: "2026-10-01", Kind: "holiday", Note: "国庆节 National Day"}, {Day: "2026-10-02", Kind: "holiday", Note: "国庆节 National Day"},
	{Day: "2026-10-05", Kind: "holiday", Note: "国庆节 National Day"}, {Day: "2026-10-06", Kind: "holiday", Note: "国庆节 National Day"},
	{Day: "2026-10-07", Kind: "holiday", Note: "国庆节 National Day"}, {Day: "2026-10-10", Kind: "workday", Note: "调休 make-up day"},
	{Day: "2026-12-31", Kind: "holiday", Note: "元旦 New Year (demo)"},
}

// seedDemo loads the demo marketplace. Each piece is skipped when present, so it can run on every start.
func seedDemo(ctx context.Context, svc *services, clk clock.Clock) error {
	cur, err := svc.agreements.Publish(ctx, cooperationAgreement)
	if err != nil {
		return err
	}
	accts := map[string]account.Account{}
	for _, d := range demoAccounts {
		a, err := svc.accounts.FindByName(ctx, d.name)
		if apperr.Is(err, apperr.NotFound) {
			a, err = svc.accounts.CreateStaff(ctx, d.name, d.name+"@demo.agora.test", d.password, d.ops)
		}
		if err != nil {
			return fmt.Errorf("account %s: %w", d.name, err)
		}
		accts[d.name] = a
	}
	if err := seedBalance(ctx, svc, accts["admin"], accts["buyer"]); err != nil {
		return err
	}
	days, err := svc.calendar.Year(ctx, 2026)
	if err != nil {
		return err
	}
	if len(days) == 0 {
		for _, h := range demoHolidays {
			if err := svc.calendar.Set(ctx, accts["admin"].ID, h); err != nil {
				return err
			}
		}
	}
	if err := seedApplicant(ctx, svc, accts["seller"], "杭州云栖数智科技有限公司", cur.ID.String()); err != nil {
		return err
	}
	if err := seedApproved(ctx, svc, accts["seller"], accts["reviewer"]); err != nil {
		return err
	}
	if err := seedApplicant(ctx, svc, accts["newco"], "深圳星河软件有限公司", cur.ID.String()); err != nil {
		return err
	}
	sellers := map[string]account.Account{"seller": accts["seller"]}
	for _, d := range demoSellers {
		if sellers[d.name], err = demoSeller(ctx, svc, d.name, d.password, d.company, cur.ID.String(), accts["reviewer"]); err != nil {
			return err
		}
	}
	assets := &demoAssets{svc: svc, reviewer: accts["reviewer"], made: map[string]string{}}
	approved := func(s account.Account, kind string) (string, error) { return assets.approved(ctx, s, kind) }
	if err := seedCatalog(ctx, svc, sellers, accts["reviewer"], approved); err != nil {
		return err
	}
	if err := assets.failed(ctx, accts["seller"]); err != nil {
		return err
	}
	if err := seedPendingWork(ctx, svc, accts["seller"]); err != nil {
		return err
	}
	// Orders first: they are skipped when the buyer has any, and the delisted product below has one.
	if err := seedOrders(ctx, svc, clk, accts["buyer"], accts["admin"], sellers); err != nil {
		return err
	}
	if err := seedShelf(ctx, svc, sellers, accts["reviewer"], accts["buyer"], assets); err != nil {
		return err
	}
	// After the sale: each piece skips itself when its records exist.
	for _, seed := range []func(context.Context, *services, clock.Clock, map[string]account.Account, map[string]account.Account) error{
		seedUnsubDemo, seedInvoiceDemo, seedSettlementDemo, seedAnalyticsDemo} {
		if err := seed(ctx, svc, clk, accts, sellers); err != nil {
			return err
		}
	}
	return nil
}

// demoSeller makes one more admitted, certified seller for the demo catalog.
func demoSeller(ctx context.Context, svc *services, name, password, company, agreementID string, reviewer account.Account) (account.Account, error) {
	a, err := svc.accounts.FindByName(ctx, name)
	if apperr.Is(err, apperr.NotFound) {
		a, err = svc.accounts.CreateStaff(ctx, name, name+"@demo.agora.test", password, account.OpsNone)
	}
	if err != nil {
		return a, err
	}
	if err := seedApplicant(ctx, svc, a, company, agreementID); err != nil {
		return a, err
	}
	return a, seedApproved(ctx, svc, a, reviewer)
}

func seedApplicant(ctx context.Context, svc *services, a account.Account, company, agreementID string) error {
	if _, err := svc.merchants.MyEntry(ctx, a.ID); err == nil {
		return nil
	}
	logo, err := svc.files.Upload(ctx, a.ID, "entry_logo", "logo.png", bytes.NewReader(demoPNG()))
	if err != nil {
		return err
	}
	licence, err := svc.files.Upload(ctx, a.ID, "entry_licence", "business-licence.pdf", bytes.NewReader(demoPDF))
	if err != nil {
		return err
	}
	_, err = svc.merchants.SubmitEntry(ctx, a, merchant.EntryInput{CompanyName: company, Website: "https://www.example.com",
		LogoFileID: logo.ID.String(), LicenceFileID: licence.ID.String(), YearsInBusiness: "6", Headcount: "48",
		RegisteredCapital: "5000000", ContactName: "王敏", ContactPhone: "+86 138 0000 0000", ContactEmail: "biz@example.com",
		CSPhone: "400-800-0000", CSEmail: "support@example.com",
		Profile:     "专注企业级云原生软件的研发与交付，提供 SaaS 协同办公、数据治理与安全合规产品，服务客户超过三百家。",
		AgreementID: agreementID, Agreed: true})
	return err
}

func seedApproved(ctx context.Context, svc *services, seller, reviewer account.Account) error {
	app, err := svc.merchants.MyEntry(ctx, seller.ID)
	if err != nil {
		return err
	}
	if app.Status == lifecycle.EntryPending {
		if err := svc.merchants.DecideEntry(ctx, reviewer, app.ID, merchant.Decision{Approve: true, Version: fmt.Sprint(app.Version)}); err != nil {
			return err
		}
	}
	c, err := svc.merchants.MyCert(ctx, seller.ID)
	if apperr.Is(err, apperr.NotFound) {
		c, err = svc.merchants.SubmitCert(ctx, seller, merchant.CertInput{BankName: "中国工商银行", BankBranch: "杭州西湖支行",
			AccountHolder: app.CompanyName, BankAccount: "6222020200112233445", TaxRate: "6", TaxpayerType: "general",
			TaxID: "91330106MA2B0C1D2E"})
	}
	if err != nil {
		return err
	}
	if c.Status == lifecycle.CertSubmitted {
		return svc.merchants.DecideCert(ctx, reviewer, c.ID, merchant.Decision{Approve: true, Version: fmt.Sprint(c.Version)})
	}
	return nil
}

// demoPNG draws a small logo.
func demoPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 168, 80))
	for x := 0; x < 168; x++ {
		for y := 0; y < 80; y++ {
			img.Set(x, y, color.RGBA{11, 92, 173, 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// demoPDF is a minimal one-page PDF standing in for a business licence.
var demoPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
