package catalog

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"

	"agora/internal/asset"
	"agora/internal/lifecycle"
	"agora/internal/platform/money"
	"agora/internal/store/pg"
)

// genSpec is a spec before it is written.
type genSpec struct {
	name    string
	mode    string
	price   int64
	trial   int32
	public  bool
	delists bool
}

// addProduct adds one product of seller sel: release application, asset if the
// type delivers one, product, specs and their evidence.
func (g *generator) addProduct(b *genBatch, r *rand.Rand, sel *genSeller) {
	n := g.product
	g.product++
	cat := sel.primary
	if r.IntN(10) == 0 {
		cat = genCategories[r.IntN(len(genCategories))]
	}
	typ := cat.types[r.IntN(len(cat.types))]
	if r.IntN(3) == 0 {
		typ = cat.types[0] // the category's usual type is the most common
	}
	noun := genPick(r, cat.nouns)
	edition := genPick(r, genEditions)
	c := Content{AccessType: typ, CategoryID: cat.id, LogoFileID: sel.logo.String()}
	c.Name = sel.brandZh + noun.zh + " " + edition.zh
	en := sel.brandEn + " " + noun.en + " " + edition.en
	if typ == TypeSaaS {
		c.Name = sel.brandZh + noun.zh + " SaaS版"
		en = sel.brandEn + " " + noun.en + " SaaS Edition"
		if r.IntN(2) == 0 {
			c.Name = sel.brandZh + noun.zh + edition.zh + " SaaS版"
			en = sel.brandEn + " " + noun.en + " " + edition.en + " SaaS Edition"
		}
	}
	for k := 2; sel.names[c.Name]; k++ {
		c.Name = fmt.Sprintf("%s%s V%d.0 %s", sel.brandZh, noun.zh, k+1, edition.zh)
		en = fmt.Sprintf("%s %s V%d.0 %s", sel.brandEn, noun.en, k+1, edition.en)
		if typ == TypeSaaS {
			c.Name = fmt.Sprintf("%s%s V%d.0 SaaS版", sel.brandZh, noun.zh, k+1)
			en = fmt.Sprintf("%s %s V%d.0 SaaS Edition", sel.brandEn, noun.en, k+1)
		}
	}
	sel.names[c.Name] = true
	if r.IntN(5) != 0 {
		c.NameEn = en
	}
	audience := genPick(r, genAudiences)
	c.Summary = fmt.Sprintf("面向%s的%s，%s。", audience, noun.zh, genPick(r, genBenefits))
	c.Description = genDescription(r, c, cat, sel.company, audience, noun)
	c.SupportContent = "提供在线工单、电话与远程协助服务，重大故障30分钟内响应，普通问题4小时内答复。"
	c.SupportHours = genPick(r, genHours)
	c.SupportTimeZone = genPick(r, genTZs)
	c.SupportPhone = fmt.Sprintf("400-%03d-%04d", 100+r.IntN(900), r.IntN(10000))
	c.SupportEmail = "support@" + sel.domain
	c.UserGuide = genUserGuide(c)
	c.EULA = genEULA(sel.company, c.Name)

	// Listed some time after the seller was certified; reviewed within three days of submission.
	span := g.o.Now.Sub(sel.since) - 2*time.Hour
	listed := sel.since.Add(time.Hour + time.Duration(r.Int64N(int64(span))))
	submitted := listed.Add(-time.Duration(2+r.IntN(70)) * time.Hour)
	id := uuid.Must(uuid.NewV7())
	app := uuid.Must(uuid.NewV7())
	appNumber := genNumber("FB", submitted, n)

	switch typ {
	case TypeSaaS:
		c.ProductionURL = "https://api." + sel.domain + "/agora/v1"
		c.Delivery = DeliveryInstant
		if r.IntN(4) == 0 {
			c.Delivery = DeliverySupervised
		}
	case TypeLicense:
		c.LicenseForm = genPick(r, []string{LicenseAuthCode, LicenseFile})
	case TypeImage, TypePackage:
		c.AssetID = g.addAsset(b, r, sel, typ, c.Name, submitted).String()
	case TypeManual:
		c.ServiceDays = strconv.Itoa(genPick(r, []int{3, 5, 7, 10, 15, 30}))
	case TypeHardware:
		c.ShipFrom = genPick(r, []string{"广东省深圳市", "浙江省杭州市", "江苏省苏州市", "上海市"})
		c.Carrier = genPick(r, []string{"顺丰速运", "京东物流", "中通快递"})
		c.DispatchDays = strconv.Itoa(1 + r.IntN(7))
		c.WarrantyMonths = strconv.Itoa(genPick(r, []int{12, 24, 36}))
	case TypeData:
		c.DataFormat = genPick(r, []string{"JSON API", "CSV 文件", "JSON API 与 Parquet 文件"})
		c.UpdateCycle = genPick(r, []string{"每日更新", "每周更新", "实时更新", "每月更新"})
	}
	if c.Supervised() {
		c.Acceptance = genAcceptance(c)
	}

	specs := genSpecs(r, typ)
	drafts := make([]SpecDraft, len(specs))
	for i, sp := range specs {
		drafts[i] = SpecDraft{Name: sp.name, BillingMode: sp.mode, Price: money.Format(money.Fen(sp.price))[len("¥"):]}
		if sp.trial > 0 {
			drafts[i].TrialDays = strconv.Itoa(int(sp.trial))
		}
	}
	typed := c
	typed.Specs = drafts
	live, _ := liveContent(c)

	// Most products are on sale; a few are hidden, being delisted or gone.
	status, public := lifecycle.ShelfListed, r.IntN(40) != 0
	var delisted *time.Time
	switch x := r.IntN(100); {
	case x < 2:
		status = lifecycle.ShelfDelisted
		t := listed.Add(time.Duration(r.Int64N(int64(g.o.Now.Sub(listed)))))
		delisted = &t
	case x < 3:
		status = lifecycle.ShelfDelisting
	}
	target := "all"
	if r.IntN(20) == 0 {
		target = "enterprise"
	}
	var minPrice *int64
	var modes []string
	for _, sp := range specs {
		if sp.public && !sp.delists {
			if minPrice == nil || sp.price < *minPrice {
				minPrice = ptr(sp.price)
			}
			if !slices.Contains(modes, sp.mode) {
				modes = append(modes, sp.mode)
			}
		}
	}
	slices.Sort(modes)
	if modes == nil {
		modes = []string{}
	}
	b.products = append(b.products, pg.SeedProductsParams{ID: id, Number: genNumber("SP", listed, n), SellerID: sel.id, AccessType: typ,
		Status: status, Version: 1, Public: public, Name: c.Name, NameEn: c.NameEn, CategoryID: cat.id, Summary: c.Summary,
		LogoFileID: &sel.logo, Content: live, MinPriceFen: minPrice, BillingModes: modes, SearchText: searchText(c, sel.company),
		Target: target, ListedAt: listed, DelistedAt: delisted, UpdatedAt: listed})
	if delisted != nil {
		b.products[len(b.products)-1].UpdatedAt = *delisted
	}
	b.apps = append(b.apps, pg.SeedProductApplicationsParams{ID: app, Number: appNumber, SellerID: sel.id, Kind: KindRelease,
		ProductID: &id, Status: lifecycle.AppApproved, Version: 3, AccessType: typ, Title: c.Name, Content: mustJSON(typed),
		SavedAt: submitted, SubmittedAt: &submitted, SlaDueAt: ptr(submitted.Add(72 * time.Hour)), DecidedAt: &listed,
		DecidedBy: &g.reviewer, CreatedAt: submitted.Add(-time.Duration(r.IntN(3600)) * time.Second)})
	seller, reviewer := string(lifecycle.Applicant), string(lifecycle.Reviewer)
	b.chains.add(ObjectApplication, app,
		genStep{actor: &sel.id, role: seller, event: string(lifecycle.AppSubmit), to: string(lifecycle.AppPending), at: submitted},
		genStep{actor: &g.reviewer, role: reviewer, event: string(lifecycle.AppApprove), from: string(lifecycle.AppPending),
			to: string(lifecycle.AppApproved), at: listed})
	steps := []genStep{{actor: &g.reviewer, role: reviewer, event: string(lifecycle.ShelfList), to: string(lifecycle.ShelfListed),
		reason: appNumber, at: listed}}
	if status != lifecycle.ShelfListed {
		asked := listed.Add(time.Hour)
		if delisted != nil {
			asked = delisted.Add(-time.Hour)
		}
		steps = append(steps, genStep{actor: &sel.id, role: seller, event: string(lifecycle.ShelfRequestDelist),
			from: string(lifecycle.ShelfListed), to: string(lifecycle.ShelfDelisting), at: asked})
		if delisted != nil {
			steps = append(steps, genStep{actor: &g.reviewer, role: reviewer, event: string(lifecycle.ShelfApproveDelist),
				from: string(lifecycle.ShelfDelisting), to: string(lifecycle.ShelfDelisted), at: *delisted})
		}
	}
	b.chains.add(ObjectProduct, id, steps...)
	for i, sp := range specs {
		sid := uuid.Must(uuid.NewV7())
		st, ver, at := lifecycle.ShelfListed, int32(1), listed
		var gone *time.Time
		sst := []genStep{{actor: &g.reviewer, role: reviewer, event: string(lifecycle.ShelfList), to: string(lifecycle.ShelfListed),
			reason: appNumber, at: listed}}
		if sp.delists {
			st, ver = lifecycle.ShelfDelisted, 3
			at = listed.Add(time.Duration(r.Int64N(int64(g.o.Now.Sub(listed)))))
			gone = &at
			sst = append(sst,
				genStep{actor: &sel.id, role: seller, event: string(lifecycle.ShelfRequestDelist), from: "listed", to: "delisting", at: at.Add(-time.Hour)},
				genStep{actor: &g.reviewer, role: reviewer, event: string(lifecycle.ShelfApproveDelist), from: "delisting", to: "delisted", at: at})
		}
		b.specs = append(b.specs, pg.SeedProductSpecsParams{ID: sid, ProductID: id, Position: int32(i + 1), Name: sp.name,
			BillingMode: sp.mode, PriceFen: sp.price, TrialDays: sp.trial, Status: st, Version: ver, Public: sp.public,
			CreatedAt: listed, DelistedAt: gone})
		b.chains.add(ObjectSpec, sid, sst...)
	}
}

