package httpx

import (
	"net/http"

	"agora/internal/inbox"
	"agora/web/ui"
)

// MarkRead handles POST <base>/{id}/read for the viewer's own message.
func MarkRead(svc *inbox.Service, base string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := UUIDParam(r, "id")
		if err == nil {
			err = svc.MarkRead(r.Context(), MustViewer(r.Context()).ID, id)
		}
		if err != nil {
			Error(w, r, err)
			return
		}
		Redirect(w, r, base)
	}
}

// MarkAllRead handles POST <base>/read-all.
func MarkAllRead(svc *inbox.Service, base string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := svc.MarkAllRead(r.Context(), MustViewer(r.Context()).ID); err != nil {
			Error(w, r, err)
			return
		}
		Redirect(w, r, base)
	}
}

// InboxPage loads one page of the viewer's messages for display.
func InboxPage(svc *inbox.Service, r *http.Request) (items []ui.InboxItem, page int, hasNext bool, err error) {
	page = Page(r)
	msgs, err := svc.List(r.Context(), MustViewer(r.Context()).ID, page)
	if err != nil {
		return nil, page, false, err
	}
	if hasNext = len(msgs) > inbox.PageSize; hasNext {
		msgs = msgs[:inbox.PageSize]
	}
	return InboxItems(msgs), page, hasNext, nil
}
