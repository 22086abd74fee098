// Package download serves uploaded files to the people allowed to see them.
package download

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"agora/internal/file"
	"agora/internal/server/httpx"
)

// DefaultStall is how long a download may make no progress before the
// server gives up on the client.
const DefaultStall = time.Minute

// Handler serves /files/{id}.
type Handler struct {
	Files *file.Service
	Stall time.Duration // zero: DefaultStall
}

// Routes mounts the download route behind login; the service checks the object.
func (h Handler) Routes(r chi.Router) {
	r.With(httpx.RequireLogin).Get("/files/{id}", h.serve)
}

// serve streams a file as an attachment. Someone else's file is a 404. Byte
// ranges let a broken download of a large package resume, and the server's
// write timeout becomes a stall timeout, so a gigabyte on a slow line
// finishes as long as it keeps moving.
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
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	stall := h.Stall
	if stall <= 0 {
		stall = DefaultStall
	}
	mw := &movingWriter{ResponseWriter: w, rc: http.NewResponseController(w), stall: stall}
	mw.extend()
	if rs, ok := rc.(io.ReadSeeker); ok {
		if f.SHA256 != "" {
			hd.Set("ETag", `"`+f.SHA256+`"`) // lets If-Range resume only the same content
		}
		http.ServeContent(mw, r, "", time.Time{}, rs)
		return
	}
	hd.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	_, _ = io.Copy(mw, rc)
}

// movingWriter pushes the connection's write deadline forward on every write.
type movingWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
}

func (m *movingWriter) extend() { _ = m.rc.SetWriteDeadline(time.Now().Add(m.stall)) }

func (m *movingWriter) Write(p []byte) (int, error) {
	m.extend()
	return m.ResponseWriter.Write(p)
}

// Unwrap gives http.ResponseController the underlying writer.
func (m *movingWriter) Unwrap() http.ResponseWriter { return m.ResponseWriter }
