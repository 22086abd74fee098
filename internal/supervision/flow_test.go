package supervision_test

import (
	"slices"
	"testing"
	"time"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/supervision"
	"agora/internal/testfix"
)

// TestStandardFlow: requirements, a returned requirement, confirmation,
// delivery with proofs, a rejected delivery, acceptance; the order completes
// and a periodic service starts at the actual start the seller gave.
func TestStandardFlow(t *testing.T) {
	step := ok[supervision.Supervision](t)
	s := newShop(t)
	buyer, o := s.paid(t, catalog.TypeManual, catalog.BillMonthly, "13800138000")
	sv := s.get(t, buyer, o.ID)
	if sv.Status != lifecycle.SupRequirements || sv.Waiting() != lifecycle.Buyer || sv.Flow != lifecycle.FlowStandard {
		t.Fatalf("start: %+v", sv)
	}
	// Only the party whose turn it is acts.
	if _, err := s.sup.ConfirmRequirements(bg, s.seller, o.ID, ""); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("seller confirmed before any requirements: %v", err)
	}
	other := s.Seller(t, s.Name("stranger"))
	if _, err := s.sup.SubmitRequirements(bg, other, o.ID, supervision.RequirementsInput{Text: "我也想提需求，看看能不能提交成功。"}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a stranger acted: %v", err)
	}
	if _, err := s.sup.SubmitRequirements(bg, buyer, o.ID, supervision.RequirementsInput{Text: "短"}); apperr.FieldsOf(err)["text"] == "" {
		t.Fatalf("short requirements: %v", err)
	}
	req := s.upload(t, buyer, "需求说明书.pdf")
	step(s.sup.SubmitRequirements(bg, buyer, o.ID, supervision.RequirementsInput{Text: "请为我们 20 名员工部署并培训，周末不可停机。",
		Files: []string{req.ID.String()}}))
	step(s.sup.ReturnRequirements(bg, s.seller, o.ID, "请补充现有系统的版本号。"))
	if sv := s.get(t, buyer, o.ID); sv.Status != lifecycle.SupRequirements {
		t.Fatalf("returned requirements: %s", sv.Status)
	}
	step(s.sup.SubmitRequirements(bg, buyer, o.ID, supervision.RequirementsInput{Text: "现有系统为 v3.2，请为 20 名员工部署并培训。"}))
	step(s.sup.ConfirmRequirements(bg, s.seller, o.ID, "已确认，下周一开始实施。"))

	// The seller can read the buyer's file; a stranger cannot.
	if _, rc, err := s.Files.Open(bg, s.seller, req.ID); err != nil {
		t.Errorf("seller cannot read the requirements file: %v", err)
	} else {
		rc.Close()
	}
	if _, _, err := s.Files.Open(bg, other, req.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("a stranger reads the requirements file: %v", err)
	}

	// Delivery needs proofs.
	if _, err := s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Note: "已完成"}); apperr.FieldsOf(err)["files"] != "supervision.proof_required" {
		t.Fatalf("delivery without proof: %v", err)
	}
	proof := s.upload(t, s.seller, "验收单.pdf")
	s.Clock.Advance(48 * time.Hour)
	start := s.Clock.Now().Add(-24 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly)
	step(s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Note: "部署与培训完成。", Files: []string{proof.ID.String()}, ActualStart: start}))
	step(s.sup.RejectDelivery(bg, buyer, o.ID, supervision.RejectInput{Reason: "培训只覆盖了 10 人。"}))
	sv = s.get(t, buyer, o.ID)
	if sv.Status != lifecycle.SupImplementing || sv.Rejections != 1 || sv.Waiting() != lifecycle.Seller {
		t.Fatalf("after rejection: %+v", sv)
	}
	step(s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Note: "补充培训完成。", Files: []string{proof.ID.String()}, ActualStart: start}))
	step(s.sup.Accept(bg, buyer, o.ID))

	done := s.order(t, buyer, o.ID)
	if done.Status != lifecycle.OrderCompleted || done.ServiceStart == nil || done.ServiceStart.In(testfix.Shanghai).Format(time.DateOnly) != start ||
		!done.ServiceEnd.Equal(done.ServiceStart.AddDate(0, 1, 0)) {
		t.Fatalf("completed order: %+v", done)
	}
	want := []string{"start/system", "submit_requirements/buyer", "return_requirements/seller", "submit_requirements/buyer",
		"confirm_requirements/seller", "deliver/seller", "reject_delivery/buyer", "deliver/seller", "accept/buyer"}
	if got := s.events(t, o.ID); !slices.Equal(got, want) {
		t.Errorf("timeline:\n got %v\nwant %v", got, want)
	}
	items, _ := s.sup.Timeline(bg, o.ID)
	if a := items[1].Attachments; len(a) != 1 || a[0].SHA256 != req.SHA256 || a[0].Name != "需求说明书.pdf" {
		t.Errorf("requirements evidence: %+v", a)
	}
	// Nothing more happens after completion.
	if _, err := s.sup.RejectDelivery(bg, buyer, o.ID, supervision.RejectInput{Reason: "再驳回一次试试。"}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("acted after completion: %v", err)
	}
}

