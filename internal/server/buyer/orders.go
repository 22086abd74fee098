package buyer

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/buyer"
	"agora/web/ui"
)

func (h Handler) orderRoutes(r chi.Router) {
	r.Get("/buy/{product}", h.showPurchase)
	r.Get("/buy/{product}/quote", h.quote)
	r.Post("/buy/{product}", h.purchase)
	r.Get("/orders", h.listOrders)
	r.Get("/orders/{id}", h.showOrder)
	r.Post("/orders/{id}/pay", h.pay)
	r.Post("/orders/{id}/cancel", h.cancel)
	r.Post("/orders/{id}/renew", h.renew)
	httpx.SupervisionSteps{Files: h.Files, Sup: h.Supervision, Sessions: h.Sessions, Base: "/buyer/orders/",
		Render: func(w http.ResponseWriter, r *http.Request, status int, step string, form ui.Form) {
			h.renderOrder(w, r, status, orderForms{renew: freshRenewal(), supStep: step, sup: form})
		}}.Routes(r, "/orders/{id}")
}

// orderForms are the forms an order page shows again after a refusal.
type orderForms struct {
	renew   ui.Form
	refusal string // why the last button did nothing (a catalog key)
	supStep string // the supervision step whose form was refused
	sup     ui.Form
	unsub   ui.Form // the refused unsubscribe form
}

// purchaseFields are the purchase form's fields.
var purchaseFields = []string{"spec_id", "quantity", "trial", "customer_name", "phone", "email", "address", "accept_eula",
	"eula_sha256", "token"}

func (h Handler) showPurchase(w http.ResponseWriter, r *http.Request) {
	viewer := httpx.MustViewer(r.Context())
	q := r.URL.Query()
	form := ui.Form{Values: map[string]string{"spec_id": q.Get("spec"), "quantity": "1", "customer_name": viewer.Name,
		"email": viewer.Email, "token": order.NewToken()}}
	h.renderPurchase(w, r, http.StatusOK, form)
}

// renderPurchase shows the purchase form for the spec the form names (or the first on sale).
func (h Handler) renderPurchase(w http.ResponseWriter, r *http.Request, status int, form ui.Form) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "product")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	quote, err := h.Orders.Quote(ctx, id, form.V("spec_id"), form.V("quantity"), form.V("trial") != "")
	if apperr.Is(err, apperr.NotFound) && form.V("spec_id") != "" {
		form.Values["spec_id"] = "" // a spec no longer on sale: offer the others
		quote, err = h.Orders.Quote(ctx, id, "", form.V("quantity"), form.V("trial") != "")
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	p, sp := quote.Product, quote.Spec
	form.Values["spec_id"] = sp.ID.String()
	form.Values["eula_sha256"] = order.EULAHash(p.Content.EULA)
	balance, err := h.Orders.Balance(ctx, viewer.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := buyer.PurchaseVM{ProductID: p.ID.String(), Name: pick(r, p.Name, p.NameEn), Type: p.AccessType, Form: form,
		EULA: p.Content.EULA, Hardware: p.AccessType == catalog.TypeHardware, Supervised: withType(p).Supervised(),
		Quote: quoteVM(r, quote, balance)}
	for _, s := range p.Specs {
		if !lifecycle.OnSale(s.Status) || (!s.Public && s.ID != sp.ID) {
			continue
		}
		vm.Specs = append(vm.Specs, buyer.PurchaseSpec{ID: s.ID.String(), Name: s.Name, Mode: s.BillingMode,
			Price: ui.T(ctx, "order.price_per."+s.BillingMode, "price", money.Format(s.Price)), TrialDays: int(s.TrialDays),
			Selected: s.ID == sp.ID})
	}
	vm.Mode, vm.TrialDays = sp.BillingMode, int(sp.TrialDays)
	vm.QtyMin, vm.QtyMax = order.QuantityRange(sp.BillingMode)
	if v, err := h.Orders.Verdict(ctx, viewer, p, sp); err != nil {
		httpx.Error(w, r, err)
		return
	} else if !v.OK {
		vm.Refusal = v.Reason
	}
	httpx.Render(w, r, status, buyer.PurchasePage(vm))
}

func withType(p catalog.Product) catalog.Content {
	c := p.Content
	c.AccessType = p.AccessType
	return c
}

func pick(r *http.Request, zh, en string) string {
	if ui.Lang(r.Context()) == "en" && en != "" {
		return en
	}
	return zh
}

func quoteVM(r *http.Request, q order.Quote, balance money.Fen) buyer.QuoteVM {
	return buyer.QuoteVM{Amount: money.Format(q.Amount), Balance: money.Format(balance), Short: balance < q.Amount,
		Trial: q.Trial, Quantity: ui.T(r.Context(), "order.qty."+q.Spec.BillingMode, "n", q.Quantity)}
}

// quote answers the form's htmx price preview.
func (h Handler) quote(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "product")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	quote, err := h.Orders.Quote(ctx, id, q.Get("spec_id"), q.Get("quantity"), q.Get("trial") != "")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	balance, err := h.Orders.Balance(ctx, httpx.MustViewer(ctx).ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, buyer.QuoteBox(quoteVM(r, quote, balance)))
}

