package skips

//go:generate go tool intelligen build flow.hcl
