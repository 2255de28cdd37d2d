package gen

import (
	"go/token"
	"go/types"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// A scope allocates Go identifiers that are unique within it and within
// its parent scopes, so that names derived from labels never shadow
// each other, the file's package-level names, its imports or Go's
// predeclared identifiers.
type scope struct {
	parent *scope
	used   map[string]bool
	next   map[string]int // per base name, the next suffix to try
}

func newScope(parent *scope) *scope {
	return &scope{parent: parent, used: make(map[string]bool), next: make(map[string]int)}
}

// universe holds Go's predeclared identifiers (string, len, nil, ...): a
// local named after one would break code that uses it later.
var universe = func() *scope {
	s := newScope(nil)
	for _, n := range types.Universe.Names() {
		s.used[n] = true
	}
	return s
}()

func (s *scope) taken(name string) bool {
	for ; s != nil; s = s.parent {
		if s.used[name] {
			return true
		}
	}
	return false
}

// reserve marks names as used, whether or not they are already.
func (s *scope) reserve(names ...string) {
	for _, n := range names {
		s.used[n] = true
	}
}

// name returns want if it is a free, non-keyword identifier, else want
// followed by "_2", "_3", ... (wire's disambiguate, with a separator so
// that "task1" does not become the confusing "task12").
//
// want is normally an identifier (Go names come from ir); anything else
// gets an "x" prefix, or becomes "x", so that the loop always ends.
func (s *scope) name(want string) string {
	if !token.IsIdentifier(want) && !token.IsKeyword(want) {
		if want = "x" + want; !token.IsIdentifier(want) {
			want = "x"
		}
	}
	try := want
	// Resume at the last suffix given for want, so that k names from one
	// base (a task passed k times) cost k tries, not k²/2.
	n := max(s.next[want], 2)
	for ; token.IsKeyword(try) || !token.IsIdentifier(try) || s.taken(try); n++ {
		try = want + "_" + strconv.Itoa(n)
	}
	if try != want {
		s.next[want] = n
	}
	s.used[try] = true
	return try
}

// lowerFirst returns goName with its first letter lower-cased: the local
// name derived from an exported Go name ("ImageDesc" → "imageDesc").
func lowerFirst(goName string) string {
	r, n := utf8.DecodeRuneInString(goName)
	if r == utf8.RuneError {
		return goName
	}
	return string(unicode.ToLower(r)) + goName[n:]
}
