// Package testfix builds the application's services over a fresh, migrated
// test database, with a fixed clock and sensible defaults, for service-level
// tests in any package.
//
// A typical test:
//
//	env := testfix.New(t)                 // own database, clock at testfix.Start
//	seller := env.Seller(t, "acme")       // a signed-up account
//	app := env.SubmitEntry(t, seller)     // a pending entry application
//	env.Approve(t, app)                   // approved by a fresh reviewer
//
// Every helper fails the test on an unexpected error, so tests read as the
// story they check. Nothing here sleeps: move time with env.Clock.
package testfix

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/file"
	"agora/internal/inbox"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/platform/blob"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/testdb"
	"agora/internal/workday"
)

// Password is the password of every account the helpers create.
const Password = "Passw0rd123"

// Shanghai is the marketplace's zone.
var Shanghai = mustZone("Asia/Shanghai")

// Start is where every Env's clock begins: Thursday 19 November 2026, 10:00 in Shanghai.
var Start = time.Date(2026, 11, 19, 10, 0, 0, 0, Shanghai)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Env is one test's application: its database, clock, blob directory and services,
// wired as cmd/agora/wire.go does.
type Env struct {
	DB      *testdb.DB
	Store   *store.Store
	Clock   *clock.Fixed
	BlobDir string
	Log     *slog.Logger

	Accounts   *account.Service
	Files      *file.Service
	Agreements *agreement.Service
	Inbox      *inbox.Service
	Calendar   *workday.Service
	Merchants  *merchant.Service

	// Agreement is the seller cooperation agreement in force at Start.
	Agreement agreement.Agreement

	seq atomic.Int64
}

// New returns an Env on its own database with the seller cooperation agreement
// (version "2026.1") published a month before Start.
func New(t testing.TB) *Env {
	t.Helper()
	db := testdb.New(t)
	dir := t.TempDir()
	blobs, err := blob.NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(db.Pool)
	clk := clock.NewFixed(Start)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := &Env{DB: db, Store: st, Clock: clk, BlobDir: dir, Log: log}
	e.Accounts = account.NewService(st, clk, log)
	e.Files = file.NewService(st, blobs, clk)
	e.Agreements = agreement.NewService(st, clk)
	e.Inbox = inbox.NewService(st, clk)
	e.Calendar = workday.NewService(st, clk, Shanghai)
	e.Merchants = merchant.NewService(st, clk, e.Files, e.Agreements, e.Calendar, log)
	e.Agreement = e.PublishAgreement(t, "2026.1", Start.AddDate(0, -1, 0))
	return e
}

