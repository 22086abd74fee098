// Package seller serves the seller center: where an entry stands, the entry
// application, certification, agreements and messages. Product pages (later
// issues) mount behind RequireReady.
package seller

import (
	"github.com/go-chi/chi/v5"

	"agora/internal/agreement"
	"agora/internal/asset"
	"agora/internal/catalog"
	"agora/internal/file"
	"agora/internal/inbox"
	"agora/internal/merchant"
	"agora/internal/server/httpx"
)

// Handler serves /seller.
type Handler struct {
	Merchants  *merchant.Service
	Files      *file.Service
	Agreements *agreement.Service
	Inbox      *inbox.Service
	Catalog    *catalog.Service
	Assets     *asset.Service
	Sessions   httpx.Sessions
}

// Routes lists every seller-center route. Any logged-in account may apply, so
// the group needs a login; each object is the viewer's own by construction.
func (h Handler) Routes(r chi.Router) {
	r.Use(httpx.RequireLogin)
	r.Get("/", h.overview)
	r.Get("/entry", h.showEntry)
	r.Post("/entry", h.submitEntry)
	r.Get("/entry/agreement", h.showCurrentAgreement)
	r.Get("/certification", h.showCert)
	r.Post("/certification", h.submitCert)
	agreements := h.agreementPages()
	r.Get("/agreements", agreements.ServeList)
	r.Get("/agreements/{id}", agreements.ServeOne)
	r.Get("/messages", h.listMessages)
	r.Post("/messages/read-all", httpx.MarkAllRead(h.Inbox, "/seller/messages"))
	r.Post("/messages/{id}/read", httpx.MarkRead(h.Inbox, "/seller/messages"))
	// Product management needs an admitted, certified seller.
	r.Group(func(r chi.Router) {
		r.Use(h.requireReady)
		r.Route("/assets", h.assetRoutes)
	})
}
