package seller

import (
	"strconv"
	"time"

	"agora/web/ui"
)

// AssetRow is one line of my assets (我的资产).
type AssetRow struct {
	ID, Number, Name, Release string
	Kind, Status              string
	Version                   int32
	UpdatedAt                 time.Time
	CanDelete                 bool
}

// AssetQuota is today's upload quota at a glance.
type AssetQuota struct {
	BytesUsed, BytesLimit string // formatted sizes
	FilesUsed, FilesLimit int
	Percent               int // of the byte quota used, 0–100
}

// AssetListVM is my assets.
type AssetListVM struct {
	Rows    []AssetRow
	Page    int
	HasNext bool
	Quota   AssetQuota
}

// AssetNewVM is the new-asset form: the kind and the details.
type AssetNewVM struct {
	Form  ui.Form
	Kinds []ui.Option
}

// AssetDetail is an asset as shown to its seller and to operations.
type AssetDetail struct {
	ID, Number, Name, Release, Description string
	Kind, Status                           string
	Version                                int32
	Source                                 string // upload | bucket | image | ""
	File                                   *ui.Attachment
	Bucket, ObjectKey                      string
	DeclaredSize                           int64
	DeclaredSHA256                         string
	ImageRegion, ImageRef, ImageOS         string // region and OS are catalog keys
	ImageDiskGB                            int32
	SubmittedAt                            *time.Time
	SLA                                    *ui.SLA // while pending (and after, stopped)
	Reason                                 string  // the reviewer's note
	DecidedAt                              *time.Time
	UpdatedAt                              time.Time
}

// VersionString is the version as a form value.
func (d AssetDetail) VersionString() string { return strconv.Itoa(int(d.Version)) }

// AssetReportView is a scan report for display.
type AssetReportView struct {
	At      time.Time
	Passed  bool
	Format  string
	Size    int64
	SHA256  string
	Entries int
	Checks  []AssetCheckView
}

// AssetCheckView is one check of a report.
type AssetCheckView struct {
	ID     string
	Label  string // catalog key
	Result string // pass | fail | skip | manual
	Note   string // catalog key
	Args   []any
}

// SelfCheckItem is one item of the security self-check.
type SelfCheckItem struct {
	ID      string
	Label   string // catalog key
	Hint    string // catalog key
	Checked bool
}

// AssetUpload is what the upload form needs to know.
type AssetUpload struct {
	MaxBytes  int64  // the largest file accepted now (0: none today)
	MaxLabel  string // the per-file limit, formatted
	LeftLabel string // the day's remaining volume, formatted
	FilesLeft int
	LimitMsg  string // catalog key of the message for a file above MaxBytes
	LimitArgs []any
}

// AssetVM is one asset's page: what it is, what can be done next, the scan report and the timeline.
type AssetVM struct {
	Asset         AssetDetail
	Editable      bool
	CanDelete     bool
	Linked        bool // approved and linked to a product: cannot be deleted
	DetailsForm   ui.Form
	UploadForm    ui.Form
	ImportForm    ui.Form
	ImageForm     ui.Form
	SubmitForm    ui.Form
	ImportEnabled bool
	Upload        AssetUpload
	Regions       []ui.Option
	OSes          []ui.Option
	SelfCheck     []SelfCheckItem
	Report        *AssetReportView
	Timeline      []ui.TimelineItem
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func passFail(ok bool) string {
	if ok {
		return "pass"
	}
	return "fail"
}
