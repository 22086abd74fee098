package lifecycle

import (
	"fmt"
	"testing"
)

var allActors = []Actor{Applicant, Buyer, Seller, Reviewer, Admin, System}

// exhaust checks every (state, event, actor) triple of m against want, a list of
// "from --event [actor]--> to" lines; every triple not listed must be refused.
func exhaust[S ~string, E ~string](t *testing.T, m *Machine[S, E], want map[string]S) {
	t.Helper()
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	for _, s := range m.States {
		for _, e := range m.Events {
			for _, a := range allActors {
				k := fmt.Sprintf("%s|%s|%s", s, e, a)
				to, err := m.Next(s, e, a)
				exp, ok := want[k]
				switch {
				case ok && err != nil:
					t.Errorf("%s: want %q, got refused", k, exp)
				case ok && to != exp:
					t.Errorf("%s: want %q, got %q", k, exp, to)
				case !ok && err == nil:
					t.Errorf("%s: want refused, got %q", k, to)
				}
			}
		}
	}
}

func TestEntryMachine(t *testing.T) {
	exhaust(t, Entry, map[string]EntryStatus{
		"|submit|applicant":           EntryPending,
		"pending|approve|reviewer":    EntryApproved,
		"pending|approve|admin":       EntryApproved,
		"pending|reject|reviewer":     EntryRejected,
		"pending|reject|admin":        EntryRejected,
		"rejected|resubmit|applicant": EntryPending,
	})
	if !Entry.Terminal(EntryApproved) {
		t.Error("approved must be terminal for the application")
	}
	if got := Entry.Allowed(EntryPending, Reviewer); fmt.Sprint(got) != "[approve reject]" {
		t.Errorf("reviewer buttons on pending = %v", got)
	}
	if got := Entry.Allowed(EntryPending, Applicant); len(got) != 0 {
		t.Errorf("applicant may not act on pending: %v", got)
	}
}

func TestCertificationMachine(t *testing.T) {
	exhaust(t, Certification, map[string]CertStatus{
		"|submit|applicant":               CertSubmitted,
		"submitted|approve|reviewer":      CertCertified,
		"submitted|approve|admin":         CertCertified,
		"submitted|reject|reviewer":       CertRejected,
		"submitted|reject|admin":          CertRejected,
		"submitted|reject_final|reviewer": CertLocked,
		"submitted|reject_final|admin":    CertLocked,
		"rejected|resubmit|applicant":     CertSubmitted,
		"locked|unlock|admin":             CertRejected,
	})
}

func TestCertRejectEvent(t *testing.T) {
	for failures, want := range map[int]CertEvent{0: CertReject, 1: CertReject, 2: CertRejectFinal, 5: CertRejectFinal} {
		if got := CertRejectEvent(failures); got != want {
			t.Errorf("CertRejectEvent(%d) = %s, want %s", failures, got, want)
		}
	}
}
