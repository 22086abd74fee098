package httpx

import (
	"context"
	"slices"
	"sort"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/file"
	"agora/web/seller"
	"agora/web/ui"
)

// The views of an asset are shared by the seller center and operations
// (internal/server/ops builds its review page from them).

// AssetDetailView is an asset as shown to viewer (its seller or operations).
func AssetDetailView(ctx context.Context, files *file.Service, viewer account.Account, a asset.Asset) seller.AssetDetail {
	d := seller.AssetDetail{ID: a.ID.String(), Number: a.Number, Name: a.Name, Release: a.Release, Description: a.Description,
		Kind: a.Kind, Status: string(a.Status), Version: a.Version, Source: a.Source, Bucket: a.Bucket, ObjectKey: a.ObjectKey,
		DeclaredSize: a.DeclaredSize, DeclaredSHA256: a.DeclaredSHA256, ImageRef: a.ImageRef, ImageDiskGB: a.ImageDiskGB,
		SubmittedAt: a.SubmittedAt, Reason: a.Reason, DecidedAt: a.DecidedAt, UpdatedAt: a.UpdatedAt}
	if a.ImageRegion != "" {
		d.ImageRegion = "asset.region." + a.ImageRegion
	}
	if a.ImageOS != "" {
		d.ImageOS = "asset.os." + a.ImageOS
	}
	if a.FileID != nil {
		d.File = FileLink(ctx, files, viewer, a.FileID.String())
	}
	if a.DueAt != nil {
		d.SLA = &ui.SLA{Due: *a.DueAt, Done: a.DecidedAt != nil}
	}
	return d
}

// AssetReportView turns a scan report into display lines; a problem of the
// package as a whole (no entry) is said in the viewer's language.
func AssetReportView(ctx context.Context, r *asset.Report) *seller.AssetReportView {
	if r == nil {
		return nil
	}
	v := &seller.AssetReportView{At: r.At, Passed: r.Passed(), Format: r.Format, Size: r.Size, SHA256: r.SHA256, Entries: r.Entries}
	for _, c := range r.Checks {
		keys := make([]string, 0, len(c.Args))
		for k := range c.Args {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		args := make([]any, 0, 2*len(keys))
		for _, k := range keys {
			v := c.Args[k]
			if k == "entry" && v == "" {
				v = ui.T(ctx, "asset.where_package")
			}
			args = append(args, k, v)
		}
		v.Checks = append(v.Checks, seller.AssetCheckView{ID: c.ID, Label: "asset.check." + c.ID, Result: c.Result,
			Note: "asset.note." + c.Note, Args: args})
	}
	return v
}

// SelfCheckView lists the standard's items, ticked where confirmed.
func SelfCheckView(confirmed []string) []seller.SelfCheckItem {
	out := make([]seller.SelfCheckItem, len(asset.SelfCheckItems))
	for i, id := range asset.SelfCheckItems {
		out[i] = seller.SelfCheckItem{ID: id, Label: "asset.selfcheck." + id, Hint: "asset.selfcheck." + id + ".hint",
			Checked: slices.Contains(confirmed, id)}
	}
	return out
}
