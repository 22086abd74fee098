package lifecycle

// ExportStatus is the status of an export of an order list (导出记录, domain §6.1).
type ExportStatus string

// Export states.
const (
	ExportNone    ExportStatus = ""
	ExportQueued  ExportStatus = "queued"  // 排队中: requested, its job not started yet
	ExportRunning ExportStatus = "running" // 生成中: the job is writing rows
	ExportDone    ExportStatus = "done"    // 已完成: the file can be downloaded until it expires
	ExportFailed  ExportStatus = "failed"  // 失败: the job gave up; the reason says why
	ExportExpired ExportStatus = "expired" // 已过期: the file was deleted after 3 days
)

// ExportEvent is an event of an export.
type ExportEvent string

// Export events. The buyer or seller requests an export of their own list;
// everything after that is the job's and the sweep's.
const (
	ExportRequest ExportEvent = "request" // the buyer or seller, from their order list
	ExportStart   ExportEvent = "start"   // system: the job starts (again, after a failed attempt)
	ExportFinish  ExportEvent = "finish"  // system: the file is stored
	ExportFail    ExportEvent = "fail"    // system: the last attempt failed
	ExportExpire  ExportEvent = "expire"  // system: the sweep deleted the file
)

// Export is the export machine.
var Export = &Machine[ExportStatus, ExportEvent]{
	Name:   "export",
	States: []ExportStatus{ExportNone, ExportQueued, ExportRunning, ExportDone, ExportFailed, ExportExpired},
	Events: []ExportEvent{ExportRequest, ExportStart, ExportFinish, ExportFail, ExportExpire},
	Transitions: []Transition[ExportStatus, ExportEvent]{
		{ExportNone, ExportRequest, []Actor{Buyer, Seller}, ExportQueued},
		{ExportQueued, ExportStart, []Actor{System}, ExportRunning},
		{ExportRunning, ExportStart, []Actor{System}, ExportRunning},
		{ExportRunning, ExportFinish, []Actor{System}, ExportDone},
		{ExportQueued, ExportFail, []Actor{System}, ExportFailed},
		{ExportRunning, ExportFail, []Actor{System}, ExportFailed},
		{ExportDone, ExportExpire, []Actor{System}, ExportExpired},
	},
}

// ExportActive reports whether an export in s still counts against its owner's limit.
func ExportActive(s ExportStatus) bool { return s == ExportQueued || s == ExportRunning }
