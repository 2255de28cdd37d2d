package ctrl

//go:generate go run ../cmd/mkctrl -o flows
