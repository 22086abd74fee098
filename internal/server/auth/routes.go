// Package auth serves sign-up, login, logout and the language switch.
package auth

import (
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"

	"agora/internal/account"
	"agora/internal/config"
	"agora/internal/platform/i18n"
	"agora/internal/server/httpx"
	"agora/web/auth"
	"agora/web/ui"
)

// Handler serves the account entry points.
type Handler struct {
	Accounts *account.Service
	Sessions httpx.Sessions
	Config   config.Config
}

// Routes mounts the routes; all are open to anonymous visitors.
func (h Handler) Routes(r chi.Router) {
	r.Get("/signup", h.showSignup)
	r.Post("/signup", h.signup)
	r.Get("/login", h.showLogin)
	r.Post("/login", h.login)
	r.Post("/logout", h.logout)
	r.Get("/lang", h.switchLang)
}

func (h Handler) showSignup(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, auth.SignupPage(ui.Form{}))
}

func (h Handler) signup(w http.ResponseWriter, r *http.Request) {
	vals := httpx.Values(r, "name", "email")
	acct, err := h.Accounts.Signup(r.Context(), account.SignupInput{Name: vals["name"], Email: vals["email"],
		Password: r.PostFormValue("password"), Confirm: r.PostFormValue("confirm")})
	if err != nil {
		if f, ok := httpx.FormOf(err, vals); ok {
			httpx.Render(w, r, http.StatusUnprocessableEntity, auth.SignupPage(f))
			return
		}
		httpx.Error(w, r, err)
		return
	}
	if err := h.Sessions.Login(r.Context(), acct.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	h.Sessions.Flash(r.Context(), "auth.welcome")
	httpx.Redirect(w, r, "/buyer")
}

func (h Handler) showLogin(w http.ResponseWriter, r *http.Request) {
	next := httpx.SafeNext(r.URL.Query().Get("next"), "")
	httpx.Render(w, r, http.StatusOK, auth.LoginPage(ui.Form{Values: map[string]string{"next": next}}))
}

func (h Handler) login(w http.ResponseWriter, r *http.Request) {
	vals := httpx.Values(r, "name", "next")
	acct, err := h.Accounts.Login(r.Context(), vals["name"], r.PostFormValue("password"), httpx.ClientIP(r.Context()))
	if err != nil {
		if f, ok := httpx.FormOf(err, vals); ok {
			status := http.StatusUnprocessableEntity
			if f.Error == "login.throttled" {
				status = http.StatusTooManyRequests
			}
			httpx.Render(w, r, status, auth.LoginPage(f))
			return
		}
		httpx.Error(w, r, err)
		return
	}
	if err := h.Sessions.Login(r.Context(), acct.ID); err != nil {
		httpx.Error(w, r, err)
		return
	}
	def := "/buyer"
	if acct.IsOps() {
		def = "/ops"
	}
	httpx.Redirect(w, r, httpx.SafeNext(vals["next"], def))
}

func (h Handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.Sessions.Logout(r.Context()); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.Redirect(w, r, "/")
}

// switchLang remembers the chosen language for a year and returns to the page.
func (h Handler) switchLang(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Normalize(r.URL.Query().Get("to"))
	if lang != "" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: url.QueryEscape(lang), Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.Config.SecureCookies})
	}
	http.Redirect(w, r, httpx.SafeNext(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
}
