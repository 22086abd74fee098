package server

import (
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.9:5555"
	r.Header.Set("X-Forwarded-For", "6.6.6.6, 203.0.113.7")
	if got := clientIP(r, false); got != "10.0.0.9" {
		t.Errorf("untrusted proxy: %s", got)
	}
	// A client can prepend anything; only the entry the proxy appended counts.
	if got := clientIP(r, true); got != "203.0.113.7" {
		t.Errorf("trusted proxy: %s", got)
	}
	r.Header.Set("X-Forwarded-For", "not-an-ip")
	if got := clientIP(r, true); got != "10.0.0.9" {
		t.Errorf("garbage header: %s", got)
	}
}
