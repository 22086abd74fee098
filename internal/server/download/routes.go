// Package download serves uploaded files to the people allowed to see them.
package download

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"agora/internal/file"
	"agora/internal/server/httpx"
)

// Handler serves /files/{id}.
type Handler struct{ Files *file.Service }

// Routes mounts the download route behind login; the service checks the object.
func (h Handler) Routes(r chi.Router) {
	r.With(httpx.RequireLogin).Get("/files/{id}", h.serve)
}

// serve streams a file as an attachment. Someone else's file is a 404.
func (h Handler) serve(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	f, rc, err := h.Files.Open(r.Context(), httpx.MustViewer(r.Context()), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	defer rc.Close()
	hd := w.Header()
	hd.Set("Content-Type", f.ContentType)
	hd.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, _ = io.Copy(w, rc)
}
