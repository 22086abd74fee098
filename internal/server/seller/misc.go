package seller

import (
	"net/http"

	"agora/internal/server/httpx"
	"agora/web/seller"
)

func (h Handler) listMessages(w http.ResponseWriter, r *http.Request) {
	items, page, hasNext, err := httpx.InboxPage(h.Inbox, r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, seller.MessagesPage(items, page, hasNext))
}

func (h Handler) agreementPages() httpx.AgreementPages {
	return httpx.AgreementPages{Service: h.Agreements, Base: "/seller/agreements", List: seller.AgreementsPage, One: seller.AgreementPage}
}
