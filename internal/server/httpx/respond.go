// Package httpx is the HTTP plumbing shared by the areas: rendering, the one
// error renderer, sessions and the viewer, guards, form helpers.
package httpx

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/a-h/templ"

	"agora/internal/platform/apperr"
	"agora/web/layout"
	"agora/web/ui"
)

// Render writes component c with status; it renders into a buffer first so a
// failure mid-page becomes a clean error page, never half a page.
func Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// IsHTMX reports whether the request came from htmx.
func IsHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// Redirect sends the browser to path after a successful POST (post/redirect/get);
// htmx requests get an HX-Redirect so the whole page changes.
func Redirect(w http.ResponseWriter, r *http.Request, path string) {
	if IsHTMX(r) {
		w.Header().Set("HX-Redirect", path)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// Logger returns the request's logger.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// Error renders err through its kind. Internal errors are logged with the
// request id, and the user sees only that id.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	vm := layout.ErrorVM{RequestID: RequestID(ctx)}
	e, _ := apperr.As(err)
	switch apperr.KindOf(err) {
	case apperr.NotFound:
		vm.Status, vm.Title, vm.Message = http.StatusNotFound, "error.not_found_title", "error.not_found"
	case apperr.Conflict:
		vm.Status, vm.Title, vm.Message = http.StatusConflict, "error.conflict_title", "error.already_handled"
		vm.Back = sameOriginReferer(r)
	case apperr.Forbidden:
		vm.Status, vm.Title, vm.Message = http.StatusForbidden, "error.forbidden_title", "error.forbidden"
	case apperr.Unauthenticated:
		// Come back here after logging in; a form post cannot be replayed, so
		// then return to the page the form was on.
		next := r.URL.RequestURI()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next = sameOriginReferer(r)
		}
		if !IsHTMX(r) {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		// A background request (an auto-save) must not follow a redirect and
		// swap the login page into a form: say 401, link to the login page.
		vm.Status, vm.Title, vm.Message = http.StatusUnauthorized, "error.session_ended_title", "error.session_ended"
		vm.Back = "/login?next=" + url.QueryEscape(next)
	case apperr.TooMany:
		vm.Status, vm.Title, vm.Message = http.StatusTooManyRequests, "error.too_many_title", "error.too_many"
	case apperr.Invalid:
		vm.Status, vm.Title, vm.Message = http.StatusUnprocessableEntity, "error.invalid_title", "error.form_invalid"
		vm.Back = sameOriginReferer(r)
	default:
		Logger(ctx).Error("internal error", "err", err, "method", r.Method, "path", r.URL.Path)
		vm.Status, vm.Title, vm.Message = http.StatusInternalServerError, "error.internal_title", "error.internal"
	}
	if e != nil && e.Msg != "" && vm.Status != http.StatusInternalServerError && vm.Status != http.StatusNotFound {
		vm.Message, vm.Args = e.Msg, e.Args
	}
	var buf bytes.Buffer
	if rerr := layout.ErrorPage(vm).Render(ctx, &buf); rerr != nil {
		Logger(ctx).Error("render error page", "err", rerr)
		http.Error(w, "Internal error. Request id: "+vm.RequestID, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if IsHTMX(r) {
		// Let htmx swap the error page in instead of silently ignoring it.
		w.Header().Set("HX-Retarget", "body")
		w.Header().Set("HX-Reswap", "innerHTML")
	}
	w.WriteHeader(vm.Status)
	_, _ = buf.WriteTo(w)
}

// NotFound renders the 404 page.
func NotFound(w http.ResponseWriter, r *http.Request) {
	Error(w, r, apperr.E(apperr.NotFound, "error.not_found"))
}

func sameOriginReferer(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || !strings.HasPrefix(ref.Path, "/") {
		return ""
	}
	return ref.RequestURI()
}

// FormOf turns an error into a form's messages when it is a validation error;
// ok is false for any other kind, which the caller passes on to Error.
func FormOf(err error, values map[string]string) (ui.Form, bool) {
	e, isApp := apperr.As(err)
	if !isApp || e.Kind != apperr.Invalid && e.Kind != apperr.TooMany {
		return ui.Form{}, false
	}
	f := ui.Form{Values: values, Errors: e.Fields}
	if len(e.Fields) == 0 {
		f.Error, f.Args = e.Msg, e.Args
	}
	return f, true
}

// Values copies the named form fields of r.
func Values(r *http.Request, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = CleanText(r.PostFormValue(n))
	}
	return m
}

// CleanText is s as valid UTF-8 without NUL bytes, which PostgreSQL refuses in
// text: invalid bytes become U+FFFD, NUL bytes are dropped.
func CleanText(s string) string {
	if utf8.ValidString(s) && !strings.Contains(s, "\x00") {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// SafeNext returns next if it is a path on this site, else def (no open
// redirects). Control characters are refused outright: browsers drop tabs and
// newlines, which would turn "/\t/evil.example" into "//evil.example".
func SafeNext(next, def string) string {
	if next == "" || strings.ContainsAny(next, "\\") || strings.IndexFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return def
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return def
	}
	return u.RequestURI()
}
