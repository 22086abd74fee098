package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/order"
	"agora/internal/platform/clock"
	"agora/internal/supervision"
	"agora/internal/unsub"
)

// seedUnsubDemo gives the demo buyer unsubscriptions in each state, through
// the real services: a negotiated request pending with the seller's clock, one
// the seller let pass (escalated to operations), one approved with the
// seller's communication record and a partial refund, one rejected, one
// withdrawn, a five-day full refund, a pro-rata refund of a monthly service
// bought ten days ago, and a hardware return waiting for the seller's
// acceptance with its 15-day clock. Skipped once the buyer has any.
func seedUnsubDemo(ctx context.Context, svc *services, clk clock.Clock, accts, sellers map[string]account.Account) error {
	buyer := accts["buyer"]
	mine, _, err := svc.unsub.BuyerRequests(ctx, buyer.ID, 1)
	if err != nil || len(mine) > 0 {
		return err
	}
	d := &demoOrders{ctx: ctx, svc: svc, clk: clk, buyer: buyer, ops: accts["admin"], sellers: sellers, products: map[string]catalog.Product{}}
	s := &demoUnsubs{d: d}
	s.negotiated()
	s.escalated()
	s.standard()
	s.hardwareReturn()
	if s.err != nil {
		return fmt.Errorf("demo unsubscriptions: %w", s.err)
	}
	return nil
}

// demoUnsubs runs the unsubscription scripts; the first error sticks.
type demoUnsubs struct {
	d   *demoOrders
	err error
}

func (s *demoUnsubs) do(what string, fn func() error) {
	if s.err == nil {
		if err := fn(); err != nil {
			s.err = fmt.Errorf("%s: %w", what, err)
		}
	}
}

func (s *demoUnsubs) order(seller, product, spec string) order.Order {
	var o order.Order
	s.do("buy "+product, func() (err error) {
		o, err = s.d.paid(seller, product, spec, "1")
		return err
	})
	return o
}

func (s *demoUnsubs) apply(u *unsub.Service, o order.Order, amount, reason string, phone bool) unsub.Request {
	var r unsub.Request
	s.do("apply for "+o.Number, func() (err error) {
		r, err = u.Apply(s.d.ctx, s.d.buyer, o.ID, unsub.ApplyInput{Amount: amount, Reason: reason, ShowPhone: phone})
		return err
	})
	return r
}

// negotiated: data-file orders of the main demo seller, unsubscribed by
// agreement while in escrow.
func (s *demoUnsubs) negotiated() {
	d, u := s.d, s.d.svc.unsub
	const product, spec = "全国企业工商数据", "省级数据包"
	seller := d.sellers["seller"]
	// Pending: the seller has 3 working days.
	s.apply(u, s.order("seller", product, spec), "5,000.00", "采购部门重复下单，同一省级数据包已在另一订单中购买，申请全额退订。", true)
	// Approved with the agreed confirmation attached: 2,000 of 5,000 refunded.
	approved := s.apply(u, s.order("seller", product, spec), "2,000.00",
		"数据包中约六成企业记录已在内部系统中存在，与商家协商后按未使用部分退款。", true)
	s.do("approve "+approved.Number, func() error {
		doc := pdfFile("退订协商确认书.pdf", "退订协商确认书", "订单号："+approved.Number, "经双方电话沟通，同意退还人民币 2,000.00 元。",
			"买方：杭州明远智能制造有限公司", "卖方：云栖科技（演示）")
		f, err := d.svc.files.Upload(d.ctx, seller.ID, unsub.FilePurpose, doc.name, bytes.NewReader(doc.body))
		if err != nil {
			return err
		}
		return u.Approve(d.ctx, seller, approved.ID, unsub.ReviewInput{Opinion: "已与买家电话沟通确认，同意退还未使用部分 2,000.00 元，确认书见附件。",
			Files: []string{f.ID.String()}})
	})
	// Rejected: the buyer may apply again or appeal.
	rejected := s.apply(u, s.order("seller", product, spec), "5,000.00", "数据字段与预期不符，申请全额退订。", false)
	s.do("reject "+rejected.Number, func() error {
		return u.Reject(d.ctx, seller, rejected.ID, unsub.ReviewInput{Opinion: "数据包已完整交付且字段与商品详情页说明一致，不同意全额退款；如有具体缺失字段请补充说明。"})
	})
	// Withdrawn by the buyer.
	withdrawn := s.apply(u, s.order("datawise", "全国气象历史数据", "单省十年"), "3,500.00", "项目暂缓，申请退订。", false)
	s.do("withdraw "+withdrawn.Number, func() error { return u.Withdraw(d.ctx, d.buyer, withdrawn.ID) })
}

