package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/agreement"
	"agora/internal/evidence"
	"agora/internal/lifecycle"
	"agora/internal/platform/blob"
	"agora/internal/store"
	"agora/internal/store/pg"
)

// GenOptions sizes a generated catalog.
type GenOptions struct {
	Products int       // products in all (listed, a few hidden, delisting or delisted)
	Sellers  int       // sellers; 0 means one per ten products
	Seed     uint64    // the same seed gives the same catalog (names, prices, times)
	Now      time.Time // products were listed over the two years before Now
	Password string    // every generated seller's password (account names gen-s000001 …)
	// Progress, if set, hears about each batch.
	Progress func(done, total int)
}

// GenReport says what Generate wrote.
type GenReport struct {
	Sellers, Products, Specs, Events int
	// Samples name one product of each kind, for tests and the benchmark.
	Listed, Hidden, Delisting, Delisted uuid.UUID
	HiddenSpec, DelistedSpec            GenSpecRef
}

// GenSpecRef names a spec of a product on sale.
type GenSpecRef struct{ Product, Spec uuid.UUID }

// ErrGenerated is returned when the database already holds a generated catalog.
var ErrGenerated = errors.New("catalog: a generated catalog is already loaded (accounts gen-s…); use a fresh database")

// Generate writes a realistic catalog the way the application would have: for
// each seller an account, uploaded files (in blobs), a signed cooperation
// agreement, an approved entry and certified business information; for each
// product an approved release application, the product, its specs and, for
// image and package products, the approved asset it delivers — each object with
// its verifiable evidence chain. One transaction, bulk-copied: all or nothing.
func Generate(ctx context.Context, st *store.Store, blobs blob.Store, o GenOptions) (GenReport, error) {
	if o.Products <= 0 {
		return GenReport{}, fmt.Errorf("catalog: generate: products must be positive")
	}
	if o.Sellers <= 0 {
		o.Sellers = max(1, o.Products/10)
	}
	if o.Sellers > o.Products {
		o.Sellers = o.Products
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Password == "" {
		o.Password = "Seller12345"
	}
	n, err := st.SeedGeneratedSellers(ctx)
	if err != nil {
		return GenReport{}, err
	}
	if n > 0 {
		return GenReport{}, ErrGenerated
	}
	agr, err := st.CurrentAgreement(ctx, pg.CurrentAgreementParams{Kind: agreement.SellerCooperation, Now: o.Now})
	if err != nil {
		return GenReport{}, fmt.Errorf("catalog: generate: no seller cooperation agreement is published (run agora seed --demo first): %w", err)
	}
	hash, err := account.HashPassword(o.Password)
	if err != nil {
		return GenReport{}, err
	}
	g := &generator{o: o, agreement: agr.ID, hash: hash, counts: genCounts(o)}
	g.reviewer = uuid.Must(uuid.NewV7())
	files, err := g.uploadAll(ctx, blobs)
	if err != nil {
		return GenReport{}, err
	}
	var rep GenReport
	err = st.InTx(ctx, func(q *pg.Queries) error {
		b := &genBatch{}
		b.accounts = append(b.accounts, pg.SeedAccountsParams{ID: g.reviewer, PublicID: genPublicID(g.reviewer), Name: "gen-reviewer",
			Email: "gen-reviewer@ops.agora.test", PasswordHash: hash, OpsRole: string(account.OpsReviewer), Identity: "individual",
			CreatedAt: o.Now.AddDate(-3, 0, 0)})
		const perBatch = 500
		for s := 0; s < o.Sellers; s++ {
			g.seller(b, s, files[s])
			if (s+1)%perBatch == 0 || s == o.Sellers-1 {
				if err := b.copy(ctx, q, &rep); err != nil {
					return err
				}
				b = &genBatch{}
				if o.Progress != nil {
					o.Progress(s+1, o.Sellers)
				}
			}
		}
		return nil
	})
	rep.Sellers = o.Sellers
	return rep, err
}

// genCounts spreads the products over the sellers: a few large sellers, many small ones.
func genCounts(o GenOptions) []int {
	r := rand.New(rand.NewPCG(o.Seed, 1))
	counts := make([]int, o.Sellers)
	base := o.Products / o.Sellers
	for i := range counts {
		counts[i] = base
	}
	for i := 0; i < o.Products%o.Sellers; i++ {
		counts[i]++
	}
	for i := 0; i+1 < len(counts); i += 2 {
		if counts[i+1] > 1 {
			m := r.IntN(counts[i+1])
			counts[i] += m
			counts[i+1] -= m
		}
	}
	return counts
}

type generator struct {
	o         GenOptions
	agreement uuid.UUID
	reviewer  uuid.UUID
	hash      string
	counts    []int
	product   int // products written so far, for numbering
	asset     int
}

// genFiles are one seller's uploads.
type genFiles struct{ logo, licence, productLogo pg.SeedFilesParams }

// uploadAll writes every seller's logo, licence and product logo to the blob
// store (in parallel: each write is synced to disk) before the transaction starts.
func (g *generator) uploadAll(ctx context.Context, blobs blob.Store) ([]genFiles, error) {
	out := make([]genFiles, g.o.Sellers)
	jobs := make(chan int)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				put := func(data []byte, name, ctype, purpose string) (pg.SeedFilesParams, error) {
					key, size, sum, err := blobs.Put(ctx, bytes.NewReader(data))
					return pg.SeedFilesParams{ID: uuid.Must(uuid.NewV7()), BlobKey: key, Name: name, ContentType: ctype,
						Size: size, Sha256: sum, Purpose: purpose}, err
				}
				var f genFiles
				var err error
				if f.logo, err = put(genLogo(s, 0), "logo.png", "image/png", "entry_logo"); err == nil {
					if f.licence, err = put(genLicence(s), "business-licence.pdf", "application/pdf", "entry_licence"); err == nil {
						f.productLogo, err = put(genLogo(s, 1), "product-logo.png", "image/png", LogoPurpose)
					}
				}
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					continue
				}
				out[s] = f
			}
		}()
	}
	for s := 0; s < g.o.Sellers; s++ {
		select {
		case jobs <- s:
		case err := <-errs:
			close(jobs)
			wg.Wait()
			return nil, err
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return nil, err
	default:
	}
	return out, nil
}

