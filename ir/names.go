package ir

import (
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GoName returns the exported Go name derived from a label (docs/language.md#names):
// the label split on '_' and '-', the first letter of each part
// upper-cased and the rest kept as written, the parts joined:
// image_desc → ImageDesc, my-task → MyTask, fooBar → FooBar.
//
// This is the only function that turns labels into Go identifiers. The
// result may not be a Go identifier (_1 → 1, _ → ""); see [IsGoName].
func GoName(label string) string {
	var b strings.Builder
	for part := range strings.FieldsFuncSeq(label, func(r rune) bool { return r == '_' || r == '-' }) {
		r, n := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[n:])
	}
	return b.String()
}

// IsGoName reports whether name, derived by GoName, is usable as an
// exported Go identifier.
func IsGoName(name string) bool {
	return token.IsIdentifier(name) && token.IsExported(name)
}

// DefaultPackage returns the default Go package name for a flow label (docs/language.md#flow): the label lower-cased with every character outside [a-z0-9]
// removed. The result may be invalid; see [IsPackageName].
func DefaultPackage(label string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(label) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsPackageName reports whether name is usable as a Go package name: an
// identifier, not a keyword, not the blank identifier.
func IsPackageName(name string) bool {
	return token.IsIdentifier(name) && !token.IsKeyword(name) && name != "_"
}

// IsLabel reports whether s is a valid block label: [A-Za-z_][A-Za-z0-9_-]*.
func IsLabel(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		case i > 0 && (c == '-' || '0' <= c && c <= '9'):
		default:
			return false
		}
	}
	return s != ""
}
