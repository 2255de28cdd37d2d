package intelligen

import (
	"runtime/debug"

	"github.com/intelligen/intelligen/gen"
)

// modulePath is this module's path, looked up in the build information.
const modulePath = "github.com/intelligen/intelligen"

// Version returns the version of this module in the running binary, as
// recorded by the go command (for example "v0.4.0" when installed with
// go install or go get -tool), or gen.UnknownVersion ("devel") when
// unknown, as in a build from a source checkout.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return gen.UnknownVersion
	}
	return moduleVersion(bi)
}

func moduleVersion(bi *debug.BuildInfo) string {
	m := &bi.Main
	if m.Path != modulePath {
		m = nil
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				m = d
				break
			}
		}
	}
	if m == nil {
		return gen.UnknownVersion
	}
	if m.Replace != nil && m.Replace.Version != "" {
		return m.Replace.Version
	}
	if m.Version == "" || m.Version == "(devel)" {
		return gen.UnknownVersion
	}
	return m.Version
}
