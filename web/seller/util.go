package seller

import (
	"context"
	"regexp"

	"strconv"
	"strings"

	"agora/web/ui"
)

// fileID takes the id back out of a kept file's download URL.
func fileID(f *ui.Attachment) string { return strings.TrimPrefix(f.URL, "/files/") }

func fmtInt(n int) string { return strconv.Itoa(n) }

func specField(i int, name string) string { return "spec." + strconv.Itoa(i) + "." + name }

func specErr(vm ProductFormVM, i int, name string) string { return vm.Form.E(specField(i, name)) }

func formTitle(ctx context.Context, vm ProductFormVM) string {
	if vm.Kind == "modify" {
		return ui.T(ctx, "product.modify_title")
	}
	return ui.T(ctx, "product.release_title")
}

// formNav is the menu entry of the product form: a modification belongs under the products.
func formNav(vm ProductFormVM) string {
	if vm.Kind == "modify" {
		return "products"
	}
	return "release"
}

func appsTitle(ctx context.Context, drafts bool) string {
	if drafts {
		return ui.T(ctx, "nav.seller.drafts")
	}
	return ui.T(ctx, "nav.seller.applications")
}

// applicationTitle is an application page's title: "Application <number> — <product name>".
func applicationTitle(ctx context.Context, row ApplicationRow) string {
	return ui.T(ctx, "product.application_title", "number", row.Number, "name", nameOrUntitled(ctx, row.Title))
}

// applicationNav is the menu entry an application belongs under: a draft
// under Drafts, a modification or delisting under the product's menu.
func applicationNav(row ApplicationRow) string {
	if row.Status == "draft" {
		return "drafts"
	}
	return "applications"
}

func appsKey(drafts bool) string {
	if drafts {
		return "drafts"
	}
	return "applications"
}

func appsBase(drafts bool) string {
	if drafts {
		return "/seller/drafts?"
	}
	return "/seller/applications?"
}

// displayName is a product's name in the viewer's language: the English name
// on English pages when there is one, else the Chinese name.
func displayName(ctx context.Context, zh, en string) string {
	if ui.Lang(ctx) == "en" && en != "" {
		return en
	}
	return zh
}

func nameOrUntitled(ctx context.Context, name string) string {
	if name == "" {
		return ui.T(ctx, "product.untitled")
	}
	return name
}

// fieldLabel names a form field (or spec.<i>.<field>) for the reviewer's notes.
func fieldLabel(ctx context.Context, field string) string {
	if strings.HasPrefix(field, "spec.") {
		parts := strings.Split(field, ".")
		if len(parts) == 3 {
			n, _ := strconv.Atoi(parts[1])
			return ui.T(ctx, "product.spec_n", "n", n+1) + " · " + ui.T(ctx, "product.spec_field."+parts[2])
		}
	}
	return ui.T(ctx, FieldLabel(field))
}

// fieldNoteRe matches a line of a recorded rejection that names a form field:
// "summary: …" or "spec.0.price: …".
var fieldNoteRe = regexp.MustCompile(`^(spec\.[0-9]+\.[a-z_]+|[a-z_]+): `)

// ReviewNotes renders a recorded review reason (the overall reason, then one
// "field: reason" line per field) with the fields named as the form names them.
func ReviewNotes(ctx context.Context, reason string) string {
	lines := strings.Split(reason, "\n")
	for i, line := range lines {
		m := fieldNoteRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if label := fieldLabel(ctx, m[1]); !strings.HasPrefix(label, "product.") {
			lines[i] = label + ": " + line[len(m[0]):]
		}
	}
	return strings.Join(lines, "\n")
}

// FieldLabel is the catalog key of a product form field's label.
func FieldLabel(field string) string {
	switch field {
	case "category_id":
		return "product.category"
	case "asset_id":
		return "product.asset"
	case "specs":
		return "product.section_specs"
	}
	return "product." + field
}

// typed is what was typed into field of a refused form f, else stored.
func typed(f ui.Form, field, stored string) string {
	if v, ok := f.Values[field]; ok {
		return v
	}
	return stored
}

// typedCheck is a checkbox as ticked in a refused form f, else as stored.
func typedCheck(f ui.Form, field string, stored bool) bool {
	if f.Values == nil {
		return stored
	}
	return f.Values[field] != ""
}

func limitValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
