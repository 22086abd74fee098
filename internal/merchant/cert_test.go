package merchant_test

import (
	"strings"
	"testing"
	"time"

	"agora/internal/lifecycle"
	"agora/internal/merchant"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

func TestOnlyApprovedSellersMayCertify(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	try := func(stage string) {
		t.Helper()
		_, err := env.Merchants.SubmitCert(ctx, seller, testfix.CertInput(seller))
		testfix.WantKind(t, err, apperr.Forbidden, "cert.entry_first")
		if _, err := env.Merchants.MyCert(ctx, seller.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("%s: a refused certification must not be stored: %v", stage, err)
		}
	}
	try("not applied")
	app := env.SubmitEntry(t, seller)
	try("pending")
	if err := env.Merchants.DecideEntry(ctx, env.Reviewer(t), app.ID, merchant.Decision{Reason: "资料不全，请补充。", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	try("rejected")
}

func TestCertValidation(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.ApprovedSeller(t, "acme")
	cases := []struct {
		name  string
		edit  func(*merchant.CertInput)
		field string
		key   string
	}{
		{"holder is another company", func(in *merchant.CertInput) { in.AccountHolder = "别家科技有限公司" }, "account_holder", "cert.holder_must_match"},
		{"holder is the contact person", func(in *merchant.CertInput) { in.AccountHolder = "张三" }, "account_holder", "cert.holder_must_match"},
		{"general taxpayer at 3%", func(in *merchant.CertInput) { in.TaxRate = "3" }, "tax_rate", "cert.tax_rate_rule"},
		{"small-scale taxpayer at 6%", func(in *merchant.CertInput) { in.TaxpayerType = "small_scale" }, "tax_rate", "cert.tax_rate_rule"},
		{"unknown taxpayer type", func(in *merchant.CertInput) { in.TaxpayerType = "individual" }, "taxpayer_type", "cert.taxpayer_type_rule"},
		{"bank account with letters", func(in *merchant.CertInput) { in.BankAccount = "6222-ABCD-1234" }, "bank_account", "cert.bank_account_rule"},
		{"tax id too short", func(in *merchant.CertInput) { in.TaxID = "91330100MA2H1234" }, "tax_id", "cert.tax_id_rule"},
		{"bank name missing", func(in *merchant.CertInput) { in.BankName = " " }, "bank_name", "cert.bank_name_rule"},
		{"branch missing", func(in *merchant.CertInput) { in.BankBranch = "" }, "bank_branch", "cert.bank_branch_rule"},
	}
	for _, c := range cases {
		in := testfix.CertInput(seller)
		c.edit(&in)
		_, err := env.Merchants.SubmitCert(ctx, seller, in)
		if f := apperr.FieldsOf(err); f[c.field] != c.key || len(f) != 1 {
			t.Errorf("%s: want only %s=%s, got %v", c.name, c.field, c.key, err)
		}
	}
	// Every rate a taxpayer type allows is accepted; input is tidied as the seller would expect.
	in := testfix.CertInput(seller)
	in.TaxpayerType, in.TaxRate, in.TaxID, in.AccountHolder = "small_scale", "1", " 91330100ma2h123456 ", " "+testfix.Company(seller)+" "
	c, err := env.Merchants.SubmitCert(ctx, seller, in)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != lifecycle.CertSubmitted || c.BankAccount != "6222021234567890" || c.TaxID != "91330100MA2H123456" || c.Failures != 0 {
		t.Fatalf("stored certification: %+v", c)
	}
	if want := time.Date(2026, 11, 24, 10, 0, 0, 0, testfix.Shanghai); !c.DueAt.Equal(want) {
		t.Errorf("certification due %v, want %v (3 working days)", c.DueAt, want)
	}
}

func TestCertLocksOnThirdRejectionUntilAdminUnlocks(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.ApprovedSeller(t, "acme")
	reviewer, admin := env.Reviewer(t), env.Admin(t)
	c, err := env.Merchants.SubmitCert(ctx, seller, testfix.CertInput(seller))
	if err != nil {
		t.Fatal(err)
	}
	reject := func(reason string) merchant.Certification {
		t.Helper()
		cur := env.Cert(t, seller)
		if err := env.Merchants.DecideCert(ctx, reviewer, c.ID, merchant.Decision{Reason: reason, Version: testfix.Version(cur.Version)}); err != nil {
			t.Fatal(err)
		}
		return env.Cert(t, seller)
	}
	resubmit := func() {
		t.Helper()
		in := testfix.CertInput(seller)
		in.Version = testfix.Version(env.Cert(t, seller).Version)
		if _, err := env.Merchants.SubmitCert(ctx, seller, in); err != nil {
			t.Fatalf("resubmit: %v", err)
		}
	}
	for i, want := range []int32{1, 2} {
		got := reject("银行账号与开户许可证不符。")
		if got.Status != lifecycle.CertRejected || got.Failures != want || got.AttemptsLeft() != 3-int(want) {
			t.Fatalf("rejection %d: %+v", i+1, got)
		}
		if st, _ := env.Merchants.Standing(ctx, seller.ID); st.Stage != merchant.StageCertRejected {
			t.Fatalf("rejection %d: stage %s", i+1, st.Stage)
		}
		resubmit()
		if got := env.Cert(t, seller); got.Status != lifecycle.CertSubmitted || got.Failures != want {
			t.Fatalf("resubmission must keep the failure count: %+v", got)
		}
	}
	locked := reject("第三次驳回：税号无效。")
	if locked.Status != lifecycle.CertLocked || locked.Failures != 3 || locked.AttemptsLeft() != 0 {
		t.Fatalf("third rejection should lock: %+v", locked)
	}
	if n := countEvents(t, env, merchant.ObjectCert, c.ID, "reject_final"); n != 1 {
		t.Errorf("%d reject_final events, want 1", n)
	}
	msgs, _ := env.Inbox.List(ctx, seller.ID, 1)
	if len(msgs) == 0 || msgs[0].Topic != "cert_locked" || msgs[0].Params["left"] != "0" || msgs[0].Params["reason"] != "第三次驳回：税号无效。" {
		t.Fatalf("the seller should be told it is locked: %+v", msgs)
	}
	if st, _ := env.Merchants.Standing(ctx, seller.ID); st.Stage != merchant.StageCertLocked {
		t.Errorf("stage %s, want locked", st.Stage)
	}

	// Locked: the seller cannot resubmit, a reviewer can neither decide nor unlock.
	in := testfix.CertInput(seller)
	in.Version = testfix.Version(locked.Version)
	_, err = env.Merchants.SubmitCert(ctx, seller, in)
	testfix.WantKind(t, err, apperr.Conflict, "")
	v := testfix.Version(locked.Version)
	testfix.WantKind(t, env.Merchants.DecideCert(ctx, reviewer, c.ID, merchant.Decision{Approve: true, Version: v}), apperr.Conflict, "")
	testfix.WantKind(t, env.Merchants.UnlockCert(ctx, reviewer, c.ID, merchant.Decision{Reason: "工单 #123 申请解锁", Version: v}), apperr.Forbidden, "")
	testfix.WantKind(t, env.Merchants.UnlockCert(ctx, seller, c.ID, merchant.Decision{Reason: "工单 #123 申请解锁", Version: v}), apperr.Forbidden, "")
	testfix.WantFields(t, env.Merchants.UnlockCert(ctx, admin, c.ID, merchant.Decision{Reason: "ok", Version: v}),
		map[string]string{"reason": "review.reason_rule"})
	if got := env.Cert(t, seller); got.Status != lifecycle.CertLocked || got.Version != locked.Version {
		t.Fatalf("refused actions changed the certification: %+v", got)
	}

	if err := env.Merchants.UnlockCert(ctx, admin, c.ID, merchant.Decision{Reason: "工单 #123 核实后解锁", Version: v}); err != nil {
		t.Fatal(err)
	}
	unlocked := env.Cert(t, seller)
	if unlocked.Status != lifecycle.CertRejected || unlocked.Failures != 0 || unlocked.AttemptsLeft() != 3 ||
		unlocked.RejectReason != "第三次驳回：税号无效。" {
		t.Fatalf("unlock should return the form with a fresh count and the last reason: %+v", unlocked)
	}
	if got := env.Topics(t, seller); got[len(got)-1] != "cert_unlocked" {
		t.Errorf("the seller should be told of the unlock, inbox %v", got)
	}
	// The same admin action twice is already handled.
	testfix.WantKind(t, env.Merchants.UnlockCert(ctx, admin, c.ID, merchant.Decision{Reason: "工单 #123 核实后解锁", Version: v}), apperr.Conflict, "")

	resubmit()
	if err := env.Merchants.DecideCert(ctx, reviewer, c.ID, merchant.Decision{Approve: true, Version: testfix.Version(env.Cert(t, seller).Version)}); err != nil {
		t.Fatal(err)
	}
	if got := env.Cert(t, seller); got.Status != lifecycle.CertCertified || got.Failures != 0 {
		t.Fatalf("certified: %+v", got)
	}
	want := "entry_approved,cert_rejected,cert_rejected,cert_locked,cert_unlocked,cert_certified"
	if got := strings.Join(env.Topics(t, seller), ","); got != want {
		t.Errorf("inbox %s, want %s", got, want)
	}
	if st, _ := env.Merchants.Standing(ctx, seller.ID); !st.Ready() {
		t.Errorf("a certified seller should be ready, stage %s", st.Stage)
	}
}

func TestReviewQueuesMostUrgentFirst(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	reviewer := env.Reviewer(t)
	late := env.ApprovedSeller(t, "late")
	env.Clock.Set(testfix.Start.Add(-24 * time.Hour)) // submitted a day earlier: due earlier
	early := env.ApprovedSeller(t, "early")
	if _, err := env.Merchants.SubmitCert(ctx, early, testfix.CertInput(early)); err != nil {
		t.Fatal(err)
	}
	c, err := env.Merchants.SubmitCert(ctx, late, testfix.CertInput(late))
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Merchants.DecideCert(ctx, reviewer, c.ID, merchant.Decision{Reason: "开户行信息有误。", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	q, err := env.Merchants.CertQueue(ctx, lifecycle.CertRejected, 1)
	if err != nil || len(q) != 1 || q[0].AccountName != "late" || q[0].Company != testfix.Company(late) || q[0].Failures != 1 {
		t.Fatalf("rejected queue should show the company and its failures: %+v %v", q, err)
	}
	env.Clock.Set(testfix.Start)
	env.SubmitEntry(t, env.Seller(t, "second"))
	env.Clock.Set(testfix.Start.Add(-48 * time.Hour))
	env.SubmitEntry(t, env.Seller(t, "first"))
	eq, err := env.Merchants.EntryQueue(ctx, lifecycle.EntryPending, 1)
	if err != nil || len(eq) != 2 || eq[0].AccountName != "first" || eq[1].AccountName != "second" {
		t.Fatalf("entry queue should list the earliest deadline first: %+v %v", eq, err)
	}
	counts, err := env.Merchants.EntryCounts(ctx)
	if err != nil || counts["pending"] != 2 || counts["approved"] != 2 {
		t.Errorf("entry counts %v %v", counts, err)
	}
}
