// Package seller serves the seller center: where an entry stands, the entry
// application, certification, agreements and messages. Product pages (later
// issues) mount behind RequireReady.
package seller

import (
	"agora/internal/analytics"
	"agora/internal/invoice"
	"agora/internal/settlement"
	"github.com/go-chi/chi/v5"

	"agora/internal/agreement"
	"agora/internal/asset"
	"agora/internal/catalog"
	"agora/internal/evidence/bundle"
	"agora/internal/export"
	"agora/internal/file"
	"agora/internal/inbox"
	"agora/internal/merchant"
	"agora/internal/order"
	"agora/internal/server/httpx"
	"agora/internal/supervision"
	"agora/internal/unsub"
)

// Handler serves /seller.
type Handler struct {
	Merchants   *merchant.Service
	Files       *file.Service
	Agreements  *agreement.Service
	Inbox       *inbox.Service
	Catalog     *catalog.Service
	Assets      *asset.Service
	Orders      *order.Service
	Supervision *supervision.Service
	Unsub       *unsub.Service
	Evidence    *bundle.Service
	Invoices    *invoice.Service
	Settlement  *settlement.Service
	Analytics   *analytics.Service
	Sessions    httpx.Sessions
	Exports     *export.Service
	BaseURL     string // the public address, for product links sellers copy
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
		r.Get("/orders", h.listOrders)
		r.Get("/orders/{id}", h.showOrder)
		h.unsubRoutes(r)
		h.exportRoutes(r)
		h.invoiceRoutes(r)
		h.settlementRoutes(r)
		h.analyticsRoutes(r)
		r.Get("/orders/{id}/evidence.zip", httpx.OrderBundle(h.Evidence, bundle.AsSeller))
		httpx.SupervisionSteps{Files: h.Files, Sup: h.Supervision, Sessions: h.Sessions, Base: "/seller/orders/",
			Render: h.renderOrder}.Routes(r, "/orders/{id}")
		r.Get("/products", h.listProducts)
		r.Get("/products/new", h.newProduct)
		r.Post("/products/new", h.startRelease)
		r.Get("/products/{id}", h.showProduct)
		r.Post("/products/{id}/modify", h.modifyProduct)
		r.Post("/products/{id}/public", h.setPublic)
		r.Post("/products/{id}/specs/{spec}/public", h.setSpecPublic)
		r.Get("/products/{id}/delist", h.showDelist)
		r.Post("/products/{id}/delist", h.requestDelist)
		r.Get("/products/{id}/sales", h.showSales)
		r.Post("/products/{id}/sales/target", h.setTarget)
		r.Post("/products/{id}/sales/specs/{spec}", h.setSpecSales)
		r.Post("/products/{id}/sales/{scope:buyers|trial}", h.addMember)
		r.Post("/products/{id}/sales/{scope:buyers|trial}/{account}/remove", h.removeMember)
		r.Get("/applications", h.listApplications(false))
		r.Get("/drafts", h.listApplications(true))
		r.Get("/applications/{id}", h.showApplication)
		r.Get("/applications/{id}/edit", h.editApplication)
		r.Post("/applications/{id}/autosave", h.autosave)
		r.Post("/applications/{id}/save", h.editStep(noChange))
		r.Post("/applications/{id}/specs/add", h.editStep(addSpec))
		r.Post("/applications/{id}/specs/{index}/remove", h.editStep(removeSpec))
		r.Post("/applications/{id}/logo", h.editStep(h.takeLogo))
		r.Post("/applications/{id}/submit", h.submitApplication)
		r.Post("/applications/{id}/withdraw", h.applicationAction(h.Catalog.Withdraw, "product.withdrawn", ""))
		r.Post("/applications/{id}/delete", h.applicationAction(h.Catalog.Delete, "product.deleted", "/seller/applications"))
	})
}
