package httpx

import (
	"context"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/file"
	"agora/internal/merchant"
	"agora/web/seller"
	"agora/web/ui"
)

// FileLink returns a download link for a file viewer may see, or nil.
func FileLink(ctx context.Context, files *file.Service, viewer account.Account, id string) *ui.Attachment {
	fid, err := uuid.Parse(id)
	if err != nil {
		return nil
	}
	f, err := files.Get(ctx, viewer, fid)
	if err != nil {
		return nil
	}
	return &ui.Attachment{Name: f.Name, URL: "/files/" + f.ID.String(), Size: f.Size, SHA: f.SHA256}
}

// EntryDetail is the view of an entry application, shared by the seller and operations.
func EntryDetail(ctx context.Context, files *file.Service, viewer account.Account, a merchant.Application) seller.EntryDetail {
	d := seller.EntryDetail{ID: a.ID.String(), Number: a.Number, Status: string(a.Status), Company: a.CompanyName,
		Website: a.Website, Years: a.YearsInBusiness, Headcount: a.Headcount, Capital: int64(a.RegisteredCapital),
		ContactName: a.ContactName, ContactPhone: a.ContactPhone, ContactEmail: a.ContactEmail, CSPhone: a.CSPhone,
		CSEmail: a.CSEmail, Profile: a.Profile, SLA: ui.SLA{Due: a.DueAt, Done: a.DecidedAt != nil},
		SubmittedAt: a.SubmittedAt, RejectReason: a.RejectReason, Version: a.Version,
		Logo: ui.Attachment{Name: "—"}, Licence: ui.Attachment{Name: "—"}}
	if f := FileLink(ctx, files, viewer, a.LogoFileID.String()); f != nil {
		d.Logo = *f
	}
	if f := FileLink(ctx, files, viewer, a.LicenceFileID.String()); f != nil {
		d.Licence = *f
	}
	return d
}

// CertDetail is the view of a certification's bank and tax details.
func CertDetail(c merchant.Certification) seller.CertDetail {
	return seller.CertDetail{BankName: c.BankName, BankBranch: c.BankBranch, AccountHolder: c.AccountHolder,
		BankAccount: c.BankAccount, TaxRate: c.TaxRate, TaxpayerType: c.TaxpayerType, TaxID: c.TaxID}
}
