package export_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"agora/internal/export"
	"agora/internal/export/exporttest"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/platform/blob"
)

// TestExportCSVOfFilter: a seller's CSV of "processing orders of customers
// called 云帆…" holds exactly those orders, newest first, in Chinese with a
// byte-order mark, amounts in yuan, times in Shanghai and the customer's contact;
// orders placed after the request are not in it.
func TestExportCSVOfFilter(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	other := s.Seller(t, s.Name("buyer"))
	s.generate(t, s.buyer, 30, "云帆科技")
	s.generate(t, other, 10, "北辰数据")
	now := s.Clock.Now()
	e := s.request(t, s.seller, export.SideSeller, export.CSV, "zh-CN", order.Filter{Status: "processing", Customer: " 云帆 "})
	if e.Status != lifecycle.ExportQueued || e.Lang != "zh-CN" || e.Filter.Customer != "云帆" || e.Filter.Status != "processing" {
		t.Fatalf("queued export: %+v", e)
	}
	// Orders placed while the export waits are not part of the list that was exported.
	s.Clock.Advance(time.Hour)
	s.generate(t, s.buyer, 10, "云帆科技")
	if n := s.run(t); n != 1 {
		t.Fatalf("ran %d jobs", n)
	}
	e = s.get(t, s.seller, e)
	if e.Status != lifecycle.ExportDone || e.RowsWritten != 6 || *e.RowsTotal != 6 || e.Percent() != 100 || e.Size == 0 {
		t.Fatalf("finished export: %+v", e)
	}
	if !e.ExpiresAt.Equal(s.Clock.Now().Add(72*time.Hour)) || !strings.HasSuffix(e.FileName, ".csv") || !strings.HasPrefix(e.FileName, "订单导出-") {
		t.Errorf("expiry %v, file %q", e.ExpiresAt, e.FileName)
	}
	rows := csvRows(t, s.download(t, s.seller, e))
	want := []string{"订单号", "商品名称", "规格", "计费模式", "数量", "金额（元）", "订单状态", "创建时间", "支付时间", "客户名称", "用户名", "手机号", "邮箱"}
	if strings.Join(rows[0], "|") != strings.Join(want, "|") {
		t.Fatalf("header %q", rows[0])
	}
	if len(rows) != 7 {
		t.Fatalf("%d rows, want 6 and the header: %q", len(rows)-1, rows)
	}
	for k, i := range []int{5, 10, 15, 20, 25, 30} {
		created := now.Add(-time.Duration(i) * time.Minute)
		got := rows[k+1]
		exp := []string{got[0], s.product.Name, "企业版", "包月", strconv.Itoa(1 + i%12), yuan(exporttest.Amount(i)), "处理中",
			at(created), at(created), fmt.Sprintf("云帆科技%d", i), s.buyer.Name, fmt.Sprintf("138%08d", i), fmt.Sprintf("gen%d@example.com", i)}
		if strings.Join(got, "|") != strings.Join(exp, "|") || !strings.HasSuffix(got[0], fmt.Sprintf("%09d", i)) {
			t.Errorf("row %d:\n got %q\nwant %q", k+1, got, exp)
		}
	}
	if rows[1][5] != "594.30" {
		t.Errorf("amount of order 5: %q", rows[1][5])
	}
}

// TestExportXLSX: the same list as a workbook in English: a sheet called
// Orders, a bold frozen header, amounts as numbers, Chinese text intact.
func TestExportXLSX(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	s.generate(t, s.buyer, 12, "云帆科技")
	e := s.request(t, s.seller, export.SideSeller, export.XLSX, "en", order.Filter{Status: "processing"})
	s.run(t)
	e = s.get(t, s.seller, e)
	if e.Status != lifecycle.ExportDone || e.RowsWritten != 2 || !strings.HasPrefix(e.FileName, "orders-") || !strings.HasSuffix(e.FileName, ".xlsx") {
		t.Fatalf("export: %+v", e)
	}
	sheet, rows, f := xlsxRows(t, s.download(t, s.seller, e))
	if sheet != "Orders" || len(rows) != 3 {
		t.Fatalf("sheet %q with %d rows", sheet, len(rows))
	}
	if strings.Join(rows[0], "|") != "Order number|Product|Spec|Billing mode|Quantity|Amount (yuan)|Status|Created|Paid|Customer name|User name|Phone|E-mail" {
		t.Errorf("header %q", rows[0])
	}
	r := rows[1]
	if r[1] != "Cloud Database Pro" || r[2] != "企业版" || r[3] != "monthly" || r[4] != "6" || r[5] != "594.30" || r[6] != "Processing" ||
		r[9] != "云帆科技5" || r[11] != "13800000005" {
		t.Errorf("row 1: %q", r)
	}
	raw, err := f.GetCellValue(sheet, "F2", excelize.Options{RawCellValue: true})
	if err != nil || raw != "594.3" {
		t.Errorf("amount cell holds %q (%v), want the number 594.3", raw, err)
	}
	if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
}

