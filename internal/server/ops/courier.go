package ops

import (
	"context"
	"net/http"
	"strconv"

	"agora/internal/account"
	"agora/internal/server/httpx"
	"agora/internal/supervision"
	"agora/web/ops"
	"agora/web/ui"
)

// recentCourierEvents is how many recorded courier events the tracker lists.
const recentCourierEvents = 20

// courierVM builds the tracker page; applied < 0 when no sign-off was just recorded.
func (h Handler) courierVM(ctx context.Context, viewer account.Account, form ui.Form, applied int) (ops.CourierVM, error) {
	events, err := h.Supervision.RecentCourierEvents(ctx, viewer, recentCourierEvents)
	if err != nil {
		return ops.CourierVM{}, err
	}
	loc := ui.Tr(ctx).Location()
	vm := ops.CourierVM{Form: form, Applied: applied, Now: ui.C(ctx).Now.In(loc).Format("2006-01-02T15:04")}
	for _, e := range events {
		vm.Events = append(vm.Events, ops.CourierRow{Courier: e.Courier, Waybill: e.Waybill, Phone: e.Phone, HappenedAt: e.HappenedAt,
			RecordedAt: e.RecordedAt, Recorder: e.Recorder, Deliveries: e.Deliveries})
	}
	return vm, nil
}

// showCourier is the built-in courier tracker; after a sign-off it says how
// many deliveries the sign-off applied to (?applied=n).
func (h Handler) showCourier(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	applied := -1
	if n, err := strconv.Atoi(r.URL.Query().Get("applied")); err == nil && n >= 0 && n < 10000 {
		applied = n
	}
	vm, err := h.courierVM(ctx, httpx.MustViewer(ctx), ui.Form{}, applied)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.CourierPage(vm))
}

// recordCourier records that a courier shows a parcel signed.
func (h Handler) recordCourier(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	values := httpx.TrimmedValues(r, "courier", "waybill", "phone", "at")
	n, err := h.Supervision.RecordSigned(ctx, viewer, supervision.SignInput{Courier: values["courier"], Waybill: values["waybill"],
		Phone: values["phone"], At: values["at"]})
	if err != nil {
		form, ok := httpx.FormOf(err, values)
		if !ok {
			httpx.Error(w, r, err)
			return
		}
		vm, verr := h.courierVM(ctx, viewer, form, -1)
		if verr != nil {
			httpx.Error(w, r, verr)
			return
		}
		httpx.Render(w, r, http.StatusUnprocessableEntity, ops.CourierPage(vm))
		return
	}
	httpx.Redirect(w, r, "/ops/courier?applied="+strconv.Itoa(n))
}
