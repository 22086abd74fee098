package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/order"
)

// Sizes of the order benchmark.
const (
	benchBuyers      = 100
	benchPurchases   = 5 // per buyer, each posted twice (a retry) with the same form token
	benchListOrders  = 1_000_000
	benchListSamples = 300
)

// BenchmarkOrders measures purchase throughput with 100 buyers buying at once
// (and proves no payment is lost or doubled), then the order list pages of a
// seller with a million orders.
func BenchmarkOrders(b *testing.B) {
	h := newHarness(b)
	ctx := context.Background()
	seller := readySeller(b, h, "benchord", "订单基准科技有限公司")
	p := releaseProduct(b, h, seller, h.account("benchord-ops", account.OpsReviewer), "订单基准SaaS版")
	sp := p.Specs[0]
	buyers := make([]*client, benchBuyers)
	for i := range buyers {
		a := h.account(fmt.Sprintf("bbuyer%03d", i), "")
		fund(b, h, a, "100000")
		buyers[i] = h.client()
		buyers[i].login(a.Name, "Passw0rd!x")
	}
	eula := order.EULAHash(p.Content.EULA)
	var rows []benchRow
	for n := 0; n < b.N; n++ {
		var mu sync.Mutex
		var lat []time.Duration
		var wg sync.WaitGroup
		began := time.Now()
		for _, c := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 0; k < benchPurchases; k++ {
					form := url.Values{"spec_id": {sp.ID.String()}, "quantity": {"1"}, "customer_name": {"基准客户有限公司"},
						"phone": {"13800138000"}, "email": {"bench@example.com"}, "accept_eula": {"1"}, "eula_sha256": {eula},
						"token": {order.NewToken()}}
					t0 := time.Now()
					first := c.post("/buyer/buy/"+p.ID.String(), form)
					mu.Lock()
					lat = append(lat, time.Since(t0))
					mu.Unlock()
					again := c.post("/buyer/buy/"+p.ID.String(), form)
					if first.Status != http.StatusSeeOther || again.Location != first.Location {
						b.Errorf("purchase: %d %s, retry %s", first.Status, first.Location, again.Location)
						return
					}
				}
			}()
		}
		wg.Wait()
		rows = append(rows[:0], newBenchRow(fmt.Sprintf("purchase (%d buyers)", benchBuyers), lat, time.Since(began)))
	}
	// Exactly one order and one payment per purchase; money conserved.
	var orders, payments int64
	var paid int64
	if err := h.svc.store.Pool.QueryRow(ctx, `SELECT count(*) FROM orders WHERE product_id = $1`, p.ID).Scan(&orders); err != nil {
		b.Fatal(err)
	}
	if err := h.svc.store.Pool.QueryRow(ctx, `SELECT count(*), COALESCE(-sum(amount_fen), 0) FROM ledger_entries WHERE kind = 'payment'`).Scan(&payments, &paid); err != nil {
		b.Fatal(err)
	}
	want := int64(b.N * benchBuyers * benchPurchases)
	if orders != want || payments != want || paid != want*int64(sp.Price) {
		b.Fatalf("%d orders, %d payments of %d fen; want %d of %d", orders, payments, paid, want, want*int64(sp.Price))
	}
	if rep, err := h.svc.ledger.Check(ctx); err != nil || !rep.OK() {
		b.Fatalf("ledger: %v %v", rep.Problems, err)
	}

	// A seller with a million orders looks at the order list.
	big := readySeller(b, h, "benchlist", "百万订单科技有限公司")
	bp := releaseProduct(b, h, big, h.account("benchlist-ops", account.OpsReviewer), "百万订单SaaS版")
	bb := h.account("benchlist-buyer", "")
	t0 := time.Now()
	generateOrders(b, h, bp, bb, "BLS", "杭州云帆科技有限公司", benchListOrders)
	if _, err := h.svc.store.Pool.Exec(ctx, "VACUUM (ANALYZE) orders"); err != nil {
		b.Fatal(err)
	}
	fmt.Printf("\ngenerated %d orders in %s\n", benchListOrders, time.Since(t0).Round(time.Second))
	var number string
	if err := h.svc.store.Pool.QueryRow(ctx, `SELECT number FROM orders WHERE seller_id = $1 ORDER BY created_at LIMIT 1 OFFSET 500000`, big.ID).Scan(&number); err != nil {
		b.Fatal(err)
	}
	sc := h.client()
	sc.login(big.Name, "Passw0rd!x")
	bc := h.client()
	bc.login(bb.Name, "Passw0rd!x")
	lists := []struct {
		name, path string
		c          *client
	}{
		{"seller list, page 1", "/seller/orders", sc},
		{"seller list, page 50", "/seller/orders?page=50", sc},
		{"seller list, by number", "/seller/orders?number=" + number, sc},
		{"seller list, by status", "/seller/orders?status=completed", sc},
		{"seller list, by customer", "/seller/orders?customer=" + url.QueryEscape("云帆"), sc},
		{"seller list, by day", "/seller/orders?from=2026-11-01&to=2026-11-10", sc},
		{"buyer list, page 1", "/buyer/orders", bc},
	}
	for _, l := range lists {
		lat := make([]time.Duration, 0, benchListSamples)
		began := time.Now()
		for i := 0; i < benchListSamples; i++ {
			t0 := time.Now()
			pg := l.c.get(l.path)
			lat = append(lat, time.Since(t0))
			if pg.Status != http.StatusOK {
				b.Fatalf("%s: %d", l.path, pg.Status)
			}
		}
		rows = append(rows, newBenchRow(l.name, lat, time.Since(began)))
	}
	fmt.Printf("\n%d buyers × %d purchases (each retried once), then %d orders of one seller\n\n", benchBuyers, benchPurchases, benchListOrders)
	fmt.Printf("| %-26s | %8s | %8s | %8s | %8s |\n", "what", "per s", "p50 ms", "p95 ms", "p99 ms")
	fmt.Printf("|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 28), strings.Repeat("-", 10), strings.Repeat("-", 10), strings.Repeat("-", 10), strings.Repeat("-", 10))
	for _, r := range rows {
		fmt.Printf("| %-26s | %8.0f | %8.2f | %8.2f | %8.2f |\n", r.name, r.rps, ms(r.p50), ms(r.p95), ms(r.p99))
	}
}
