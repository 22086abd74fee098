package catalog_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
	"agora/internal/workday"
)

// TestStartReleaseOpensADraft: choosing the access type opens a draft at once,
// with an event, in both the applications list and the drafts box.
func TestStartReleaseOpensADraft(t *testing.T) {
	s := newShop(t)
	app, err := s.cat.StartRelease(bg, s.seller, catalog.TypeSaaS)
	if err != nil {
		t.Fatal(err)
	}
	if app.Status != lifecycle.AppDraft || app.Kind != catalog.KindRelease || app.AccessType != catalog.TypeSaaS ||
		!strings.HasPrefix(app.Number, "FB2611191000") || !app.Editable() || app.SubmittedAt != nil || app.DueAt != nil {
		t.Fatalf("new draft: %+v", app)
	}
	if c := app.Content; c.Delivery != catalog.DeliveryInstant || c.SupportTimeZone == "" || len(c.Specs) != 1 ||
		c.Specs[0].BillingMode != catalog.BillMonthly {
		t.Errorf("defaults of a SaaS form: %+v", c)
	}
	if got := s.events(t, catalog.ObjectApplication, app.ID); !reflect.DeepEqual(got, []string{"create/applicant"}) {
		t.Errorf("timeline %v", got)
	}
	for _, drafts := range []bool{false, true} {
		list, err := s.cat.MyApplications(bg, s.seller.ID, drafts, 1)
		if err != nil || len(list) != 1 || list[0].ID != app.ID {
			t.Errorf("list (drafts only %v): %+v %v", drafts, list, err)
		}
	}
	hw, err := s.cat.StartRelease(bg, s.seller, catalog.TypeHardware)
	if err != nil || hw.Content.Specs[0].BillingMode != catalog.BillOneTime {
		t.Errorf("a hardware form starts with a one-time spec: %+v %v", hw.Content.Specs, err)
	}
	_, err = s.cat.StartRelease(bg, s.seller, "consulting")
	testfix.WantFields(t, err, map[string]string{"access_type": "product.type_required"})
}

// TestSaveDraftKeepsWhatWasTyped: a draft keeps invalid input exactly as
// typed; only the access type is fixed when the release starts.
func TestSaveDraftKeepsWhatWasTyped(t *testing.T) {
	s := newShop(t)
	id := s.startRelease(t, s.seller, catalog.TypeSaaS)
	typed := catalog.Content{AccessType: catalog.TypeLicense, Name: "  半成品 ", Summary: "x", Description: "待补充\n",
		SupportPhone: "abc", ProductionURL: "ftp://nowhere",
		Specs: []catalog.SpecDraft{{Name: " 标准版", BillingMode: "weekly", Price: "九十九", TrialDays: "999"}, {}}}
	s.Clock.Advance(90 * time.Second)
	savedAt, err := s.cat.SaveDraft(bg, s.seller, id, typed)
	if err != nil {
		t.Fatal(err)
	}
	if !savedAt.Equal(s.Clock.Now()) {
		t.Errorf("saved at %v", savedAt)
	}
	got := s.app(t, id)
	want := typed
	want.AccessType = catalog.TypeSaaS
	if !reflect.DeepEqual(got.Content, want) {
		t.Errorf("draft content changed on save:\n got %+v\nwant %+v", got.Content, want)
	}
	if got.Status != lifecycle.AppDraft || got.Title != "半成品" || !got.SavedAt.Equal(savedAt) {
		t.Errorf("draft after save: %+v", got)
	}
	// Saving again is an autosave, not an event.
	if _, err := s.cat.SaveDraft(bg, s.seller, id, typed); err != nil {
		t.Fatal(err)
	}
	if n := len(s.events(t, catalog.ObjectApplication, id)); n != 1 {
		t.Errorf("saving a draft logged %d events, want only the creation", n)
	}
}

