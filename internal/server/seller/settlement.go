package seller

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/internal/settlement"
	"agora/web/seller"
	"agora/web/ui"
)

// maxStatementInvoiceBody caps the invoice form with its PDF.
const maxStatementInvoiceBody = 12 << 20

func (h Handler) settlementRoutes(r chi.Router) {
	r.Get("/settlement", h.listStatements)
	r.Get("/settlement/transactions", h.listTransactions)
	r.Get("/settlement/fee-invoices", h.showFeeInvoices)
	r.Post("/settlement/fee-invoices", h.requestFeeInvoice)
	r.Get("/settlement/{id}", h.showStatement)
	r.Get("/settlement/{id}/lines.csv", h.statementCSV)
	r.Post("/settlement/{id}/invoice", h.submitStatementInvoice)
}

func (h Handler) listStatements(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	page := httpx.Page(r)
	list, more, err := h.Settlement.SellerStatements(ctx, httpx.MustViewer(ctx).ID, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.StatementsVM{Page: page, HasNext: more}
	for _, st := range list {
		vm.Rows = append(vm.Rows, httpx.StatementRow(ctx, st))
	}
	httpx.Render(w, r, http.StatusOK, seller.StatementsPage(vm))
}

func (h Handler) myStatement(r *http.Request) (settlement.Statement, error) {
	id, err := httpx.UUIDParam(r, "id")
	if err != nil {
		return settlement.Statement{}, err
	}
	return h.Settlement.SellerStatement(r.Context(), httpx.MustViewer(r.Context()).ID, id)
}

func (h Handler) showStatement(w http.ResponseWriter, r *http.Request) {
	h.renderStatement(w, r, http.StatusOK, ui.Form{Values: map[string]string{}})
}

func (h Handler) renderStatement(w http.ResponseWriter, r *http.Request, status int, form ui.Form) {
	ctx := r.Context()
	st, err := h.myStatement(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	v, err := httpx.StatementView(ctx, h.Settlement, st, httpx.Page(r), "/seller/settlement", "/seller/orders/")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.StatementVM{StatementView: v, Form: form, ShareInput: money.Decimal(st.Share),
		CanInvoice: st.Status == lifecycle.StatementAwaitingInvoice || st.Status == lifecycle.StatementInvoiceRejected}
	httpx.Render(w, r, status, seller.StatementPage(vm))
}

func (h Handler) statementCSV(w http.ResponseWriter, r *http.Request) {
	st, err := h.myStatement(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.StatementCSV(w, r, h.Settlement, st)
}

// submitStatementInvoice takes the seller's VAT invoice to the platform: its
// number, total, date and PDF. A total that differs from the statement by a
// fen is refused, with the difference shown beside the field.
func (h Handler) submitStatementInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	st, err := h.myStatement(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxStatementInvoiceBody)
	err = r.ParseMultipartForm(2 << 20)
	defer func() {
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}()
	vals := httpx.Values(r, "invoice_no", "total", "date", "version")
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.renderStatement(w, r, http.StatusUnprocessableEntity, ui.Form{Values: vals, Errors: map[string]string{"file": "settlement.file_too_large"}})
		return
	}
	if err != nil && !errors.Is(err, http.ErrNotMultipart) {
		httpx.Error(w, r, apperr.Wrap(apperr.Invalid, "error.form_invalid", err))
		return
	}
	in := settlement.InvoiceInput{InvoiceNo: vals["invoice_no"], Total: vals["total"], Date: vals["date"], Version: vals["version"]}
	// The total is checked before the PDF is stored: a wrong invoice leaves no file behind.
	if t, perr := money.Parse(in.Total); perr == nil && t != st.Share {
		// Refused below with the difference; nothing is stored.
	} else if r.MultipartForm != nil && len(r.MultipartForm.File["file"]) == 1 {
		fh := r.MultipartForm.File["file"][0]
		f, err := fh.Open()
		if err == nil {
			stored, uerr := h.Files.Upload(ctx, viewer.ID, settlement.InvoiceFilePurpose, fh.Filename, f)
			f.Close()
			if uerr != nil {
				if form, ok := httpx.FormOf(uerr, vals); ok {
					h.renderStatement(w, r, http.StatusUnprocessableEntity, ui.Form{Values: vals, Errors: map[string]string{"file": form.Error}})
					return
				}
				httpx.Error(w, r, uerr)
				return
			}
			in.FileID = stored.ID.String()
		}
	}
	err = h.Settlement.SubmitInvoice(ctx, viewer, st.ID, in)
	if err == nil {
		h.Sessions.Flash(ctx, "settlement.flash_invoice_submitted")
		httpx.Redirect(w, r, "/seller/settlement/"+st.ID.String())
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
		form := ui.Form{Values: vals, Errors: e.Fields, Error: e.Msg, Args: e.Args}
		if len(e.Fields) > 0 && e.Msg == "" {
			form.Error = "error.form_invalid"
		}
		h.renderStatement(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict {
		h.renderStatement(w, r, http.StatusConflict, ui.Form{Values: vals, Error: e.Msg, Args: e.Args})
		return
	}
	httpx.Error(w, r, err)
}

func (h Handler) listTransactions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := settlement.TransactionFilter{State: q.Get("state"), Number: strings.TrimSpace(q.Get("number"))}
	if f.State != settlement.Billed && f.State != settlement.ToBeBilled {
		f.State = ""
	}
	page := httpx.Page(r)
	txs, more, err := h.Settlement.Transactions(ctx, httpx.MustViewer(ctx).ID, f, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.TransactionsVM{State: f.State, Number: f.Number, Page: page, HasNext: more}
	en := ui.Lang(ctx) == "en"
	for _, t := range txs {
		row := seller.TxRow{OrderID: t.OrderID.String(), Number: t.Number, Product: t.ProductName, Kind: t.Kind, Status: t.Status,
			Amount: money.Format(t.Amount), Refunded: money.Format(t.Refunded), PaidAt: ui.Time(ctx, t.PaidAt), State: t.State,
			StatementNumber: t.StatementNumber}
		if en && t.ProductEn != "" {
			row.Product = t.ProductEn
		}
		if t.StatementID != nil {
			row.StatementID, row.Period = t.StatementID.String(), t.Period.String()
		}
		for _, why := range t.Reasons {
			row.Reasons = append(row.Reasons, seller.TxReason{Key: why.Key, Args: why.Args, Node: why.Node})
		}
		vm.Rows = append(vm.Rows, row)
	}
	httpx.Render(w, r, http.StatusOK, seller.TransactionsPage(vm))
}

func (h Handler) showFeeInvoices(w http.ResponseWriter, r *http.Request) {
	h.renderFeeInvoices(w, r, http.StatusOK, ui.Form{Values: map[string]string{"kind": "digital_special",
		"email": httpx.MustViewer(r.Context()).Email}}, nil)
}

func (h Handler) renderFeeInvoices(w http.ResponseWriter, r *http.Request, status int, form ui.Form, chosen []string) {
	ctx := r.Context()
	viewer := httpx.MustViewer(ctx)
	cands, err := h.Settlement.FeeInvoiceCandidates(ctx, viewer.ID)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	reqs, _, err := h.Settlement.SellerFeeInvoices(ctx, viewer.ID, 1)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := seller.FeeInvoicesVM{Form: form, Chosen: map[string]bool{}}
	for _, id := range chosen {
		vm.Chosen[id] = true
	}
	for _, st := range cands {
		vm.Candidates = append(vm.Candidates, httpx.StatementRow(ctx, st))
	}
	for _, f := range reqs {
		row := seller.FeeInvoiceRow{ID: f.ID.String(), Number: f.Number, Status: string(f.Status), Kind: f.Kind, Email: f.Email,
			Amount: money.Format(f.Amount), CreatedAt: ui.Time(ctx, f.CreatedAt), IssuedAt: ui.TimePtr(ctx, f.IssuedAt), InvoiceNo: f.InvoiceNo}
		if f.FileID != nil {
			row.FileID = f.FileID.String()
		}
		vm.Requests = append(vm.Requests, row)
	}
	httpx.Render(w, r, status, seller.FeeInvoicesPage(vm))
}

func (h Handler) requestFeeInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		httpx.Error(w, r, apperr.Wrap(apperr.Invalid, "error.form_invalid", err))
		return
	}
	vals := httpx.Values(r, "kind", "email")
	chosen := r.PostForm["statement"]
	_, err := h.Settlement.RequestFeeInvoice(ctx, httpx.MustViewer(ctx), settlement.FeeInvoiceInput{Statements: chosen,
		Kind: vals["kind"], Email: vals["email"]})
	if err == nil {
		h.Sessions.Flash(ctx, "settlement.flash_fee_requested")
		httpx.Redirect(w, r, "/seller/settlement/fee-invoices")
		return
	}
	if form, ok := httpx.FormOf(err, vals); ok {
		h.renderFeeInvoices(w, r, http.StatusUnprocessableEntity, form, chosen)
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Conflict {
		h.renderFeeInvoices(w, r, http.StatusConflict, ui.Form{Values: vals, Error: e.Msg, Args: e.Args}, chosen)
		return
	}
	httpx.Error(w, r, err)
}