// TestExportProgress: the record shows the rows written after every batch,
// and the share of the total the job counted first.
func TestExportProgress(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	s.generate(t, s.buyer, 23, "进度客户")
	s.svc.Batch = 10
	var seen []string
	e := s.request(t, s.seller, export.SideSeller, export.CSV, "en", order.Filter{})
	s.svc.Progressed = func(uuid.UUID, int64) {
		cur := s.get(t, s.seller, e)
		seen = append(seen, fmt.Sprintf("%s %d/%d %d%%", cur.Status, cur.RowsWritten, *cur.RowsTotal, cur.Percent()))
	}
	s.run(t)
	want := "running 10/23 43%, running 20/23 86%, running 23/23 100%"
	if got := strings.Join(seen, ", "); got != want {
		t.Errorf("progress %q, want %q", got, want)
	}
	if e = s.get(t, s.seller, e); e.Status != lifecycle.ExportDone || e.RowsWritten != 23 {
		t.Errorf("finished: %+v", e)
	}
}

// TestExportEmpty: a filter that matches nothing still gives a file with the header.
func TestExportEmpty(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	s.generate(t, s.buyer, 3, "客户")
	csvE := s.request(t, s.seller, export.SideSeller, export.CSV, "zh-CN", order.Filter{Number: "CS-NO-SUCH-ORDER"})
	xlsxE := s.request(t, s.seller, export.SideSeller, export.XLSX, "zh-CN", order.Filter{Product: "没有这个商品"})
	s.run(t)
	csvE, xlsxE = s.get(t, s.seller, csvE), s.get(t, s.seller, xlsxE)
	for _, e := range []export.Export{csvE, xlsxE} {
		if e.Status != lifecycle.ExportDone || e.RowsWritten != 0 || *e.RowsTotal != 0 || e.Percent() != 100 {
			t.Fatalf("empty export: %+v", e)
		}
	}
	if rows := csvRows(t, s.download(t, s.seller, csvE)); len(rows) != 1 || rows[0][0] != "订单号" {
		t.Errorf("empty CSV: %q", rows)
	}
	if sheet, rows, _ := xlsxRows(t, s.download(t, s.seller, xlsxE)); sheet != "订单" || len(rows) != 1 || rows[0][0] != "订单号" {
		t.Errorf("empty XLSX %q: %q", sheet, rows)
	}
}

// TestBuyerExport: the buyer's file has their own orders only, without the
// seller's contact columns.
func TestBuyerExport(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	other := s.Seller(t, s.Name("buyer"))
	s.generate(t, s.buyer, 4, "买家公司")
	s.generate(t, other, 7, "别人公司")
	e := s.request(t, s.buyer, export.SideBuyer, export.CSV, "en", order.Filter{Customer: "别人", UserName: other.Name})
	if e.Filter.Customer != "" || e.Filter.UserName != "" {
		t.Errorf("the buyer's list has no customer or user filter: %+v", e.Filter)
	}
	s.run(t)
	rows := csvRows(t, s.download(t, s.buyer, s.get(t, s.buyer, e)))
	if len(rows) != 5 || len(rows[0]) != 10 || rows[0][9] != "Customer name" || !strings.HasPrefix(rows[1][9], "买家公司") {
		t.Fatalf("buyer's export: %q", rows)
	}
}

