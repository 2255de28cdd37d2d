// Package flowtest builds flows for the tests and benchmarks of package
// gen the one way flows are made: it writes HCL, then parses and checks it
// with hclspec and ir.Check, so a test's flow is exactly what the front
// end would hand the generator. It also loads the flows of the golden
// cases of testdata/golden and of examples/, and compiles and runs
// generated code (CompileAndRun).
package flowtest
