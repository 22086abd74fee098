package httpx

import (
	"agora/internal/agreement"
	"agora/internal/evidence"
	"agora/internal/inbox"
	"agora/web/ui"
)

// TimelineView turns an evidence log into display items; kind names the
// status family ("entry", "cert") for the catalog keys.
func TimelineView(kind string, items []evidence.Item) []ui.TimelineItem {
	out := make([]ui.TimelineItem, len(items))
	for i, it := range items {
		v := ui.TimelineItem{At: it.At, Order: it.ID, Actor: it.ActorName, Role: "role." + it.ActorRole, Event: "event." + kind + "." + it.Event,
			To: "status." + kind + "." + it.To, Reason: it.Reason, Hash: it.Hash}
		for _, a := range it.Attachments {
			v.Attachments = append(v.Attachments, ui.Attachment{Name: a.Name, URL: "/files/" + a.FileID.String(), Size: a.Size, SHA: a.SHA256})
		}
		out[i] = v
	}
	return out
}

// InboxItems turns messages into display items.
func InboxItems(msgs []inbox.Message) []ui.InboxItem {
	out := make([]ui.InboxItem, len(msgs))
	for i, m := range msgs {
		params := make([]any, 0, 2*len(m.Params))
		for k, v := range m.Params {
			params = append(params, k, v)
		}
		out[i] = ui.InboxItem{ID: m.ID.String(), Subject: "inbox." + m.Topic + ".subject", Body: "inbox." + m.Topic + ".body",
			Params: params, Link: m.Link, At: m.CreatedAt, Read: m.Read}
	}
	return out
}

// AgreementTitle picks the title in the viewer's language.
func AgreementTitle(lang string, a agreement.Agreement) string {
	if lang == "en" {
		return a.TitleEn
	}
	return a.TitleZh
}

// AgreementBody picks the text in the viewer's language.
func AgreementBody(lang string, a agreement.Agreement) string {
	if lang == "en" {
		return a.BodyEn
	}
	return a.BodyZh
}

// SignedAgreements turns signatures into rows linking under base.
func SignedAgreements(lang, base string, list []agreement.Signed) []ui.SignedAgreement {
	out := make([]ui.SignedAgreement, len(list))
	for i, s := range list {
		out[i] = ui.SignedAgreement{Href: base + "/" + s.ID.String(), Title: AgreementTitle(lang, s.Agreement), Version: s.Version, SignedAt: s.SignedAt}
	}
	return out
}
