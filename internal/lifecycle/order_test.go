package lifecycle

import (
	"fmt"
	"testing"
)

func TestOrderMachine(t *testing.T) {
	exhaust(t, Order, map[string]OrderStatus{
		"|place|buyer":                    OrderPendingPayment,
		"pending_payment|pay|buyer":       OrderProcessing,
		"pending_payment|cancel|buyer":    OrderCancelled,
		"pending_payment|cancel|system":   OrderCancelled,
		"processing|complete|system":      OrderCompleted,
		"processing|unsubscribe|reviewer": OrderUnsubscribed,
		"processing|unsubscribe|admin":    OrderUnsubscribed,
		"processing|unsubscribe|system":   OrderUnsubscribed,
		"completed|unsubscribe|system":    OrderUnsubscribed,
	})
	for _, s := range []OrderStatus{OrderCancelled, OrderUnsubscribed} {
		if !Order.Terminal(s) {
			t.Errorf("%s must be terminal", s)
		}
	}
}

// arbitrated lists operations' decisions from each open node, for both ops
// roles; the system may also end the flow (an approved unsubscription).
func arbitrated(want map[string]SupStatus, open []SupStatus, targets map[SupEvent]SupStatus) {
	for _, from := range open {
		for ev, to := range targets {
			for _, a := range []Actor{Reviewer, Admin} {
				want[fmt.Sprintf("%s|%s|%s", from, ev, a)] = to
			}
			if ev == SupUnsubscribe {
				want[fmt.Sprintf("%s|%s|%s", from, ev, System)] = to
			}
		}
	}
}

func TestStandardFlow(t *testing.T) {
	want := map[string]SupStatus{
		"|start|system":                          SupRequirements,
		"requirements|submit_requirements|buyer": SupConfirming,
		"confirming|confirm_requirements|seller": SupImplementing,
		"confirming|return_requirements|seller":  SupRequirements,
		"implementing|deliver|seller":            SupAcceptance,
		"acceptance|accept|buyer":                SupCompleted,
		"acceptance|reject_delivery|buyer":       SupImplementing,
	}
	arbitrated(want, []SupStatus{SupRequirements, SupConfirming, SupImplementing, SupAcceptance}, map[SupEvent]SupStatus{
		SupToRequirements: SupRequirements, SupToImplementing: SupImplementing, SupToAcceptance: SupAcceptance,
		SupForceAccept: SupCompleted, SupUnsubscribe: SupUnsubscribed})
	exhaust(t, StandardFlow, want)
	if got := StandardFlow.Allowed(SupAcceptance, Buyer); fmt.Sprint(got) != "[accept reject_delivery]" {
		t.Errorf("buyer buttons at acceptance: %v", got)
	}
	if got := StandardFlow.Allowed(SupAcceptance, Seller); len(got) != 0 {
		t.Errorf("seller buttons at acceptance: %v", got)
	}
}

func TestLicenseFlow(t *testing.T) {
	want := map[string]SupStatus{
		"|start|system":                    SupImplementing,
		"implementing|deliver|seller":      SupAcceptance,
		"acceptance|accept|buyer":          SupCompleted,
		"acceptance|reject_delivery|buyer": SupImplementing,
	}
	arbitrated(want, []SupStatus{SupImplementing, SupAcceptance}, map[SupEvent]SupStatus{
		SupToImplementing: SupImplementing, SupToAcceptance: SupAcceptance, SupForceAccept: SupCompleted, SupUnsubscribe: SupUnsubscribed})
	exhaust(t, LicenseFlow, want)
}

func TestHardwareFlow(t *testing.T) {
	want := map[string]SupStatus{
		"|start|system":                    SupImplementing,
		"implementing|deliver|seller":      SupAcceptance,
		"acceptance|accept|buyer":          SupCompleted,
		"acceptance|auto_accept|system":    SupCompleted,
		"acceptance|reject_delivery|buyer": SupImplementing,
	}
	arbitrated(want, []SupStatus{SupImplementing, SupAcceptance}, map[SupEvent]SupStatus{
		SupToImplementing: SupImplementing, SupToAcceptance: SupAcceptance, SupForceAccept: SupCompleted, SupUnsubscribe: SupUnsubscribed})
	exhaust(t, HardwareFlow, want)
	for _, name := range []string{FlowStandard, FlowLicense, FlowHardware} {
		m := Flow(name)
		if m == nil || !m.Terminal(SupCompleted) || !m.Terminal(SupUnsubscribed) {
			t.Errorf("flow %s: completed and unsubscribed must be terminal", name)
		}
	}
	if Flow("image") != nil {
		t.Error("image products have no supervision flow")
	}
}

func TestAppealMachine(t *testing.T) {
	exhaust(t, Appeal, map[string]AppealStatus{
		"|file|buyer":              AppealOpen,
		"|file|seller":             AppealOpen,
		"open|ask|reviewer":        AppealMaterial,
		"open|ask|admin":           AppealMaterial,
		"material|answer|buyer":    AppealOpen,
		"material|answer|seller":   AppealOpen,
		"open|decide|reviewer":     AppealDecided,
		"open|decide|admin":        AppealDecided,
		"material|decide|reviewer": AppealDecided,
		"material|decide|admin":    AppealDecided,
		"open|withdraw|buyer":      AppealWithdrawn,
		"open|withdraw|seller":     AppealWithdrawn,
		"material|withdraw|buyer":  AppealWithdrawn,
		"material|withdraw|seller": AppealWithdrawn,
	})
	for s, want := range map[AppealStatus]bool{AppealOpen: true, AppealMaterial: true, AppealDecided: false, AppealWithdrawn: false} {
		if AppealActive(s) != want {
			t.Errorf("AppealActive(%s) = %v", s, !want)
		}
	}
}
