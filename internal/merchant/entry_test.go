package merchant_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
	"agora/internal/workday"
)

var ctx = context.Background()

func TestSubmitEntryCreatesPendingApplicationWithSLA(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	app := env.SubmitEntry(t, seller)

	if app.Status != lifecycle.EntryPending || app.Version != 1 || app.CompanyName != testfix.Company(seller) {
		t.Fatalf("submitted application: %+v", app)
	}
	if !strings.HasPrefix(app.Number, "RZ2611191000") || len(app.Number) != len("RZ2611191000ABCDE") {
		t.Errorf("application number %q should be RZ + Shanghai minute + 5 letters", app.Number)
	}
	if app.RegisteredCapital != 1_000_000_00 || app.Headcount != 40 || app.YearsInBusiness != 3 {
		t.Errorf("numbers stored wrongly: capital %d, headcount %d, years %d", app.RegisteredCapital, app.Headcount, app.YearsInBusiness)
	}
	// Thursday 10:00 + 3 working days (Fri, Mon, Tue) = Tuesday 10:00.
	want := time.Date(2026, 11, 24, 10, 0, 0, 0, testfix.Shanghai)
	if !app.SubmittedAt.Equal(testfix.Start) || !app.DueAt.Equal(want) {
		t.Errorf("submitted %v due %v, want %v due %v", app.SubmittedAt, app.DueAt, testfix.Start, want)
	}
	signed, err := env.Agreements.ListSigned(ctx, seller.ID)
	if err != nil || len(signed) != 1 || signed[0].ID != env.Agreement.ID || !signed[0].SignedAt.Equal(testfix.Start) {
		t.Errorf("the agreement signature should be recorded at submission: %+v %v", signed, err)
	}
	st, err := env.Merchants.Standing(ctx, seller.ID)
	if err != nil || st.Stage != merchant.StageEntryPending || st.Ready() {
		t.Errorf("standing after submit: %+v %v", st, err)
	}
	q, err := env.Merchants.EntryQueue(ctx, lifecycle.EntryPending, 1)
	if err != nil || len(q) != 1 || q[0].ID != app.ID || q[0].AccountName != "acme" {
		t.Errorf("pending queue should list the application: %+v %v", q, err)
	}
	// A second submit while pending must not create or change anything.
	_, err = env.Merchants.SubmitEntry(ctx, seller, env.EntryInput(t, seller))
	testfix.WantKind(t, err, apperr.Conflict, "")
	if again := env.Entry(t, seller); again.Version != 1 || again.ID != app.ID {
		t.Errorf("double submit changed the application: %+v", again)
	}
}

func TestSubmitEntryValidation(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	other := env.Seller(t, "rival")
	foreignLogo := env.Upload(t, other, "entry_logo", "logo.png", testfix.PNG(t))
	cases := []struct {
		name  string
		edit  func(*merchant.EntryInput)
		field string
		key   string
	}{
		{"company too short", func(in *merchant.EntryInput) { in.CompanyName = " 阿 " }, "company_name", "entry.company_name_rule"},
		{"website not http", func(in *merchant.EntryInput) { in.Website = "ftp://example.com" }, "website", "entry.website_rule"},
		{"website without domain", func(in *merchant.EntryInput) { in.Website = "https://localhost" }, "website", "entry.website_rule"},
		{"zero years", func(in *merchant.EntryInput) { in.YearsInBusiness = "0" }, "years_in_business", "entry.years_min"},
		{"years not a number", func(in *merchant.EntryInput) { in.YearsInBusiness = "three" }, "years_in_business", "entry.number_rule"},
		{"headcount 14", func(in *merchant.EntryInput) { in.Headcount = "14" }, "headcount", "entry.headcount_min"},
		{"capital just under 500,000", func(in *merchant.EntryInput) { in.RegisteredCapital = "499,999.99" }, "registered_capital", "entry.capital_min"},
		{"capital not an amount", func(in *merchant.EntryInput) { in.RegisteredCapital = "五十万" }, "registered_capital", "entry.capital_rule"},
		{"contact name too short", func(in *merchant.EntryInput) { in.ContactName = "张" }, "contact_name", "entry.contact_name_rule"},
		{"contact phone letters", func(in *merchant.EntryInput) { in.ContactPhone = "call me" }, "contact_phone", "entry.phone_rule"},
		{"contact email", func(in *merchant.EntryInput) { in.ContactEmail = "bd@" }, "contact_email", "account.email_invalid"},
		{"cs phone", func(in *merchant.EntryInput) { in.CSPhone = "12" }, "cs_phone", "entry.phone_rule"},
		{"cs email", func(in *merchant.EntryInput) { in.CSEmail = "Support <cs@example.com>" }, "cs_email", "account.email_invalid"},
		{"profile too short", func(in *merchant.EntryInput) { in.Profile = "太短" }, "profile", "entry.profile_rule"},
		{"profile with https link", func(in *merchant.EntryInput) {
			in.Profile = "详情请访问 https://shop.example.net 了解我们的全部服务内容。"
		}, "profile", "entry.profile_links"},
		{"profile with bare domain", func(in *merchant.EntryInput) {
			in.Profile = "We are a cloud consultancy; find us at acme-cloud.cn for more."
		}, "profile", "entry.profile_links"},
		{"no logo", func(in *merchant.EntryInput) { in.LogoFileID = "" }, "logo", "entry.logo_required"},
		{"unknown logo id", func(in *merchant.EntryInput) { in.LogoFileID = uuid.NewString() }, "logo", "entry.logo_required"},
		{"another account's logo", func(in *merchant.EntryInput) { in.LogoFileID = foreignLogo.ID.String() }, "logo", "entry.logo_required"},
		{"licence given as logo", func(in *merchant.EntryInput) { in.LogoFileID = in.LicenceFileID }, "logo", "entry.logo_required"},
		{"no licence", func(in *merchant.EntryInput) { in.LicenceFileID = "not-a-uuid" }, "licence", "entry.licence_required"},
		{"agreement not ticked", func(in *merchant.EntryInput) { in.Agreed = false }, "agreement", "entry.agreement_required"},
		{"unknown agreement id", func(in *merchant.EntryInput) { in.AgreementID = uuid.NewString() }, "agreement", "entry.agreement_changed"},
	}
	base := env.EntryInput(t, seller)
	for _, c := range cases {
		in := base
		c.edit(&in)
		_, err := env.Merchants.SubmitEntry(ctx, seller, in)
		if apperr.FieldsOf(err)[c.field] != c.key || len(apperr.FieldsOf(err)) != 1 {
			t.Errorf("%s: want only %s=%s, got %v", c.name, c.field, c.key, err)
		}
	}
	if _, err := env.Merchants.MyEntry(ctx, seller.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("refused forms must not create an application, got %v", err)
	}
	if signed, _ := env.Agreements.ListSigned(ctx, seller.ID); len(signed) != 0 {
		t.Errorf("a refused form must not record a signature: %+v", signed)
	}
	// The boundaries themselves are accepted.
	in := base
	in.YearsInBusiness, in.Headcount, in.RegisteredCapital = "1", "15", "¥500,000"
	app, err := env.Merchants.SubmitEntry(ctx, seller, in)
	if err != nil || app.RegisteredCapital != merchant.MinRegisteredCapital {
		t.Fatalf("minimum qualifications should be accepted: %+v %v", app, err)
	}
}

