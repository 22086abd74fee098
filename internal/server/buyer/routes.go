// Package buyer serves the buyer center ("My marketplace").
package buyer

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/inbox"
	"agora/internal/merchant"
	"agora/internal/server/httpx"
	"agora/web/buyer"
	"agora/web/ui"
)

// Handler serves /buyer.
type Handler struct {
	Accounts   *account.Service
	Inbox      *inbox.Service
	Agreements *agreement.Service
	Merchants  *merchant.Service
}

// Routes lists every buyer-center route; all need a login and show only the viewer's own things.
func (h Handler) Routes(r chi.Router) {
	r.Use(httpx.RequireLogin)
	r.Get("/", h.overview)
	r.Get("/account", h.account)
	r.Get("/agreements", h.listAgreements)
	r.Get("/agreements/{id}", h.showAgreement)
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

func (h Handler) listAgreements(w http.ResponseWriter, r *http.Request) {
	list, err := h.Agreements.ListSigned(r.Context(), httpx.MustViewer(r.Context()).ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, buyer.AgreementsPage(httpx.SignedAgreements(ui.Lang(r.Context()), "/buyer/agreements", list)))
}

func (h Handler) showAgreement(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	s, err := h.Agreements.GetSigned(r.Context(), httpx.MustViewer(r.Context()).ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	lang := ui.Lang(r.Context())
	httpx.Render(w, r, http.StatusOK, buyer.AgreementPage(httpx.AgreementTitle(lang, s.Agreement), s.Version,
		httpx.AgreementBody(lang, s.Agreement), ui.Time(r.Context(), s.SignedAt)))
}

func (h Handler) listMessages(w http.ResponseWriter, r *http.Request) {
	page := httpx.Page(r)
	msgs, err := h.Inbox.List(r.Context(), httpx.MustViewer(r.Context()).ID, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	hasNext := len(msgs) > inbox.PageSize
	if hasNext {
		msgs = msgs[:inbox.PageSize]
	}
	httpx.Render(w, r, http.StatusOK, buyer.MessagesPage(httpx.InboxItems(msgs), page, hasNext))
}
