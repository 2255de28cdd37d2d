# A local model drafts and summarises; a house-rules checker (a Go function
# given with runtime.WithAgent) reviews the draft. With on_error = "continue",
# a failed review skips only what depends on it.
flow "local" {
  package      = "main"
  description  = "Local drafts release notes with a local model and checks them against house rules."
  on_error     = "continue"
  max_parallel = 2
}

variable "change" {
  description = "The change to write release notes for"
}

variable "max_words" {
  type    = number
  default = 120
}

agent "llama" {
  type     = "text"
  provider = "ollama"
  model    = "llama3.2"
  base_url = env("OLLAMA_BASE_URL")
  params   = { temperature = 0.3 }
}

agent "rules" {
  type     = "text"
  provider = "vllm"
  mission  = "check release notes against the house rules"
}

task "draft" {
  agent = agent.llama
  input = "Write release notes of at most ${var.max_words} words for: ${var.change}"
}

task "review" {
  agent = agent.rules
  after = [task.draft]
}

task "headline" {
  agent = agent.llama
  input = "Write a one-line headline for: ${var.change}"
}

task "final" {
  agent = agent.llama
  input = "Apply this review to the draft."
  after = [task.review, task.draft]
}
