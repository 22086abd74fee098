package catalog

import (
	"context"
	"strings"
	"unicode/utf8"

	"agora/internal/store/pg"
)

// ShopSearch returns one page of the catalog. A search in relevance order is one
// statement (matches, rank, page and their number); the other orders and plain
// browsing read the page in index order and count the matches up to a cap.
func (s *Service) ShopSearch(ctx context.Context, in ShopQuery) (ShopResults, error) {
	q := in.Normalize()
	res := ShopResults{Query: q}
	db := s.shop()
	p := pg.StorefrontNewestParams{Q: q.Q, Gram: cjkGram(q.Q), Long: utf8.RuneCountInString(q.Q) >= 3, Pattern: likePattern(q.Q),
		Prefix: prefixQuery(q.Q), Category: optional(q.Category), AccessType: optional(q.Type), Billing: optional(q.Billing),
		Skip: int32((q.Page - 1) * ShopPageSize), MaxRows: ShopPageSize}
	if q.PriceMin != nil {
		p.PriceMin = ptr(int64(*q.PriceMin))
	}
	if q.PriceMax != nil {
		p.PriceMax = ptr(int64(*q.PriceMax))
	}
	var rows []pg.StorefrontNewestRow
	var err error
	switch q.Sort {
	case SortRelevance:
		var rs []pg.StorefrontRelevanceRow
		rs, err = db.StorefrontRelevance(ctx, pg.StorefrontRelevanceParams{Pattern: p.Pattern, Q: p.Q, Gram: p.Gram, Long: p.Long, Prefix: p.Prefix,
			Category: p.Category, AccessType: p.AccessType, Billing: p.Billing, PriceMin: p.PriceMin, PriceMax: p.PriceMax,
			Cap: ShopRankCap + 1, Skip: p.Skip, MaxRows: p.MaxRows})
		for _, r := range rs {
			rows = append(rows, pg.StorefrontNewestRow{ID: r.ID, Name: r.Name, NameEn: r.NameEn, Summary: r.Summary,
				AccessType: r.AccessType, CategoryID: r.CategoryID, MinPrice: r.MinPrice, BillingModes: r.BillingModes,
				LogoFileID: r.LogoFileID, ListedAt: r.ListedAt, CompanyName: r.CompanyName, PriceMode: r.PriceMode})
			res.Total = int(r.Total)
		}
	case SortPriceAsc:
		var rs []pg.StorefrontCheapestRow
		rs, err = db.StorefrontCheapest(ctx, pg.StorefrontCheapestParams(p))
		for _, r := range rs {
			rows = append(rows, pg.StorefrontNewestRow(r))
		}
	case SortPriceDesc:
		var rs []pg.StorefrontDearestRow
		rs, err = db.StorefrontDearest(ctx, pg.StorefrontDearestParams(p))
		for _, r := range rs {
			rows = append(rows, pg.StorefrontNewestRow(r))
		}
	default:
		rows, err = db.StorefrontNewest(ctx, p)
	}
	if err != nil {
		return res, err
	}
	for _, r := range rows {
		res.Cards = append(res.Cards, shopCard(r))
	}
	if q.Sort != SortRelevance || (len(rows) == 0 && q.Page > 1) {
		n, err := db.StorefrontCount(ctx, pg.StorefrontCountParams{Q: p.Q, Gram: p.Gram, Long: p.Long, Pattern: p.Pattern, Prefix: p.Prefix,
			Category: p.Category, AccessType: p.AccessType, Billing: p.Billing, PriceMin: p.PriceMin, PriceMax: p.PriceMax,
			Cap: ShopCountCap + 1})
		if err != nil {
			return res, err
		}
		res.Total = int(n)
	}
	limit := ShopCountCap
	if q.Sort == SortRelevance {
		limit = ShopRankCap
	}
	if res.Total > limit {
		res.Total, res.Capped = limit, true
	}
	res.HasNext = len(res.Cards) == ShopPageSize && q.Page < ShopMaxPage && q.Page*ShopPageSize < res.Total
	return res, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

var (
	likeEscaper    = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	tsQuoteEscaper = strings.NewReplacer(`\`, `\\`, `'`, `''`)
)

// likePattern matches text containing the words of q in their order, each
// literally ("数据库审计 企业版" finds "云栖数据库审计系统 企业版").
func likePattern(q string) string {
	words := strings.Fields(q)
	for i, w := range words {
		words[i] = likeEscape(w)
	}
	return "%" + strings.Join(words, "%") + "%"
}

// likeEscape makes s match literally inside an ILIKE pattern.
func likeEscape(s string) string { return likeEscaper.Replace(s) }

// cjkGram is q when it is one or two Chinese characters ("云", "客服"), which
// match anywhere in a product's text through its index of Chinese characters
// and pairs: Chinese has no spaces, so a word prefix would miss "智能客服".
// Anything else is "" (searched by words, prefixes or trigrams).
func cjkGram(q string) string {
	n := 0
	for _, r := range q {
		if !inGramRange(r) {
			return ""
		}
		n++
	}
	if n == 0 || n > 2 {
		return ""
	}
	return q
}

// inGramRange is the Chinese the index of migration 000012 lists: CJK
// unified ideographs, extension A and the compatibility ideographs.
func inGramRange(r rune) bool {
	return r >= 0x3400 && r <= 0x4dbf || r >= 0x4e00 && r <= 0x9fff || r >= 0xf900 && r <= 0xfaff
}

// prefixQuery is a tsquery matching words that start with s, for queries too
// short for trigrams ("AI", "云", "安全"). s is quoted, so it is never syntax.
func prefixQuery(s string) string {
	if s == "" {
		return "''" // never evaluated: an empty query browses
	}
	return "'" + tsQuoteEscaper.Replace(s) + "':*"
}
