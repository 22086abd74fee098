// Package blob stores file contents under opaque keys. The default store is a
// local directory; an S3-compatible store can satisfy the same interface.
package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Store keeps bytes under keys.
type Store interface {
	// Put streams r into a new object and returns its key, size and SHA-256 (hex).
	Put(ctx context.Context, r io.Reader) (key string, size int64, sum string, err error)
	// Open returns the object's contents.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the object; a missing object is not an error.
	Delete(ctx context.Context, key string) error
}

// ErrNotFound is returned by Open for an unknown key.
var ErrNotFound = errors.New("blob: not found")

// Dir is a Store on the local disk.
type Dir struct{ root string }

// NewDir returns a store rooted at root, creating it if needed.
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &Dir{root: root}, nil
}

// NewKey returns a random key that says nothing about the file.
func NewKey() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (d *Dir) path(key string) (string, error) {
	if len(key) < 8 || strings.ContainsAny(key, "/\\.") {
		return "", ErrNotFound
	}
	return filepath.Join(d.root, key[:2], key[2:4], key), nil
}

// Put writes to a temporary file and renames it into place, so a failed or
// interrupted upload never leaves a partial object under a key.
func (d *Dir) Put(ctx context.Context, r io.Reader) (string, int64, string, error) {
	key := NewKey()
	p, _ := d.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return "", 0, "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return "", 0, "", err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), ctxReader{ctx, r})
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, "", err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return "", 0, "", err
	}
	return key, n, hex.EncodeToString(h.Sum(nil)), nil
}

// Open opens the object under key.
func (d *Dir) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}

// Delete removes the object under key.
func (d *Dir) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
