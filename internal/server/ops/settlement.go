package ops

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/internal/settlement"
	"agora/web/ops"
	"agora/web/ui"
)

// Settlement: reviewers read runs and statements and move statements along
// (send, requisition, invoice review, pay); admins run or verify a period and
// add fee rules.
func (h Handler) settlementRoutes(r chi.Router) {
	r.Get("/settlement", h.showSettlement)
	r.With(httpx.RequireAdmin).Post("/settlement/runs", h.runSettlement)
	r.Get("/settlement/fees", h.showFeeRules)
	r.With(httpx.RequireAdmin).Post("/settlement/fees", h.addFeeRule)
	r.Get("/settlement/fee-invoices", h.showOpsFeeInvoices)
	r.Post("/settlement/fee-invoices/{id}", h.issueFeeInvoice)
	r.Get("/settlement/{id}", h.showOpsStatement)
	r.Get("/settlement/{id}/lines.csv", h.opsStatementCSV)
	r.Post("/settlement/{id}/{step:send|requisition|invoice|pay}", h.statementStep)
}

var statementStatuses = func() []string {
	var out []string
	for _, s := range lifecycle.Statement.States[1:] {
		out = append(out, string(s))
	}
	return out
}()

func (h Handler) showSettlement(w http.ResponseWriter, r *http.Request) {
	h.renderSettlement(w, r, http.StatusOK, ui.Form{Values: map[string]string{}}, nil)
}

func (h Handler) renderSettlement(w http.ResponseWriter, r *http.Request, status int, form ui.Form, verified *ops.VerifyView) {
	ctx := r.Context()
	q := r.URL.Query()
	vm := ops.SettlementVM{RunForm: form, Verified: verified, Statuses: statementStatuses, Page: httpx.Page(r)}
	for _, s := range statementStatuses {
		if q.Get("status") == s {
			vm.Status = s
		}
	}
	var period settlement.Period
	if p, err := settlement.ParsePeriod(q.Get("period")); err == nil {
		period, vm.Period = p, p.String()
	}
	runs, err := h.Settlement.Runs(ctx, 24)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	for _, run := range runs {
		row := ops.BillRunRow{Period: run.Period.String(), Digest: run.Digest, StartedAt: ui.Time(ctx, run.StartedAt),
			Statements: run.Statements, Lines: run.Lines, By: ui.T(ctx, "settlement.by_job")}
		if run.ByAdmin {
			row.By = ui.T(ctx, "settlement.by_admin")
		}
		if run.VerifiedAt != nil {
			row.Verified, row.VerifyOK = ui.Time(ctx, *run.VerifiedAt), run.VerifyOK != nil && *run.VerifyOK
		}
		vm.Runs = append(vm.Runs, row)
	}
	list, more, err := h.Settlement.Statements(ctx, vm.Status, period, vm.Page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm.HasNext = more
	for _, st := range list {
		row := httpx.StatementRow(ctx, st)
		row.Number = st.Number + " · " + st.SellerName
		vm.Statements = append(vm.Statements, row)
	}
	httpx.Render(w, r, status, ops.SettlementPage(vm))
}

// runSettlement bills a period now, or re-runs a billed one and shows whether
// it reproduces.
func (h Handler) runSettlement(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	vals := httpx.Values(r, "period", "action")
	p, err := settlement.ParsePeriod(vals["period"])
	if err != nil {
		h.renderSettlement(w, r, http.StatusUnprocessableEntity, ui.Form{Values: vals, Errors: map[string]string{"period": "settlement.period_rule"}}, nil)
		return
	}
	if vals["action"] == "verify" {
		v, err := h.Settlement.Verify(ctx, p)
		if apperr.KindOf(err) == apperr.NotFound {
			h.renderSettlement(w, r, http.StatusUnprocessableEntity, ui.Form{Values: vals, Error: "settlement.not_run", Args: []any{"period", p.String()}}, nil)
			return
		}
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		view := &ops.VerifyView{Period: p.String(), Digest: v.Digest, Stored: v.Stored, OK: v.OK(), Statements: v.Statements, Lines: v.Lines}
		for _, m := range v.Mismatches {
			view.Mismatches = append(view.Mismatches, fmt.Sprintf("%s %s: %s", m.Number, m.StatementID, m.Detail))
		}
		h.renderSettlement(w, r, http.StatusOK, ui.Form{Values: vals}, view)
		return
	}
	viewer := httpx.MustViewer(ctx)
	run, err := h.Settlement.RunPeriod(ctx, p, &viewer)
	if err != nil {
		if e, ok := apperr.As(err); ok && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict) {
			h.renderSettlement(w, r, http.StatusUnprocessableEntity, ui.Form{Values: vals, Error: e.Msg, Args: e.Args}, nil)
			return
		}
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "settlement.flash_run")
	httpx.Redirect(w, r, "/ops/settlement?period="+fmt.Sprint(int(run.Period)))
}