// TestAnotherSellersDraftIsNotFound: nobody else can read, save, submit,
// withdraw or delete a seller's record.
func TestAnotherSellersDraftIsNotFound(t *testing.T) {
	s := newShop(t)
	id := s.startRelease(t, s.seller, catalog.TypeLicense)
	other := s.ReadySeller(t, s.Name("other"))
	c := s.ProductContent(t, other, catalog.TypeLicense)
	_, err := s.cat.MyApplication(bg, other.ID, id)
	wantKind(t, err, apperr.NotFound, "")
	_, err = s.cat.SaveDraft(bg, other, id, c)
	wantKind(t, err, apperr.NotFound, "")
	_, err = s.cat.Submit(bg, other, id, c)
	wantKind(t, err, apperr.NotFound, "")
	wantKind(t, s.cat.Withdraw(bg, other, id), apperr.NotFound, "")
	wantKind(t, s.cat.Delete(bg, other, id), apperr.NotFound, "")
	_, err = s.cat.SaveDraft(bg, s.seller, uuid.New(), c)
	wantKind(t, err, apperr.NotFound, "")
	if got := s.app(t, id); got.Content.Name != "" || got.Status != lifecycle.AppDraft {
		t.Errorf("another seller changed the draft: %+v", got)
	}
}

// TestPendingRecordIsNotEditable: a record under review cannot be saved or submitted again.
func TestPendingRecordIsNotEditable(t *testing.T) {
	s := newShop(t)
	c := s.content(t, catalog.TypeLicense)
	app, err := s.submit(t, c)
	if err != nil {
		t.Fatal(err)
	}
	c.Name = "偷偷改名"
	_, err = s.cat.SaveDraft(bg, s.seller, app.ID, c)
	wantKind(t, err, apperr.Conflict, "product.not_editable")
	_, err = s.cat.Submit(bg, s.seller, app.ID, c)
	wantKind(t, err, apperr.Conflict, "product.not_editable")
	if got := s.app(t, app.ID); got.Content.Name == c.Name || got.Version != app.Version {
		t.Errorf("pending record changed: %+v", got)
	}
}

// TestInvalidSubmissionKeepsTheForm: submitting an invalid form names every
// problem and keeps what was typed; the record stays a draft.
func TestInvalidSubmissionKeepsTheForm(t *testing.T) {
	s := newShop(t)
	id := s.startRelease(t, s.seller, catalog.TypeSaaS)
	c := s.content(t, catalog.TypeSaaS)
	c.Name = "云眼监控"      // no SaaS suffix
	c.Summary = "太短"     // too short
	c.SupportEmail = "@" // invalid
	c.Specs = append(c.Specs, catalog.SpecDraft{Name: "标准版", BillingMode: catalog.BillOneTime, Price: "1.001", TrialDays: "7"})
	_, err := s.cat.Submit(bg, s.seller, id, c)
	testfix.WantFields(t, err, map[string]string{"name": "product.name_saas", "summary": "product.summary_rule",
		"support_email": "account.email_invalid", "spec.1.name": "product.spec_name_dup", "spec.1.price": "product.price_rule",
		"spec.1.trial_days": "product.trial_periodic"})
	got := s.app(t, id)
	if got.Status != lifecycle.AppDraft || got.SubmittedAt != nil || !reflect.DeepEqual(got.Content, c) {
		t.Errorf("after a refused submission:\n got %+v\nwant content %+v", got, c)
	}
	if n := len(s.events(t, catalog.ObjectApplication, id)); n != 1 {
		t.Errorf("a refused submission logged an event")
	}
}

// TestSubmitStartsTheReviewClock: a valid submission is pending with a
// deadline three working days later on the calendar operations keeps.
func TestSubmitStartsTheReviewClock(t *testing.T) {
	s := newShop(t)
	app, err := s.submit(t, s.content(t, catalog.TypeSaaS)) // Thursday 19 November, 10:00
	if err != nil {
		t.Fatal(err)
	}
	if app.Status != lifecycle.AppPending || app.ExtraDays != 0 || app.Editable() {
		t.Fatalf("submitted: %+v", app)
	}
	sameTime(t, "submitted", app.SubmittedAt, testfix.Start)
	sameTime(t, "due", app.DueAt, at(24, 10, 0)) // Fri, Mon, Tue
	if got := s.events(t, catalog.ObjectApplication, app.ID); !reflect.DeepEqual(got, []string{"create/applicant", "submit/applicant"}) {
		t.Errorf("timeline %v", got)
	}
	if drafts, _ := s.cat.MyApplications(bg, s.seller.ID, true, 1); len(drafts) != 0 {
		t.Errorf("a submitted record is still in the drafts box")
	}

	// A holiday on Monday moves the deadline; a submission on Saturday starts on Monday.
	if err := s.Calendar.Set(bg, s.Admin(t).ID, workday.SetInput{Day: "2026-11-23", Kind: "holiday", Note: "测试假日"}); err != nil {
		t.Fatal(err)
	}
	app, err = s.submit(t, s.content(t, catalog.TypeSaaS))
	if err != nil {
		t.Fatal(err)
	}
	sameTime(t, "due over a holiday", app.DueAt, at(25, 10, 0))
	s.Clock.Set(at(21, 15, 0))
	app, err = s.submit(t, s.content(t, catalog.TypeSaaS))
	if err != nil {
		t.Fatal(err)
	}
	sameTime(t, "due of a Saturday submission", app.DueAt, at(27, 0, 0)) // Tue, Wed, Thu → end of Thursday
	if !catalog.Overdue(app.DueAt, at(27, 0, 1)) || catalog.Overdue(app.DueAt, at(26, 23, 59)) {
		t.Errorf("overdue")
	}
}

