package schedcontinue

//go:generate go tool intelligen build flow.hcl
