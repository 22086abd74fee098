package download_test

import (
	"bytes"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"agora/internal/account"
	"agora/internal/server/download"
	"agora/internal/server/httpx"
	"agora/internal/testfix"
)

// stall is the handler's stall timeout in these tests: far shorter than a slow
// client needs for the whole file, far longer than it needs for one chunk.
const stall = 300 * time.Millisecond

// server serves /files for viewer through a server whose write timeout is
// shorter still.
func server(t *testing.T, env *testfix.Env, viewer account.Account) *httptest.Server {
	r := chi.NewRouter()
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			next.ServeHTTP(w, req.WithContext(httpx.WithViewer(req.Context(), viewer)))
		})
	})
	download.Handler{Files: env.Files, Stall: stall}.Routes(r)
	srv := httptest.NewUnstartedServer(r)
	srv.Config.WriteTimeout = 100 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// bigPDF is a licence scan of about 9 MB: more than the socket buffers hold,
// so a slow reader really holds the server's writes back.
func bigPDF() []byte {
	data := append([]byte("%PDF-1.7\n"), make([]byte, 9<<20)...)
	_, _ = rand.Read(data[9:])
	return data
}

// TestSlowDownloadFinishes: a download that takes longer than the server's
// write timeout completes as long as it keeps moving.
func TestSlowDownloadFinishes(t *testing.T) {
	env := testfix.New(t)
	owner := env.Seller(t, env.Name("dl"))
	data := bigPDF()
	f := env.Upload(t, owner, "entry_licence", "licence.pdf", data)
	srv := server(t, env, owner)

	res, err := http.Get(srv.URL + "/files/" + f.ID.String())
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got bytes.Buffer
	buf := make([]byte, 256<<10)
	start := time.Now()
	for {
		n, err := res.Body.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v", got.Len(), err)
		}
		time.Sleep(20 * time.Millisecond) // a slow line, not a wait for the server
	}
	if time.Since(start) < 2*stall {
		t.Fatalf("the download was not slower than the write timeout (%v); the test proves nothing", time.Since(start))
	}
	if res.StatusCode != http.StatusOK || !bytes.Equal(got.Bytes(), data) {
		t.Fatalf("status %d, %d of %d bytes", res.StatusCode, got.Len(), len(data))
	}
	if res.Header.Get("Accept-Ranges") != "bytes" || res.Header.Get("ETag") != `"`+f.SHA256+`"` {
		t.Errorf("headers: %v", res.Header)
	}
}

// TestDownloadResumes: a broken download continues from a byte offset, and
// only for the same content.
func TestDownloadResumes(t *testing.T) {
	env := testfix.New(t)
	owner := env.Seller(t, env.Name("dl"))
	data := bigPDF()
	f := env.Upload(t, owner, "entry_licence", "licence.pdf", data)
	srv := server(t, env, owner)

	get := func(hdr map[string]string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/files/"+f.ID.String(), nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, body
	}
	from := 5 << 20
	res, body := get(map[string]string{"Range": "bytes=5242880-", "If-Range": `"` + f.SHA256 + `"`})
	if res.StatusCode != http.StatusPartialContent || !bytes.Equal(body, data[from:]) ||
		res.Header.Get("Content-Disposition") == "" {
		t.Fatalf("resume: %d, %d bytes, %v", res.StatusCode, len(body), res.Header)
	}
	// A different version of the file: the whole file again, not a spliced one.
	res, body = get(map[string]string{"Range": "bytes=5242880-", "If-Range": `"0000"`})
	if res.StatusCode != http.StatusOK || len(body) != len(data) {
		t.Fatalf("stale resume: %d, %d bytes", res.StatusCode, len(body))
	}
}
