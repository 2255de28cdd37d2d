# One variable of each kind, for tests of Input: required, and optional
# with a default.
flow "vars" {}

variable "topic" {
  description = "What to write about"
}

variable "tone" {
  default = "friendly"
}

variable "n" {
  type    = number
  default = 2.5
}

variable "flag" {
  type    = bool
  default = true
}

variable "count" {
  type = number
}

agent "llm" {
  type     = "text"
  provider = "openai"
}

task "write" {
  agent = agent.llm
  input = "${var.topic}|${var.tone}|${var.n}|${var.flag}|${var.count}"
}
