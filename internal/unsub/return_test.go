package unsub_test

import (
	"errors"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/order/ordertest"
	"agora/internal/platform/apperr"
	"agora/internal/supervision"
	"agora/internal/testfix"
	"agora/internal/unsub"
)

// shipped buys hardware, ships it and, when signed, has the courier show it
// signed for with the buyer's phone (the delivery's 10-day clock starts).
func (s *shop) shipped(t *testing.T, signed bool) (account.Account, order.Order) {
	t.Helper()
	b, o := s.buy(t, nil, catalog.TypeHardware, catalog.BillOneTime, "2000.00")
	proof := s.Upload(t, s.seller, supervision.FilePurpose, "发货单.pdf", testfix.PDF())
	waybill := "SF" + o.Number[2:14]
	if _, err := s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}, Courier: "顺丰速运",
		Waybill: waybill, WaybillPhone: "13800138000"}); err != nil {
		t.Fatal(err)
	}
	if signed {
		at := s.Clock.Now().Add(-time.Hour).In(testfix.Shanghai).Format("2006-01-02T15:04")
		if _, err := s.sup.RecordSigned(bg, s.Reviewer(t), supervision.SignInput{Courier: "顺丰速运", Waybill: waybill,
			Phone: "13800138000", At: at}); err != nil {
			t.Fatal(err)
		}
	}
	return b, o
}

func (s *shop) returns(t *testing.T) int {
	return ordertest.Run[unsub.ReturnArgs](t, s.DB.Pool, &unsub.ReturnWorker{Unsub: s.unsub})
}

var goodReturn = unsub.ReturnInput{Courier: "顺丰速运", Waybill: "sf1234567890", Reason: "设备开机即报错，申请退货"}

func TestUnsubHardwareNotReceivedNegotiatedInTransitRefused(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeHardware, catalog.BillOneTime, "2000.00")
	if q := s.quote(t, b, o); q.Kind != unsub.KindNegotiated {
		t.Fatalf("not shipped yet: %+v", q)
	}
	_, err := s.unsub.ApplyReturn(bg, b, o.ID, goodReturn)
	testfix.WantKind(t, err, apperr.Conflict, "unsub.why_other_kind")
	b2, o2 := s.shipped(t, false)
	if q := s.quote(t, b2, o2); q.Possible() || q.Why != "unsub.why_shipped" {
		t.Fatalf("in transit: %+v", q)
	}
}

func TestUnsubHardwareReturnAcceptedAutomaticallyAfter15Days(t *testing.T) {
	s := newShop(t)
	b, o := s.shipped(t, true)
	q := s.quote(t, b, o)
	if q.Kind != unsub.KindReturn || q.Amount != 200000 {
		t.Fatalf("received hardware: %+v", q)
	}
	_, err := s.unsub.ApplyReturn(bg, b, o.ID, unsub.ReturnInput{Courier: "x", Waybill: "12 34", Reason: "坏"})
	testfix.WantFields(t, err, map[string]string{"courier": "unsub.courier_rule", "waybill": "unsub.waybill_rule", "reason": "unsub.reason_rule"})
	r, err := s.unsub.ApplyReturn(bg, b, o.ID, goodReturn)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != lifecycle.UnsubReturning || r.Waybill != "SF1234567890" || r.DueAt == nil || !r.DueAt.Equal(s.Clock.Now().Add(unsub.ReturnWindow)) {
		t.Fatalf("return: %+v", r)
	}
	// The delivery's own 10-day clock waits while the goods go back, and no appeal runs beside the return.
	if sv, _ := s.sup.Get(bg, b.ID, o.ID); sv.AutoAcceptAt != nil || sv.PausedLeft == nil {
		t.Fatalf("delivery clock not held: %+v %v", sv.AutoAcceptAt, sv.PausedLeft)
	}
	_, err = s.sup.FileAppeal(bg, b, o.ID, supervision.AppealInput{Ground: supervision.GroundOther, Reason: "商家不理会我的退货申请。"})
	testfix.WantKind(t, err, apperr.Conflict, "appeal.return_open")
	s.Clock.Advance(11 * 24 * time.Hour)
	s.autoAcceptDeliveries(t)
	if sv, _ := s.sup.Get(bg, b.ID, o.ID); sv.Status != lifecycle.SupAcceptance {
		t.Fatalf("the delivery was accepted during the return: %s", sv.Status)
	}
	s.Clock.Advance(4*24*time.Hour - time.Minute)
	if n := s.returns(t); n != 0 {
		t.Fatalf("return accepted %d before 15 days", n)
	}
	before := s.balance(t, b)
	s.Clock.Advance(time.Minute)
	if n := s.returns(t); n != 1 {
		t.Fatalf("return timer ran %d", n)
	}
	d, _ := s.unsub.ForBuyer(bg, b, r.ID)
	if d.Status != lifecycle.UnsubApproved || s.balance(t, b) != before+200000 {
		t.Fatalf("after 15 days: %s, refunded %d", d.Status, s.balance(t, b)-before)
	}
	if got := s.order(t, b, o); got.Status != lifecycle.OrderUnsubscribed {
		t.Fatalf("order: %s", got.Status)
	}
	if sv, _ := s.sup.Get(bg, b.ID, o.ID); sv.Status != lifecycle.SupUnsubscribed {
		t.Fatalf("supervision: %s", sv.Status)
	}
	items, _ := s.unsub.Timeline(bg, r.ID)
	if len(items) != 2 || items[1].Event != "auto_accept" || items[1].ActorRole != "system" {
		t.Fatalf("evidence: %+v", items)
	}
	s.ledgerClean(t)
}

