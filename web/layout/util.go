package layout

import "strconv"

func fmtStatus(n int) string { return strconv.Itoa(n) }
