package stability

import "github.com/intelligen/intelligen/runtime"

// Logs and observers name the default model, even in simulation.
func init() {
	runtime.RegisterDefaultModels(provider, map[runtime.Kind]string{runtime.KindImage: DefaultModel})
}