func TestUnsubHardwareReturnSellerAcceptsOrReportsProblem(t *testing.T) {
	s := newShop(t)
	b, o := s.shipped(t, true)
	r, err := s.unsub.ApplyReturn(bg, b, o.ID, goodReturn)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.unsub.ForSeller(bg, s.seller, r.ID)
	if err != nil || d.Courier != "顺丰速运" || d.Waybill != "SF1234567890" || d.Kind != unsub.KindReturn {
		t.Fatalf("seller's view: %+v %v", d, err)
	}
	// Operations do not decide returns.
	testfix.WantKind(t, s.unsub.Approve(bg, s.Reviewer(t), r.ID, unsub.ReviewInput{Opinion: "运营代为验收"}), apperr.Conflict, "")
	before := s.balance(t, b)
	if err := s.unsub.Approve(bg, s.seller, r.ID, unsub.ReviewInput{Opinion: "退货已签收，设备完好。"}); err != nil {
		t.Fatal(err)
	}
	if s.balance(t, b) != before+200000 || s.order(t, b, o).Status != lifecycle.OrderUnsubscribed {
		t.Fatal("accepted return not refunded")
	}
	items, _ := s.unsub.Timeline(bg, r.ID)
	if items[len(items)-1].Event != "accept_return" {
		t.Fatalf("evidence: %+v", items)
	}

	// A problem: the buyer's delivery clock runs again with what was left, and the buyer may appeal.
	b2, o2 := s.shipped(t, true)
	s.Clock.Advance(2 * 24 * time.Hour)
	left := *mustSup(t, s, b2, o2).AutoAcceptAt
	leftDur := left.Sub(s.Clock.Now())
	r2, err := s.unsub.ApplyReturn(bg, b2, o2.ID, goodReturn)
	if err != nil {
		t.Fatal(err)
	}
	s.Clock.Advance(3 * 24 * time.Hour)
	proof := s.Upload(t, s.seller, unsub.FilePurpose, "退货照片.png", testfix.PNG(t))
	if err := s.unsub.Reject(bg, s.seller, r2.ID, unsub.ReviewInput{Opinion: "退回的设备外壳破损，不予验收。",
		Files: []string{proof.ID.String()}}); err != nil {
		t.Fatal(err)
	}
	d2, _ := s.unsub.ForBuyer(bg, b2, r2.ID)
	sv := mustSup(t, s, b2, o2)
	if d2.Status != lifecycle.UnsubRejected || sv.AutoAcceptAt == nil || !sv.AutoAcceptAt.Equal(s.Clock.Now().Add(leftDur)) {
		t.Fatalf("after a problem: %s, delivery clock %v (want %v left)", d2.Status, sv.AutoAcceptAt, leftDur)
	}
	if _, err := s.sup.FileAppeal(bg, b2, o2.ID, supervision.AppealInput{Ground: supervision.GroundOther,
		Reason: "退货时设备完好，商家称破损不属实。"}); err != nil {
		t.Fatalf("the buyer cannot appeal after a problem: %v", err)
	}
	if s.returns(t) != 2 { // the stale timers of both decided returns do nothing
		t.Fatal("stale return timer not consumed")
	}
	if d2, _ := s.unsub.ForBuyer(bg, b2, r2.ID); d2.Status != lifecycle.UnsubRejected {
		t.Fatalf("stale timer moved the return: %s", d2.Status)
	}
	s.ledgerClean(t)
}

