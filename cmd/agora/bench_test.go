package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"agora/internal/account"
)

// Benchmarks for `make bench`: the same server answers a static file (the
// ceiling of HTTP plus middleware), the storefront, and a reviewer's queue of
// 500 pending applications. Compare ns/op between them, not against a constant.
func BenchmarkPages(b *testing.B) {
	h := newHarness(b)
	h.account("bench-rev", account.OpsReviewer)
	for i := 0; i < 500; i++ {
		submitEntry(b, h, h.account(fmt.Sprintf("bench-%03d", i), ""), fmt.Sprintf("Bench Co %03d", i))
	}
	c := h.client()
	c.post("/login", url.Values{"name": {"bench-rev"}, "password": {"Passw0rd!x"}})
	for _, path := range []string{"/static/css/app.css", "/", "/ops/entries", "/healthz"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest(http.MethodGet, h.URL+path, nil)
					res, err := c.http.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						b.Fatalf("%s: %d", path, res.StatusCode)
					}
				}
			})
		})
	}
}