func TestSubmitEntryRefusesStaleAgreementAndOps(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	in := env.EntryInput(t, seller) // the applicant reads version 2026.1 ...
	v2 := env.PublishAgreement(t, "2026.2", testfix.Start.Add(-time.Hour))
	_, err := env.Merchants.SubmitEntry(ctx, seller, in) // ... while 2026.2 is published
	testfix.WantFields(t, err, map[string]string{"agreement": "entry.agreement_changed"})

	in.AgreementID = v2.ID.String()
	app, err := env.Merchants.SubmitEntry(ctx, seller, in)
	if err != nil || app.AgreementID != v2.ID {
		t.Fatalf("submit against the new version: %+v %v", app, err)
	}
	if _, err := env.Agreements.GetSigned(ctx, seller.ID, v2.ID); err != nil {
		t.Errorf("the new version should be signed: %v", err)
	}

	reviewer := env.Reviewer(t)
	_, err = env.Merchants.SubmitEntry(ctx, reviewer, env.EntryInput(t, reviewer))
	testfix.WantKind(t, err, apperr.Forbidden, "entry.ops_cannot_apply")
}

func TestEntryDueDateFollowsOpsCalendar(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	admin := env.Admin(t)
	// Monday 23 November becomes a holiday: Thursday 10:00 + Fri, Tue, Wed.
	if err := env.Calendar.Set(ctx, admin.ID, workday.SetInput{Day: "2026-11-23", Kind: "holiday", Note: "test holiday"}); err != nil {
		t.Fatal(err)
	}
	app := env.SubmitEntry(t, env.Seller(t, "acme"))
	if want := time.Date(2026, 11, 25, 10, 0, 0, 0, testfix.Shanghai); !app.DueAt.Equal(want) {
		t.Fatalf("due %v, want %v", app.DueAt.In(testfix.Shanghai), want)
	}
	// Submitted on Saturday: the clock starts Monday (a holiday) → Tuesday, and runs to the end of Thursday.
	env.Clock.Set(time.Date(2026, 11, 21, 15, 0, 0, 0, testfix.Shanghai))
	late := env.SubmitEntry(t, env.Seller(t, "beta"))
	if want := time.Date(2026, 11, 27, 0, 0, 0, 0, testfix.Shanghai); !late.DueAt.Equal(want) {
		t.Fatalf("weekend submission due %v, want %v", late.DueAt.In(testfix.Shanghai), want)
	}
	env.Clock.Set(time.Date(2026, 11, 25, 10, 0, 1, 0, testfix.Shanghai))
	if n, err := env.Merchants.EntryOverdue(ctx); err != nil || n != 1 {
		t.Errorf("one application should be overdue after its deadline, got %d %v", n, err)
	}
}

