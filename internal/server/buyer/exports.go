package buyer

import (
	"github.com/go-chi/chi/v5"

	"agora/internal/export"
	"agora/internal/server/httpx"
	"agora/web/buyer"
)

// exportRoutes are the export records of the buyer's order list: the list,
// one export, and the request the order list's filter form posts.
func (h Handler) exportRoutes(r chi.Router) {
	p := httpx.ExportPages{Service: h.Exports, Sessions: h.Sessions, Side: export.SideBuyer, Base: "/buyer/exports",
		Orders: "/buyer/orders", List: buyer.ExportsPage, One: buyer.ExportPage}
	r.Get("/exports", p.ServeList)
	r.Post("/exports", p.Request)
	r.Get("/exports/{id}", p.ServeOne)
}
