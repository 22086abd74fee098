package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestDirRoundTrip(t *testing.T) {
	d, err := NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	key, size, sum, err := d.Put(ctx, strings.NewReader("hello agora"))
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256([]byte("hello agora"))
	if size != 11 || sum != hex.EncodeToString(want[:]) {
		t.Fatalf("size %d sum %s", size, sum)
	}
	rc, err := d.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "hello agora" {
		t.Fatalf("read back %q", b)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	for _, bad := range []string{"../../etc/passwd", "ab", "abcd/../../x"} {
		if _, err := d.Open(ctx, bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open(%q) = %v, want not found", bad, err)
		}
	}
}

func TestPutCancelledLeavesNothing(t *testing.T) {
	d, _ := NewDir(t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, _, err := d.Put(ctx, strings.NewReader("x")); err == nil {
		t.Fatal("cancelled put succeeded")
	}
}
