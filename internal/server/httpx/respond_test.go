package httpx

import "testing"

func TestSafeNext(t *testing.T) {
	cases := map[string]string{
		"/seller/entry":         "/seller/entry",
		"/ops/entries?status=x": "/ops/entries?status=x",
		"":                      "/d",
		"https://evil.example":  "/d",
		"//evil.example":        "/d",
		"/\\evil.example":       "/d",
		"/\t/evil.example":      "/d",
		"/\n/evil.example":      "/d",
		"/\r/evil.example":      "/d",
		"relative/path":         "/d",
		"/%2F%2Fevil.example":   "/d", // decodes to //evil.example: refused to be safe
	}
	for in, want := range cases {
		if got := SafeNext(in, "/d"); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
