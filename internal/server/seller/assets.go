package seller

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

// assetRoutes mounts my assets (我的资产) under /seller/assets; the group is already ready-only.
// Every {id} is the viewer's own asset: the service answers NotFound for anyone else's.
func (h Handler) assetRoutes(r chi.Router) {
	r.Get("/", h.listAssets)
	r.Post("/", h.createAsset)
	r.Get("/new", h.newAsset)
	r.Get("/{id}", h.showAsset)
	r.Post("/{id}", h.updateAsset)
	r.Post("/{id}/upload", h.uploadAsset)
	r.Post("/{id}/import", h.importAsset)
	r.Post("/{id}/image", h.setAssetImage)
	r.Post("/{id}/submit", h.submitAsset)
	r.Post("/{id}/delete", h.deleteAsset)
}

func assetPath(id uuid.UUID) string { return "/seller/assets/" + id.String() }

func (h Handler) listAssets(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	page := httpx.Page(r)
	list, err := h.Assets.List(ctx, viewer.ID, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.AssetListVM{Page: page, HasNext: len(list) > asset.PageSize}
	if vm.HasNext {
		list = list[:asset.PageSize]
	}
	linked, err := h.Assets.LinkedOf(ctx, viewer.ID, list)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	for _, a := range list {
		can := asset.CanDelete(a) && (a.Status != lifecycle.AssetApproved || !linked[a.ID])
		vm.Rows = append(vm.Rows, seller.AssetRow{ID: a.ID.String(), Number: a.Number, Name: a.Name, Release: a.Release,
			Kind: a.Kind, Status: string(a.Status), Version: a.Version, UpdatedAt: a.UpdatedAt, CanDelete: can})
	}
	al, err := h.Assets.Allowance(ctx, viewer.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm.Quota = quotaView(al)
	httpx.Render(w, r, http.StatusOK, seller.AssetsPage(vm))
}

// canDelete: the machine allows it, and an approved asset is not linked to a product.
func (h Handler) canDelete(ctx context.Context, a asset.Asset) (bool, error) {
	if !asset.CanDelete(a) {
		return false, nil
	}
	if a.Status != lifecycle.AssetApproved {
		return true, nil
	}
	linked, err := h.Assets.Linked(ctx, a)
	return !linked, err
}

var assetKinds = options(asset.Kinds, "asset.kind.")

func (h Handler) newAsset(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("kind")
	if kind == "" {
		kind = asset.KindPackage
	}
	httpx.Render(w, r, http.StatusOK, seller.AssetNewPage(seller.AssetNewVM{Kinds: assetKinds,
		Form: ui.Form{Values: map[string]string{"kind": kind}}}))
}

var detailFields = []string{"name", "release", "description", "version"}

func detailsOf(vals map[string]string) asset.DetailsInput {
	return asset.DetailsInput{Name: vals["name"], Release: vals["release"], Description: vals["description"], Version: vals["version"]}
}

func (h Handler) createAsset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	vals := httpx.Values(r, append(detailFields, "kind")...)
	a, err := h.Assets.Create(ctx, httpx.MustViewer(ctx), vals["kind"], detailsOf(vals))
	if err != nil {
		form, ok := httpx.FormOf(err, vals)
		if !ok {
			httpx.Error(w, r, err)
			return
		}
		httpx.Render(w, r, http.StatusUnprocessableEntity, seller.AssetNewPage(seller.AssetNewVM{Kinds: assetKinds, Form: form}))
		return
	}
	h.Sessions.Flash(ctx, "asset.created")
	httpx.Redirect(w, r, assetPath(a.ID))
}

// assetForms are the forms of the asset page; a nil Values map means "prefill from the asset".
type assetForms struct {
	details, upload, imp, image, submit ui.Form
	confirmed                           []string // the self-check as ticked in a refused submission
}

func (h Handler) showAsset(w http.ResponseWriter, r *http.Request) {
	h.renderAsset(w, r, http.StatusOK, assetForms{})
}

// renderAsset renders the viewer's asset {id} with forms.
func (h Handler) renderAsset(w http.ResponseWriter, r *http.Request, status int, forms assetForms) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	a, err := h.Assets.Mine(ctx, viewer.ID, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm, err := h.assetVM(ctx, viewer, a, forms)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, status, seller.AssetPage(vm))
}

