package main

//go:generate go tool intelligen build flow.hcl
