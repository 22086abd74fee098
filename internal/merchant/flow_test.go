package merchant_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"agora/internal/evidence"
	"agora/internal/merchant"
	"agora/internal/testfix"
)

// TestWholePathToReady walks one seller from sign-up to ready, with every
// setback on the way, and checks where the seller stands at each step, the
// timelines both parties see, and that the evidence log verifies afterwards.
func TestWholePathToReady(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	reviewer, admin := env.Reviewer(t), env.Admin(t)

	var stages []string
	stage := func() {
		t.Helper()
		st, err := env.Merchants.Standing(ctx, seller.ID)
		if err != nil {
			t.Fatal(err)
		}
		stages = append(stages, string(st.Stage))
	}
	step := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(time.Hour)
		stage()
	}
	entryVersion := func() string { return testfix.Version(env.Entry(t, seller).Version) }
	certVersion := func() string { return testfix.Version(env.Cert(t, seller).Version) }
	resubmitCert := func() error {
		in := testfix.CertInput(seller)
		in.Version = certVersion()
		_, err := env.Merchants.SubmitCert(ctx, seller, in)
		return err
	}
	reasons := []string{"营业执照已过期，请上传最新版本。", "开户行名称有误。", "账户名称与执照不一致。", "税号无法核验。"}

	stage()
	app := env.SubmitEntry(t, seller)
	step(nil)
	step(env.Merchants.DecideEntry(ctx, reviewer, app.ID, merchant.Decision{Reason: reasons[0], Version: entryVersion()}))
	in := env.EntryInput(t, seller)
	in.Version = entryVersion()
	step(func() error { _, err := env.Merchants.SubmitEntry(ctx, seller, in); return err }())
	step(env.Merchants.DecideEntry(ctx, admin, app.ID, merchant.Decision{Approve: true, Version: entryVersion()}))

	cert, err := env.Merchants.SubmitCert(ctx, seller, testfix.CertInput(seller))
	step(err)
	for _, r := range reasons[1:] {
		step(env.Merchants.DecideCert(ctx, reviewer, cert.ID, merchant.Decision{Reason: r, Version: certVersion()}))
		if r != reasons[3] {
			step(resubmitCert())
		}
	}
	step(env.Merchants.UnlockCert(ctx, admin, cert.ID, merchant.Decision{Reason: "工单 T-42：已电话核实", Version: certVersion()}))
	step(resubmitCert())
	step(env.Merchants.DecideCert(ctx, reviewer, cert.ID, merchant.Decision{Approve: true, Version: certVersion()}))

	want := "not_applied entry_pending entry_rejected entry_pending cert_required cert_pending cert_rejected cert_pending " +
		"cert_rejected cert_pending cert_locked cert_rejected cert_pending ready"
	if got := strings.Join(stages, " "); got != want {
		t.Fatalf("stages:\n got %s\nwant %s", got, want)
	}

	r, err := evidence.Verify(ctx, env.Store.Queries)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Problems) != 0 || r.Chains != 2 || r.Events != 4+9 {
		t.Fatalf("evidence log after the whole flow: %+v", r)
	}

	who := map[string]string{seller.Name: "seller", reviewer.Name: "reviewer", admin.Name: "admin"}
	timeline := func(objectType string, id uuid.UUID) []string {
		t.Helper()
		items, err := env.Merchants.Timeline(ctx, objectType, id)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(items))
		for i, it := range items {
			if it.Seq != int32(i+1) || (i > 0 && !it.At.After(items[i-1].At)) || it.Hash == "" {
				t.Errorf("%s item %d out of order: %+v", objectType, i, it)
			}
			out[i] = fmt.Sprintf("%s/%s %s %s>%s %s", who[it.ActorName], it.ActorRole, it.Event, it.From, it.To, it.Reason)
		}
		return out
	}
	wantEntry := []string{
		"seller/applicant submit >pending ",
		"reviewer/reviewer reject pending>rejected " + reasons[0],
		"seller/applicant resubmit rejected>pending ",
		"admin/admin approve pending>approved ",
	}
	wantCert := []string{
		"seller/applicant submit >submitted ",
		"reviewer/reviewer reject submitted>rejected " + reasons[1],
		"seller/applicant resubmit rejected>submitted ",
		"reviewer/reviewer reject submitted>rejected " + reasons[2],
		"seller/applicant resubmit rejected>submitted ",
		"reviewer/reviewer reject_final submitted>locked " + reasons[3],
		"admin/admin unlock locked>rejected 工单 T-42：已电话核实",
		"seller/applicant resubmit rejected>submitted ",
		"reviewer/reviewer approve submitted>certified ",
	}
	for _, c := range []struct {
		typ       string
		id        uuid.UUID
		want, got []string
	}{
		{merchant.ObjectEntry, app.ID, wantEntry, timeline(merchant.ObjectEntry, app.ID)},
		{merchant.ObjectCert, cert.ID, wantCert, timeline(merchant.ObjectCert, cert.ID)},
	} {
		if strings.Join(c.got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s timeline:\n got %q\nwant %q", c.typ, c.got, c.want)
		}
	}
	// The first event is stamped with the submission time, in the log as on the application.
	items, _ := env.Merchants.Timeline(ctx, merchant.ObjectEntry, app.ID)
	if !items[0].At.Equal(testfix.Start) {
		t.Errorf("submit event at %v, want %v", items[0].At, testfix.Start)
	}
}
