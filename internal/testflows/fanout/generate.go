package fanout

//go:generate go tool intelligen build flow.hcl
