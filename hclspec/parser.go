package hclspec

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// maxNesting bounds the bracket nesting depth of a flow file. HCL's parser
// is recursive; rejecting absurd nesting up front keeps a malicious or
// corrupt file from exhausting the stack. Real flows nest a few levels.
const maxNesting = 256

// maxTasks bounds the task blocks of one flow file. HCL's parser holds the
// tokens and syntax tree of a whole file, about 10 KB for each task; past
// this many tasks a file is refused before it is parsed, with a diagnostic,
// rather than taking gigabytes.
const maxTasks = 100000

// A Parser parses flow files and remembers their source for diagnostics.
// A Parser is not safe for concurrent use.
type Parser struct {
	p *hclparse.Parser
}

// NewParser returns a Parser with no files.
func NewParser() *Parser {
	return &Parser{p: hclparse.NewParser()}
}

// Files returns the parsed files by name, as given to ParseFS, for
// rendering diagnostics with snippets.
func (p *Parser) Files() map[string]*hcl.File {
	return p.p.Files()
}

// ParseFS parses the named files from fsys as one flow and decodes them into
// a Spec. Tests pass txtar.FS(archive); the CLI passes a file system that
// opens the names given on the command line. Diagnostics name the files
// exactly as given.
//
// If any file cannot be read or has a syntax error, the returned Spec is nil
// (a flow with missing blocks would only produce misleading errors later).
// Otherwise the Spec is non-nil even if the diagnostics contain errors, so
// that the checker can report more problems.
func (p *Parser) ParseFS(fsys fs.FS, names ...string) (*Spec, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	var files []*hcl.File
	d := &decoder{fsys: fsys, spec: &Spec{}, read: make(map[string]readResult)}
	seen := make(map[string]bool)
	broken := false
	for _, name := range names {
		if key := path.Clean(name); seen[key] {
			continue // the same file twice is the same namespace once
		} else {
			seen[key] = true
		}
		src, err := readRegular(fsys, name, maxFlowFile)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Failed to read file",
				Detail:   fmt.Sprintf("The file %q could not be read: %v.", name, err),
			})
			broken = true
			continue
		}
		f, fdiags, directives := p.parse(src, name)
		diags = append(diags, fdiags...)
		if f == nil || fdiags.HasErrors() {
			broken = true
			continue
		}
		diags = append(diags, directives...)
		for _, dir := range directives {
			d.directives = append(d.directives, *dir.Subject)
		}
		files = append(files, f)
		d.spec.Files = append(d.spec.Files, name)
	}
	if broken {
		return nil, diags
	}
	for _, f := range files {
		d.file(f)
	}
	diags = append(diags, d.diags...)
	d.spec.Incomplete = diags.HasErrors()
	return d.spec, diags
}

// ParseFile parses one flow file's source with the guards of ParseFS
// (UTF-8, bounded nesting, closed heredocs), for tools that work on the
// syntax alone, such as a formatter. The file is nil when the guards or
// the parser found errors; Files holds its source either way, for
// snippets.
func (p *Parser) ParseFile(src []byte, name string) (*hcl.File, hcl.Diagnostics) {
	f, diags, _ := p.parse(src, name)
	if diags.HasErrors() {
		return nil, diags
	}
	return f, diags
}

