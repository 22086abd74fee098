package unsub_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
	"agora/internal/supervision"
	"agora/internal/testfix"
	"agora/internal/unsub"
)

func TestUnsubStandardFiveDayFullRefundAndQuota(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeSaaS, catalog.BillMonthly, "300.00")
	if o.Status != lifecycle.OrderCompleted {
		t.Fatalf("instant SaaS after payment: %s", o.Status)
	}
	s.Clock.Advance(4*24*time.Hour + 23*time.Hour) // still within five days
	q := s.quote(t, b, o)
	if q.Kind != unsub.KindStandard || q.Rule != unsub.RuleFiveDay || q.Amount != 30000 || q.QuotaLeft != unsub.FiveDayQuota {
		t.Fatalf("quote: %+v", q)
	}
	before := s.balance(t, b)
	r, err := s.unsub.Standard(bg, b, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != lifecycle.UnsubApproved || r.Rule != unsub.RuleFiveDay || s.balance(t, b) != before+30000 {
		t.Fatalf("request %+v, balance %d → %d", r, before, s.balance(t, b))
	}
	got := s.order(t, b, o)
	if got.Status != lifecycle.OrderUnsubscribed || got.ServiceEnd == nil || !got.ServiceEnd.Equal(s.Clock.Now()) {
		t.Fatalf("order after a standard unsubscription: %s, service ends %v", got.Status, got.ServiceEnd)
	}
	if _, err := s.unsub.Standard(bg, b, o.ID); err == nil {
		t.Fatal("an unsubscribed order unsubscribed twice")
	}
	// Four more full refunds use the year's quota up.
	for i := 0; i < unsub.FiveDayQuota-1; i++ {
		_, oi := s.buy(t, &b, catalog.TypeSaaS, catalog.BillMonthly, "300.00")
		if _, err := s.unsub.Standard(bg, b, oi.ID); err != nil {
			t.Fatal(err)
		}
	}
	_, periodic := s.buy(t, &b, catalog.TypeSaaS, catalog.BillMonthly, "300.00")
	s.Clock.Advance(24*time.Hour + time.Minute)
	q = s.quote(t, b, periodic)
	// 30 days bought, one day and a minute used: 28 whole days left.
	if q.Kind != unsub.KindStandard || q.Rule != unsub.RuleProRata || q.QuotaLeft != 0 || q.Amount != 30000*28/30 {
		t.Fatalf("quota used up, a periodic order is refunded pro rata: %+v", q)
	}
	_, once := s.buy(t, &b, catalog.TypeSaaS, catalog.BillOneTime, "50.00")
	if q := s.quote(t, b, once); q.Possible() || q.Why != "unsub.why_quota_used" {
		t.Fatalf("one-time order within five days, quota used: %+v", q)
	}
	s.ledgerClean(t)
}

func TestUnsubStandardProRataByDay(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeSaaS, catalog.BillMonthly, "300.00") // 19 Nov – 19 Dec: 30 days
	s.Clock.Advance(10*24*time.Hour + time.Hour)
	q := s.quote(t, b, o)
	if q.Kind != unsub.KindStandard || q.Rule != unsub.RuleProRata || q.UnusedDays != 19 || q.PeriodDays != 30 || q.Amount != 19000 {
		t.Fatalf("day 10 of 30: %+v", q)
	}
	before := s.balance(t, b)
	if _, err := s.unsub.Standard(bg, b, o.ID); err != nil {
		t.Fatal(err)
	}
	if s.balance(t, b) != before+19000 {
		t.Fatalf("refund %d", s.balance(t, b)-before)
	}
	// The last day: nothing left to refund.
	_, o2 := s.buy(t, &b, catalog.TypeSaaS, catalog.BillMonthly, "300.00")
	end := *o2.ServiceEnd
	s.Clock.Set(end.Add(-12 * time.Hour))
	if q := s.quote(t, b, o2); q.Possible() || q.Why != "unsub.why_used_up" {
		t.Fatalf("last day: %+v", q)
	}
	s.ledgerClean(t)
}

