package seller

import (
	"agora/internal/asset"
	"agora/web/seller"
	"agora/web/ui"
)

// options turns ids into select options labelled prefix+id.
func options(ids []string, prefix string) []ui.Option {
	out := make([]ui.Option, len(ids))
	for i, id := range ids {
		out[i] = ui.Option{Value: id, Label: prefix + id}
	}
	return out
}

// uploadInfo tells the upload form how much may come and what to say above that.
func uploadInfo(al asset.Allowance) seller.AssetUpload {
	u := seller.AssetUpload{MaxBytes: al.Next(), MaxLabel: asset.HumanSize(al.MaxFile), LeftLabel: asset.HumanSize(al.BytesLeft()),
		FilesLeft: al.FilesLeft(), LimitMsg: "asset.upload_too_large", LimitArgs: []any{"max", asset.HumanSize(al.MaxFile)}}
	switch {
	case al.FilesLeft() == 0:
		u.LimitMsg, u.LimitArgs = "asset.quota_files", []any{"files", al.FilesLimit}
	case al.BytesLeft() < al.MaxFile:
		u.LimitMsg, u.LimitArgs = "asset.quota_bytes", []any{"limit", asset.HumanSize(al.BytesLimit), "left", asset.HumanSize(al.BytesLeft())}
	}
	return u
}

// quotaView summarises today's uploads for the list page.
func quotaView(al asset.Allowance) seller.AssetQuota {
	q := seller.AssetQuota{BytesUsed: asset.HumanSize(al.BytesUsed), BytesLimit: asset.HumanSize(al.BytesLimit),
		FilesUsed: al.FilesUsed, FilesLimit: al.FilesLimit}
	if al.BytesLimit > 0 {
		q.Percent = int(min(100, al.BytesUsed*100/al.BytesLimit))
	}
	return q
}
