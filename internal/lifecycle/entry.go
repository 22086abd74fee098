package lifecycle

// EntryStatus is the status of a seller entry application (入驻申请).
type EntryStatus string

// Entry application states. "Not applied" has no row, so Submit is an edge from None.
const (
	EntryNone     EntryStatus = ""
	EntryPending  EntryStatus = "pending"  // 审核中: operations reviews the qualifications, SLA 3 working days
	EntryApproved EntryStatus = "approved" // 已通过: admitted; business-information certification comes next
	EntryRejected EntryStatus = "rejected" // 已驳回: the seller sees the reason, edits and resubmits
)

// EntryEvent is an event on an entry application.
type EntryEvent string

// Entry application events.
const (
	EntrySubmit   EntryEvent = "submit"
	EntryApprove  EntryEvent = "approve"
	EntryReject   EntryEvent = "reject"
	EntryResubmit EntryEvent = "resubmit"
)

// Entry is the seller entry machine (domain A1).
var Entry = &Machine[EntryStatus, EntryEvent]{
	Name:   "entry",
	States: []EntryStatus{EntryNone, EntryPending, EntryApproved, EntryRejected},
	Events: []EntryEvent{EntrySubmit, EntryApprove, EntryReject, EntryResubmit},
	Transitions: []Transition[EntryStatus, EntryEvent]{
		// Any account may apply once; the application then lives on as one record.
		{EntryNone, EntrySubmit, []Actor{Applicant}, EntryPending},
		// Operations decides on pending applications only; a decided one is "already handled".
		{EntryPending, EntryApprove, ops, EntryApproved},
		{EntryPending, EntryReject, ops, EntryRejected},
		// A rejection is not final: the seller fixes what the reason names and tries again.
		{EntryRejected, EntryResubmit, []Actor{Applicant}, EntryPending},
	},
}

// CertStatus is the status of business-information certification (商业信息认证).
type CertStatus string

// Certification states. "Not certified" has no row.
const (
	CertNone      CertStatus = ""
	CertSubmitted CertStatus = "submitted" // 认证中
	CertCertified CertStatus = "certified" // 已认证
	CertRejected  CertStatus = "rejected"  // 已驳回: the seller may resubmit
	CertLocked    CertStatus = "locked"    // 锁定: third failure; only an admin unlocks
)

// CertEvent is an event on a certification.
type CertEvent string

// Certification events. RejectFinal is the third rejection: the service picks it
// instead of Reject when the attempt count says so, so the lock is an edge of its own.
const (
	CertSubmit      CertEvent = "submit"
	CertApprove     CertEvent = "approve"
	CertReject      CertEvent = "reject"
	CertRejectFinal CertEvent = "reject_final"
	CertResubmit    CertEvent = "resubmit"
	CertUnlock      CertEvent = "unlock"
)

// CertMaxFailures is how many rejections lock the certification.
const CertMaxFailures = 3

// Certification is the business-information certification machine (domain A2).
var Certification = &Machine[CertStatus, CertEvent]{
	Name:   "certification",
	States: []CertStatus{CertNone, CertSubmitted, CertCertified, CertRejected, CertLocked},
	Events: []CertEvent{CertSubmit, CertApprove, CertReject, CertRejectFinal, CertResubmit, CertUnlock},
	Transitions: []Transition[CertStatus, CertEvent]{
		// Only an admitted seller reaches the form (a service guard); it then submits once.
		{CertNone, CertSubmit, []Actor{Applicant}, CertSubmitted},
		{CertSubmitted, CertApprove, ops, CertCertified},
		{CertSubmitted, CertReject, ops, CertRejected},
		// The third failed attempt locks the certification instead of returning it.
		{CertSubmitted, CertRejectFinal, ops, CertLocked},
		{CertRejected, CertResubmit, []Actor{Applicant}, CertSubmitted},
		// Unlocking is an administrator's decision (the "ticket" of the domain spec);
		// it returns the form to the seller with a fresh count of attempts.
		{CertLocked, CertUnlock, []Actor{Admin}, CertRejected},
	},
}

// CertRejectEvent picks the rejection edge for a certification that has already
// failed `failures` times.
func CertRejectEvent(failures int) CertEvent {
	if failures+1 >= CertMaxFailures {
		return CertRejectFinal
	}
	return CertReject
}
