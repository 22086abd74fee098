// Package file accepts uploads (size-limited, type checked by content, stored
// under random keys) and serves them only to the people allowed to see them.
package file

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/platform/apperr"
	"agora/internal/platform/blob"
	"agora/internal/platform/clock"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// Content types recognised by their first bytes.
const (
	PNG  = "image/png"
	JPEG = "image/jpeg"
	PDF  = "application/pdf"
	ZIP  = "application/zip"
)

// Rule limits one purpose of upload.
type Rule struct {
	MaxBytes int64
	Types    []string
}

// Purposes of upload and their limits.
var Rules = map[string]Rule{
	"entry_logo":    {MaxBytes: 5 << 20, Types: []string{PNG, JPEG}},
	"entry_licence": {MaxBytes: 10 << 20, Types: []string{PDF, PNG, JPEG}},
	"product_logo":  {MaxBytes: 2 << 20, Types: []string{PNG, JPEG}},
	"delist_proof":  {MaxBytes: 10 << 20, Types: []string{PDF, PNG, JPEG}},
	// Requirements, delivery proofs and appeal material of service supervision:
	// documents, scans, screenshots and archives (Office documents are ZIP files).
	"supervision": {MaxBytes: 20 << 20, Types: []string{PDF, PNG, JPEG, ZIP}},
	// Electronic invoices the seller issues to buyers.
	"invoice": {MaxBytes: 10 << 20, Types: []string{PDF}},
	// Sellers' invoices to the platform and the platform's fee invoices.
	"settlement_invoice": {MaxBytes: 10 << 20, Types: []string{PDF}},
}

// File is a stored upload's metadata.
type File struct {
	ID          uuid.UUID
	OwnerID     uuid.UUID
	Name        string
	ContentType string
	Size        int64
	SHA256      string
}

func fromRow(r pg.File) File {
	return File{ID: r.ID, OwnerID: r.OwnerID, Name: r.Name, ContentType: r.ContentType, Size: r.Size, SHA256: r.Sha256}
}

// Service stores and serves files.
type Service struct {
	st    *store.Store
	blobs blob.Store
	clock clock.Clock
}

// NewService returns a file service.
func NewService(st *store.Store, blobs blob.Store, c clock.Clock) *Service {
	return &Service{st: st, blobs: blobs, clock: c}
}

// Sniff names the content type of head, or "" if it is none we accept.
func Sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return ZIP
	}
	return ""
}

// cleanName keeps the base name, printable and short, for display and download.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	for utf8.RuneCountInString(name) > 120 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == "/" {
		name = "file"
	}
	return name
}

// Upload stores r for owner under purpose. The type is decided by the content,
// never by the name or the browser's claim; too large or wrong files leave nothing behind.
func (s *Service) Upload(ctx context.Context, owner uuid.UUID, purpose, name string, r io.Reader) (File, error) {
	rule, ok := Rules[purpose]
	if !ok {
		return File{}, apperr.Internalf("file: unknown purpose %q", purpose)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return File{}, err
	}
	head = head[:n]
	if n == 0 {
		return File{}, apperr.E(apperr.Invalid, "file.empty")
	}
	ctype := Sniff(head)
	if !slices.Contains(rule.Types, ctype) {
		return File{}, apperr.E(apperr.Invalid, "file.type_"+purpose)
	}
	limited := io.LimitReader(io.MultiReader(bytes.NewReader(head), r), rule.MaxBytes+1)
	key, size, sum, err := s.blobs.Put(ctx, limited)
	if err != nil {
		return File{}, err
	}
	if size > rule.MaxBytes {
		_ = s.blobs.Delete(ctx, key)
		return File{}, apperr.E(apperr.Invalid, "file.too_large_"+purpose)
	}
	row, err := s.st.CreateFile(ctx, pg.CreateFileParams{ID: uuid.Must(uuid.NewV7()), OwnerID: owner, BlobKey: key,
		Name: cleanName(name), ContentType: ctype, Size: size, Sha256: sum, Purpose: purpose, CreatedAt: s.clock.Now()})
	if err != nil {
		_ = s.blobs.Delete(ctx, key)
		return File{}, err
	}
	return fromRow(row), nil
}

// Get returns a file's metadata if viewer may see it; otherwise NotFound.
func (s *Service) Get(ctx context.Context, viewer account.Account, id uuid.UUID) (File, error) {
	row, err := s.st.GetFile(ctx, id)
	if err != nil {
		return File{}, store.NotFound(err, "file")
	}
	if row.OwnerID != viewer.ID && !viewer.IsOps() {
		return File{}, apperr.E(apperr.NotFound, "error.not_found")
	}
	return fromRow(row), nil
}

// Owned returns the file if owner uploaded it for purpose (used when a form refers to an earlier upload).
func (s *Service) Owned(ctx context.Context, owner uuid.UUID, id uuid.UUID, purpose string) (File, error) {
	row, err := s.st.GetFile(ctx, id)
	if err != nil || row.OwnerID != owner || row.Purpose != purpose {
		return File{}, apperr.E(apperr.NotFound, "error.not_found")
	}
	return fromRow(row), nil
}

// Open returns the file and its contents if viewer may see it.
func (s *Service) Open(ctx context.Context, viewer account.Account, id uuid.UUID) (File, io.ReadCloser, error) {
	row, err := s.st.GetFile(ctx, id)
	if err != nil {
		return File{}, nil, store.NotFound(err, "file")
	}
	if row.OwnerID != viewer.ID && !viewer.IsOps() {
		// The other party of an order may read what was attached to it.
		granted, err := s.st.FileGranted(ctx, pg.FileGrantedParams{FileID: id, AccountID: viewer.ID})
		if err != nil {
			return File{}, nil, err
		}
		if !granted {
			return File{}, nil, apperr.E(apperr.NotFound, "error.not_found")
		}
	}
	rc, err := s.blobs.Open(ctx, row.BlobKey)
	if err != nil {
		return File{}, nil, err
	}
	return fromRow(row), rc, nil
}
