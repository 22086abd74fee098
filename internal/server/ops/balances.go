package ops

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/ledger"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/ops"
	"agora/web/ui"
)

// Balances: reviewers and admins find accounts and read their ledgers; only
// admins top up or adjust (the routes say RequireAdmin, the service checks
// again), and never their own account.

func (h Handler) listBalances(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	page := httpx.Page(r)
	list, hasNext, err := h.Ledger.FindAccounts(r.Context(), q, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := ops.BalancesVM{Query: q, Page: page, HasNext: hasNext}
	for _, a := range list {
		row := ops.BalanceRow{Href: "/ops/balances/" + a.ID.String(), Name: a.Name, PublicID: a.PublicID, Email: a.Email,
			Balance: money.Format(a.Balance), MovedAt: a.MovedAt}
		if a.OpsRole != account.OpsNone {
			row.Role = "role." + string(a.OpsRole)
		}
		vm.Rows = append(vm.Rows, row)
	}
	httpx.Render(w, r, http.StatusOK, ops.BalancesPage(vm))
}

// newFormToken returns a fresh token for one rendering of a money form.
func newFormToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// balanceVM builds an account's page; topUp and adjust are the forms as typed
// (empty forms get fresh tokens).
func (h Handler) balanceVM(r *http.Request, id uuid.UUID, topUp, adjust ui.Form) (ops.AccountBalanceVM, error) {
	ctx := r.Context()
	a, err := h.Ledger.Account(ctx, id)
	if err != nil {
		return ops.AccountBalanceVM{}, err
	}
	st, err := h.Ledger.Statement(ctx, id, httpx.Page(r))
	if err != nil {
		return ops.AccountBalanceVM{}, err
	}
	hist, err := h.Ledger.History(ctx, id)
	if err != nil {
		return ops.AccountBalanceVM{}, err
	}
	viewer := httpx.MustViewer(ctx)
	vm := ops.AccountBalanceVM{ID: a.ID.String(), Name: a.Name, PublicID: a.PublicID, Email: a.Email, Balance: money.Format(st.Balance),
		Page: st.Page, HasNext: st.HasNext, Own: viewer.ID == a.ID, MaxInput: money.Format(ledger.MaxOpsAmount),
		TopUp: withToken(topUp, "token"), Adjust: withToken(adjust, "adj_token")}
	vm.CanEdit = viewer.OpsRole == account.OpsAdmin && !vm.Own
	for _, l := range st.Lines {
		vm.Lines = append(vm.Lines, ops.LedgerLine{Seq: l.Seq, At: l.At, Kind: l.Kind, Amount: ledger.Signed(l.Amount), In: l.Amount > 0,
			BalanceAfter: money.Format(l.BalanceAfter), OrderNumber: l.OrderNumber, Actor: l.Actor, Reason: l.Reason})
	}
	for i := len(hist) - 1; i >= 0; i-- { // newest first, like the ledger
		ev := hist[i]
		vm.History = append(vm.History, ops.AccountEvent{At: ev.At, Actor: ev.ActorName, Event: "event.account." + ev.Event,
			Reason: ev.Reason, Hash: ev.Hash})
	}
	return vm, nil
}

// withToken gives f a form token unless it carries a usable one (a form
// re-shown after an error keeps its token: nothing was posted with it).
func withToken(f ui.Form, field string) ui.Form {
	if ledger.ValidToken(f.V(field)) {
		return f
	}
	vals := map[string]string{}
	for k, v := range f.Values {
		vals[k] = v
	}
	vals[field] = newFormToken()
	f.Values = vals
	return f
}

func (h Handler) showBalance(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.UUIDParam(r, "account")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm, err := h.balanceVM(r, id, ui.Form{}, ui.Form{})
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, ops.AccountBalancePage(vm))
}

func (h Handler) topUp(w http.ResponseWriter, r *http.Request) {
	vals := httpx.Values(r, "amount", "reason", "token")
	h.moveMoney(w, r, vals, "", func(id uuid.UUID) (ledger.Result, error) {
		return h.Ledger.TopUp(r.Context(), httpx.MustViewer(r.Context()), id,
			ledger.OpsInput{Amount: vals["amount"], Reason: vals["reason"], Token: vals["token"]})
	})
}

func (h Handler) adjust(w http.ResponseWriter, r *http.Request) {
	vals := httpx.Values(r, "adj_direction", "adj_amount", "adj_reason", "adj_token")
	h.moveMoney(w, r, vals, "adj_", func(id uuid.UUID) (ledger.Result, error) {
		return h.Ledger.Adjust(r.Context(), httpx.MustViewer(r.Context()), id, ledger.OpsInput{Direction: vals["adj_direction"],
			Amount: vals["adj_amount"], Reason: vals["adj_reason"], Token: vals["adj_token"]})
	})
}

// moveMoney runs a top-up or adjustment and answers: back to the account with
// a notice, or the page again with the form's messages (prefix names the
// form's fields, whose service names have none).
func (h Handler) moveMoney(w http.ResponseWriter, r *http.Request, vals map[string]string, prefix string,
	do func(uuid.UUID) (ledger.Result, error)) {
	id, err := httpx.UUIDParam(r, "account")
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	res, err := do(id)
	if err != nil {
		form, ok := httpx.FormOf(err, vals)
		if !ok {
			httpx.Error(w, r, err)
			return
		}
		if prefix != "" && len(form.Errors) > 0 {
			named := make(map[string]string, len(form.Errors))
			for k, v := range form.Errors {
				named[prefix+k] = v
			}
			form.Errors = named
		}
		topUp, adjust := form, ui.Form{}
		if prefix != "" {
			topUp, adjust = ui.Form{}, form
		}
		vm, verr := h.balanceVM(r, id, topUp, adjust)
		if verr != nil {
			httpx.Error(w, r, verr)
			return
		}
		httpx.Render(w, r, http.StatusUnprocessableEntity, ops.AccountBalancePage(vm))
		return
	}
	switch {
	case res.Duplicate:
		h.Sessions.Flash(r.Context(), "ledger.already_recorded")
	case prefix != "":
		h.Sessions.Flash(r.Context(), "ledger.adjusted")
	default:
		h.Sessions.Flash(r.Context(), "ledger.topped_up")
	}
	httpx.Redirect(w, r, "/ops/balances/"+id.String())
}
