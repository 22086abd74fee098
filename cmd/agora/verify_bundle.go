package main

import (
	"fmt"
	"io"
	"os"

	"agora/internal/evidence/bundle"
)

// cmdVerifyBundle checks an evidence bundle file offline: every hash chain of
// its events.json recomputed, every attachment's SHA-256 checked. It prints OK
// or each problem and exits 1 on problems (2 for a file that is no bundle).
func cmdVerifyBundle(args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: agora verify-bundle FILE.zip")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	rep, err := bundle.VerifyBundle(f, st.Size())
	if err != nil {
		fmt.Fprintf(stdout, "BROKEN %s: %v\n", args[0], err)
		return exitError{code: 2}
	}
	for _, c := range rep.Chains {
		label := c.Label
		if label != "" {
			label = " (" + label + ")"
		}
		fmt.Fprintf(stdout, "chain %s %s%s: %d events, head %s\n", c.ObjectType, c.ObjectID, label, c.Events, c.Head)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, "BROKEN", p.String())
	}
	fmt.Fprintf(stdout, "order %s: %d chains, %d events, %d attachments, %d problems\n", rep.OrderNumber, len(rep.Chains), rep.Events,
		rep.Files, len(rep.Problems))
	if !rep.OK() {
		return exitError{code: 1}
	}
	fmt.Fprintln(stdout, "OK")
	return nil
}
