package httpx

import (
	"mime"
	"net/http"
	"time"

	"agora/internal/evidence/bundle"
)

// bundleStall is how long an evidence download may make no progress before
// the server gives up on the client.
const bundleStall = time.Minute

// ServeBundle streams an order's evidence bundle as a ZIP download. The
// archive is written as it is read, so its size never sits in memory; the
// write deadline moves with each write, so a large bundle on a slow line
// finishes as long as it keeps moving. A failure after the first byte can no
// longer change the status: it is logged and the archive ends broken, which
// verification then shows.
func ServeBundle(w http.ResponseWriter, r *http.Request, b *bundle.Bundle) {
	hd := w.Header()
	hd.Set("Content-Type", "application/zip")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": b.FileName()}))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if err := b.Write(r.Context(), &stallWriter{w: w, rc: http.NewResponseController(w)}); err != nil {
		Logger(r.Context()).Error("evidence bundle", "err", err, "order", b.OrderNumber)
	}
}

type stallWriter struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

func (s *stallWriter) Write(p []byte) (int, error) {
	_ = s.rc.SetWriteDeadline(time.Now().Add(bundleStall))
	return s.w.Write(p)
}

// OrderBundle serves the evidence of one of the viewer's orders, as the party
// as (bundle.AsBuyer or bundle.AsSeller): every event of the order, its
// supervision and its appeals, with the attached files. Anyone else's order
// is not found.
func OrderBundle(svc *bundle.Service, as string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := UUIDParam(r, "id")
		if err != nil {
			Error(w, r, err)
			return
		}
		b, err := svc.Order(r.Context(), MustViewer(r.Context()), as, id)
		if err != nil {
			Error(w, r, err)
			return
		}
		ServeBundle(w, r, b)
	}
}