// parse bounds the nesting of src and finds its template directives, then
// parses it. Both checks read the tokens of a full lex, which is done only
// when quickNesting cannot vouch for the file (it is never sure of a file
// with a directive). The directive diagnostics are returned apart from the
// syntax ones: they do not stop decoding.
func (p *Parser) parse(src []byte, name string) (*hcl.File, hcl.Diagnostics, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	if i := invalidUTF8(src); i >= 0 {
		// HCL reads UTF-8 only; a binary file would also lex into a token
		// per byte.
		pos := posAt(src, i)
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid character encoding",
			Detail:   "A flow file is UTF-8 text; this byte is not valid UTF-8. Save the file as UTF-8, or check that it is a flow file.",
			Subject:  &hcl.Range{Filename: name, Start: pos, End: hcl.Pos{Line: pos.Line, Column: pos.Column + 1, Byte: i + 1}},
		})
		p.p.AddFile(name, &hcl.File{Body: hcl.EmptyBody(), Bytes: src})
		return nil, diags, nil
	}
	if i := taskBlockBeyond(src, maxTasks); i >= 0 {
		pos := posAt(src, i)
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Too many tasks",
			Detail:   fmt.Sprintf("A flow file holds at most %d tasks; this is the first one past that. Split the work into several flows, or run one flow over many inputs with RunAll.", maxTasks),
			Subject:  &hcl.Range{Filename: name, Start: pos, End: hcl.Pos{Line: pos.Line, Column: pos.Column + 4, Byte: i + 4}},
		})
		p.p.AddFile(name, &hcl.File{Body: hcl.EmptyBody(), Bytes: src})
		return nil, diags, nil
	}
	// Lex fully only when the quick scan cannot vouch for the file.
	var toks hclsyntax.Tokens
	if depth, certain := quickNesting(src); !certain || depth > maxNesting {
		toks, _ = hclsyntax.LexConfig(src, name, hcl.InitialPos) // the parser reports lexical errors
	}
	if i := tooDeep(toks, maxNesting); i >= 0 {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Expression nested too deeply",
			Detail:   fmt.Sprintf("This file nests brackets, quotes, templates or operators more than %d levels deep. Simplify the expression.", maxNesting),
			Subject:  toks[i].Range.Ptr(),
		})
		// Register the source so the diagnostic renders with a snippet.
		p.p.AddFile(name, &hcl.File{Body: hcl.EmptyBody(), Bytes: src})
		return nil, diags, nil
	}
	if open := unclosedHeredoc(toks); open != nil {
		// HCL's parser takes time quadratic in the rest of the file to
		// recover from an unterminated heredoc: report it first.
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unterminated heredoc",
			Detail:   fmt.Sprintf("This heredoc is never closed. End it with a line holding only its marker, %s.", heredocMarker(open.Bytes)),
			Subject:  open.Range.Ptr(),
		})
		p.p.AddFile(name, &hcl.File{Body: hcl.EmptyBody(), Bytes: src})
		return nil, diags, nil
	}
	if i := largeTemplate(toks); i >= 0 {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Template too large",
			Detail:   `This template has too many lines or escapes of literal text for its size: HCL's parser would take minutes to read it. Move the text into a file and use file("path").`,
			Subject:  toks[i].Range.Ptr(),
		})
		p.p.AddFile(name, &hcl.File{Body: hcl.EmptyBody(), Bytes: src})
		return nil, diags, nil
	}
	var directives hcl.Diagnostics
	if bytes.Contains(src, []byte("%{")) {
		for _, tok := range toks {
			if tok.Type == hclsyntax.TokenTemplateControl {
				directives = append(directives, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Template directives are not supported",
					Detail:   `Template directives (%{ ... }) are not supported yet. Compose the input from literal text, ${var.NAME}, ${task.NAME.output} and ${file("path")}; to write a literal "%{", escape it as "%%{".`,
					Subject:  tok.Range.Ptr(),
				})
			}
		}
	}
	toks = nil // the parser lexes again: do not hold two copies
	f, pdiags := p.p.ParseHCL(src, name)
	diags = append(diags, pdiags...)
	if pdiags.HasErrors() {
		return f, diags, nil
	}
	return f, diags, directives
}

// taskBlockBeyond returns the offset of the first line of src past the
// limit'th that starts a task block (`task "label"`, after white space), or
// -1. It reads lines, not tokens, so that it costs nothing to parse: a line
// of that shape inside a heredoc counts too, which only matters to a file
// that is refused anyway.
func taskBlockBeyond(src []byte, limit int) int {
	n := 0
	for i := 0; i < len(src); {
		j := i
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if bytes.HasPrefix(src[j:], []byte("task")) {
			k := j + 4
			for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
				k++
			}
			if k > j+4 && k < len(src) && src[k] == '"' {
				if n++; n > limit {
					return j
				}
			}
		}
		nl := bytes.IndexByte(src[i:], '\n')
		if nl < 0 {
			break
		}
		i += nl + 1
	}
	return -1
}

// invalidUTF8 returns the offset of the first byte of src that is not
// valid UTF-8, or -1.
func invalidUTF8(src []byte) int {
	if utf8.Valid(src) {
		return -1
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// posAt returns the position of byte offset i in src (columns count
// runes, as HCL's do).
func posAt(src []byte, i int) hcl.Pos {
	line := 1 + bytes.Count(src[:i], []byte("\n"))
	start := bytes.LastIndexByte(src[:i], '\n') + 1
	return hcl.Pos{Line: line, Column: 1 + utf8.RuneCount(src[start:i]), Byte: i}
}

// nesting returns 1 for a token that opens a nesting level (a bracket, a
// quote, a heredoc or a template sequence), -1 for one that closes it, and
// 0 otherwise.
func nesting(t hclsyntax.TokenType) int {
	switch t {
	case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
		hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl, hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
		return 1
	case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
		hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
		return -1
	}
	return 0
}

// unclosedHeredoc returns the opening token of a heredoc that the file
// never closes, or nil.
func unclosedHeredoc(toks hclsyntax.Tokens) *hclsyntax.Token {
	var open []int
	for i, tok := range toks {
		switch tok.Type {
		case hclsyntax.TokenOHeredoc:
			open = append(open, i)
		case hclsyntax.TokenCHeredoc:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	if len(open) == 0 {
		return nil
	}
	return &toks[open[0]]
}

// heredocMarker returns the marker of a heredoc opener (<<EOT or <<-EOT).
func heredocMarker(opener []byte) string {
	m := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(string(opener), "<<"), "-"))
	return m
}