// TestExtraReviewDays: the tenth and later release of one seller in a day gets
// one more working day per started ten (domain §2.4).
func TestExtraReviewDays(t *testing.T) {
	t.Parallel()
	for nth, want := range map[int]int{1: 0, 9: 0, 10: 1, 11: 1, 19: 1, 20: 2, 29: 2, 30: 3} {
		if got := catalog.ExtraReviewDays(nth); got != want {
			t.Errorf("ExtraReviewDays(%d) = %d, want %d", nth, got, want)
		}
	}
}

// TestTenReleasesADayExtendTheDeadline drives the extension through Submit:
// the 10th–19th release of the day get +1 working day, the 20th +2. Another
// seller's releases, modifications and yesterday's releases do not count.
func TestTenReleasesADayExtendTheDeadline(t *testing.T) {
	s := newShop(t)
	// Yesterday evening (Shanghai): five releases that do not count today.
	s.Clock.Set(at(18, 23, 0))
	for i := 0; i < 5; i++ {
		if _, err := s.submit(t, s.content(t, catalog.TypeLicense)); err != nil {
			t.Fatal(err)
		}
	}
	// Another seller's releases today, and a modification of ours, count for nothing.
	s.Clock.Set(at(19, 0, 30)) // still 18 November in UTC
	other := s.ReadySeller(t, s.Name("other"))
	for i := 0; i < 3; i++ {
		s.SubmitRelease(t, s.cat, other, s.ProductContent(t, other, catalog.TypeLicense))
	}
	listed := s.list(t, s.content(t, catalog.TypeLicense))
	change, err := s.cat.StartModification(bg, s.seller, listed.ID)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := s.cat.Submit(bg, s.seller, change.ID, change.Content)
	if err != nil {
		t.Fatal(err)
	}
	if mod.ExtraDays != 0 {
		t.Errorf("a modification got %d extra days", mod.ExtraDays)
	}
	// The approved release was the first of today. Submit nineteen more, one a minute.
	for i := 2; i <= 20; i++ {
		s.Clock.Advance(time.Minute)
		app, err := s.submit(t, s.content(t, catalog.TypeLicense))
		if err != nil {
			t.Fatal(err)
		}
		if app.DueAt == nil {
			t.Fatalf("release %d has no deadline", i)
		}
		want := catalog.ExtraReviewDays(i)
		if int(app.ExtraDays) != want {
			t.Errorf("release %d of the day: %d extra days, want %d", i, app.ExtraDays, want)
		}
		// Thursday 19 November: 3 working days is Tuesday 24th, +1 Wednesday, +2 Thursday.
		wantDue := time.Date(2026, 11, 24+want, 0, 30+i-1, 0, 0, testfix.Shanghai)
		sameTime(t, "due of release "+testfix.Version(int32(i)), app.DueAt, wantDue)
	}
	// The next day starts the count afresh.
	s.Clock.Set(at(20, 9, 0))
	app, err := s.submit(t, s.content(t, catalog.TypeLicense))
	if err != nil || app.ExtraDays != 0 {
		t.Errorf("first release of the next day: %+v %v", app.ExtraDays, err)
	}
}