func (h Handler) purchase(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "product")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.TrimmedValues(r, purchaseFields...)
	o, err := h.Orders.Purchase(ctx, viewer, id, order.PurchaseInput{SpecID: vals["spec_id"], Quantity: vals["quantity"],
		Trial: vals["trial"] != "", CustomerName: vals["customer_name"], Phone: vals["phone"], Email: vals["email"],
		Address: vals["address"], AcceptEULA: vals["accept_eula"] != "", EULASHA256: vals["eula_sha256"], Token: vals["token"]})
	if err != nil {
		if form, ok := refusedForm(err, vals); ok {
			h.renderPurchase(w, r, http.StatusUnprocessableEntity, form)
			return
		}
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, paidFlash(o))
	httpx.Redirect(w, r, "/buyer/orders/"+o.ID.String())
}

// refusedForm turns a refused purchase into the form with its message: field
// errors, or a refusal of the whole purchase (not eligible, over the limit,
// the spec changed) shown above the form with everything typed kept.
func refusedForm(err error, vals map[string]string) (ui.Form, bool) {
	if form, ok := httpx.FormOf(err, vals); ok {
		if form.Error == "order.form_expired" {
			form.Values["token"] = order.NewToken()
		}
		return form, true
	}
	e, ok := apperr.As(err)
	if !ok || (e.Kind != apperr.Conflict && e.Kind != apperr.Forbidden) {
		return ui.Form{}, false
	}
	return ui.Form{Values: vals, Error: e.Msg}, true
}

func paidFlash(o order.Order) string {
	switch o.Status {
	case lifecycle.OrderPendingPayment:
		return "order.flash_pending"
	case lifecycle.OrderProcessing:
		return "order.flash_processing"
	}
	return "order.flash_completed"
}

