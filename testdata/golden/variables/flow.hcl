# Variables of every type, required and optional, used in templates.
flow "vars" {}

variable "topic" {
  description = "What to write about"
}

variable "tone" {
  type        = string
  default     = "friendly"
  description = "How to write"
}

variable "words" {
  type = number
}

variable "ratio" {
  type    = number
  default = 0.25
}

variable "draft" {
  type = bool
}

variable "final" {
  type        = bool
  default     = true
  description = "Whether this is the final version"
}

variable "empty_default" {
  default = ""
}

variable "unused" {
  description = "Required but used by no task"
}

agent "llm" {
  type     = "text"
  provider = "openai"
}

task "write" {
  agent = agent.llm
  input = "Write ${var.words} words about ${var.topic} in a ${var.tone} tone (ratio ${var.ratio}, draft ${var.draft}, final ${var.final})."
}

task "maybe_empty" {
  agent = agent.llm
  input = var.empty_default
  after = [task.write]
}

task "only_var" {
  agent = agent.llm
  input = "${var.empty_default}"
}
