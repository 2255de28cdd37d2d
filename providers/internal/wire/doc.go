// Package wire is the HTTP plumbing shared by the provider clients: sending
// a request, mapping a non-2xx answer to a [*runtime.APIError] through the
// provider's own error-body parser, decoding JSON, merging params.extra
// into a request body, constant and auth headers (Bearer or a key header),
// and checking an agent's kind. It knows no provider's formats.
package wire
