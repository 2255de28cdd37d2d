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
//	image        POST /images/generations        gpt-image-2.6-flare     (ignored)
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
//	quality          image: quality (gpt-image-1: low, medium, high, auto;
//	                 dall-e-3: standard, hd, auto)
//	aspect_ratio     image: size, when size is unset, per model: gpt-image-1
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
// 2026-12-04: gpt-image-1 is shut down, so the image default is
// gpt-image-2.6-flare, one of the replacements OpenAI names; gpt-4o-mini
// (shut down 2027-01-14) and whisper-1 (2027-02-26) are deprecated but
// still served. The sizes and qualities of the GPT image models after
// gpt-image-1 are not in package models: the service checks them, and
// aspect_ratio is not sent to them (set size).
package openai
