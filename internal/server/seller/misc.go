package seller

import (
	"net/http"

	"agora/internal/inbox"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

func (h Handler) listAgreements(w http.ResponseWriter, r *http.Request) {
	list, err := h.Agreements.ListSigned(r.Context(), httpx.MustViewer(r.Context()).ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, seller.AgreementsPage(httpx.SignedAgreements(ui.Lang(r.Context()), "/seller/agreements", list)))
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
	httpx.Render(w, r, http.StatusOK, seller.AgreementPage(httpx.AgreementTitle(lang, s.Agreement), s.Version,
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
	httpx.Render(w, r, http.StatusOK, seller.MessagesPage(httpx.InboxItems(msgs), page, hasNext))
}
