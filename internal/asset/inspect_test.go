package asset

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// The pieces of a stream can split the signature anywhere: every split point
// and every chunk size finds it, and a near miss does not.
func TestMatcherAcrossPieces(t *testing.T) {
	t.Parallel()
	sig := EICAR.Pattern
	stream := append(append(bytes.Repeat([]byte("a"), 100), sig...), bytes.Repeat([]byte("z"), 50)...)
	for chunk := 1; chunk <= len(stream); chunk++ {
		m := newMatcher(sig)
		for i := 0; i < len(stream); i += chunk {
			_, _ = m.Write(stream[i:min(i+chunk, len(stream))])
		}
		if !m.found {
			t.Fatalf("chunk %d: signature not found", chunk)
		}
	}
	for split := 1; split < len(sig); split++ {
		m := newMatcher(sig)
		_, _ = m.Write(sig[:split])
		_, _ = m.Write(sig[split:])
		if !m.found {
			t.Fatalf("split at %d: not found", split)
		}
	}
	nearMiss := append([]byte(nil), sig...)
	nearMiss[len(nearMiss)-1] = '#'
	m := newMatcher(sig)
	for _, b := range nearMiss {
		_, _ = m.Write([]byte{b})
	}
	if m.found {
		t.Fatal("a near miss matched")
	}
}

type entry struct {
	name string
	body []byte
}

func mkZip(t testing.TB, method uint16, files ...entry) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(f.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mkTar(t testing.TB, files ...entry) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		_, _ = tw.Write(f.body)
	}
	_ = tw.Close()
	return b.Bytes()
}

func mkGz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	gw := gzip.NewWriter(&b)
	_, _ = gw.Write(data)
	_ = gw.Close()
	return b.Bytes()
}

var testLimits = Limits{MaxUpload: 1 << 30, DailyBytes: 10 << 30, DailyFiles: 100, MaxImport: 50 << 30,
	MaxExpanded: 1 << 30, MaxRatio: 100, MaxEntries: 1000, MaxDepth: 2}

