package lifecycle

// AppStatus is the status of a product application record (我的申请): a
// release, a modification of a listed product, or a delisting request.
type AppStatus string

// Application states. "No record yet" is None; a deleted record stays in the
// table (its evidence chain must survive) but no list shows it.
const (
	AppNone      AppStatus = ""
	AppDraft     AppStatus = "draft"     // 草稿: saved (by hand or automatically), editable, deletable
	AppPending   AppStatus = "pending"   // 待审核: operations reviews within the SLA; the seller may withdraw
	AppApproved  AppStatus = "approved"  // 已通过: terminal; the product is listed or the change took effect
	AppRejected  AppStatus = "rejected"  // 已驳回: reasons per field; edit and resubmit, or delete
	AppWithdrawn AppStatus = "withdrawn" // 已撤回: editable again; resubmit or delete
	AppDeleted   AppStatus = "deleted"   // removed by the seller; kept only as evidence
	AppCancelled AppStatus = "cancelled" // voided because its product left the shelf
)

// AppEvent is an event on an application record.
type AppEvent string

// Application events.
const (
	AppCreate   AppEvent = "create"   // first save of a draft
	AppSubmit   AppEvent = "submit"   // draft (or nothing, for a delisting request) → pending
	AppApprove  AppEvent = "approve"  // operations
	AppReject   AppEvent = "reject"   // operations, with reasons
	AppWithdraw AppEvent = "withdraw" // seller, while pending
	AppResubmit AppEvent = "resubmit" // after rejection or withdrawal
	AppDelete   AppEvent = "delete"   // seller, outside review
	AppCancel   AppEvent = "cancel"   // system: the product was delisted
)

// Application is the product application machine (domain §2.5, A3).
var Application = &Machine[AppStatus, AppEvent]{
	Name:   "product_application",
	States: []AppStatus{AppNone, AppDraft, AppPending, AppApproved, AppRejected, AppWithdrawn, AppDeleted, AppCancelled},
	Events: []AppEvent{AppCreate, AppSubmit, AppApprove, AppReject, AppWithdraw, AppResubmit, AppDelete, AppCancel},
	Transitions: []Transition[AppStatus, AppEvent]{
		{AppNone, AppCreate, []Actor{Applicant}, AppDraft},
		// A delisting request (and a form submitted without a saved draft) goes straight to review.
		{AppNone, AppSubmit, []Actor{Applicant}, AppPending},
		{AppDraft, AppSubmit, []Actor{Applicant}, AppPending},
		{AppDraft, AppDelete, []Actor{Applicant}, AppDeleted},
		{AppPending, AppApprove, ops, AppApproved},
		{AppPending, AppReject, ops, AppRejected},
		{AppPending, AppWithdraw, []Actor{Applicant}, AppWithdrawn},
		{AppRejected, AppResubmit, []Actor{Applicant}, AppPending},
		{AppRejected, AppDelete, []Actor{Applicant}, AppDeleted},
		{AppWithdrawn, AppResubmit, []Actor{Applicant}, AppPending},
		{AppWithdrawn, AppDelete, []Actor{Applicant}, AppDeleted},
		// Delisting a product voids whatever change of it was still open.
		{AppDraft, AppCancel, []Actor{System}, AppCancelled},
		{AppPending, AppCancel, []Actor{System}, AppCancelled},
		{AppRejected, AppCancel, []Actor{System}, AppCancelled},
		{AppWithdrawn, AppCancel, []Actor{System}, AppCancelled},
	},
}

// AppEditable reports whether the seller may still change the record's content.
func AppEditable(s AppStatus) bool {
	return s == AppDraft || s == AppRejected || s == AppWithdrawn
}

// ShelfStatus is the status of a listed product or of one of its specs (我的商品).
// Hidden or public is a separate switch, not a status: a hidden product is still on sale.
type ShelfStatus string

// Shelf states. A product has no row before its release is approved.
const (
	ShelfNone      ShelfStatus = ""
	ShelfListed    ShelfStatus = "listed"    // 在售
	ShelfDelisting ShelfStatus = "delisting" // 下架审核中: still on sale until operations approves
	ShelfDelisted  ShelfStatus = "delisted"  // 已下架: gone for good, never relisted
)

// ShelfEvent is an event on a product or spec.
type ShelfEvent string

// Shelf events.
const (
	ShelfList          ShelfEvent = "list"           // the release (or, for a spec, the modification adding it) was approved
	ShelfRequestDelist ShelfEvent = "request_delist" // the seller asked to delist
	ShelfApproveDelist ShelfEvent = "approve_delist" // operations agreed
	ShelfRejectDelist  ShelfEvent = "reject_delist"  // operations refused: back on sale
	ShelfCancelDelist  ShelfEvent = "cancel_delist"  // the seller withdrew the request: back on sale
	ShelfForceDelist   ShelfEvent = "force_delist"   // operations removes it for a rule violation
)

