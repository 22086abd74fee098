// Package buyer serves the buyer center ("My marketplace").
package buyer

import (
	"agora/internal/invoice"
	"net/http"

	"github.com/go-chi/chi/v5"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/evidence/bundle"
	"agora/internal/export"
	"agora/internal/file"
	"agora/internal/inbox"
	"agora/internal/ledger"
	"agora/internal/merchant"
	"agora/internal/order"
	"agora/internal/server/httpx"
	"agora/internal/supervision"
	"agora/internal/unsub"
	"agora/web/buyer"
	"agora/web/ui"
)

// Handler serves /buyer.
type Handler struct {
	Accounts    *account.Service
	Inbox       *inbox.Service
	Agreements  *agreement.Service
	Merchants   *merchant.Service
	Ledger      *ledger.Service
	Orders      *order.Service
	Supervision *supervision.Service
	Unsub       *unsub.Service
	Files       *file.Service
	Evidence    *bundle.Service
	Invoices    *invoice.Service
	Sessions    httpx.Sessions
	Exports     *export.Service
}

// Routes lists every buyer-center route; all need a login and show only the viewer's own things.
func (h Handler) Routes(r chi.Router) {
	r.Use(httpx.RequireLogin)
	r.Get("/", h.overview)
	r.Get("/account", h.account)
	agreements := httpx.AgreementPages{Service: h.Agreements, Base: "/buyer/agreements", List: buyer.AgreementsPage, One: buyer.AgreementPage}
	r.Get("/agreements", agreements.ServeList)
	r.Get("/agreements/{id}", agreements.ServeOne)
	h.orderRoutes(r)
	h.unsubRoutes(r)
	h.exportRoutes(r)
	h.invoiceRoutes(r)
	r.Get("/orders/{id}/evidence.zip", httpx.OrderBundle(h.Evidence, bundle.AsBuyer))
	r.Get("/balance", h.balance)
	r.Get("/messages", h.listMessages)
	r.Post("/messages/read-all", httpx.MarkAllRead(h.Inbox, "/buyer/messages"))
	r.Post("/messages/{id}/read", httpx.MarkRead(h.Inbox, "/buyer/messages"))
}

func (h Handler) accountVM(r *http.Request) (buyer.AccountVM, error) {
	a := httpx.MustViewer(r.Context())
	st, err := h.Merchants.Standing(r.Context(), a.ID)
	if err != nil {
		return buyer.AccountVM{}, err
	}
	return buyer.AccountVM{Name: a.Name, PublicID: a.PublicID, Email: a.Email, CreatedAt: a.CreatedAt,
		Unread: ui.C(r.Context()).Viewer.Unread, Stage: string(st.Stage)}, nil
}

func (h Handler) overview(w http.ResponseWriter, r *http.Request) {
	vm, err := h.accountVM(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, buyer.OverviewPage(vm))
}

func (h Handler) account(w http.ResponseWriter, r *http.Request) {
	vm, err := h.accountVM(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, buyer.AccountPage(vm))
}

func (h Handler) listMessages(w http.ResponseWriter, r *http.Request) {
	items, page, hasNext, err := httpx.InboxPage(h.Inbox, r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, buyer.MessagesPage(items, page, hasNext))
}
