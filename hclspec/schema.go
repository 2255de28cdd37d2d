package hclspec

import "github.com/hashicorp/hcl/v2"

// Block types.
const (
	blockFlow     = "flow"
	blockVariable = "variable"
	blockAgent    = "agent"
	blockTask     = "task"
	blockSchema   = "schema"
	blockRetry    = "retry"
	blockLimit    = "limit"
)

// Attribute names.
const (
	attrPackage     = "package"
	attrDescription = "description"
	attrLog         = "log"
	attrMaxParallel = "max_parallel"
	attrOnError     = "on_error"

	attrType    = "type"
	attrDefault = "default"

	attrProvider = "provider"
	attrMission  = "mission"
	attrModel    = "model"
	attrAPIKey   = "api_key"
	attrBaseURL  = "base_url"
	attrParams   = "params"
	attrTimeout  = "timeout"

	attrAttempts   = "attempts"
	attrBackoff    = "backoff"
	attrMaxBackoff = "max_backoff"

	attrConcurrency       = "concurrency"
	attrRequestsPerMinute = "requests_per_minute"

	attrAgent   = "agent"
	attrInput   = "input"
	attrAfter   = "after"
	attrExclude = "exclude"
	attrOutput  = "output"
	attrAttach  = "attach"
	attrWhen    = "when"
	attrForEach = "for_each"

	attrFields = "fields"
)

// Functions.
const (
	funcEnv  = "env"
	funcFile = "file"

	// FuncJSONEncode renders a typed value as its canonical JSON in a
	// template: ${jsonencode(task.x.output)}.
	FuncJSONEncode = "jsonencode"
	// FuncJoin renders a list of primitive values separated by a string in a
	// template: ${join(", ", task.x.output.tags)}.
	FuncJoin = "join"
)

// functions lists every function of the flow language, for suggestions.
var functions = []string{funcEnv, funcFile, FuncJSONEncode, FuncJoin, FuncCoalesce, funcLength}

// templateFuncs are the functions a task's input may call.
var templateFuncs = []string{funcFile, FuncJSONEncode, FuncJoin, FuncCoalesce}

var rootSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: blockFlow, LabelNames: []string{"name"}},
		{Type: blockVariable, LabelNames: []string{"name"}},
		{Type: blockAgent, LabelNames: []string{"name"}},
		{Type: blockTask, LabelNames: []string{"name"}},
		{Type: blockSchema, LabelNames: []string{"name"}},
	},
}

var schemaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: attrDescription},
		{Name: attrType, Required: true},
		{Name: attrFields},
	},
}

var flowSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: attrPackage},
		{Name: attrDescription},
		{Name: attrLog},
		{Name: attrMaxParallel},
		{Name: attrOnError},
	},
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: attrType},
		{Name: attrDefault},
		{Name: attrDescription},
	},
}

var agentSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: attrType, Required: true},
		{Name: attrProvider, Required: true},
		{Name: attrMission},
		{Name: attrModel},
		{Name: attrAPIKey},
		{Name: attrBaseURL},
		{Name: attrParams},
		{Name: attrTimeout},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: blockRetry},
		{Type: blockLimit},
	},
}

var retrySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: attrAttempts},
		{Name: attrBackoff},
		{Name: attrMaxBackoff},
	},
}

var limitSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: attrConcurrency},
		{Name: attrRequestsPerMinute},
	},
}

var taskSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: attrAgent, Required: true},
		{Name: attrInput},
		{Name: attrAfter},
		{Name: attrExclude},
		{Name: attrLog},
		{Name: attrTimeout},
		{Name: attrParams},
		{Name: attrOutput},
		{Name: attrAttach},
		{Name: attrWhen},
		{Name: attrForEach},
		{Name: attrConcurrency},
	},
}
