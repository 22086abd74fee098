package main

import (
	"bytes"
	"context"
	"fmt"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/invoice"
	"agora/internal/order"
	"agora/internal/platform/clock"
)

// Invoice details the demo buyer gives (the company of demoCustomer).
var (
	demoNormalInvoice = invoice.RequestInput{VATKind: invoice.VATNormal, Medium: invoice.Electronic, Title: demoCustomer,
		TaxpayerID: "91330108MA2KDEMO01", Email: "finance@mingyuan.example.com"}
	demoSpecialInvoice = invoice.RequestInput{VATKind: invoice.VATSpecial, Medium: invoice.Electronic, Title: demoCustomer,
		TaxpayerID: "91330108MA2KDEMO01", BankInfo: "招商银行杭州滨江支行 5719 0812 3410 001",
		RegAddress: "杭州市滨江区江南大道 588 号 0571-8666 1234", Email: "finance@mingyuan.example.com"}
	demoPaperInvoice = invoice.RequestInput{VATKind: invoice.VATNormal, Medium: invoice.Paper, Title: demoCustomer,
		TaxpayerID: "91330108MA2KDEMO01", ShipAddress: "王会计 13800138000 " + demoAddress}
)

// seedInvoiceDemo gives the demo buyer invoice requests in each state, on
// orders bought for the purpose through the real services: one pending after
// an earlier request was cancelled at the buyer's request; one issued
// electronically with its PDF; one paper invoice under ¥100 sent freight
// collect; one rejected; one returned (red-flushed) after the order was
// refunded by a five-day unsubscription. Skipped once the buyer has any.
// (An overdue request would need a request 7 days old: the demo places its
// orders now, so the overdue flag shows only in tests that move the clock.)
func seedInvoiceDemo(ctx context.Context, svc *services, clk clock.Clock, accts, sellers map[string]account.Account) error {
	buyer := accts["buyer"]
	mine, _, err := svc.invoices.BuyerInvoices(ctx, buyer.ID, "", 1)
	if err != nil || len(mine) > 0 {
		return err
	}
	d := &demoOrders{ctx: ctx, svc: svc, clk: clk, buyer: buyer, ops: accts["admin"], sellers: sellers, products: map[string]catalog.Product{}}
	s := &demoInvoices{d: d}
	s.cancelledThenPending()
	s.issuedElectronic()
	s.issuedPaper()
	s.rejected()
	s.returnedAfterRefund()
	if s.err != nil {
		return fmt.Errorf("demo invoices: %w", s.err)
	}
	return nil
}

// demoInvoices runs the invoice scripts; the first error sticks.
type demoInvoices struct {
	d   *demoOrders
	err error
}

func (s *demoInvoices) do(what string, fn func() error) {
	if s.err == nil {
		if err := fn(); err != nil {
			s.err = fmt.Errorf("%s: %w", what, err)
		}
	}
}

// order buys one more demo order for an invoice story.
func (s *demoInvoices) order(seller, product, spec string) order.Order {
	var o order.Order
	s.do("buy "+product, func() (err error) {
		o, err = s.d.paid(seller, product, spec, "1")
		return err
	})
	return o
}

func (s *demoInvoices) request(o order.Order, in invoice.RequestInput) invoice.Invoice {
	var inv invoice.Invoice
	s.do("request for "+o.Number, func() (err error) {
		inv, err = s.d.svc.invoices.Request(s.d.ctx, s.d.buyer, o.ID, in)
		return err
	})
	return inv
}

// issue issues inv as its seller: with a PDF when electronic, by courier when paper.
func (s *demoInvoices) issue(seller string, inv invoice.Invoice, no, courier, waybill string) {
	s.do("issue "+inv.Number, func() error {
		in := invoice.IssueInput{InvoiceNo: no, IssuedOn: s.d.day(0), Courier: courier, Waybill: waybill}
		if inv.Medium == invoice.Electronic {
			doc := pdfFile("电子发票 "+no+".pdf", "电子发票（"+s.kindName(inv)+"）", "发票号码："+no, "购买方："+inv.Title,
				"纳税人识别号："+inv.TaxpayerID, "项目："+inv.OrderNumber, "价税合计："+fmt.Sprintf("¥%d.%02d", inv.Amount/100, inv.Amount%100),
				"（演示数据，非真实发票）")
			f, err := s.d.svc.files.Upload(s.d.ctx, s.d.sellers[seller].ID, invoice.FilePurpose, doc.name, bytes.NewReader(doc.body))
			if err != nil {
				return err
			}
			in.FileID = f.ID.String()
		}
		_, err := s.d.svc.invoices.Issue(s.d.ctx, s.d.sellers[seller], inv.ID, in)
		return err
	})
}

func (s *demoInvoices) kindName(inv invoice.Invoice) string {
	if inv.VATKind == invoice.VATSpecial {
		return "增值税专用发票"
	}
	return "增值税普通发票"
}

// cancelledThenPending: the buyer asked the seller to cancel a request with
// the wrong type, then asked again; the second waits for the seller.
func (s *demoInvoices) cancelledThenPending() {
	o := s.order("seller", "云栖CRM SaaS版", "团队版")
	first := s.request(o, demoNormalInvoice)
	s.do("cancel "+first.Number, func() error {
		return s.d.svc.invoices.Cancel(s.d.ctx, s.d.sellers["seller"], first.ID, "买家来电要求撤销，改开增值税专用发票。", "")
	})
	s.request(o, demoSpecialInvoice)
}

func (s *demoInvoices) issuedElectronic() {
	o := s.order("seller", "持续交付流水线 SaaS版", "5并发")
	inv := s.request(o, demoNormalInvoice)
	inv.OrderNumber = o.Number
	s.issue("seller", inv, "25332000000081234567", "", "")
}

// issuedPaper: under ¥100, so the paper invoice travels freight collect.
func (s *demoInvoices) issuedPaper() {
	o := s.order("secure", "高性能 Nginx 网关", "标准版")
	inv := s.request(o, demoPaperInvoice)
	inv.OrderNumber = o.Number
	s.issue("secure", inv, "04400250011287654321", "顺丰速运（到付）", "SF1402236587421")
}

func (s *demoInvoices) rejected() {
	o := s.order("datawise", "数海 BI 可视化分析 SaaS版", "个人版")
	inv := s.request(o, demoSpecialInvoice)
	s.do("reject "+inv.Number, func() error {
		return s.d.svc.invoices.Reject(s.d.ctx, s.d.sellers["datawise"], inv.ID,
			"个人版按个人用户销售，不能开具增值税专用发票；如需报销请改为申请普通发票。", "")
	})
}

// returnedAfterRefund: issued, then the buyer unsubscribed within five days
// (a full refund), and the seller red-flushed the invoice.
func (s *demoInvoices) returnedAfterRefund() {
	o := s.order("seller", "云栖CRM SaaS版", "团队版")
	inv := s.request(o, demoSpecialInvoice)
	inv.OrderNumber = o.Number
	s.issue("seller", inv, "25332000000081239999", "", "")
	s.do("unsubscribe "+o.Number, func() error {
		_, err := s.d.svc.unsub.Standard(s.d.ctx, s.d.buyer, o.ID)
		return err
	})
	s.do("return "+inv.Number, func() error {
		return s.d.svc.invoices.Return(s.d.ctx, s.d.sellers["seller"], inv.ID, "买家已退订并全额退款，发票已在税务系统红冲。", "")
	})
}
