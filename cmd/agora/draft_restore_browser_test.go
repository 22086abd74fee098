package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"agora/internal/catalog"
)

// loseSession deletes the browser's session cookie, as an expired or
// revoked session looks to the page: the next request is unauthenticated.
func (b *browser) loseSession() {
	b.t.Helper()
	b.run(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.DeleteCookies, network.DeleteCookiesParams{Name: "agora_session", URL: b.h.URL})
		return err
	}))
}

// waitUnsaved waits until an auto-save was refused and answers the status line.
func (b *browser) waitUnsaved() string {
	b.t.Helper()
	return get(b, chromedp.Poll[string](`(() => {
		const s = document.querySelector("#autosave-status.autosave-failed");
		return s ? s.textContent.trim() : false })()`, chromedp.WithPollingTimeout(15*time.Second)))
}

// draftCopy is the browser's copy of the application's form, "" if none.
func (b *browser) draftCopy(appID string) string {
	b.t.Helper()
	return get(b, chromedp.Evaluate[string](`localStorage.getItem("agora:draft:`+appID+`") || ""`))
}

// reloginAfterReload reloads the form with no session: the login page comes
// instead, and logging in leads back to the form.
func (b *browser) reloginAfterReload(name, edit string) {
	b.t.Helper()
	b.run(chromedp.Reload())
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		b.t.Fatalf("reloading without a session went to %s", p)
	}
	b.fill("#f-name", name)
	b.fill("#f-password", "Passw0rd!x")
	b.submit("form button[type=submit]")
	if p := b.path(); p != edit {
		b.t.Fatalf("logging in again led to %s, want %s", p, edit)
	}
}

// waitRestored waits for the notice over a restored form and answers its text.
func (b *browser) waitRestored() string {
	b.t.Helper()
	return get(b, chromedp.Poll[string](`(() => {
		const n = document.querySelector("form[data-draft] > [data-draft-restored]");
		return n ? n.textContent.replace(/\s+/g, " ").trim() : false })()`, chromedp.WithPollingTimeout(15*time.Second)))
}

// waitRestoreSaved waits until the auto-save that a restore starts has
// stored the form and the browser dropped its copy.
func (b *browser) waitRestoreSaved(appID string) {
	b.t.Helper()
	_ = get(b, chromedp.Poll[bool](`!!document.querySelector("#autosave-status.autosave-fresh:not(.autosave-failed)") &&
		localStorage.getItem("agora:draft:`+appID+`") === null`, chromedp.WithPollingTimeout(15*time.Second)))
}

// loaded waits until the page's scripts have run (a restore would be on screen).
func (b *browser) loaded() {
	b.t.Helper()
	_ = get(b, chromedp.Poll[bool](`document.readyState === "complete"`))
}

