# Tasks whose prompt is empty, or whose input may render empty at run time.
flow "empty" {}

variable "hint" {
  default = ""
}

agent "painter" {
  type     = "image"
  provider = "openai"
}

agent "seer" {
  type     = "vision"
  provider = "anthropic"
}

agent "voice" {
  type     = "speech"
  provider = "openai"
}

agent "ear" {
  type     = "recognition"
  provider = "openai"
}

agent "llm" {
  type     = "text"
  provider = "anthropic"
}

task "draw" {
  agent = agent.painter
  input = "a cat"
}

task "look" {
  agent = agent.seer
  after = [task.draw]
}

task "talk" {
  agent = agent.voice
  input = "hello"
}

task "listen" {
  agent = agent.ear
  input = var.hint
  after = [task.talk]
}

task "sum" {
  agent = agent.llm
  input = var.hint
  after = [task.look, task.listen]
}
