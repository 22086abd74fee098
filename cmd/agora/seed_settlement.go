package main

import (
	"context"
	"fmt"
	"time"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/catalog"
	"agora/internal/ledger"
	"agora/internal/platform/clock"
	"agora/internal/settlement"
	"agora/internal/supervision"
)

// settledProducts are what the settled demo seller sells; the second is sold
// the joint way (the platform invoices buyers, the seller invoices the platform).
var settledProducts = []demoProduct{
	{"settled", "saas", "enterprise", "结算示范 项目管理 SaaS版", "Ledgerly Projects SaaS Edition", "看板、甘特图与工时统计的项目管理工具。",
		"任务看板与甘特图双视图，工时填报与成本核算，里程碑提醒与项目周报自动生成，支持与协同办公单点登录。",
		[]catalog.SpecDraft{sp("团队版 20人", "monthly", "680", ""), sp("企业版", "yearly", "36,000", "")}, false},
	{"settled", "saas", "ai", "结算示范 智能翻译 SaaS版", "Ledgerly Translate SaaS Edition", "面向企业文档的机器翻译与术语管理。",
		"支持三十种语言的文档与网页翻译，保留排版格式，术语库与翻译记忆统一管理，可通过接口接入业务系统。",
		[]catalog.SpecDraft{sp("标准版", "monthly", "1,200", "")}, false},
	{"settled", "manual", "services", "结算示范 数据迁移实施服务", "Ledgerly Data Migration Service", "业务系统数据迁移到云上的实施服务。",
		"包括迁移评估、方案设计、全量与增量迁移、数据校验与割接演练，交付迁移报告与回退预案。",
		[]catalog.SpecDraft{sp("标准迁移", "one_time", "18,000", "")}, false},
}

// seedSettlementDemo gives the demo a settled previous month: the "settled"
// seller was certified early last month and sold then (instant orders, a
// supervised order accepted, one still in supervision — not billed, and the
// transaction details say why — and a five-day refund); last month's bill run
// made a general statement (paid, its platform fee invoiced on request) and a
// joint one waiting for the seller's invoice. It is skipped once any period
// has been billed.
func seedSettlementDemo(ctx context.Context, svc *services, clk clock.Clock, accts, _ map[string]account.Account) error {
	if runs, err := svc.settlement.Runs(ctx, 1); err != nil || len(runs) > 0 {
		return err
	}
	loc := svc.cfg.Location
	period := settlement.PeriodOf(clk.Now(), loc).Prev()
	at := func(day, hour int) time.Time {
		return period.Start(loc).AddDate(0, 0, day-1).Add(time.Duration(hour) * time.Hour)
	}
	past := clock.NewFixed(at(2, 10))
	old, err := newServices(svc.cfg, svc.store.Pool, past, svc.log)
	if err != nil {
		return err
	}
	cur, err := svc.agreements.Current(ctx, agreement.SellerCooperation)
	if err != nil {
		return err
	}
	seller, reviewer, admin := accts["settled"], accts["reviewer"], accts["admin"]
	if _, made, err := productNamed(ctx, svc, seller, settledProducts[0].name); err != nil || made {
		return err // a run that stopped half-way is not repeated over itself
	}
	if err := seedApplicant(ctx, old, seller, "杭州结算示范科技有限公司", cur.ID.String()); err != nil {
		return err
	}
	if err := seedApproved(ctx, old, seller, reviewer); err != nil {
		return err
	}
	if _, err := svc.ledger.TopUp(ctx, admin, accts["buyer"].ID, ledger.OpsInput{Amount: "100,000.00",
		Reason: "企业对公转账到账，银行流水号 DEMO-SETTLED-0001（演示数据：上月采购）", Token: "demo-settled-month-topup"}); err != nil {
		return err
	}
	products := map[string]catalog.Product{}
	for i, p := range settledProducts {
		if products[p.name], err = releaseDemo(ctx, old, seller, reviewer, p, 40+i); err != nil {
			return err
		}
	}
	joint := products[settledProducts[1].name]
	if _, err := old.settlement.AddFeeRule(ctx, admin, settlement.FeeRuleInput{Scope: "product", ProductNumber: joint.Number, Rate: "10",
		PlatformInvoices: true, Note: "联营示范：平台向买家开票，商家按月向平台开票"}); err != nil {
		return err
	}
	d := &demoOrders{ctx: ctx, svc: old, clk: past, buyer: accts["buyer"], ops: admin,
		sellers: map[string]account.Account{"settled": seller}, products: products}
	step := func(day, hour int, what string, fn func() error) {
		if err == nil {
			past.Set(at(day, hour))
			if err = fn(); err != nil {
				err = fmt.Errorf("settled month, %s: %w", what, err)
			}
		}
	}
	buy := func(product, spec, qty string) func() error {
		return func() error { _, err := d.paid("settled", product, spec, qty); return err }
	}
	step(3, 9, "projects", buy(settledProducts[0].name, "团队版 20人", "2"))
	step(5, 14, "translate", buy(settledProducts[1].name, "标准版", "3"))
	step(8, 11, "projects yearly", buy(settledProducts[0].name, "企业版", "1"))
	var accepted, waiting *flow
	step(9, 10, "migration", func() error {
		accepted = d.supervised("settled", settledProducts[2].name, "标准迁移", "1").
			requirements("请将现有 ERP 数据库（约 800GB）迁移至云上，周末割接，停机不超过 4 小时。").confirm("已确认需求，排期下周实施。")
		return accepted.err
	})
	step(14, 16, "migration delivered", func() error {
		return accepted.deliver(supervision.DeliverInput{Note: "迁移完成，数据校验一致，割接演练报告见附件。"}, demoFile{"迁移报告.pdf", demoPDF}).err
	})
	step(15, 10, "migration accepted", func() error { return accepted.accept().err })
	step(20, 15, "second migration", func() error {
		waiting = d.supervised("settled", settledProducts[2].name, "标准迁移", "1").
			requirements("第二套业务系统的数据迁移，需要与供应商协调停机窗口。")
		return waiting.err
	})
	step(22, 10, "refunded", func() error {
		o, err := d.paid("settled", settledProducts[0].name, "团队版 20人", "1")
		if err != nil {
			return err
		}
		past.Set(at(23, 9))
		_, err = old.unsub.Standard(ctx, accts["buyer"], o.ID)
		return err
	})
	if err != nil {
		return err
	}

	// Now: last month is billed; the general statement is paid and its fee invoiced, the joint one waits for the seller's invoice.
	if _, err := svc.settlement.RunPeriod(ctx, period, &admin); err != nil {
		return err
	}
	sts, _, err := svc.settlement.SellerStatements(ctx, seller.ID, 1)
	if err != nil {
		return err
	}
	for _, st := range sts {
		if err := svc.settlement.Send(ctx, reviewer, st.ID, ""); err != nil {
			return err
		}
		if err := svc.settlement.RaiseRequisition(ctx, reviewer, st.ID, ""); err != nil {
			return err
		}
		if st.PlatformInvoices {
			continue
		}
		if err := svc.settlement.Pay(ctx, admin, st.ID, fmt.Sprintf("ICBC-%d-000731", period), ""); err != nil {
			return err
		}
		if _, err := svc.settlement.RequestFeeInvoice(ctx, seller, settlement.FeeInvoiceInput{Statements: []string{st.ID.String()},
			Kind: "digital_special", Email: "finance@settled.demo.agora.test"}); err != nil {
			return err
		}
	}
	return nil
}
