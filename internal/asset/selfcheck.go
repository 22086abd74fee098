package asset

import "slices"

// Standard is the security review standard sellers check their assets against
// (《云商店商品安全审核标准3.0》, mandatory since 2024-10-11; domain §3.2).
const Standard = "3.0"

// SelfCheckItems are the standard's items the seller confirms before submitting.
// Each has the catalog keys asset.selfcheck.<id> (the statement) and
// asset.selfcheck.<id>.hint (what it means in practice).
var SelfCheckItems = []string{
	"no_malware",         // no virus, trojan, worm, miner or other malicious code
	"no_high_vulns",      // no known vulnerability with CVSS ≥ 7.0 left unfixed or unmitigated
	"access_control",     // tenant isolation, least privilege, only the ports the product needs
	"no_backdoor",        // no back doors, hidden accounts or undocumented remote access
	"no_root_services",   // remotely reachable services do not run as root / Administrator
	"crypto",             // approved cryptographic algorithms and a secure random source
	"sensitive_data",     // passwords, keys and personal data protected in storage and transit
	"no_preset_accounts", // no preset accounts, default or weak passwords
	"web_security",       // web interfaces free of common vulnerabilities (XSS, SQLi, CSRF, …)
}

// missingSelfCheck returns the items not in confirmed.
func missingSelfCheck(confirmed []string) []string {
	var out []string
	for _, it := range SelfCheckItems {
		if !slices.Contains(confirmed, it) {
			out = append(out, it)
		}
	}
	return out
}

// cleanSelfCheck keeps the known items of confirmed, in the standard's order.
func cleanSelfCheck(confirmed []string) []string {
	out := []string{}
	for _, it := range SelfCheckItems {
		if slices.Contains(confirmed, it) {
			out = append(out, it)
		}
	}
	return out
}