// TestLicenseFlow: the seller delivers the licence with its validity; the buyer accepts.
func TestLicenseFlow(t *testing.T) {
	step := ok[supervision.Supervision](t)
	s := newShop(t)
	buyer, o := s.paid(t, catalog.TypeLicense, catalog.BillYearly, "13800138000")
	if sv := s.get(t, buyer, o.ID); sv.Status != lifecycle.SupImplementing || sv.Waiting() != lifecycle.Seller {
		t.Fatalf("start: %+v", sv)
	}
	proof := s.upload(t, s.seller, "licence.pdf")
	if _, err := s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}, LicenceUntil: "2020-01-01"}); apperr.FieldsOf(err)["licence_until"] == "" {
		t.Fatalf("licence in the past: %v", err)
	}
	sv := step(s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}, LicenceUntil: "2027-11-30"}))
	if sv.Status != lifecycle.SupAcceptance || sv.LicenceUntil == nil {
		t.Fatalf("delivered: %+v", sv)
	}
	step(s.sup.Accept(bg, buyer, o.ID))
	if got := s.order(t, buyer, o.ID); got.Status != lifecycle.OrderCompleted || !got.ServiceEnd.Equal(got.ServiceStart.AddDate(1, 0, 0)) {
		t.Errorf("order: %+v", got)
	}
}

// TestHardwareAutoAcceptance: after shipping, a courier sign-off with the
// buyer's phone starts a 10-day wait, after which the system accepts; with
// another phone nothing is automatic and the seller is told to remind the buyer.
func TestHardwareAutoAcceptance(t *testing.T) {
	s := newShop(t)
	ops := s.Reviewer(t)
	for _, tc := range []struct {
		name, waybillPhone string
		auto               bool
	}{{"matching phone", "+86 138-0013-8000", true}, {"other phone", "13900000000", false}} {
		t.Run(tc.name, func(t *testing.T) {
			step := ok[supervision.Supervision](t)
			buyer, o := s.paid(t, catalog.TypeHardware, catalog.BillOneTime, "13800138000")
			if sv := s.get(t, buyer, o.ID); sv.Status != lifecycle.SupImplementing || sv.Flow != lifecycle.FlowHardware {
				t.Fatalf("start: %+v", sv)
			}
			proof := s.upload(t, s.seller, "发货单.pdf")
			waybill := "SF" + o.Number[2:14]
			if _, err := s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}}); len(apperr.FieldsOf(err)) < 3 {
				t.Fatalf("shipping without courier, waybill and phone: %v", err)
			}
			step(s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}, Courier: "顺丰速运",
				Waybill: waybill, WaybillPhone: tc.waybillPhone}))
			signedAt := s.Clock.Now().Add(-2 * time.Hour)
			n := ok[int](t)(s.sup.RecordSigned(bg, ops, supervision.SignInput{Courier: "顺丰速运", Waybill: waybill, Phone: tc.waybillPhone,
				At: signedAt.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")}))
			if n != 1 {
				t.Fatalf("sign-off applied to %d deliveries", n)
			}
			sv := s.get(t, buyer, o.ID)
			if sv.Trackable == nil || *sv.Trackable != tc.auto || (sv.AutoAcceptAt != nil) != tc.auto {
				t.Fatalf("after sign-off: trackable %v, auto %v", sv.Trackable, sv.AutoAcceptAt)
			}
			s.Clock.Advance(9 * 24 * time.Hour)
			s.autoAccept(t)
			if got := s.get(t, buyer, o.ID); got.Status != lifecycle.SupAcceptance {
				t.Fatalf("accepted before 10 days: %s", got.Status)
			}
			s.Clock.Advance(24 * time.Hour)
			s.autoAccept(t)
			got := s.get(t, buyer, o.ID)
			if tc.auto && (got.Status != lifecycle.SupCompleted || s.order(t, buyer, o.ID).Status != lifecycle.OrderCompleted) {
				t.Fatalf("not accepted automatically: %s", got.Status)
			}
			if !tc.auto && got.Status != lifecycle.SupAcceptance {
				t.Fatalf("an untrackable delivery was accepted: %s", got.Status)
			}
			topics := s.Topics(t, s.seller)
			if !tc.auto && !slices.Contains(topics, "supervision_remind_buyer") {
				t.Errorf("seller not told to remind the buyer: %v", topics)
			}
		})
	}
}