func TestUnsubProRataArithmetic(t *testing.T) {
	start := testfix.Start
	end := start.AddDate(1, 0, 0) // 365 days
	for _, c := range []struct {
		at     time.Time
		refund money.Fen
		unused int
	}{
		{start.Add(-48 * time.Hour), 99900, 365}, // a renewal not begun: whole
		{start, 99900, 365},                      // bought now
		{start.Add(time.Hour), 99626, 364},       // a day begun is used
		{start.AddDate(0, 0, 100), 72530, 265},   // 999.00 × 265 / 365
		{end.Add(-time.Second), 0, 0},            // over
		{end.Add(time.Hour), 0, 0},
	} {
		refund, unused, total := unsub.ProRata(99900, start, end, c.at)
		if refund != c.refund || unused != c.unused || total != 365 {
			t.Errorf("at %v: refund %d unused %d of %d, want %d, %d", c.at, refund, unused, total, c.refund, c.unused)
		}
	}
}

func TestUnsubNotRefundable(t *testing.T) {
	s := newShop(t)
	b, once := s.buy(t, nil, catalog.TypeSaaS, catalog.BillOneTime, "50.00")
	_, perUse := s.buy(t, &b, catalog.TypeSaaS, catalog.BillPerUse, "1.00")
	s.Clock.Advance(5*24*time.Hour + time.Minute)
	for _, o := range []struct {
		name string
		id   uuid.UUID
	}{{"one-time", once.ID}, {"per use", perUse.ID}} {
		q, err := s.unsub.Quote(bg, b.ID, o.id)
		if err != nil || q.Possible() || q.Why != "unsub.why_not_refundable" {
			t.Errorf("%s after five days: %+v %v", o.name, q, err)
		}
		_, err = s.unsub.Standard(bg, b, o.id)
		testfix.WantKind(t, err, apperr.Conflict, "unsub.why_not_refundable")
	}
	// A supervised order cannot take the standard path, nor an instant one the negotiated.
	_, manual := s.buy(t, &b, catalog.TypeManual, catalog.BillOneTime, "500.00")
	_, err := s.unsub.Standard(bg, b, manual.ID)
	testfix.WantKind(t, err, apperr.Conflict, "unsub.why_other_kind")
	_, err = s.unsub.Apply(bg, b, once.ID, unsub.ApplyInput{Amount: "10", Reason: "不再需要这个服务"})
	testfix.WantKind(t, err, apperr.Conflict, "unsub.why_not_refundable")
}

func TestUnsubNegotiatedApproveRefundsAgreedAmountAndEndsSupervision(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeManual, catalog.BillOneTime, "500.00")
	q := s.quote(t, b, o)
	if q.Kind != unsub.KindNegotiated || q.Amount != 50000 {
		t.Fatalf("quote: %+v", q)
	}
	// Edge validation.
	_, err := s.unsub.Apply(bg, b, o.ID, unsub.ApplyInput{Amount: "abc", Reason: "短"})
	testfix.WantFields(t, err, map[string]string{"amount": "unsub.amount_rule", "reason": "unsub.reason_rule"})
	_, err = s.unsub.Apply(bg, b, o.ID, unsub.ApplyInput{Amount: "500.01", Reason: "服务商迟迟没有开始实施"})
	testfix.WantFields(t, err, map[string]string{"amount": "unsub.amount_over"})

	r, err := s.unsub.Apply(bg, b, o.ID, unsub.ApplyInput{Amount: "200.00", Reason: "服务商迟迟没有开始实施", ShowPhone: true})
	if err != nil {
		t.Fatal(err)
	}
	// Thursday 10:00 + 3 working days: Tuesday 10:00.
	if r.Status != lifecycle.UnsubPending || r.DueAt == nil || !r.DueAt.Equal(testfix.Start.AddDate(0, 0, 5)) {
		t.Fatalf("request: %+v", r)
	}
	_, err = s.unsub.Apply(bg, b, o.ID, unsub.ApplyInput{Amount: "100", Reason: "再申请一次试试"})
	testfix.WantKind(t, err, apperr.Conflict, "unsub.why_open")
	// No arbitration runs beside an open request (it could end the order under it).
	_, err = s.sup.FileAppeal(bg, b, o.ID, supervision.AppealInput{Ground: supervision.GroundOther, Reason: "商家迟迟不处理我的退订申请。"})
	testfix.WantKind(t, err, apperr.Conflict, "appeal.unsub_open")

	d, err := s.unsub.ForSeller(bg, s.seller, r.ID)
	if err != nil || d.BuyerPhone != "13800138000" {
		t.Fatalf("seller's view: %+v %v", d, err)
	}
	proof := s.Upload(t, s.seller, unsub.FilePurpose, "沟通记录.pdf", testfix.PDF())
	err = s.unsub.Approve(bg, s.seller, r.ID, unsub.ReviewInput{Opinion: "好"})
	testfix.WantFields(t, err, map[string]string{"opinion": "unsub.opinion_rule"})
	before := s.balance(t, b)
	in := unsub.ReviewInput{Opinion: "已与买家电话沟通，同意退款 200 元。", Files: []string{proof.ID.String()}}
	if err := s.unsub.Approve(bg, s.seller, r.ID, in); err != nil {
		t.Fatal(err)
	}
	err = s.unsub.Approve(bg, s.seller, r.ID, in)
	testfix.WantKind(t, err, apperr.Conflict, "error.already_handled")
	if got := s.balance(t, b); got != before+20000 {
		t.Fatalf("refunded %d, want exactly the agreed 200.00 once", got-before)
	}
	if got := s.order(t, b, o); got.Status != lifecycle.OrderUnsubscribed {
		t.Fatalf("order: %s", got.Status)
	}
	sv, err := s.sup.Get(bg, b.ID, o.ID)
	if err != nil || sv.Status != lifecycle.SupUnsubscribed {
		t.Fatalf("supervision: %+v %v", sv.Status, err)
	}
	granted, err := s.Store.FileGranted(bg, pg.FileGrantedParams{FileID: proof.ID, AccountID: b.ID})
	if err != nil || !granted {
		t.Fatal("the buyer may not download the seller's attachment")
	}
	items, err := s.unsub.Timeline(bg, r.ID)
	if err != nil || len(items) != 2 || items[1].Event != "approve" || len(items[1].Attachments) != 1 ||
		items[1].Attachments[0].SHA256 != proof.SHA256 {
		t.Fatalf("evidence: %+v %v", items, err)
	}
	s.ledgerClean(t)
}

