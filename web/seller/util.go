package seller

import (
	"strconv"
	"strings"

	"agora/web/ui"
)

// fileID takes the id back out of a kept file's download URL.
func fileID(f *ui.Attachment) string { return strings.TrimPrefix(f.URL, "/files/") }

func fmtInt(n int) string { return strconv.Itoa(n) }
