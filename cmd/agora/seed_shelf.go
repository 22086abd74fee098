package main

import (
	"bytes"
	"context"
	"fmt"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/order"
)

// Products of the demo's catalog states beyond the listed catalog.
var (
	// retired is listed, bought once by the demo buyer, then delisted: its page answers 410.
	retired = demoProduct{seller: "secure", typ: "saas", category: "security", name: "安盾网页防篡改 SaaS版", nameEn: "AnDun WebGuard Anti-Tamper SaaS Edition",
		summary:  "网页防篡改与篡改秒级恢复的云服务。",
		features: "实时监测网站页面与静态资源的变更，发现篡改即时告警并自动恢复，支持白名单发布与变更审计。",
		specs:    []catalog.SpecDraft{sp("标准版 5站点", "monthly", "880", "")}}
	// rejected was sent back by the reviewer with reasons per field.
	rejected = demoProduct{seller: "seller", typ: "saas", category: "enterprise", name: "云栖电子发票 SaaS版", nameEn: "Yunqi e-Invoice SaaS Edition",
		summary:  "数电票开具、收票查验与归档的一站式服务。",
		features: "对接全电发票服务平台，批量开具与红冲，收票自动查验真伪并归档，与财务共享平台和 ERP 集成。",
		specs:    []catalog.SpecDraft{sp("标准版 月度", "monthly", "600", "14")}}
	// nearlyDone and justStarted wait in the seller's drafts box.
	nearlyDone = demoProduct{seller: "seller", typ: "license", category: "devops", name: "云栖低代码开发平台 独立部署", nameEn: "Yunqi Low-Code Platform (Standalone)",
		summary:  "拖拽式表单、流程与报表的私有化低代码平台。",
		features: "可视化搭建表单、流程与数据看板，内置权限与审计，支持插件扩展与源码导出。",
		specs:    []catalog.SpecDraft{sp("50开发者 年度授权", "yearly", "", "")}}
)

// seedShelf completes the catalog's states on every screen: a delisted
// product, a delisting waiting for review, rejected applications, drafts, an
// asset waiting for review and a product the demo buyer may not buy. Each
// piece is skipped when present.
func seedShelf(ctx context.Context, svc *services, sellers map[string]account.Account, reviewer, buyer account.Account, assets *demoAssets) error {
	seller, datawise := sellers["seller"], sellers["datawise"]
	have := map[string]bool{}
	for _, s := range []account.Account{seller, datawise} {
		apps, err := allApplications(ctx, svc, s)
		if err != nil {
			return err
		}
		for _, a := range apps {
			have[a.Kind+"|"+a.Title] = true
			if a.Kind == catalog.KindModify && a.Status == lifecycle.AppRejected {
				have["modify|rejected|"+s.Name] = true
			}
		}
	}
	steps := []func() error{
		func() error { return seedRetired(ctx, svc, sellers[retired.seller], reviewer, buyer) },
		func() error { return seedSpecDelisting(ctx, svc, sellers["secure"]) },
		func() error { return assets.pending(ctx, datawise) },
		func() error { return seedEnterpriseOnly(ctx, svc, datawise) },
	}
	if !have[catalog.KindRelease+"|"+rejected.name] {
		steps = append(steps, func() error { return seedRejected(ctx, svc, seller, reviewer) })
	}
	if !have["modify|rejected|"+datawise.Name] {
		steps = append(steps, func() error { return seedRejectedChange(ctx, svc, datawise, reviewer) })
	}
	if !have[catalog.KindRelease+"|"+nearlyDone.name] {
		steps = append(steps, func() error { return seedDrafts(ctx, svc, seller) })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("demo catalog states: %w", err)
		}
	}
	return nil
}

func allApplications(ctx context.Context, svc *services, seller account.Account) ([]catalog.Application, error) {
	var out []catalog.Application
	for page := 1; ; page++ {
		list, err := svc.catalog.MyApplications(ctx, seller.ID, false, page)
		if err != nil || len(list) <= catalog.ApplicationPage {
			return append(out, list...), err
		}
		out = append(out, list[:catalog.ApplicationPage]...)
	}
}

