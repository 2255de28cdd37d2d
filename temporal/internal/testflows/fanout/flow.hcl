# A fan-out whose output a condition and a coalesce read, for the Temporal
# tests of fan-out and skips.
flow "fanout" {
  on_error = "cancel"
}

variable "items" {
  type    = list(string)
  default = ["a", "b", "c", "d"]
}

variable "urgent" {
  type    = bool
  default = false
}

agent "llm" {
  type     = "text"
  provider = "openai"
}

task "each" {
  agent       = agent.llm
  for_each    = var.items
  concurrency = 2
  input       = "item ${each.value}"
}

task "urgent" {
  agent = agent.llm
  when  = var.urgent
  input = "urgent ${join(", ", task.each.output)}"
}

task "reply" {
  agent = agent.llm
  input = "reply ${coalesce(task.urgent.output, "calm")}"
}
