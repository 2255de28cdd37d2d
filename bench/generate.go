package bench

// The benchmark flows: mkflows writes the HCL of every flow but the seed
// (and flows/registry_gen.go), then intelligen compiles each into its own
// package under flows/. Run `go generate` in bench/ after changing the
// DAGs or the generator.

//go:generate go run ./cmd/mkflows -o flows
//go:generate go tool intelligen build -o flows/seed flows/seed.hcl
//go:generate go tool intelligen build -o flows/chain25 flows/chain25.hcl
//go:generate go tool intelligen build -o flows/chain100 flows/chain100.hcl
//go:generate go tool intelligen build -o flows/chain400 flows/chain400.hcl
//go:generate go tool intelligen build -o flows/chain1000 flows/chain1000.hcl
//go:generate go tool intelligen build -o flows/fan25 flows/fan25.hcl
//go:generate go tool intelligen build -o flows/fan100 flows/fan100.hcl
//go:generate go tool intelligen build -o flows/fan400 flows/fan400.hcl
//go:generate go tool intelligen build -o flows/fan1000 flows/fan1000.hcl
//go:generate go tool intelligen build -o flows/rand40a flows/rand40a.hcl
//go:generate go tool intelligen build -o flows/rand40b flows/rand40b.hcl
//go:generate go tool intelligen build -o flows/rand40c flows/rand40c.hcl
//go:generate go tool intelligen build -o flows/rand40d flows/rand40d.hcl
//go:generate go tool intelligen build -o flows/rand40e flows/rand40e.hcl
