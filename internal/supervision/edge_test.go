package supervision_test

import (
	"testing"
	"time"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/supervision"
	"agora/internal/testfix"
)

// signAt records a courier sign-off at t for a waybill.
func (s *shop) signAt(t *testing.T, waybill, phone string, at time.Time) {
	t.Helper()
	if _, err := s.sup.RecordSigned(bg, s.Reviewer(t), supervision.SignInput{Courier: "顺丰速运", Waybill: waybill, Phone: phone,
		At: at.In(testfix.Shanghai).Format("2006-01-02T15:04")}); err != nil {
		t.Fatal(err)
	}
}

// TestSignOffDuringAppeal: a sign-off recorded while an appeal froze the flow
// starts the 10-day wait when the flow thaws, minus the time already passed.
func TestSignOffDuringAppeal(t *testing.T) {
	s := newShop(t)
	step := ok[supervision.Supervision](t)
	buyer, o := s.paid(t, catalog.TypeHardware, catalog.BillOneTime, "13800138000")
	proof := s.upload(t, s.seller, "发货单.pdf")
	step(s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}, Courier: "顺丰速运",
		Waybill: "SF2000000001", WaybillPhone: "13800138000"}))
	a, err := s.sup.FileAppeal(bg, buyer, o.ID, supervision.AppealInput{Reason: "快递一直没有送到，请平台介入。"})
	if err != nil {
		t.Fatal(err)
	}
	s.signAt(t, "SF2000000001", "13800138000", s.Clock.Now())
	s.Clock.Advance(2 * 24 * time.Hour)
	if err := s.sup.WithdrawAppeal(bg, buyer, a.ID); err != nil {
		t.Fatal(err)
	}
	sv := s.get(t, buyer, o.ID)
	if sv.AutoAcceptAt == nil || !sv.AutoAcceptAt.Equal(s.Clock.Now().Add(10*24*time.Hour)) {
		t.Fatalf("after the thaw, automatic acceptance at %v", sv.AutoAcceptAt)
	}
	s.Clock.Advance(10 * 24 * time.Hour)
	s.autoAccept(t)
	if got := s.get(t, buyer, o.ID); got.Status != lifecycle.SupCompleted {
		t.Fatalf("not accepted: %s", got.Status)
	}
}

// TestSignOffBeforeShipping: a sign-off the courier reported before the seller
// entered the waybill counts once the waybill is entered; a lost timer is
// caught by the sweep.
func TestSignOffBeforeShipping(t *testing.T) {
	s := newShop(t)
	buyer, o := s.paid(t, catalog.TypeHardware, catalog.BillOneTime, "13800138000")
	s.signAt(t, "SF3000000001", "138 0013 8000", s.Clock.Now().Add(-time.Hour))
	proof := s.upload(t, s.seller, "发货单.pdf")
	sv, err := s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}, Courier: "顺丰速运",
		Waybill: "sf3000000001", WaybillPhone: "13800138000"})
	if err != nil {
		t.Fatal(err)
	}
	if sv.SignedAt == nil || sv.AutoAcceptAt == nil || !sv.AutoAcceptAt.Equal(sv.SignedAt.Add(10*24*time.Hour)) {
		t.Fatalf("the earlier sign-off was not applied: %+v", sv)
	}
	// The timer is lost; the sweep still accepts when the time comes.
	if _, err := s.DB.Pool.Exec(bg, `DELETE FROM river_job WHERE kind = 'supervision_auto_accept'`); err != nil {
		t.Fatal(err)
	}
	s.Clock.Advance(9 * 24 * time.Hour)
	if n, _ := s.sup.SweepAutoAccepts(bg, 100); n != 0 {
		t.Fatalf("swept %d before the time", n)
	}
	s.Clock.Advance(24 * time.Hour)
	if n, err := s.sup.SweepAutoAccepts(bg, 100); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	if got := s.get(t, buyer, o.ID); got.Status != lifecycle.SupCompleted {
		t.Fatalf("not accepted by the sweep: %s", got.Status)
	}
}

// TestDeliveryNeedsRealProof: a file id that is not the seller's upload is no
// proof, and the actual start cannot precede the payment.
func TestDeliveryNeedsRealProof(t *testing.T) {
	s := newShop(t)
	_, o := s.paid(t, catalog.TypeLicense, catalog.BillYearly, "13800138000")
	if _, err := s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{"x"}, LicenceUntil: "2027-12-31"}); apperr.FieldsOf(err)["files"] == "" {
		t.Fatalf("a junk file id passed as proof: %v", err)
	}
	proof := s.upload(t, s.seller, "licence.pdf")
	_, err := s.sup.Deliver(bg, s.seller, o.ID, supervision.DeliverInput{Files: []string{proof.ID.String()}, LicenceUntil: "2027-12-31",
		ActualStart: "2001-01-01"})
	if apperr.FieldsOf(err)["actual_start"] != "supervision.start_before_payment" {
		t.Fatalf("an actual start years before payment: %v", err)
	}
}
