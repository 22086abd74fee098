package supervision_test

import (
	"slices"
	"testing"
	"time"

	"agora/internal/catalog"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/supervision"
	"agora/internal/testfix"
)

// TestAppealFreezesAndArbitrationRefunds: an appeal at acceptance freezes the
// flow; operations ask the buyer for material, then end the order with a
// partial refund to the buyer's balance.
func TestAppealFreezesAndArbitrationRefunds(t *testing.T) {
	s := newShop(t)
	step := ok[supervision.Supervision](t)
	buyer, o := s.paid(t, catalog.TypeManual, catalog.BillOneTime, "13800138000")
	step(s.sup.SubmitRequirements(bg, buyer, o.ID, supervision.RequirementsInput{Text: "请按合同完成系统部署与数据迁移。"}))
	step(s.sup.ConfirmRequirements(bg, s.seller, o.ID, ""))
	proof := s.upload(t, s.seller, "验收报告.pdf")
	step(s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}}))

	// A seller appealing because the buyer never accepts must show the delivery.
	in := supervision.AppealInput{Ground: supervision.GroundNoAcceptance, Reason: "买家两周未验收也未说明原因。", Demands: "请平台确认验收。"}
	if _, err := s.sup.FileAppeal(bg, s.seller, o.ID, in); apperr.FieldsOf(err)["files"] != "appeal.proof_required" {
		t.Fatalf("appeal without proof: %v", err)
	}
	in.Files = []string{s.upload(t, s.seller, "交付截图.pdf").ID.String()}
	a, err := s.sup.FileAppeal(bg, s.seller, o.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != lifecycle.AppealOpen || a.Node != lifecycle.SupAcceptance || a.AppellantRole != lifecycle.Seller {
		t.Fatalf("appeal: %+v", a)
	}
	due, _ := s.Calendar.DueIn(bg, s.Store.Queries, s.Clock.Now(), 3)
	if !a.DueAt.Equal(due) {
		t.Errorf("arbitration due %v, want 3 working days: %v", a.DueAt, due)
	}
	// Frozen: nobody acts, no second appeal.
	if sv := s.get(t, buyer, o.ID); !sv.Frozen || sv.Waiting() != lifecycle.Reviewer {
		t.Fatalf("not frozen: %+v", sv)
	}
	if _, err := s.sup.Accept(bg, buyer, o.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("buyer accepted while frozen: %v", err)
	}
	if _, err := s.sup.FileAppeal(bg, buyer, o.ID, supervision.AppealInput{Reason: "我也要申诉，交付物不完整。"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("second appeal: %v", err)
	}
	// Material: only the party asked answers.
	ops := s.Reviewer(t)
	if err := s.sup.AskForMaterial(bg, ops, a.ID, supervision.AskInput{Party: "buyer", Note: "请说明未验收的原因并提供证据。"}); err != nil {
		t.Fatal(err)
	}
	if err := s.sup.AnswerAppeal(bg, s.seller, a.ID, supervision.MaterialInput{Note: "我来替买家回答一下。"}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("the seller answered for the buyer: %v", err)
	}
	material := s.upload(t, buyer, "问题清单.pdf")
	if err := s.sup.AnswerAppeal(bg, buyer, a.ID, supervision.MaterialInput{Note: "数据迁移缺少 2024 年的订单。", Files: []string{material.ID.String()}}); err != nil {
		t.Fatal(err)
	}
	if _, rc, err := s.Files.Open(bg, s.seller, material.ID); err != nil {
		t.Errorf("the seller cannot read the buyer's material: %v", err)
	} else {
		rc.Close()
	}
	// A seller or buyer cannot decide; operations decide once.
	dec := supervision.DecisionInput{Outcome: supervision.OutcomeUnsubscribe, Reasoning: "交付不完整，双方协商按比例退款。", Refund: "40"}
	if err := s.sup.Decide(bg, s.seller, a.ID, dec); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("the seller decided: %v", err)
	}
	if err := s.sup.Decide(bg, ops, a.ID, supervision.DecisionInput{Outcome: supervision.OutcomeUnsubscribe, Reasoning: "退款过多的裁决不应通过。", Refund: "100"}); apperr.FieldsOf(err)["refund"] == "" {
		t.Fatalf("refund above the amount paid: %v", err)
	}
	balance := func() int64 { b, _ := s.Store.GetBalance(bg, buyer.ID); return b }
	before := balance()
	if err := s.sup.Decide(bg, ops, a.ID, dec); err != nil {
		t.Fatal(err)
	}
	if err := s.sup.Decide(bg, ops, a.ID, dec); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("decided twice: %v", err)
	}
	if got := balance() - before; got != 4000 {
		t.Errorf("refund %d fen, want 4000", got)
	}
	if got := s.order(t, buyer, o.ID); got.Status != lifecycle.OrderUnsubscribed {
		t.Errorf("order after arbitration: %s", got.Status)
	}
	if sv := s.get(t, buyer, o.ID); sv.Status != lifecycle.SupUnsubscribed || sv.Frozen {
		t.Errorf("supervision after arbitration: %+v", sv)
	}
	got, _ := s.sup.AppealForOps(bg, a.ID)
	if got.Status != lifecycle.AppealDecided || got.Outcome != supervision.OutcomeUnsubscribe || got.Refund == nil || *got.Refund != 4000 {
		t.Errorf("appeal: %+v", got)
	}
	for _, acct := range []string{"buyer", "seller"} {
		who := buyer
		if acct == "seller" {
			who = s.seller
		}
		if topics := s.Topics(t, who); !slices.Contains(topics, "appeal_decided") {
			t.Errorf("%s not told of the decision: %v", acct, topics)
		}
		msgs, _ := s.Inbox.List(bg, who.ID, 1)
		if len(msgs) == 0 || msgs[0].Params["decision"] != dec.Reasoning {
			t.Errorf("%s's message does not carry the decision: %+v", acct, msgs)
		}
	}
	if ev := s.events(t, o.ID); !slices.Contains(ev, "appeal_filed/seller") || !slices.Contains(ev, "unsubscribe/reviewer") {
		t.Errorf("supervision timeline: %v", ev)
	}
	if r, err := evidence.Verify(bg, s.Store.Queries); err != nil || len(r.Problems) != 0 {
		t.Errorf("evidence: %+v %v", r.Problems, err)
	}
}