// Shelf is the product (and spec) machine (domain §2.6, A4).
var Shelf = &Machine[ShelfStatus, ShelfEvent]{
	Name:   "shelf",
	States: []ShelfStatus{ShelfNone, ShelfListed, ShelfDelisting, ShelfDelisted},
	Events: []ShelfEvent{ShelfList, ShelfRequestDelist, ShelfApproveDelist, ShelfRejectDelist, ShelfCancelDelist, ShelfForceDelist},
	Transitions: []Transition[ShelfStatus, ShelfEvent]{
		{ShelfNone, ShelfList, ops, ShelfListed},
		{ShelfListed, ShelfRequestDelist, []Actor{Applicant}, ShelfDelisting},
		{ShelfDelisting, ShelfApproveDelist, ops, ShelfDelisted},
		{ShelfDelisting, ShelfRejectDelist, ops, ShelfListed},
		{ShelfDelisting, ShelfCancelDelist, []Actor{Applicant}, ShelfListed},
		{ShelfListed, ShelfForceDelist, ops, ShelfDelisted},
		{ShelfDelisting, ShelfForceDelist, ops, ShelfDelisted},
	},
}

// OnSale reports whether a product or spec in s can still be bought.
func OnSale(s ShelfStatus) bool { return s == ShelfListed || s == ShelfDelisting }

// AssetStatus is the status of an image or software-package asset (我的资产).
type AssetStatus string

// Asset states (domain §3.3, A5).
const (
	AssetNone       AssetStatus = ""
	AssetDraft      AssetStatus = "draft"       // 草稿
	AssetScanning   AssetStatus = "scanning"    // 扫描中: the automated security scan runs
	AssetScanFailed AssetStatus = "scan_failed" // 扫描失败: the report lists what failed; fix and resubmit
	AssetPending    AssetStatus = "pending"     // 审核中: operations reviews within the SLA
	AssetApproved   AssetStatus = "approved"    // 已通过: may be linked to an image or package product
	AssetRejected   AssetStatus = "rejected"    // 已驳回: fix and resubmit
	AssetDeleted    AssetStatus = "deleted"
)

// AssetEvent is an event on an asset.
type AssetEvent string

// Asset events.
const (
	AssetCreate   AssetEvent = "create"
	AssetSubmit   AssetEvent = "submit"    // with the security self-check; starts the scan
	AssetScanPass AssetEvent = "scan_pass" // system
	AssetScanFail AssetEvent = "scan_fail" // system
	AssetApprove  AssetEvent = "approve"
	AssetReject   AssetEvent = "reject"
	AssetResubmit AssetEvent = "resubmit"
	AssetDelete   AssetEvent = "delete"
)

// Asset is the asset machine.
var Asset = &Machine[AssetStatus, AssetEvent]{
	Name:   "asset",
	States: []AssetStatus{AssetNone, AssetDraft, AssetScanning, AssetScanFailed, AssetPending, AssetApproved, AssetRejected, AssetDeleted},
	Events: []AssetEvent{AssetCreate, AssetSubmit, AssetScanPass, AssetScanFail, AssetApprove, AssetReject, AssetResubmit, AssetDelete},
	Transitions: []Transition[AssetStatus, AssetEvent]{
		{AssetNone, AssetCreate, []Actor{Applicant}, AssetDraft},
		{AssetDraft, AssetSubmit, []Actor{Applicant}, AssetScanning},
		{AssetDraft, AssetDelete, []Actor{Applicant}, AssetDeleted},
		{AssetScanning, AssetScanPass, []Actor{System}, AssetPending},
		{AssetScanning, AssetScanFail, []Actor{System}, AssetScanFailed},
		{AssetScanFailed, AssetResubmit, []Actor{Applicant}, AssetScanning},
		{AssetScanFailed, AssetDelete, []Actor{Applicant}, AssetDeleted},
		{AssetPending, AssetApprove, ops, AssetApproved},
		{AssetPending, AssetReject, ops, AssetRejected},
		{AssetRejected, AssetResubmit, []Actor{Applicant}, AssetScanning},
		{AssetRejected, AssetDelete, []Actor{Applicant}, AssetDeleted},
		// An approved asset may go only while no product links it (a service guard).
		{AssetApproved, AssetDelete, []Actor{Applicant}, AssetDeleted},
	},
}

// AssetEditable reports whether the seller may change the asset's details or file.
func AssetEditable(s AssetStatus) bool {
	return s == AssetDraft || s == AssetScanFailed || s == AssetRejected
}
