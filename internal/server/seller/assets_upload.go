package seller

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"time"

	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
	"agora/web/ui"
)

// uploadTime is how long one package upload may take: 1 GB at 1 MB/s with room
// to spare. The server's own read and write deadlines are shorter (they suit pages).
const uploadTime = 3 * time.Hour

// multipartSlack is what the multipart framing adds to a file.
const multipartSlack = 64 << 10

// maxOtherPart bounds a form field other than the file.
const maxOtherPart = 64 << 10

// drainLimit is how much of a refused upload is still read, so that the
// browser (which keeps sending) gets to see the answer; beyond it the
// connection is simply closed.
const drainLimit = 32 << 20

// uploadAsset streams the package in the "file" part of a multipart form
// straight to the blob store: no ParseMultipartForm, no temporary copy of the
// request. The page's script sends the same form by XHR to show progress; it
// then gets an HX-Redirect (success) or the page to take the message from.
func (h Handler) uploadAsset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadTime))
	_ = rc.SetWriteDeadline(time.Now().Add(uploadTime))
	fail := func(err error) {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			_, _ = io.CopyN(io.Discard, r.Body, drainLimit)
		}
		h.assetFailed(w, r, id, err, map[string]string{}, func(f *assetForms, form ui.Form) { f.upload = form })
	}
	// Refuse what is plainly too big before reading it.
	if r.ContentLength > 0 {
		al, err := h.Assets.Allowance(ctx, viewer.ID)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if next := al.Next(); r.ContentLength > next+multipartSlack {
			info := uploadInfo(al)
			fail(apperr.E(apperr.Invalid, info.LimitMsg, info.LimitArgs...))
			return
		}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		fail(apperr.Wrap(apperr.Invalid, "asset.upload_choose", err))
		return
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			fail(apperr.E(apperr.Invalid, "asset.upload_choose"))
			return
		}
		if err != nil {
			fail(apperr.Wrap(apperr.Invalid, "asset.upload_interrupted", err))
			return
		}
		if part.FormName() != "file" {
			// The form has no other field of any size: skip small ones, refuse the rest.
			n, _ := io.CopyN(io.Discard, part, maxOtherPart+1)
			part.Close()
			if n > maxOtherPart {
				fail(apperr.E(apperr.Invalid, "asset.upload_choose"))
				return
			}
			continue
		}
		h.storeUpload(w, r, part, fail)
		return
	}
}

func (h Handler) storeUpload(w http.ResponseWriter, r *http.Request, part *multipart.Part, fail func(error)) {
	defer part.Close()
	ctx := r.Context()
	id, _ := httpx.UUIDParam(r, "id")
	if part.FileName() == "" {
		fail(apperr.E(apperr.Invalid, "asset.upload_choose"))
		return
	}
	if _, err := h.Assets.Upload(ctx, httpx.MustViewer(ctx).ID, id, part.FileName(), part); err != nil {
		fail(err)
		return
	}
	h.assetDone(w, r, id, "asset.uploaded")
}
