package catalog

import "context"

// Category is a storefront category.
type Category struct {
	ID     string
	NameZh string
	NameEn string
}

// Name is the category's name in lang.
func (c Category) Name(lang string) string {
	if lang == "en" {
		return c.NameEn
	}
	return c.NameZh
}

// Categories lists every category in display order.
func (s *Service) Categories(ctx context.Context) ([]Category, error) {
	rows, err := s.st.ListCategories(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Category, len(rows))
	for i, r := range rows {
		out[i] = Category{ID: r.ID, NameZh: r.NameZh, NameEn: r.NameEn}
	}
	return out, nil
}
