package ops

import (
	"context"
	"net/http"

	"agora/internal/merchant"
	"agora/internal/server/httpx"
	"agora/web/ops"
	"agora/web/ui"
)

// queue describes one review queue page.
type queue struct {
	kind, title, active, base string
	tabs                      []ui.Option
	list                      func(ctx context.Context, status string, page int) ([]merchant.QueueItem, error)
}

// serve renders the queue for the requested status tab, most urgent first.
func (q queue) serve(w http.ResponseWriter, r *http.Request) {
	status, page := statusParam(r, q.tabs), httpx.Page(r)
	items, err := q.list(r.Context(), status, page)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	hasNext := len(items) > merchant.Page
	if hasNext {
		items = items[:merchant.Page]
	}
	httpx.Render(w, r, http.StatusOK, ops.QueuePage(ops.QueueVM{Kind: q.kind, Title: q.title, Active: q.active,
		Base: q.base, Status: status, Tabs: q.tabs, Rows: queueRows(items, q.base), Page: page, HasNext: hasNext}))
}

func queueRows(items []merchant.QueueItem, base string) []ops.QueueRow {
	rows := make([]ops.QueueRow, len(items))
	for i, it := range items {
		rows[i] = ops.QueueRow{Href: base + "/" + it.ID.String(), Number: it.Number, Company: it.Company, Account: it.AccountName,
			Status: it.Status, Failures: it.Failures, SubmittedAt: it.SubmittedAt, SLA: ui.SLA{Due: it.DueAt, Done: it.DecidedAt != nil}}
	}
	return rows
}

func statusParam(r *http.Request, tabs []ui.Option) string {
	s := r.URL.Query().Get("status")
	for _, t := range tabs {
		if t.Value == s {
			return s
		}
	}
	return tabs[0].Value
}