func (h Handler) assetVM(ctx context.Context, viewer account.Account, a asset.Asset, f assetForms) (seller.AssetVM, error) {
	vm := seller.AssetVM{Asset: httpx.AssetDetailView(ctx, h.Files, viewer, a), Editable: a.Editable(), ImportEnabled: h.Assets.ImportEnabled(),
		Regions: options(asset.Regions, "asset.region."), OSes: options(asset.OSes, "asset.os."), Report: httpx.AssetReportView(ctx, a.Report),
		DetailsForm: f.details, UploadForm: f.upload, ImportForm: f.imp, ImageForm: f.image, SubmitForm: f.submit}
	if vm.DetailsForm.Values == nil {
		vm.DetailsForm.Values = map[string]string{"name": a.Name, "release": a.Release, "description": a.Description}
	}
	if vm.ImportForm.Values == nil && a.Source == asset.SourceBucket {
		vm.ImportForm.Values = map[string]string{"bucket": a.Bucket, "object_key": a.ObjectKey,
			"declared_size": strconv.FormatInt(a.DeclaredSize, 10), "declared_sha256": a.DeclaredSHA256}
	}
	if vm.ImageForm.Values == nil && a.ImageRef != "" {
		vm.ImageForm.Values = map[string]string{"image_region": a.ImageRegion, "image_id": a.ImageRef, "image_os": a.ImageOS,
			"image_disk_gb": strconv.Itoa(int(a.ImageDiskGB))}
	}
	confirmed := a.SelfCheck
	if f.confirmed != nil {
		confirmed = f.confirmed
	}
	vm.SelfCheck = httpx.SelfCheckView(confirmed)
	if vm.Editable && a.Kind == asset.KindPackage {
		al, err := h.Assets.Allowance(ctx, viewer.ID)
		if err != nil {
			return vm, err
		}
		vm.Upload = uploadInfo(al)
	}
	can, err := h.canDelete(ctx, a)
	if err != nil {
		return vm, err
	}
	vm.CanDelete = can
	vm.Linked = a.Status == lifecycle.AssetApproved && !can
	items, err := h.Assets.Timeline(ctx, a.ID)
	if err != nil {
		return vm, err
	}
	vm.Timeline = httpx.TimelineView("asset", items)
	return vm, nil
}

// assetDone answers a successful change: back to the asset with a notice.
func (h Handler) assetDone(w http.ResponseWriter, r *http.Request, id uuid.UUID, flash string) {
	h.Sessions.Flash(r.Context(), flash)
	httpx.Redirect(w, r, assetPath(id))
}

// assetFailed answers a refused change. A stale form or a state that moved on
// goes back to the asset, saying so; invalid input re-renders the page with
// the form (chosen by set) showing its messages; anything else is an error page.
func (h Handler) assetFailed(w http.ResponseWriter, r *http.Request, id uuid.UUID, err error, vals map[string]string, set func(*assetForms, ui.Form)) {
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict && len(e.Args) == 0 {
		msg := e.Msg
		if msg == evidence.ErrAlreadyHandled {
			msg = "asset.stale"
		}
		h.assetDone(w, r, id, msg)
		return
	}
	form, ok := httpx.FormOf(err, vals)
	if !ok {
		httpx.Error(w, r, err)
		return
	}
	var forms assetForms
	set(&forms, form)
	h.renderAsset(w, r, http.StatusUnprocessableEntity, forms)
}

func (h Handler) updateAsset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.Values(r, detailFields...)
	if _, err := h.Assets.UpdateDetails(ctx, httpx.MustViewer(ctx).ID, id, detailsOf(vals)); err != nil {
		h.assetFailed(w, r, id, err, vals, func(f *assetForms, form ui.Form) { f.details = form })
		return
	}
	h.assetDone(w, r, id, "asset.saved")
}

var importFields = []string{"bucket", "object_key", "declared_size", "declared_sha256", "version"}

func (h Handler) importAsset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.Values(r, importFields...)
	in := asset.ImportInput{Bucket: vals["bucket"], Key: vals["object_key"], Size: vals["declared_size"], SHA256: vals["declared_sha256"],
		Version: vals["version"]}
	if _, err := h.Assets.Import(ctx, httpx.MustViewer(ctx).ID, id, in); err != nil {
		h.assetFailed(w, r, id, err, vals, func(f *assetForms, form ui.Form) { f.imp = form })
		return
	}
	h.assetDone(w, r, id, "asset.imported")
}

var imageFields = []string{"image_region", "image_id", "image_os", "image_disk_gb", "version"}

func (h Handler) setAssetImage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.Values(r, imageFields...)
	in := asset.ImageInput{Region: vals["image_region"], ImageID: vals["image_id"], OS: vals["image_os"], DiskGB: vals["image_disk_gb"],
		Version: vals["version"]}
	if _, err := h.Assets.SetImage(ctx, httpx.MustViewer(ctx).ID, id, in); err != nil {
		h.assetFailed(w, r, id, err, vals, func(f *assetForms, form ui.Form) { f.image = form })
		return
	}
	h.assetDone(w, r, id, "asset.image_saved")
}

func (h Handler) submitAsset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		httpx.Error(w, r, apperr.Wrap(apperr.Invalid, "error.form_invalid", err))
		return
	}
	confirmed := r.PostForm["self_check"]
	if confirmed == nil {
		confirmed = []string{}
	}
	vals := map[string]string{"version": r.PostFormValue("version")}
	if _, err := h.Assets.Submit(ctx, httpx.MustViewer(ctx), id, asset.SubmitInput{Confirmed: confirmed, Version: vals["version"]}); err != nil {
		h.assetFailed(w, r, id, err, vals, func(f *assetForms, form ui.Form) { f.submit, f.confirmed = form, confirmed })
		return
	}
	h.assetDone(w, r, id, "asset.submitted")
}

func (h Handler) deleteAsset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.Assets.Delete(ctx, httpx.MustViewer(ctx), id, r.PostFormValue("version")); err != nil {
		h.assetFailed(w, r, id, err, nil, func(*assetForms, ui.Form) {})
		return
	}
	h.Sessions.Flash(ctx, "asset.deleted")
	httpx.Redirect(w, r, "/seller/assets")
}
