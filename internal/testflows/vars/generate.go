package vars

//go:generate go tool intelligen build flow.hcl
