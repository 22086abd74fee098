package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/evidence/bundle"
)

// rawGet fetches path and returns the status, headers and body as bytes.
func rawGet(t *testing.T, c *client, path string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.h.URL+path, nil)
	req.Header.Set("Accept-Language", c.lang)
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, body
}

func verifyBytes(t *testing.T, b []byte) bundle.Report {
	t.Helper()
	rep, err := bundle.VerifyBundle(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// rezip copies an archive, letting change rewrite any entry's content.
func rezip(t *testing.T, b []byte, change func(name string, body []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(change(f.Name, body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func problemCodes(r bundle.Report) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.Code)
	}
	return out
}

// TestBundleDownloadAndVerify: the buyer, the seller and operations download
// one order's evidence — the order, its supervision and its appeal with every
// attached file — and it verifies; one byte changed in the events or in a
// file is named, by VerifyBundle and by agora verify-bundle; anyone else finds
// nothing.
func TestBundleDownloadAndVerify(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := supervisedOrder(t, h, "bundle", catalog.TypeManual)
	arbAtAcceptance(t, h, seller, buyer, o)
	a := arbAppeal(t, h, buyer, o)
	bc, sc, oc := h.client(), h.client(), h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	sc.login(seller.Name, "Passw0rd!x")
	oc.login(h.account("bundle-rev", account.OpsReviewer).Name, "Passw0rd!x")

	status, hdr, body := rawGet(t, bc, "/buyer/orders/"+o.ID.String()+"/evidence.zip")
	if status != http.StatusOK || hdr.Get("Content-Type") != "application/zip" ||
		!strings.Contains(hdr.Get("Content-Disposition"), "evidence-"+o.Number+".zip") {
		t.Fatalf("buyer's download: %d %v", status, hdr)
	}
	rep := verifyBytes(t, body)
	if !rep.OK() || rep.OrderNumber != o.Number || len(rep.Chains) != 3 || rep.Files != 3 {
		t.Fatalf("buyer's bundle: %+v", rep)
	}
	var types []string
	for _, c := range rep.Chains {
		types = append(types, c.ObjectType)
	}
	if strings.Join(types, ",") != "order,supervision,appeal" || rep.Chains[2].Label != a.Number {
		t.Errorf("chains %v", rep.Chains)
	}
	for _, who := range []struct {
		c    *client
		path string
	}{{sc, "/seller/orders/" + o.ID.String() + "/evidence.zip"}, {oc, "/ops/appeals/" + a.ID.String() + "/evidence.zip"}} {
		status, _, b := rawGet(t, who.c, who.path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", who.path, status)
		}
		if r := verifyBytes(t, b); !r.OK() || r.Files != 3 {
			t.Errorf("%s: %+v", who.path, r)
		}
	}

	// One byte of the events changed: the event is named.
	edited := rezip(t, body, func(name string, b []byte) []byte {
		if name == bundle.EventsFile {
			return bytes.Replace(b, []byte("2024 年"), []byte("2025 年"), 1)
		}
		return b
	})
	if r := verifyBytes(t, edited); len(r.Problems) != 1 || r.Problems[0].Code != bundle.ProblemAltered || r.Problems[0].Object != "appeal "+a.ID.String() {
		t.Errorf("edited reason: %v", r.Problems)
	}
	// One byte of a file changed.
	swapped := rezip(t, body, func(name string, b []byte) []byte {
		if strings.HasPrefix(name, bundle.AttachmentDir) && strings.HasSuffix(name, "验收报告.pdf") {
			b = bytes.Clone(b)
			b[len(b)-2] ^= 1
		}
		return b
	})
	if r := verifyBytes(t, swapped); strings.Join(problemCodes(r), ",") != bundle.ProblemFileBad {
		t.Errorf("edited file: %v", r.Problems)
	}
	// A file removed.
	dropped := rezip(t, body, func(name string, b []byte) []byte { return b })
	dropped = dropEntry(t, dropped, "需求说明.pdf")
	if r := verifyBytes(t, dropped); strings.Join(problemCodes(r), ",") != bundle.ProblemFileAbsent {
		t.Errorf("missing file: %v", r.Problems)
	}
	if _, err := bundle.VerifyBundle(bytes.NewReader([]byte("not a zip")), 9); !errors.Is(err, bundle.ErrNotZip) {
		t.Errorf("not a zip: %v", err)
	}

	// The command says OK, or names the problem and fails.
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.zip"), filepath.Join(dir, "bad.zip")
	_ = os.WriteFile(good, body, 0o600)
	_ = os.WriteFile(bad, edited, 0o600)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"verify-bundle", good}, func(string) string { return "" }, &out, io.Discard); err != nil ||
		!strings.HasSuffix(out.String(), "OK\n") {
		t.Errorf("verify-bundle on an intact bundle: %v %q", err, out.String())
	}
	out.Reset()
	var ee exitError
	if err := run(context.Background(), []string{"verify-bundle", bad}, func(string) string { return "" }, &out, io.Discard); !errors.As(err, &ee) ||
		ee.code != 1 || !strings.Contains(out.String(), "BROKEN appeal "+a.ID.String()+": event 1 (file) was altered") {
		t.Errorf("verify-bundle on an edited bundle: %v %q", err, out.String())
	}

	// Nobody else: another buyer, another seller, the buyer under the seller's path.
	other := h.client()
	other.login(h.account("bundle-other", "").Name, "Passw0rd!x")
	os2 := h.client()
	os2.login(readySeller(t, h, "bundle-s2", "另一家科技有限公司").Name, "Passw0rd!x")
	for _, c := range []struct {
		c    *client
		path string
	}{
		{other, "/buyer/orders/" + o.ID.String() + "/evidence.zip"},
		{os2, "/seller/orders/" + o.ID.String() + "/evidence.zip"},
		{sc, "/buyer/orders/" + o.ID.String() + "/evidence.zip"},
		{bc, "/ops/appeals/" + a.ID.String() + "/evidence.zip"},
		{bc, "/buyer/orders/not-an-id/evidence.zip"},
	} {
		if st, _, _ := rawGet(t, c.c, c.path); st != http.StatusNotFound {
			t.Errorf("%s: %d", c.path, st)
		}
	}
}

// dropEntry removes the entries whose names end in suffix.
func dropEntry(t *testing.T, b []byte, suffix string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, suffix) {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
