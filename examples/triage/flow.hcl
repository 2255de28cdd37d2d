# A support ticket is classified into a schema, then routed on the
# classification's fields: an urgent ticket is escalated, any other is
# answered directly, and one reply is written from whichever ran.
flow "triage" {
  package     = "main"
  description = "Triage classifies a support ticket and drafts its answer."
}

variable "ticket" {
  description = "The customer's message"
}

agent "classifier" {
  type     = "text"
  provider = "openai"
  model    = "gpt-4o-mini"
  mission  = "classify support tickets for a software company"
  params   = { temperature = 0 }
}

agent "writer" {
  type     = "text"
  provider = "openai"
  model    = "gpt-4o-mini"
  mission  = "answer customers briefly and kindly"
}

schema "ticket" {
  description = "A triaged support ticket"
  type = object({
    category = enum("billing", "tech", "account", "other")
    urgent   = bool
    summary  = string
    tags     = list(string)
    owner    = optional(object({ name = string, email = string }))
  })
  fields = {
    category      = "The team that should answer"
    urgent        = "Whether the customer cannot work until it is solved"
    summary       = "The problem in one sentence"
    tags          = "Short keywords, lower case"
    owner         = "The customer, when the ticket names them"
    "owner.email" = "Where the answer goes"
  }
}

task "triage" {
  agent  = agent.classifier
  input  = "Triage this support ticket:\n\n${var.ticket}"
  output = schema.ticket
}

task "escalate" {
  agent = agent.writer
  when  = task.triage.output.urgent
  input = <<EOT
Brief the ${task.triage.output.category} team lead on this urgent ticket from ${task.triage.output.owner.name}: ${task.triage.output.summary}
Keywords: ${join(", ", task.triage.output.tags)}.
EOT
}

task "answer" {
  agent = agent.writer
  when  = !task.triage.output.urgent
  input = <<EOT
Draft the ${task.triage.output.category} team's answer to ${task.triage.output.owner.name} about: ${task.triage.output.summary}
Keywords: ${join(", ", task.triage.output.tags)}.
EOT
}

task "reply" {
  agent = agent.writer
  input = "Write the reply to the customer from this:\n\n${coalesce(task.escalate.output, task.answer.output)}"
}
