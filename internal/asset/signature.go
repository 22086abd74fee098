package asset

import "bytes"

// Signature is a byte pattern that marks a file as malicious.
type Signature struct {
	Name    string
	Pattern []byte
}

// EICAR is the anti-virus test file every scanner must detect
// (https://www.eicar.org/download-anti-malware-testfile/). It is harmless by design.
var EICAR = Signature{Name: "EICAR-Test-File",
	Pattern: []byte(`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`)}

// Signatures is the scanner's signature database. It holds the EICAR test
// signature only: the scan proves the pipeline (every byte of every entry is
// looked at) and the report says so; a production engine (ClamAV or the
// cloud's scanning service) plugs in here.
var Signatures = []Signature{EICAR}

// matcher finds its pattern in a stream that arrives in pieces of any size,
// including a pattern split across pieces. It is an io.Writer that never fails.
type matcher struct {
	pat   []byte
	tail  []byte // the stream's last len(pat)-1 bytes
	buf   []byte
	found bool
}

func newMatcher(pat []byte) *matcher {
	return &matcher{pat: pat, tail: make([]byte, 0, len(pat)), buf: make([]byte, 0, 2*len(pat))}
}

func (m *matcher) Write(p []byte) (int, error) {
	if m.found || len(p) == 0 {
		return len(p), nil
	}
	keep := len(m.pat) - 1
	// A match that straddles the boundary starts in the tail and ends in p's first keep bytes.
	if len(m.tail) > 0 {
		m.buf = append(append(m.buf[:0], m.tail...), p[:min(len(p), keep)]...)
		if bytes.Contains(m.buf, m.pat) {
			m.found = true
			return len(p), nil
		}
	}
	if bytes.Contains(p, m.pat) {
		m.found = true
		return len(p), nil
	}
	if len(p) >= keep {
		m.tail = append(m.tail[:0], p[len(p)-keep:]...)
	} else {
		m.tail = append(m.tail, p...)
		if over := len(m.tail) - keep; over > 0 {
			m.tail = append(m.tail[:0], m.tail[over:]...)
		}
	}
	return len(p), nil
}

// sigSet runs every signature over one stream.
type sigSet []*matcher

func newSigSet() sigSet {
	s := make(sigSet, len(Signatures))
	for i, sig := range Signatures {
		s[i] = newMatcher(sig.Pattern)
	}
	return s
}

func (s sigSet) Write(p []byte) (int, error) {
	for _, m := range s {
		_, _ = m.Write(p)
	}
	return len(p), nil
}

// hits names the signatures found.
func (s sigSet) hits() []string {
	var out []string
	for i, m := range s {
		if m.found {
			out = append(out, Signatures[i].Name)
		}
	}
	return out
}
