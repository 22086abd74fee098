package analytics_test

import (
	"context"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/analytics"
	"agora/internal/catalog"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/testfix"
	"agora/internal/unsub"
)

var bg = context.Background()

const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

type shop struct {
	*testfix.Env
	cat    *catalog.Service
	orders *order.Service
	unsub  *unsub.Service
	ana    *analytics.Service
}

func newShop(t *testing.T) *shop {
	t.Helper()
	env := testfix.New(t)
	cat := env.Catalog()
	orders, sup := env.Commerce(cat)
	return &shop{Env: env, cat: cat, orders: orders, ana: analytics.NewService(env.Store, env.Clock, testfix.Shanghai, env.Log),
		unsub: unsub.NewService(env.Store, env.Clock, env.Files, orders, sup, env.Calendar, testfix.Shanghai, env.Log)}
}

// product lists a monthly SaaS product of seller at price (yuan).
func (s *shop) product(t *testing.T, seller account.Account, price string) catalog.Product {
	t.Helper()
	c := s.ProductContent(t, seller, catalog.TypeSaaS)
	c.Specs[0].Price = price
	return s.ListProduct(t, s.cat, seller, c)
}

func (s *shop) buyer(t *testing.T) account.Account {
	t.Helper()
	b := s.Seller(t, s.Name("buyer"))
	s.TopUp(t, b, "10000")
	return b
}

