package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"agora/internal/account"
	"agora/internal/catalog"
	"agora/internal/lifecycle"
	"agora/internal/order"
	"agora/internal/testfix"
)

const pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

// supervisedOrder lists a product of accessType for a new ready seller and has
// a new funded buyer buy it; it returns the seller, the buyer and the order.
func supervisedOrder(t *testing.T, h *harness, prefix, accessType string) (account.Account, account.Account, order.Order) {
	t.Helper()
	ctx := context.Background()
	seller := readySeller(t, h, prefix+"-s", prefix+" 服务有限公司")
	logo, err := uuid.Parse(productLogo(t, h, seller))
	if err != nil {
		t.Fatal(err)
	}
	c := testfix.ContentWithLogo(accessType, prefix+"实施服务", logo)
	draft, err := h.svc.catalog.StartRelease(ctx, seller, accessType)
	if err != nil {
		t.Fatal(err)
	}
	app, err := h.svc.catalog.Submit(ctx, seller, draft.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.svc.catalog.Decide(ctx, h.account(prefix+"-ops", account.OpsReviewer), app.ID, catalog.Decision{Approve: true, Version: testfix.Version(app.Version)}); err != nil {
		t.Fatal(err)
	}
	app, _ = h.svc.catalog.MyApplication(ctx, seller.ID, app.ID)
	p, err := h.svc.catalog.MyProduct(ctx, seller.ID, *app.ProductID)
	if err != nil {
		t.Fatal(err)
	}
	buyer := h.account(prefix+"-b", "")
	fund(t, h, buyer, "5000")
	o, err := h.svc.orders.Purchase(ctx, buyer, p.ID, order.PurchaseInput{SpecID: p.Specs[0].ID.String(), Quantity: "1",
		CustomerName: "杭州云帆科技有限公司", Phone: "13800138000", Email: "it@yunfan.example.com", Address: "浙江省杭州市西湖区文三路 100 号",
		AcceptEULA: true, EULASHA256: order.EULAHash(p.Content.EULA), Token: order.NewToken()})
	if err != nil {
		t.Fatal(err)
	}
	return seller, buyer, o
}

// TestSupervisionThroughPages: the standard flow as the two parties click it —
// a refused step keeps what was typed and uploaded, each page says whose turn
// it is, the other party reads the attached files, and acceptance completes the order.
func TestSupervisionThroughPages(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := supervisedOrder(t, h, "supflow", catalog.TypeManual)
	bc, sc := h.client(), h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	sc.login(seller.Name, "Passw0rd!x")
	bpath, spath := "/buyer/orders/"+o.ID.String(), "/seller/orders/"+o.ID.String()

	page := bc.get(bpath)
	if attr(page, "[data-waiting]", "data-waiting") != "buyer" || page.Doc.Find(`[data-step="submit_requirements"]`).Length() != 1 {
		t.Fatalf("buyer's first view: %q", text(page, "[data-supervision]"))
	}
	if sp := sc.get(spath); attr(sp, "[data-waiting]", "data-waiting") != "buyer" || sp.Doc.Find("[data-step]").Length() != 1 {
		t.Fatalf("seller's view while waiting for the buyer: %d step forms", sp.Doc.Find("[data-step]").Length())
	}

	// Too short: the text and the uploaded file stay.
	bad := bc.postMultipart(bpath+"/supervision/requirements", map[string]string{"text": "太短"},
		map[string][2]string{"files": {"需求说明.pdf", pdf}})
	if bad.Status != http.StatusUnprocessableEntity || bad.Doc.Find(`.field-error[data-field="text"]`).Length() != 1 {
		t.Fatalf("short requirements: %d", bad.Status)
	}
	kept := attr(bad, `[data-step="submit_requirements"] input[name="kept_files"]`, "value")
	if kept == "" || !strings.Contains(bad.Doc.Find(`[data-step="submit_requirements"]`).Text(), "需求说明.pdf") {
		t.Fatalf("the uploaded file was not kept: %q", kept)
	}
	ok := bc.postMultipart(bpath+"/supervision/requirements", map[string]string{"text": "请为 20 名员工部署并完成培训。", "kept_files": kept}, nil)
	if ok.Status != http.StatusSeeOther || ok.Location != bpath {
		t.Fatalf("requirements: %d %q", ok.Status, ok.Location)
	}

	// The seller sees the requirements and can open the buyer's file.
	sp := sc.get(spath)
	if !strings.Contains(text(sp, "[data-requirements]"), "20 名员工") || attr(sp, "[data-waiting]", "data-waiting") != "seller" {
		t.Fatalf("seller after requirements: %q", text(sp, "[data-supervision]"))
	}
	link := attr(sp, `.timeline a.attachment`, "href")
	if f := sc.get(link); f.Status != http.StatusOK {
		t.Fatalf("seller opening the buyer's file %s: %d", link, f.Status)
	}
	if p := sc.post(spath+"/supervision/confirm", url.Values{}); p.Status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", p.Status)
	}
	// Delivery needs proofs; the typed note stays.
	noProof := sc.postMultipart(spath+"/supervision/deliver", map[string]string{"note": "部署完成"}, nil)
	if noProof.Status != http.StatusUnprocessableEntity || noProof.Doc.Find(`.field-error[data-field="files"]`).Length() != 1 ||
		noProof.Doc.Find(`[data-step="deliver"] textarea[name="note"]`).Text() != "部署完成" {
		t.Fatalf("delivery without proof: %d", noProof.Status)
	}
	if p := sc.postMultipart(spath+"/supervision/deliver", map[string]string{"note": "部署完成"}, map[string][2]string{"files": {"验收单.pdf", pdf}}); p.Status != http.StatusSeeOther {
		t.Fatalf("deliver: %d %q", p.Status, p.Doc.Find(".field-error, .alert").Text())
	}
	// A stranger cannot act; the seller cannot accept for the buyer.
	stranger := h.client()
	stranger.login(h.account("supflow-x", "").Name, "Passw0rd!x")
	if p := stranger.post(bpath+"/supervision/accept", url.Values{}); p.Status != http.StatusNotFound {
		t.Errorf("a stranger accepting: %d", p.Status)
	}
	// A stranger's upload is refused before anything is stored.
	var files int
	_ = h.svc.store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM files`).Scan(&files)
	if p := stranger.postMultipart(bpath+"/supervision/reject", nil, map[string][2]string{"files": {"x.pdf", pdf}}); p.Status != http.StatusNotFound {
		t.Errorf("a stranger uploading: %d", p.Status)
	}
	var after int
	_ = h.svc.store.Pool.QueryRow(context.Background(), `SELECT count(*) FROM files`).Scan(&after)
	if after != files {
		t.Errorf("a stranger's upload was stored (%d → %d files)", files, after)
	}
	if p := sc.post(spath+"/supervision/accept", url.Values{}); p.Status != http.StatusConflict {
		t.Errorf("the seller accepting: %d", p.Status)
	}
	page = bc.get(bpath)
	if page.Doc.Find(`[data-step="accept"]`).Length() != 1 {
		t.Fatalf("buyer at acceptance: %q", text(page, "[data-supervision]"))
	}
	if p := bc.post(bpath+"/supervision/accept", url.Values{}); p.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", p.Status)
	}
	done := bc.get(bpath)
	if done.Doc.Find(`[data-supervision="completed"]`).Length() != 1 || done.Doc.Find(`[data-order-facts] [data-status="completed"]`).Length() != 1 {
		t.Fatalf("after acceptance: %q", text(done, "[data-order-facts]"))
	}
	if got, _ := h.svc.orders.BuyerOrder(context.Background(), buyer.ID, o.ID); got.Status != lifecycle.OrderCompleted {
		t.Errorf("order status %s", got.Status)
	}
	// Either party downloads the evidence from the order page.
	for _, c := range []*client{bc, sc} {
		link := attr(c.get(strings.Replace(bpath, "/buyer/", map[*client]string{bc: "/buyer/", sc: "/seller/"}[c], 1)), "[data-evidence]", "href")
		if z := c.get(link); z.Status != http.StatusOK || z.Header.Get("Content-Type") != "application/zip" {
			t.Errorf("evidence bundle %q: %d %s", link, z.Status, z.Header.Get("Content-Type"))
		}
	}
}

// TestAppealFreezesPages: an appeal filed from the order page freezes both
// parties' pages until operations decide; the appellant can withdraw it.
func TestAppealFreezesPages(t *testing.T) {
	h := newHarness(t)
	seller, buyer, o := supervisedOrder(t, h, "supappeal", catalog.TypeLicense)
	bc, sc := h.client(), h.client()
	bc.login(buyer.Name, "Passw0rd!x")
	sc.login(seller.Name, "Passw0rd!x")
	bpath, spath := "/buyer/orders/"+o.ID.String(), "/seller/orders/"+o.ID.String()
	if p := bc.postMultipart(bpath+"/appeals", map[string]string{"reason": "短"}, nil); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("short appeal: %d", p.Status)
	}
	if p := bc.postMultipart(bpath+"/appeals", map[string]string{"reason": "卖家一周未开通授权，也不回复消息。", "demands": "请尽快开通或全额退款。"}, nil); p.Status != http.StatusSeeOther {
		t.Fatalf("appeal: %d %q", p.Status, p.Doc.Find(".field-error, .alert").Text())
	}
	// The lists say where each order stands and that this one is under appeal.
	if row := sc.get("/seller/orders").Doc.Find(`[data-order="` + o.Number + `"]`); row.Find("[data-frozen]").Length() != 1 ||
		!strings.Contains(row.Find("[data-node]").Text(), "Licence delivery") {
		t.Errorf("seller's list row: %q", row.Text())
	}
	for _, c := range []struct {
		cl   *client
		path string
	}{{bc, bpath}, {sc, spath}} {
		p := c.cl.get(c.path)
		if _, frozen := p.Doc.Find("[data-supervision]").Attr("data-frozen"); !frozen || p.Doc.Find("[data-step]").Length() > 1 ||
			p.Doc.Find(`[data-appeal-status="open"]`).Length() != 1 {
			t.Fatalf("%s while frozen: %q", c.path, text(p, "[data-supervision]"))
		}
	}
	if p := sc.postMultipart(spath+"/supervision/deliver", map[string]string{"licence_until": "2027-12-31"}, map[string][2]string{"files": {"l.pdf", pdf}}); p.Status != http.StatusConflict {
		t.Fatalf("delivering while frozen: %d", p.Status)
	}
	id := attr(bc.get(bpath), `[data-appeal]`, "data-appeal")
	appeals, _ := h.svc.supervision.OrderAppeals(context.Background(), o.ID)
	if len(appeals) != 1 || appeals[0].Number != id {
		t.Fatalf("appeals %+v, page shows %q", appeals, id)
	}
	if p := sc.post(spath+"/appeals/"+appeals[0].ID.String()+"/withdraw", url.Values{}); p.Status != http.StatusConflict {
		t.Errorf("the other party withdrawing: %d", p.Status)
	}
	if p := bc.post(bpath+"/appeals/"+appeals[0].ID.String()+"/withdraw", url.Values{}); p.Status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", p.Status)
	}
	if p := sc.get(spath); p.Doc.Find(`[data-step="deliver"]`).Length() != 1 {
		t.Errorf("the seller cannot deliver after the withdrawal")
	}
}
