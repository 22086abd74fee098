package ui

import "net/url"

// OrderFilter is an order list's search form as typed.
type OrderFilter struct {
	Number, Customer, UserName, Product, Status, From, To string
}

// Query is the filter as URL parameters (for the pager), ending in "&".
func (f OrderFilter) Query() string {
	v := url.Values{}
	for k, s := range map[string]string{"number": f.Number, "customer": f.Customer, "user": f.UserName, "product": f.Product,
		"status": f.Status, "from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if len(v) == 0 {
		return ""
	}
	return v.Encode() + "&"
}

// OrderRow is one line of an order list.
type OrderRow struct {
	ID, Number, Href    string
	Product, Spec       string
	Kind                string // new | renewal
	Status              string
	Amount              string
	Quantity            string // "3 months", "1 unit", "14-day trial"
	Created             string
	Customer, BuyerName string
	Phone, Email        string
	Node                string // the supervision node while the order is processing
	Frozen              bool   // an appeal froze the supervision
}

// OrderView is an order's details, for either party.
type OrderView struct {
	OrderRow
	ProductURL   string
	BillingMode  string
	UnitPrice    string
	Trial        bool
	Supervised   bool
	Flow         string
	PayBy        string // while waiting for payment
	Paid         string
	Completed    string
	Cancelled    string
	Unsubscribed string
	ServiceStart string
	ServiceEnd   string
	Address      string
	RenewsHref   string
	RenewsNumber string
}
