package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"agora/internal/config"
	"agora/internal/platform/clock"
	"agora/internal/platform/pgdb"
	"agora/migrations"
)

func cmdServe(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	dsn, err := requireDSN(cfg)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, dsn, newLogger(cfg, stderr), nil)
}

// serve runs the HTTP server until ctx ends, then shuts down gracefully.
// ready, if given, receives the listening address once the server accepts connections.
func serve(ctx context.Context, cfg config.Config, dsn string, log *slog.Logger, ready func(addr string)) error {
	if err := pgdb.CheckSchema(dsn, migrations.FS); err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	}
	pool, err := pgdb.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := pgdb.CheckRiver(ctx, pool); err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	}
	svc, err := newServices(cfg, pool, clock.System{}, log)
	if err != nil {
		return err
	}
	srv, err := newServer(cfg, dsn, pool, clock.System{}, log, svc)
	if err != nil {
		return err
	}
	defer srv.Close()
	jobs, err := newJobs(pool, log, svc)
	if err != nil {
		return err
	}
	if err := jobs.Start(ctx); err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		if err := jobs.Stop(sctx); err != nil {
			log.Warn("stopping jobs", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "base_url", cfg.BaseURL)
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
