package httpx

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence"
	"agora/internal/file"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/supervision"
	"agora/web/ui"
)

// The supervision panel and its steps are shared by the buyer center and the
// seller center: each party sees the same flow and acts in its own role.

// FlowNodes are the nodes of each flow in order, as the progress bar shows them.
var FlowNodes = map[string][]lifecycle.SupStatus{
	lifecycle.FlowStandard: {lifecycle.SupRequirements, lifecycle.SupConfirming, lifecycle.SupImplementing, lifecycle.SupAcceptance, lifecycle.SupCompleted},
	lifecycle.FlowLicense:  {lifecycle.SupImplementing, lifecycle.SupAcceptance, lifecycle.SupCompleted},
	lifecycle.FlowHardware: {lifecycle.SupImplementing, lifecycle.SupAcceptance, lifecycle.SupCompleted},
}

// SupervisionPanel builds the panel of o for viewer under base (the order
// page); nil when the order is not under supervision (yet).
func SupervisionPanel(ctx context.Context, sup *supervision.Service, viewer account.Account, o order.Order, base string,
	formAction string, form ui.Form) (*ui.SupervisionView, error) {
	if !o.Supervised || o.PaidAt == nil {
		return nil, nil
	}
	sv, err := sup.Get(ctx, viewer.ID, o.ID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	role := sv.Party(viewer.ID)
	now := ui.C(ctx).Now
	v := &ui.SupervisionView{Base: base, Role: string(role), Flow: sv.Flow, Status: string(sv.Status), Frozen: sv.Frozen,
		WaitingSince: ui.Time(ctx, sv.NodeSince), Requirements: sv.Requirements, DeliveryNote: sv.DeliveryNote,
		Courier: sv.Courier, Waybill: sv.Waybill, WaybillPhone: sv.WaybillPhone, Rejections: int(sv.Rejections),
		Acceptance: o.Acceptance, Form: form, FormAction: formAction, Today: ui.Tr(ctx).Date(now)}
	switch w := sv.Waiting(); w {
	case lifecycle.Reviewer:
		v.Waiting = "operations"
	default:
		v.Waiting = string(w)
	}
	reached := true
	for _, n := range FlowNodes[sv.Flow] {
		state := "done"
		switch {
		case n == sv.Status:
			state, reached = "current", false
		case !reached || sv.Status == lifecycle.SupUnsubscribed:
			state = "todo"
		}
		v.Nodes = append(v.Nodes, ui.FlowNode{Status: string(n), Label: "sup.node." + sv.Flow + "." + string(n), State: state})
	}
	if sv.Status == lifecycle.SupUnsubscribed {
		v.Nodes = append(v.Nodes, ui.FlowNode{Status: string(sv.Status), Label: "status.supervision." + string(sv.Status), State: "current"})
	}
	if sv.ActualStart != nil {
		v.ActualStart = ui.Tr(ctx).Date(*sv.ActualStart)
	}
	if sv.LicenceUntil != nil {
		v.LicenceUntil = ui.Tr(ctx).Date(*sv.LicenceUntil)
	}
	if sv.SignedAt != nil {
		v.SignedAt = ui.Time(ctx, *sv.SignedAt)
		v.Untrackable = sv.Trackable != nil && !*sv.Trackable && sv.Status == lifecycle.SupAcceptance
	}
	if sv.AutoAcceptAt != nil {
		v.AutoAcceptAt = ui.Time(ctx, *sv.AutoAcceptAt)
		v.AutoAcceptIn = ui.Span(ctx, sv.AutoAcceptAt.Sub(now))
	}
	if sv.PausedLeft != nil {
		v.PausedLeft = ui.Span(ctx, *sv.PausedLeft)
	}
	if !sv.Frozen {
		for _, ev := range sv.Machine().Allowed(sv.Status, role) {
			v.Actions = append(v.Actions, string(ev))
		}
	}
	appeals, err := sup.OrderAppeals(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range appeals {
		av := ui.AppealView{ID: a.ID.String(), Number: a.Number, Status: string(a.Status), AppellantRole: string(a.AppellantRole),
			Reason: a.Reason, Demands: a.Demands, Due: ui.Time(ctx, a.DueAt), AskedRole: a.AskedRole, AskNote: a.AskNote,
			Outcome: a.Outcome, Decision: a.Decision, Mine: a.AppellantID == viewer.ID, AskedMe: a.AskedRole == string(role),
			Active: lifecycle.AppealActive(a.Status)}
		if a.Refund != nil {
			av.Refund = money.Format(*a.Refund)
		}
		v.Appeals = append(v.Appeals, av)
	}
	v.CanAppeal = !sv.Frozen && !sv.Machine().Terminal(sv.Status)
	return v, nil
}

// OrderTimeline merges an order's chains — the order, its supervision and
// its appeals — into one history, each step labelled in its own terms.
func OrderTimeline(ctx context.Context, orders *order.Service, sup *supervision.Service, orderID uuid.UUID,
	more ...OrderEvidence) ([]ui.TimelineItem, error) {
	items, err := orders.Timeline(ctx, orderID)
	if err != nil {
		return nil, err
	}
	out := TimelineView("order", items)
	for _, m := range more {
		kind, mItems, err := m.OrderItems(ctx, orderID)
		if err != nil {
			return nil, err
		}
		out = append(out, TimelineView(kind, mItems)...)
	}
	if sup != nil {
		sItems, err := sup.Timeline(ctx, orderID)
		if err != nil {
			return nil, err
		}
		for _, it := range sItems {
			// An appeal's steps are told by its own chain below.
			if !strings.HasPrefix(it.Event, "appeal_") {
				out = append(out, TimelineView("supervision", []evidence.Item{it})...)
			}
		}
		appeals, err := sup.OrderAppeals(ctx, orderID)
		if err != nil {
			return nil, err
		}
		for _, a := range appeals {
			aItems, err := sup.AppealTimeline(ctx, a.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, TimelineView("appeal", aItems)...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Order < out[j].Order // one transaction's steps, in the order they were taken
	})
	return out, nil
}

// OrderEvidence is a further chain family of an order for its merged
// timeline (unsubscription requests): its kind and events.
type OrderEvidence interface {
	OrderItems(ctx context.Context, orderID uuid.UUID) (kind string, items []evidence.Item, err error)
}

// SupervisionSteps serves one party's steps on an order's supervision and
// appeals, under /orders/{id}; Render shows the order page again with a
// refused step's form.
type SupervisionSteps struct {
	Files    *file.Service
	Sup      *supervision.Service
	Sessions Sessions
	Base     string // /buyer/orders/ or /seller/orders/
	Render   func(w http.ResponseWriter, r *http.Request, status int, formAction string, form ui.Form)
}

// Routes mounts the steps under prefix (the order's path pattern, e.g. /orders/{id}).
func (h SupervisionSteps) Routes(r chi.Router, prefix string) {
	r.Post(prefix+"/supervision/{step}", h.step)
	r.Post(prefix+"/appeals", h.appeal)
	r.Post(prefix+"/appeals/{appeal}/answer", h.answer)
	r.Post(prefix+"/appeals/{appeal}/withdraw", h.withdraw)
}

// stepFields are the fields a step form may carry.
var stepFields = []string{"text", "note", "reason", "actual_start", "licence_until", "courier", "waybill", "waybill_phone",
	"ground", "demands", "kept_files"}

// stepNames maps a step's URL to its event.
var stepNames = map[string]string{"requirements": "submit_requirements", "confirm": "confirm_requirements",
	"return": "return_requirements", "deliver": "deliver", "accept": "accept", "reject": "reject_delivery"}

func (h SupervisionSteps) step(w http.ResponseWriter, r *http.Request) {
	name, ok := stepNames[chi.URLParam(r, "step")]
	if !ok {
		NotFound(w, r)
		return
	}
	h.run(w, r, name, func(ctx context.Context, viewer account.Account, id uuid.UUID, v map[string]string, files []string) error {
		var err error
		switch name {
		case "submit_requirements":
			_, err = h.Sup.SubmitRequirements(ctx, viewer, id, supervision.RequirementsInput{Text: v["text"], Files: files})
		case "confirm_requirements":
			_, err = h.Sup.ConfirmRequirements(ctx, viewer, id, v["note"])
		case "return_requirements":
			_, err = h.Sup.ReturnRequirements(ctx, viewer, id, v["reason"])
		case "deliver":
			_, err = h.Sup.Deliver(ctx, viewer, id, supervision.DeliverInput{Note: v["note"], Files: files, ActualStart: v["actual_start"],
				LicenceUntil: v["licence_until"], Courier: v["courier"], Waybill: v["waybill"], WaybillPhone: v["waybill_phone"]})
		case "accept":
			_, err = h.Sup.Accept(ctx, viewer, id)
		case "reject_delivery":
			_, err = h.Sup.RejectDelivery(ctx, viewer, id, supervision.RejectInput{Reason: v["reason"], Files: files})
		}
		return err
	})
}

func (h SupervisionSteps) appeal(w http.ResponseWriter, r *http.Request) {
	h.run(w, r, "appeal", func(ctx context.Context, viewer account.Account, id uuid.UUID, v map[string]string, files []string) error {
		_, err := h.Sup.FileAppeal(ctx, viewer, id, supervision.AppealInput{Ground: v["ground"], Reason: v["reason"], Demands: v["demands"], Files: files})
		return err
	})
}

func (h SupervisionSteps) answer(w http.ResponseWriter, r *http.Request) {
	h.run(w, r, "answer", func(ctx context.Context, viewer account.Account, _ uuid.UUID, v map[string]string, files []string) error {
		id, err := UUIDParam(r, "appeal")
		if err != nil {
			return err
		}
		return h.Sup.AnswerAppeal(ctx, viewer, id, supervision.MaterialInput{Note: v["note"], Files: files})
	})
}

func (h SupervisionSteps) withdraw(w http.ResponseWriter, r *http.Request) {
	h.run(w, r, "withdraw", func(ctx context.Context, viewer account.Account, _ uuid.UUID, _ map[string]string, _ []string) error {
		id, err := UUIDParam(r, "appeal")
		if err != nil {
			return err
		}
		return h.Sup.WithdrawAppeal(ctx, viewer, id)
	})
}

// maxStepBody bounds a step's request: ten files of at most 20 MB and the text.
const maxStepBody = supervision.MaxFiles*(20<<20) + (1 << 20)

// run parses a step's form, stores its new files, runs act and answers: back
// to the order with a notice, or the order page with the refused form and
// everything typed and uploaded kept.
func (h SupervisionSteps) run(w http.ResponseWriter, r *http.Request, name string,
	act func(context.Context, account.Account, uuid.UUID, map[string]string, []string) error) {
	ctx := r.Context()
	viewer := MustViewer(ctx)
	id, err := UUIDParam(r, "id")
	if err != nil {
		Error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxStepBody)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(4 << 20)
	} else {
		err = r.ParseForm()
	}
	defer func() {
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}()
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.Render(w, r, http.StatusUnprocessableEntity, name, ui.Form{Values: map[string]string{}, Errors: map[string]string{"files": "file.too_large_supervision"}})
		return
	}
	if err != nil {
		Error(w, r, apperr.Wrap(apperr.Invalid, "error.form_invalid", err))
		return
	}
	// Only a party of the order stores files here, and no more than a step takes.
	if _, err := h.Sup.Get(ctx, viewer.ID, id); err != nil {
		Error(w, r, err)
		return
	}
	vals := Values(r, stepFields...)
	files := splitIDs(vals["kept_files"])
	if r.MultipartForm != nil && len(files)+len(r.MultipartForm.File["files"]) > supervision.MaxFiles {
		form := ui.Form{Values: vals, Errors: map[string]string{"files": "supervision.too_many_files"}}
		h.keep(ctx, viewer, &form, files)
		h.Render(w, r, http.StatusUnprocessableEntity, name, form)
		return
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				continue
			}
			stored, err := h.Files.Upload(ctx, viewer.ID, supervision.FilePurpose, fh.Filename, f)
			f.Close()
			if err != nil {
				form, ok := FormOf(err, vals)
				if !ok {
					Error(w, r, err)
					return
				}
				h.keep(ctx, viewer, &form, files)
				form.Errors = map[string]string{"files": form.Error}
				form.Error = ""
				h.Render(w, r, http.StatusUnprocessableEntity, name, form)
				return
			}
			files = append(files, stored.ID.String())
		}
	}
	err = act(ctx, viewer, id, vals, files)
	if err == nil {
		h.Sessions.Flash(ctx, "sup.done."+name)
		Redirect(w, r, h.Base+id.String())
		return
	}
	if form, ok := FormOf(err, vals); ok {
		h.keep(ctx, viewer, &form, files)
		h.Render(w, r, http.StatusUnprocessableEntity, name, form)
		return
	}
	if e, ok := apperr.As(err); ok && (e.Kind == apperr.Conflict || e.Kind == apperr.Forbidden) {
		form := ui.Form{Values: vals, Error: e.Msg}
		h.keep(ctx, viewer, &form, files)
		h.Render(w, r, http.StatusConflict, "", form)
		return
	}
	Error(w, r, err)
}

// keep carries uploaded files into the re-rendered form, so a refused step
// does not ask for them again.
func (h SupervisionSteps) keep(ctx context.Context, viewer account.Account, form *ui.Form, ids []string) {
	var kept, names []string
	for _, raw := range ids {
		id, err := uuid.Parse(raw)
		if err != nil {
			continue
		}
		if f, err := h.Files.Owned(ctx, viewer.ID, id, supervision.FilePurpose); err == nil {
			kept, names = append(kept, f.ID.String()), append(names, f.Name)
		}
	}
	if form.Values == nil {
		form.Values = map[string]string{}
	}
	form.Values["kept_files"] = strings.Join(kept, ",")
	form.Values["kept_names"] = strings.Join(names, ", ")
}

func splitIDs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
