package main

import (
	"testing"

	"agora/internal/asset"
	"agora/internal/lifecycle"
	"agora/internal/platform/i18n"
	"agora/web/locales"
)

// assetKeys are the catalog keys the asset pages build from data: statuses,
// events, kinds, scan checks and their notes, regions, operating systems,
// self-check items, results and inbox topics.
func assetKeys() []string {
	var keys []string
	for _, s := range lifecycle.Asset.States[1:] {
		keys = append(keys, "status.asset."+string(s), "asset.status_hint."+string(s))
	}
	for _, e := range lifecycle.Asset.Events {
		keys = append(keys, "event.asset."+string(e))
	}
	for _, k := range asset.Kinds {
		keys = append(keys, "asset.kind."+k, "asset.kind."+k+"_hint")
	}
	for _, id := range asset.CheckIDs {
		keys = append(keys, "asset.check."+id)
	}
	for _, id := range asset.NoteIDs {
		keys = append(keys, "asset.note."+id)
	}
	for _, r := range asset.Regions {
		keys = append(keys, "asset.region."+r)
	}
	for _, o := range asset.OSes {
		keys = append(keys, "asset.os."+o)
	}
	for _, it := range asset.SelfCheckItems {
		keys = append(keys, "asset.selfcheck."+it, "asset.selfcheck."+it+".hint")
	}
	for _, r := range []string{asset.Pass, asset.Fail, asset.Skip, asset.Manual} {
		keys = append(keys, "asset.result."+r)
	}
	for _, topic := range []string{"asset_scan_failed", "asset_in_review", "asset_approved", "asset_rejected"} {
		keys = append(keys, "inbox."+topic+".subject", "inbox."+topic+".body")
	}
	return keys
}

func TestAssetCatalogKeys(t *testing.T) {
	b, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range assetKeys() {
		if !b.Has("en", k) || !b.Has("zh-CN", k) {
			t.Errorf("asset key %q is missing from a catalog", k)
		}
	}
}