func allProducts(ctx context.Context, svc *services, seller account.Account) ([]catalog.Product, error) {
	var out []catalog.Product
	for page := 1; ; page++ {
		list, err := svc.catalog.MyProducts(ctx, seller.ID, page)
		if err != nil || len(list) <= catalog.ProductPage {
			return append(out, list...), err
		}
		out = append(out, list[:catalog.ProductPage]...)
	}
}

func productNamed(ctx context.Context, svc *services, seller account.Account, name string) (catalog.Product, bool, error) {
	list, err := allProducts(ctx, svc, seller)
	for _, p := range list {
		if p.Name == name {
			full, err := svc.catalog.MyProduct(ctx, seller.ID, p.ID)
			full.HasOpenChange = p.HasOpenChange
			return full, true, err
		}
	}
	return catalog.Product{}, false, err
}

// releaseDemo lists p through the real flow and returns the product.
func releaseDemo(ctx context.Context, svc *services, seller, reviewer account.Account, p demoProduct, logo int) (catalog.Product, error) {
	app, err := submitDemo(ctx, svc, seller, p, logo)
	if err != nil {
		return catalog.Product{}, err
	}
	if err := svc.catalog.Decide(ctx, reviewer, app.ID, catalog.Decision{Approve: true, Version: fmt.Sprint(app.Version)}); err != nil {
		return catalog.Product{}, err
	}
	if app, err = svc.catalog.MyApplication(ctx, seller.ID, app.ID); err != nil {
		return catalog.Product{}, err
	}
	return svc.catalog.MyProduct(ctx, seller.ID, *app.ProductID)
}

func submitDemo(ctx context.Context, svc *services, seller account.Account, p demoProduct, logo int) (catalog.Application, error) {
	f, err := svc.files.Upload(ctx, seller.ID, catalog.LogoPurpose, "logo.png", bytes.NewReader(demoLogo(logo)))
	if err != nil {
		return catalog.Application{}, err
	}
	app, err := svc.catalog.StartRelease(ctx, seller, p.typ)
	if err != nil {
		return app, err
	}
	return svc.catalog.Submit(ctx, seller, app.ID, demoContent(p, f.ID.String(), ""))
}

// seedRetired: the buyer's month of the product is kept in their orders after it is delisted.
func seedRetired(ctx context.Context, svc *services, seller, reviewer, buyer account.Account) error {
	if _, ok, err := productNamed(ctx, svc, seller, retired.name); ok || err != nil {
		return err
	}
	p, err := releaseDemo(ctx, svc, seller, reviewer, retired, 2)
	if err != nil {
		return err
	}
	if _, err := svc.orders.Purchase(ctx, buyer, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: demoCustomer, Phone: demoPhone, Email: demoEmail, AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA),
		Token: order.NewToken()}); err != nil {
		return err
	}
	app, err := svc.catalog.RequestDelist(ctx, seller, p.ID, catalog.DelistInput{
		Reason: "产品线整合：网页防篡改能力已并入 Web应用防火墙 企业版，本商品停止销售；已购客户服务至到期，可免费迁移。"})
	if err != nil {
		return err
	}
	return svc.catalog.Decide(ctx, reviewer, app.ID, catalog.Decision{Approve: true, Version: fmt.Sprint(app.Version)})
}

// seedSpecDelisting: the seller asks to stop selling one spec; operations have not decided yet.
func seedSpecDelisting(ctx context.Context, svc *services, seller account.Account) error {
	p, ok, err := productNamed(ctx, svc, seller, "漏洞扫描 SaaS版")
	if !ok || err != nil {
		return err
	}
	for _, s := range p.Specs {
		if s.Name == "按次扫描" && s.Status == lifecycle.ShelfListed {
			_, err := svc.catalog.RequestDelist(ctx, seller, p.ID, catalog.DelistInput{SpecID: s.ID.String(),
				Reason: "计费方式调整为包月订阅，按次扫描规格停止销售；已购买的扫描次数不受影响，可继续使用至用完。"})
			return err
		}
	}
	return nil
}