// genSpecs prices a product's specs: tiers of one or more billing modes.
func genSpecs(r *rand.Rand, typ string) []genSpec {
	// A base monthly price, log-uniform between ¥19 and ¥20,000.
	base := int64(math.Exp(math.Log(19)+r.Float64()*(math.Log(20000)-math.Log(19)))) * 100
	base = base / 100 * 100 // whole yuan
	tiers := genPick(r, [][]string{{"基础版", "标准版", "企业版"}, {"10用户", "50用户", "200用户"}, {"入门型", "专业型"}, {"单节点", "集群版"}})
	if r.IntN(4) == 0 {
		tiers = tiers[:1]
	}
	var out []genSpec
	add := func(name, mode string, price int64, trial int32) {
		out = append(out, genSpec{name: name, mode: mode, price: price, trial: trial, public: r.IntN(25) != 0, delists: r.IntN(40) == 0})
	}
	trial := func() int32 {
		if r.IntN(5) == 0 {
			return genPick(r, []int32{7, 14, 30})
		}
		return 0
	}
	for i, t := range tiers {
		mult := int64(1) << (i * 2) // each tier four times the last
		switch typ {
		case TypeSaaS, TypeImage:
			add(t+" 包月", BillMonthly, base*mult, trial())
			if r.IntN(2) == 0 {
				add(t+" 包年", BillYearly, base*mult*10, trial())
			}
			if typ == TypeImage && i == 0 && r.IntN(2) == 0 {
				add(t+" 按需计费", BillPerUse, max(100, base*mult/200), 0)
			}
		case TypeLicense:
			if r.IntN(2) == 0 {
				add(t+" 永久授权", BillOneTime, base*mult*30, 0)
			} else {
				add(t+" 年度授权", BillYearly, base*mult*10, 0)
			}
		case TypePackage:
			add(t+" 一次性买断", BillOneTime, base*mult*20, 0)
			if r.IntN(3) == 0 {
				add(t+" 年度订阅", BillYearly, base*mult*8, trial())
			}
		case TypeManual:
			add(t+" 服务包", BillOneTime, base*mult*10, 0)
		case TypeHardware:
			add(t+" 单台", BillOneTime, base*mult*15, 0)
		case TypeData:
			add(t+" 按次调用", BillPerUse, max(10, base*mult/1000), 0)
			add(t+" 包月", BillMonthly, base*mult, trial())
			if r.IntN(2) == 0 {
				add(t+" 包年", BillYearly, base*mult*10, 0)
			}
		}
	}
	return out
}

