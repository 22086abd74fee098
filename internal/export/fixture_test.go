package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/export"
	"agora/internal/export/exporttest"
	"agora/internal/order"
	"agora/internal/platform/blob"
	"agora/internal/platform/i18n"
	"agora/internal/testfix"
	"agora/web/locales"
)

var bg = context.Background()

// shop is one test's marketplace: a seller with one product, a buyer, and the export service.
type shop struct {
	*testfix.Env
	svc     *export.Service
	seller  account.Account
	buyer   account.Account
	product catalog.Product
	blobs   blob.Store
	// blobCountAtStart is how many blobs the fixtures stored (logos).
	blobCountAtStart int
}

func newShop(t *testing.T) *shop {
	t.Helper()
	env := testfix.New(t)
	cat := env.Catalog()
	s := &shop{Env: env}
	s.seller = env.ReadySeller(t, env.Name("seller"))
	c := env.ProductContent(t, s.seller, catalog.TypeSaaS)
	c.Name, c.NameEn = "云数据库 专业版 SaaS版", "Cloud Database Pro"
	c.Specs[0].Name = "企业版"
	s.product = env.ListProduct(t, cat, s.seller, c)
	s.buyer = env.Seller(t, env.Name("buyer"))
	dir, err := blob.NewDir(env.BlobDir)
	if err != nil {
		t.Fatal(err)
	}
	s.blobs = dir
	s.svc = s.service(t, dir)
	s.blobCountAtStart = s.blobCount(t)
	return s
}

// blobCount counts the objects in the blob directory.
func (s *shop) blobCount(t *testing.T) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(s.BlobDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// service returns an export service over blobs.
func (s *shop) service(t *testing.T, blobs blob.Store) *export.Service {
	t.Helper()
	bundle, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	return export.NewService(s.Store, blobs, s.Clock, bundle, testfix.Shanghai, s.Log)
}

// generate adds n orders of the shop's product from buyer, the newest a minute before now.
func (s *shop) generate(t *testing.T, buyer account.Account, n int, customer string) {
	t.Helper()
	_, err := exporttest.Generate(bg, s.Store, exporttest.Orders{Prefix: "GEN" + s.Name("x") + "-", BuyerID: buyer.ID,
		BuyerName: buyer.Name, SellerID: s.product.SellerID, ProductID: s.product.ID, SpecID: s.product.Specs[0].ID,
		ProductName: s.product.Name, ProductNameEn: s.product.NameEn, SpecName: s.product.Specs[0].Name,
		Customer: customer, N: n, Newest: s.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
}

// request asks for an export and fails the test on an error.
func (s *shop) request(t *testing.T, owner account.Account, side, format, lang string, f order.Filter) export.Export {
	t.Helper()
	e, err := s.svc.Request(bg, owner.ID, side, format, lang, f)
	if err != nil {
		t.Fatalf("request export: %v", err)
	}
	return e
}

// run works every queued export job.
func (s *shop) run(t *testing.T) int { t.Helper(); return exporttest.RunJobs(t, s.DB.Pool, s.svc) }

// get reloads an export as its owner sees it.
func (s *shop) get(t *testing.T, owner account.Account, e export.Export) export.Export {
	t.Helper()
	got, err := s.svc.Get(bg, owner.ID, e.Side, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// download returns the export's file as its owner downloads it.
func (s *shop) download(t *testing.T, owner account.Account, e export.Export) []byte {
	t.Helper()
	if e.FileID == nil {
		t.Fatalf("export %s (%s) has no file", e.ID, e.Status)
	}
	_, rc, err := s.Files.Open(bg, owner, *e.FileID)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// csvRows parses a CSV export, checking its byte-order mark.
func csvRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 byte-order mark: %q", data[:min(len(data), 10)])
	}
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// xlsxRows reads the first sheet of an XLSX export.
func xlsxRows(t *testing.T, data []byte) (string, [][]string, *excelize.File) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return sheet, rows, f
}

// at is a time in the marketplace's zone as the files write it.
func at(t time.Time) string { return t.In(testfix.Shanghai).Format("2006-01-02 15:04:05") }

func yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }
