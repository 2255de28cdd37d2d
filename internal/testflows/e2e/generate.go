package e2e

//go:generate go tool intelligen build flow.hcl
