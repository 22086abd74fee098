package asset

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Report is the outcome of one automated scan, stored with the asset and shown
// to the seller and the reviewer.
type Report struct {
	Standard string    `json:"standard"`
	Format   string    `json:"format,omitempty"`
	Size     int64     `json:"size,omitempty"`
	SHA256   string    `json:"sha256,omitempty"`
	Entries  int       `json:"entries,omitempty"`
	Checks   []Check   `json:"checks"`
	At       time.Time `json:"at"`
}

// Check results.
const (
	Pass   = "pass"
	Fail   = "fail"
	Skip   = "skip"   // not run because an earlier check failed
	Manual = "manual" // cannot be automated here: the reviewer confirms it
)

// Check is one line of a report. The label is the catalog key
// asset.check.<ID>, the explanation asset.note.<Note> with Args.
type Check struct {
	ID     string            `json:"id"`
	Result string            `json:"result"`
	Note   string            `json:"note"`
	Args   map[string]string `json:"args,omitempty"`
}

// Passed reports whether no check failed.
func (r Report) Passed() bool {
	for _, c := range r.Checks {
		if c.Result == Fail {
			return false
		}
	}
	return len(r.Checks) > 0
}

// Failed lists the ids of the failed checks.
func (r Report) Failed() []string {
	var out []string
	for _, c := range r.Checks {
		if c.Result == Fail {
			out = append(out, c.ID)
		}
	}
	return out
}

// CheckIDs are every check a report may hold (catalog keys asset.check.<id>).
var CheckIDs = []string{"source", "size", "checksum", "format", "integrity", "paths", "malware",
	"image_ref", "image_unique", "image_security", "scan"}

// NoteIDs are every explanation a check may carry (catalog keys asset.note.<id>).
var NoteIDs = []string{
	"uploaded", "bucket", "import_unavailable", "object_missing",
	"size_ok", "size_mismatch", "import_too_large",
	"sha_ok", "sha_mismatch", "stored_changed",
	"format_ok", "format_unknown", "gzip_not_tar", "no_files",
	"intact", "crc", "truncated", "method", "corrupt", "tar_header", "gzip", "gzip_trailer", "zip_structure",
	"encrypted", "too_many_entries", "expansion",
	"paths_ok", "unsafe_paths",
	"signatures_ok", "signature_found", "signature_found_package",
	"image_ref_ok", "image_unique_ok", "image_taken", "image_manual",
	"not_run", "scan_error",
}

func check(id, result, note string, kv ...string) Check {
	c := Check{ID: id, Result: result, Note: note}
	if len(kv) > 0 {
		c.Args = map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			c.Args[kv[i]] = kv[i+1]
		}
	}
	return c
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// skipFrom appends the checks after a failed source check as not run.
func skipFrom(checks []Check, ids ...string) []Check {
	for _, id := range ids {
		checks = append(checks, check(id, Skip, "not_run"))
	}
	return checks
}

// packageChecks turns an inspection into the report's archive checks.
func packageChecks(ins Inspection) []Check {
	var out []Check
	if ins.FormatNote != "" {
		out = append(out, check("format", Fail, ins.FormatNote))
	} else {
		out = append(out, check("format", Pass, "format_ok", "format", ins.Format))
	}
	switch {
	case ins.Format == "":
		out = append(out, check("integrity", Skip, "not_run"))
	case ins.Broken != "":
		out = append(out, check("integrity", Fail, ins.Broken, "entry", ins.BrokenAt))
	default:
		out = append(out, check("integrity", Pass, "intact", "entries", strconv.Itoa(ins.Entries)))
	}
	if len(ins.Unsafe) > 0 {
		out = append(out, check("paths", Fail, "unsafe_paths", "entries", strings.Join(ins.Unsafe, ", ")))
	} else {
		out = append(out, check("paths", Pass, "paths_ok"))
	}
	if len(ins.Found) > 0 {
		var where, sigs []string
		for _, f := range ins.Found {
			if f.Entry == "" {
				where = append(where, "*")
			} else {
				where = append(where, f.Entry)
			}
			if !slices.Contains(sigs, f.Signature) {
				sigs = append(sigs, f.Signature)
			}
		}
		if len(where) == 1 && where[0] == "*" {
			out = append(out, check("malware", Fail, "signature_found_package", "signature", strings.Join(sigs, ", ")))
		} else {
			out = append(out, check("malware", Fail, "signature_found", "signature", strings.Join(sigs, ", "), "entries", strings.Join(where, ", ")))
		}
	} else {
		names := make([]string, len(Signatures))
		for i, s := range Signatures {
			names[i] = s.Name
		}
		out = append(out, check("malware", Pass, "signatures_ok", "signatures", strings.Join(names, ", ")))
	}
	return out
}

func jsonOf(v any) ([]byte, error) { return json.Marshal(v) }

// summary is the scan event's reason: the facts of the scan in a line, for the evidence log.
func summary(r Report) string {
	parts := []string{}
	if r.Format != "" {
		parts = append(parts, "format "+r.Format)
	}
	if r.Size > 0 {
		parts = append(parts, "size "+itoa(r.Size))
	}
	if r.SHA256 != "" {
		parts = append(parts, "sha256 "+r.SHA256)
	}
	if failed := r.Failed(); len(failed) > 0 {
		parts = append(parts, "failed: "+strings.Join(failed, ", "))
	} else {
		parts = append(parts, "all checks passed")
	}
	return strings.Join(parts, "; ")
}
