package runtime

// EnforceVersion is used by generated code to check at compile time that it
// and this package agree on the generated-code contract:
//
//	const (
//		_ = runtime.EnforceVersion(GenVersion - runtime.MinGenVersion)
//		_ = runtime.EnforceVersion(runtime.MaxGenVersion - GenVersion)
//	)
//
// A constant overflow there means: regenerate with the intelligen of the
// module version you link against, or upgrade the module.
type EnforceVersion uint

// The range of generated-code versions this package supports.
const (
	MinGenVersion = 1
	MaxGenVersion = 1
)