func (h Handler) listOrders(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, in := httpx.OrderFilter(r)
	page, err := h.Orders.BuyerOrders(ctx, httpx.MustViewer(ctx).ID, f, httpx.Page(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, buyer.OrdersPage(buyer.OrdersVM{Filter: in, Statuses: httpx.OrderStatuses,
		Rows: httpx.OrderRows(ctx, page.Orders, "/buyer/orders/"), Page: page.Page, HasNext: page.HasNext}))
}

func (h Handler) showOrder(w http.ResponseWriter, r *http.Request) {
	h.renderOrder(w, r, http.StatusOK, orderForms{renew: freshRenewal()})
}

func freshRenewal() ui.Form {
	return ui.Form{Values: map[string]string{"quantity": "1", "token": order.NewToken()}}
}

// renderOrder shows one of the buyer's orders with the forms of a refused action.
func (h Handler) renderOrder(w http.ResponseWriter, r *http.Request, status int, forms orderForms) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	o, err := h.myOrder(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	timeline, err := httpx.OrderTimeline(ctx, h.Orders, h.Supervision, o.ID, h.Unsub)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	balance, err := h.Orders.Balance(ctx, viewer.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := buyer.OrderVM{Order: httpx.OrderDetail(ctx, o, "/buyer/orders/"), Timeline: timeline,
		Balance: money.Format(balance), Short: balance < o.Amount, Renew: forms.renew, Refusal: forms.refusal}
	if vm.Supervision, err = httpx.SupervisionPanel(ctx, h.Supervision, viewer, o, "/buyer/orders/"+o.ID.String(), forms.supStep, forms.sup); err != nil {
		httpx.Error(w, r, err)
		return
	}
	if vm.Unsub, err = h.unsubVM(ctx, viewer, o, forms.unsub); err != nil {
		httpx.Error(w, r, err)
		return
	}
	if vm.Invoice, err = h.invoiceVM(ctx, viewer, o); err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm.CanPay = o.Status == lifecycle.OrderPendingPayment
	if o.RenewsID != nil {
		if root, err := h.Orders.BuyerOrder(ctx, viewer.ID, *o.RenewsID); err == nil {
			vm.Order.RenewsNumber = root.Number
		}
	}
	if o.Periodic() && o.Status == lifecycle.OrderCompleted {
		if eula, err := h.Orders.CurrentEULA(ctx, o); err == nil {
			vm.CanRenew, vm.EULA = true, eula
			vm.Renew.Values["eula_sha256"] = order.EULAHash(eula)
			vm.QtyMin, vm.QtyMax = order.QuantityRange(o.BillingMode)
			vm.Mode = o.BillingMode
		}
	}
	httpx.Render(w, r, status, buyer.OrderPage(vm))
}

func (h Handler) myOrder(r *http.Request) (order.Order, error) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		return order.Order{}, err
	}
	return h.Orders.BuyerOrder(r.Context(), httpx.MustViewer(r.Context()).ID, id)
}

func (h Handler) pay(w http.ResponseWriter, r *http.Request) {
	h.orderAction(w, r, func(viewer account.Account, id uuid.UUID) (string, error) {
		o, err := h.Orders.Pay(r.Context(), viewer, id)
		return paidFlash(o), err
	})
}

func (h Handler) cancel(w http.ResponseWriter, r *http.Request) {
	h.orderAction(w, r, func(viewer account.Account, id uuid.UUID) (string, error) {
		return "order.flash_cancelled", h.Orders.Cancel(r.Context(), viewer, id)
	})
}

// orderAction runs a button's action on one of the viewer's orders and comes
// back to the order; a refusal (not enough balance, already paid) is shown on it.
func (h Handler) orderAction(w http.ResponseWriter, r *http.Request, act func(account.Account, uuid.UUID) (string, error)) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	flash, err := act(httpx.MustViewer(ctx), id)
	var e *apperr.Error
	if errors.As(err, &e) && e.Kind == apperr.Conflict {
		h.renderOrder(w, r, http.StatusConflict, orderForms{renew: freshRenewal(), refusal: e.Msg})
		return
	}
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, flash)
	httpx.Redirect(w, r, "/buyer/orders/"+id.String())
}

func (h Handler) renew(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.TrimmedValues(r, "quantity", "accept_eula", "eula_sha256", "token")
	o, err := h.Orders.Renew(ctx, httpx.MustViewer(ctx), id, order.RenewInput{Quantity: vals["quantity"],
		AcceptEULA: vals["accept_eula"] != "", EULASHA256: vals["eula_sha256"], Token: vals["token"]})
	if err != nil {
		if form, ok := refusedForm(err, vals); ok {
			h.renderOrder(w, r, http.StatusUnprocessableEntity, orderForms{renew: form})
			return
		}
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, paidFlash(o))
	httpx.Redirect(w, r, "/buyer/orders/"+o.ID.String())
}