// TestExportExpiry: three days after it was made the sweep deletes the file
// (row and bytes) and the record says expired; not a moment earlier.
func TestExportExpiry(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	s.generate(t, s.buyer, 5, "过期客户")
	e := s.request(t, s.seller, export.SideSeller, export.CSV, "zh-CN", order.Filter{})
	s.run(t)
	e = s.get(t, s.seller, e)
	fileID := *e.FileID
	before := s.blobCount(t)
	s.Clock.Advance(72*time.Hour - time.Second)
	if n, err := s.svc.Sweep(bg); err != nil || n != 0 {
		t.Fatalf("sweep before expiry: %d, %v", n, err)
	}
	s.download(t, s.seller, s.get(t, s.seller, e))
	s.Clock.Advance(time.Second)
	if n, err := s.svc.Sweep(bg); err != nil || n != 1 {
		t.Fatalf("sweep at expiry: %d, %v", n, err)
	}
	e = s.get(t, s.seller, e)
	if e.Status != lifecycle.ExportExpired || e.FileID != nil || e.RowsWritten != 5 {
		t.Errorf("expired export: %+v", e)
	}
	if _, _, err := s.Files.Open(bg, s.seller, fileID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("expired file still opens: %v", err)
	}
	if after := s.blobCount(t); after != before-1 {
		t.Errorf("blobs: %d before, %d after", before, after)
	}
	if n, err := s.svc.Sweep(bg); err != nil || n != 0 {
		t.Errorf("second sweep: %d, %v", n, err)
	}
}

// TestExportLimit: three unfinished exports per account; the fourth is
// refused with a message until one finishes. Others are not held up.
func TestExportLimit(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	for range export.MaxActive {
		s.request(t, s.seller, export.SideSeller, export.CSV, "zh-CN", order.Filter{})
	}
	_, err := s.svc.Request(bg, s.seller.ID, export.SideSeller, export.XLSX, "zh-CN", order.Filter{})
	if e, ok := apperr.As(err); !ok || e.Kind != apperr.Conflict || e.Msg != "export.too_many" {
		t.Fatalf("fourth export: %v", err)
	}
	// The limit is per account, whichever center: the same account as a buyer is held too; another is not.
	if _, err := s.svc.Request(bg, s.seller.ID, export.SideBuyer, export.CSV, "zh-CN", order.Filter{}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("the same account's buyer export: %v", err)
	}
	s.request(t, s.buyer, export.SideBuyer, export.CSV, "zh-CN", order.Filter{})
	if _, err := s.svc.Request(bg, s.seller.ID, export.SideSeller, "pdf", "zh-CN", order.Filter{}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("unknown format: %v", err)
	}
	if n := s.run(t); n != 4 {
		t.Fatalf("ran %d jobs", n)
	}
	s.request(t, s.seller, export.SideSeller, export.XLSX, "zh-CN", order.Filter{})
	page, err := s.svc.List(bg, s.seller.ID, export.SideSeller, 1)
	if err != nil || len(page.Exports) != 4 || !page.Active || page.Exports[0].Format != export.XLSX {
		t.Fatalf("list: %+v, %v", page, err)
	}
}

// TestExportAuthorization: another account's export, or one's own from the
// other center, is not found; nor is its file.
func TestExportAuthorization(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	e := s.request(t, s.seller, export.SideSeller, export.CSV, "zh-CN", order.Filter{})
	s.run(t)
	e = s.get(t, s.seller, e)
	if _, err := s.svc.Get(bg, s.buyer.ID, export.SideSeller, e.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another account's export: %v", err)
	}
	if _, err := s.svc.Get(bg, s.seller.ID, export.SideBuyer, e.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("own export from the buyer center: %v", err)
	}
	if _, _, err := s.Files.Open(bg, s.buyer, *e.FileID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another account's file: %v", err)
	}
	if page, _ := s.svc.List(bg, s.buyer.ID, export.SideSeller, 1); len(page.Exports) != 0 {
		t.Errorf("another account lists %d exports", len(page.Exports))
	}
}

// TestLargeExport: 20,000 orders go out in keyset pages, every one of them.
func TestLargeExport(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	s.generate(t, s.buyer, 20_000, "大客户")
	e := s.request(t, s.seller, export.SideSeller, export.CSV, "zh-CN", order.Filter{})
	s.run(t)
	e = s.get(t, s.seller, e)
	rows := csvRows(t, s.download(t, s.seller, e))
	if e.RowsWritten != 20_000 || len(rows) != 20_001 || rows[20_000][9] != "大客户20000" {
		t.Fatalf("large export: %d rows recorded, %d in the file, last %q", e.RowsWritten, len(rows)-1, rows[len(rows)-1])
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		seen[r[0]] = true
	}
	if len(seen) != 20_000 {
		t.Errorf("%d distinct orders", len(seen))
	}
}

// failingStore is a blob store whose writes fail after some bytes, like a full disk.
type failingStore struct{ blob.Store }

func (failingStore) Put(_ context.Context, r io.Reader) (string, int64, string, error) {
	_, _ = io.CopyN(io.Discard, r, 100)
	return "", 0, "", errors.New("disk full")
}

