package hclspec

import (
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

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
	// pieces counts what HCL's lexer splits template text into beyond
	// one token per string: heredoc lines and escapes. Past maxPieces the
	// scan leaves the file to the full lex, which measures what HCL's
	// parser would pay to join them (see largeTemplate).
	pieces := 0
	template := func(i int) (int, bool) {
		n, interp, sure := templateOpen(src, i)
		if interp {
			push(frame{kind: fInterp})
		} else if n > 0 {
			pieces++
		}
		return i + max(n-1, 0), sure && pieces <= maxPieces
	}
	if !utf8.Valid(src) {
		return 0, false // the lexer's recovery from bad bytes is not modelled
	}
	lineStart := true
	inIdent := false // the previous byte continues an identifier
	var prev byte    // the last byte of the previous token outside templates
	for i := 0; i < len(src); i++ {
		c := src[i]
		f := top()
		switch {
		case f != nil && f.kind == fHeredoc:
			if lineStart {
				if pieces++; pieces > maxPieces {
					return maxDepth, false
				}
				// Does this line end the heredoc?
				j := i
				for j < len(src) && src[j] != '\n' {
					j++
				}
				// HCL ends a heredoc only at a marker line with its
				// newline.
				if j < len(src) && isMarkerLine(src[i:j], f.marker) {
					stack = stack[:len(stack)-1]
					prev = '"'
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
				prev = '"'
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
			inIdent = false
			continue
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
				lineStart = true
				inIdent = false
				continue
			} else if i+1 < len(src) && src[i+1] == '*' {
				end := indexFrom(src, i+2, "*/")
				if end < 0 {
					return maxDepth, false
				}
				i = end + 1
			} else {
				return maxDepth, false // an operator
			}
			continue // a comment is no operand
		case '"':
			push(frame{kind: fQuoted})
		case '(':
			push(frame{kind: fExpr, closer: ')'})
		case '[':
			if operandEnd(prev) {
				// An index: a[x][x]... nests without nesting brackets.
				return maxDepth, false
			}
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
				if j >= len(src) || !isIdentStart(src[j]) {
					// Not a heredoc for HCL (its marker is an
					// identifier): two less-than operators.
					return maxDepth, false
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
			} else {
				return maxDepth, false // an operator
			}
		case '-':
			// Inside an identifier a hyphen is part of it (my-task);
			// anywhere else it is an operator.
			if !inIdent {
				return maxDepth, false
			}
		case '!', '?', '+', '*', '%', '>', '&', '|':
			// Operators and conditionals nest in HCL's parser without
			// brackets; only the full lex counts them.
			return maxDepth, false
		case '=':
			if i+1 < len(src) && (src[i+1] == '=' || src[i+1] == '>') {
				return maxDepth, false
			}
		default:
			if c >= 0x80 {
				return maxDepth, false
			}
		}
		// An identifier starts at a letter that no other name or
		// number byte precedes (0e0 is a number, e0 a name).
		inIdent = isIdentByte(c) && (inIdent || isIdentStart(c) && (i == 0 || !isIdentByte(src[i-1])))
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			prev = c
		}
	}
	return maxDepth, len(stack) == 0
}

// isIdentStart reports whether c may begin an HCL identifier (ASCII only;
// the scan gives up on other bytes).
func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
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

// operandEnd reports whether c can end an operand, so that a following [
// is an index rather than a tuple.
func operandEnd(c byte) bool {
	return isIdentByte(c) || c == ')' || c == ']' || c == '}' || c == '"' || c == '.'
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

// tooDeep returns the first token at which HCL's recursive parser would
// nest more than limit levels, or -1. A level is an open bracket, quote,
// heredoc or template sequence, and also each operator, conditional and
// index, which the parser (and every walk of the syntax tree) nests without
// brackets: 300,000 unary minuses or a chain of `a ? b : c ? ...` are as deep
// as 300,000 parentheses. Operators count within one expression: a comma,
// or a newline where it ends an attribute or an object item, ends it.
func tooDeep(toks hclsyntax.Tokens, limit int) int {
	type frame struct {
		open hclsyntax.TokenType
		ops  int
	}
	stack := []frame{{open: hclsyntax.TokenOBrace}} // the file's body
	depth := 0                                      // levels open: len(stack)-1 + every frame's ops
	var prev hclsyntax.TokenType
	for i, tok := range toks {
		top := &stack[len(stack)-1]
		switch d := nesting(tok.Type); {
		case d > 0:
			if tok.Type == hclsyntax.TokenOBrack && operandEnds(prev) {
				top.ops++ // an index: its collection is one level down
				depth++
			}
			stack = append(stack, frame{open: tok.Type})
			depth++
		case d < 0:
			if len(stack) > 1 {
				depth -= 1 + top.ops
				stack = stack[:len(stack)-1]
			}
		case isOperator(tok.Type):
			top.ops++
			depth++
		case tok.Type == hclsyntax.TokenComma,
			tok.Type == hclsyntax.TokenNewline && top.open == hclsyntax.TokenOBrace:
			depth -= top.ops
			top.ops = 0
		}
		if depth > limit {
			return i
		}
		if tok.Type != hclsyntax.TokenNewline && tok.Type != hclsyntax.TokenComment {
			prev = tok.Type
		}
	}
	return -1
}

// isOperator reports whether t is an operator or the ? of a conditional.
func isOperator(t hclsyntax.TokenType) bool {
	switch t {
	case hclsyntax.TokenPlus, hclsyntax.TokenMinus, hclsyntax.TokenStar, hclsyntax.TokenSlash,
		hclsyntax.TokenPercent, hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenBang,
		hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenLessThan,
		hclsyntax.TokenLessThanEq, hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq,
		hclsyntax.TokenQuestion:
		return true
	}
	return false
}

// operandEnds reports whether a token of type t can end an operand, so that
// a following [ indexes it.
func operandEnds(t hclsyntax.TokenType) bool {
	switch t {
	case hclsyntax.TokenIdent, hclsyntax.TokenNumberLit, hclsyntax.TokenCParen, hclsyntax.TokenCBrack,
		hclsyntax.TokenCBrace, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc, hclsyntax.TokenStar,
		hclsyntax.TokenDot:
		return true
	}
	return false
}

// maxPieces bounds the heredoc lines and template escapes the quick scan
// lets through without a full lex.
const maxPieces = 4096

// maxJoinCost bounds, for each run of consecutive literal tokens in a
// template, the run's length times its bytes: HCL's parser joins such a
// run pairwise (meldConsecutiveStringLiterals), copying the text so far
// at each step, which is quadratic: 2^32 is about 2 GB copied, a second
// or two.
const maxJoinCost = 1 << 32

// largeTemplate returns the first token of a run of literal tokens in a
// template that HCL's parser would take too long to join, or -1.
func largeTemplate(toks hclsyntax.Tokens) int {
	start, k, size := -1, 0, 0
	for i, tok := range toks {
		switch tok.Type {
		case hclsyntax.TokenStringLit, hclsyntax.TokenQuotedLit:
			if k == 0 {
				start = i
			}
			k++
			size += len(tok.Bytes)
			if k*size > maxJoinCost {
				return start
			}
		default:
			k, size = 0, 0
		}
	}
	return -1
}
