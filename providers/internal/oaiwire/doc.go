// Package oaiwire is the OpenAI Chat Completions and Embeddings wire format,
// shared by the openai client and the openaicompat client (vLLM, llama.cpp):
// request and response structs, the message layout of a text or vision
// call, and a tolerant error-body parser. One concept, one place: the two
// clients differ only in auth, defaults and which token-limit field they
// send.
//
// It is not a client: HTTP goes through package wire. It is not for
// providers whose wire merely looks like OpenAI's (Mistral rejects
// OpenAI-only fields and has its own structs).
package oaiwire
