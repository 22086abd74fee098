package invoice_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/invoice"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/platform/apperr"
	"agora/internal/supervision"
	"agora/internal/testfix"
)

var bg = context.Background()

type shop struct {
	*testfix.Env
	cat      *catalog.Service
	orders   *order.Service
	sup      *supervision.Service
	invoices *invoice.Service
	seller   account.Account
}

func newShop(t *testing.T) *shop {
	env := testfix.New(t)
	cat := env.Catalog()
	orders, sup := env.Commerce(cat)
	return &shop{Env: env, cat: cat, orders: orders, sup: sup, seller: env.ReadySeller(t, env.Name("seller")),
		invoices: invoice.NewService(env.Store, env.Clock, env.Files, testfix.Shanghai, env.Log)}
}

// bought has a new buyer buy a product of accessType and returns the buyer and the order.
func (s *shop) bought(t *testing.T, accessType string, balance string) (account.Account, order.Order) {
	t.Helper()
	c := s.ProductContent(t, s.seller, accessType)
	c.Specs[0].BillingMode, c.Specs[0].Price = catalog.BillOneTime, "1280"
	p := s.ListProduct(t, s.cat, s.seller, c)
	b := s.Seller(t, s.Name("buyer"))
	if balance != "" {
		s.TopUp(t, b, balance)
	}
	o, err := s.orders.Purchase(bg, b, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com", Address: "浙江省杭州市西湖区文三路 100 号",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	return b, o
}

var special = invoice.RequestInput{VATKind: invoice.VATSpecial, Medium: invoice.Electronic, Title: "杭州云帆科技有限公司",
	TaxpayerID: "91330100MA2H123456", BankInfo: "中国工商银行杭州西湖支行 6222021234567890", RegAddress: "杭州市西湖区文三路 100 号 0571-88886666",
	Email: "finance@yunfan.example.com"}

// TestInvoiceIssuedAndDownloaded: the buyer asks for a special VAT invoice,
// the seller issues it with the PDF within the 7 days, the buyer reads the PDF.
func TestInvoiceIssuedAndDownloaded(t *testing.T) {
	s := newShop(t)
	b, o := s.bought(t, catalog.TypeSaaS, "2000")
	bad := special
	bad.TaxpayerID, bad.Email, bad.BankInfo = "123", "nope", ""
	_, err := s.invoices.Request(bg, b, o.ID, bad)
	for _, f := range []string{"taxpayer_id", "email", "bank_info"} {
		if apperr.FieldsOf(err)[f] == "" {
			t.Errorf("%s accepted: %v", f, err)
		}
	}
	inv, err := s.invoices.Request(bg, b, o.ID, special)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Status != lifecycle.InvoicePending || inv.Amount != 128000 || !inv.DueAt.Equal(s.Clock.Now().Add(7*24*time.Hour)) {
		t.Fatalf("request: %+v", inv)
	}
	if _, err := s.invoices.Request(bg, b, o.ID, special); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("a second request for one order: %v", err)
	}
	if _, err := s.invoices.SellerInvoice(bg, b.ID, inv.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the buyer reads it as a seller: %v", err)
	}
	pdf := s.Upload(t, s.seller, invoice.FilePurpose, "发票.pdf", testfix.PDF())
	issue := invoice.IssueInput{InvoiceNo: "25332000000012345678", IssuedOn: s.Clock.Now().In(testfix.Shanghai).Format(time.DateOnly)}
	if _, err := s.invoices.Issue(bg, s.seller, inv.ID, issue); apperr.FieldsOf(err)["file"] == "" {
		t.Fatalf("an electronic invoice without its PDF: %v", err)
	}
	issue.FileID = pdf.ID.String()
	s.Clock.Advance(8 * 24 * time.Hour)
	if got, _ := s.invoices.SellerInvoice(bg, s.seller.ID, inv.ID); !got.Overdue(s.Clock.Now()) {
		t.Error("not overdue after 8 days")
	}
	done, err := s.invoices.Issue(bg, s.seller, inv.ID, issue)
	if err != nil || done.Status != lifecycle.InvoiceIssued || done.InvoiceNo != issue.InvoiceNo {
		t.Fatalf("issue: %+v %v", done, err)
	}
	if _, rc, err := s.Files.Open(bg, b, pdf.ID); err != nil {
		t.Errorf("the buyer cannot download the invoice: %v", err)
	} else {
		rc.Close()
	}
	if topics := s.Topics(t, b); !slices.Contains(topics, "invoice_issued") {
		t.Errorf("buyer not told: %v", topics)
	}
	// Red-flush only after a refund.
	if err := s.invoices.Return(bg, s.seller, inv.ID, "买家申请红冲发票。", ""); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("returned without a refund: %v", err)
	}
}

