# A schema used twice: a ticket is triaged into typed fields, answered
# from those fields, and re-triaged with the first verdict as its JSON.
flow "support" {
  description = "Support triages a ticket and answers it."
}

variable "ticket" {
  description = "The customer's message"
}

variable "team_size" {
  type    = number
  default = 3
}

agent "classifier" {
  type     = "text"
  provider = "openai"
  mission  = "classify support tickets"
}

agent "writer" {
  type     = "text"
  provider = "anthropic"
}

schema "ticket" {
  description = "A triaged support ticket"
  type = object({
    category = enum("billing", "tech", "other")
    urgent   = bool
    score    = number
    summary  = string
    tags     = list(string)
    owner    = optional(object({ name = string, email = string, nick = optional(string) }))
  })
  fields = {
    category      = "The team that should answer"
    "owner.email" = "Where the answer goes"
  }
}

task "triage" {
  agent  = agent.classifier
  input  = "Triage this ticket: ${var.ticket}!"
  output = schema.ticket
}

task "answer" {
  agent = agent.writer
  input = <<EOT
Answer the ${task.triage.output.category} ticket (urgent: ${task.triage.output.urgent}, score ${task.triage.output.score}) about ${task.triage.output.summary}.
Tags: ${join(", ", task.triage.output.tags)}. Owner: ${task.triage.output.owner.name} <${task.triage.output.owner.email}> aka ${task.triage.output.owner.nick}.
Owner as JSON: ${jsonencode(task.triage.output.owner)}; team: ${jsonencode(var.team_size)}.
EOT
}

task "recheck" {
  agent  = agent.classifier
  input  = "Check this verdict again."
  after  = [task.triage]
  output = schema.ticket
}
