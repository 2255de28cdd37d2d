// Package hclspec parses intelligen flow files (HCL native syntax) and
// decodes them into a source-level representation, [Spec], that keeps the
// source range of every block, label, attribute and reference.
//
// hclspec checks what can be checked one file at a time: HCL syntax, the
// block and attribute schema of docs/language.md (unknown names get a "Did you mean"
// suggestion), the type of constant attribute values, the shape of
// references (see [ParseRef]), which functions may appear where (env in
// api_key, model and base_url; file, jsonencode and join in a task's input)
// and template directives, which are not supported, and that values are
// literals (HCL's operators, conditionals and indexing are not the flow
// language). file("path") is read here, relative to the flow file, from the
// same [fs.FS] as the flow files. Type expressions (a task's output, a
// schema's type) are decoded into [TypeExpr] trees; the names they use are
// resolved by package ir.
//
// hclspec is the guard between untrusted input and HCL's recursive parser:
// only regular files of bounded size are read, a file that is not UTF-8 or
// has an unterminated heredoc is rejected before parsing, and nesting
// (brackets, templates, operators, conditionals, indexes) is bounded on
// HCL's own tokens. Tools that parse flow files for other purposes (a
// formatter) use [Parser.ParseFile] and [ReadFile] for the same guards.
//
// hclspec does not resolve references, check that names are declared or
// unique, derive Go names, compute edges or types, or detect cycles: that is
// package ir's job ([ir.Check]). A Spec is plain data; it does not hold
// hcl.Body or hcl.Expression values.
//
// Problems are returned as [hcl.Diagnostics], collected rather than
// first-wins, with tight Subject and enclosing Context ranges suitable for
// [hcl.NewDiagnosticTextWriter].
package hclspec