// TestDraftRestoreBrowser: the seller's session ends while typing in the
// release form. The auto-save is refused and says so; the seller reloads, logs
// in again and is back on the form with the text typed after the session ended
// restored, a notice on top, and that text auto-saved. A second time the seller
// discards the restored text and gets the server's version back.
func TestDraftRestoreBrowser(t *testing.T) {
	h := newHarness(t)
	s := readySeller(t, h, "quill", "Quill Notes Co")
	const summary = "Shared notes for small teams"
	const described = "Write, link and find notes together, with history."
	saved := func(id uuid.UUID) catalog.Content {
		t.Helper()
		app, err := h.svc.catalog.MyApplication(context.Background(), s.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		return app.Content
	}

	seller := h.browser(t, "en")
	seller.login("quill", "Passw0rd!x")
	seller.open("/seller/products/new")
	seller.run(chromedp.Click(chromedp.CSS(`[data-type="saas"]`)))
	seller.submit("[data-start-release]")
	edit := seller.path()
	appID := strings.TrimSuffix(strings.TrimPrefix(edit, "/seller/applications/"), "/edit")
	id, err := uuid.Parse(appID)
	if err != nil {
		t.Fatalf("start release went to %s", edit)
	}

	// Saved: the browser keeps no copy.
	seller.watchAutosave()
	seller.typeInto("#f-summary", summary)
	seller.waitAutosaved()
	if c := seller.draftCopy(appID); c != "" {
		t.Fatalf("after a successful auto-save the browser still keeps %s", c)
	}

	// The session ends; what is typed now is refused by the server but kept.
	seller.loseSession()
	seller.typeInto("#f-description", described)
	if got := seller.waitUnsaved(); !strings.HasPrefix(got, "Not saved — your session may have ended") {
		t.Fatalf("refused auto-save says %q", got)
	}
	if c := seller.draftCopy(appID); !strings.Contains(c, described) {
		t.Fatalf("the browser's copy after the refused save: %q", c)
	}
	if got := saved(id).Description; got != "" {
		t.Fatalf("the server has the description %q without a session", got)
	}

	// Reload: log in again, back on the form with the text restored and auto-saved.
	seller.reloginAfterReload("quill", edit)
	if got := seller.waitRestored(); got != "Restored what you typed but had not saved yet — save it now. Discard" {
		t.Fatalf("notice %q", got)
	}
	if d, sm := seller.value("#f-description"), seller.value("#f-summary"); d != described || sm != summary {
		t.Fatalf("restored form: description %q, summary %q", d, sm)
	}
	seller.waitRestoreSaved(appID)
	if got := saved(id); got.Description != described || got.Summary != summary {
		t.Fatalf("after the restore the server has description %q, summary %q", got.Description, got.Summary)
	}
	seller.open(edit)
	seller.loaded()
	if n := countNodes(seller, "[data-draft-restored]"); n != 0 || seller.value("#f-description") != described {
		t.Fatalf("fresh load after saving: %d notices, description %q", n, seller.value("#f-description"))
	}

	// Again, and this time the seller discards what was restored.
	seller.loseSession()
	seller.typeInto("#f-summary", " and their clients")
	seller.waitUnsaved()
	seller.reloginAfterReload("quill", edit)
	seller.waitRestored()
	if got := seller.value("#f-summary"); got != summary+" and their clients" {
		t.Fatalf("restored summary %q", got)
	}
	seller.waitRestoreSaved(appID)
	seller.submit("[data-draft-discard]")
	if got := seller.flash(); got != "Draft saved." || seller.path() != edit {
		t.Fatalf("discard: %q at %s", got, seller.path())
	}
	seller.loaded()
	if got, n := seller.value("#f-summary"), countNodes(seller, "[data-draft-restored]"); got != summary || n != 0 {
		t.Fatalf("after discarding: summary %q, %d notices", got, n)
	}
	if got := saved(id); got.Summary != summary || got.Description != described {
		t.Fatalf("after discarding the server has summary %q, description %q", got.Summary, got.Description)
	}
	if c := seller.draftCopy(appID); c != "" {
		t.Fatalf("after discarding the browser still keeps %s", c)
	}
}

// TestDraftRestoreTexts: the notice, its button and the "not saved" line come
// from the catalogs in both languages.
func TestDraftRestoreTexts(t *testing.T) {
	h := newHarness(t)
	s := readySeller(t, h, "quire", "Quire Co")
	app, err := h.svc.catalog.StartRelease(context.Background(), s, catalog.TypeSaaS)
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string][3]string{
		"en":    {"Restored what you typed but had not saved yet — save it now.", "Discard", "Not saved"},
		"zh-CN": {"已恢复您输入但尚未保存的内容——请立即保存。", "放弃", "未保存"},
	} {
		c := h.client()
		c.lang = lang
		c.login("quire", "Passw0rd!x")
		p := c.get("/seller/applications/" + app.ID.String() + "/edit")
		form := p.Doc.Find("form[data-draft]")
		if form.AttrOr("data-draft", "") != app.ID.String() || form.AttrOr("data-saved-at", "") != strings.TrimSpace(
			p.Doc.Find("#autosave-status").AttrOr("data-saved-at", "x")) {
			t.Errorf("%s: form data-draft %q, data-saved-at %q", lang, form.AttrOr("data-draft", ""), form.AttrOr("data-saved-at", ""))
		}
		notice := form.Find("template[data-draft-notice] [data-draft-restored]")
		button := strings.TrimSpace(notice.Find("[data-draft-discard]").Text())
		text := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(notice.Text()), button))
		if text != want[0] || button != want[1] || !strings.HasPrefix(form.AttrOr("data-autosave-failed", ""), want[2]) {
			t.Errorf("%s: notice %q, button %q, not saved %q", lang, text, button, form.AttrOr("data-autosave-failed", ""))
		}
	}
}
