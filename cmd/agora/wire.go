package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/analytics"
	"agora/internal/asset"
	"agora/internal/catalog"
	"agora/internal/config"
	"agora/internal/export"
	"agora/internal/file"
	"agora/internal/inbox"
	"agora/internal/invoice"
	"agora/internal/ledger"
	"agora/internal/merchant"
	"agora/internal/order"
	"agora/internal/platform/blob"
	"agora/internal/platform/clock"
	"agora/internal/platform/i18n"
	"agora/internal/platform/pgdb"
	"agora/internal/server"
	"agora/internal/settlement"
	"agora/internal/store"
	"agora/internal/supervision"
	"agora/internal/unsub"
	"agora/internal/workday"
	"agora/migrations"
	"agora/web/locales"
)

// services are the domain services, built once per process.
type services struct {
	cfg         config.Config
	log         *slog.Logger
	store       *store.Store
	accounts    *account.Service
	files       *file.Service
	agreements  *agreement.Service
	inbox       *inbox.Service
	calendar    *workday.Service
	merchants   *merchant.Service
	assets      *asset.Service
	catalog     *catalog.Service
	orders      *order.Service
	supervision *supervision.Service
	unsub       *unsub.Service
	ledger      *ledger.Service
	exports     *export.Service
	invoices    *invoice.Service
	settlement  *settlement.Service
	analytics   *analytics.Service
}

func newServices(cfg config.Config, pool *pgxpool.Pool, clk clock.Clock, log *slog.Logger) (*services, error) {
	blobs, err := blob.NewDir(cfg.BlobDir)
	if err != nil {
		return nil, err
	}
	st := store.New(pool)
	s := &services{cfg: cfg, log: log, store: st}
	s.accounts = account.NewService(st, clk, log)
	s.files = file.NewService(st, blobs, clk)
	s.agreements = agreement.NewService(st, clk)
	s.inbox = inbox.NewService(st, clk)
	s.calendar = workday.NewService(st, clk, cfg.Location)
	s.merchants = merchant.NewService(st, clk, s.files, s.agreements, s.calendar, log)
	s.assets = asset.NewService(st, clk, s.files, blobs, s.calendar, log)
	if cfg.ImportDir != "" {
		s.assets.UseSource(asset.DirSource{Root: cfg.ImportDir})
	}
	s.catalog = catalog.NewService(st, clk, s.files, s.assets, s.calendar, log)
	s.ledger = ledger.NewService(st, clk, log)
	s.orders = order.NewService(st, clk, s.catalog, cfg.Location, log)
	s.supervision = supervision.NewService(st, clk, s.files, s.orders, s.calendar, cfg.Location, log)
	s.unsub = unsub.NewService(st, clk, s.files, s.orders, s.supervision, s.calendar, cfg.Location, log)
	s.invoices = invoice.NewService(st, clk, s.files, cfg.Location, log)
	s.settlement = settlement.NewService(st, clk, s.calendar, cfg.Location, log)
	s.analytics = analytics.NewService(st, clk, cfg.Location, log)
	// Exports write their header rows in the exporter's language.
	msgs, err := i18n.Load(locales.FS)
	if err != nil {
		return nil, err
	}
	s.exports = export.NewService(st, blobs, clk, msgs, cfg.Location, log)
	return s, nil
}

// newServer wires the HTTP server over the services.
func newServer(cfg config.Config, dsn string, pool *pgxpool.Pool, clk clock.Clock, log *slog.Logger, svc *services) (*server.Server, error) {
	bundle, err := i18n.Load(locales.FS)
	if err != nil {
		return nil, err
	}
	return server.New(server.Deps{Config: cfg, Log: log, Clock: clk, Pool: pool, I18n: bundle,
		Accounts: svc.accounts, Files: svc.files, Agreements: svc.agreements, Inbox: svc.inbox,
		Calendar: svc.calendar, Merchants: svc.merchants, Catalog: svc.catalog, Assets: svc.assets, Orders: svc.orders, Supervision: svc.supervision,
		Unsub:  svc.unsub,
		Ledger: svc.ledger, Exports: svc.exports,
		Invoices: svc.invoices, Settlement: svc.settlement, Analytics: svc.analytics,
		Ready: func(ctx context.Context) error {
			if err := pool.Ping(ctx); err != nil {
				return err
			}
			if err := pgdb.CheckSchema(dsn, migrations.FS); err != nil {
				return err
			}
			return pgdb.CheckRiver(ctx, pool)
		}}), nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel))); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func requireDSN(cfg config.Config) (string, error) {
	if cfg.DatabaseURL == "" {
		return "", fmt.Errorf("DATABASE_URL is not set (use `make run` or `agora dev` for a private database)")
	}
	return cfg.DatabaseURL, nil
}
