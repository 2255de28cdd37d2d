// Package flowtest builds flows for the tests and benchmarks of package
// gen the one way flows are made: it writes HCL, then loads it with
// intelligen.Load, so a test's flow is exactly what the front end would
// hand the generator. It also loads the flows of the golden
// cases of testdata/golden and of examples/, and compiles and runs
// generated code (CompileAndRun).
package flowtest
