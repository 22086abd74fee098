package seller

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"agora/internal/analytics"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/seller"
	"agora/web/ui"
)

// analyticsRoutes: the data-analysis overview (domain §6.5) and the CSV files
// of its numbers. Behind requireReady, so only a ready seller's own numbers.
func (h Handler) analyticsRoutes(r chi.Router) {
	r.Get("/analytics", h.showAnalytics)
	r.Get("/analytics/{part:daily|products}.csv", h.analyticsCSV)
}

// periodArgs reads ?period=7|30|90|custom&from=&to= (dates count only for custom).
func periodArgs(r *http.Request) (preset, from, to string) {
	q := r.URL.Query()
	preset, from, to = q.Get("period"), q.Get("from"), q.Get("to")
	if preset != analytics.Custom {
		from, to = "", ""
	}
	return preset, from, to
}

// period is the period asked for; a refused custom period comes back as the
// form's messages (and a zero period).
func (h Handler) period(r *http.Request) (analytics.Period, ui.Form, error) {
	preset, from, to := periodArgs(r)
	p, err := h.Analytics.ParsePeriod(preset, from, to)
	if err != nil {
		f, ok := httpx.FormOf(err, map[string]string{"from": from, "to": to})
		if !ok {
			return p, f, err
		}
		return p, f, nil
	}
	return p, ui.Form{Values: map[string]string{"from": p.First.Format(time.DateOnly), "to": p.Last.Format(time.DateOnly)}}, nil
}

func (h Handler) showAnalytics(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, form, err := h.period(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.AnalyticsVM{Preset: p.Preset, Form: form}
	if form.Invalid() {
		vm.Preset = analytics.Custom
		httpx.Render(w, r, http.StatusUnprocessableEntity, seller.AnalyticsPage(vm))
		return
	}
	o, err := h.Analytics.Overview(ctx, httpx.MustViewer(ctx).ID, p)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	fillAnalytics(r, &vm, o)
	httpx.Render(w, r, http.StatusOK, seller.AnalyticsPage(vm))
}

// analyticsCSV streams the numbers behind a chart: the days, or the top products.
func (h Handler) analyticsCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	preset, from, to := periodArgs(r)
	p, err := h.Analytics.ParsePeriod(preset, from, to) // a bad period: the 422 page
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	o, err := h.Analytics.Overview(ctx, httpx.MustViewer(ctx).ID, p)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	part := chi.URLParam(r, "part")
	name := "analytics-" + part + "-" + p.First.Format("20060102") + "-" + p.Last.Format("20060102") + ".csv"
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	hd.Set("X-Content-Type-Options", "nosniff")
	tr := ui.Tr(ctx)
	if err := analytics.WriteCSV(w, o, part, func(k string) string { return tr.T(k) }, tr.Lang()); err != nil {
		httpx.Logger(ctx).Warn("write analytics csv", "err", err)
	}
}

// fillAnalytics turns the overview into the page's figures and charts.
func fillAnalytics(r *http.Request, vm *seller.AnalyticsVM, o analytics.Overview) {
	ctx := r.Context()
	tr := ui.Tr(ctx)
	p := o.Period
	vm.HasFigures, vm.Empty, vm.Days = true, o.Empty(), p.Days()
	vm.From, vm.To = p.First.Format(time.DateOnly), p.Last.Format(time.DateOnly)
	q := url.Values{"period": {p.Preset}}
	if p.Preset == analytics.Custom {
		q.Set("from", vm.From)
		q.Set("to", vm.To)
	}
	vm.Query = q.Encode()
	t := o.Total
	vm.KPI = seller.AnalyticsKPI{GMV: money.Format(t.GMV), PaidOrders: seller.Count(t.PaidOrders), Refunded: money.Format(t.Refunded),
		RefundedOrders: seller.Count(t.RefundedOrders), RefundRate: "—", Views: seller.Count(t.Views), Visitors: seller.Count(t.Visitors)}
	if bp, ok := o.RefundRate(); ok {
		vm.KPI.RefundRate = strconv.FormatFloat(float64(bp)/100, 'f', 1, 64) + "%"
	}
	days := make([]string, len(o.Days))
	gmv := seller.Series{Values: make([]int64, len(o.Days)), Labels: make([]string, len(o.Days))}
	views := seller.Series{Name: tr.T("analytics.views"), Class: "series-views", Values: make([]int64, len(o.Days)), Labels: make([]string, len(o.Days))}
	visitors := seller.Series{Name: tr.T("analytics.visitors"), Class: "series-visitors", Values: make([]int64, len(o.Days)), Labels: make([]string, len(o.Days))}
	for i, d := range o.Days {
		date := d.Date.Format(time.DateOnly)
		days[i] = d.Date.Format("01-02")
		gmv.Values[i], gmv.Labels[i] = int64(d.GMV), tr.T("analytics.tip_gmv", "date", date, "amount", money.Format(d.GMV), "n", d.PaidOrders)
		views.Values[i], views.Labels[i] = d.Views, tr.T("analytics.tip_views", "date", date, "n", d.Views)
		visitors.Values[i], visitors.Labels[i] = d.Visitors, tr.T("analytics.tip_visitors", "date", date, "n", d.Visitors)
		vm.Daily = append(vm.Daily, seller.AnalyticsDay{Date: date, GMV: money.Format(d.GMV), PaidOrders: seller.Count(d.PaidOrders),
			Refunded: money.Format(d.Refunded), RefundedOrders: seller.Count(d.RefundedOrders), Views: seller.Count(d.Views),
			Visitors: seller.Count(d.Visitors)})
	}
	count := func(n int64) string { return seller.Count(n) }
	vm.GMVChart = seller.BarChart("chart-gmv", tr.T("analytics.chart_gmv"),
		tr.T("analytics.chart_gmv_desc", "from", vm.From, "to", vm.To, "total", vm.KPI.GMV), days, gmv, seller.YuanTick)
	vm.ViewsChart = seller.LineChart("chart-traffic", tr.T("analytics.chart_traffic"),
		tr.T("analytics.chart_traffic_desc", "from", vm.From, "to", vm.To, "views", vm.KPI.Views, "visitors", vm.KPI.Visitors),
		days, []seller.Series{views, visitors}, count)
	for i, pr := range o.Top {
		name := pr.Name
		if tr.Lang() == "en" && pr.NameEn != "" {
			name = pr.NameEn
		}
		row := seller.AnalyticsProduct{Rank: i + 1, Href: "/seller/products/" + pr.ID.String(), Number: pr.Number, Name: name,
			GMV: money.Format(pr.GMV), PaidOrders: seller.Count(pr.PaidOrders), Views: seller.Count(pr.Views),
			Visitors: seller.Count(pr.Visitors), Conversion: "—"}
		if pr.Visitors > 0 {
			row.Conversion = strconv.FormatFloat(float64(pr.PaidOrders)*100/float64(pr.Visitors), 'f', 1, 64) + "%"
		}
		vm.Top = append(vm.Top, row)
	}
}
