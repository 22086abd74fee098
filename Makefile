# Agora — the two commands that matter: `make run` and `make test`.
GO ?= go
BIN := bin/agora

.PHONY: run test build generate check-generated vet bench seed-large shots docker clean

## run: private PostgreSQL (unless DATABASE_URL is set), migrate, demo data, serve on :8080
run: build
	./$(BIN) dev

build:
	$(GO) build -o $(BIN) ./cmd/agora

## test: generated code is current, vet is clean, then every test (browser tests included)
test: check-generated vet build
	./$(BIN) with-db -- $(GO) test -count=1 -timeout 20m ./...

generate:
	$(GO) tool templ generate -path web
	$(GO) tool sqlc generate

check-generated:
	@$(GO) tool templ generate -path web >/dev/null 2>&1
	@$(GO) tool sqlc generate
	@git diff --exit-code --stat -- '*_templ.go' internal/store/pg || \
		(echo "generated code is stale: run 'make generate' and commit the result" >&2; exit 1)
	@test -z "$$(git ls-files --others --exclude-standard -- '*_templ.go' internal/store/pg)" || \
		(echo "generated files are not committed" >&2; git ls-files --others --exclude-standard -- '*_templ.go' internal/store/pg >&2; exit 1)

vet:
	$(GO) vet ./...

## seed-large: a generated catalog of 100,000 products from 10,000 sellers in the dev database (or DATABASE_URL)
seed-large: build
	./$(BIN) seed --products 100000

## bench: storefront and other pages at 100,000 products (generated once, then reused) against a static-file
## ceiling in the same run; checks every storefront query plan first; prints req/s and p50/p95/p99;
## then exports of 100,000 and 1,000,000 generated orders as CSV and XLSX (rows/s, peak heap)
bench: build
	./$(BIN) with-db -- $(GO) test -run '^$$' -bench 'BenchmarkPages|BenchmarkExport|BenchmarkOrders|BenchmarkBillRun|BenchmarkAnalytics' -benchtime 5s -timeout 60m ./cmd/agora/

## shots: screenshots of every page in both languages (needs `make run` in another terminal)
shots:
	$(GO) run ./tools/screenshots -url http://localhost:8080 -out var/shots

docker:
	docker build -t agora .

clean:
	rm -rf bin
