package seller

import (
	"net/http"

	"agora/internal/evidence/bundle"
	"agora/internal/server/httpx"
)

// evidenceBundle downloads the evidence of one of the seller's orders: every
// event of the order, its supervision and its appeals, with the attached
// files. Anyone else's order is not found.
func (h Handler) evidenceBundle(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	b, err := h.Evidence.Order(r.Context(), httpx.MustViewer(r.Context()), bundle.AsSeller, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.ServeBundle(w, r, b)
}
