package storefront

import (
	"net/http"

	"agora/internal/analytics"
	"agora/internal/catalog"
	"agora/internal/server/httpx"
)

// recordView counts a rendered product page for its seller's analytics, in
// the background (the page never waits, and a failure is only logged). Not
// counted: htmx fragments and prefetches (the same person, no new view), the
// seller on their own product, operations staff, bots (analytics.View.Counted).
func (h Handler) recordView(r *http.Request, p catalog.ShopProduct) {
	if h.Analytics == nil || httpx.IsHTMX(r) || r.Header.Get("Sec-Purpose") != "" || r.Header.Get("Purpose") == "prefetch" {
		return
	}
	v := analytics.View{ProductID: p.ID, SellerID: p.SellerID, IP: httpx.ClientIP(r.Context()), UserAgent: r.UserAgent()}
	if a, ok := httpx.Viewer(r.Context()); ok {
		v.Viewer, v.Staff = a.ID, a.IsOps()
	}
	h.Analytics.RecordLater(r.Context(), v)
}