// TestExportFailure: a job that cannot store its file is retried; after the
// last attempt the export says it failed, and it no longer counts against the limit.
func TestExportFailure(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	s.generate(t, s.buyer, 50, "失败客户")
	s.svc = s.service(t, failingStore{s.blobs})
	for range export.MaxActive {
		s.request(t, s.seller, export.SideSeller, export.CSV, "zh-CN", order.Filter{})
	}
	jobs := exporttest.Jobs(t, s.DB.Pool)
	if err := exporttest.Work(t, s.svc, jobs[0], 1); err == nil {
		t.Fatal("a failed attempt reported success")
	}
	page, _ := s.svc.List(bg, s.seller.ID, export.SideSeller, 1)
	first := page.Exports[len(page.Exports)-1]
	if first.Status != lifecycle.ExportRunning {
		t.Fatalf("after a failed attempt: %+v", first)
	}
	s.Clock.Advance(time.Minute)
	if err := exporttest.Work(t, s.svc, jobs[0], export.Attempts); err != nil {
		t.Fatalf("last attempt: %v", err)
	}
	first = s.get(t, s.seller, first)
	if first.Status != lifecycle.ExportFailed || first.Failure != export.FailError || first.FileID != nil || first.FinishedAt == nil {
		t.Fatalf("after the last attempt: %+v", first)
	}
	if s.blobCount(t) != s.blobCountAtStart {
		t.Error("a failed export left bytes behind")
	}
	if _, err := s.svc.Request(bg, s.seller.ID, export.SideSeller, export.CSV, "zh-CN", order.Filter{}); err != nil {
		t.Errorf("a failed export still counts against the limit: %v", err)
	}
}

// TestExportTooLarge: a file over the size limit fails at once with a reason
// that says what to do, and leaves nothing behind.
func TestExportTooLarge(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	s.generate(t, s.buyer, 100, "超大客户")
	s.svc.MaxBytes = 2000
	e := s.request(t, s.seller, export.SideSeller, export.CSV, "zh-CN", order.Filter{})
	if err := exporttest.Work(t, s.svc, exporttest.Jobs(t, s.DB.Pool)[0], 1); err != nil {
		t.Fatalf("first attempt: %v", err)
	}
	if e = s.get(t, s.seller, e); e.Status != lifecycle.ExportFailed || e.Failure != export.FailTooLarge {
		t.Fatalf("too large: %+v", e)
	}
	if s.blobCount(t) != s.blobCountAtStart {
		t.Error("a refused export left bytes behind")
	}
}

// TestExportStuck: an export whose job was lost is failed by the sweep, so it
// does not block its owner for ever.
func TestExportStuck(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	e := s.request(t, s.seller, export.SideSeller, export.CSV, "zh-CN", order.Filter{})
	s.Clock.Advance(export.StuckAge - time.Minute)
	if n, _ := s.svc.Sweep(bg); n != 0 {
		t.Fatalf("sweep failed a young export")
	}
	s.Clock.Advance(2 * time.Minute)
	if n, err := s.svc.Sweep(bg); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if e = s.get(t, s.seller, e); e.Status != lifecycle.ExportFailed || e.Failure != export.FailStuck {
		t.Fatalf("stuck export: %+v", e)
	}
	// Its job, should it turn up after all, does nothing.
	s.run(t)
	if e = s.get(t, s.seller, e); e.Status != lifecycle.ExportFailed {
		t.Errorf("a late job revived the export: %+v", e)
	}
}

// TestXLSXContinuesOnNextSheet: a workbook sheet holds about a million rows;
// more go on to a second sheet with its own header.
func TestExportXLSXContinuesOnNextSheet(t *testing.T) {
	// Not parallel: it changes the sheet size for the package.
	restore := export.SetSheetRows(5)
	defer restore()
	s := newShop(t)
	s.generate(t, s.buyer, 7, "分表客户")
	e := s.request(t, s.seller, export.SideSeller, export.XLSX, "zh-CN", order.Filter{})
	s.run(t)
	_, rows, f := xlsxRows(t, s.download(t, s.seller, s.get(t, s.seller, e)))
	if sheets := f.GetSheetList(); strings.Join(sheets, "|") != "订单|订单 2" {
		t.Fatalf("sheets %q", sheets)
	}
	second, _ := f.GetRows("订单 2")
	if len(rows) != 5 || len(second) != 4 || second[0][0] != "订单号" || second[3][9] != "分表客户7" {
		t.Errorf("first sheet %d rows, second %q", len(rows), second)
	}
}
