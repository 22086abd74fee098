package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agora/internal/account"
)

func TestSignupKeepsInputAndExplainsErrors(t *testing.T) {
	h := newHarness(t)
	c := h.client()
	h.account("taken", "")
	p := c.post("/signup", url.Values{"name": {"Taken"}, "email": {"not-an-email"}, "password": {"short1"}, "confirm": {"other"}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", p.Status)
	}
	for field, want := range map[string]string{
		"name": "That account name is taken.", "email": "Enter a valid e-mail address.",
		"password": "Passwords need at least 8 characters", "confirm": "The passwords do not match.",
	} {
		if got := text(p, `.field-error[data-field="`+field+`"]`); !strings.Contains(got, want) {
			t.Errorf("%s: message %q, want %q", field, got, want)
		}
	}
	if v, _ := p.Doc.Find(`input[name="email"]`).Attr("value"); v != "not-an-email" {
		t.Errorf("typed e-mail lost: %q", v)
	}
	if _, has := p.Doc.Find(`input[name="password"]`).Attr("value"); has {
		t.Error("password echoed back into the page")
	}

	c.lang = "zh-CN"
	p = c.post("/signup", url.Values{"name": {"ab"}, "email": {"a@b.cn"}, "password": {"abcdefgh"}, "confirm": {"abcdefgh"}})
	if got := text(p, `.field-error[data-field="password"]`); got != "密码至少 8 位，须同时包含字母和数字。" {
		t.Errorf("zh password message %q", got)
	}

	p = c.post("/signup", url.Values{"name": {"alice"}, "email": {"alice@example.com"}, "password": {"secret123"}, "confirm": {"secret123"}})
	if p.Status != http.StatusSeeOther || p.Location != "/buyer" {
		t.Fatalf("signup: %d → %q", p.Status, p.Location)
	}
	id := text(c.get("/buyer"), "[data-account-id]")
	if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" {
		t.Errorf("account id %q is not 32 hex characters", id)
	}
}

func TestLoginThrottleMessage(t *testing.T) {
	h := newHarness(t)
	h.account("bob", "")
	c := h.client()
	for i := 0; i < 5; i++ {
		if p := c.post("/login", url.Values{"name": {"bob"}, "password": {"wrong"}}); p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: %d", i, p.Status)
		}
	}
	p := c.post("/login", url.Values{"name": {"bob"}, "password": {"Passw0rd!x"}})
	if p.Status != http.StatusTooManyRequests || !strings.Contains(text(p, ".alert"), "Try again in 15 minutes") {
		t.Fatalf("6th attempt: %d %q", p.Status, text(p, ".alert"))
	}
	h.Clock.Advance(15*60*1e9 + 1)
	c.login("bob", "Passw0rd!x")
}

func TestCrossOriginPostRefused(t *testing.T) {
	h := newHarness(t)
	h.account("carol", "")
	c := h.client()
	req, _ := http.NewRequest(http.MethodPost, h.URL+"/login", strings.NewReader("name=carol&password=Passw0rd!x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST answered %d", res.StatusCode)
	}
	for _, c := range res.Cookies() {
		if c.Name == "agora_session" && c.Value != "" {
			t.Fatal("cross-site login created a session")
		}
	}
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	h := newHarness(t)
	h.account("dave", "")
	c := h.client()
	p := c.get("/")
	csp := p.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	if p.Header.Get("X-Content-Type-Options") != "nosniff" || p.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("headers %v", p.Header)
	}
	if p.Doc.Find("script:not([src])").Length() != 0 || p.Doc.Find("[style]").Length() != 0 {
		t.Error("inline script or style in the page")
	}
	req, _ := http.NewRequest(http.MethodPost, h.URL+"/login", strings.NewReader("name=dave&password=Passw0rd!x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, ck := range res.Cookies() {
		if ck.Name == "agora_session" {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie %+v", ck)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie at login")
	}
}

func TestAreaGuards(t *testing.T) {
	h := newHarness(t)
	h.account("erin", "")
	h.account("rev", account.OpsReviewer)
	anon := h.client()
	for _, path := range []string{"/buyer", "/seller", "/ops"} {
		if p := anon.get(path); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login?next=") {
			t.Errorf("anonymous %s: %d %q", path, p.Status, p.Location)
		}
	}
	buyer := h.client()
	buyer.login("erin", "Passw0rd!x")
	if p := buyer.get("/ops/entries"); p.Status != http.StatusNotFound {
		t.Errorf("buyer on /ops: %d", p.Status)
	}
	rev := h.client()
	rev.login("rev", "Passw0rd!x")
	if p := rev.post("/ops/calendar", url.Values{"day": {"2026-12-01"}, "kind": {"holiday"}}); p.Status != http.StatusForbidden {
		t.Errorf("reviewer editing the calendar: %d", p.Status)
	}
	if p := rev.get("/ops/entries/not-a-uuid"); p.Status != http.StatusNotFound {
		t.Errorf("bad id: %d", p.Status)
	}
	if p := buyer.get("/no/such/page"); p.Status != http.StatusNotFound || !strings.Contains(text(p, "h1"), "Not found") {
		t.Errorf("unknown page: %d %q", p.Status, text(p, "h1"))
	}
}

func TestProbes(t *testing.T) {
	h := newHarness(t)
	c := h.client()
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200} {
		req, _ := http.NewRequest(http.MethodGet, h.URL+path, nil)
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
}
