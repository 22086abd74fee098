package merchant_test

import (
	"testing"

	"github.com/google/uuid"

	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

// oneWinner fails t unless exactly one error is nil and every other is a Conflict.
func oneWinner(t *testing.T, errs []error) int {
	t.Helper()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner < 0:
			winner = i
		case err == nil:
			t.Fatalf("two concurrent requests both succeeded")
		case !apperr.Is(err, apperr.Conflict):
			t.Fatalf("the losing request should get a Conflict, got %v", err)
		}
	}
	if winner < 0 {
		t.Fatalf("no request succeeded: %v", errs)
	}
	return winner
}

func countEvents(t *testing.T, env *testfix.Env, objectType string, id uuid.UUID, event string) int {
	t.Helper()
	items, err := env.Merchants.Timeline(ctx, objectType, id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range items {
		if it.Event == event {
			n++
		}
	}
	return n
}

func TestTwoReviewersApproveAtOnce(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	a, b := env.Reviewer(t), env.Reviewer(t)
	for range 5 { // a few rounds, so both interleavings get a chance
		seller := env.Seller(t, env.Name("seller"))
		app := env.SubmitEntry(t, seller)
		d := merchant.Decision{Approve: true, Version: testfix.Version(app.Version)}
		errs := testfix.Race(
			func() error { return env.Merchants.DecideEntry(ctx, a, app.ID, d) },
			func() error { return env.Merchants.DecideEntry(ctx, b, app.ID, d) },
		)
		oneWinner(t, errs)
		if got := env.Entry(t, seller); got.Status != lifecycle.EntryApproved || got.Version != 2 {
			t.Fatalf("after the race: %+v", got)
		}
		if n := countEvents(t, env, merchant.ObjectEntry, app.ID, "approve"); n != 1 {
			t.Fatalf("%d approve events, want exactly 1", n)
		}
		if got := env.Topics(t, seller); len(got) != 1 || got[0] != "entry_approved" {
			t.Fatalf("the seller should get one approval message, got %v", got)
		}
	}
}

func TestApproveAndRejectAtOnceLeavesOneDecision(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	app := env.SubmitEntry(t, seller)
	a, b := env.Reviewer(t), env.Reviewer(t)
	errs := testfix.Race(
		func() error {
			return env.Merchants.DecideEntry(ctx, a, app.ID, merchant.Decision{Approve: true, Version: "1"})
		},
		func() error {
			return env.Merchants.DecideEntry(ctx, b, app.ID, merchant.Decision{Reason: "资料不全，请补充。", Version: "1"})
		},
	)
	winner := oneWinner(t, errs)
	want := []lifecycle.EntryStatus{lifecycle.EntryApproved, lifecycle.EntryRejected}[winner]
	if got := env.Entry(t, seller); got.Status != want {
		t.Fatalf("status %s, want %s (the winner's decision)", got.Status, want)
	}
	items, _ := env.Merchants.Timeline(ctx, merchant.ObjectEntry, app.ID)
	if len(items) != 2 || items[1].To != string(want) {
		t.Fatalf("timeline should hold submit and the one decision: %+v", items)
	}
}

func TestDoubleSubmitCreatesOneApplication(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	in := env.EntryInput(t, seller)
	errs := testfix.Race(
		func() error { _, err := env.Merchants.SubmitEntry(ctx, seller, in); return err },
		func() error { _, err := env.Merchants.SubmitEntry(ctx, seller, in); return err },
	)
	oneWinner(t, errs)
	app := env.Entry(t, seller)
	if n := countEvents(t, env, merchant.ObjectEntry, app.ID, "submit"); n != 1 {
		t.Fatalf("%d submit events, want 1", n)
	}
}

func TestTwoReviewersRejectCertificationAtOnceCountOneFailure(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.ApprovedSeller(t, "acme")
	cert, err := env.Merchants.SubmitCert(ctx, seller, testfix.CertInput(seller))
	if err != nil {
		t.Fatal(err)
	}
	d := merchant.Decision{Reason: "开户许可证与公司名称不符。", Version: testfix.Version(cert.Version)}
	a, b := env.Reviewer(t), env.Reviewer(t)
	oneWinner(t, testfix.Race(
		func() error { return env.Merchants.DecideCert(ctx, a, cert.ID, d) },
		func() error { return env.Merchants.DecideCert(ctx, b, cert.ID, d) },
	))
	if got := env.Cert(t, seller); got.Status != lifecycle.CertRejected || got.Failures != 1 || got.AttemptsLeft() != 2 {
		t.Fatalf("one rejection should count once: %+v", got)
	}
}