func TestUnsubRejectWithdrawAndReapply(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeManual, catalog.BillOneTime, "500.00")
	in := unsub.ApplyInput{Amount: "500", Reason: "需求变更，不再需要"}
	r, err := s.unsub.Apply(bg, b, o.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.unsub.Reject(bg, s.seller, r.ID, unsub.ReviewInput{Opinion: "服务已开始实施，不同意全额退款。"}); err != nil {
		t.Fatal(err)
	}
	d, err := s.unsub.ForBuyer(bg, b, r.ID)
	if err != nil || d.Status != lifecycle.UnsubRejected || d.Opinion == "" {
		t.Fatalf("buyer's view: %+v %v", d, err)
	}
	r2, err := s.unsub.Apply(bg, b, o.ID, in) // apply again
	if err != nil {
		t.Fatal(err)
	}
	if err := s.unsub.Withdraw(bg, b, r2.ID); err != nil {
		t.Fatal(err)
	}
	testfix.WantKind(t, s.unsub.Withdraw(bg, b, r2.ID), apperr.Conflict, "error.already_handled")
	if got := s.order(t, b, o); got.Status != lifecycle.OrderProcessing {
		t.Fatalf("order: %s", got.Status)
	}
	if q := s.quote(t, b, o); q.Kind != unsub.KindNegotiated {
		t.Fatalf("after a withdrawal: %+v", q)
	}
}

func TestUnsubOtherPartiesNotFound(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeManual, catalog.BillOneTime, "500.00")
	r, err := s.unsub.Apply(bg, b, o.ID, unsub.ApplyInput{Amount: "100", Reason: "服务商联系不上"})
	if err != nil {
		t.Fatal(err)
	}
	stranger := s.Seller(t, s.Name("stranger"))
	other := s.ReadySeller(t, s.Name("other"))
	_, err = s.unsub.Quote(bg, stranger.ID, o.ID)
	testfix.WantKind(t, err, apperr.NotFound, "")
	_, err = s.unsub.Apply(bg, stranger, o.ID, unsub.ApplyInput{Amount: "100", Reason: "服务商联系不上"})
	testfix.WantKind(t, err, apperr.NotFound, "")
	testfix.WantKind(t, s.unsub.Withdraw(bg, stranger, r.ID), apperr.NotFound, "")
	testfix.WantKind(t, s.unsub.Approve(bg, other, r.ID, unsub.ReviewInput{Opinion: "同意退款给买家"}), apperr.NotFound, "")
	testfix.WantKind(t, s.unsub.Approve(bg, b, r.ID, unsub.ReviewInput{Opinion: "同意退款给买家"}), apperr.NotFound, "")
	_, err = s.unsub.ForSeller(bg, other, r.ID)
	testfix.WantKind(t, err, apperr.NotFound, "")
	_, err = s.unsub.ForBuyer(bg, stranger, r.ID)
	testfix.WantKind(t, err, apperr.NotFound, "")
}

