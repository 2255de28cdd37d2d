package oteltrace

import (
	"context"
	"errors"
	"strconv"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/intelligen/intelligen/runtime"
)

// Attribute names of the OpenTelemetry GenAI semantic conventions, and
// intelligen's own.
const (
	AttrOperationName = "gen_ai.operation.name"
	AttrProviderName  = "gen_ai.provider.name"
	AttrRequestModel  = "gen_ai.request.model"
	AttrResponseModel = "gen_ai.response.model"
	AttrInputTokens   = "gen_ai.usage.input_tokens"
	AttrOutputTokens  = "gen_ai.usage.output_tokens"
	AttrAgentName     = "gen_ai.agent.name"
	AttrWorkflowName  = "gen_ai.workflow.name"
	AttrErrorType     = "error.type"

	AttrTask    = "intelligen.task"    // the task label
	AttrAttempt = "intelligen.attempt" // the try, from 1
)

// Values of [AttrOperationName].
const (
	OpInvokeWorkflow  = "invoke_workflow"
	OpInvokeAgent     = "invoke_agent"
	OpChat            = "chat"             // text and vision
	OpEmbeddings      = "embeddings"       // embed
	OpGenerateContent = "generate_content" // image, speech, recognition
)

// ScopeName is the instrumentation scope of the tracer.
const ScopeName = "github.com/intelligen/intelligen/runtime/oteltrace"

// WithTracing returns the option that records spans through the global
// TracerProvider (otel.SetTracerProvider). Until one is installed, the
// global provider records nothing.
func WithTracing() runtime.Option { return WithTracerProvider(nil) }

// WithTracerProvider returns the option that records spans through tp; nil
// means the global TracerProvider.
func WithTracerProvider(tp trace.TracerProvider) runtime.Option {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return runtime.WithObserver(&observer{tracer: tp.Tracer(ScopeName)})
}

type observer struct{ tracer trace.Tracer }

func (o *observer) StartRun(ctx context.Context, flow *runtime.FlowConfig) (context.Context, func(error)) {
	ctx, span := o.tracer.Start(ctx, OpInvokeWorkflow+" "+flow.Name, trace.WithSpanKind(trace.SpanKindInternal))
	if span.IsRecording() {
		span.SetAttributes(
			attribute.String(AttrOperationName, OpInvokeWorkflow),
			attribute.String(AttrWorkflowName, flow.Name),
		)
	}
	return ctx, func(err error) { end(span, err) }
}

func (o *observer) StartTask(ctx context.Context, t *runtime.Task, provider string) (context.Context, func(error)) {
	ctx, span := o.tracer.Start(ctx, OpInvokeAgent+" "+t.Name, trace.WithSpanKind(trace.SpanKindInternal))
	if span.IsRecording() {
		attrs := []attribute.KeyValue{
			attribute.String(AttrOperationName, OpInvokeAgent),
			attribute.String(AttrProviderName, ProviderName(provider)),
			attribute.String(AttrAgentName, t.Agent.Name),
			attribute.String(AttrTask, t.Name),
		}
		if t.Agent.Model != "" {
			attrs = append(attrs, attribute.String(AttrRequestModel, t.Agent.Model))
		}
		span.SetAttributes(attrs...)
	}
	return ctx, func(err error) { end(span, err) }
}

func (o *observer) StartCall(ctx context.Context, req *runtime.Request, attempt int) (context.Context, func(*runtime.Response, error)) {
	op := Operation(req.Kind)
	name := op
	if req.Model != "" {
		name += " " + req.Model
	}
	ctx, span := o.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindClient))
	if span.IsRecording() {
		attrs := []attribute.KeyValue{
			attribute.String(AttrOperationName, op),
			attribute.String(AttrProviderName, ProviderName(req.Provider)),
			attribute.String(AttrTask, req.Task),
			attribute.Int(AttrAttempt, attempt),
		}
		if req.Model != "" {
			attrs = append(attrs, attribute.String(AttrRequestModel, req.Model))
		}
		span.SetAttributes(attrs...)
	}
	return ctx, func(resp *runtime.Response, err error) {
		if resp != nil && span.IsRecording() {
			if resp.Model != "" {
				span.SetAttributes(attribute.String(AttrResponseModel, resp.Model))
			}
			if u := resp.Usage; u.InputTokens > 0 || u.OutputTokens > 0 {
				span.SetAttributes(
					attribute.Int(AttrInputTokens, u.InputTokens),
					attribute.Int(AttrOutputTokens, u.OutputTokens),
				)
			}
		}
		end(span, err)
	}
}

// end ends span, marking it failed when err is not nil.
func end(span trace.Span, err error) {
	if err != nil {
		span.SetAttributes(attribute.String(AttrErrorType, ErrorType(err)))
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// Operation returns the gen_ai.operation.name of a call of an agent of
// kind k.
func Operation(k runtime.Kind) string {
	switch k {
	case runtime.KindEmbed:
		return OpEmbeddings
	case runtime.KindImage, runtime.KindSpeech, runtime.KindRecognition:
		return OpGenerateContent
	}
	return OpChat
}

// ProviderName returns the gen_ai.provider.name of an intelligen provider:
// the semantic conventions' well-known value where there is one
// ("gcp.gemini", "mistral_ai"), else the provider's own name ("ollama",
// "custom" for an agent given with WithAgent).
func ProviderName(provider string) string {
	switch provider {
	case "gemini":
		return "gcp.gemini"
	case "mistral":
		return "mistral_ai"
	}
	return provider
}

// ErrorType returns the low-cardinality error.type of err: the provider's
// error code, else its HTTP status; "timeout" for a per-call timeout or
// deadline; "canceled"; else "_OTHER" as the conventions ask.
func ErrorType(err error) string {
	if apiErr, ok := errors.AsType[*runtime.APIError](err); ok {
		switch {
		case apiErr.Code != "":
			return apiErr.Code
		case apiErr.StatusCode != 0:
			return strconv.Itoa(apiErr.StatusCode)
		}
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	return "_OTHER"
}
