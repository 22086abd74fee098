package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/ledger"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/clock"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
)

// analyticsDemoDays is how far back the demo's traffic and orders go.
const analyticsDemoDays = 60

// analyticsShoppers are the demo customers whose orders, paid over the last
// 60 days, give the sellers' dashboards something to draw (the demo buyer's
// own orders are all placed today).
var analyticsShoppers = []struct{ name, company string }{
	{"shopper-hz", "杭州数澜信息技术有限公司"},
	{"shopper-sz", "深圳海岸线科技有限公司"},
	{"shopper-bj", "北京启明云服务有限公司"},
}

// seedAnalyticsDemo adds the demo's analytics records (issue 5): product
// views and visitors of every listed product of the demo sellers for the last
// 60 days, and orders from three demo customers paid on those days. Skipped
// when the seller's products already have views.
func seedAnalyticsDemo(ctx context.Context, svc *services, clk clock.Clock, accts, sellers map[string]account.Account) error {
	if done, err := svc.store.SellerHasViews(ctx, sellers["seller"].ID); err != nil || done {
		return err
	}
	loc := svc.analytics.Location()
	now := clk.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	first := today.AddDate(0, 0, 1-analyticsDemoDays)
	var buyable []catalog.Product
	for i, name := range []string{"seller", "secure", "datawise"} {
		s, ok := sellers[name]
		if !ok {
			continue
		}
		products, err := svc.catalog.MyProducts(ctx, s.ID, 1)
		if err != nil {
			return err
		}
		for k, p := range products {
			if !lifecycle.OnSale(p.Status) {
				continue
			}
			if _, err := svc.store.SeedProductTraffic(ctx, pg.SeedProductTrafficParams{ProductID: p.ID, SellerID: s.ID,
				FirstDay: first, LastDay: today, Base: int32(4 + 6*((i+k)%4)), Spread: 30}); err != nil {
				return fmt.Errorf("demo traffic of %s: %w", p.Name, err)
			}
			if p.Public && p.Target == catalog.TargetAll && !p.Content.Supervised() {
				full, err := svc.catalog.MyProduct(ctx, s.ID, p.ID) // with its specs
				if err != nil {
					return err
				}
				buyable = append(buyable, full)
			}
		}
	}
	return seedAnalyticsOrders(ctx, svc, accts["admin"], loc, now, buyable)
}

// analyticsMaxPrice keeps the demo customers to specs of at most ¥60,000.
const analyticsMaxPrice = money.Fen(6_000_000)

// demoPurchase is one planned purchase of the demo customers.
type demoPurchase struct {
	at    time.Time
	buyer int
	p     catalog.Product
	spec  catalog.Spec
}

// seedAnalyticsOrders has the demo customers buy over the past days, each
// purchase through an order service whose clock reads that day, so orders are
// paid (and their ledger rows posted) in the order of time. Each customer is
// topped up with what their purchases cost before the first one, so every
// order is paid at once.
func seedAnalyticsOrders(ctx context.Context, svc *services, admin account.Account, loc *time.Location, now time.Time,
	products []catalog.Product) error {
	var plan []demoPurchase
	spend := make([]money.Fen, len(analyticsShoppers))
	for d := analyticsDemoDays - 1; d >= 0 && len(products) > 0; d-- {
		for k := range (d*7 + d/3) % 4 { // 0 to 3 orders a day
			at := time.Date(now.Year(), now.Month(), now.Day()-d, 9+(d+k*5)%12, (d*13+k*17)%60, 0, 0, loc)
			p := products[(d*3+k)%len(products)]
			sp, ok := demoSpec(p)
			if !at.Before(now) || !ok {
				continue
			}
			b := (d + k) % len(analyticsShoppers)
			if spend[b]+sp.Price+100_000 > ledger.MaxOpsAmount {
				continue // one top-up pays for everything a customer buys
			}
			plan = append(plan, demoPurchase{at: at, buyer: b, p: p, spec: sp})
			spend[b] += sp.Price
		}
	}
	if len(plan) == 0 {
		return nil
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := time.Date(now.Year(), now.Month(), now.Day()-analyticsDemoDays, 9, 0, 0, 0, loc)
	buyers := make([]account.Account, len(analyticsShoppers))
	for i, sh := range analyticsShoppers {
		a, err := svc.accounts.FindByName(ctx, sh.name)
		if apperr.Is(err, apperr.NotFound) {
			a, err = svc.accounts.CreateStaff(ctx, sh.name, sh.name+"@demo.agora.test", "Shopper12345", account.OpsNone)
		}
		if err != nil {
			return fmt.Errorf("demo shopper %s: %w", sh.name, err)
		}
		buyers[i] = a
		_, err = ledger.NewService(svc.store, clock.NewFixed(start), log).TopUp(ctx, admin, a.ID, ledger.OpsInput{
			Amount: money.Input(spend[i] + 100_000),
			Reason: "企业对公转账到账（演示数据，数据分析）", Token: "demo-seed-analytics-topup-" + sh.name})
		if err != nil {
			return fmt.Errorf("demo shopper %s top-up: %w", sh.name, err)
		}
	}
	for _, x := range plan {
		sh := analyticsShoppers[x.buyer]
		o, err := order.NewService(svc.store, clock.NewFixed(x.at), svc.catalog, loc, log).Purchase(ctx, buyers[x.buyer], x.p.ID,
			order.PurchaseInput{SpecID: x.spec.ID.String(), Quantity: "1", CustomerName: sh.company, Phone: "13900001111",
				Email: "it@" + sh.name + ".example.com", AcceptEULA: true, EULASHA256: order.EULAHash(x.p.Content.EULA),
				Token: order.NewToken()})
		switch {
		case apperr.Is(err, apperr.Invalid), apperr.Is(err, apperr.Forbidden):
			continue // a purchase limit, say: the demo buys something else another day
		case err != nil:
			return fmt.Errorf("demo order of %s: %w", x.p.Name, err)
		case o.PaidAt == nil:
			return fmt.Errorf("demo order of %s was not paid", x.p.Name)
		}
	}
	return nil
}

// demoSpec is p's dearest paid spec on sale within analyticsMaxPrice, not a trial.
func demoSpec(p catalog.Product) (catalog.Spec, bool) {
	var best catalog.Spec
	ok := false
	for _, sp := range p.Specs {
		if lifecycle.OnSale(sp.Status) && sp.Public && sp.TrialDays == 0 && sp.Price > 0 && sp.Price <= analyticsMaxPrice &&
			(!ok || sp.Price > best.Price) {
			best, ok = sp, true
		}
	}
	return best, ok
}
