package export

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"agora/internal/platform/i18n"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
)

// errTooLarge stops an export whose file would pass MaxBytes.
var errTooLarge = errors.New("export: file too large")

// column is one column of the file: its header key and its cell.
type column struct {
	key  string
	cell func(l line) any // string, int64 or float64
}

// columns are the file's columns, following the order list. The seller's file
// has the customer's contact for delivery; the buyer's has no contact of their own.
func (s *Service) columns(e Export, tr *i18n.Localizer) []column {
	at := func(t interface{ Format(string) string }) string { return t.Format("2006-01-02 15:04:05") }
	cols := []column{
		{"export.col.number", func(l line) any { return l.Number }},
		{"export.col.product", func(l line) any {
			if tr.Lang() == "en" && l.ProductNameEn != "" {
				return l.ProductNameEn
			}
			return l.ProductName
		}},
		{"export.col.spec", func(l line) any { return l.SpecName }},
		{"export.col.billing", func(l line) any {
			if l.TrialDays > 0 {
				return tr.T("order.qty.trial", "n", l.TrialDays)
			}
			return tr.T("order.billing." + l.BillingMode)
		}},
		{"export.col.quantity", func(l line) any { return int64(l.Quantity) }},
		{"export.col.amount", func(l line) any { return yuan(l.AmountFen) }},
		{"export.col.status", func(l line) any { return tr.T("status.order." + l.Status) }},
		{"export.col.created", func(l line) any { return at(l.CreatedAt.In(s.loc)) }},
		{"export.col.paid", func(l line) any {
			if l.PaidAt == nil {
				return ""
			}
			return at(l.PaidAt.In(s.loc))
		}},
		{"export.col.customer", func(l line) any { return l.CustomerName }},
	}
	if e.Side == SideSeller {
		cols = append(cols,
			column{"export.col.user", func(l line) any { return l.BuyerName }},
			column{"export.col.phone", func(l line) any { return l.ContactPhone }},
			column{"export.col.email", func(l line) any { return l.ContactEmail }})
	}
	return cols
}

// amount is a sum in yuan with its fen: written as a number in XLSX, as 12.50 in CSV.
type amount int64

func yuan(fen int64) amount { return amount(fen) }

func (a amount) String() string { return money.Decimal(money.Fen(a)) }

// output is a stored file.
type output struct {
	key  string
	size int64
	sum  string
	rows int64
}

// produce streams the export's rows into a new blob. The rows go through a pipe
// straight into the store, so memory stays flat whatever the number of rows.
func (s *Service) produce(ctx context.Context, e Export, src *source) (output, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	type put struct {
		key, sum string
		size     int64
		err      error
	}
	done := make(chan put, 1)
	go func() {
		key, size, sum, err := s.blobs.Put(ctx, pr)
		if err == nil {
			err = io.ErrClosedPipe // nothing reads any more
		}
		pr.CloseWithError(err)
		done <- put{key, sum, size, err}
	}()
	w := &limitWriter{w: pw, left: s.MaxBytes}
	tr := s.msgs.For(e.Lang, s.loc)
	cols := s.columns(e, tr)
	progress := func(rows int64) error {
		n, err := s.st.ExportProgress(ctx, pg.ExportProgressParams{ID: e.ID, RowsWritten: rows})
		if err != nil {
			return err
		}
		if n != 1 {
			return errStale
		}
		if s.Progressed != nil {
			s.Progressed(e.ID, rows)
		}
		return nil
	}
	var rows int64
	var err error
	if e.Format == XLSX {
		rows, err = s.writeXLSX(ctx, w, src, cols, tr, progress)
	} else {
		rows, err = s.writeCSV(ctx, w, src, cols, tr, progress)
	}
	pw.CloseWithError(err) // nil: the store sees the end of the file
	res := <-done
	if err != nil {
		if res.key != "" {
			_ = s.blobs.Delete(context.WithoutCancel(ctx), res.key)
		}
		return output{}, err
	}
	if res.key == "" {
		return output{}, res.err
	}
	return output{key: res.key, size: res.size, sum: res.sum, rows: rows}, nil
}

