package ui

import "strings"

// ExportsURL is where an order list at base (/buyer/orders, /seller/orders)
// sends its export requests and keeps its export records.
func ExportsURL(base string) string { return strings.TrimSuffix(base, "/orders") + "/exports" }

// ExportView is one export record as its owner sees it.
type ExportView struct {
	ID       string
	Href     string // the record's page
	Format   string // CSV | XLSX
	Filter   string // a summary of the filter
	Status   string // queued | running | done | failed | expired
	Active   bool
	Rows     int64
	Total    int64 // -1 while unknown
	Percent  int   // -1 while unknown
	Size     string
	Created  string
	Expires  string
	Failure  string // message key of a failed export
	Download string // the file, while it is kept
	FileName string
}

// ExportsVM is a page of export records. Poll is the address the list
// reloads itself from while an export is being made ("" once all are finished).
type ExportsVM struct {
	Base    string // /buyer/exports or /seller/exports
	Orders  string // the order list
	Rows    []ExportView
	Page    int
	HasNext bool
	Poll    string
	Refusal string // message key of a refused request
	Args    []any
}
