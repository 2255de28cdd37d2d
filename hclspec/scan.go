package hclspec

// quickNesting is a fast, allocation-free pre-scan of an HCL file. It
// returns the maximum nesting depth of brackets, quoted strings, heredocs
// and template sequences, and whether the scan is certain to agree with
// HCL's lexer. The parser lexes with hclsyntax.LexConfig only when the scan
// is uncertain, too deep, or sees a template directive: a full lex of a
// 100k-task flow costs as much as parsing it.
//
// The scan is conservative: anything it does not model exactly (unusual
// escapes, unbalanced closers, newlines in quoted strings, non-ASCII
// outside strings and comments, odd heredoc headers) makes it uncertain.
func quickNesting(src []byte) (maxDepth int, certain bool) {
	const (
		fExpr    = iota // ( [ {
		fInterp         // ${ or %{ inside a template
		fQuoted         // "..."
		fHeredoc        // <<EOT ... EOT
	)
	type frame struct {
		kind   int
		closer byte   // for fExpr
		marker []byte // for fHeredoc
	}
	var stack []frame
	push := func(f frame) {
		stack = append(stack, f)
		if len(stack) > maxDepth {
			maxDepth = len(stack)
		}
	}
	top := func() *frame {
		if len(stack) == 0 {
			return nil
		}
		return &stack[len(stack)-1]
	}
	// template steps over a template escape or ${ at src[i], pushing an
	// interpolation, and returns the index of its last byte; false if the
	// scan cannot be sure.
	template := func(i int) (int, bool) {
		n, interp, sure := templateOpen(src, i)
		if interp {
			push(frame{kind: fInterp})
		}
		return i + max(n-1, 0), sure
	}
	lineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		f := top()
		switch {
		case f != nil && f.kind == fHeredoc:
			if lineStart {
				// Does this line end the heredoc?
				j := i
				for j < len(src) && src[j] != '\n' {
					j++
				}
				if isMarkerLine(src[i:j], f.marker) {
					stack = stack[:len(stack)-1]
					i = j // at the newline (or end)
					lineStart = true
					continue
				}
			}
			lineStart = c == '\n'
			var sure bool
			if i, sure = template(i); !sure {
				return maxDepth, false
			}
			continue
		case f != nil && f.kind == fQuoted:
			switch c {
			case '\n':
				return maxDepth, false
			case '\\':
				if i+1 < len(src) && src[i+1] == '\n' {
					return maxDepth, false
				}
				i++
			case '"':
				stack = stack[:len(stack)-1]
			default:
				var sure bool
				if i, sure = template(i); !sure {
					return maxDepth, false
				}
			}
			continue
		}
		// Expression or body context.
		lineStart = c == '\n'
		switch c {
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			lineStart = true
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
				lineStart = true
			} else if i+1 < len(src) && src[i+1] == '*' {
				end := indexFrom(src, i+2, "*/")
				if end < 0 {
					return maxDepth, false
				}
				i = end + 1
			}
		case '"':
			push(frame{kind: fQuoted})
		case '(':
			push(frame{kind: fExpr, closer: ')'})
		case '[':
			push(frame{kind: fExpr, closer: ']'})
		case '{':
			push(frame{kind: fExpr, closer: '}'})
		case ')', ']', '}':
			if f == nil || (f.kind == fExpr && f.closer != c) || (f.kind == fInterp && c != '}') {
				return maxDepth, false
			}
			stack = stack[:len(stack)-1]
		case '<':
			if i+1 < len(src) && src[i+1] == '<' {
				j := i + 2
				if j < len(src) && src[j] == '-' {
					j++
				}
				k := j
				for k < len(src) && isIdentByte(src[k]) {
					k++
				}
				end := k
				if end < len(src) && src[end] == '\r' {
					end++
				}
				if k == j || end >= len(src) || src[end] != '\n' {
					return maxDepth, false
				}
				push(frame{kind: fHeredoc, marker: src[j:k]})
				i = end
				lineStart = true
			}
		default:
			if c >= 0x80 {
				return maxDepth, false
			}
		}
	}
	return maxDepth, len(stack) == 0
}

// templateOpen examines a template at src[i]. It reports the length n of an
// escape ($${ or %%{, a literal) or of an opening ${ (ok); sure is false for
// the directive opener %{ and for ambiguous runs like $$${.
func templateOpen(src []byte, i int) (n int, ok, sure bool) {
	c := src[i]
	if c != '$' && c != '%' {
		return 0, false, true
	}
	if i+1 < len(src) && src[i+1] == '{' {
		return 2, c == '$', c == '$'
	}
	if i+2 < len(src) && src[i+1] == c && src[i+2] == '{' {
		if i > 0 && src[i-1] == c {
			return 0, false, false
		}
		return 3, false, true
	}
	if i+2 < len(src) && src[i+1] == c && src[i+2] == c {
		return 0, false, false
	}
	return 0, false, true
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isMarkerLine reports whether line, without surrounding blanks, is marker.
// It is looser than HCL (which only trims leading blanks), so that the scan
// never stays in a heredoc longer than the lexer does.
func isMarkerLine(line, marker []byte) bool {
	s, e := 0, len(line)
	for s < e && (line[s] == ' ' || line[s] == '\t') {
		s++
	}
	for e > s && (line[e-1] == ' ' || line[e-1] == '\t' || line[e-1] == '\r') {
		e--
	}
	return string(line[s:e]) == string(marker)
}

func indexFrom(src []byte, from int, sub string) int {
	for i := from; i+len(sub) <= len(src); i++ {
		if string(src[i:i+len(sub)]) == sub {
			return i
		}
	}
	return -1
}
