// Package layout holds the page frame and one shell per area, whose menus
// mirror KooGallery's. Entries for capabilities not built yet are left out.
package layout

// NavItem is one menu entry.
type NavItem struct {
	Href  string
	Label string // catalog key
	Key   string // matched against the page's active key
	Admin bool   // shown to operations admins only
}

// NavGroup is a titled group of entries.
type NavGroup struct {
	Title string // catalog key
	Items []NavItem
}

// SellerNav is the seller center menu (卖家中心).
var SellerNav = []NavGroup{
	{Title: "nav.seller.overview_group", Items: []NavItem{{Href: "/seller", Label: "nav.seller.overview", Key: "overview"},
		{Href: "/seller/analytics", Label: "nav.seller.analytics", Key: "analytics"}}},
	{Title: "nav.seller.management", Items: []NavItem{
		{Href: "/seller/entry", Label: "nav.seller.entry", Key: "entry"},
		{Href: "/seller/certification", Label: "nav.seller.certification", Key: "certification"},
		{Href: "/seller/agreements", Label: "nav.seller.agreements", Key: "agreements"},
	}},
	{Title: "nav.seller.products_group", Items: []NavItem{
		{Href: "/seller/products", Label: "nav.seller.products", Key: "products"},
		{Href: "/seller/assets", Label: "nav.seller.assets", Key: "assets"},
		{Href: "/seller/products/new", Label: "nav.seller.release", Key: "release"},
		{Href: "/seller/applications", Label: "nav.seller.applications", Key: "applications"},
		{Href: "/seller/drafts", Label: "nav.seller.drafts", Key: "drafts"},
	}},
	{Title: "nav.seller.orders_group", Items: []NavItem{{Href: "/seller/orders", Label: "nav.seller.orders", Key: "orders"},
		{Href: "/seller/exports", Label: "nav.seller.exports", Key: "exports"}}},
	{Title: "nav.seller.aftersale_group", Items: []NavItem{{Href: "/seller/unsubscriptions", Label: "nav.seller.unsubscriptions", Key: "unsubscriptions"},
		{Href: "/seller/invoices", Label: "nav.seller.invoices", Key: "invoices"}}},
	{Title: "nav.seller.settlement_group", Items: []NavItem{{Href: "/seller/settlement", Label: "nav.seller.statements", Key: "statements"},
		{Href: "/seller/settlement/transactions", Label: "nav.seller.transactions", Key: "transactions"},
		{Href: "/seller/settlement/fee-invoices", Label: "nav.seller.fee_invoices", Key: "fee_invoices"}}},
	{Title: "nav.seller.messages_group", Items: []NavItem{{Href: "/seller/messages", Label: "nav.messages", Key: "messages"}}},
}

// BuyerNav is the buyer center menu (我的云商店).
var BuyerNav = []NavGroup{
	{Title: "nav.buyer.title", Items: []NavItem{
		{Href: "/buyer", Label: "nav.buyer.overview", Key: "overview"},
		{Href: "/buyer/orders", Label: "nav.buyer.orders", Key: "orders"},
		{Href: "/buyer/unsubscriptions", Label: "nav.buyer.unsubscriptions", Key: "unsubscriptions"},
		{Href: "/buyer/invoices", Label: "nav.buyer.invoices", Key: "invoices"},
		{Href: "/buyer/exports", Label: "nav.buyer.exports", Key: "exports"},
		{Href: "/buyer/balance", Label: "nav.buyer.balance", Key: "balance"},
		{Href: "/buyer/messages", Label: "nav.messages", Key: "messages"},
		{Href: "/buyer/agreements", Label: "nav.buyer.agreements", Key: "agreements"},
		{Href: "/buyer/account", Label: "nav.buyer.account", Key: "account"},
	}},
}

// OpsNav is the operations console menu.
var OpsNav = []NavGroup{
	{Title: "nav.ops.overview_group", Items: []NavItem{{Href: "/ops", Label: "nav.ops.dashboard", Key: "dashboard"}}},
	{Title: "nav.ops.reviews", Items: []NavItem{
		{Href: "/ops/reviews", Label: "nav.ops.product_reviews", Key: "reviews"},
		{Href: "/ops/assets", Label: "nav.ops.asset_reviews", Key: "assets"},
		{Href: "/ops/entries", Label: "nav.ops.entries", Key: "entries"},
		{Href: "/ops/certifications", Label: "nav.ops.certifications", Key: "certifications"},
	}},
	{Title: "nav.ops.transactions", Items: []NavItem{
		{Href: "/ops/appeals", Label: "nav.ops.appeals", Key: "appeals"},
		{Href: "/ops/courier", Label: "nav.ops.courier", Key: "courier"},
		{Href: "/ops/unsubscriptions", Label: "nav.ops.unsubscriptions", Key: "unsubscriptions"},
		{Href: "/ops/invoices", Label: "nav.ops.invoices", Key: "invoices"},
	}},
	{Title: "nav.ops.finance", Items: []NavItem{{Href: "/ops/balances", Label: "nav.ops.balances", Key: "balances"},
		{Href: "/ops/settlement", Label: "nav.ops.statements", Key: "statements"},
		{Href: "/ops/settlement/fees", Label: "nav.ops.fee_rules", Key: "fee_rules"},
		{Href: "/ops/settlement/fee-invoices", Label: "nav.ops.fee_invoices", Key: "fee_invoices"}}},
	{Title: "nav.ops.config", Items: []NavItem{{Href: "/ops/calendar", Label: "nav.ops.calendar", Key: "calendar"}}},
}
