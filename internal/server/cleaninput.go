package server

import (
	"mime"
	"net/http"
	"net/url"

	"agora/internal/server/httpx"
)

// cleanInput makes every query and form value valid UTF-8 without NUL bytes
// before a handler sees it: PostgreSQL refuses both in text, and a stray byte
// in a search or a draft must not turn into an error page or a lost save.
// Invalid bytes become U+FFFD; NUL bytes are dropped. Multipart fields are
// cleaned where they are read (httpx.Values).
func cleanInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.RawQuery; q != "" {
			if vals, err := url.ParseQuery(q); err == nil && dirtyValues(vals) {
				cleanValues(vals)
				r.URL.RawQuery = vals.Encode()
			}
		}
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" &&
			(r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) {
			if err := r.ParseForm(); err == nil {
				cleanValues(r.PostForm)
				cleanValues(r.Form)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func dirtyValues(v url.Values) bool {
	for k, vs := range v {
		if httpx.CleanText(k) != k {
			return true
		}
		for _, s := range vs {
			if httpx.CleanText(s) != s {
				return true
			}
		}
	}
	return false
}

func cleanValues(v url.Values) {
	for k, vs := range v {
		ck := httpx.CleanText(k)
		out := make([]string, len(vs))
		for i, s := range vs {
			out[i] = httpx.CleanText(s)
		}
		if ck != k {
			delete(v, k)
		}
		v[ck] = out
	}
}
