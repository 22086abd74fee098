package asset

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
)

// Source is object storage that sellers import large packages from. A bucket
// and an object key name one object, among the buckets of owner: the seller's
// account ID. A seller reaches only the buckets shared under their own
// account, so knowing another seller's bucket, key and checksum is not enough
// to import (and then download) their package.
type Source interface {
	// Stat returns the object's size; ErrNoObject if there is none.
	Stat(ctx context.Context, owner, bucket, key string) (int64, error)
	// Open returns the object's contents and size; ErrNoObject if there is none.
	Open(ctx context.Context, owner, bucket, key string) (io.ReadCloser, int64, error)
}

// ErrNoObject is returned for a bucket or object that does not exist (or that
// the marketplace may not read for this owner).
var ErrNoObject = errors.New("asset: no such object")

var ownerRe = regexp.MustCompile(`^[0-9A-Za-z_-]{1,64}$`)

var bucketRe = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// ValidBucket reports whether name is a bucket name as OBS and S3 allow them
// (3–63 lower-case letters, digits, dots and hyphens; no "..").
func ValidBucket(name string) bool {
	return bucketRe.MatchString(name) && !strings.Contains(name, "..")
}

// ValidKey reports whether key is an object key the marketplace accepts: 1–1024
// bytes of printable UTF-8, relative, with no "." or ".." segments or backslashes.
func ValidKey(key string) bool {
	if key == "" || len(key) > 1024 || strings.HasPrefix(key, "/") || strings.ContainsAny(key, "\\") {
		return false
	}
	for _, r := range key {
		if r < 0x20 || r == 0x7f || r == 0xfffd {
			return false
		}
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// DirSource is a Source over a local directory: <Root>/<owner>/<bucket>/<key>.
// It serves the demo, the tests, and any deployment that mounts its object
// storage as a file system. Reads go through os.Root, so neither ".." nor a
// symbolic link can reach outside the bucket.
type DirSource struct {
	Root string
}

func (d DirSource) open(owner, bucket, key string) (*os.File, error) {
	if !ownerRe.MatchString(owner) || !ValidBucket(bucket) || !ValidKey(key) {
		return nil, ErrNoObject
	}
	root, err := os.OpenRoot(filepath.Join(d.Root, owner, bucket))
	if err != nil {
		return nil, noObject(err)
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(key))
	if err != nil {
		return nil, noObject(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, ErrNoObject
	}
	return f, nil
}

// noObject maps "not there", "not allowed" and "outside the root" to ErrNoObject.
func noObject(err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrInvalid) ||
		errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.ELOOP) || strings.Contains(err.Error(), "path escapes") {
		return ErrNoObject
	}
	return err
}

// Stat returns the object's size.
func (d DirSource) Stat(_ context.Context, owner, bucket, key string) (int64, error) {
	f, err := d.open(owner, bucket, key)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// Open returns the object; the *os.File it returns also lets the scanner read a zip in place.
func (d DirSource) Open(_ context.Context, owner, bucket, key string) (io.ReadCloser, int64, error) {
	f, err := d.open(owner, bucket, key)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}
