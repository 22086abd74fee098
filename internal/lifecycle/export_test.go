package lifecycle

import (
	"fmt"
	"testing"
)

func TestExportMachine(t *testing.T) {
	exhaust(t, Export, map[string]ExportStatus{
		"|request|buyer":        ExportQueued,
		"|request|seller":       ExportQueued,
		"queued|start|system":   ExportRunning,
		"running|start|system":  ExportRunning,
		"running|finish|system": ExportDone,
		"queued|fail|system":    ExportFailed,
		"running|fail|system":   ExportFailed,
		"done|expire|system":    ExportExpired,
	})
	for _, s := range []ExportStatus{ExportFailed, ExportExpired} {
		if !Export.Terminal(s) {
			t.Errorf("%s must be terminal", s)
		}
	}
	if got := Export.Allowed(ExportRunning, System); fmt.Sprint(got) != "[start finish fail]" {
		t.Errorf("system events while running: %v", got)
	}
	for _, s := range Export.States {
		want := s == ExportQueued || s == ExportRunning
		if ExportActive(s) != want {
			t.Errorf("ExportActive(%q) = %v", s, !want)
		}
	}
}