// TestInvoiceRejectCancel: a pending request can be rejected or cancelled with
// a reason; an issued one cannot; nothing while the order is unpaid.
func TestInvoiceRejectCancel(t *testing.T) {
	s := newShop(t)
	b, o := s.bought(t, catalog.TypeSaaS, "2000")
	normal := invoice.RequestInput{VATKind: invoice.VATNormal, Medium: invoice.Paper, Title: "张三", ShipAddress: "北京市朝阳区建国路 1 号"}
	inv, err := s.invoices.Request(bg, b, o.ID, normal)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.invoices.Reject(bg, s.seller, inv.ID, "短", ""); apperr.FieldsOf(err)["reason"] == "" {
		t.Fatalf("short reason: %v", err)
	}
	if err := s.invoices.Reject(bg, s.seller, inv.ID, "抬头与付款方不一致。", ""); err != nil {
		t.Fatal(err)
	}
	again, err := s.invoices.Request(bg, b, o.ID, normal)
	if err != nil {
		t.Fatalf("asking again after a rejection: %v", err)
	}
	if err := s.invoices.Cancel(bg, s.seller, again.ID, "买家要求撤销开票。", ""); err != nil {
		t.Fatal(err)
	}
	got, _ := s.invoices.BuyerInvoice(bg, b.ID, again.ID)
	if got.Status != lifecycle.InvoiceCancelled || got.Reason != "买家要求撤销开票。" {
		t.Errorf("cancelled: %+v", got)
	}
	unpaid, o2 := s.bought(t, catalog.TypeSaaS, "")
	if _, err := s.invoices.Request(bg, unpaid, o2.ID, normal); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("an invoice for an unpaid order: %v", err)
	}
}

// TestReturnAfterRefund: once arbitration refunded the order, the issued
// invoice is red-flushed.
func TestReturnAfterRefund(t *testing.T) {
	s := newShop(t)
	b, o := s.bought(t, catalog.TypeManual, "2000")
	inv, err := s.invoices.Request(bg, b, o.ID, special)
	if err != nil {
		t.Fatal(err)
	}
	pdf := s.Upload(t, s.seller, invoice.FilePurpose, "发票.pdf", testfix.PDF())
	if _, err := s.invoices.Issue(bg, s.seller, inv.ID, invoice.IssueInput{InvoiceNo: "12345678", FileID: pdf.ID.String(),
		IssuedOn: s.Clock.Now().In(testfix.Shanghai).Format(time.DateOnly)}); err != nil {
		t.Fatal(err)
	}
	a, err := s.sup.FileAppeal(bg, b, o.ID, supervision.AppealInput{Reason: "卖家迟迟不提供服务，申请退款。"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.sup.Decide(bg, s.Reviewer(t), a.ID, supervision.DecisionInput{Outcome: supervision.OutcomeUnsubscribe,
		Reasoning: "卖家未履约，全额退款。"}); err != nil {
		t.Fatal(err)
	}
	if err := s.invoices.Return(bg, s.seller, inv.ID, "订单已全额退款，红冲发票。", ""); err != nil {
		t.Fatalf("return after the refund: %v", err)
	}
	if got, _ := s.invoices.BuyerInvoice(bg, b.ID, inv.ID); got.Status != lifecycle.InvoiceReturned {
		t.Errorf("status %s", got.Status)
	}
}

// TestListsAndOverdue: the seller's list puts pending requests first, the
// nearest deadline on top; the counts and operations' list see the 7 days pass;
// what the buyer may do next is said per order.
func TestListsAndOverdue(t *testing.T) {
	s := newShop(t)
	b1, o1 := s.bought(t, catalog.TypeSaaS, "2000")
	b2, o2 := s.bought(t, catalog.TypeSaaS, "2000")
	if why, err := s.invoices.Blocked(bg, b1.ID, o1.ID); err != nil || why != "" {
		t.Fatalf("a paid order: %q %v", why, err)
	}
	if _, err := s.invoices.Blocked(bg, b2.ID, o1.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another buyer's order: %v", err)
	}
	first, err := s.invoices.Request(bg, b1, o1.ID, special)
	if err != nil {
		t.Fatal(err)
	}
	if why, _ := s.invoices.Blocked(bg, b1.ID, o1.ID); why != "invoice.already_requested" {
		t.Errorf("with a request open: %q", why)
	}
	s.Clock.Advance(time.Hour)
	second, err := s.invoices.Request(bg, b2, o2.ID, special)
	if err != nil {
		t.Fatal(err)
	}
	pdf := s.Upload(t, s.seller, invoice.FilePurpose, "发票.pdf", testfix.PDF())
	if _, err := s.invoices.Issue(bg, s.seller, first.ID, invoice.IssueInput{InvoiceNo: "12345678", FileID: pdf.ID.String(),
		IssuedOn: s.Clock.Now().In(testfix.Shanghai).Format(time.DateOnly)}); err != nil {
		t.Fatal(err)
	}
	list, _, err := s.invoices.SellerInvoices(bg, s.seller.ID, "", "", 1)
	if err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
		t.Fatalf("seller's list: %+v %v", list, err)
	}
	if got, _, _ := s.invoices.SellerInvoices(bg, s.seller.ID, "", list[1].OrderNumber, 1); len(got) != 1 || got[0].ID != first.ID {
		t.Errorf("by order number: %+v", got)
	}
	if latest, ok, err := s.invoices.LatestForOrder(bg, b1.ID, o1.ID); err != nil || !ok || latest.FileName != "发票.pdf" {
		t.Errorf("latest of the order: %+v %v %v", latest, ok, err)
	}
	if _, ok, _ := s.invoices.LatestForOrder(bg, b2.ID, o1.ID); ok {
		t.Error("another buyer sees the order's request")
	}
	s.Clock.Advance(7*24*time.Hour + time.Minute)
	if pending, overdue, err := s.invoices.Waiting(bg, s.seller.ID); err != nil || pending != 1 || overdue != 1 {
		t.Errorf("waiting %d, overdue %d, %v", pending, overdue, err)
	}
	due, _, err := s.invoices.Overdue(bg, 1)
	if err != nil || len(due) != 1 || due[0].ID != second.ID || due[0].SellerName == "" || due[0].BuyerName != b2.Name {
		t.Fatalf("operations' list: %+v %v", due, err)
	}
}