// past is the services as they ran days ago, for stories whose clocks have
// already run (an escalation, a pro-rata refund).
type past struct {
	orders *order.Service
	unsub  *unsub.Service
}

func (s *demoUnsubs) past(days int) past {
	d := s.d
	at := clock.NewFixed(d.clk.Now().AddDate(0, 0, -days))
	log := slog.New(slog.DiscardHandler)
	loc := d.svc.calendar.Location()
	orders := order.NewService(d.svc.store, at, d.svc.catalog, loc, log)
	sup := supervision.NewService(d.svc.store, at, d.svc.files, orders, d.svc.calendar, loc, log)
	return past{orders: orders, unsub: unsub.NewService(d.svc.store, at, d.svc.files, orders, sup, d.svc.calendar, loc, log)}
}

// escalated: a request a week old that the seller never answered is with operations.
func (s *demoUnsubs) escalated() {
	d := s.d
	then := s.past(7)
	var o order.Order
	s.do("buy a week ago", func() (err error) {
		o, err = s.buyWith(then.orders, "datawise", "全国气象历史数据", "单省十年")
		return err
	})
	r := s.apply(then.unsub, o, "3,500.00", "下单一周商家未联系交付，也无法通过页面电话联系到商家，申请全额退订。", true)
	s.do("escalate "+r.Number, func() error {
		_, err := d.svc.unsub.Escalate(d.ctx, r.ID)
		return err
	})
}

// buyWith buys for the demo buyer through orders (a service on another clock).
func (s *demoUnsubs) buyWith(orders *order.Service, seller, product, spec string) (order.Order, error) {
	d := s.d
	p, err := d.product(seller, product)
	if err != nil {
		return order.Order{}, err
	}
	for _, sp := range p.Specs {
		if sp.Name == spec {
			return orders.Purchase(d.ctx, d.buyer, p.ID, order.PurchaseInput{SpecID: sp.ID.String(), Quantity: "1",
				CustomerName: demoCustomer, Phone: demoPhone, Email: demoEmail, Address: demoAddress,
				AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
		}
	}
	return order.Order{}, fmt.Errorf("demo product %q has no spec %q", product, spec)
}

// standard: a five-day full refund, and the unused days of a monthly
// service bought ten days ago.
func (s *demoUnsubs) standard() {
	d := s.d
	o := s.order("datawise", "数海 BI 可视化分析 SaaS版", "个人版")
	s.do("five-day refund", func() error {
		_, err := d.svc.unsub.Standard(d.ctx, d.buyer, o.ID)
		return err
	})
	var old order.Order
	s.do("buy ten days ago", func() (err error) {
		old, err = s.buyWith(s.past(10).orders, "seller", "持续交付流水线 SaaS版", "5并发")
		return err
	})
	s.do("pro-rata refund", func() error {
		_, err := d.svc.unsub.Standard(d.ctx, d.buyer, old.ID)
		return err
	})
}

// hardwareReturn: gateways signed for yesterday go back; the seller has 15 days.
func (s *demoUnsubs) hardwareReturn() {
	d := s.d
	f := d.supervised("datawise", "工业边缘计算网关 EG-300", "标准款", "1").
		deliver(supervision.DeliverInput{Note: "设备已出库，随箱附保修卡。", Courier: "顺丰速运", Waybill: "SF1462587392210", WaybillPhone: demoPhone},
			pdfFile("发货单.pdf", "发货单", "工业边缘计算网关 EG-300 标准款 × 1")).
		signed(demoPhone, 20*time.Hour)
	if f.err != nil {
		s.err = f.err
		return
	}
	s.do("return "+f.o.Number, func() error {
		_, err := d.svc.unsub.ApplyReturn(d.ctx, d.buyer, f.o.ID, unsub.ReturnInput{Courier: "顺丰速运", Waybill: "SF2087461123905",
			Reason: "网关与现场 PLC 的 Modbus 通信不稳定，经商家远程排查无法解决，已按原包装寄回。"})
		return err
	})
}
