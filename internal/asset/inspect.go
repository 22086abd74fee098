package asset

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// Package formats, decided by the first bytes, never by the file name.
const (
	FormatZip   = "zip"
	FormatTar   = "tar"
	FormatTarGz = "tar.gz"
)

// Inspection is what the scanner found in one package.
type Inspection struct {
	Format     string // zip | tar | tar.gz; "" when the bytes are none of them
	FormatNote string // why the format is refused: format_unknown | gzip_not_tar | no_files
	Size       int64
	SHA256     string
	Entries    int
	Broken     string   // the first integrity problem (a note id); "" when intact
	BrokenAt   string   // the entry it is in ("" for the package as a whole)
	Unsafe     []string // entries whose path is absolute or climbs out of the package
	Found      []Finding
}

// Finding is a signature found in an entry ("" for the package's own bytes).
type Finding struct {
	Signature string
	Entry     string
}

const maxListed = 20 // unsafe paths and findings kept for the report

// brokenError is an integrity problem of the package: the seller's to fix.
type brokenError struct {
	note, entry string
	err         error
}

func (e *brokenError) Error() string { return fmt.Sprintf("%s at %q: %v", e.note, e.entry, e.err) }

// sourceError is a failure to read the package itself (storage, context):
// nobody's fault in the package, so the scan is retried.
type sourceError struct{ err error }

func (e *sourceError) Error() string { return "reading package: " + e.err.Error() }
func (e *sourceError) Unwrap() error { return e.err }

type srcReader struct {
	ctx context.Context
	r   io.Reader
}

func (s srcReader) Read(p []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, &sourceError{err}
	}
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		err = &sourceError{err}
	}
	return n, err
}

type srcReaderAt struct {
	ctx context.Context
	r   io.ReaderAt
}

// errBadOffset is a zip directory pointing before the start of the file: the archive's fault.
var errBadOffset = errors.New("zip: offset out of range")

func (s srcReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, &sourceError{err}
	}
	if off < 0 {
		return 0, errBadOffset
	}
	n, err := s.r.ReadAt(p, off)
	if err != nil && err != io.EOF {
		err = &sourceError{err}
	}
	return n, err
}

type spoolWriter struct{ w io.Writer }

func (s spoolWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil {
		err = &sourceError{err}
	}
	return n, err
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// readerAtStat is what an *os.File offers: a zip can then be read in place.
type readerAtStat interface {
	io.ReaderAt
	Stat() (fs.FileInfo, error)
}

func isTar(head []byte) bool { return len(head) >= 263 && bytes.Equal(head[257:262], []byte("ustar")) }

// sniff names the format of a package (or nested archive) from its first bytes.
// A gzip stream is reported as tar.gz; walkGzip confirms a tar inside.
func sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return FormatZip
	case len(head) >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8:
		return FormatTarGz
	case isTar(head):
		return FormatTar
	}
	return ""
}

// minExpansion is what any package may unpack to, however small it is.
const minExpansion = 1 << 30

// inspector walks one package.
type inspector struct {
	ctx         context.Context
	lim         Limits
	tmpDir      string
	maxExpanded int64
	expanded    int64
	res         *Inspection
}

