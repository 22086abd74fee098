package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/ledger"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/clock"
	"agora/internal/supervision"
)

// demoOrdersTopUpToken is the form token of the top-up that pays for the demo
// orders (on top of seedBalance's): seeding again moves no money.
const demoOrdersTopUpToken = "demo-seed-buyer-topup-orders-2026"

// The demo buyer's contact on every order; hardware ships to the address.
const (
	demoCustomer = "杭州明远智能制造有限公司"
	demoPhone    = "13800138000"
	demoEmail    = "it@mingyuan.example.com"
	demoAddress  = "浙江省杭州市滨江区江南大道 588 号 明远大厦 12 楼"
)

// demoOrders places the demo buyer's orders through the same services the
// pages call, so that each order screen has something real to show: every
// node of every supervision flow, a payment waiting, a cancellation, an
// appeal waiting for arbitration and two decided ones.
type demoOrders struct {
	ctx      context.Context
	svc      *services
	clk      clock.Clock
	buyer    account.Account
	ops      account.Account // arbitrates and records courier sign-offs
	sellers  map[string]account.Account
	products map[string]catalog.Product // "seller|name" → product with its specs
}

// seedOrders runs once: a demo buyer who has orders is left alone.
func seedOrders(ctx context.Context, svc *services, clk clock.Clock, buyer, ops account.Account, sellers map[string]account.Account) error {
	mine, err := svc.orders.BuyerOrders(ctx, buyer.ID, order.Filter{}, 1)
	if err != nil {
		return err
	}
	if len(mine.Orders) > 0 {
		return nil
	}
	if _, err := svc.ledger.TopUp(ctx, ops, buyer.ID, ledger.OpsInput{Amount: "400,000.00",
		Reason: "企业对公转账到账，银行流水号 DEMO-20261102-0002（演示数据：年度采购预算）", Token: demoOrdersTopUpToken}); err != nil {
		return err
	}
	d := &demoOrders{ctx: ctx, svc: svc, clk: clk, buyer: buyer, ops: ops, sellers: sellers, products: map[string]catalog.Product{}}
	for _, part := range []func() error{d.instant, d.standard, d.license, d.hardware, d.appeals, d.unpaid} {
		if err := part(); err != nil {
			return fmt.Errorf("demo orders: %w", err)
		}
	}
	return nil
}

// instant: products delivered on payment, a renewal and a free trial.
func (d *demoOrders) instant() error {
	office, err := d.paid("seller", "云栖协同办公 SaaS版", "基础版 50人", "3")
	if err != nil {
		return err
	}
	for _, b := range [][4]string{
		{"seller", "云栖CRM SaaS版", "企业版", "1"},
		{"secure", "安盾堡垒机", "50资产", "1"},
		{"secure", "终端安全管理系统", "100终端 年度", "1"},
	} {
		if _, err := d.paid(b[0], b[1], b[2], b[3]); err != nil {
			return err
		}
	}
	p, err := d.product("seller", office.ProductName)
	if err != nil {
		return err
	}
	if _, err := d.svc.orders.Renew(d.ctx, d.buyer, office.ID, order.RenewInput{Quantity: "1", AcceptEULA: true,
		EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()}); err != nil {
		return fmt.Errorf("renewal: %w", err)
	}
	_, err = d.buy("seller", "持续交付流水线 SaaS版", "5并发", "", true)
	return err
}

// unpaid: an order waiting for payment (the balance is short of it) and one
// the buyer cancelled. Placed last, when the balance has been spent.
func (d *demoOrders) unpaid() error {
	waiting, err := d.buy("seller", "云栖分布式文件存储 独立部署", "永久授权 100TB", "1", false)
	if err != nil {
		return err
	}
	cancelled, err := d.buy("seller", "财务共享平台 独立部署", "100用户 年度授权", "1", false)
	if err != nil {
		return err
	}
	if waiting.Status != lifecycle.OrderPendingPayment || cancelled.Status != lifecycle.OrderPendingPayment {
		return fmt.Errorf("the balance covers the orders meant to wait for payment")
	}
	return d.svc.orders.Cancel(d.ctx, d.buyer, cancelled.ID)
}

// product finds a demo product of seller by name, with its specs and content.
func (d *demoOrders) product(seller, name string) (catalog.Product, error) {
	key := seller + "|" + name
	if p, ok := d.products[key]; ok {
		return p, nil
	}
	p, ok, err := productNamed(d.ctx, d.svc, d.sellers[seller], name)
	if err == nil && !ok {
		err = fmt.Errorf("no demo product %q of %s", name, seller)
	}
	d.products[key] = p
	return p, err
}

