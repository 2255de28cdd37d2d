// Package openai is intelligen's thin net/http client for the OpenAI API,
// for every agent type: text and vision (Chat Completions), image (Images),
// speech and recognition (Audio), and embed (Embeddings). Generated code
// calls [New] for agents with provider = "openai".
//
// The base URL is [DefaultBaseURL], https://api.openai.com/v1, or the
// agent's base_url, which includes the /v1 (request paths are appended to
// it). The API key (OPENAI_API_KEY by default) is sent as
// "Authorization: Bearer"; no header is sent when it is empty.
//
// # Endpoints and default models
//
//	type         endpoint                        default model           mission sent as
//	text         POST /chat/completions          gpt-4o-mini             system message
//	vision       POST /chat/completions          gpt-4o-mini             system message
//	image        POST /images/generations        gpt-image-1             (ignored)
//	speech       POST /audio/speech              gpt-4o-mini-tts         instructions
//	recognition  POST /audio/transcriptions      whisper-1               (ignored)
//	embed        POST /embeddings                text-embedding-3-small  (ignored)
//
// A vision call sends the prompt (when not empty) and the image as a
// content array: {"type":"text"} and {"type":"image_url"} with a base64
// data URL. A recognition call is multipart/form-data: file (named
// audio.<ext> after the audio's MIME type, e.g. audio.wav), model, then
// language, prompt (the task's prompt, as a hint) and temperature when
// set.
//
// # Params
//
// Only params that are set are sent; a param with no field in the
// endpoint of the agent's type is ignored.
//
//	param            wire field, per agent type
//	temperature      text, vision, recognition: temperature
//	top_p            text, vision: top_p
//	max_tokens       text, vision: max_completion_tokens
//	seed             text, vision: seed (image: ignored, no such field)
//	stop             text, vision: stop
//	size             image: size
//	quality          image: quality (GPT image models: low, medium, high, auto;
//	                 dall-e-3: standard, hd, auto)
//	aspect_ratio     image: size, when size is unset, per model: GPT image models
//	                 1:1 → 1024x1024, 3:2 → 1536x1024, 2:3 → 1024x1536; dall-e-3
//	                 1:1 → 1024x1024, 7:4 → 1792x1024, 4:7 → 1024x1792; dall-e-2
//	                 1:1 only. Another ratio is an error for these models and
//	                 is ignored for a model the client does not know
//	negative_prompt  ignored (no such field)
//	format           image: output_format, GPT image models only (the DALL·E
//	                 models reject it, so it is not sent to them); speech:
//	                 response_format (default "wav")
//	voice            speech: voice (default "alloy")
//	language         recognition: language
//	dimensions       embed: dimensions
//	extra            JSON bodies: merged over the body; recognition: form fields
//
// max_tokens is sent as max_completion_tokens: the legacy max_tokens is
// rejected by reasoning models. In a multipart request each field of
// extra becomes a form field (a string as is, an array as one field per
// element, as for "include[]", anything else as its JSON text), replacing
// a field of the same name.
//
// The mission of a speech agent is sent as instructions, except to tts-1
// and tts-1-hd, which reject instructions: for them it is left out. The
// generate-time checks and these per-model tables are in package
// [github.com/intelligen/intelligen/providers/models]; see
// docs/providers.md#parameters.
//
// The default models were checked against OpenAI's deprecations page on
// 2026-12-04: gpt-4o-mini is deprecated (shut down 2027-01-14) and
// whisper-1 too (2027-02-26), and third-party reports put gpt-image-1's
// shutdown at 2026-10-23. Their successors (gpt-6-luna, gpt-image-2.x)
// have parameter rules not yet in package models, so the defaults stay
// until those are checked; name a model to move on.
//
// # Answers
//
// Text is the first choice's content; a refusal or a content-filtered
// empty answer is an error. An image is the b64_json of the first datum,
// its MIME type sniffed from the bytes (else from output_format); a
// URL-only answer (DALL·E without response_format b64_json) is an error,
// since fetching it would leave the API's host. Speech is the raw body,
// its MIME type from Content-Type (else from the requested format); a
// JSON body is an error. Embeddings are accepted as float arrays or, when
// extra sets encoding_format "base64", as base64 little-endian float32s.
// The Response reports the model the API names (else the one requested)
// and the token usage when given.
//
// Errors: a non-2xx answer is a [*runtime.APIError] with the status, code
// (the error body's code, else its type), message, x-request-id and retry
// hints. The client does not retry; the runtime does.
//
// It is not: a streaming client, a Responses API client, a tool-calling or
// structured-output layer (extra can pass such fields, but only the text
// is returned), nor a client for OpenAI-compatible servers (see package
// openaicompat). OpenAI-Organization and OpenAI-Project headers are not
// sent.
package openai
