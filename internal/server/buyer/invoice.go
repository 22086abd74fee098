package buyer

import (
	"context"

	"github.com/go-chi/chi/v5"

	"agora/internal/account"
	"agora/internal/order"
	"agora/web/buyer"
)

func (h Handler) invoiceRoutes(r chi.Router) {
}

// invoiceVM is the order page's invoice section; nil when there is none.
func (h Handler) invoiceVM(ctx context.Context, viewer account.Account, o order.Order) (*buyer.InvoiceBoxVM, error) {
	return nil, nil
}