// buy places an order for the demo buyer, paid from the balance if it covers it.
func (d *demoOrders) buy(seller, product, spec, qty string, trial bool) (order.Order, error) {
	p, err := d.product(seller, product)
	if err != nil {
		return order.Order{}, err
	}
	for _, sp := range p.Specs {
		if sp.Name != spec || !lifecycle.OnSale(sp.Status) {
			continue
		}
		o, err := d.svc.orders.Purchase(d.ctx, d.buyer, p.ID, order.PurchaseInput{SpecID: sp.ID.String(), Quantity: qty, Trial: trial,
			CustomerName: demoCustomer, Phone: demoPhone, Email: demoEmail, Address: demoAddress,
			AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
		if err != nil {
			return o, fmt.Errorf("%s %s: %w", product, spec, err)
		}
		return o, nil
	}
	return order.Order{}, fmt.Errorf("demo product %q has no spec %q on sale", product, spec)
}

// paid buys and insists that the balance paid for it.
func (d *demoOrders) paid(seller, product, spec, qty string) (order.Order, error) {
	o, err := d.buy(seller, product, spec, qty, false)
	if err == nil && o.Status == lifecycle.OrderPendingPayment {
		err = fmt.Errorf("%s %s: the demo balance does not cover it", product, spec)
	}
	return o, err
}

// flow is one supervised order on its way through the nodes. Each step is a
// real service call by the party whose turn it is; the first error sticks and
// ends the script.
type flow struct {
	d      *demoOrders
	o      order.Order
	seller account.Account
	appeal uuid.UUID
	err    error
}

// supervised buys a supervised product and returns its flow, at the first node.
func (d *demoOrders) supervised(seller, product, spec, qty string) *flow {
	o, err := d.paid(seller, product, spec, qty)
	return &flow{d: d, o: o, seller: d.sellers[seller], err: err}
}

func (f *flow) do(what string, fn func() error) *flow {
	if f.err == nil {
		if err := fn(); err != nil {
			f.err = fmt.Errorf("%s %s: %s: %w", f.o.ProductName, f.o.Number, what, err)
		}
	}
	return f
}

// upload stores files as owner's supervision uploads and returns their ids.
func (f *flow) upload(owner account.Account, files []demoFile) ([]string, error) {
	ids := make([]string, 0, len(files))
	for _, x := range files {
		up, err := f.d.svc.files.Upload(f.d.ctx, owner.ID, supervision.FilePurpose, x.name, bytes.NewReader(x.body))
		if err != nil {
			return nil, err
		}
		ids = append(ids, up.ID.String())
	}
	return ids, nil
}

func (f *flow) requirements(text string, files ...demoFile) *flow {
	return f.do("requirements", func() error {
		ids, err := f.upload(f.d.buyer, files)
		if err == nil {
			_, err = f.d.svc.supervision.SubmitRequirements(f.d.ctx, f.d.buyer, f.o.ID, supervision.RequirementsInput{Text: text, Files: ids})
		}
		return err
	})
}

func (f *flow) returnRequirements(reason string) *flow {
	return f.do("return requirements", func() error {
		_, err := f.d.svc.supervision.ReturnRequirements(f.d.ctx, f.seller, f.o.ID, reason)
		return err
	})
}

func (f *flow) confirm(note string) *flow {
	return f.do("confirm", func() error {
		_, err := f.d.svc.supervision.ConfirmRequirements(f.d.ctx, f.seller, f.o.ID, note)
		return err
	})
}

func (f *flow) deliver(in supervision.DeliverInput, files ...demoFile) *flow {
	return f.do("deliver", func() error {
		ids, err := f.upload(f.seller, files)
		if err == nil {
			in.Files = ids
			_, err = f.d.svc.supervision.Deliver(f.d.ctx, f.seller, f.o.ID, in)
		}
		return err
	})
}

func (f *flow) reject(reason string, files ...demoFile) *flow {
	return f.do("reject", func() error {
		ids, err := f.upload(f.d.buyer, files)
		if err == nil {
			_, err = f.d.svc.supervision.RejectDelivery(f.d.ctx, f.d.buyer, f.o.ID, supervision.RejectInput{Reason: reason, Files: ids})
		}
		return err
	})
}

func (f *flow) accept() *flow {
	return f.do("accept", func() error {
		_, err := f.d.svc.supervision.Accept(f.d.ctx, f.d.buyer, f.o.ID)
		return err
	})
}

// signed records the courier's sign-off of the shipped parcel, ago before now,
// by the recipient whose phone the courier shows.
func (f *flow) signed(phone string, ago time.Duration) *flow {
	return f.do("courier sign-off", func() error {
		sv, err := f.d.svc.supervision.ForOps(f.d.ctx, f.o.ID)
		if err != nil {
			return err
		}
		at := f.d.clk.Now().Add(-ago).In(f.d.svc.calendar.Location()).Format("2006-01-02T15:04")
		_, err = f.d.svc.supervision.RecordSigned(f.d.ctx, f.d.ops, supervision.SignInput{Courier: sv.Courier, Waybill: sv.Waybill, Phone: phone, At: at})
		return err
	})
}

// day is the marketplace's date days from now, as the forms take it.
func (d *demoOrders) day(days int) string {
	return d.clk.Now().AddDate(0, 0, days).In(d.svc.calendar.Location()).Format(time.DateOnly)
}
