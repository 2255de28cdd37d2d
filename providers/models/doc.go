// Package models is what intelligen knows about the providers' models: the
// default model of each provider and agent type, Stability's model names
// and endpoints, and the parameter limits each provider's API enforces, per
// model where its models differ (docs/providers.md#parameters). Package ir
// reads it at generate time to report a param or model the service would
// reject; the clients read it at run time, when the program may have set
// another model than the flow's; package runtime reads the default models
// to name them in logs.
//
// It imports only the standard library, and not net/http, so the checker
// and the runtime can read it without linking a client. It is not a model catalogue: a
// model it does not know is taken to accept what its provider documents
// for current models, and the service has the last word.
//
// The default models were checked against each provider's list of current
// models on 2026-12-04.
package models
