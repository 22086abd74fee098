package ops

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/server/httpx"
	"agora/web/ops"
	"agora/web/ui"
)

// reviewVM builds the review page of application id for viewer; form carries
// a failed decision as typed.
func (h Handler) reviewVM(ctx context.Context, viewer account.Account, id uuid.UUID, form ui.Form) (ops.ReviewDetailVM, error) {
	app, err := h.Catalog.GetForReview(ctx, id)
	if err != nil {
		return ops.ReviewDetailVM{}, err
	}
	seller, err := h.Accounts.Get(ctx, app.SellerID)
	if err != nil {
		return ops.ReviewDetailVM{}, err
	}
	company := seller.Name
	if e, err := h.Merchants.MyEntry(ctx, app.SellerID); err == nil {
		company = e.CompanyName
	}
	vm := ops.ReviewDetailVM{ID: app.ID.String(), Number: app.Number, Kind: app.Kind, Status: string(app.Status), Version: app.Version,
		AccessType: app.AccessType, Title: firstOf(app.Title, app.ProductName), Company: company, Account: seller.Name,
		SubmittedAt: app.SubmittedAt, ExtraDays: int(app.ExtraDays), ClaimedAt: app.ClaimedAt, DecidedAt: app.DecidedAt,
		Reason: app.Reason, Form: form}
	if app.DueAt != nil {
		vm.SLA = &ui.SLA{Due: *app.DueAt, Done: app.Status != lifecycle.AppPending}
	}
	actor, _ := merchant.OpsActor(viewer)
	canAct := lifecycle.Application.Can(app.Status, lifecycle.AppApprove, actor)
	mine := app.ClaimedBy != nil && *app.ClaimedBy == viewer.ID
	if app.ClaimedBy != nil {
		if c, err := h.Accounts.Get(ctx, *app.ClaimedBy); err == nil {
			vm.Claimer = c.Name
		}
	}
	vm.ClaimedByMe = mine
	vm.CanClaim = canAct && app.ClaimedBy == nil
	vm.CanUnclaim = canAct && app.ClaimedBy != nil && (mine || viewer.OpsRole == account.OpsAdmin)
	vm.CanDecide = canAct && (app.ClaimedBy == nil || mine)
	if canAct && app.ClaimedBy != nil && !mine {
		vm.BlockedBy = vm.Claimer
	}

	var live catalog.Product
	if app.ProductID != nil {
		live, err = h.Catalog.ProductForOps(ctx, *app.ProductID)
		if err != nil {
			return ops.ReviewDetailVM{}, err
		}
		vm.ProductID, vm.ProductNumber, vm.ProductName, vm.ProductStatus = live.ID.String(), live.Number, live.Name, string(live.Status)
	}
	vals, err := h.reviewValues(ctx, viewer)
	if err != nil {
		return ops.ReviewDetailVM{}, err
	}
	switch {
	case app.Kind == catalog.KindDelist:
		vm.Delist = &ops.ReviewDelist{SpecName: app.Delist.SpecName, Reason: app.Delist.Reason,
			Proof: httpx.FileLink(ctx, h.Files, viewer, app.Delist.ProofFileID)}
	case app.Kind == catalog.KindModify && app.Status != lifecycle.AppApproved && app.Status != lifecycle.AppCancelled:
		// Until it takes effect, a modification is shown against the live version.
		vm.Compare = true
		ch := catalog.Diff(live, app.Content)
		vm.Fields, vm.Specs, vm.ChangeCount = vals.fields(ch), vals.specs(ch), ch.Count()
	default:
		c := app.Content
		c.AccessType = app.AccessType
		ch := catalog.Submitted(c)
		vm.Fields, vm.Specs = vals.fields(ch), vals.specs(ch)
	}
	vm.FieldReasons = reviewNotes(app.AccessType, app.FieldReasons)
	items, err := h.Catalog.Timeline(ctx, catalog.ObjectApplication, id)
	if err != nil {
		return ops.ReviewDetailVM{}, err
	}
	vm.Timeline = httpx.TimelineView(catalog.ObjectApplication, items)
	return vm, nil
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// reviewValues turns stored field values into what a reviewer reads: category
// names, a logo preview, a link to the asset, labels of enumerations.
type reviewValues struct {
	ctx        context.Context
	h          Handler
	viewer     account.Account
	categories map[string]string
}

func (h Handler) reviewValues(ctx context.Context, viewer account.Account) (reviewValues, error) {
	cats, err := h.Catalog.Categories(ctx)
	if err != nil {
		return reviewValues{}, err
	}
	lang := ui.Lang(ctx)
	m := make(map[string]string, len(cats))
	for _, c := range cats {
		m[c.ID] = c.Name(lang)
	}
	return reviewValues{ctx: ctx, h: h, viewer: viewer, categories: m}, nil
}

// enumKeys are the fields whose values are codes with a catalog label.
var enumKeys = map[string]string{"delivery": "review.delivery.", "license_form": "review.license_form.", "billing_mode": "review.billing."}

// enumValues lists the codes each enumerated field may hold.
var enumValues = map[string][]string{
	"delivery":     {catalog.DeliveryInstant, catalog.DeliverySupervised},
	"license_form": {catalog.LicenseAuthCode, catalog.LicenseFile},
	"billing_mode": catalog.BillingModes,
}

func (v reviewValues) value(field, s string) ops.ReviewValue {
	if s == "" {
		return ops.ReviewValue{}
	}
	base := field[strings.LastIndexByte(field, '.')+1:]
	switch base {
	case "logo":
		if f := httpx.FileLink(v.ctx, v.h.Files, v.viewer, s); f != nil {
			return ops.ReviewValue{ImageURL: f.URL}
		}
	case "category_id":
		if name, ok := v.categories[s]; ok {
			return ops.ReviewValue{Text: name}
		}
	case "asset_id":
		if id, err := uuid.Parse(s); err == nil {
			if a, err := v.h.Assets.Get(v.ctx, id); err == nil {
				return ops.ReviewValue{Text: strings.TrimSpace(a.Number + " · " + a.Name + " " + a.Release), Href: "/ops/assets/" + a.ID.String()}
			}
		}
	}
	if prefix, ok := enumKeys[base]; ok && slices.Contains(enumValues[base], s) {
		return ops.ReviewValue{Key: prefix + s}
	}
	return ops.ReviewValue{Text: s}
}

func (v reviewValues) field(f catalog.FieldChange, label string) ops.ReviewField {
	return ops.ReviewField{Field: f.Field, Label: label, Old: v.value(f.Field, f.Old), New: v.value(f.Field, f.New),
		Changed: f.Changed, Long: f.Long}
}

func (v reviewValues) fields(ch catalog.Changes) []ops.ReviewField {
	out := make([]ops.ReviewField, len(ch.Fields))
	for i, f := range ch.Fields {
		out[i] = v.field(f, "review.field."+f.Field)
	}
	return out
}

func (v reviewValues) specs(ch catalog.Changes) []ops.ReviewSpec {
	out := make([]ops.ReviewSpec, len(ch.Specs))
	for i, s := range ch.Specs {
		rs := ops.ReviewSpec{Index: s.Index, State: s.State, LiveStatus: s.LiveStatus}
		if s.Index >= 0 && s.State != catalog.SpecDelisted {
			rs.ReasonField = catalog.SpecField(s.Index, "name")
		}
		for k, f := range s.Fields {
			rs.Fields = append(rs.Fields, v.field(f, "review.spec_field."+catalog.SpecFields[k]))
		}
		out[i] = rs
	}
	return out
}

// reviewNotes lists a rejection's reasons per field in form order.
func reviewNotes(accessType string, reasons map[string]string) []ops.ReviewNote {
	var out []ops.ReviewNote
	for _, f := range append(catalog.ContentFields(accessType), "specs") {
		if r, ok := reasons[f]; ok {
			label := "review.field." + f
			if f == "specs" {
				label = "review.section.specs"
			}
			out = append(out, ops.ReviewNote{Label: label, Reason: r})
		}
	}
	for i := range catalog.MaxSpecs {
		for _, f := range catalog.SpecFields {
			if r, ok := reasons[catalog.SpecField(i, f)]; ok {
				out = append(out, ops.ReviewNote{Label: "review.spec_field." + f, Spec: strconv.Itoa(i + 1), Reason: r})
			}
		}
	}
	return out
}

// reasonField reports whether name is a field of some product form that a
// reviewer may give a reason on.
func reasonField(name string) bool {
	if name == "specs" {
		return true
	}
	for _, t := range catalog.AccessTypes {
		if slices.Contains(catalog.ContentFields(t), name) {
			return true
		}
	}
	parts := strings.Split(name, ".")
	if len(parts) != 3 || parts[0] != "spec" || !slices.Contains(catalog.SpecFields, parts[2]) {
		return false
	}
	i, err := strconv.Atoi(parts[1])
	return err == nil && i >= 0 && i < catalog.MaxSpecs && strconv.Itoa(i) == parts[1]
}

func (h Handler) showReview(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm, err := h.reviewVM(r.Context(), httpx.MustViewer(r.Context()), id, ui.Form{})
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.ReviewDetailPage(vm))
}
