package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"agora/internal/account"
	"agora/internal/platform/pgdb"
	"agora/internal/testdb"
	"agora/migrations"
)

// postMultipart sends the entry form with files, as a browser would.
func (c *client) postMultipart(path string, fields map[string]string, files map[string][2]string) page {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	for field, f := range files {
		part, _ := w.CreateFormFile(field, f[0])
		_, _ = io.WriteString(part, f[1])
	}
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.h.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", c.h.URL)
	return c.do(req)
}

func TestEntryUploadChecksContent(t *testing.T) {
	h := newHarness(t)
	h.account("uploader", "")
	c := h.client()
	c.login("uploader", "Passw0rd!x")
	fields := map[string]string{"company_name": "Upload Co"}
	// A text file named .png is not a logo; a real PNG named .pdf is a fine licence.
	p := c.postMultipart("/seller/entry", fields, map[string][2]string{
		"logo": {"logo.png", "this is not an image"}, "licence": {"licence.pdf", string(demoPNG())}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", p.Status)
	}
	if got := text(p, `.field-error[data-field="logo"]`); got != "The logo must be a PNG or JPEG image." {
		t.Errorf("logo message %q", got)
	}
	if got := text(p, `[data-kept="licence"]`); !strings.Contains(got, "licence.pdf") {
		t.Errorf("the valid licence was not kept: %q", got)
	}
	if v, _ := p.Doc.Find(`input[name="company_name"]`).Attr("value"); v != "Upload Co" {
		t.Errorf("typed company lost: %q", v)
	}
	big := "\x89PNG\r\n\x1a\n" + strings.Repeat("x", 5<<20)
	p = c.postMultipart("/seller/entry", fields, map[string][2]string{"logo": {"big.png", big}})
	if got := text(p, `.field-error[data-field="logo"]`); got != "The logo must not exceed 5 MB." {
		t.Errorf("oversized logo: %d %q", p.Status, got)
	}
}

func TestFilesServedOnlyToOwnerAndOps(t *testing.T) {
	h := newHarness(t)
	owner := h.account("owner", "")
	h.account("stranger", "")
	h.account("rev", account.OpsReviewer)
	app := submitEntry(t, h, owner, "Owner Co")
	path := "/files/" + app.LicenceFileID.String()

	for name, want := range map[string]int{"owner": 200, "rev": 200, "stranger": 404} {
		c := h.client()
		c.login(name, "Passw0rd!x")
		req, _ := http.NewRequest(http.MethodGet, h.URL+path, nil)
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s: %d, want %d", name, res.StatusCode, want)
			continue
		}
		if want == 200 {
			if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
				t.Errorf("%s: disposition %q", name, cd)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" || !bytes.Equal(body, demoPDF) {
				t.Errorf("%s: headers %v or body differs", name, res.Header)
			}
		}
	}
	// Someone else's signed agreement and an unknown application are not found either.
	c := h.client()
	c.login("stranger", "Passw0rd!x")
	if p := c.get("/seller/agreements/" + app.AgreementID.String()); p.Status != http.StatusNotFound {
		t.Errorf("unsigned agreement: %d", p.Status)
	}
	if p := c.get("/ops/entries/" + app.ID.String()); p.Status != http.StatusNotFound {
		t.Errorf("non-ops on an application: %d", p.Status)
	}
}

func TestStaleDecisionIsConflict(t *testing.T) {
	h := newHarness(t)
	h.account("rev", account.OpsReviewer)
	app := submitEntry(t, h, h.account("late", ""), "Late Co")
	c := h.client()
	c.login("rev", "Passw0rd!x")
	form := url.Values{"decision": {"approve"}, "version": {"1"}}
	if p := c.post("/ops/entries/"+app.ID.String()+"/decision", form); p.Status != http.StatusSeeOther {
		t.Fatalf("first decision: %d", p.Status)
	}
	p := c.post("/ops/entries/"+app.ID.String()+"/decision", url.Values{"decision": {"reject"}, "reason": {"Changed my mind entirely."}, "version": {"1"}})
	if p.Status != http.StatusConflict || !strings.Contains(text(p, ".error-card"), "already handled") {
		t.Fatalf("double decision: %d %q", p.Status, text(p, ".error-card"))
	}
}

