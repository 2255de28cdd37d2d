package hclspec

import (
	"fmt"

	"github.com/agext/levenshtein"
)

// DidYouMean returns ` Did you mean "x"?`, to append to a diagnostic's
// detail, where x is the candidate closest to given within edit distance 2
// (the threshold HCL's own "Did you mean" uses, determined experimentally
// there), earlier candidates winning ties; "" if none is close enough.
// Every suggestion of hclspec and ir is worded here.
func DidYouMean(given string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if n := len(c) - len(given); n > 2 || n < -2 {
			continue // cannot be within distance 2: skip the quadratic cost
		}
		if d := levenshtein.Distance(given, c, nil); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}