// TestAppealPausesAutomaticAcceptance: the 10-day clock stops while an appeal
// is open and continues with what was left when operations resume the flow.
func TestAppealPausesAutomaticAcceptance(t *testing.T) {
	s := newShop(t)
	step := ok[supervision.Supervision](t)
	buyer, o := s.paid(t, catalog.TypeHardware, catalog.BillOneTime, "13800138000")
	proof := s.upload(t, s.seller, "发货单.pdf")
	step(s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}, Courier: "顺丰速运",
		Waybill: "SF1234567890", WaybillPhone: "13800138000"}))
	ops := s.Reviewer(t)
	if _, err := s.sup.RecordSigned(bg, ops, supervision.SignInput{Courier: "顺丰速运", Waybill: "sf1234567890", Phone: "13800138000",
		At: s.Clock.Now().In(testfix.Shanghai).Format("2006-01-02T15:04")}); err != nil {
		t.Fatal(err)
	}
	s.Clock.Advance(3 * 24 * time.Hour)
	a, err := s.sup.FileAppeal(bg, buyer, o.ID, supervision.AppealInput{Reason: "收到的设备外壳破损，需要更换。"})
	if err != nil {
		t.Fatal(err)
	}
	s.Clock.Advance(20 * 24 * time.Hour)
	s.autoAccept(t)
	if sv := s.get(t, buyer, o.ID); sv.Status != lifecycle.SupAcceptance || sv.PausedLeft == nil || *sv.PausedLeft != 7*24*time.Hour {
		t.Fatalf("while frozen: %+v", sv)
	}
	if err := s.sup.Decide(bg, ops, a.ID, supervision.DecisionInput{Outcome: supervision.OutcomeResume, Reasoning: "卖家已同意换货，流程继续。"}); err != nil {
		t.Fatal(err)
	}
	sv := s.get(t, buyer, o.ID)
	if sv.Frozen || sv.AutoAcceptAt == nil || !sv.AutoAcceptAt.Equal(s.Clock.Now().Add(7*24*time.Hour)) {
		t.Fatalf("resumed: %+v", sv)
	}
	s.Clock.Advance(7 * 24 * time.Hour)
	s.autoAccept(t)
	if got := s.get(t, buyer, o.ID); got.Status != lifecycle.SupCompleted {
		t.Fatalf("not accepted after the remaining 7 days: %s", got.Status)
	}
}

// TestWithdrawAppeal: only the appellant withdraws; the flow goes on where it was.
func TestWithdrawAppeal(t *testing.T) {
	s := newShop(t)
	buyer, o := s.paid(t, catalog.TypeLicense, catalog.BillYearly, "13800138000")
	a, err := s.sup.FileAppeal(bg, buyer, o.ID, supervision.AppealInput{Reason: "卖家一周未开通授权。"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.sup.WithdrawAppeal(bg, s.seller, a.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("the other party withdrew: %v", err)
	}
	if err := s.sup.WithdrawAppeal(bg, buyer, a.ID); err != nil {
		t.Fatal(err)
	}
	if sv := s.get(t, buyer, o.ID); sv.Frozen || sv.Status != lifecycle.SupImplementing {
		t.Fatalf("after withdrawal: %+v", sv)
	}
	proof := s.upload(t, s.seller, "licence.pdf")
	if _, err := s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}, LicenceUntil: "2027-12-31"}); err != nil {
		t.Errorf("the flow did not resume: %v", err)
	}
}
