package file_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/google/uuid"

	"agora/internal/file"
	"agora/internal/platform/apperr"
	"agora/internal/testfix"
)

var ctx = context.Background()

// stored counts file rows and blob objects (temporary uploads included).
func stored(t *testing.T, env *testfix.Env) (rows, blobs int) {
	t.Helper()
	if err := env.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM files").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(env.BlobDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			blobs++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows, blobs
}

// padded returns head followed by zeros up to size bytes.
func padded(head []byte, size int) []byte {
	b := make([]byte, size)
	copy(b, head)
	return b
}

func TestUploadDecidesTypeByContent(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	img := testfix.PNG(t)

	f, err := env.Files.Upload(ctx, seller.ID, "entry_licence", "licence.pdf", bytes.NewReader(img))
	if err != nil {
		t.Fatalf("a PNG named .pdf is still a valid licence image: %v", err)
	}
	sum := sha256.Sum256(img)
	if f.ContentType != file.PNG || f.Name != "licence.pdf" || f.Size != int64(len(img)) || f.SHA256 != hex.EncodeToString(sum[:]) || f.OwnerID != seller.ID {
		t.Fatalf("stored file: %+v", f)
	}
	_, rc, err := env.Files.Open(ctx, seller, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, img) {
		t.Fatal("the owner should get back exactly the uploaded bytes")
	}

	cases := []struct {
		purpose, name string
		data          []byte
		msg           string
	}{
		{"entry_logo", "logo.png", []byte("just some text pretending to be an image"), "file.type_entry_logo"},
		{"entry_logo", "logo.png", testfix.PDF(), "file.type_entry_logo"},
		{"entry_licence", "licence.pdf", []byte("<html>%PDF-</html>"), "file.type_entry_licence"},
		{"entry_logo", "logo.png", nil, "file.empty"},
	}
	for _, c := range cases {
		_, err := env.Files.Upload(ctx, seller.ID, c.purpose, c.name, bytes.NewReader(c.data))
		testfix.WantKind(t, err, apperr.Invalid, c.msg)
	}
	if rows, blobs := stored(t, env); rows != 1 || blobs != 1 {
		t.Errorf("refused uploads left %d rows and %d blobs behind, want only the first upload", rows-1, blobs-1)
	}
	jpeg := padded([]byte{0xFF, 0xD8, 0xFF, 0xE0}, 64)
	if f, err := env.Files.Upload(ctx, seller.ID, "entry_logo", "logo", bytes.NewReader(jpeg)); err != nil || f.ContentType != file.JPEG {
		t.Errorf("a JPEG logo without extension: %+v %v", f, err)
	}
}

func TestUploadSizeLimit(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	limit := int(file.Rules["entry_logo"].MaxBytes)
	if limit != 5<<20 {
		t.Fatalf("logo limit %d, the form promises 5 MB", limit)
	}
	head := testfix.PNG(t)
	_, err := env.Files.Upload(ctx, seller.ID, "entry_logo", "big.png", bytes.NewReader(padded(head, limit+1)))
	testfix.WantKind(t, err, apperr.Invalid, "file.too_large_entry_logo")
	if rows, blobs := stored(t, env); rows != 0 || blobs != 0 {
		t.Fatalf("a too-large upload left %d rows and %d blobs behind", rows, blobs)
	}
	f, err := env.Files.Upload(ctx, seller.ID, "entry_logo", "max.png", bytes.NewReader(padded(head, limit)))
	if err != nil || f.Size != int64(limit) {
		t.Fatalf("exactly 5 MB should be accepted: %+v %v", f, err)
	}
}

func TestUploadKeepsOnlyTheBaseName(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	seller := env.Seller(t, "acme")
	for in, want := range map[string]string{
		`../../etc/pa"ss.png`:          "pass.png",
		`C:\Users\张三\Desktop\营业执照.png`: "营业执照.png",
		"line\nbreak.png":              "linebreak.png",
		"":                             "file",
	} {
		f := env.Upload(t, seller, "entry_licence", in, testfix.PNG(t))
		if f.Name != want {
			t.Errorf("name %q stored as %q, want %q", in, f.Name, want)
		}
	}
}

func TestFilesVisibleOnlyToOwnerAndOperations(t *testing.T) {
	t.Parallel()
	env := testfix.New(t)
	owner, other := env.Seller(t, "acme"), env.Seller(t, "rival")
	f := env.Upload(t, owner, "entry_licence", "licence.pdf", testfix.PDF())

	if _, err := env.Files.Get(ctx, other, f.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another seller's Get: want NotFound, got %v", err)
	}
	if _, rc, err := env.Files.Open(ctx, other, f.ID); !apperr.Is(err, apperr.NotFound) || rc != nil {
		t.Errorf("another seller's Open: want NotFound, got %v", err)
	}
	if _, err := env.Files.Get(ctx, owner, uuid.New()); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown id: want NotFound, got %v", err)
	}
	for _, viewer := range []string{"owner", "reviewer", "admin"} {
		acct := owner
		switch viewer {
		case "reviewer":
			acct = env.Reviewer(t)
		case "admin":
			acct = env.Admin(t)
		}
		got, err := env.Files.Get(ctx, acct, f.ID)
		if err != nil || got.ID != f.ID {
			t.Errorf("%s Get: %v", viewer, err)
		}
		_, rc, err := env.Files.Open(ctx, acct, f.ID)
		if err != nil {
			t.Errorf("%s Open: %v", viewer, err)
			continue
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(b, testfix.PDF()) {
			t.Errorf("%s read different bytes", viewer)
		}
	}
}
