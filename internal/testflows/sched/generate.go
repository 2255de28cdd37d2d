package sched

//go:generate go tool intelligen build flow.hcl
