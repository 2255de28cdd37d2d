package photo

//go:generate go tool intelligen build flow.hcl
