package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/export"
	"agora/internal/export/exporttest"
	"agora/internal/lifecycle"
	"agora/internal/order"
)

// benchExportOrders is the size of the large export (the target).
const benchExportOrders = 1_000_000

// BenchmarkExport is the export part of `make bench`: one seller with a
// million generated orders (one INSERT … SELECT generate_series, a minute or
// so), exported through the real job as CSV and as XLSX, first 100,000 rows of
// a filtered list, then all million. It reports rows/s and the peak Go heap
// while the job ran (sampled every 20 ms), which should stay flat whatever
// the row count, and the process's peak RSS (VmHWM) at the end.
func BenchmarkExport(b *testing.B) {
	h := newHarness(b)
	ctx := context.Background()
	seller := readySeller(b, h, "benchexp", "导出基准科技有限公司")
	p := releaseProduct(b, h, seller, h.account("benchexp-ops", account.OpsReviewer), "导出云SaaS版")
	buyer := h.account("benchexp-buyer", "")
	began := time.Now()
	generateOrders(b, h, p, buyer, "BEX", "杭州云帆科技有限公司", benchExportOrders)
	if _, err := h.svc.store.Pool.Exec(ctx, "VACUUM (ANALYZE) orders"); err != nil {
		b.Fatal(err)
	}
	fmt.Printf("\ngenerated %d orders in %s\n", benchExportOrders, time.Since(began).Round(time.Second))
	// The newest order is a minute back; the 100,000 newest are the last 100,000 minutes.
	recent := h.Clock.Now().Add(-100_000*time.Minute - 30*time.Second)
	cases := []struct {
		format string
		f      order.Filter
		rows   int64
	}{
		{export.CSV, order.Filter{From: &recent}, 100_000},
		{export.CSV, order.Filter{}, benchExportOrders},
		{export.XLSX, order.Filter{From: &recent}, 100_000},
		{export.XLSX, order.Filter{}, benchExportOrders},
	}
	type result struct {
		name      string
		rows      int64
		took      time.Duration
		size      int64
		heap, sys uint64
	}
	var results []result
	for i := 0; i < b.N; i++ {
		results = results[:0]
		for _, c := range cases {
			e, err := h.svc.exports.Request(ctx, seller.ID, export.SideSeller, c.format, "zh-CN", c.f)
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			var peakHeap, peakSys atomic.Uint64
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
					if m.HeapInuse > peakHeap.Load() {
						peakHeap.Store(m.HeapInuse)
					}
					if m.Sys > peakSys.Load() {
						peakSys.Store(m.Sys)
					}
					select {
					case <-stop:
						return
					case <-tick.C:
					}
				}
			}()
			t0 := time.Now()
			exporttest.RunJobs(b, h.svc.store.Pool, h.svc.exports)
			took := time.Since(t0)
			close(stop)
			wg.Wait()
			e, err = h.svc.exports.Get(ctx, seller.ID, export.SideSeller, e.ID)
			if err != nil {
				b.Fatal(err)
			}
			if e.Status != lifecycle.ExportDone || e.RowsWritten != c.rows {
				b.Fatalf("%s export: %s with %d rows, want %d", c.format, e.Status, e.RowsWritten, c.rows)
			}
			results = append(results, result{name: strings.ToUpper(c.format), rows: e.RowsWritten, took: took, size: e.Size,
				heap: peakHeap.Load(), sys: peakSys.Load()})
		}
	}
	mib := func(n uint64) float64 { return float64(n) / (1 << 20) }
	fmt.Printf("\n| %-6s | %9s | %8s | %9s | %9s | %14s | %13s |\n", "format", "rows", "seconds", "rows/s", "file MiB", "peak heap MiB", "Go sys MiB")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 8), strings.Repeat("-", 11), strings.Repeat("-", 10),
		strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 16), strings.Repeat("-", 15))
	for _, r := range results {
		rps := float64(r.rows) / r.took.Seconds()
		fmt.Printf("| %-6s | %9d | %8.1f | %9.0f | %9.1f | %14.1f | %13.1f |\n", r.name, r.rows, r.took.Seconds(), rps,
			mib(uint64(r.size)), mib(r.heap), mib(r.sys))
		if r.rows == benchExportOrders {
			b.ReportMetric(rps, strings.ToLower(r.name)+"-rows/s")
			b.ReportMetric(mib(r.heap), strings.ToLower(r.name)+"-peak-heap-MiB")
		}
	}
	fmt.Printf("\npeak RSS of the whole test process (VmHWM): %s\n", vmHWM())
}

// vmHWM is the process's peak resident set size as Linux reports it.
func vmHWM() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}
