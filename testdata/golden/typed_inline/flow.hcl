# Inline output types on gemini: a map, a nested object, a root list of
# a schema, a root enum, a root number and a list of numbers, each used
# by a later task.
flow "inline" {}

variable "topic" {
  default = "islands"
}

variable "strict" {
  type = bool
}

agent "g" {
  type     = "text"
  provider = "gemini"
}

schema "section" {
  type = object({
    title = string
    level = enum("h1", "h2")
  })
}

task "counts" {
  agent  = agent.g
  input  = "Count words about ${var.topic}"
  output = map(number)
}

task "outline" {
  agent  = agent.g
  input  = "Outline ${var.topic}"
  output = list(schema.section)
}

task "meta" {
  agent  = agent.g
  input  = "Describe ${var.topic}"
  output = object({
    author  = object({ name = string, age = optional(number) })
    mood    = enum("calm", "stormy")
    weights = list(number)
    flags   = list(bool)
    levels  = list(enum("low", "high"))
  })
}

task "tone" {
  agent  = agent.g
  input  = "Pick a tone, strict: ${jsonencode(var.strict)}"
  output = enum("formal", "casual")
}

task "length" {
  agent  = agent.g
  input  = "How long? ${jsonencode(var.topic)}"
  output = number
}

task "write" {
  agent = agent.g
  input = "Write in the tone below, ${task.length.output} words, by ${task.meta.output.author.name} (${task.meta.output.author.age}), ${task.meta.output.mood}: ${join(" | ", task.meta.output.weights)} / ${join(",", task.meta.output.flags)} / ${join(",", task.meta.output.levels)}. Counts: ${jsonencode(task.counts.output)}."
  after = [task.outline, task.tone]
}