// limitWriter fails once more than left bytes were written.
type limitWriter struct {
	w    io.Writer
	left int64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.left {
		return 0, errTooLarge
	}
	l.left -= int64(len(p))
	return l.w.Write(p)
}

// csvSafe keeps a spreadsheet from reading a text cell as a formula: a cell
// starting with = + - @ or a control character gets a leading apostrophe.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (s *Service) writeCSV(ctx context.Context, w io.Writer, src *source, cols []column, tr *i18n.Localizer,
	progress func(int64) error) (int64, error) {
	// A byte-order mark, so Excel reads the file as UTF-8 (Chinese included).
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = tr.T(c.key)
	}
	if err := cw.Write(rec); err != nil {
		return 0, err
	}
	rows, err := src.each(ctx, s.Batch, func(l line) error {
		for i, c := range cols {
			switch v := c.cell(l).(type) {
			case string:
				rec[i] = csvSafe(v)
			case int64:
				rec[i] = strconv.FormatInt(v, 10)
			case amount:
				rec[i] = v.String()
			}
		}
		return cw.Write(rec)
	}, func(rows int64) error {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		return progress(rows)
	})
	if err != nil {
		return rows, err
	}
	cw.Flush() // the header of an empty list
	return rows, cw.Error()
}

// sheetRows is how many rows one worksheet holds; a larger export continues on another sheet.
var sheetRows = excelize.TotalRows

func (s *Service) writeXLSX(ctx context.Context, w io.Writer, src *source, cols []column, tr *i18n.Localizer,
	progress func(int64) error) (int64, error) {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return 0, err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return 0, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: bold, Value: tr.T(c.key)}
	}
	base := tr.T("export.sheet")
	var sw *excelize.StreamWriter
	sheet, row := 0, 0
	next := func() error {
		if sw != nil {
			if err := sw.Flush(); err != nil {
				return err
			}
		}
		sheet++
		name := base
		if sheet == 1 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else {
			name = base + " " + strconv.Itoa(sheet)
			if _, err := f.NewSheet(name); err != nil {
				return err
			}
		}
		var err error
		if sw, err = f.NewStreamWriter(name); err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		for i, c := range cols {
			if err := sw.SetColWidth(i+1, i+1, width(c.key)); err != nil {
				return err
			}
		}
		row = 1
		return sw.SetRow("A1", header)
	}
	if err := next(); err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	rows, err := src.each(ctx, s.Batch, func(l line) error {
		if row >= sheetRows {
			if err := next(); err != nil {
				return err
			}
		}
		row++
		for i, c := range cols {
			switch v := c.cell(l).(type) {
			case amount:
				vals[i] = excelize.Cell{StyleID: money, Value: float64(v) / 100}
			default:
				vals[i] = v
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, vals)
	}, progress)
	if err != nil {
		return rows, err
	}
	if err := sw.Flush(); err != nil {
		return rows, err
	}
	// The archive goes straight to w: File.Write would first build the whole
	// zip in memory (tens of megabytes for a million rows).
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	buf, err := f.WriteToBuffer()
	if err == nil && buf.Len() > 0 {
		err = errors.New("export: workbook was buffered")
	}
	return rows, err
}

// width is a column's width in characters.
func width(key string) float64 {
	switch key {
	case "export.col.number", "export.col.created", "export.col.paid", "export.col.phone":
		return 20
	case "export.col.product", "export.col.customer", "export.col.email":
		return 28
	case "export.col.quantity", "export.col.amount", "export.col.status", "export.col.billing":
		return 12
	}
	return 16
}

// fileName names the file after the list and the moment of the request: 订单导出-20261119-1000.csv.
func (s *Service) fileName(e Export) string {
	tr := s.msgs.For(e.Lang, s.loc)
	return tr.T("export.file_name", "time", e.CreatedAt.In(s.loc).Format("20060102-150405")) + "." + e.Format
}

func contentType(format string) string {
	if format == XLSX {
		return ContentXLSX
	}
	return ContentCSV
}