// TestConcurrentSubmissionsCountOnce: releases submitted at the same moment
// still count as the ninth and tenth, never both as the ninth.
func TestConcurrentSubmissionsCountOnce(t *testing.T) {
	s := newShop(t)
	for i := 0; i < 8; i++ {
		if _, err := s.submit(t, s.content(t, catalog.TypeLicense)); err != nil {
			t.Fatal(err)
		}
	}
	ids := []uuid.UUID{s.startRelease(t, s.seller, catalog.TypeLicense), s.startRelease(t, s.seller, catalog.TypeLicense)}
	forms := []catalog.Content{s.content(t, catalog.TypeLicense), s.content(t, catalog.TypeLicense)}
	errs := testfix.Race(
		func() error { _, err := s.cat.Submit(bg, s.seller, ids[0], forms[0]); return err },
		func() error { _, err := s.cat.Submit(bg, s.seller, ids[1], forms[1]); return err },
	)
	var extras []int32
	for i, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
		extras = append(extras, s.app(t, ids[i]).ExtraDays)
	}
	slices.Sort(extras)
	if extras[0] != 0 || extras[1] != 1 {
		t.Errorf("the ninth and tenth release got %v extra days, want [0 1]", extras)
	}
}

// TestResubmitAfterRejection: a rejected record keeps its reasons, can be
// edited and resubmitted with a fresh deadline, and its reasons are cleared.
func TestResubmitAfterRejection(t *testing.T) {
	s := newShop(t)
	c := s.content(t, catalog.TypeLicense)
	app, err := s.submit(t, c)
	if err != nil {
		t.Fatal(err)
	}
	err = s.decide(s.Reviewer(t), app, catalog.Decision{Reason: "请补充说明。", FieldReasons: map[string]string{
		"description": "描述与截图不符", "eula": "  ", "spec.0.price": "价格明显偏低"}})
	if err != nil {
		t.Fatal(err)
	}
	rej := s.app(t, app.ID)
	if rej.Status != lifecycle.AppRejected || rej.Reason != "请补充说明。" || !rej.Editable() || rej.DecidedAt == nil ||
		!reflect.DeepEqual(rej.FieldReasons, map[string]string{"description": "描述与截图不符", "spec.0.price": "价格明显偏低"}) {
		t.Fatalf("rejected: %+v", rej)
	}
	c.Description = testfix.Description + "补充了使用场景与截图说明。"
	if _, err := s.cat.SaveDraft(bg, s.seller, app.ID, c); err != nil {
		t.Fatalf("a rejected record is editable: %v", err)
	}
	s.Clock.Set(at(20, 16, 0)) // Friday
	again, err := s.cat.Submit(bg, s.seller, app.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != lifecycle.AppPending || again.Reason != "" || len(again.FieldReasons) != 0 || again.DecidedAt != nil {
		t.Errorf("resubmitted: %+v", again)
	}
	sameTime(t, "resubmitted", again.SubmittedAt, at(20, 16, 0))
	sameTime(t, "due", again.DueAt, at(25, 16, 0))
	want := []string{"create/applicant", "submit/applicant", "reject/reviewer", "resubmit/applicant"}
	if got := s.events(t, catalog.ObjectApplication, app.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("timeline %v, want %v", got, want)
	}
}

// TestWithdraw: a pending record can be taken back, edited and resubmitted;
// anything else cannot be withdrawn.
func TestWithdraw(t *testing.T) {
	s := newShop(t)
	c := s.content(t, catalog.TypeManual)
	app, err := s.submit(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cat.Withdraw(bg, s.seller, app.ID); err != nil {
		t.Fatal(err)
	}
	w := s.app(t, app.ID)
	if w.Status != lifecycle.AppWithdrawn || !w.Editable() {
		t.Fatalf("withdrawn: %+v", w)
	}
	wantKind(t, s.cat.Withdraw(bg, s.seller, app.ID), apperr.Conflict, "")
	// A reviewer working from the old version loses.
	wantKind(t, s.decide(s.Reviewer(t), app, catalog.Decision{Approve: true}), apperr.Conflict, "")
	c.ServiceDays = "15"
	again, err := s.cat.Submit(bg, s.seller, app.ID, c)
	if err != nil || again.Status != lifecycle.AppPending || again.Content.ServiceDays != "15" {
		t.Fatalf("resubmit after withdrawal: %+v %v", again, err)
	}
	draft := s.startRelease(t, s.seller, catalog.TypeManual)
	wantKind(t, s.cat.Withdraw(bg, s.seller, draft), apperr.Conflict, "")
	want := []string{"create/applicant", "submit/applicant", "withdraw/applicant", "resubmit/applicant"}
	if got := s.events(t, catalog.ObjectApplication, app.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("timeline %v", got)
	}
}

// TestDelete: drafts, rejected and withdrawn records can be deleted; they leave
// the seller's lists but their evidence stays. Pending and approved ones cannot.
func TestDelete(t *testing.T) {
	s := newShop(t)
	draft := s.startRelease(t, s.seller, catalog.TypeData)
	pending, err := s.submit(t, s.content(t, catalog.TypeData))
	if err != nil {
		t.Fatal(err)
	}
	rejected, err := s.submit(t, s.content(t, catalog.TypeData))
	if err != nil {
		t.Fatal(err)
	}
	s.reject(t, rejected, "资料不全，请补充。")
	withdrawn, err := s.submit(t, s.content(t, catalog.TypeData))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cat.Withdraw(bg, s.seller, withdrawn.ID); err != nil {
		t.Fatal(err)
	}
	approved, err := s.submit(t, s.content(t, catalog.TypeData))
	if err != nil {
		t.Fatal(err)
	}
	s.ApproveApp(t, s.cat, approved)

	for _, id := range []uuid.UUID{draft, rejected.ID, withdrawn.ID} {
		if err := s.cat.Delete(bg, s.seller, id); err != nil {
			t.Fatalf("delete: %v", err)
		}
		_, err := s.cat.MyApplication(bg, s.seller.ID, id)
		wantKind(t, err, apperr.NotFound, "")
		wantKind(t, s.cat.Delete(bg, s.seller, id), apperr.NotFound, "")
		_, err = s.cat.SaveDraft(bg, s.seller, id, catalog.Content{})
		wantKind(t, err, apperr.NotFound, "")
		if ev := s.events(t, catalog.ObjectApplication, id); ev[len(ev)-1] != "delete/applicant" {
			t.Errorf("evidence after delete: %v", ev)
		}
	}
	wantKind(t, s.cat.Delete(bg, s.seller, pending.ID), apperr.Conflict, "")
	wantKind(t, s.cat.Delete(bg, s.seller, approved.ID), apperr.Conflict, "")
	list, err := s.cat.MyApplications(bg, s.seller.ID, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	var ids []uuid.UUID
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	if len(ids) != 2 || !slices.Contains(ids, pending.ID) || !slices.Contains(ids, approved.ID) {
		t.Errorf("after deleting three, the list holds %v", ids)
	}
	s.verifyEvidence(t)
}

// TestDraftsBox: the drafts box lists drafts only, newest save first; the
// applications list shows everything but deleted records, with the product name.
func TestDraftsBox(t *testing.T) {
	s := newShop(t)
	first := s.startRelease(t, s.seller, catalog.TypeSaaS)
	s.Clock.Advance(time.Minute)
	second := s.startRelease(t, s.seller, catalog.TypeLicense)
	s.Clock.Advance(time.Minute)
	pending, err := s.submit(t, s.content(t, catalog.TypeLicense))
	if err != nil {
		t.Fatal(err)
	}
	s.Clock.Advance(time.Minute)
	if _, err := s.cat.SaveDraft(bg, s.seller, first, catalog.Content{Name: "先存的草稿"}); err != nil {
		t.Fatal(err)
	}
	ids := func(drafts bool) []uuid.UUID {
		list, err := s.cat.MyApplications(bg, s.seller.ID, drafts, 1)
		if err != nil {
			t.Fatal(err)
		}
		var out []uuid.UUID
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	if got, want := ids(true), []uuid.UUID{first, second}; !reflect.DeepEqual(got, want) {
		t.Errorf("drafts box %v, want %v", got, want)
	}
	if got, want := ids(false), []uuid.UUID{first, pending.ID, second}; !reflect.DeepEqual(got, want) {
		t.Errorf("applications %v, want %v", got, want)
	}
	other := s.ReadySeller(t, s.Name("other"))
	if list, _ := s.cat.MyApplications(bg, other.ID, false, 1); len(list) != 0 {
		t.Errorf("another seller sees %d records", len(list))
	}
}
