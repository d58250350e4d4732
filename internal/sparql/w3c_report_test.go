package sparql_test

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// w3cKnownFailures lists the tests that fail, by IRI, with the reason.
// TestW3C reports them as skipped; it fails when one of them passes.
var w3cKnownFailures = map[string]string{}

type dirCount struct{ pass, fail, skip int }

// conformanceTable formats pass/fail/skip per directory and in total.
func conformanceTable(outcomes []outcome) string {
	counts := map[string]*dirCount{}
	var dirs []string
	total := &dirCount{}
	for _, o := range outcomes {
		c := counts[o.test.Dir]
		if c == nil {
			c = &dirCount{}
			counts[o.test.Dir] = c
			dirs = append(dirs, o.test.Dir)
		}
		for _, x := range []*dirCount{c, total} {
			switch o.status {
			case "pass":
				x.pass++
			case "fail":
				x.fail++
			default:
				x.skip++
			}
		}
	}
	sort.Strings(dirs)
	var b strings.Builder
	b.WriteString("| directory | pass | fail | skip |\n| --- | ---: | ---: | ---: |\n")
	for _, d := range dirs {
		c := counts[d]
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", d, c.pass, c.fail, c.skip)
	}
	fmt.Fprintf(&b, "| **total** | **%d** | **%d** | **%d** |\n", total.pass, total.fail, total.skip)
	return b.String()
}

const (
	tableStart = "<!-- w3c-table-start -->"
	tableEnd   = "<!-- w3c-table-end -->"
	skipsStart = "<!-- w3c-skips-start -->"
	skipsEnd   = "<!-- w3c-skips-end -->"
)

// writeConformance replaces the generated parts of CONFORMANCE.md: the
// table and the list of skipped tests with their reasons.
func writeConformance(table string, outcomes []outcome) error {
	const path = "CONFORMANCE.md"
	doc, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var skips strings.Builder
	byReason := map[string][]string{}
	var reasons []string
	for _, o := range outcomes {
		if o.status != "skip" {
			continue
		}
		if _, ok := byReason[o.detail]; !ok {
			reasons = append(reasons, o.detail)
		}
		byReason[o.detail] = append(byReason[o.detail], fmt.Sprintf("`%s` (%s)", o.test.Name, o.test.Dir))
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintf(&skips, "- **%s** (%d): %s\n", r, len(byReason[r]), strings.Join(byReason[r], ", "))
	}
	out, err := replaceBetween(string(doc), tableStart, tableEnd, table)
	if err != nil {
		return err
	}
	out, err = replaceBetween(out, skipsStart, skipsEnd, skips.String())
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(out), 0o644)
}

func replaceBetween(doc, start, end, content string) (string, error) {
	i := strings.Index(doc, start)
	j := strings.Index(doc, end)
	if i < 0 || j < i {
		return "", fmt.Errorf("CONFORMANCE.md lacks the markers %s … %s", start, end)
	}
	return doc[:i+len(start)] + "\n" + content + doc[j:], nil
}
