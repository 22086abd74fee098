package catalog_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/evidence"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

// bg is the context of every call in these tests.
var bg = context.Background()

// shop is one test's marketplace: its own database, a catalog service and a
// seller that is admitted and certified.
type shop struct {
	*testfix.Env
	cat    *catalog.Service
	seller account.Account
}

// newShop starts a parallel test on its own database.
func newShop(t *testing.T) *shop {
	t.Helper()
	t.Parallel()
	env := testfix.New(t)
	return &shop{Env: env, cat: env.Catalog(), seller: env.ReadySeller(t, env.Name("seller"))}
}

// content is a valid release form of accessType for the shop's seller.
func (s *shop) content(t *testing.T, accessType string) catalog.Content {
	t.Helper()
	return s.ProductContent(t, s.seller, accessType)
}

// submit starts a release of c's type and submits c, returning the error.
func (s *shop) submit(t *testing.T, c catalog.Content) (catalog.Application, error) {
	t.Helper()
	draft, err := s.cat.StartRelease(bg, s.seller, c.AccessType)
	if err != nil {
		t.Fatalf("start release: %v", err)
	}
	return s.cat.Submit(bg, s.seller, draft.ID, c)
}

// startRelease opens a release draft of typ for seller and returns its id.
func (s *shop) startRelease(t *testing.T, seller account.Account, typ string) uuid.UUID {
	t.Helper()
	draft, err := s.cat.StartRelease(bg, seller, typ)
	if err != nil {
		t.Fatalf("start release: %v", err)
	}
	return draft.ID
}

// list releases c and has it approved.
func (s *shop) list(t *testing.T, c catalog.Content) catalog.Product {
	t.Helper()
	return s.ListProduct(t, s.cat, s.seller, c)
}

// product reloads one of the seller's products.
func (s *shop) product(t *testing.T, id uuid.UUID) catalog.Product {
	t.Helper()
	return s.MyProduct(t, s.cat, s.seller, id)
}

// app reloads one of the seller's records.
func (s *shop) app(t *testing.T, id uuid.UUID) catalog.Application {
	t.Helper()
	return s.MyApp(t, s.cat, s.seller, id)
}

// decide has reviewer decide app as last seen.
func (s *shop) decide(reviewer account.Account, app catalog.Application, d catalog.Decision) error {
	d.Version = testfix.Version(app.Version)
	return s.cat.Decide(bg, reviewer, app.ID, d)
}

// reject has a fresh reviewer reject app with reason.
func (s *shop) reject(t *testing.T, app catalog.Application, reason string) {
	t.Helper()
	if err := s.decide(s.Reviewer(t), app, catalog.Decision{Reason: reason}); err != nil {
		t.Fatalf("reject: %v", err)
	}
}

// events lists "event/role" of an object's timeline.
func (s *shop) events(t *testing.T, objectType string, id uuid.UUID) []string {
	t.Helper()
	items, err := s.cat.Timeline(bg, objectType, id)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Event + "/" + it.ActorRole
	}
	return out
}

// verifyEvidence fails t unless every hash chain of the database verifies.
func (s *shop) verifyEvidence(t *testing.T) evidence.Report {
	t.Helper()
	r, err := evidence.Verify(bg, s.Store.Queries)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Problems) > 0 {
		t.Fatalf("evidence chains broken: %v", r.Problems)
	}
	return r
}

// spec returns the product's spec called name.
func spec(t *testing.T, p catalog.Product, name string) catalog.Spec {
	t.Helper()
	for _, sp := range p.Specs {
		if sp.Name == name {
			return sp
		}
	}
	t.Fatalf("product %s has no spec %q", p.Name, name)
	return catalog.Spec{}
}

// specs sets c's specs: name, billing mode, price, trial days, in fours.
func specs(c catalog.Content, fields ...string) catalog.Content {
	c.Specs = nil
	for i := 0; i+3 < len(fields); i += 4 {
		c.Specs = append(c.Specs, catalog.SpecDraft{Name: fields[i], BillingMode: fields[i+1], Price: fields[i+2], TrialDays: fields[i+3]})
	}
	return c
}

// wantKind fails t unless err is of kind k carrying msg (any message when msg is "").
func wantKind(t *testing.T, err error, k apperr.Kind, msg string) {
	t.Helper()
	testfix.WantKind(t, err, k, msg)
}

// wantField fails t unless err is Invalid and names field with msg (other fields may be named too).
func wantField(t *testing.T, err error, field, msg string) {
	t.Helper()
	got := apperr.FieldsOf(err)
	if got == nil || got[field] != msg {
		t.Fatalf("want %s: %s, got %v (%v)", field, msg, got, err)
	}
}

// oneWinner fails t unless exactly one error is nil and every other is a Conflict.
func oneWinner(t *testing.T, errs []error) {
	t.Helper()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !apperr.Is(err, apperr.Conflict):
			t.Fatalf("the losing request should get a Conflict, got %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("want exactly one winner, got %d: %v", wins, errs)
	}
}

// at is a wall-clock time in Shanghai on a day of November 2026.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, testfix.Shanghai)
}

// sameTime fails t unless got is want (as instants).
func sameTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil || !got.Equal(want) {
		t.Fatalf("%s: got %v, want %v", what, got, want.In(testfix.Shanghai))
	}
}
