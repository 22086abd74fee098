package httpx

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"agora/internal/platform/money"
	"agora/internal/settlement"
	"agora/internal/store/pg"
	"agora/web/ui"
)

// StatementRow is a statement as lists show it.
func StatementRow(ctx context.Context, st settlement.Statement) ui.StatementRow {
	return ui.StatementRow{ID: st.ID.String(), Number: st.Number, Period: st.Period.String(), Status: string(st.Status),
		Joint: st.PlatformInvoices, Lines: st.Lines, Gross: money.Format(st.Gross), Fee: money.Format(st.Fee),
		Share: money.Format(st.Share), CreatedAt: ui.Time(ctx, st.CreatedAt)}
}

// StatementView builds a statement's page for seller or operations: the
// header, one page of lines with their orders and fee rules, and the evidence.
func StatementView(ctx context.Context, svc *settlement.Service, st settlement.Statement, page int, base, orderBase string) (ui.StatementView, error) {
	v := ui.StatementView{StatementRow: StatementRow(ctx, st), Base: base, OrderBase: orderBase, Version: strconv.Itoa(int(st.Version)),
		Digest: st.Digest, RequisitionNo: st.RequisitionNo, InvoiceNo: st.InvoiceNo, Reason: st.Reason, PayoutRef: st.PayoutRef,
		PaidAt: ui.TimePtr(ctx, st.PaidAt), SellerName: st.SellerName, Page: max(page, 1)}
	if st.InvoiceTotal != nil {
		v.InvoiceTotal = money.Format(*st.InvoiceTotal)
	}
	if st.InvoiceDate != nil {
		v.InvoiceDate = ui.Tr(ctx).Date(*st.InvoiceDate)
	}
	if st.InvoiceFileID != nil {
		v.InvoiceFileID = st.InvoiceFileID.String()
	}
	if st.Status == "generated" {
		v.SendDue = &ui.SLA{Due: st.SendDueAt}
	}
	lines, more, err := svc.Lines(ctx, st, v.Page)
	if err != nil {
		return v, err
	}
	v.HasNext = more
	seqOf := map[string]int{}
	for _, l := range lines {
		seqOf[l.ID.String()] = l.Seq
	}
	en := ui.Lang(ctx) == "en"
	for _, l := range lines {
		row := ui.LineRow{Seq: l.Seq, Kind: l.Kind, OrderID: l.OrderID.String(), OrderNumber: l.OrderNumber, Product: l.ProductName,
			OccurredAt: ui.Time(ctx, l.OccurredAt), Gross: money.Format(l.Gross), Fee: money.Format(l.Fee), Share: money.Format(l.Share),
			Rate: settlement.RateText(l.RateBP), RuleScope: l.RuleScope, RuleFrom: ui.Tr(ctx).Date(l.RuleFrom), RuleNote: l.RuleNote}
		if en && l.ProductEn != "" {
			row.Product = l.ProductEn
		}
		if l.OriginalLineID != nil {
			if n, ok := seqOf[l.OriginalLineID.String()]; ok {
				row.Original = "#" + strconv.Itoa(n)
			} else {
				row.Original = ui.T(ctx, "settlement.earlier_statement")
			}
		}
		v.Items = append(v.Items, row)
	}
	items, err := svc.Timeline(ctx, st.ID)
	if err != nil {
		return v, err
	}
	v.Timeline = TimelineView(settlement.ObjectStatement, items)
	return v, nil
}

// StatementCSV streams all of a statement's lines as CSV in the viewer's
// language, a batch at a time (a statement may have very many lines).
func StatementCSV(w http.ResponseWriter, r *http.Request, svc *settlement.Service, st settlement.Statement) {
	ctx := r.Context()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+st.Number+`.csv"`)
	_, _ = w.Write([]byte("\xEF\xBB\xBF"))
	cw := csv.NewWriter(w)
	head := []string{"seq", "kind", "order", "product", "occurred", "gross", "rate", "fee", "share", "entry", "reverses"}
	for i, k := range head {
		head[i] = ui.T(ctx, "settlement.csv."+k)
	}
	_ = cw.Write(head)
	loc := ui.Tr(ctx).Location()
	err := svc.StreamLines(ctx, st, func(l pg.StreamStatementLinesRow) error {
		orig := ""
		if l.OriginalLineID != nil {
			orig = l.OriginalLineID.String()
		}
		return cw.Write([]string{strconv.Itoa(int(l.Seq)), ui.T(ctx, "settlement.kind."+l.Kind), l.OrderNumber, l.ProductName,
			l.OccurredAt.In(loc).Format(time.DateTime), money.Decimal(money.Fen(l.GrossFen)), settlement.RateText(int(l.FeeRateBp)),
			money.Decimal(money.Fen(l.FeeFen)), money.Decimal(money.Fen(l.ShareFen)), l.EntryID.String(), orig})
	})
	cw.Flush()
	if err != nil {
		Logger(ctx).Error("statement csv", "err", err)
	}
}
