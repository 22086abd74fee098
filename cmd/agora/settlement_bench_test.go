package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/settlement"
	"agora/internal/store/pg"
)

// benchBillSellers × benchBillOrders is the bill run's size: a million lines.
const (
	benchBillSellers = 10
	benchBillOrders  = 100_000
)

// BenchmarkBillRun is the settlement part of `make bench`: ten sellers with a
// hundred thousand paid, opened orders each (generated, with their payment
// rows), billed in one run — a million statement lines — then re-run by
// Verify, which must reproduce every statement to the digest. It reports the
// seconds of each and the peak Go heap (sampled every 20 ms); the work itself
// is set-based in PostgreSQL, so the heap stays small whatever the size.
func BenchmarkBillRun(b *testing.B) {
	h := newHarness(b)
	ctx := context.Background()
	buyer := h.account("benchbill-buyer", "")
	reviewer := h.account("benchbill-ops", account.OpsReviewer)
	began := time.Now()
	seq := int64(0)
	for i := range benchBillSellers {
		seller := readySeller(b, h, fmt.Sprintf("benchbill%02d", i), fmt.Sprintf("结算基准%02d科技有限公司", i))
		p := releaseProduct(b, h, seller, reviewer, fmt.Sprintf("结算基准%02d云SaaS版", i))
		prefix := fmt.Sprintf("BB%02d", i)
		generateOrders(b, h, p, buyer, prefix, "杭州云帆科技有限公司", benchBillOrders)
		n, err := h.svc.store.SeedGeneratedPayments(ctx, pg.SeedGeneratedPaymentsParams{Prefix: prefix, FirstSeq: seq})
		if err != nil {
			b.Fatal(err)
		}
		seq += n
	}
	for _, t := range []string{"orders", "ledger_entries"} {
		if _, err := h.svc.store.Pool.Exec(ctx, "VACUUM (ANALYZE) "+t); err != nil {
			b.Fatal(err)
		}
	}
	fmt.Printf("\ngenerated %d paid orders in %s\n", seq, time.Since(began).Round(time.Second))
	h.Clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, h.cfg.Location))
	period := settlement.Period(202611)
	for i := 0; i < b.N; i++ {
		if i > 0 {
			// Each round bills the same month afresh.
			for _, q := range []string{"DELETE FROM statement_lines", "DELETE FROM events WHERE object_type = 'statement'",
				"DELETE FROM event_heads WHERE object_type = 'statement'", "DELETE FROM inbox_messages WHERE topic = 'statement_generated'",
				"DELETE FROM statements", "DELETE FROM bill_runs"} {
				if _, err := h.svc.store.Pool.Exec(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		}
		var run settlement.Run
		took, heap := peakHeap(func() {
			var err error
			if run, err = h.svc.settlement.RunPeriod(ctx, period, nil); err != nil {
				b.Fatal(err)
			}
		})
		if run.Lines != seq || run.Statements != benchBillSellers {
			b.Fatalf("billed %d lines in %d statements, want %d in %d", run.Lines, run.Statements, seq, benchBillSellers)
		}
		var v settlement.Verification
		vtook, vheap := peakHeap(func() {
			var err error
			if v, err = h.svc.settlement.Verify(ctx, period); err != nil {
				b.Fatal(err)
			}
		})
		if !v.OK() || v.Digest != run.Digest {
			b.Fatalf("re-run differs: %+v", v)
		}
		fmt.Printf("bill run: %d lines, %d statements in %s (%.0f lines/s), peak Go heap %s; digest %s\n", run.Lines, run.Statements,
			took.Round(time.Millisecond), float64(run.Lines)/took.Seconds(), mib(heap), run.Digest[:16])
		fmt.Printf("re-run (verify): identical in %s, peak Go heap %s\n", vtook.Round(time.Millisecond), mib(vheap))
		b.ReportMetric(took.Seconds(), "run-s")
		b.ReportMetric(vtook.Seconds(), "verify-s")
	}
	fmt.Printf("peak RSS of the whole test process (VmHWM): %s\n", vmHWM())
}

// peakHeap runs fn and returns how long it took and the Go heap's peak meanwhile.
func peakHeap(fn func()) (time.Duration, uint64) {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	began := time.Now()
	fn()
	took := time.Since(began)
	close(stop)
	wg.Wait()
	return took, peak.Load()
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
