package catalog

import "testing"

func TestSearchPatterns(t *testing.T) {
	for q, want := range map[string]string{
		"数据库":            "%数据库%",
		"数据库审计 企业版":      "%数据库审计%企业版%",
		"100%_off":       `%100\%\_off%`,
		`back\slash`:     `%back\\slash%`,
		"  spaced  out ": "%spaced%out%",
	} {
		if got := likePattern(q); got != want {
			t.Errorf("likePattern(%q) = %q, want %q", q, got, want)
		}
	}
	if got := prefixQuery("it's"); got != `'it''s':*` {
		t.Errorf("prefixQuery = %q", got)
	}
	for q, want := range map[string]string{"客服": "客服", "云": "云", "数据库": "", "AI": "", "云A": "", "": "", "の": ""} {
		if got := cjkGram(q); got != want {
			t.Errorf("cjkGram(%q) = %q, want %q", q, got, want)
		}
	}
	n := ShopQuery{Q: "  a  b ", Type: "nope", Billing: "weekly", Sort: "relevance", Page: 999}.Normalize()
	if n.Q != "a b" || n.Type != "" || n.Billing != "" || n.Sort != SortRelevance || n.Page != ShopMaxPage {
		t.Errorf("normalize: %+v", n)
	}
	if n := (ShopQuery{Sort: SortRelevance}).Normalize(); n.Sort != SortNewest || n.Page != 1 {
		t.Errorf("relevance without words: %+v", n)
	}
}
