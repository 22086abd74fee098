package main

import (
	"context"
	"testing"

	"agora/internal/catalog"
	"agora/internal/lifecycle"
)

// The demo marketplace has a real catalog, made through the real flow, and
// seeding twice changes nothing.
func TestSeedDemoCatalog(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	for range 2 {
		if err := seedDemo(ctx, h.svc, h.Clock); err != nil {
			t.Fatal(err)
		}
	}
	types := map[string]bool{}
	listed, hidden, pendingRelease, pendingChange := 0, 0, 0, 0
	for _, name := range []string{"seller", "secure", "datawise"} {
		a, err := h.svc.accounts.FindByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		products, err := h.svc.catalog.MyProducts(ctx, a.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range products {
			if p.Status == lifecycle.ShelfListed {
				listed++
				types[p.AccessType] = true
			}
			if !p.Public {
				hidden++
			}
		}
		apps, err := h.svc.catalog.MyApplications(ctx, a.ID, false, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, app := range apps {
			if app.Status == lifecycle.AppPending && app.Kind == catalog.KindRelease {
				pendingRelease++
			}
			if app.Status == lifecycle.AppPending && app.Kind == catalog.KindModify {
				pendingChange++
			}
		}
	}
	if listed < 30 {
		t.Errorf("%d listed demo products, want at least 30", listed)
	}
	for _, typ := range catalog.AccessTypes {
		if !types[typ] {
			t.Errorf("no listed demo product of type %s", typ)
		}
	}
	if hidden != 1 || pendingRelease != 1 || pendingChange != 1 {
		t.Errorf("hidden %d, pending releases %d, pending modifications %d; want one each", hidden, pendingRelease, pendingChange)
	}
}