func TestVerifyEventsCommand(t *testing.T) {
	h := newHarness(t)
	app := submitEntry(t, h, h.account("chain", ""), "Chain Co")
	env := func(k string) string {
		if k == "DATABASE_URL" {
			return h.cfg.DatabaseURL
		}
		return ""
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"verify-events"}, env, &out, io.Discard); err != nil {
		t.Fatalf("intact log: %v\n%s", err, out.String())
	}
	if _, err := h.svc.store.Pool.Exec(context.Background(), "UPDATE events SET reason = 'forged' WHERE object_id = $1", app.ID); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err := run(context.Background(), []string{"verify-events"}, env, &out, io.Discard)
	if ee, ok := err.(exitError); !ok || ee.code != 1 {
		t.Fatalf("tampered log: err %v", err)
	}
	if !strings.Contains(out.String(), "entry_application "+app.ID.String()) {
		t.Fatalf("report does not name the object:\n%s", out.String())
	}
}

func TestServeRefusesStaleSchema(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	if err := pgdb.CheckSchema(db.DSN, migrations.FS); err != nil {
		t.Fatalf("fresh database: %v", err)
	}
	if _, err := db.Pool.Exec(ctx, "UPDATE schema_migrations SET dirty = true"); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		switch k {
		case "DATABASE_URL":
			return db.DSN
		case "AGORA_ADDR":
			return "127.0.0.1:0"
		}
		return ""
	}
	err := run(ctx, []string{"serve"}, env, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "refusing to start") {
		t.Fatalf("dirty schema: %v", err)
	}
	if _, err := db.Pool.Exec(ctx, "UPDATE schema_migrations SET dirty = false, version = 0"); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"serve"}, env, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "expects") {
		t.Fatalf("old schema: %v", err)
	}
}

// A refused replacement file must not let the application go through with the
// file it was meant to replace.
func TestRefusedReplacementSubmitsNothing(t *testing.T) {
	h := newHarness(t)
	rev := h.account("rev", account.OpsReviewer)
	owner := h.account("redo", "")
	app := submitEntry(t, h, owner, "Redo Co")
	if err := h.svc.merchants.DecideEntry(context.Background(), rev, app.ID, merchantDecision(false, "Blurry licence scan, please redo.", 1)); err != nil {
		t.Fatal(err)
	}
	c := h.client()
	c.login("redo", "Passw0rd!x")
	form := c.get("/seller/entry")
	fields := map[string]string{"agree": "yes"}
	form.Doc.Find("form input[name], form textarea[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if v, ok := s.Attr("value"); ok {
			fields[name] = v
		} else if s.Is("textarea") {
			fields[name] = s.Text()
		}
	})
	fields["agree"] = "yes"
	if fields["licence_file_id"] == "" || fields["version"] != "2" {
		t.Fatalf("prefill missing kept files or version: %v", fields)
	}
	p := c.postMultipart("/seller/entry", fields, map[string][2]string{"licence": {"new.pdf", "plain text, not a pdf"}})
	if p.Status != http.StatusUnprocessableEntity || text(p, `.field-error[data-field="licence"]`) == "" {
		t.Fatalf("bad replacement: %d %q", p.Status, text(p, ".alert"))
	}
	got, err := h.svc.merchants.MyEntry(context.Background(), owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "rejected" {
		t.Fatalf("application went through with the old file: %s", got.Status)
	}
}

func TestMarkReadTwiceIsFine(t *testing.T) {
	h := newHarness(t)
	rev := h.account("rev", account.OpsReviewer)
	owner := h.account("reader", "")
	app := submitEntry(t, h, owner, "Reader Co")
	if err := h.svc.merchants.DecideEntry(context.Background(), rev, app.ID, merchantDecision(true, "", 1)); err != nil {
		t.Fatal(err)
	}
	c := h.client()
	c.login("reader", "Passw0rd!x")
	p := c.get("/buyer/messages")
	action, _ := p.Doc.Find(`[data-message] form`).Attr("action")
	for i := 0; i < 2; i++ { // a double click, or two tabs
		if p := c.post(action, nil); p.Status != http.StatusSeeOther {
			t.Fatalf("mark read #%d: %d", i+1, p.Status)
		}
	}
	if c.get("/buyer").Doc.Find("[data-unread]").Length() != 0 {
		t.Fatal("unread badge still shown")
	}
	stranger := h.client()
	h.account("nosy", "")
	stranger.login("nosy", "Passw0rd!x")
	if p := stranger.post(action, nil); p.Status != http.StatusNotFound {
		t.Fatalf("someone else's message: %d", p.Status)
	}
}