// addAsset adds the approved image or package asset a product delivers.
func (g *generator) addAsset(b *genBatch, r *rand.Rand, sel *genSeller, typ, product string, before time.Time) uuid.UUID {
	id := uuid.Must(uuid.NewV7())
	n := g.asset
	g.asset++
	created := before.Add(-time.Duration(24+r.IntN(240)) * time.Hour)
	submitted := created.Add(time.Hour)
	scanned := submitted.Add(20 * time.Minute)
	approved := scanned.Add(time.Duration(2+r.IntN(40)) * time.Hour)
	size := int64(50+r.IntN(4000)) << 20
	sum := fmt.Sprintf("%064x", r.Uint64())
	a := pg.SeedAssetsParams{ID: id, Number: genNumber("ZC", created, n), SellerID: sel.id, Kind: asset.KindImage, Status: lifecycle.AssetApproved,
		Version: 4, Name: product, Release: fmt.Sprintf("%d.%d.%d", 1+r.IntN(5), r.IntN(10), r.IntN(20)),
		Description: "随商品交付的" + map[bool]string{true: "私有镜像", false: "软件安装包"}[typ == TypeImage] + "，已通过平台安全扫描。",
		SelfCheck:   mustJSON(asset.SelfCheckItems), ScannedAt: &scanned, SubmittedAt: &submitted,
		SlaDueAt: ptr(submitted.Add(72 * time.Hour)), DecidedAt: &approved, DecidedBy: &g.reviewer, CreatedAt: created, UpdatedAt: approved}
	if typ == TypeImage {
		a.Source, a.ImageRegion, a.ImageRef = asset.SourceImage, "cn-north-4", fmt.Sprintf("img-%012x", r.Uint64()>>16)
		a.ImageOs, a.Format = genPick(r, []string{"Ubuntu 22.04", "CentOS 7.9", "openEuler 22.03", "Debian 12"}), "qcow2"
	} else {
		a.Kind, a.Source, a.Bucket = asset.KindPackage, asset.SourceBucket, "seller-releases"
		a.ObjectKey = fmt.Sprintf("%s/%s.tar.gz", lowerASCII(sel.brandEn), id)
		a.DeclaredSize, a.DeclaredSha256, a.Format = &size, sum, "tar.gz"
	}
	a.Size, a.Sha256 = &size, sum
	b.assets = append(b.assets, a)
	seller, system, reviewer := string(lifecycle.Applicant), string(lifecycle.System), string(lifecycle.Reviewer)
	b.chains.add(asset.ObjectAsset, id,
		genStep{actor: &sel.id, role: seller, event: string(lifecycle.AssetCreate), to: string(lifecycle.AssetDraft), at: created},
		genStep{actor: &sel.id, role: seller, event: string(lifecycle.AssetSubmit), from: string(lifecycle.AssetDraft), to: string(lifecycle.AssetScanning), at: submitted},
		genStep{role: system, event: string(lifecycle.AssetScanPass), from: string(lifecycle.AssetScanning), to: string(lifecycle.AssetPending), at: scanned},
		genStep{actor: &g.reviewer, role: reviewer, event: string(lifecycle.AssetApprove), from: string(lifecycle.AssetPending), to: string(lifecycle.AssetApproved), at: approved})
	return id
}
