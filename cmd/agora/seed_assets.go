package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"

	"agora/internal/account"
	"agora/internal/asset"
	"agora/internal/lifecycle"
)

// demoZip builds a small deployment package; with bad set it carries the EICAR
// test signature, which the scan must catch.
func demoZip(name string, bad bool) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	add := func(file, body string) {
		f, _ := w.Create(file)
		_, _ = f.Write([]byte(body))
	}
	add(name+"/README.md", "# "+name+"\n\nInstall with ./install.sh; see the user guide for the licence key.\n")
	add(name+"/install.sh", "#!/bin/sh\nset -e\necho installing "+name+"\n")
	if bad {
		add(name+"/vendor/test.com", string(asset.EICAR.Pattern))
	}
	_ = w.Close()
	return b.Bytes()
}

// demoAssets gives each seller approved assets to deliver, created through
// the real flow (upload or image reference, self-check, scan, review), and
// leaves one package that failed its scan.
type demoAssets struct {
	svc      *services
	reviewer account.Account
	made     map[string]string // seller|kind → asset id
}

// approved returns an approved asset of kind for seller, making one if needed.
func (d *demoAssets) approved(ctx context.Context, seller account.Account, kind string) (string, error) {
	key := seller.ID.String() + "|" + kind
	if id, ok := d.made[key]; ok {
		return id, nil
	}
	list, err := d.svc.assets.ListApproved(ctx, seller.ID, kind)
	if err != nil {
		return "", err
	}
	if len(list) > 0 {
		d.made[key] = list[0].ID.String()
		return d.made[key], nil
	}
	a, err := d.svc.assets.Create(ctx, seller, kind, asset.DetailsInput{Name: seller.Name + "-" + kind, Release: "1.0.0",
		Description: "演示资产：通过平台安全扫描与运营审核。 Demo asset that passed the scan and the review."})
	if err != nil {
		return "", err
	}
	if kind == asset.KindImage {
		a, err = d.svc.assets.SetImage(ctx, seller.ID, a.ID, asset.ImageInput{Region: "cn-east-3", ImageID: fmt.Sprintf("%08x-0000-4000-8000-%012x", len(d.made)+1, seller.ID[15]),
			OS: "ubuntu", DiskGB: "40", Version: fmt.Sprint(a.Version)})
	} else {
		a, err = d.svc.assets.Upload(ctx, seller.ID, a.ID, seller.Name+"-1.0.0.zip", bytes.NewReader(demoZip(seller.Name, false)))
	}
	if err != nil {
		return "", fmt.Errorf("demo %s asset: %w", kind, err)
	}
	if a, err = d.scanned(ctx, seller, a); err != nil {
		return "", err
	}
	if a.Status != lifecycle.AssetPending {
		return "", fmt.Errorf("demo %s asset did not pass its scan: %s", kind, a.Status)
	}
	if err := d.svc.assets.Decide(ctx, d.reviewer, a.ID, asset.Decision{Approve: true, Version: fmt.Sprint(a.Version)}); err != nil {
		return "", err
	}
	d.made[key] = a.ID.String()
	return d.made[key], nil
}

// scanned submits a with every self-check item confirmed and runs its scan now
// (the queued job later finds it already done).
func (d *demoAssets) scanned(ctx context.Context, seller account.Account, a asset.Asset) (asset.Asset, error) {
	a, err := d.svc.assets.Submit(ctx, seller, a.ID, asset.SubmitInput{Confirmed: asset.SelfCheckItems, Version: fmt.Sprint(a.Version)})
	if err != nil {
		return a, err
	}
	if err := d.svc.assets.Scan(ctx, a.ID, a.Version); err != nil {
		return a, err
	}
	return d.svc.assets.Mine(ctx, seller.ID, a.ID)
}

// failed leaves one package that failed its scan, once.
func (d *demoAssets) failed(ctx context.Context, seller account.Account) error {
	list, err := d.svc.assets.List(ctx, seller.ID, 1)
	if err != nil {
		return err
	}
	for _, a := range list {
		if a.Status == lifecycle.AssetScanFailed {
			return nil
		}
	}
	a, err := d.svc.assets.Create(ctx, seller, asset.KindPackage, asset.DetailsInput{Name: "legacy-agent", Release: "0.9.2",
		Description: "演示：扫描发现测试病毒特征而失败的软件包。 Demo: a package whose scan found a test virus signature."})
	if err != nil {
		return err
	}
	if a, err = d.svc.assets.Upload(ctx, seller.ID, a.ID, "legacy-agent-0.9.2.zip", bytes.NewReader(demoZip("legacy-agent", true))); err != nil {
		return err
	}
	_, err = d.scanned(ctx, seller, a)
	return err
}

// pending leaves one package of seller waiting for operations' review, once.
func (d *demoAssets) pending(ctx context.Context, seller account.Account) error {
	const name = "tsdb-exporter"
	list, err := d.svc.assets.List(ctx, seller.ID, 1)
	if err != nil {
		return err
	}
	for _, a := range list {
		if a.Name == name {
			return nil
		}
	}
	a, err := d.svc.assets.Create(ctx, seller, asset.KindPackage, asset.DetailsInput{Name: name, Release: "2.0.0",
		Description: "演示：时序数据库监控导出器的新版本，已通过安全扫描，等待运营审核。 Demo: a package that passed its scan and waits for review."})
	if err != nil {
		return err
	}
	if a, err = d.svc.assets.Upload(ctx, seller.ID, a.ID, name+"-2.0.0.zip", bytes.NewReader(demoZip(name, false))); err != nil {
		return err
	}
	_, err = d.scanned(ctx, seller, a)
	return err
}
