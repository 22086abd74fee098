package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"agora/internal/account"
	"agora/internal/config"
	"agora/internal/store/pg"
	"agora/internal/testdb"
)

// TestServeAndShutdown runs the real serve loop (schema checks, job queue,
// listener) and stops it the way Ctrl-C does.
func TestServeAndShutdown(t *testing.T) {
	db := testdb.New(t)
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "DATABASE_URL":
			return db.DSN
		case "AGORA_ADDR":
			return "127.0.0.1:0"
		case "AGORA_DATA_DIR":
			return t.TempDir()
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, db.DSN, slog.New(slog.NewTextHandler(io.Discard, nil)), func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("serve ended early: %v", err)
	}
	res, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("still answering after shutdown")
	}
}

// TestPruneLoginFailuresJob: the periodic job forgets failures older than the window only.
func TestPruneLoginFailuresJob(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := h.Clock.Now()
	for _, at := range []time.Time{now.Add(-time.Hour), now.Add(-time.Minute)} {
		if err := h.svc.store.RecordLoginFailure(ctx, pg.RecordLoginFailureParams{Scope: "addr", Key: "10.1.1.1", FailedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	w := &account.PruneWorker{Accounts: h.svc.accounts}
	if err := w.Work(ctx, nil); err != nil {
		t.Fatal(err)
	}
	left, err := h.svc.store.RecentLoginFailures(ctx, pg.RecentLoginFailuresParams{Scope: "addr", Key: "10.1.1.1", Since: now.Add(-24 * time.Hour), MaxRows: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || !left[0].Equal(now.Add(-time.Minute)) {
		t.Fatalf("left %v", left)
	}
}