func TestRejectAndResubmitEntry(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	reviewer := env.Reviewer(t)
	app := env.SubmitEntry(t, seller)

	for _, reason := range []string{"", "太短了吗", "    no    ", strings.Repeat("长", 1001)} {
		err := env.Merchants.DecideEntry(ctx, reviewer, app.ID, merchant.Decision{Reason: reason, Version: "1"})
		testfix.WantFields(t, err, map[string]string{"reason": "review.reason_rule"})
	}
	err := env.Merchants.DecideEntry(ctx, env.Seller(t, "nobody"), app.ID, merchant.Decision{Approve: true, Version: "1"})
	testfix.WantKind(t, err, apperr.Forbidden, "")
	if got := env.Entry(t, seller); got.Status != lifecycle.EntryPending || got.Version != 1 {
		t.Fatalf("refused decisions changed the application: %+v", got)
	}

	env.Clock.Advance(2 * time.Hour)
	reason := "营业执照照片模糊，请重新上传清晰的扫描件。"
	if err := env.Merchants.DecideEntry(ctx, reviewer, app.ID, merchant.Decision{Reason: "  " + reason + " ", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	rejected := env.Entry(t, seller)
	if rejected.Status != lifecycle.EntryRejected || rejected.RejectReason != reason || rejected.Version != 2 ||
		rejected.DecidedAt == nil || !rejected.DecidedAt.Equal(env.Clock.Now()) {
		t.Fatalf("rejected application: %+v", rejected)
	}
	msgs, err := env.Inbox.List(ctx, seller.ID, 1)
	if err != nil || len(msgs) != 1 || msgs[0].Topic != "entry_rejected" || msgs[0].Params["reason"] != reason || msgs[0].Params["number"] != app.Number {
		t.Fatalf("the seller should get one rejection message with the reason: %+v %v", msgs, err)
	}
	if st, _ := env.Merchants.Standing(ctx, seller.ID); st.Stage != merchant.StageEntryRejected {
		t.Errorf("standing after reject: %s", st.Stage)
	}
	// Deciding again (a second reviewer on the same old page) is already handled.
	err = env.Merchants.DecideEntry(ctx, env.Reviewer(t), app.ID, merchant.Decision{Approve: true, Version: "1"})
	testfix.WantKind(t, err, apperr.Conflict, "error.already_handled")

	in := env.EntryInput(t, seller)
	in.Version = "1" // edited from a stale page
	_, err = env.Merchants.SubmitEntry(ctx, seller, in)
	testfix.WantKind(t, err, apperr.Conflict, "error.already_handled")

	env.Clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, testfix.Shanghai)) // Monday
	in.Version, in.Headcount = "2", "60"
	again, err := env.Merchants.SubmitEntry(ctx, seller, in)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != app.ID || again.Number != app.Number || again.Status != lifecycle.EntryPending || again.Version != 3 ||
		again.Headcount != 60 || again.RejectReason != "" || again.DecidedAt != nil {
		t.Fatalf("resubmitted application: %+v", again)
	}
	if want := time.Date(2026, 11, 26, 9, 0, 0, 0, testfix.Shanghai); !again.DueAt.Equal(want) || !again.SubmittedAt.Equal(env.Clock.Now()) {
		t.Errorf("resubmission restarts the SLA: due %v, want %v", again.DueAt, want)
	}
	// A reviewer still looking at the first version must not approve the new one unseen.
	err = env.Merchants.DecideEntry(ctx, reviewer, app.ID, merchant.Decision{Approve: true, Version: "2"})
	testfix.WantKind(t, err, apperr.Conflict, "error.already_handled")
	if err := env.Merchants.DecideEntry(ctx, reviewer, app.ID, merchant.Decision{Approve: true, Version: "3"}); err != nil {
		t.Fatal(err)
	}
	if got := env.Topics(t, seller); strings.Join(got, ",") != "entry_rejected,entry_approved" {
		t.Errorf("inbox topics %v, want one message per decision", got)
	}
	if st, _ := env.Merchants.Standing(ctx, seller.ID); st.Stage != merchant.StageCertRequired {
		t.Errorf("standing after approval: %s", st.Stage)
	}
	in.Version = "4"
	_, err = env.Merchants.SubmitEntry(ctx, seller, in)
	testfix.WantKind(t, err, apperr.Conflict, "")
	if got := env.Entry(t, seller); got.Status != lifecycle.EntryApproved {
		t.Errorf("an approved application cannot be resubmitted, status %s", got.Status)
	}
}

func TestReviewerAndAdminMayDecide(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	for _, role := range []account.OpsRole{account.OpsReviewer, account.OpsAdmin} {
		seller := env.Seller(t, env.Name("seller"))
		app := env.SubmitEntry(t, seller)
		if err := env.Merchants.DecideEntry(ctx, env.Staff(t, role), app.ID, merchant.Decision{Approve: true, Version: "1"}); err != nil {
			t.Errorf("%s should be able to approve: %v", role, err)
		}
	}
}
