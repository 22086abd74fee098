package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"agora/internal/config"
	"agora/internal/platform/clock"
	"agora/internal/testdb"
)

// queryLog records the statements a page runs (a pgx tracer on the server's pool).
type queryLog struct {
	mu   sync.Mutex
	seen []tracedQuery
	off  atomic.Bool // the benchmark stops recording once the plans are checked
}

type tracedQuery struct {
	SQL  string
	Args []any
}

func (l *queryLog) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	if l.off.Load() {
		return ctx
	}
	var args []any
	for _, a := range d.Args {
		if _, mode := a.(pgx.QueryExecMode); !mode {
			args = append(args, a)
		}
	}
	l.mu.Lock()
	l.seen = append(l.seen, tracedQuery{SQL: d.SQL, Args: args})
	l.mu.Unlock()
	return ctx
}

func (l *queryLog) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (l *queryLog) take() []tracedQuery {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.seen
	l.seen = nil
	return out
}

// tracedServer is the real server over dsn whose pool records every statement.
type tracedServer struct {
	URL  string
	Log  *queryLog
	Pool *pgxpool.Pool
	svc  *services
}

func newTracedServer(t testing.TB, dsn, dataDir string) *tracedServer {
	t.Helper()
	pc, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	ql := &queryLog{}
	pc.ConnConfig.Tracer = ql
	pool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "AGORA_DATA_DIR":
			return dataDir
		case "DATABASE_URL":
			return dsn
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	clk := clock.NewFixed(start)
	svc, err := newServices(cfg, pool, clk, log)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := newServer(cfg, dsn, pool, clk, log, svc)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); srv.Close(); pool.Close() })
	return &tracedServer{URL: ts.URL, Log: ql, Pool: pool, svc: svc}
}

// planCase is a storefront page and how many statements it may run.
type planCase struct {
	name, path string
	maxQueries int
}

// storefrontPages are the pages the plan test and the benchmark check, with
// realistic parameters: the product comes from the generated catalog.
func storefrontPages(product string) []planCase {
	return []planCase{
		{"home", "/", 3},
		{"browse", "/products", 3},
		{"category", "/products?category=database", 3},
		{"search zh", "/products?q=" + url.QueryEscape("数据库"), 2},
		{"search en partial", "/products?q=postg", 2},
		{"search short", "/products?q=AI", 2},
		{"search zh short", "/products?q=" + url.QueryEscape("客服"), 2},
		{"search zh one", "/products?q=" + url.QueryEscape("云") + "&sort=newest", 3},
		{"search newest", "/products?q=" + url.QueryEscape("安全") + "&sort=newest", 3},
		{"filtered browse", "/products?category=database&billing=monthly&price_min=100&price_max=5000&sort=price_asc", 3},
		{"type and price", "/products?type=saas&sort=price_desc", 3},
		{"deep page", "/products?page=30", 3},
		{"product", "/products/" + product, 2},
	}
}

// checkPlans fetches every storefront page and EXPLAINs each statement it ran
// with the parameters it ran with. It fails on a sequential scan of any table
// bigger than the categories, and on a page that runs more statements than it
// should (no N+1). It returns the indexes each page used.
func checkPlans(t testing.TB, s *tracedServer, pages []planCase) map[string][]string {
	t.Helper()
	ctx := context.Background()
	used := map[string][]string{}
	for _, pc := range pages {
		s.Log.take()
		res, err := http.Get(s.URL + pc.path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", pc.path, res.StatusCode)
		}
		qs := s.Log.take()
		if len(qs) > pc.maxQueries {
			t.Errorf("%s runs %d statements (at most %d)", pc.name, len(qs), pc.maxQueries)
		}
		for _, q := range qs {
			var raw []byte
			if err := s.Pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+q.SQL, append([]any{pgx.QueryExecModeCacheDescribe}, q.Args...)...).Scan(&raw); err != nil {
				t.Fatalf("%s: explain: %v\n%s", pc.name, err, q.SQL)
			}
			var plan []struct{ Plan planNode }
			if err := json.Unmarshal(raw, &plan); err != nil {
				t.Fatal(err)
			}
			walkPlan(plan[0].Plan, func(n planNode) {
				if n.NodeType == "Seq Scan" && n.Relation != "categories" {
					t.Errorf("%s: sequential scan of %s in\n%s", pc.name, n.Relation, firstLine(q.SQL))
				}
				if n.Index != "" {
					used[pc.name] = appendOnce(used[pc.name], n.Index)
				}
			})
		}
	}
	return used
}

type planNode struct {
	NodeType string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Index    string     `json:"Index Name"`
	Plans    []planNode `json:"Plans"`
}

func walkPlan(n planNode, f func(planNode)) {
	f(n)
	for _, c := range n.Plans {
		walkPlan(c, f)
	}
}

func appendOnce(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return s
}

// TestStorefrontPlans: every statement the storefront runs uses an index, on a
// catalog big enough for the planner to choose honestly: 20,000 generated
// products with fresh statistics, default planner settings. (The benchmark
// repeats the check at 100,000.) Each page runs a fixed, small number of
// statements whatever it shows.
func TestStorefrontPlans(t *testing.T) {
	db := testdb.New(t)
	dir := t.TempDir()
	s := newTracedServer(t, db.DSN, dir)
	if _, err := s.svc.agreements.Publish(context.Background(), cooperationAgreement); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, svc: s.svc, cfg: mustConfig(t, db.DSN, dir)}
	rep := generatedCatalog(t, h, 20_000)
	used := checkPlans(t, s, storefrontPages(rep.Listed.String()))
	for name, idx := range used {
		t.Logf("%-18s %s", name, strings.Join(idx, ", "))
	}
}

func mustConfig(t testing.TB, dsn, dir string) config.Config {
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "AGORA_DATA_DIR":
			return dir
		case "DATABASE_URL":
			return dsn
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
