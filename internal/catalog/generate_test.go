package catalog_test

import (
	"context"
	"errors"
	"testing"
	"unicode"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"agora/internal/catalog"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/blob"
	"agora/internal/store/pg"
	"agora/internal/testfix"
)

// generated loads a small generated catalog into a fresh database.
func generated(t *testing.T, products int) (*testfix.Env, *catalog.Service, catalog.GenReport) {
	t.Helper()
	env := testfix.New(t)
	blobs, err := blob.NewDir(env.BlobDir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := catalog.Generate(context.Background(), env.Store, blobs, catalog.GenOptions{Products: products, Seed: 7, Now: testfix.Start})
	if err != nil {
		t.Fatal(err)
	}
	svc := env.Catalog()
	return env, svc, rep
}

// TestGenerateIsReal: a generated catalog is what the application itself would
// have written — every release passes the same checks the reviewer's approval
// runs (form rules, the seller's own logo upload, an approved asset, unique
// names), sellers are approved and certified, evidence chains verify — and it
// covers the catalog's variety: every type and billing mode, Chinese and English names.
func TestGenerateIsReal(t *testing.T) {
	env, svc, rep := generated(t, 400)
	ctx := context.Background()
	if rep.Products != 400 || rep.Sellers != 40 || rep.Specs < 400 {
		t.Fatalf("report %+v", rep)
	}
	for _, id := range []uuid.UUID{rep.Listed, rep.Hidden, rep.Delisted, rep.Delisting, rep.HiddenSpec.Spec, rep.DelistedSpec.Spec} {
		if id == uuid.Nil {
			t.Errorf("a sample is missing: %+v", rep)
		}
	}
	var vr evidence.Report
	err := env.Store.InSnapshot(ctx, func(q *pg.Queries) (err error) { vr, err = evidence.Verify(ctx, q); return err })
	if err != nil || len(vr.Problems) > 0 || vr.Events != rep.Events {
		t.Fatalf("evidence: %d chains, %d events (%d written), problems %v, %v", vr.Chains, vr.Events, rep.Events, vr.Problems, err)
	}

	sellers, err := env.Store.Pool.Query(ctx, "SELECT DISTINCT seller_id FROM products")
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(sellers, pgx.RowTo[uuid.UUID])
	if err != nil || len(ids) != 40 {
		t.Fatalf("%d sellers with products, %v", len(ids), err)
	}
	modes, types := map[string]bool{}, map[string]bool{}
	english, apps := 0, 0
	for _, seller := range ids {
		standing, err := env.Merchants.Standing(ctx, seller)
		if err != nil || !standing.Ready() {
			t.Fatalf("generated seller not ready to sell: %+v %v", standing, err)
		}
		var mine []catalog.Application
		for page := 1; ; page++ {
			more, err := svc.MyApplications(ctx, seller, false, page)
			if err != nil {
				t.Fatal(err)
			}
			mine = append(mine, more[:min(len(more), catalog.ApplicationPage)]...)
			if len(more) <= catalog.ApplicationPage {
				break
			}
		}
		for _, app := range mine {
			if app.Status != lifecycle.AppApproved || app.ProductID == nil {
				t.Fatalf("application %s: %s", app.Number, app.Status)
			}
			if err := svc.CheckRelease(ctx, seller, app); err != nil {
				t.Fatalf("%s %q fails the release checks: %v", app.Number, app.Content.Name, err)
			}
			c := app.Content
			for _, sp := range c.Specs {
				modes[sp.BillingMode] = true
			}
			types[c.AccessType] = true
			if c.NameEn != "" {
				english++
			}
			if !hasHan(c.Name) {
				t.Errorf("name without Chinese: %q", c.Name)
			}
			apps++
		}
	}
	if apps != 400 {
		t.Fatalf("%d applications", apps)
	}
	if len(modes) != 4 || len(types) != len(catalog.AccessTypes) {
		t.Errorf("billing modes %v, types %v", modes, types)
	}
	if english < 200 || english == 400 {
		t.Errorf("%d of 400 products have an English name", english)
	}

	// A second run refuses rather than doubling the catalog.
	blobs, _ := blob.NewDir(env.BlobDir)
	if _, err := catalog.Generate(ctx, env.Store, blobs, catalog.GenOptions{Products: 10, Now: testfix.Start}); !errors.Is(err, catalog.ErrGenerated) {
		t.Fatalf("second run: %v", err)
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