func mustSup(t *testing.T, s *shop, b account.Account, o order.Order) supervision.Supervision {
	t.Helper()
	sv, err := s.sup.Get(bg, b.ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

func (s *shop) autoAcceptDeliveries(t *testing.T) {
	ordertest.Run[supervision.AutoAcceptArgs](t, s.DB.Pool, &supervision.AutoAcceptWorker{Supervision: s.sup})
}

// TestUnsubSweepCatchesLostTimers: with the timers lost, the periodic sweep
// escalates overdue negotiated requests and accepts overdue returns.
func TestUnsubSweepCatchesLostTimers(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeManual, catalog.BillOneTime, "500.00")
	neg, err := s.unsub.Apply(bg, b, o.ID, unsub.ApplyInput{Amount: "100", Reason: "服务商联系不上"})
	if err != nil {
		t.Fatal(err)
	}
	b2, o2 := s.shipped(t, true)
	ret, err := s.unsub.ApplyReturn(bg, b2, o2.ID, goodReturn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.Pool.Exec(bg, "DELETE FROM river_job WHERE kind IN ('unsub_escalate', 'unsub_return_accept')"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.unsub.Sweep(bg, 100); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.unsub.ForBuyer(bg, b, neg.ID); d.Status != lifecycle.UnsubPending {
		t.Fatalf("swept before the deadline: %s", d.Status)
	}
	s.Clock.Set(*neg.DueAt)
	if n, err := s.unsub.Sweep(bg, 100); err != nil || n != 1 {
		t.Fatalf("sweep at the seller's deadline: %d %v", n, err)
	}
	d, _ := s.unsub.ForBuyer(bg, b, neg.ID)
	if d.Status != lifecycle.UnsubEscalated || d.DueAt == nil || !d.DueAt.After(*neg.DueAt) {
		t.Fatalf("escalated with operations' deadline: %s %v", d.Status, d.DueAt)
	}
	s.Clock.Set(*ret.DueAt)
	before := s.balance(t, b2)
	if n, err := s.unsub.Sweep(bg, 100); err != nil || n != 1 {
		t.Fatalf("sweep at the return's deadline: %d %v", n, err)
	}
	if d, _ := s.unsub.ForBuyer(bg, b2, ret.ID); d.Status != lifecycle.UnsubApproved || s.balance(t, b2) != before+200000 {
		t.Fatalf("return after the sweep: %s", d.Status)
	}
	if n, _ := s.unsub.Sweep(bg, 100); n != 0 {
		t.Fatalf("nothing left to sweep, swept %d", n)
	}
	s.ledgerClean(t)
}

// TestUnsubFiveDayQuotaRace: with one five-day refund left, two standard
// unsubscriptions at once take it once.
func TestUnsubFiveDayQuotaRace(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeSaaS, catalog.BillOneTime, "100.00")
	if _, err := s.unsub.Standard(bg, b, o.ID); err != nil {
		t.Fatal(err)
	}
	for range unsub.FiveDayQuota - 2 {
		_, oi := s.buy(t, &b, catalog.TypeSaaS, catalog.BillOneTime, "100.00")
		if _, err := s.unsub.Standard(bg, b, oi.ID); err != nil {
			t.Fatal(err)
		}
	}
	_, x := s.buy(t, &b, catalog.TypeSaaS, catalog.BillOneTime, "100.00")
	_, y := s.buy(t, &b, catalog.TypeSaaS, catalog.BillOneTime, "100.00")
	if q := s.quote(t, b, x); q.QuotaLeft != 1 {
		t.Fatalf("quota left: %+v", q)
	}
	before := s.balance(t, b)
	errs := testfix.Race(
		func() error { _, err := s.unsub.Standard(bg, b, x.ID); return err },
		func() error { _, err := s.unsub.Standard(bg, b, y.ID); return err },
	)
	ok, refused := 0, 0
	for _, err := range errs {
		var e *apperr.Error
		switch {
		case err == nil:
			ok++
		case errors.As(err, &e) && e.Kind == apperr.Conflict && e.Msg == "unsub.why_quota_used":
			refused++
		default:
			t.Fatalf("unexpected: %v", err)
		}
	}
	if ok != 1 || refused != 1 || s.balance(t, b) != before+10000 {
		t.Fatalf("%d passed, %d refused, refunded %d", ok, refused, s.balance(t, b)-before)
	}
	if q := s.quote(t, b, x); q.QuotaLeft != 0 {
		t.Fatalf("quota after the race: %+v", q)
	}
	s.ledgerClean(t)
}

// TestUnsubOperationsDecideEscalated: operations' queue holds escalated
// requests with their deadline; they approve with the refund they grant, at
// most what was paid, once.
func TestUnsubOperationsDecideEscalated(t *testing.T) {
	s := newShop(t)
	b, o := s.buy(t, nil, catalog.TypeManual, catalog.BillOneTime, "500.00")
	r, err := s.unsub.Apply(bg, b, o.ID, unsub.ApplyInput{Amount: "400", Reason: "服务商联系不上"})
	if err != nil {
		t.Fatal(err)
	}
	ops := s.Reviewer(t)
	testfix.WantKind(t, s.unsub.Approve(bg, ops, r.ID, unsub.ReviewInput{Opinion: "运营提前介入处理"}), apperr.Conflict, "")
	s.Clock.Set(*r.DueAt)
	s.escalate(t)
	list, _, err := s.unsub.OpsRequests(bg, "escalated", 1)
	if err != nil || len(list) != 1 || list[0].ID != r.ID || !list[0].Clocked() {
		t.Fatalf("queue: %+v %v", list, err)
	}
	if n, _ := s.unsub.EscalatedCount(bg); n != 1 {
		t.Fatalf("count %d", n)
	}
	err = s.unsub.Approve(bg, ops, r.ID, unsub.ReviewInput{Opinion: "商家逾期未处理，部分退款。", Amount: "500.01"})
	testfix.WantFields(t, err, map[string]string{"amount": "unsub.grant_over"})
	before := s.balance(t, b)
	errs := testfix.Race(
		func() error {
			return s.unsub.Approve(bg, ops, r.ID, unsub.ReviewInput{Opinion: "商家逾期未处理，部分退款。", Amount: "250.00"})
		},
		func() error {
			return s.unsub.Approve(bg, s.Reviewer(t), r.ID, unsub.ReviewInput{Opinion: "商家逾期未处理，部分退款。", Amount: "250.00"})
		},
	)
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two reviewers: %v", errs)
	}
	if s.balance(t, b) != before+25000 {
		t.Fatalf("refunded %d, want the granted 250.00 once", s.balance(t, b)-before)
	}
	d, _ := s.unsub.ForOps(bg, ops, r.ID)
	if d.Status != lifecycle.UnsubApproved || d.Amount != 25000 || d.Clocked() {
		t.Fatalf("after the decision: %+v", d.Request)
	}
	all, _, _ := s.unsub.OpsRequests(bg, "all", 1)
	if len(all) != 1 {
		t.Fatalf("all: %d", len(all))
	}
	if _, err := s.unsub.ForOps(bg, b, r.ID); err == nil {
		t.Fatal("a buyer read operations' view")
	}
	s.ledgerClean(t)
}