// inspect runs Inspect on data both as a stream (zip spooled) and as a file (zip in place).
func inspect(t *testing.T, data []byte) Inspection {
	t.Helper()
	// One byte per read: every buffer boundary the scanner has is exercised.
	stream, err := Inspect(context.Background(), iotest.HalfReader(bytes.NewReader(data)), int64(len(data)), testLimits, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "pkg")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	file, err := Inspect(context.Background(), f, -1, testLimits, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if stream.SHA256 != file.SHA256 || stream.Broken != file.Broken || len(stream.Found) != len(file.Found) || stream.Entries != file.Entries {
		t.Fatalf("stream and file disagree:\n%+v\n%+v", stream, file)
	}
	sum := sha256.Sum256(data)
	if stream.SHA256 != hex.EncodeToString(sum[:]) || stream.Size != int64(len(data)) {
		t.Fatalf("hash/size wrong: %+v", stream)
	}
	return stream
}

var clean = []entry{{"app/README.md", []byte("hello")}, {"app/bin/tool", bytes.Repeat([]byte{0, 1, 2, 3}, 10000)}}

func withEICAR(name string) []entry {
	return append(append([]entry(nil), clean...), entry{name, EICAR.Pattern})
}

func foundIn(ins Inspection) []string {
	var out []string
	for _, f := range ins.Found {
		out = append(out, f.Entry)
	}
	return out
}

func TestInspectCleanPackages(t *testing.T) {
	t.Parallel()
	for name, data := range map[string][]byte{
		"zip":    mkZip(t, zip.Deflate, clean...),
		"tar":    mkTar(t, clean...),
		"tar.gz": mkGz(t, mkTar(t, clean...)),
	} {
		ins := inspect(t, data)
		if ins.Format != name || ins.FormatNote != "" || ins.Broken != "" || len(ins.Found) != 0 || ins.Entries != 2 || len(ins.Unsafe) != 0 {
			t.Errorf("%s: %+v", name, ins)
		}
	}
}

func TestInspectFindsEICAR(t *testing.T) {
	t.Parallel()
	nested := mkZip(t, zip.Deflate, withEICAR("inner/eicar.txt")...)
	// 64 KiB of padding puts the signature across the scanner's read buffers.
	straddle := append(bytes.Repeat([]byte("x"), 64<<10-30), EICAR.Pattern...)
	cases := map[string]struct {
		data []byte
		want string
	}{
		"deflated zip entry":     {mkZip(t, zip.Deflate, withEICAR("app/eicar.com")...), "app/eicar.com"},
		"stored zip entry":       {mkZip(t, zip.Store, withEICAR("app/eicar.com")...), "app/eicar.com"},
		"tar entry":              {mkTar(t, withEICAR("a/eicar.com")...), "a/eicar.com"},
		"tar.gz entry":           {mkGz(t, mkTar(t, withEICAR("lib/x/eicar.bin")...)), "lib/x/eicar.bin"},
		"split across buffers":   {mkGz(t, mkTar(t, entry{"big.bin", straddle})), "big.bin"},
		"zip nested in a tar.gz": {mkGz(t, mkTar(t, append(clean, entry{"plugins/p.zip", nested})...)), "plugins/p.zip!/inner/eicar.txt"},
	}
	for name, c := range cases {
		ins := inspect(t, c.data)
		if !slices.Contains(foundIn(ins), c.want) || ins.Broken != "" {
			t.Errorf("%s: found in %q, want %q (%+v)", name, foundIn(ins), c.want, ins)
		}
	}
	// Bytes after the archive are still the package's: the raw stream is scanned too.
	trailing := append(mkZip(t, zip.Deflate, clean...), EICAR.Pattern...)
	if ins := inspect(t, trailing); len(ins.Found) != 1 || ins.Found[0].Entry != "" {
		t.Errorf("trailing signature: %+v", ins.Found)
	}
}

func TestInspectBrokenArchives(t *testing.T) {
	t.Parallel()
	z := mkZip(t, zip.Store, clean...)
	badCRC := append([]byte(nil), z...)
	i := bytes.Index(badCRC, []byte("hello"))
	badCRC[i] = 'j' // the stored bytes no longer match the CRC in the header
	tgz := mkGz(t, mkTar(t, clean...))
	badTrailer := append([]byte(nil), tgz...)
	badTrailer[len(badTrailer)-6] ^= 0xff // CRC-32 in the gzip trailer
	tarData := mkTar(t, clean...)
	cases := map[string]struct {
		data []byte
		note string
	}{
		"zip entry CRC":         {badCRC, "crc"},
		"zip cut short":         {z[:len(z)-30], "zip_structure"},
		"tar.gz cut short":      {tgz[:len(tgz)/2], "truncated"},
		"gzip trailer":          {badTrailer, "gzip_trailer"},
		"tar header cut short":  {tarData[:1200], "truncated"},
		"tar body cut short":    {tarData[:1024+512+100], "truncated"},
		"tar header garbled":    {garble(tarData, 100), "tar_header"},
		"encrypted zip entry":   {encryptedFlag(t), "encrypted"},
		"too many zip entries":  {mkZip(t, zip.Store, manyEntries(1001)...), "too_many_entries"},
		"decompression bomb":    {mkGz(t, mkTar(t, entry{"zeros", make([]byte, 3<<20)})), "expansion"},
		"unsupported zip codec": {methodZip(t), "method"},
	}
	for name, c := range cases {
		lim := testLimits
		if name == "decompression bomb" {
			lim.MaxExpanded = 1 << 20
		}
		ins, err := Inspect(context.Background(), bytes.NewReader(c.data), -1, lim, t.TempDir())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ins.Broken != c.note {
			t.Errorf("%s: broken %q, want %q (%+v)", name, ins.Broken, c.note, ins)
		}
	}
}

func garble(data []byte, at int) []byte {
	out := append([]byte(nil), data...)
	out[at] ^= 0x55 // the header checksum no longer matches
	return out
}

func manyEntries(n int) []entry {
	out := make([]entry, n)
	for i := range out {
		out[i] = entry{name: "f/" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(int64(i)), body: []byte("x")}
	}
	return out
}

// encryptedFlag marks the first entry of a zip as encrypted.
func encryptedFlag(t *testing.T) []byte {
	z := mkZip(t, zip.Store, clean...)
	z[6] |= 1 // local header flags
	i := bytes.Index(z, []byte("PK\x01\x02"))
	z[i+8] |= 1 // central directory flags
	return z
}

// methodZip names a compression method the scanner cannot read.
func methodZip(t *testing.T) []byte {
	z := mkZip(t, zip.Store, clean...)
	z[8] = 99
	i := bytes.Index(z, []byte("PK\x01\x02"))
	z[i+10] = 99
	return z
}

func TestInspectFormatsByContent(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		data []byte
		note string
	}{
		"text named .zip":   {[]byte("just text, not an archive"), "format_unknown"},
		"gzip of a file":    {mkGz(t, []byte("plain log line\n")), "gzip_not_tar"},
		"empty zip":         {mkZip(t, zip.Store), "no_files"},
		"png":               {[]byte("\x89PNG\r\n\x1a\n rest"), "format_unknown"},
		"empty file":        {nil, "format_unknown"},
		"tar without magic": {bytes.Repeat([]byte{1}, 1024), "format_unknown"},
	}
	for name, c := range cases {
		ins, err := Inspect(context.Background(), bytes.NewReader(c.data), -1, testLimits, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if ins.FormatNote != c.note {
			t.Errorf("%s: note %q, want %q", name, ins.FormatNote, c.note)
		}
	}
}

func TestInspectUnsafePaths(t *testing.T) {
	t.Parallel()
	ins := inspect(t, mkTar(t, entry{"../../etc/cron.d/x", []byte("x")}, entry{"/abs/path", []byte("y")}, entry{"ok/file", []byte("z")}))
	if len(ins.Unsafe) != 2 {
		t.Fatalf("unsafe %q", ins.Unsafe)
	}
	ins = inspect(t, mkZip(t, zip.Deflate, entry{"..\\..\\win.ini", []byte("x")}))
	if len(ins.Unsafe) != 1 {
		t.Fatalf("backslash path: %q", ins.Unsafe)
	}
}

// A read that fails (storage trouble) is an error to retry, not a broken package.
func TestInspectSourceErrorIsRetried(t *testing.T) {
	t.Parallel()
	data := mkGz(t, mkTar(t, clean...))
	r := io.MultiReader(bytes.NewReader(data[:100]), iotest.ErrReader(io.ErrClosedPipe))
	if _, err := Inspect(context.Background(), r, -1, testLimits, t.TempDir()); err == nil {
		t.Fatal("a failing source was taken for a broken package")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Inspect(ctx, bytes.NewReader(data), -1, testLimits, t.TempDir()); err == nil {
		t.Fatal("a cancelled scan reported a result")
	}
}

func TestValidBucketAndKey(t *testing.T) {
	t.Parallel()
	for _, b := range []string{"my-bucket", "abc", "a.b-c1"} {
		if !ValidBucket(b) {
			t.Errorf("bucket %q refused", b)
		}
	}
	for _, b := range []string{"", "ab", "../x", "UPPER", "a..b", "-ab", "a/b", strings.Repeat("a", 64)} {
		if ValidBucket(b) {
			t.Errorf("bucket %q accepted", b)
		}
	}
	for _, k := range []string{"a.zip", "releases/2.4/app.tar.gz", "空格 name.zip"} {
		if !ValidKey(k) {
			t.Errorf("key %q refused", k)
		}
	}
	for _, k := range []string{"", "/etc/passwd", "../x", "a/../../b", "a//b", "a\\b", "a\x00b", "./a"} {
		if ValidKey(k) {
			t.Errorf("key %q accepted", k)
		}
	}
}

// The scanner reads untrusted archives: whatever the bytes, it answers without
// panicking, and a package it calls intact has no problem recorded.
func FuzzInspect(f *testing.F) {
	f.Add(mkZip(f, zip.Deflate, withEICAR("a/e.com")...))
	f.Add(mkTar(f, clean...))
	f.Add(mkGz(f, mkTar(f, clean...)))
	f.Add(mkGz(f, mkTar(f, entry{"p.zip", mkZip(f, zip.Store, clean...)})))
	lim := testLimits
	lim.MaxExpanded = 8 << 20
	f.Fuzz(func(t *testing.T, data []byte) {
		ins, err := Inspect(context.Background(), bytes.NewReader(data), int64(len(data)), lim, t.TempDir())
		if err != nil {
			t.Fatalf("an in-memory package is never a source error: %v", err)
		}
		if ins.Size != int64(len(data)) {
			t.Fatalf("size %d of %d", ins.Size, len(data))
		}
	})
}
