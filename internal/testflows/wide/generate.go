package wide

//go:generate go tool intelligen build flow.hcl