// buy has b buy one month of p at time at (Shanghai); the order is paid.
func (s *shop) buy(t *testing.T, b account.Account, p catalog.Product, at time.Time) order.Order {
	t.Helper()
	s.Clock.Set(at)
	o, err := s.orders.Purchase(bg, b, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil || o.PaidAt == nil {
		t.Fatalf("buy %s: %+v %v", p.Name, o, err)
	}
	return o
}

func (s *shop) view(t *testing.T, v analytics.View, at time.Time) {
	t.Helper()
	s.Clock.Set(at)
	if err := s.ana.Record(bg, v); err != nil {
		t.Fatal(err)
	}
}

func day(m time.Month, d, h, min int) time.Time {
	return time.Date(2026, m, d, h, min, 0, 0, testfix.Shanghai)
}

func date(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

// TestOverview: sales, refunds, views and visitors of one seller over four
// days match the numbers worked out by hand; days are Shanghai days; the
// seller's own views, operations staff and bots are not counted, and another
// seller's orders and views never appear.
func TestOverview(t *testing.T) {
	s := newShop(t)
	a, other := s.ReadySeller(t, s.Name("sellera")), s.ReadySeller(t, s.Name("sellerb"))
	pa1, pa2, pb := s.product(t, a, "99"), s.product(t, a, "250"), s.product(t, other, "500")
	b1, b2, b3 := s.buyer(t), s.buyer(t), s.buyer(t)
	staff := s.Reviewer(t)

	o1 := s.buy(t, b1, pa1, day(11, 19, 10, 0)) // 11-19: ¥99
	s.buy(t, b2, pa2, day(11, 21, 0, 30))       // 11-21 in Shanghai (11-20 16:30 UTC): ¥250
	s.buy(t, b3, pb, day(11, 21, 9, 0))         // another seller's
	s.Clock.Set(day(11, 21, 12, 0))             // within 5 days: the full ¥99 back
	if _, err := s.unsub.Standard(bg, b1, o1.ID); err != nil {
		t.Fatal(err)
	}

	anon := analytics.View{ProductID: pa1.ID, SellerID: a.ID, IP: "203.0.113.7", UserAgent: chrome}
	s.view(t, anon, day(11, 21, 8, 0))
	s.view(t, anon, day(11, 21, 9, 0)) // same visitor, same day: one more view, no new visitor
	s.view(t, analytics.View{ProductID: pa1.ID, SellerID: a.ID, Viewer: b1.ID, IP: "198.51.100.1", UserAgent: chrome}, day(11, 21, 10, 0))
	s.view(t, analytics.View{ProductID: pa2.ID, SellerID: a.ID, Viewer: b1.ID, IP: "198.51.100.1", UserAgent: chrome}, day(11, 21, 10, 5))
	// Not counted: the seller, operations staff, a crawler, a script.
	s.view(t, analytics.View{ProductID: pa1.ID, SellerID: a.ID, Viewer: a.ID, UserAgent: chrome}, day(11, 21, 11, 0))
	s.view(t, analytics.View{ProductID: pa1.ID, SellerID: a.ID, Viewer: staff.ID, Staff: true, UserAgent: chrome}, day(11, 21, 11, 0))
	s.view(t, analytics.View{ProductID: pa1.ID, SellerID: a.ID, IP: "66.249.66.1",
		UserAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}, day(11, 21, 11, 0))
	s.view(t, analytics.View{ProductID: pa1.ID, SellerID: a.ID, IP: "192.0.2.1", UserAgent: "curl/8.5.0"}, day(11, 21, 11, 0))
	// Another seller's product.
	s.view(t, analytics.View{ProductID: pb.ID, SellerID: other.ID, IP: "203.0.113.7", UserAgent: chrome}, day(11, 21, 11, 0))
	// The next day the same person is a new visitor-day (the salt changed).
	s.view(t, anon, day(11, 22, 0, 10))

	s.Clock.Set(day(11, 22, 15, 0))
	p, err := s.ana.ParsePeriod(analytics.Custom, "2026-11-19", "2026-11-22")
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.ana.Overview(bg, a.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	want := []analytics.Day{
		{Date: date(11, 19), GMV: 9900, PaidOrders: 1},
		{Date: date(11, 20)},
		{Date: date(11, 21), GMV: 25000, PaidOrders: 1, Refunded: 9900, RefundedOrders: 1, Views: 4, Visitors: 2},
		{Date: date(11, 22), Views: 1, Visitors: 1},
	}
	if len(o.Days) != len(want) {
		t.Fatalf("days: %+v", o.Days)
	}
	for i := range want {
		if o.Days[i] != want[i] {
			t.Errorf("day %d: got %+v, want %+v", i, o.Days[i], want[i])
		}
	}
	wantTotal := analytics.Day{GMV: 34900, PaidOrders: 2, Refunded: 9900, RefundedOrders: 1, Views: 5, Visitors: 3}
	if o.Total != wantTotal {
		t.Errorf("total: got %+v, want %+v", o.Total, wantTotal)
	}
	if bp, ok := o.RefundRate(); !ok || bp != 2836 { // 99 / 349 = 28.36 %
		t.Errorf("refund rate: %d %v", bp, ok)
	}
	if len(o.Top) != 2 || o.Top[0].ID != pa2.ID || o.Top[1].ID != pa1.ID {
		t.Fatalf("top: %+v", o.Top)
	}
	if t0 := o.Top[0]; t0.GMV != 25000 || t0.PaidOrders != 1 || t0.Views != 1 || t0.Visitors != 1 || t0.Number != pa2.Number || t0.Name != pa2.Name {
		t.Errorf("top 1: %+v", t0)
	}
	if t1 := o.Top[1]; t1.GMV != 9900 || t1.PaidOrders != 1 || t1.Views != 4 || t1.Visitors != 3 {
		t.Errorf("top 2: %+v", t1)
	}

	// The other seller sees only their own.
	ob, err := s.ana.Overview(bg, other.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	if ob.Total != (analytics.Day{GMV: 50000, PaidOrders: 1, Views: 1, Visitors: 1}) || len(ob.Top) != 1 || ob.Top[0].ID != pb.ID {
		t.Errorf("other seller: %+v %+v", ob.Total, ob.Top)
	}

	// No address is stored, only the salted 16-byte hash; yesterday's salt is
	// kept for views across midnight, older ones are gone.
	var plain, salts int
	if err := s.DB.Pool.QueryRow(bg, `SELECT count(*) FROM product_visitors WHERE position('203.0.113.7'::bytea IN visitor) > 0`).Scan(&plain); err != nil {
		t.Fatal(err)
	}
	if err := s.DB.Pool.QueryRow(bg, `SELECT count(*) FROM analytics_salts`).Scan(&salts); err != nil {
		t.Fatal(err)
	}
	if plain != 0 || salts != 2 {
		t.Errorf("addresses stored: %d; salts kept: %d (want 0 and 2)", plain, salts)
	}
}

// TestOverviewEmpty: a period without anything has every day at zero.
func TestOverviewEmpty(t *testing.T) {
	s := newShop(t)
	a := s.ReadySeller(t, s.Name("seller"))
	p, err := s.ana.ParsePeriod("7", "", "")
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.ana.Overview(bg, a.ID, p)
	if err != nil {
		t.Fatal(err)
	}
	if !o.Empty() || len(o.Days) != 7 || len(o.Top) != 0 || o.Total != (analytics.Day{}) {
		t.Fatalf("empty overview: %+v", o)
	}
	if _, ok := o.RefundRate(); ok {
		t.Error("a refund rate without GMV")
	}
}

// TestRecordLater: background recording counts the view once Wait returns.
func TestRecordLater(t *testing.T) {
	s := newShop(t)
	a := s.ReadySeller(t, s.Name("seller"))
	p := s.product(t, a, "99")
	for range 3 {
		s.ana.RecordLater(bg, analytics.View{ProductID: p.ID, SellerID: a.ID, IP: "203.0.113.9", UserAgent: chrome})
	}
	s.ana.Wait()
	period, _ := s.ana.ParsePeriod("7", "", "")
	o, err := s.ana.Overview(bg, a.ID, period)
	if err != nil {
		t.Fatal(err)
	}
	if o.Total.Views != 3 || o.Total.Visitors != 1 {
		t.Errorf("views %d, visitors %d; want 3 and 1", o.Total.Views, o.Total.Visitors)
	}
}

// TestParsePeriod: presets end today (Shanghai); custom periods are checked.
func TestParsePeriod(t *testing.T) {
	s := newShop(t)
	s.Clock.Set(time.Date(2026, 11, 19, 23, 30, 0, 0, testfix.Shanghai)) // 15:30 UTC: still the 19th in Shanghai
	for preset, first := range map[string]time.Time{"7": date(11, 13), "30": date(10, 21), "90": date(8, 22), "": date(10, 21), "junk": date(10, 21)} {
		p, err := s.ana.ParsePeriod(preset, "", "")
		if err != nil || !p.First.Equal(first) || !p.Last.Equal(date(11, 19)) {
			t.Errorf("preset %q: %v–%v %v", preset, p.First, p.Last, err)
		}
	}
	if p, err := s.ana.ParsePeriod(analytics.Custom, "2025-11-19", "2026-11-19"); err != nil || p.Days() != 366 {
		t.Errorf("366 days: %d %v", p.Days(), err)
	}
	for _, c := range []struct{ from, to, field, msg string }{
		{"2026-11-20", "2026-11-19", "to", "analytics.err.order"},
		{"2025-11-18", "2026-11-19", "to", "analytics.err.span"},
		{"19/11/2026", "2026-11-19", "from", "analytics.err.date"},
		{"2026-11-01", "", "to", "analytics.err.date"},
	} {
		_, err := s.ana.ParsePeriod(analytics.Custom, c.from, c.to)
		if !apperr.Is(err, apperr.Invalid) || apperr.FieldsOf(err)[c.field] != c.msg {
			t.Errorf("%s–%s: %v %v", c.from, c.to, err, apperr.FieldsOf(err))
		}
	}
}

// TestCSV: a BOM, the header in the given words, a row per day, yuan amounts.
func TestCSV(t *testing.T) {
	o := analytics.Overview{Days: []analytics.Day{{Date: date(11, 19), GMV: 12345, PaidOrders: 2, Refunded: 100, RefundedOrders: 1, Views: 7, Visitors: 3}},
		Top: []analytics.Product{{Number: "P1", Name: "=云眼", NameEn: "", GMV: money.Fen(250000), PaidOrders: 1, Views: 4, Visitors: 2}}}
	var daily, top testWriter
	if err := analytics.WriteCSV(&daily, o, analytics.CSVDaily, func(k string) string { return k }, "en"); err != nil {
		t.Fatal(err)
	}
	if got, want := string(daily), "\uFEFFanalytics.col.date,analytics.col.gmv,analytics.col.paid_orders,analytics.col.refunded,"+
		"analytics.col.refunded_orders,analytics.col.views,analytics.col.visitors\r\n2026-11-19,123.45,2,1.00,1,7,3\r\n"; got != want {
		t.Errorf("daily csv:\n%q\nwant\n%q", got, want)
	}
	if err := analytics.WriteCSV(&top, o, analytics.CSVProducts, func(k string) string { return k }, "en"); err != nil {
		t.Fatal(err)
	}
	if got, want := string(top), "\uFEFFanalytics.col.rank,analytics.col.number,analytics.col.product,analytics.col.gmv,"+
		"analytics.col.paid_orders,analytics.col.views,analytics.col.visitors\r\n1,P1,'=云眼,2500.00,1,4,2\r\n"; got != want {
		t.Errorf("products csv:\n%q\nwant\n%q", got, want)
	}
}

type testWriter []byte

func (w *testWriter) Write(p []byte) (int, error) { *w = append(*w, p...); return len(p), nil }