func (h Handler) showOpsStatement(w http.ResponseWriter, r *http.Request) {
	h.renderOpsStatement(w, r, http.StatusOK, ui.Form{Values: map[string]string{}})
}

func (h Handler) renderOpsStatement(w http.ResponseWriter, r *http.Request, status int, form ui.Form) {
	ctx := r.Context()
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	st, err := h.Settlement.StatementForOps(ctx, id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	if a, err := h.Accounts.Get(ctx, st.SellerID); err == nil {
		st.SellerName = a.Name
	}
	v, err := httpx.StatementView(ctx, h.Settlement, st, httpx.Page(r), "/ops/settlement", "")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := ops.OpsStatementVM{StatementView: v, Form: form,
		CanSend:          st.Status == lifecycle.StatementGenerated,
		CanRequisition:   st.Status == lifecycle.StatementSent,
		CanReviewInvoice: st.Status == lifecycle.StatementInvoiceReview,
		CanPay:           st.Status == lifecycle.StatementPaying || (st.Status == lifecycle.StatementRequisition && !st.PlatformInvoices)}
	httpx.Render(w, r, status, ops.OpsStatementPage(vm))
}

func (h Handler) opsStatementCSV(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	st, err := h.Settlement.StatementForOps(r.Context(), id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.StatementCSV(w, r, h.Settlement, st)
}

// statementStep is one operations step on a statement; a stale form (another
// reviewer was first, a double click) gets the already-handled message.
func (h Handler) statementStep(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vals := httpx.Values(r, "version", "decision", "reason", "payout_ref")
	flash := "settlement.flash_" + chi.URLParam(r, "step")
	switch chi.URLParam(r, "step") {
	case "send":
		err = h.Settlement.Send(ctx, viewer, id, vals["version"])
	case "requisition":
		err = h.Settlement.RaiseRequisition(ctx, viewer, id, vals["version"])
	case "invoice":
		if vals["decision"] == "reject" {
			err, flash = h.Settlement.RejectInvoice(ctx, viewer, id, vals["reason"], vals["version"]), "settlement.flash_invoice_rejected"
		} else {
			err, flash = h.Settlement.AcceptInvoice(ctx, viewer, id, vals["version"]), "settlement.flash_invoice_accepted"
		}
	case "pay":
		err = h.Settlement.Pay(ctx, viewer, id, vals["payout_ref"], vals["version"])
	}
	if err == nil {
		h.Sessions.Flash(ctx, flash)
		httpx.Redirect(w, r, "/ops/settlement/"+id.String())
		return
	}
	if form, ok := httpx.FormOf(err, vals); ok {
		h.renderOpsStatement(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict {
		h.renderOpsStatement(w, r, http.StatusConflict, ui.Form{Values: vals, Error: e.Msg, Args: e.Args})
		return
	}
	httpx.Error(w, r, err)
}

func (h Handler) showFeeRules(w http.ResponseWriter, r *http.Request) {
	h.renderFeeRules(w, r, http.StatusOK, ui.Form{Values: map[string]string{}})
}

func (h Handler) renderFeeRules(w http.ResponseWriter, r *http.Request, status int, form ui.Form) {
	ctx := r.Context()
	rules, err := h.Settlement.FeeRules(ctx)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := ops.FeeRulesVM{Form: form}
	for _, t := range catalog.AccessTypes {
		vm.AccessTypes = append(vm.AccessTypes, ui.Option{Value: t, Label: "product.type." + t})
	}
	for _, rule := range rules {
		row := ops.FeeRuleRow{Scope: rule.Scope, Rate: settlement.RateText(rule.RateBP), From: ui.Time(ctx, rule.EffectiveFrom),
			Note: rule.Note, PlatformInvoices: rule.PlatformInvoices, CreatedAt: ui.Time(ctx, rule.CreatedAt)}
		switch rule.Scope {
		case "access_type":
			row.Target = ui.T(ctx, "product.type."+rule.AccessType)
		case "product":
			row.Target = rule.ProductName
		}
		vm.Rules = append(vm.Rules, row)
	}
	httpx.Render(w, r, status, ops.FeeRulesPage(vm))
}

func (h Handler) addFeeRule(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	vals := httpx.Values(r, "scope", "access_type", "product_number", "rate", "platform_invoices", "effective_from", "note")
	_, err := h.Settlement.AddFeeRule(ctx, httpx.MustViewer(ctx), settlement.FeeRuleInput{Scope: vals["scope"], AccessType: vals["access_type"],
		ProductNumber: vals["product_number"], Rate: vals["rate"], PlatformInvoices: vals["platform_invoices"] == "1",
		EffectiveFrom: vals["effective_from"], Note: vals["note"]})
	if err == nil {
		h.Sessions.Flash(ctx, "settlement.flash_rule_added")
		httpx.Redirect(w, r, "/ops/settlement/fees")
		return
	}
	if form, ok := httpx.FormOf(err, vals); ok {
		h.renderFeeRules(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	httpx.Error(w, r, err)
}

func (h Handler) showOpsFeeInvoices(w http.ResponseWriter, r *http.Request) {
	h.renderOpsFeeInvoices(w, r, http.StatusOK, ui.Form{}, "")
}

func (h Handler) renderOpsFeeInvoices(w http.ResponseWriter, r *http.Request, status int, form ui.Form, formID string) {
	ctx := r.Context()
	list, _, err := h.Settlement.FeeInvoices(ctx, "", httpx.Page(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	numbers, err := h.Settlement.StatementNumbers(ctx, list)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := ops.OpsFeeInvoicesVM{Form: form, FormID: formID}
	for _, f := range list {
		row := ops.OpsFeeInvoiceRow{ID: f.ID.String(), Number: f.Number, Seller: f.SellerName, Status: string(f.Status), Kind: f.Kind,
			Email: f.Email, Amount: money.Format(f.Amount), CreatedAt: ui.Time(ctx, f.CreatedAt), InvoiceNo: f.InvoiceNo,
			Version: fmt.Sprint(f.Version)}
		if f.FileID != nil {
			row.FileID = f.FileID.String()
		}
		row.Statements = strings.Join(numbers[f.ID], ", ")
		vm.Rows = append(vm.Rows, row)
	}
	httpx.Render(w, r, status, ops.OpsFeeInvoicesPage(vm))
}

func (h Handler) issueFeeInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 12<<20)
	err = r.ParseMultipartForm(2 << 20)
	defer func() {
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}()
	vals := httpx.Values(r, "invoice_no", "version")
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.renderOpsFeeInvoices(w, r, http.StatusUnprocessableEntity, ui.Form{Values: vals, Error: "settlement.file_too_large"}, id.String())
		return
	}
	fileID := ""
	if err == nil && len(r.MultipartForm.File["file"]) == 1 {
		fh := r.MultipartForm.File["file"][0]
		if f, err := fh.Open(); err == nil {
			stored, uerr := h.Files.Upload(ctx, viewer.ID, settlement.InvoiceFilePurpose, fh.Filename, f)
			f.Close()
			if uerr != nil {
				if form, ok := httpx.FormOf(uerr, vals); ok {
					h.renderOpsFeeInvoices(w, r, http.StatusUnprocessableEntity, form, id.String())
					return
				}
				httpx.Error(w, r, uerr)
				return
			}
			fileID = stored.ID.String()
		}
	}
	err = h.Settlement.IssueFeeInvoice(ctx, viewer, id, vals["invoice_no"], fileID, vals["version"])
	if err == nil {
		h.Sessions.Flash(ctx, "settlement.flash_fee_issued")
		httpx.Redirect(w, r, "/ops/settlement/fee-invoices")
		return
	}
	if form, ok := httpx.FormOf(err, vals); ok {
		if len(form.Errors) > 0 && form.Error == "" {
			form.Error = "error.form_invalid"
		}
		h.renderOpsFeeInvoices(w, r, http.StatusUnprocessableEntity, form, id.String())
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict {
		h.renderOpsFeeInvoices(w, r, http.StatusConflict, ui.Form{Values: vals, Error: e.Msg}, id.String())
		return
	}
	httpx.Error(w, r, err)
}
