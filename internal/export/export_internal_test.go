package export

// SetSheetRows makes worksheets hold n rows (header included) until restore is called,
// so a test can see an export continue on a second sheet without a million rows.
func SetSheetRows(n int) (restore func()) {
	old := sheetRows
	sheetRows = n
	return func() { sheetRows = old }
}
