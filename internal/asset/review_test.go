package asset_test

import (
	"strconv"
	"testing"
	"time"

	"agora/internal/asset"
	"agora/internal/asset/assettest"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

func itoa(n int) string { return strconv.Itoa(n) }

func (e *env) pending(t *testing.T) asset.Asset {
	t.Helper()
	seller := e.ApprovedSeller(t, e.Name("seller"))
	a := e.submit(t, seller, e.upload(t, seller, e.draft(t, seller, asset.KindPackage), "a.zip", assettest.Zip(t, assettest.Clean(), false)))
	e.scans(t)
	a = e.reload(t, a)
	if a.Status != lifecycle.AssetPending {
		t.Fatalf("not pending: %s", a.Status)
	}
	return a
}

// Two reviewers (or one double click) deciding at once: exactly one decision,
// one event and one message; the other gets a Conflict.
func TestConcurrentDecisionsHaveOneEffect(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r1, r2 := e.Reviewer(t), e.Reviewer(t)
	for round := range 4 {
		a := e.pending(t)
		v := testfix.Version(a.Version)
		errs := testfix.Race(
			func() error { return e.Assets.Decide(ctx, r1, a.ID, asset.Decision{Approve: true, Version: v}) },
			func() error {
				return e.Assets.Decide(ctx, r2, a.ID, asset.Decision{Approve: round%2 == 0, Reason: "Reject: the package lacks licence control.", Version: v})
			},
		)
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("loser got %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d decisions succeeded", round, ok)
		}
		items, _ := e.Assets.Timeline(ctx, a.ID)
		if last := items[len(items)-1]; len(items) != 4 || (last.Event != "approve" && last.Event != "reject") {
			t.Fatalf("round %d: %d events, last %s", round, len(items), last.Event)
		}
		msgs, _ := e.Inbox.List(ctx, a.SellerID, 1)
		decided := 0
		for _, m := range msgs {
			if m.Topic == "asset_approved" || m.Topic == "asset_rejected" {
				decided++
			}
		}
		if decided != 1 {
			t.Fatalf("round %d: %d decision messages", round, decided)
		}
	}
}

func TestClaims(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.pending(t)
	r1, r2, admin := e.Reviewer(t), e.Reviewer(t), e.Admin(t)
	v := testfix.Version(a.Version)
	if err := e.Assets.Claim(ctx, r1, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.Assets.Claim(ctx, r1, a.ID); err != nil {
		t.Fatalf("claiming one's own claim again: %v", err)
	}
	ae := testfix.WantKind(t, e.Assets.Claim(ctx, r2, a.ID), apperr.Conflict, "asset.claimed_by_other")
	if len(ae.Args) != 2 || ae.Args[1] != r1.Name {
		t.Fatalf("args %v", ae.Args)
	}
	testfix.WantKind(t, e.Assets.Decide(ctx, r2, a.ID, asset.Decision{Approve: true, Version: v}), apperr.Conflict, "asset.claimed_by_other")
	testfix.WantKind(t, e.Assets.Unclaim(ctx, r2, a.ID), apperr.Forbidden, "asset.unclaim_not_yours")
	// An admin releases a claim of someone who is away; then r2 may claim and decide.
	if err := e.Assets.Unclaim(ctx, admin, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.Assets.Claim(ctx, r2, a.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.reload(t, a); got.ClaimedBy == nil || *got.ClaimedBy != r2.ID || got.Version != a.Version {
		t.Fatalf("claim %v, version %d (claims must not invalidate the reviewer's form)", got.ClaimedBy, got.Version)
	}
	if err := e.Assets.Decide(ctx, r2, a.ID, asset.Decision{Approve: true, Version: v}); err != nil {
		t.Fatal(err)
	}
	testfix.WantKind(t, e.Assets.Claim(ctx, r1, a.ID), apperr.Conflict, "error.already_handled")
	// Two reviewers claiming at once: one claim.
	b := e.pending(t)
	errs := testfix.Race(func() error { return e.Assets.Claim(ctx, r1, b.ID) }, func() error { return e.Assets.Claim(ctx, r2, b.ID) })
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("claims raced: %v", errs)
	}
}

func TestQueueOrderAndOverdue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.pending(t)
	e.Clock.Advance(24 * time.Hour)
	second := e.pending(t)
	items, err := e.Assets.Queue(ctx, lifecycle.AssetPending, 1)
	if err != nil || len(items) != 2 || items[0].ID != first.ID || items[1].ID != second.ID {
		t.Fatalf("queue %+v %v", items, err)
	}
	if n, _ := e.Assets.Overdue(ctx); n != 0 {
		t.Fatalf("overdue %d", n)
	}
	e.Clock.Advance(6 * 24 * time.Hour)
	if n, _ := e.Assets.Overdue(ctx); n != 2 {
		t.Fatalf("overdue %d after a week", n)
	}
	counts, _ := e.Assets.Counts(ctx)
	if counts["pending"] != 2 {
		t.Fatalf("counts %v", counts)
	}
}
