package seller

import (
	"github.com/go-chi/chi/v5"

	"agora/internal/export"
	"agora/internal/server/httpx"
	"agora/web/seller"
)

// exportRoutes are the export records of the seller's order list (导出记录,
// domain §6.1): the list, one export, and the request the order list's filter form posts.
func (h Handler) exportRoutes(r chi.Router) {
	p := httpx.ExportPages{Service: h.Exports, Sessions: h.Sessions, Side: export.SideSeller, Base: "/seller/exports",
		Orders: "/seller/orders", List: seller.ExportsPage, One: seller.ExportPage}
	r.Get("/exports", p.ServeList)
	r.Post("/exports", p.Request)
	r.Get("/exports/{id}", p.ServeOne)
}