// Inspect reads a package once from r (size is its length if known, else -1):
// format, size, SHA-256, the integrity of the archive and of every entry
// (zip CRC-32, tar headers and bodies, the gzip trailer), entry paths, and the
// signatures in the raw bytes and inside every entry, nested archives included
// up to lim.MaxDepth. A zip needs random access: it is read in place when r is
// a file, else spooled to a temporary file in tmpDir as it streams by.
// Problems of the package are in the Inspection; an error means the package
// could not be read (storage, cancellation) and the scan should be retried.
func Inspect(ctx context.Context, r io.Reader, size int64, lim Limits, tmpDir string) (Inspection, error) {
	var res Inspection
	in := &inspector{ctx: ctx, lim: lim, tmpDir: tmpDir, res: &res, maxExpanded: lim.MaxExpanded}
	if size >= 0 {
		in.maxExpanded = min(lim.MaxExpanded, max(minExpansion, size*lim.MaxRatio))
	}
	br := bufio.NewReaderSize(srcReader{ctx, r}, 64<<10)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) {
		return res, err
	}
	res.Format = sniff(head)
	h, cnt, raw := sha256.New(), &counter{}, newSigSet()
	w := io.MultiWriter(h, cnt, raw)
	ra, inPlace := r.(readerAtStat)
	var spool *os.File
	if res.Format == FormatZip && !inPlace {
		if spool, err = os.CreateTemp(tmpDir, "agora-scan-*.zip"); err != nil {
			return res, err
		}
		defer func() { spool.Close(); os.Remove(spool.Name()) }()
		w = io.MultiWriter(w, spoolWriter{spool})
	}
	tee := io.TeeReader(br, w)
	var walkErr error
	switch res.Format {
	case FormatTar:
		walkErr = in.walkTar(tee, "", 0)
	case FormatTarGz:
		walkErr = in.walkGzip(tee, "", 0, true)
	}
	// Whatever the walk left unread still counts for size, hash and raw signatures.
	if _, err := io.Copy(io.Discard, tee); err != nil {
		return res, err
	}
	res.Size, res.SHA256 = cnt.n, hex.EncodeToString(h.Sum(nil))
	if res.Format == FormatZip && walkErr == nil {
		var at io.ReaderAt = spool
		if inPlace {
			at = ra
		}
		walkErr = in.walkZip(srcReaderAt{ctx, at}, res.Size, "", 0)
	}
	if walkErr != nil {
		var be *brokenError
		if !errors.As(walkErr, &be) {
			return res, walkErr
		}
		res.Broken, res.BrokenAt = be.note, be.entry
	}
	for _, sig := range raw.hits() {
		in.found(sig, "", true)
	}
	switch {
	case res.Format == "":
		res.FormatNote = "format_unknown"
	case res.FormatNote == "" && res.Broken == "" && res.Entries == 0:
		res.FormatNote = "no_files"
	}
	return res, nil
}

// broken classifies err as an integrity problem at entry, unless it is a
// source error or already classified deeper down.
func (in *inspector) broken(note, entry string, err error) error {
	var se *sourceError
	if errors.As(err, &se) {
		return err
	}
	var be *brokenError
	if errors.As(err, &be) {
		if be.entry == "" {
			be.entry = entry
		}
		return be
	}
	return &brokenError{note: note, entry: entry, err: err}
}

// entryNote names what went wrong while reading an entry's data.
func entryNote(err error) string {
	switch {
	case errors.Is(err, zip.ErrChecksum), errors.Is(err, gzip.ErrChecksum):
		return "crc"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated"
	case errors.Is(err, zip.ErrAlgorithm):
		return "method"
	}
	return "corrupt"
}

// outer is the entry an archive prefix ("a.tar.gz!/") belongs to.
func outer(prefix string) string { return strings.TrimSuffix(prefix, "!/") }

// entry counts one archive entry and checks its path.
func (in *inspector) entry(prefix, name string) error {
	in.res.Entries++
	if in.res.Entries > in.lim.MaxEntries {
		return &brokenError{note: "too_many_entries", entry: outer(prefix)}
	}
	if unsafePath(name) {
		in.unsafe(prefix + name)
	}
	return nil
}

func (in *inspector) unsafe(name string) {
	if len(in.res.Unsafe) < maxListed {
		in.res.Unsafe = append(in.res.Unsafe, name)
	}
}

// found records a signature hit; a raw-stream hit is kept only if no entry explains it.
func (in *inspector) found(sig, entry string, raw bool) {
	if raw {
		for _, f := range in.res.Found {
			if f.Signature == sig {
				return
			}
		}
	}
	if len(in.res.Found) < maxListed {
		in.res.Found = append(in.res.Found, Finding{Signature: sig, Entry: entry})
	}
}

// unsafePath reports names that would land outside the directory a package is unpacked into.
func unsafePath(name string) bool {
	n := strings.ReplaceAll(name, "\\", "/")
	if strings.HasPrefix(n, "/") || len(n) >= 2 && n[1] == ':' || strings.ContainsRune(n, 0) {
		return true
	}
	for _, seg := range strings.Split(n, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// expander counts decompressed bytes and stops a decompression bomb.
type expander struct {
	in *inspector
	r  io.Reader
}

func (e expander) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.in.expanded += int64(n)
	if e.in.expanded > e.in.maxExpanded {
		return n, &brokenError{note: "expansion"}
	}
	return n, err
}

func (in *inspector) walkTar(r io.Reader, prefix string, depth int) error {
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			note := "tar_header"
			if errors.Is(err, io.ErrUnexpectedEOF) {
				note = "truncated"
			}
			return in.broken(note, outer(prefix), err)
		}
		name := prefix + hdr.Name
		if err := in.entry(prefix, hdr.Name); err != nil {
			return err
		}
		switch hdr.Typeflag {
		case tar.TypeDir:
		case tar.TypeSymlink, tar.TypeLink:
			target := path.Join(path.Dir(strings.ReplaceAll(hdr.Name, "\\", "/")), hdr.Linkname)
			if unsafePath(target) || hdr.Typeflag == tar.TypeLink && path.IsAbs(hdr.Linkname) {
				in.unsafe(name + " -> " + hdr.Linkname)
			}
		default:
			if err := in.scanEntry(tr, name, depth); err != nil {
				return in.broken(entryNote(err), name, err)
			}
		}
	}
}

