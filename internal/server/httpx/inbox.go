package httpx

import (
	"net/http"

	"agora/internal/inbox"
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
