// Package flow is the blog flow of examples/blog, generated with the
// temporal target: its Workflow, Activities and Register.
package flow

//go:generate go tool intelligen build --target temporal flow.hcl