func TestUnsubEscalatesToOperationsAfterDeadline(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeManual, catalog.BillOneTime, "500.00")
	r, err := s.unsub.Apply(bg, b, o.ID, unsub.ApplyInput{Amount: "300", Reason: "服务商联系不上"})
	if err != nil {
		t.Fatal(err)
	}
	if n := s.escalate(t); n != 0 {
		t.Fatalf("escalated %d before the deadline", n)
	}
	s.Clock.Set(*r.DueAt)
	if n := s.escalate(t); n != 1 {
		t.Fatalf("escalated %d at the deadline", n)
	}
	d, _ := s.unsub.ForBuyer(bg, b, r.ID)
	if d.Status != lifecycle.UnsubEscalated {
		t.Fatalf("status %s", d.Status)
	}
	list, err := s.unsub.Escalated(bg, 10)
	if err != nil || len(list) != 1 || list[0].ID != r.ID {
		t.Fatalf("operations' queue: %+v %v", list, err)
	}
	// The seller's turn is over; operations decide.
	testfix.WantKind(t, s.unsub.Approve(bg, s.seller, r.ID, unsub.ReviewInput{Opinion: "同意退款给买家"}), apperr.Conflict, "")
	before := s.balance(t, b)
	if err := s.unsub.Approve(bg, s.Reviewer(t), r.ID, unsub.ReviewInput{Opinion: "商家逾期未处理，同意退款。"}); err != nil {
		t.Fatal(err)
	}
	if s.balance(t, b) != before+30000 {
		t.Fatal("operations' approval did not refund")
	}
	s.ledgerClean(t)
}

func TestUnsubRefusedWhileInvoicePendingOrFrozenOrLicenceDelivered(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeManual, catalog.BillOneTime, "500.00")
	now := s.Clock.Now()
	_, err := s.Store.CreateInvoice(bg, pg.CreateInvoiceParams{ID: uuid.Must(uuid.NewV7()), Number: "FP" + o.Number, OrderID: o.ID,
		BuyerID: b.ID, SellerID: s.seller.ID, Status: "pending", VatKind: "normal", Medium: "electronic", Title: "杭州云帆科技有限公司",
		Email: "fp@example.com", AmountFen: 50000, DueAt: now.AddDate(0, 0, 7), At: now})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.unsub.Apply(bg, b, o.ID, unsub.ApplyInput{Amount: "100", Reason: "服务商联系不上"})
	testfix.WantKind(t, err, apperr.Conflict, "unsub.invoice_pending")

	b2, o2 := s.buy(t, nil, catalog.TypeManual, catalog.BillOneTime, "500.00")
	if _, err := s.sup.FileAppeal(bg, b2, o2.ID, supervision.AppealInput{Ground: supervision.GroundOther,
		Reason: "服务商一直不提交需求确认。"}); err != nil {
		t.Fatal(err)
	}
	if q := s.quote(t, b2, o2); q.Possible() || q.Why != "unsub.why_frozen" {
		t.Fatalf("frozen: %+v", q)
	}

	b3, lic := s.buy(t, nil, catalog.TypeLicense, catalog.BillOneTime, "800.00")
	if q := s.quote(t, b3, lic); q.Kind != unsub.KindNegotiated {
		t.Fatalf("licence not delivered yet: %+v", q)
	}
	proof := s.Upload(t, s.seller, supervision.FilePurpose, "授权码.pdf", testfix.PDF())
	if _, err := s.sup.Deliver(bg, s.seller, lic.ID, supervision.DeliverInput{Note: "授权码已发送", Files: []string{proof.ID.String()},
		LicenceUntil: "2027-11-19"}); err != nil {
		t.Fatal(err)
	}
	if q := s.quote(t, b3, lic); q.Possible() || q.Why != "unsub.why_licence_delivered" {
		t.Fatalf("licence delivered: %+v", q)
	}
}
