package analytics

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"agora/internal/platform/money"
)

// The CSV files behind the dashboard. Like the order exports they start with
// a UTF-8 byte-order mark (so Excel reads Chinese) and end lines with CRLF;
// amounts are yuan with two decimals, without the ¥ sign or separators.
const (
	CSVDaily    = "daily"    // one row per day of the period
	CSVProducts = "products" // the top products
)

// DailyColumns and ProductColumns are the catalog keys of the files' headers.
var (
	DailyColumns = []string{"analytics.col.date", "analytics.col.gmv", "analytics.col.paid_orders", "analytics.col.refunded",
		"analytics.col.refunded_orders", "analytics.col.views", "analytics.col.visitors"}
	ProductColumns = []string{"analytics.col.rank", "analytics.col.number", "analytics.col.product", "analytics.col.gmv",
		"analytics.col.paid_orders", "analytics.col.views", "analytics.col.visitors"}
)

// WriteCSV writes part (CSVDaily or CSVProducts) of o to w. tr translates the
// header keys; product names are English when lang is "en" and one exists.
func WriteCSV(w io.Writer, o Overview, part string, tr func(string) string, lang string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cols := DailyColumns
	if part == CSVProducts {
		cols = ProductColumns
	}
	rec := make([]string, len(cols))
	for i, k := range cols {
		rec[i] = tr(k)
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	n := strconv.FormatInt
	if part == CSVProducts {
		for i, p := range o.Top {
			name := p.Name
			if lang == "en" && p.NameEn != "" {
				name = p.NameEn
			}
			if err := cw.Write([]string{strconv.Itoa(i + 1), p.Number, cellSafe(name), money.Decimal(p.GMV), n(p.PaidOrders, 10),
				n(p.Views, 10), n(p.Visitors, 10)}); err != nil {
				return err
			}
		}
	} else {
		for _, d := range o.Days {
			if err := cw.Write([]string{d.Date.Format(time.DateOnly), money.Decimal(d.GMV), n(d.PaidOrders, 10), money.Decimal(d.Refunded),
				n(d.RefundedOrders, 10), n(d.Views, 10), n(d.Visitors, 10)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// cellSafe keeps a spreadsheet from reading a text cell as a formula.
func cellSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
