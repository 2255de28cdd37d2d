// Package keepgoing is a flow generated for the Temporal tests, with
// on_error = "continue".
package keepgoing

//go:generate go tool intelligen build --target temporal flow.hcl