// seedEnterpriseOnly: a product sold to enterprises only, which the demo buyer (an individual) may not buy.
func seedEnterpriseOnly(ctx context.Context, svc *services, seller account.Account) error {
	p, ok, err := productNamed(ctx, svc, seller, enterpriseOnly)
	if !ok || err != nil || p.Target == catalog.TargetEnterprise {
		return err
	}
	return svc.catalog.SetTarget(ctx, seller, p.ID, catalog.TargetEnterprise, "")
}

// enterpriseOnly is the demo product that only enterprise accounts may buy.
const enterpriseOnly = "大模型知识库问答 SaaS版"

// seedRejectedChange: a price change the reviewer sent back; the product stays on sale as it was.
func seedRejectedChange(ctx context.Context, svc *services, seller, reviewer account.Account) error {
	p, ok, err := productNamed(ctx, svc, seller, "PostgreSQL 空间数据库镜像")
	if !ok || err != nil || p.HasOpenChange {
		return err
	}
	change, err := svc.catalog.StartModification(ctx, seller, p.ID)
	if err != nil {
		return err
	}
	c := change.Content
	c.Summary = "预装 PostgreSQL 17 与 PostGIS 3.5 的地理信息数据库。"
	if len(c.Specs) > 0 {
		c.Specs[0].Price = "299"
	}
	c.Specs = append(c.Specs, sp("高可用版 一主两从", "monthly", "899", ""))
	if change, err = svc.catalog.Submit(ctx, seller, change.ID, c); err != nil {
		return err
	}
	return svc.catalog.Decide(ctx, reviewer, change.ID, catalog.Decision{
		Reason:       "标准版涨价须提前 30 天通知已购客户，请在变更说明中附上通知方式与生效日期后重新提交。",
		FieldReasons: map[string]string{"summary": "镜像版本升级请同步更新使用指南中的连接与扩展说明。"},
		Version:      fmt.Sprint(change.Version)})
}

// seedRejected: a release the reviewer sent back, with an overall reason and reasons per field.
func seedRejected(ctx context.Context, svc *services, seller, reviewer account.Account) error {
	app, err := submitDemo(ctx, svc, seller, rejected, 4)
	if err != nil {
		return err
	}
	return svc.catalog.Decide(ctx, reviewer, app.ID, catalog.Decision{
		Reason: "商品描述未说明开票数据的存储地域与税控对接方式，不符合发布规范第 3.2 条，请补充后重新提交。",
		FieldReasons: map[string]string{
			"description":   "请写明对接的数电票平台或税控设备，以及开票数据的存储地域与保存期限。",
			"support_phone": "服务热线 400-800-6688 拨打无人接听，请核实后更新。",
		},
		Version: fmt.Sprint(app.Version)})
}

// seedDrafts: one release nearly ready (no logo, no price yet), one barely started.
func seedDrafts(ctx context.Context, svc *services, seller account.Account) error {
	app, err := svc.catalog.StartRelease(ctx, seller, nearlyDone.typ)
	if err != nil {
		return err
	}
	if _, err := svc.catalog.SaveDraft(ctx, seller, app.ID, demoContent(nearlyDone, "", "")); err != nil {
		return err
	}
	app, err = svc.catalog.StartRelease(ctx, seller, catalog.TypeHardware)
	if err != nil {
		return err
	}
	_, err = svc.catalog.SaveDraft(ctx, seller, app.ID, catalog.Content{AccessType: catalog.TypeHardware, Name: "云栖智能门禁终端",
		Summary: "人脸识别门禁与考勤一体机，对接协同办公考勤。", SupportTimeZone: "UTC+08:00",
		Specs: []catalog.SpecDraft{sp("标准款", "one_time", "", "")}})
	return err
}
