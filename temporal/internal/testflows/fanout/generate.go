// Package fanout is a flow generated for the Temporal tests, with a
// for_each task, a when and a coalesce.
package fanout

//go:generate go tool intelligen build --target temporal flow.hcl
