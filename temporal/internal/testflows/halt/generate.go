// Package halt is a flow generated for the Temporal tests, with
// on_error = "cancel".
package halt

//go:generate go tool intelligen build --target temporal flow.hcl
