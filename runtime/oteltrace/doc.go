// Package oteltrace records the Runs of intelligen flows as OpenTelemetry
// spans, following the GenAI semantic conventions. Enable it with one
// option to a generated New:
//
//	f, err := contentflow.New(oteltrace.WithTracing())
//
// Each Run is a span "invoke_workflow <flow>"; each task's call of its
// agent, with every retry, a child span "invoke_agent <task>"; and each try
// a child of that, "<operation> <model>" such as "chat gpt-4o-mini", with
// gen_ai.operation.name, gen_ai.provider.name, gen_ai.request.model and,
// when the provider reports them, gen_ai.response.model and
// gen_ai.usage.input_tokens / output_tokens. Provider clients that
// propagate the try's context put their HTTP spans under it.
//
// It uses only the OpenTelemetry API: spans go wherever the user's
// TracerProvider sends them, and nowhere (at almost no cost) when none is
// installed. It is not an exporter or an SDK setup, and package runtime
// does not depend on it: generated programs that do not import it do not
// link OpenTelemetry at all.
package oteltrace
