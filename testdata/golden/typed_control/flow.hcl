# Conditions and fan-out over typed outputs: a triaged ticket routes on
# its typed fields, and an outline's typed sections fan out by title.
flow "typedcontrol" {
  description = "Routes a ticket on its triage and writes an outline's sections."
}

variable "ticket" {
  description = "The customer's message"
}

agent "classifier" {
  type     = "text"
  provider = "openai"
}

agent "writer" {
  type     = "text"
  provider = "anthropic"
}

schema "ticket" {
  type = object({
    category = enum("billing", "tech", "other")
    urgent   = bool
    score    = number
    owner    = optional(object({ name = string }))
  })
}

task "triage" {
  agent  = agent.classifier
  input  = "Triage this ticket: ${var.ticket}"
  output = schema.ticket
}

task "escalate" {
  agent = agent.writer
  input = "Escalate the ${task.triage.output.category} ticket to ${task.triage.output.owner.name}."
  when  = task.triage.output.urgent && task.triage.output.category != "billing"
}

task "answer" {
  agent = agent.writer
  input = "Answer the ${task.triage.output.category} ticket directly."
  when  = !task.triage.output.urgent || task.triage.output.category == "billing"
}

task "grade" {
  agent  = agent.classifier
  input  = "Grade the answer."
  after  = [task.answer]
  output = object({ score = number, note = optional(string) })
  when   = task.triage.output.score > 0
}

task "reply" {
  agent = agent.writer
  input = "Reply with: ${coalesce(task.escalate.output, task.answer.output)} (grade: ${coalesce(task.grade.output.note, "none")})"
}

task "outline" {
  agent  = agent.writer
  input  = "Outline an article about ${var.ticket}."
  output = object({ sections = list(object({ title = string, points = list(string) })) })
}

task "section" {
  agent    = agent.writer
  for_each = task.outline.output.sections
  input    = "Write section ${each.index}, ${each.value.title}, covering:\n${join("\n", each.value.points)}"
  when     = length(task.outline.output.sections) > 0
}

task "rating" {
  agent    = agent.classifier
  for_each = task.outline.output.sections
  input    = "Rate ${each.value.title}: ${jsonencode(each.value)}"
  output   = object({ stars = number })
}

task "article" {
  agent = agent.writer
  input = "Join:\n${join("\n\n", task.section.output)}\nOutline: ${jsonencode(task.outline.output.sections)}"
  after = [task.rating]
}