// PublishAgreement publishes a version of the seller cooperation agreement.
func (e *Env) PublishAgreement(t testing.TB, version string, at time.Time) agreement.Agreement {
	t.Helper()
	a, err := e.Agreements.Publish(context.Background(), agreement.Agreement{Kind: agreement.SellerCooperation,
		Version: version, TitleZh: "云商店通用商品商家合作协议 " + version, TitleEn: "Seller Cooperation Agreement " + version,
		BodyZh: "协议正文。", BodyEn: "Agreement text.", PublishedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Name returns a fresh account name starting with prefix.
func (e *Env) Name(prefix string) string { return prefix + strconv.FormatInt(e.seq.Add(1), 10) }

// Seller signs up an ordinary account called name.
func (e *Env) Seller(t testing.TB, name string) account.Account {
	t.Helper()
	a, err := e.Accounts.Signup(context.Background(), account.SignupInput{Name: name, Email: name + "@example.com",
		Password: Password, Confirm: Password})
	if err != nil {
		t.Fatalf("signup %s: %v", name, err)
	}
	return a
}

// Staff creates an operations account with role.
func (e *Env) Staff(t testing.TB, role account.OpsRole) account.Account {
	t.Helper()
	name := e.Name(string(role))
	a, err := e.Accounts.CreateStaff(context.Background(), name, name+"@ops.example.com", Password, role)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Reviewer creates a fresh operations reviewer.
func (e *Env) Reviewer(t testing.TB) account.Account { return e.Staff(t, account.OpsReviewer) }

// Admin creates a fresh operations administrator.
func (e *Env) Admin(t testing.TB) account.Account { return e.Staff(t, account.OpsAdmin) }

// PNG returns a valid 168×80 PNG (the suggested logo size).
func PNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 168, 80))
	for x := 0; x < 168; x++ {
		img.Set(x, x%80, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// PDF returns bytes that the upload check takes for a PDF.
func PDF() []byte { return []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") }

// Upload stores data for owner under purpose ("entry_logo", "entry_licence").
func (e *Env) Upload(t testing.TB, owner account.Account, purpose, name string, data []byte) file.File {
	t.Helper()
	f, err := e.Files.Upload(context.Background(), owner.ID, purpose, name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("upload %s: %v", name, err)
	}
	return f
}

// Company is the company name EntryInput gives acct.
func Company(acct account.Account) string { return acct.Name + " 数智科技有限公司" }

// EntryInput returns a valid entry form for acct, with a logo and a licence it
// has just uploaded, agreeing to the current agreement. Change one field to test a rule.
func (e *Env) EntryInput(t testing.TB, acct account.Account) merchant.EntryInput {
	t.Helper()
	logo := e.Upload(t, acct, "entry_logo", "logo.png", PNG(t))
	licence := e.Upload(t, acct, "entry_licence", "licence.pdf", PDF())
	return merchant.EntryInput{CompanyName: Company(acct), Website: "https://www.example.com",
		LogoFileID: logo.ID.String(), LicenceFileID: licence.ID.String(),
		YearsInBusiness: "3", Headcount: "40", RegisteredCapital: "1,000,000.00",
		ContactName: "张三", ContactPhone: "13800138000", ContactEmail: "bd@example.com",
		CSPhone: "400-800-8888", CSEmail: "cs@example.com",
		Profile:     "我们为企业提供云上数据分析与运维服务，团队规模四十人，服务客户超过两百家。",
		AgreementID: e.Agreement.ID.String(), Agreed: true}
}

// SubmitEntry submits a valid entry application for acct.
func (e *Env) SubmitEntry(t testing.TB, acct account.Account) merchant.Application {
	t.Helper()
	app, err := e.Merchants.SubmitEntry(context.Background(), acct, e.EntryInput(t, acct))
	if err != nil {
		t.Fatalf("submit entry: %v", err)
	}
	return app
}

// Version is the form value of an object's version.
func Version(v int32) string { return strconv.Itoa(int(v)) }

// Approve has a fresh reviewer approve app as last seen.
func (e *Env) Approve(t testing.TB, app merchant.Application) {
	t.Helper()
	err := e.Merchants.DecideEntry(context.Background(), e.Reviewer(t), app.ID, merchant.Decision{Approve: true, Version: Version(app.Version)})
	if err != nil {
		t.Fatalf("approve entry: %v", err)
	}
}

// ApprovedSeller signs up a seller called name and has its entry approved.
func (e *Env) ApprovedSeller(t testing.TB, name string) account.Account {
	t.Helper()
	s := e.Seller(t, name)
	e.Approve(t, e.SubmitEntry(t, s))
	return s
}

// CertInput returns a valid certification form for acct's company (as EntryInput names it).
func CertInput(acct account.Account) merchant.CertInput {
	return merchant.CertInput{BankName: "中国工商银行", BankBranch: "杭州西湖支行", AccountHolder: Company(acct),
		BankAccount: "6222 0212 3456 7890", TaxRate: "6", TaxpayerType: "general", TaxID: "91330100MA2H123456"}
}

// Entry reloads acct's entry application.
func (e *Env) Entry(t testing.TB, acct account.Account) merchant.Application {
	t.Helper()
	app, err := e.Merchants.MyEntry(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// Cert reloads acct's certification.
func (e *Env) Cert(t testing.TB, acct account.Account) merchant.Certification {
	t.Helper()
	c, err := e.Merchants.MyCert(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Topics lists the topics of acct's inbox, oldest first.
func (e *Env) Topics(t testing.TB, acct account.Account) []string {
	t.Helper()
	msgs, err := e.Inbox.List(context.Background(), acct.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[len(msgs)-1-i] = m.Topic
	}
	return out
}

// WantKind fails t unless err is an application error of kind k (and, if msg
// is not empty, carries that message key).
func WantKind(t testing.TB, err error, k apperr.Kind, msg string) *apperr.Error {
	t.Helper()
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != k || (msg != "" && ae.Msg != msg) {
		t.Fatalf("want %v error %q, got %v", k, msg, err)
	}
	return ae
}

// WantFields fails t unless err is Invalid with exactly these field messages.
func WantFields(t testing.TB, err error, want map[string]string) {
	t.Helper()
	got := apperr.FieldsOf(err)
	if got == nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("want invalid fields %v, got %v (%v)", want, got, err)
	}
}