// genLogo draws a simple two-tone square logo whose colours follow the seller.
func genLogo(seller, variant int) []byte {
	const size = 96
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	hue := float64((seller*47 + variant*120) % 360)
	bg, fg := hsl(hue, 0.62, 0.45), hsl(hue, 0.7, 0.85)
	shape := (seller + variant) % 3
	for x := 0; x < size; x++ {
		for y := 0; y < size; y++ {
			c := bg
			dx, dy := x-size/2, y-size/2
			switch shape {
			case 0:
				if dx*dx+dy*dy < 26*26 {
					c = fg
				}
			case 1:
				if abs(dx)+abs(dy) < 30 {
					c = fg
				}
			default:
				if abs(dx) < 22 && abs(dy) < 22 && (x/8+y/8)%2 == 0 {
					c = fg
				}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func hsl(h, s, l float64) color.RGBA {
	c := (1 - abs64(2*l-1)) * s
	hp := h / 60
	x := c * (1 - abs64(mod2(hp)-1))
	var r, g, b float64
	switch {
	case hp < 1:
		r, g = c, x
	case hp < 2:
		r, g = x, c
	case hp < 3:
		g, b = c, x
	case hp < 4:
		g, b = x, c
	case hp < 5:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := l - c/2
	return color.RGBA{uint8((r + m) * 255), uint8((g + m) * 255), uint8((b + m) * 255), 255}
}

func abs64(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func mod2(x float64) float64 {
	for x >= 2 {
		x -= 2
	}
	return x
}

// genLicence is a one-page PDF standing in for a scanned business licence.
func genLicence(seller int) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% business licence of generated seller " +
		strconv.Itoa(seller+1) + "\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// genPublicID is the 32-hex public id of an account.
func genPublicID(id uuid.UUID) string {
	const hexdig = "0123456789abcdef"
	b := make([]byte, 32)
	for i, v := range id {
		b[2*i], b[2*i+1] = hexdig[v>>4], hexdig[v&15]
	}
	return string(b)
}

// genNumber is a readable number like the services make (prefix, minute in
// Shanghai, five letters) whose letters encode n, so generated numbers never clash.
func genNumber(prefix string, t time.Time, n int) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	b := make([]byte, 5)
	for i := 4; i >= 0; i-- {
		b[i] = alphabet[n%len(alphabet)]
		n /= len(alphabet)
	}
	return prefix + t.In(shanghai).Format("0601021504") + string(b)
}

var shanghai = time.FixedZone("CST", 8*3600)

// genBatch collects rows for one COPY per table.
type genBatch struct {
	accounts []pg.SeedAccountsParams
	files    []pg.SeedFilesParams
	signs    []pg.SeedAgreementSignaturesParams
	entries  []pg.SeedEntryApplicationsParams
	certs    []pg.SeedCertificationsParams
	assets   []pg.SeedAssetsParams
	products []pg.SeedProductsParams
	specs    []pg.SeedProductSpecsParams
	apps     []pg.SeedProductApplicationsParams
	chains   genChains
}

// copy writes the batch in foreign-key order.
func (b *genBatch) copy(ctx context.Context, q *pg.Queries, rep *GenReport) error {
	steps := []func() (int64, error){
		func() (int64, error) { return q.SeedAccounts(ctx, b.accounts) },
		func() (int64, error) { return q.SeedFiles(ctx, b.files) },
		func() (int64, error) { return q.SeedAgreementSignatures(ctx, b.signs) },
		func() (int64, error) { return q.SeedEntryApplications(ctx, b.entries) },
		func() (int64, error) { return q.SeedCertifications(ctx, b.certs) },
		func() (int64, error) { return q.SeedAssets(ctx, b.assets) },
		func() (int64, error) { return q.SeedProducts(ctx, b.products) },
		func() (int64, error) { return q.SeedProductSpecs(ctx, b.specs) },
		func() (int64, error) { return q.SeedProductApplications(ctx, b.apps) },
		func() (int64, error) { return q.SeedEvents(ctx, b.chains.events) },
		func() (int64, error) { return q.SeedEventHeads(ctx, b.chains.heads) },
	}
	for _, s := range steps {
		if _, err := s(); err != nil {
			return fmt.Errorf("catalog: generate: %w", err)
		}
	}
	for _, p := range b.products {
		switch {
		case p.Status == lifecycle.ShelfDelisted:
			setOnce(&rep.Delisted, p.ID)
		case p.Status == lifecycle.ShelfDelisting:
			setOnce(&rep.Delisting, p.ID)
		case !p.Public:
			setOnce(&rep.Hidden, p.ID)
		case p.MinPriceFen != nil:
			setOnce(&rep.Listed, p.ID)
		}
	}
	onSale := map[uuid.UUID]bool{}
	for _, p := range b.products {
		onSale[p.ID] = p.Status != lifecycle.ShelfDelisted && p.Public
	}
	for _, sp := range b.specs {
		if !onSale[sp.ProductID] {
			continue
		}
		if sp.Status == lifecycle.ShelfDelisted && rep.DelistedSpec.Spec == uuid.Nil {
			rep.DelistedSpec = GenSpecRef{sp.ProductID, sp.ID}
		} else if sp.Status == lifecycle.ShelfListed && !sp.Public && rep.HiddenSpec.Spec == uuid.Nil {
			rep.HiddenSpec = GenSpecRef{sp.ProductID, sp.ID}
		}
	}
	rep.Products += len(b.products)
	rep.Specs += len(b.specs)
	rep.Events += len(b.chains.events)
	return nil
}

func ptr[T any](v T) *T { return &v }

func setOnce(dst *uuid.UUID, id uuid.UUID) {
	if *dst == uuid.Nil {
		*dst = id
	}
}

// seller adds seller s with its products to the batch.
func (g *generator) seller(b *genBatch, s int, f genFiles) {
	r := rand.New(rand.NewPCG(g.o.Seed, uint64(s)+2))
	id := uuid.Must(uuid.NewV7())
	company, city, brandZh, brandEn := genCompany(s)
	name := fmt.Sprintf("gen-s%06d", s+1)
	domain := fmt.Sprintf("%s%d.example.com", lowerASCII(brandEn), s+1)
	// The seller joined two to three years ago; entry and certification took a few days each.
	joined := g.o.Now.Add(-time.Duration(730+r.IntN(365)) * 24 * time.Hour).Add(time.Duration(r.IntN(86400)) * time.Second)
	submitted := joined.Add(time.Hour)
	approved := submitted.Add(time.Duration(24+r.IntN(48)) * time.Hour)
	certSubmitted := approved.Add(time.Duration(2+r.IntN(20)) * time.Hour)
	certified := certSubmitted.Add(time.Duration(20+r.IntN(40)) * time.Hour)

	b.accounts = append(b.accounts, pg.SeedAccountsParams{ID: id, PublicID: genPublicID(id), Name: name, Email: name + "@sellers.agora.test",
		PasswordHash: g.hash, Identity: "enterprise", CreatedAt: joined})
	for _, fp := range []*pg.SeedFilesParams{&f.logo, &f.licence, &f.productLogo} {
		fp.OwnerID, fp.CreatedAt = id, joined.Add(30*time.Minute)
		b.files = append(b.files, *fp)
	}
	b.signs = append(b.signs, pg.SeedAgreementSignaturesParams{ID: uuid.Must(uuid.NewV7()), AccountID: id, AgreementID: g.agreement, SignedAt: submitted})
	entry := uuid.Must(uuid.NewV7())
	primary := genCategories[r.IntN(len(genCategories))]
	contact := genPerson(r)
	b.entries = append(b.entries, pg.SeedEntryApplicationsParams{ID: entry, Number: genNumber("RZ", submitted, s), AccountID: id,
		Status: lifecycle.EntryApproved, Version: 2, CompanyName: company, Website: "https://www." + domain,
		LogoFileID: f.logo.ID, LicenceFileID: f.licence.ID, YearsInBusiness: int32(1 + r.IntN(20)), Headcount: int32(5 + r.IntN(2000)),
		RegisteredCapitalFen: int64(100+r.IntN(5000)) * 10000_00, ContactName: contact,
		ContactPhone: fmt.Sprintf("+86 13%d %04d %04d", r.IntN(10), r.IntN(10000), r.IntN(10000)), ContactEmail: "biz@" + domain,
		CsPhone: fmt.Sprintf("400-%03d-%04d", 100+r.IntN(900), r.IntN(10000)), CsEmail: "support@" + domain,
		Profile: fmt.Sprintf("%s成立于%d年，总部位于%s，专注于%s领域的软件研发与服务，品牌「%s」已服务数百家企业客户。",
			company, g.o.Now.Year()-int(1+r.IntN(20)), city, primary.nouns[0].zh, brandZh),
		AgreementID: g.agreement, SubmittedAt: submitted, SlaDueAt: submitted.Add(72 * time.Hour), DecidedAt: &approved,
		DecidedBy: &g.reviewer, CreatedAt: submitted})
	atts := []evidence.Attachment{{FileID: f.logo.ID, Name: f.logo.Name, SHA256: f.logo.Sha256, Size: f.logo.Size},
		{FileID: f.licence.ID, Name: f.licence.Name, SHA256: f.licence.Sha256, Size: f.licence.Size}}
	b.chains.add("entry_application", entry,
		genStep{actor: &id, role: string(lifecycle.Applicant), event: "submit", to: "pending", atts: atts, at: submitted},
		genStep{actor: &g.reviewer, role: string(lifecycle.Reviewer), event: "approve", from: "pending", to: "approved", at: approved})
	cert := uuid.Must(uuid.NewV7())
	bank := genPick(r, genBanks)
	b.certs = append(b.certs, pg.SeedCertificationsParams{ID: cert, AccountID: id, Status: lifecycle.CertCertified, Version: 2,
		BankName: bank.zh, BankBranch: bank.en, AccountHolder: company, BankAccount: fmt.Sprintf("6222%015d", r.Int64N(1e15)),
		TaxRate: "6", TaxpayerType: "general", TaxID: fmt.Sprintf("91330106MA%08X", s), SubmittedAt: certSubmitted,
		SlaDueAt: certSubmitted.Add(72 * time.Hour), DecidedAt: &certified, DecidedBy: &g.reviewer, CreatedAt: certSubmitted})
	b.chains.add("certification", cert,
		genStep{actor: &id, role: string(lifecycle.Applicant), event: "submit", to: "submitted", at: certSubmitted},
		genStep{actor: &g.reviewer, role: string(lifecycle.Reviewer), event: "approve", from: "submitted", to: "certified", at: certified})

	sel := genSeller{id: id, company: company, brandZh: brandZh, brandEn: brandEn, domain: domain, logo: f.productLogo.ID,
		since: certified, primary: primary, names: map[string]bool{}}
	for j := 0; j < g.counts[s]; j++ {
		g.addProduct(b, r, &sel)
	}
}

type genSeller struct {
	id                                uuid.UUID
	company, brandZh, brandEn, domain string
	logo                              uuid.UUID
	since                             time.Time
	primary                           genCategory
	names                             map[string]bool
}

func lowerASCII(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			out = append(out, c)
		}
	}
	return string(out)
}

// mustJSON marshals values that cannot fail to marshal.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
