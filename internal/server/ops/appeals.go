package ops

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/evidence/bundle"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/internal/supervision"
	"agora/web/ops"
	"agora/web/ui"
)

// appealRoutes mounts the arbitration console under /ops/appeals. Reading is
// for all operations staff; asking and deciding need a role that arbitrates
// (the service checks it).
func (h Handler) appealRoutes(r chi.Router) {
	r.Get("/", h.appealQueue)
	r.Get("/{id}", h.showAppeal)
	r.Post("/{id}/ask", h.askForMaterial)
	r.Post("/{id}/decision", h.decideAppeal)
	r.Get("/{id}/evidence.zip", h.appealEvidence)
}

// appealQueue lists open appeals by their 3-working-day deadline, or the latest decisions.
func (h Handler) appealQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	decided := r.URL.Query().Get("view") == "decided"
	page := httpx.Page(r)
	rows, more, err := h.Supervision.AppealQueue(ctx, decided, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	open, err := h.Supervision.OpenAppeals(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := ops.AppealQueueVM{View: "open", Open: open, Page: page, HasNext: more, PagerURL: "/ops/appeals?"}
	if decided {
		vm.View, vm.PagerURL = "decided", "/ops/appeals?view=decided&"
	}
	for _, a := range rows {
		vm.Rows = append(vm.Rows, ops.AppealRow{Href: "/ops/appeals/" + a.ID.String(), Number: a.Number, OrderNumber: a.OrderNumber,
			Product: a.ProductName, Amount: money.Format(a.Amount), Flow: a.Flow, Appellant: string(a.AppellantRole), Node: string(a.Node),
			Status: string(a.Status), AskedRole: a.AskedRole, Outcome: a.Outcome, Refund: refundText(a.Refund), Filed: a.CreatedAt,
			DecidedAt: a.DecidedAt, SLA: ui.SLA{Due: a.DueAt, Done: !lifecycle.AppealActive(a.Status)}})
	}
	httpx.Render(w, r, http.StatusOK, ops.AppealQueuePage(vm))
}

func refundText(f *money.Fen) string {
	if f == nil {
		return ""
	}
	return money.Format(*f)
}

// appealVM builds the arbitration page of appeal id for viewer.
func (h Handler) appealVM(ctx context.Context, viewer account.Account, id uuid.UUID) (ops.AppealDetailVM, error) {
	a, err := h.Supervision.AppealForOps(ctx, id)
	if err != nil {
		return ops.AppealDetailVM{}, err
	}
	o, err := h.Orders.OrderForOps(ctx, a.OrderID)
	if err != nil {
		return ops.AppealDetailVM{}, err
	}
	sv, err := h.Supervision.ForOps(ctx, a.OrderID)
	if err != nil {
		return ops.AppealDetailVM{}, err
	}
	ev, err := h.Evidence.Order(ctx, viewer, bundle.AsOps, a.OrderID)
	if err != nil {
		return ops.AppealDetailVM{}, err
	}
	all, err := h.Supervision.OrderAppeals(ctx, a.OrderID)
	if err != nil {
		return ops.AppealDetailVM{}, err
	}
	vm := ops.AppealDetailVM{ID: a.ID.String(), Number: a.Number, Status: string(a.Status), Version: a.Version,
		AppellantRole: string(a.AppellantRole), Appellant: h.accountName(ctx, a.AppellantID), Node: string(a.Node), Reason: a.Reason,
		Demands: a.Demands, Filed: a.CreatedAt, SLA: ui.SLA{Due: a.DueAt, Done: !lifecycle.AppealActive(a.Status)},
		AskedRole: a.AskedRole, AskNote: a.AskNote, Outcome: a.Outcome, Decision: a.Decision, Refund: refundText(a.Refund),
		DecidedAt: a.DecidedAt, Order: httpx.OrderDetail(ctx, o, "/ops/orders/"), Sup: supervisionView(ctx, sv),
		Timeline: mergedTimeline(ev.Merged()), EvidenceURL: "/ops/appeals/" + a.ID.String() + "/evidence.zip"}
	vm.Order.RenewsHref = "" // the console has no order pages of its own
	if a.DecidedBy != nil {
		vm.DecidedBy = h.accountName(ctx, *a.DecidedBy)
	}
	vm.Seller = h.accountName(ctx, o.SellerID)
	if e, err := h.Merchants.MyEntry(ctx, o.SellerID); err == nil && e.CompanyName != "" {
		vm.Seller = e.CompanyName + " · " + vm.Seller
	}
	for _, other := range all {
		if other.ID != a.ID {
			vm.Others = append(vm.Others, ops.AppealLink{Href: "/ops/appeals/" + other.ID.String(), Number: other.Number,
				Status: string(other.Status), Filed: other.CreatedAt})
		}
	}
	if actor, err := merchant.OpsActor(viewer); err == nil {
		st := lifecycle.AppealStatus(a.Status)
		vm.CanAsk = lifecycle.Appeal.Can(st, lifecycle.AppealAsk, actor)
		vm.CanDecide = lifecycle.Appeal.Can(st, lifecycle.AppealDecide, actor)
	}
	for _, out := range supervision.OutcomesFor(sv) {
		vm.Outcomes = append(vm.Outcomes, ui.Option{Value: out, Label: "appeal.outcome." + out})
		if out == supervision.OutcomeUnsubscribe {
			vm.RefundMax, vm.PaidText = money.Input(o.Amount), money.Format(o.Amount)
		}
	}
	vm.DecideForm = ui.Form{Values: map[string]string{"refund": vm.RefundMax}}
	return vm, nil
}

func (h Handler) accountName(ctx context.Context, id uuid.UUID) string {
	if a, err := h.Accounts.Get(ctx, id); err == nil {
		return a.Name
	}
	return ""
}

// supervisionView is where the order's supervision stands.
func supervisionView(ctx context.Context, sv supervision.Supervision) ops.AppealSupervision {
	v := ops.AppealSupervision{Flow: sv.Flow, Status: string(sv.Status), Frozen: sv.Frozen, NodeSince: sv.NodeSince,
		Requirements: sv.Requirements, DeliveryNote: sv.DeliveryNote, ActualStart: sv.ActualStart, LicenceUntil: sv.LicenceUntil,
		Courier: sv.Courier, Waybill: sv.Waybill, WaybillPhone: sv.WaybillPhone, SignedAt: sv.SignedAt, Trackable: sv.Trackable,
		AutoAcceptAt: sv.AutoAcceptAt, Rejections: int(sv.Rejections)}
	if sv.PausedLeft != nil {
		v.PausedLeft = spanText(ctx, *sv.PausedLeft)
	}
	return v
}

// spanText says how long d is: "6 d 4 h", "3 h", "12 min".
func spanText(ctx context.Context, d time.Duration) string {
	if d < 0 {
		d = 0
	}
	days, hours := int(d.Hours())/24, int(d.Hours())%24
	switch {
	case days > 0:
		return ui.T(ctx, "sla.days_hours", "d", days, "h", hours)
	case hours > 0:
		return ui.T(ctx, "sla.hours", "h", hours)
	}
	return ui.T(ctx, "sla.minutes", "m", max(1, int(d.Minutes())))
}

// mergedTimeline labels each event of the order's chains with its own kind's
// event and status keys; attachments link to the download route, which lets
// operations read any file.
func mergedTimeline(items []bundle.Item) []ops.MergedItem {
	out := make([]ops.MergedItem, len(items))
	for i, it := range items {
		m := ops.MergedItem{Kind: it.Kind, TimelineItem: ui.TimelineItem{At: it.Time(), Actor: it.ActorName, Role: "role." + it.ActorRole,
			Event: "event." + it.Kind + "." + it.Event.Event, To: "status." + it.Kind + "." + it.To, Reason: it.Reason, Hash: it.Hash}}
		if it.Kind == supervision.ObjectAppeal {
			m.Label = it.Label
		}
		for _, a := range it.Attachments {
			m.Attachments = append(m.Attachments, ui.Attachment{Name: a.Name, URL: "/files/" + a.FileID.String(), Size: a.Size, SHA: a.SHA256})
		}
		out[i] = m
	}
	return out
}

func (h Handler) showAppeal(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm, err := h.appealVM(r.Context(), httpx.MustViewer(r.Context()), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.AppealDetailPage(vm))
}

// askForMaterial asks the buyer or the seller for more material.
func (h Handler) askForMaterial(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	values := httpx.TrimmedValues(r, "party", "note", "version")
	err = h.Supervision.AskForMaterial(ctx, httpx.MustViewer(ctx), id,
		supervision.AskInput{Party: values["party"], Note: values["note"], Version: values["version"]})
	if err != nil {
		h.appealRefused(w, r, id, err, func(vm *ops.AppealDetailVM, f ui.Form) { vm.AskForm = f }, values)
		return
	}
	h.Sessions.Flash(ctx, "arbitration.asked_flash")
	httpx.Redirect(w, r, "/ops/appeals/"+id.String())
}

// decideAppeal arbitrates. Of two reviewers deciding at once, one decides and
// the other is shown the appeal as decided, told it was already handled.
func (h Handler) decideAppeal(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	values := httpx.TrimmedValues(r, "outcome", "reasoning", "refund", "version")
	in := supervision.DecisionInput{Outcome: values["outcome"], Reasoning: values["reasoning"], Version: values["version"]}
	if in.Outcome == supervision.OutcomeUnsubscribe {
		in.Refund = values["refund"]
	}
	if err := h.Supervision.Decide(ctx, httpx.MustViewer(ctx), id, in); err != nil {
		h.appealRefused(w, r, id, err, func(vm *ops.AppealDetailVM, f ui.Form) { vm.DecideForm = f }, values)
		return
	}
	h.Sessions.Flash(ctx, "arbitration.decided_flash")
	httpx.Redirect(w, r, "/ops/appeals/"+id.String())
}

// appealRefused shows the appeal again after a refused step: invalid input
// in its form as typed (422), a lost race with the appeal as it now stands (409).
func (h Handler) appealRefused(w http.ResponseWriter, r *http.Request, id uuid.UUID, err error, put func(*ops.AppealDetailVM, ui.Form),
	values map[string]string) {
	ctx := r.Context()
	form, invalid := httpx.FormOf(err, values)
	conflict := apperr.Is(err, apperr.Conflict)
	if !invalid && !conflict {
		httpx.Error(w, r, err)
		return
	}
	vm, verr := h.appealVM(ctx, httpx.MustViewer(ctx), id)
	if verr != nil {
		httpx.Error(w, r, verr)
		return
	}
	status := http.StatusUnprocessableEntity
	if conflict {
		status, vm.Alert = http.StatusConflict, "error.already_handled"
		if e, ok := apperr.As(err); ok && e.Msg != "" {
			vm.Alert = e.Msg
		}
	} else {
		put(&vm, form)
	}
	httpx.Render(w, r, status, ops.AppealDetailPage(vm))
}

// appealEvidence downloads the evidence bundle of the appeal's order.
func (h Handler) appealEvidence(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	b, err := h.Evidence.Appeal(r.Context(), httpx.MustViewer(r.Context()), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.ServeBundle(w, r, b)
}
