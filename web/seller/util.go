package seller

import (
	"context"

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

func appsTitle(ctx context.Context, drafts bool) string {
	if drafts {
		return ui.T(ctx, "nav.seller.drafts")
	}
	return ui.T(ctx, "nav.seller.applications")
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

func limitValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
