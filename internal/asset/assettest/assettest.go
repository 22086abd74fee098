// Package assettest runs queued asset scans deterministically in tests and
// builds packages to scan.
package assettest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"agora/internal/asset"
)

// RunScans works every queued scan job through the real worker, then removes
// it, as the job runner would; it returns how many ran. It finds the jobs the
// submitting transactions inserted, so a submit that forgot to queue its scan
// fails the test that expects one.
func RunScans(t testing.TB, pool *pgxpool.Pool, svc *asset.Service) int {
	t.Helper()
	ctx := context.Background()
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := client.JobList(ctx, river.NewJobListParams().Kinds(asset.ScanArgs{}.Kind()).
		States(rivertype.JobStateAvailable).First(1000))
	if err != nil {
		t.Fatal(err)
	}
	w := &asset.ScanWorker{Assets: svc}
	for _, j := range res.Jobs {
		var args asset.ScanArgs
		if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
			t.Fatal(err)
		}
		if err := w.Work(ctx, &river.Job[asset.ScanArgs]{JobRow: j, Args: args}); err != nil {
			t.Fatalf("scan job %d: %v", j.ID, err)
		}
		if _, err := client.JobDelete(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
	}
	return len(res.Jobs)
}

// File is one archive entry.
type File struct {
	Name string
	Body []byte
}

// Clean is a small, harmless package.
func Clean() []File {
	return []File{{"app/README.md", []byte("# Demo app\n\nInstall with ./install.sh\n")},
		{"app/install.sh", []byte("#!/bin/sh\necho installing\n")},
		{"app/bin/server", bytes.Repeat([]byte("binary payload "), 2000)}}
}

// Infected is Clean plus the EICAR test file.
func Infected() []File { return append(Clean(), File{"app/samples/eicar.com", asset.EICAR.Pattern}) }

// Zip builds a zip archive; store leaves entries uncompressed.
func Zip(t testing.TB, files []File, store bool) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		method := zip.Deflate
		if store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.Body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Tar builds a tar archive.
func Tar(t testing.TB, files []File) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.Name, Mode: 0o644, Size: int64(len(f.Body)), Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.Body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Gzip compresses data.
func Gzip(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TarGz builds a tar.gz archive.
func TarGz(t testing.TB, files []File) []byte { return Gzip(t, Tar(t, files)) }

// SelfCheck confirms every item of the security self-check.
func SelfCheck() []string { return append([]string(nil), asset.SelfCheckItems...) }
