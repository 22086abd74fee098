package buyer

import (
	"net/http"

	"agora/internal/ledger"
	"agora/internal/platform/money"
	"agora/internal/server/httpx"
	"agora/web/buyer"
)

// balance shows the viewer's own balance and statement; there is no account
// parameter, so nobody reaches another's.
func (h Handler) balance(w http.ResponseWriter, r *http.Request) {
	st, err := h.Ledger.Statement(r.Context(), httpx.MustViewer(r.Context()).ID, httpx.Page(r))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	vm := buyer.BalanceVM{Balance: money.Format(st.Balance), Page: st.Page, HasNext: st.HasNext}
	for _, l := range st.Lines {
		line := buyer.StatementLine{Seq: l.Seq, At: l.At, Kind: l.Kind, Amount: ledger.Signed(l.Amount), In: l.Amount > 0,
			BalanceAfter: money.Format(l.BalanceAfter), OrderNumber: l.OrderNumber}
		if l.OrderID != nil {
			line.OrderHref = "/buyer/orders/" + l.OrderID.String()
		}
		if l.Kind == ledger.KindTopUp || l.Kind == ledger.KindAdjustment {
			line.Note = l.Reason
		}
		vm.Lines = append(vm.Lines, line)
	}
	httpx.Render(w, r, http.StatusOK, buyer.BalancePage(vm))
}
