package ops

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"agora/internal/account"
	"agora/internal/server/httpx"
	"agora/internal/workday"
	"agora/web/ops"
	"agora/web/ui"
)

func (h Handler) calendarVM(r *http.Request, year int, form ui.Form) (ops.CalendarVM, error) {
	ctx := r.Context()
	days, err := h.Calendar.Year(ctx, year)
	if err != nil {
		return ops.CalendarVM{}, err
	}
	now := ui.C(ctx).Now
	due, err := h.Calendar.DueFromNow(ctx, now)
	if err != nil {
		return ops.CalendarVM{}, err
	}
	vm := ops.CalendarVM{Year: year, Form: form, CanEdit: httpx.MustViewer(ctx).OpsRole == account.OpsAdmin,
		Example: ui.Time(ctx, due)}
	for _, d := range days {
		vm.Days = append(vm.Days, ops.CalendarDay{Day: d.Day.Format(time.DateOnly),
			Weekday: "weekday." + strings.ToLower(d.Day.Weekday().String()), Kind: string(d.Kind), Note: d.Note})
	}
	return vm, nil
}

func (h Handler) yearParam(r *http.Request) int {
	y, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || y < 2000 || y > 2100 {
		return ui.C(r.Context()).Now.In(h.Calendar.Location()).Year()
	}
	return y
}

func (h Handler) showCalendar(w http.ResponseWriter, r *http.Request) {
	vm, err := h.calendarVM(r, h.yearParam(r), ui.Form{})
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.CalendarPage(vm))
}

func (h Handler) setDay(w http.ResponseWriter, r *http.Request) {
	vals := httpx.Values(r, "day", "kind", "note")
	err := h.Calendar.Set(r.Context(), httpx.MustViewer(r.Context()).ID, workday.SetInput{Day: vals["day"], Kind: vals["kind"], Note: vals["note"]})
	if err != nil {
		form, ok := httpx.FormOf(err, vals)
		if !ok {
			httpx.Error(w, r, err)
			return
		}
		year := h.yearParam(r)
		if t, perr := time.Parse(time.DateOnly, vals["day"]); perr == nil {
			year = t.Year()
		}
		vm, verr := h.calendarVM(r, year, form)
		if verr != nil {
			httpx.Error(w, r, verr)
			return
		}
		httpx.Render(w, r, http.StatusUnprocessableEntity, ops.CalendarPage(vm))
		return
	}
	h.Sessions.Flash(r.Context(), "calendar.saved")
	day, _ := time.Parse(time.DateOnly, strings.TrimSpace(vals["day"])) // valid: Set accepted it
	httpx.Redirect(w, r, "/ops/calendar?year="+strconv.Itoa(day.Year()))
}

func (h Handler) removeDay(w http.ResponseWriter, r *http.Request) {
	day := chi.URLParam(r, "day")
	if err := h.Calendar.Remove(r.Context(), day); err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(r.Context(), "calendar.removed")
	httpx.Redirect(w, r, "/ops/calendar?year="+day[:4]) // Remove accepted it, so it is a date
}
