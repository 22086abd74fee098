package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"agora/internal/asset"
	"agora/internal/asset/assettest"
	"agora/internal/lifecycle"
)

// TestScanRunsInTheJobRunner: the job runner the server starts (newJobs) picks
// up the scan that a submission queued and finishes it. It waits for River's
// completion event, not for time to pass.
func TestScanRunsInTheJobRunner(t *testing.T) {
	h := newHarness(t)
	seller := h.readySeller("runner")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs, err := newJobs(h.svc.store.Pool, slog.New(slog.NewTextHandler(io.Discard, nil)), h.svc)
	if err != nil {
		t.Fatal(err)
	}
	events, stop := jobs.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer stop()
	if err := jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = jobs.Stop(context.Background()) }()

	a, err := h.svc.assets.Create(ctx, seller, asset.KindPackage, asset.DetailsInput{Name: "Runner package", Release: "1.0"})
	if err != nil {
		t.Fatal(err)
	}
	if a, err = h.svc.assets.Upload(ctx, seller.ID, a.ID, "r.zip", bytes.NewReader(assettest.Zip(t, assettest.Infected(), false))); err != nil {
		t.Fatal(err)
	}
	if _, err = h.svc.assets.Submit(ctx, seller, a.ID, asset.SubmitInput{Confirmed: assettest.SelfCheck(), Version: submitV(a.Version)}); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case ev := <-events:
			if ev.Job.Kind != (asset.ScanArgs{}).Kind() {
				continue
			}
			if ev.Kind != river.EventKindJobCompleted || ev.Job.Queue != asset.ScanQueue {
				t.Fatalf("scan job: %s in queue %s: %v", ev.Kind, ev.Job.Queue, ev.Job.Errors)
			}
			got, err := h.svc.assets.Get(ctx, a.ID)
			if err != nil || got.Status != lifecycle.AssetScanFailed {
				t.Fatalf("after the job: %s %v", got.Status, err)
			}
			return
		case <-ctx.Done():
			t.Fatal("the scan job never finished")
		}
	}
}