// walkGzip reads a gzip stream to its verified end. At the top it must hold a
// tar; nested, a plain gzip'd file is simply scanned.
func (in *inspector) walkGzip(r io.Reader, prefix string, depth int, top bool) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return in.broken("gzip", outer(prefix), err)
	}
	defer gz.Close()
	body := bufio.NewReaderSize(expander{in, gz}, 64<<10)
	head, err := body.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) {
		return in.broken(gzipNote(err), outer(prefix), err)
	}
	if isTar(head) {
		if err := in.walkTar(body, prefix, depth); err != nil {
			return err
		}
	} else {
		if top {
			in.res.FormatNote = "gzip_not_tar"
		}
		sig := newSigSet()
		if _, err := io.Copy(sig, body); err != nil {
			return in.broken(gzipNote(err), outer(prefix), err)
		}
		for _, s := range sig.hits() {
			in.found(s, outer(prefix), false)
		}
	}
	// Read to the end: only then does gzip check its CRC-32 and length trailer.
	if _, err := io.Copy(io.Discard, body); err != nil {
		return in.broken(gzipNote(err), outer(prefix), err)
	}
	return nil
}

func gzipNote(err error) string {
	switch {
	case errors.Is(err, gzip.ErrChecksum):
		return "gzip_trailer"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated"
	}
	return "gzip"
}

func (in *inspector) walkZip(ra io.ReaderAt, size int64, prefix string, depth int) error {
	zr, err := zip.NewReader(ra, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return in.broken("zip_structure", outer(prefix), err)
	}
	for _, f := range zr.File {
		name := prefix + f.Name
		if err := in.entry(prefix, f.Name); err != nil {
			return err
		}
		if f.FileInfo().IsDir() {
			continue
		}
		if f.Flags&0x1 != 0 {
			return &brokenError{note: "encrypted", entry: name}
		}
		rc, err := f.Open()
		if err != nil {
			return in.broken(entryNote(err), name, err)
		}
		err = in.scanEntry(expander{in, rc}, name, depth)
		rc.Close()
		if err != nil {
			return in.broken(entryNote(err), name, err)
		}
	}
	return nil
}

// scanEntry reads one entry to its end, through the signatures; an archive
// inside is unpacked too (up to lim.MaxDepth).
func (in *inspector) scanEntry(r io.Reader, name string, depth int) error {
	sig := newSigSet()
	br := bufio.NewReaderSize(r, 32<<10)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	tee := io.TeeReader(br, sig)
	err = nil
	if depth < in.lim.MaxDepth {
		switch sniff(head) {
		case FormatTar:
			err = in.walkTar(tee, name+"!/", depth+1)
		case FormatTarGz:
			err = in.walkGzip(tee, name+"!/", depth+1, false)
		case FormatZip:
			err = in.walkNestedZip(tee, name+"!/", depth+1)
		}
	}
	if err == nil {
		_, err = io.Copy(io.Discard, tee)
	}
	for _, s := range sig.hits() {
		in.found(s, name, false)
	}
	return err
}

// walkNestedZip spools a zip entry to a temporary file and walks it.
func (in *inspector) walkNestedZip(r io.Reader, prefix string, depth int) error {
	f, err := os.CreateTemp(in.tmpDir, "agora-scan-nested-*.zip")
	if err != nil {
		return &sourceError{err}
	}
	defer func() { f.Close(); os.Remove(f.Name()) }()
	n, err := io.Copy(spoolWriter{f}, r)
	if err != nil {
		return err
	}
	return in.walkZip(srcReaderAt{in.ctx, f}, n, prefix, depth)
}
