package store_test

import (
	"context"
	"regexp"
	"slices"
	"testing"

	"agora/internal/lifecycle"
	"agora/internal/testdb"
)

// statusCheck returns the values the status CHECK constraint of table allows, sorted.
func statusCheck(t *testing.T, db *testdb.DB, table string) []string {
	t.Helper()
	rows, err := db.Pool.Query(context.Background(), `
		SELECT pg_get_constraintdef(c.oid)
		FROM pg_constraint c
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
		WHERE c.contype = 'c' AND c.conrelid = $1::regclass AND a.attname = 'status'`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var defs []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		defs = append(defs, d)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(defs) != 1 {
		t.Fatalf("%s: want one CHECK on status, got %q", table, defs)
	}
	var vals []string
	for _, m := range regexp.MustCompile(`'([^']*)'::text`).FindAllStringSubmatch(defs[0], -1) {
		vals = append(vals, m[1])
	}
	slices.Sort(vals)
	return vals
}

// nonEmpty returns the machine's states without the "no row yet" state, sorted.
func nonEmpty[S ~string](states []S) []string {
	var out []string
	for _, s := range states {
		if s != "" {
			out = append(out, string(s))
		}
	}
	slices.Sort(out)
	return out
}

// The database must accept exactly the states the lifecycle tables can reach,
// or a transition would fail at run time (or an impossible status slip in).
func TestStatusChecksMatchLifecycle(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	for _, c := range []struct {
		table string
		want  []string
	}{
		{"entry_applications", nonEmpty(lifecycle.Entry.States)},
		{"certifications", nonEmpty(lifecycle.Certification.States)},
		{"product_applications", nonEmpty(lifecycle.Application.States)},
		{"products", nonEmpty(lifecycle.Shelf.States)},
		{"product_specs", nonEmpty(lifecycle.Shelf.States)},
		{"assets", nonEmpty(lifecycle.Asset.States)},
		{"orders", nonEmpty(lifecycle.Order.States)},
		{"supervisions", nonEmpty(lifecycle.StandardFlow.States)},
		{"appeals", nonEmpty(lifecycle.Appeal.States)},
		{"unsubscriptions", nonEmpty(lifecycle.Unsubscription.States)},
		{"invoices", nonEmpty(lifecycle.Invoice.States)},
		{"exports", nonEmpty(lifecycle.Export.States)},
		{"statements", nonEmpty(lifecycle.Statement.States)},
		{"fee_invoices", nonEmpty(lifecycle.FeeInvoice.States)},
	} {
		if got := statusCheck(t, db, c.table); !slices.Equal(got, c.want) {
			t.Errorf("%s status CHECK allows %q, lifecycle has %q", c.table, got, c.want)
		}
	}
}
